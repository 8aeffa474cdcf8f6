"""Date phrases in English and Chinese text, read as context for the figures around them.

Part of the figure recognizer (figures.py): pure, no I/O. A date is never a figure; it is what
a claim is dated by ("by June", "as of 30 June 2025", "上半年", "2025年6月末"). Each phrase keeps
only what it says: a year, a month range, a day; what it leaves out stays None, so a checker
can compare it with a fact's period part by part.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Protocol, TypedDict, TypeVar

from loanfacts.recognize.sentences import clause_of
from loanfacts.text.normalize import has_han

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_COUNT_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
}
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
}


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date phrase: what it names, part by part.

    A day is `month_from == month_to` with `day`; a month is the same without `day`; a span
    ("first half", "Q2", "前三季度") has `month_from < month_to`; a bare year has neither.
    `relative` marks words such as "last year" or "去年" that name no calendar year alone;
    `label` a bare year that names something rather than dating it ("the 2024 Tech Loan
    Plan", "the 2025 reform plan"): a year dates a figure only after "in", "during", "for"...,
    with 年, or before "as a whole".
    """

    text: str
    start: int
    end: int
    year: int | None = None
    month_from: int | None = None
    month_to: int | None = None
    day: int | None = None
    relative: bool = False
    label: bool = False

    @property
    def dates(self) -> bool:
        """Whether the phrase can date a figure at all."""
        return not (self.relative or self.label)

    @property
    def is_span(self) -> bool:
        """A stretch of months ("first half") rather than one day or one month."""
        return self.month_from is not None and self.month_from != self.month_to

    def bounds(self, default_year: int | None = None) -> tuple[date, date] | None:
        """The first and last day the phrase can mean; None without a year to place it."""
        year = self.year or default_year
        if year is None:
            return None
        first, last = self.month_from or 1, self.month_to or 12
        if self.day is not None and first == last:
            try:
                day = date(year, first, self.day)
            except ValueError:
                return None
            return day, day
        import calendar

        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_YEAR = r"(?:19|20)\d{2}"
