"""Date phrases in a report, read as periods: an instant ("as of June 30") or a duration
("the first three quarters of 2024", 上半年).

The figure recognizer reads a date as the context of a claim; a draft record needs more: the
whole phrase as a period, durations included, and a year for "June 30" or "the first half of
the year" taken from the dates printed before it. Relative phrases ("three months earlier",
"a year before") are found too, only so that their numbers are never drafted as figures.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

MONTHS = {name: number for number, names in enumerate(
    [(), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
     ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
     ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")]) for name in names}
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
HAN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
       "十": 10, "十一": 11, "十二": 12}
_COUNT = r"(?P<n>\d{1,2}|" + "|".join(COUNTS) + ")"
_YEAR_OF = r"(?:\s+(?:of\s+)?(?:(?P<year>(?:19|20)\d{2})|(?:the|this)\s+year))?"
_ENDING = r"(?:(?:at|by|as\s+(?:of|at))\s+the\s+end\s+of|the\s+end\s+of|end\s+of|end-)\s*"

LAST = 0  # a day of 0 stands for the last day of its month


@dataclass(frozen=True)
class DatePhrase:
    """A date phrase at [start, end) of a paragraph. `year` is None when the phrase prints
    none; `first` and `last` are (month, day) and equal for an instant."""

    start: int
    end: int
    text: str
    year: int | None
    first: tuple[int, int]
    last: tuple[int, int]
    instant: bool
    relative: bool = False  # "a year earlier": masks numbers, never a period
    year_only: bool = False  # "in 2023": a whole year

    def period(self, year: int | None) -> dict[str, str] | None:
        """The period as a facts file writes it, in `year` unless the phrase prints one."""
        year = self.year if self.year is not None else year
        if year is None or self.relative:
            return None
        end = _day(year, self.last)
        if self.instant:
            return {"type": "instant", "date": end.isoformat()}
        return {"type": "duration", "start": _day(year, self.first).isoformat(),
                "end": end.isoformat()}


def _day(year: int, month_day: tuple[int, int]) -> dt.date:
    month, day = month_day
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if day == LAST else min(day, last))


def _quarters(first: int, last: int) -> tuple[tuple[int, int], tuple[int, int]]:
    return (3 * first - 2, 1), (3 * last, LAST)


def _months(first: int, last: int) -> tuple[tuple[int, int], tuple[int, int]]:
    return (first, 1), (last, LAST)


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _count(text: str) -> int:
    return int(text) if text.isdigit() else COUNTS.get(text.lower()) or HAN.get(text, 0)


Builder = Any  # (match) -> (year, first, last, instant) or None


def _instant(month: int, day: int, year: int | None) -> tuple[Any, ...]:
    return year, (month, day), (month, day), True


def _full_date(m: re.Match[str]) -> tuple[Any, ...] | None:
    month = MONTHS[m["month"].lower()]
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    return _instant(month, day, _int(m["year"]))


def _named_span(m: re.Match[str]) -> tuple[Any, ...]:
    word = m["span"].lower()
    year = _int(m["year"])
    if word.endswith("half"):
        first, last = _months(1, 6) if word.startswith("first") else _months(7, 12)
    elif "quarters" in word:
        first, last = _quarters(1, _count(m["n"]))
    elif "quarter" in word:
        number = ORDINALS[word.split()[0]]
        first, last = _quarters(number, number)
    else:
        first, last = _months(1, _count(m["n"]))
    return year, first, last, False


def _span_end(m: re.Match[str]) -> tuple[Any, ...]:
    """"the end of the first half" is an instant: the last day of the span."""
    year, _first, last, _ = _named_span(m)
    return year, last, last, True


_EN: list[tuple[str, Builder]] = [
    (r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})",
     lambda m: _instant(int(m["month"]), int(m["day"]), int(m["year"]))
     if 1 <= int(m["month"]) <= 12 and 1 <= int(m["day"]) <= 31 else None),
    (_ENDING + r"(?:the\s+)?(?P<span>(?:first|second)\s+half|first\s+" + _COUNT
     + r"\s+(?:quarters|months)|(?:first|second|third|fourth)\s+quarter)" + _YEAR_OF,
     _span_end),
    (_ENDING + _MONTH.format("month") + r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?",
     lambda m: _instant(MONTHS[m["month"].lower()], LAST, _int(m["year"]))),
    (_ENDING + r"(?:(?P<year>(?:19|20)\d{2})|(?:the|this)\s+year)",
     lambda m: _instant(12, 31, _int(m["year"]))),
    (_MONTH.format("month") + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d.,]\d)"
     r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?(?!\s*(?:%|per|billion|million|trillion|yuan))",
     _full_date),
    (r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format("month")
     + r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?", _full_date),
    (r"(?:the\s+)?(?P<span>(?:first|second)\s+half|first\s+" + _COUNT
     + r"\s+(?:quarters|months)|(?:first|second|third|fourth)\s+quarter)" + _YEAR_OF,
     _named_span),
    (r"\bH(?P<n>[12])\s+(?P<year>(?:19|20)\d{2})",
     lambda m: (int(m["year"]), *_months(6 * int(m["n"]) - 5, 6 * int(m["n"])), False)),
    (r"\bQ(?P<n>[1-4])\s+(?P<year>(?:19|20)\d{2})",
     lambda m: (int(m["year"]), *_quarters(int(m["n"]), int(m["n"])), False)),
    (_MONTH.format("month") + r"\s*(?:to|through|-|–)\s*" + _MONTH.format("month2")
     + r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?",
     lambda m: (_int(m["year"]), *_months(MONTHS[m["month"].lower()],
                                          MONTHS[m["month2"].lower()]), False)),
    (r"(?:(?:in|during|for|over|throughout)\s+(?:the\s+)?(?:(?:whole|full)\s+)?(?:year\s+)?)"
     r"(?P<year>(?:19|20)\d{2})(?:\s+as\s+a\s+whole)?(?![\d-])",
     lambda m: (int(m["year"]), (1, 1), (12, LAST), False)),
    (r"(?:full|whole)\s+year\s+(?:of\s+)?(?P<year>(?:19|20)\d{2})",
     lambda m: (int(m["year"]), (1, 1), (12, LAST), False)),
    (r"(?:in|during)\s+" + _MONTH.format("month") + r"(?:\s+(?P<year>(?:19|20)\d{2}))?"
     r"(?!\s*\d)",
     lambda m: (_int(m["year"]), *_months(MONTHS[m["month"].lower()],
                                          MONTHS[m["month"].lower()]), False)),
]

_HAN_COUNT = r"(?P<n>\d{1,2}|十[一二]?|[一二三四五六七八九十])"
_ZH: list[tuple[str, Builder]] = [
    (r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日",
     lambda m: _instant(int(m["month"]), int(m["day"]), _int(m["year"]))
     if 1 <= int(m["month"]) <= 12 else None),
    (r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?:末|底)",
     lambda m: _instant(int(m["month"]), LAST, _int(m["year"]))
     if 1 <= int(m["month"]) <= 12 else None),
    (r"(?P<year>(?:19|20)\d{2})\s*年\s*(?:末|底)",
     lambda m: _instant(12, 31, int(m["year"]))),
    (r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?P<span>上半年|下半年|前三季度|前" + _HAN_COUNT
     + r"个?季度|第?[一二三四]季度|前" + _HAN_COUNT.replace("<n>", "<m>") + r"个月)",
     lambda m: (_int(m["year"]), *_zh_span(m), False)),
    (r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?P<month>\d{1,2})\s*(?:-|—|–|至|到)\s*"
     r"(?P<month2>\d{1,2})\s*月",
     lambda m: (_int(m["year"]), *_months(int(m["month"]), int(m["month2"])), False)
     if 1 <= int(m["month"]) <= int(m["month2"]) <= 12 else None),
    (r"(?P<year>(?:19|20)\d{2})\s*年(?:全年|度)?(?!\s*\d)",
     lambda m: (int(m["year"]), (1, 1), (12, LAST), False)),
]

_RELATIVE = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|\d{1,2})"
    r"\s+(?:years?|months?|quarters?|weeks?|days?)\s+(?:earlier|ago|before|later|previously)"
    r"|\b(?:a|one|the)\s+(?:year|month|quarter)\s+(?:earlier|ago|before)",
    re.IGNORECASE,
)


def _zh_span(m: re.Match[str]) -> tuple[tuple[int, int], tuple[int, int]]:
    span = m["span"]
    if span == "上半年":
        return _months(1, 6)
    if span == "下半年":
        return _months(7, 12)
    if span == "前三季度":
        return _quarters(1, 3)
    if span.endswith("个月"):
        return _months(1, _count(m["m"]))
    if span.startswith("前"):
        return _quarters(1, _count(m["n"]))
    number = HAN[span.lstrip("第")[0]]
    return _quarters(number, number)


_COMPILED = [(re.compile(r"(?<![\w])" + pattern, re.IGNORECASE), build)
             for pattern, build in _EN] + [(re.compile(p), b) for p, b in _ZH]


def find(text: str) -> list[DatePhrase]:
    """Every date phrase of a paragraph, left to right, none overlapping (the first pattern
    to claim a stretch of text keeps it: full dates before bare months and years)."""
    found: list[DatePhrase] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for pattern, build in _COMPILED:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            built = build(m)
            if built is None:
                continue
            year, first, last, instant = built
            found.append(DatePhrase(m.start(), m.end(), m.group(), year, first, last, instant,
                                    year_only=first == (1, 1) and last == (12, LAST)
                                    and not instant))
            taken.append((m.start(), m.end()))
    for m in _RELATIVE.finditer(text):
        if free(m.start(), m.end()):
            found.append(DatePhrase(m.start(), m.end(), m.group(), None, (1, 1), (1, 1), True,
                                    relative=True))
    return sorted(found, key=lambda p: p.start)


def with_years(paragraphs: Sequence[Sequence[DatePhrase]]) -> list[list[DatePhrase]]:
    """Give a year to each phrase that prints none: the year of the last dated phrase before
    it in the report, else of the first one after it; a report with no year leaves it None."""
    dated = [p.year for phrases in paragraphs for p in phrases if p.year is not None]
    current = dated[0] if dated else None
    out: list[list[DatePhrase]] = []
    for phrases in paragraphs:
        resolved: list[DatePhrase] = []
        for phrase in phrases:
            if phrase.relative:
                resolved.append(phrase)
            elif phrase.year is not None:
                current = phrase.year
                resolved.append(phrase)
            else:
                resolved.append(replace(phrase, year=current))
        out.append(resolved)
    return out


_CLAUSE_END = re.compile(r"[;:；：。!?！？]|[,，](?!\d)|\.(?!\d)")


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"(?<!\d)[.!?。！？](?=\s|$)|[。！？]", text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _around(text: str, start: int, end: int, pattern: re.Pattern[str],
            masks: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The stretch between the boundaries on either side of [start, end), ignoring boundary
    marks inside a masked span (a date's comma, a number's separator)."""
    def masked(i: int) -> bool:
        return any(a <= i < b for a, b in masks)

    left = max((m.end() for m in pattern.finditer(text, 0, start) if not masked(m.start())),
               default=0)
    right = min((m.start() for m in pattern.finditer(text, end) if not masked(m.start())),
                default=len(text))
    return left, right


def nearest(text: str, start: int, end: int, phrases: Sequence[DatePhrase],
            masks: Sequence[tuple[int, int]] = ()) -> DatePhrase | None:
    """The date phrase a figure at [start, end) belongs to: one in its own clause, else the
    nearest in its sentence (the one before it when two are as near), else the last one
    before it in the paragraph. None when the paragraph dates it nowhere."""
    usable = [p for p in phrases if not p.relative]
    spans = [*masks, *((p.start, p.end) for p in usable)]
    for lo, hi in (_around(text, start, end, _CLAUSE_END, spans),
                   sentence_of(text, start)):
        inside = [p for p in usable if p.start >= lo and p.end <= hi]
        if inside:
            return min(inside, key=lambda p: (p.start - end if p.start >= end
                                              else start - p.end, p.start >= end))
    before = [p for p in usable if p.end <= start]
    return before[-1] if before else None


def sentence_of(text: str, index: int) -> tuple[int, int]:
    for lo, hi in _sentences(text):
        if lo <= index < hi:
            return lo, hi
    return 0, len(text)