# a four-digit number followed by one of these is an amount ("2000 billion yuan"), not a year
_UNIT_AFTER = (
    r"\s*(?:%|per\s?cent|percentage|points?\b|pp\b|bps?\b|billion|million|trillion"
    r"|thousand|bn\b|mn\b|tn\b|yuan|RMB|CNY|[亿万元%个])"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_ENGLISH = re.compile(
    rf"""
    (?P<iso>(?<![\d.])(?P<iy>{_YEAR})[-/.](?P<im>1[0-2]|0?[1-9])
        (?:[-/.](?P<id>{_DAY}))?(?!\d|\.\d))
  | (?P<md>(?P<md_m>{_MONTH})\s+(?P<md_d>{_DAY})(?:st|nd|rd|th)?\b
        (?:,?\s+(?P<md_y>{_YEAR})\b)?)
  | (?P<dm>\b(?P<dm_d>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_m>{_MONTH})
        (?:,?\s+(?P<dm_y>{_YEAR})\b)?)
  | (?P<my>(?:\b(?:end|mid)[\s-](?:of\s+)?)?(?P<my_m>{_MONTH})(?:,?\s+(?P<my_y>{_YEAR}))?\b)
  | (?P<half>\b(?P<h_n>first|second|1st|2nd)\s+half
        (?:\s+of\s+(?:the\s+year|(?P<h_y>{_YEAR})))?\b)
  | (?P<h>\b(?:H(?P<hh>[12])\s*(?P<hh_y>{_YEAR})?|(?P<hy_y>{_YEAR})\s*H(?P<hy>[12])
        |(?P<h1>[12])H(?P<h1_y>\d{{2}}))\b)
  | (?P<q>\b(?:Q(?P<qq>[1-4])\s*(?P<qq_y>{_YEAR})?|(?P<qy_y>{_YEAR})\s*Q(?P<qy>[1-4]))\b)
  | (?P<qw>\b(?P<qw_n>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter
        (?:\s+of\s+(?:the\s+year|(?P<qw_y>{_YEAR})))?\b)
  | (?P<firstn>\bfirst\s+(?P<fn_n>two|three|four|five|six|seven|eight|nine|ten|eleven
        |\d{{1,2}})\s+(?P<fn_u>months|quarters)(?:\s+of\s+(?:the\s+year|(?P<fn_y>{_YEAR})))?\b)
  | (?P<endy>\b(?P<ey_w>end|mid|year[\s-]end)[\s-](?:of\s+)?(?P<ey_y>{_YEAR})\b)
  | (?P<rel>\b(?:last|this|next|previous|prior)\s+year\b|\ba\s+year\s+(?:earlier|ago|before)\b)
  | (?P<year>(?<![\d,.])(?P<y>{_YEAR})(?!\d|,\d|\.\d|{_UNIT_AFTER}))
    """,
    re.X,
)
_CN_NUM = r"(?:\d{1,2}|十一|十二|十|[一二两三四五六七八九])"
_CHINESE_PATTERN = rf"""
    (?P<ymd>(?P<cy>{_YEAR})\s*年
        (?:\s*(?P<cm>1[0-2]|0?[1-9])\s*月(?:\s*(?P<cd>{_DAY})\s*[日号]|(?P<cme>末|底|份|初))?
          |(?P<cye>末|底|中|初))?
        (?:(?P<chalf>[上下])半年|前(?P<cq>三)季度|(?P<cqq>[一二三四1-4])季度
          |前(?P<cn>{_CN_NUM})个?月)?)
  | (?P<md>(?P<m>1[0-2]|0?[1-9])\s*月(?:\s*(?P<d>{_DAY})\s*[日号]|(?P<me>末|底|份|初))?)
  | (?P<half>(?P<hh>[上下])半年)
  | (?P<q3>前三季度)
  | (?P<q>第?(?P<qn>[一二三四1-4])季度)
  | (?P<firstn>前(?P<fn>{_CN_NUM})个?月)
  | (?P<rel>去年|今年|上年|明年|前年|同期|年初|年末|年底)
    """


@cache
def _chinese() -> re.Pattern[str]:
    """Compiled on first use: an English text never pays for it."""
    return re.compile(_CHINESE_PATTERN, re.X)


class DateParts(TypedDict, total=False):
    """What a date phrase names, as DateRef takes it: a day, a month, a span of months, a bare
    year, or a relative year ("last year", 去年)."""

    year: int | None
    month_from: int
    month_to: int
    day: int | None
    relative: bool


Reader = Callable[[re.Match[str]], "DateParts | None"]


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").casefold()]


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _cn_int(text: str) -> int:
    return int(text) if text.isdigit() else _CN_DIGITS[text]


def _day(year: int | None, month: int, day: int | None = None) -> DateParts:
    return {"year": year, "month_from": month, "month_to": month, "day": day}


def _months(year: int | None, first: int, last: int) -> DateParts:
    return {"year": year, "month_from": first, "month_to": last}


def _half(year: int | None, first: bool) -> DateParts:
    return _months(year, 1 if first else 7, 6 if first else 12)


def _quarter(year: int | None, quarter: int) -> DateParts:
    return _months(year, quarter * 3 - 2, quarter * 3)


def _month_year(m: re.Match[str]) -> DateParts | None:
    word = m.group("my_m")
    before = m.string[max(0, m.start() - 12) : m.start()].casefold()
    # "May" is also a verb: a month only with a year or after a date preposition
    if (
        word == "May"
        and m.group() == word
        and not re.search(r"(?:in|by|of|since|until|through|end|early|late)\s+$", before)
    ):
        return None
    return _day(_int(m.group("my_y")), _month(word))


def _first_n(m: re.Match[str]) -> DateParts | None:
    raw = m.group("fn_n").casefold()
    count = int(raw) if raw.isdigit() else _COUNT_WORDS[raw]
    months = count * 3 if m.group("fn_u").casefold() == "quarters" else count
    return _months(_int(m.group("fn_y")), 1, months) if 1 <= months <= 12 else None


def _h(m: re.Match[str]) -> DateParts:
    g = m.group
    short = g("h1_y")
    year = _int(g("hh_y") or g("hy_y")) or (2000 + int(short) if short else None)
    return _half(year, int(g("hh") or g("hy") or g("h1")) == 1)


def _end_of_year(m: re.Match[str]) -> DateParts:
    mid = m.group("ey_w").casefold() == "mid"
    return _months(int(m.group("ey_y")), 6 if mid else 12, 7 if mid else 12)


_ENGLISH_READERS: dict[str, Reader] = {
    "iso": lambda m: _day(int(m.group("iy")), int(m.group("im")), _int(m.group("id"))),
    "md": lambda m: _day(_int(m.group("md_y")), _month(m.group("md_m")), int(m.group("md_d"))),
    "dm": lambda m: _day(_int(m.group("dm_y")), _month(m.group("dm_m")), int(m.group("dm_d"))),
    "my": _month_year,
    "half": lambda m: _half(_int(m.group("h_y")), _ORDINAL_WORDS[m.group("h_n").casefold()] == 1),
    "h": _h,
    "q": lambda m: _quarter(
        _int(m.group("qq_y") or m.group("qy_y")), int(m.group("qq") or m.group("qy"))
    ),
    "qw": lambda m: _quarter(_int(m.group("qw_y")), _ORDINAL_WORDS[m.group("qw_n").casefold()]),
    "firstn": _first_n,
    "endy": _end_of_year,
    "rel": lambda m: {"relative": True},
    "year": lambda m: {"year": int(m.group("y"))},
}


def _chinese_year(m: re.Match[str]) -> DateParts:
    g = m.group
    year = int(g("cy"))
    if g("cm"):
        return _day(year, int(g("cm")), _int(g("cd")))
    if g("chalf"):
        return _half(year, g("chalf") == "上")
    if g("cq"):
        return _months(year, 1, 9)
    if g("cqq"):
        return _quarter(year, _cn_int(g("cqq")))
    if g("cn"):
        return _months(year, 1, min(12, _cn_int(g("cn"))))
    if g("cye"):
        return _day(year, {"中": 6, "初": 1}.get(g("cye"), 12))
    return {"year": year}


_CHINESE_READERS: dict[str, Reader] = {
    "ymd": _chinese_year,
    "md": lambda m: _day(None, int(m.group("m")), _int(m.group("d"))),
    "half": lambda m: _half(None, m.group("hh") == "上"),
    "q3": lambda m: _months(None, 1, 9),
    "q": lambda m: _quarter(None, _cn_int(m.group("qn"))),
    "firstn": lambda m: _months(None, 1, min(12, _cn_int(m.group("fn")))),
    "rel": lambda m: {"relative": True},
}


def _read(pattern: re.Pattern[str], readers: dict[str, Reader], text: str) -> Iterator[DateRef]:
    for m in pattern.finditer(text):
        name = next(n for n in readers if m.group(n) is not None)
        parts = readers[name](m)
        if parts is not None:
            yield DateRef(m.group(), m.start(), m.end(), **parts)


_YEAR_LEAD = re.compile(
    r"\b(?:in|during|for|over|throughout|of|since|by|through)\s+"
    r"(?:the\s+)?(?:(?:whole|full|fiscal)\s+)?(?:year\s+)?$",
    re.IGNORECASE,
)


_AS_A_WHOLE = re.compile(r"\s+as\s+a\s+whole")


def _labels_nothing(text: str, ref: DateRef) -> bool:
    """A bare year the words do not make a period of: a label ("the 2024 Tech Loan Plan")."""
    if ref.year is None or ref.month_from is not None or ref.relative or "年" in ref.text:
        return False
    return not (
        _YEAR_LEAD.search(text[max(0, ref.start - 24) : ref.start])
        or _AS_A_WHOLE.match(text, ref.end)  # in place: no copy of the rest of the text
    )


def find_dates(text: str) -> list[DateRef]:
    """Every date phrase, English and Chinese, in text order; overlaps keep the longest."""
    found = sorted(
        [
            *_read(_ENGLISH, _ENGLISH_READERS, text),
            *(_read(_chinese(), _CHINESE_READERS, text) if has_han(text) else ()),
        ],
        key=lambda d: (d.start, -d.end),
    )
    out: list[DateRef] = []
    for ref in found:
        if out and ref.start < out[-1].end:
            continue
        out.append(replace(ref, label=True) if _labels_nothing(text, ref) else ref)
    return out


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


P = TypeVar("P", bound=_Span)


def bracket(text: str, phrase: _Span, lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
    """The brackets a date phrase stands in, (open, close), or None: (其中一季度...) dates only
    what the brackets hold (the one rule for `check` and `extract`); brackets are looked for
    within text[lo:hi] only (its sentence, so that each phrase costs no pass over the text)."""
    opened = max(text.rfind("(", lo, phrase.start), text.rfind("（", lo, phrase.start))
    if opened < 0:
        return None
    closes = [
        c for c in (text.find(")", phrase.end, hi), text.find("）", phrase.end, hi)) if c >= 0
    ]
    if not closes or text.rfind(")", opened, phrase.start) >= 0:
        return None
    return opened, min(closes)


def nearest(
    text: str,
    start: int,
    end: int,
    phrases: Sequence[P],
    sentence: tuple[int, int],
    masks: Sequence[tuple[int, int]] = (),
) -> P | None:
    """The date phrase a figure at [start, end) belongs to: one in its own clause, else the
    nearest in its sentence (the one before it when two are as near). The one rule for
    `check` (the recognizer's date) and `extract` (periods.nearest); masks are the dates and
    figures whose commas end no clause."""
    own = clause_of(text, start, end, masks, sentence)
    found = _closest(phrases, start, end, *own)
    if found is None:
        found = _closest(phrases, start, end, *sentence)
        if (
            found is not None
            and found.start >= own[1]
            and _subject_of_a_clause(text, found, masks, sentence)
        ):
            # 增加500亿元,...,且三季度有所回升: a later clause about the quarter itself
            found = _closest(phrases, start, end, sentence[0], own[1])
    return found


def _subject_of_a_clause(
    text: str, phrase: _Span, masks: Sequence[tuple[int, int]], sentence: tuple[int, int]
) -> bool:
    """A Chinese date after a figure that opens a clause of its own with words after it
    ("且三季度有所回升": and the third quarter recovered): that clause is about the quarter,
    not a date of the figure before it."""
    _lo, hi = clause_of(text, phrase.start, phrase.end, masks, sentence)
    rest = text[phrase.end : hi].strip()
    return bool(rest) and has_han(rest) and not re.search(r"\d", rest)


def _closest(phrases: Sequence[P], start: int, end: int, lo: int, hi: int) -> P | None:
    """Of the phrases (in text order) inside [lo, hi), the nearest to [start, end): the last
    one starting before `end` or the first one starting at or after it, by a bisection (not a
    pass over every phrase of the sentence for each figure)."""
    at = bisect_left(phrases, end, key=lambda p: p.start)
    after: P | None = None
    for i in range(at, len(phrases)):
        p = phrases[i]
        if p.start >= hi:
            break
        if p.end <= hi:
            after = p
            break
    before: P | None = None
    for i in range(at - 1, -1, -1):
        p = phrases[i]
        if p.start < lo:
            break
        if p.end <= hi:
            before = p
            break
    if before is None or (after is not None and after.start - end < start - before.end):
        return after
    return before
