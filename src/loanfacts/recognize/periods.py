"""The recognizer's date phrases (textdates.DateRef) read as the periods of draft records: an
instant ("as of June 30", "2025年6月末") or a duration ("the first three quarters of 2024",
上半年).

The recognizer finds the phrases, and says which bare years only label something ("the 2024
Tech Loan Plan": DateRef.label) and which phrase a figure belongs to (textdates.nearest: its
clause, else its sentence). What a draft needs on top is decided here: whether a phrase is a
day or a span ("end of June" and "by June" are a day, "in June" a month), a year for "June
30" taken from the dates printed before it, and for a figure its sentence does not date, the
last phrase before it in the paragraph.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from loanfacts.recognize import textdates
from loanfacts.recognize.figures import Sentence
from loanfacts.recognize.sentences import clause_of
from loanfacts.recognize.textdates import DateRef

__all__ = [
    "Dated",
    "clause_of",
    "dateline",
    "nearest",
    "read",
    "relative_phrases",
    "sentence_of",
    "with_years",
]

_BY = re.compile(
    r"(?:\b(?:by|as\s+of|as\s+at|until|till|at|on)\s+(?:the\s+)?|截至|截止|到)\s*$", re.IGNORECASE
)
# a date that is the base of a comparison, never the figure's period: "than the end of the
# previous month", "than that seen at the end of August", "since November 2013", 比上月末
_BASE = re.compile(
    r"(?:\bthan|\bsince|比|较|与|同|跟)(?:\s+(?:that|the\s+figure|the\s+level|the\s+rate|its\s+level))?"
    r"(?:\s+seen)?(?:\s+(?:at|during|in|on|by|for))?(?:\s+the)?(?:\s+end\s+of)?(?:\s+the)?\s*$",
    re.IGNORECASE,
)
# "for the third quarter in a row" counts quarters; "the same quarter of 2025" is a base
_IN_A_ROW = re.compile(r"\s+(?:in\s+a\s+row|running|straight)\b", re.IGNORECASE)
_SAME_OF = re.compile(
    r"\bsame\s+(?:period|quarter|month|time|half)\s+(?:of|in|last)\s+(?:the\s+year\s+)?$",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"^\s*(?:and|to|through|until|-|–)\s*$", re.IGNORECASE)
_EDITION = re.compile(r"\s+(?:edition|series|version|issue|release|plan|census)\b", re.IGNORECASE)
_RELATIVE = re.compile(
    r"(?P<last>\blast\s+month\b)|(?P<prev>\b(?:the\s+)?(?:previous|prior|preceding)\s+month\b"
    r"|\ba\s+month\s+(?:earlier|ago|before)\b|上个?月(?P<zh_end>末|底)?)"
    r"|(?P<quarter>\b(?:the\s+)?(?:previous|prior|preceding|last)\s+quarter\b"
    r"|\ba\s+quarter\s+(?:earlier|ago|before)\b|上季度末?)",
    re.IGNORECASE,
)
# "compared to 6.1% in October": the date of the figure compared with, not the report's
_COMPARED = re.compile(
    r"\bcompared\s+(?:to|with)\b(?:[^,;.]|\.\d)*$|相比[^,，;；。]*$", re.IGNORECASE
)
_OTHERS = frozenset({"previous_month", "previous_quarter", "compared"})
_DATELINE_WORD = re.compile(
    r"\b(?:updated|published|released|date|posted)\b|发布|更新|日期", re.IGNORECASE
)
_END_OF = re.compile(r"\b(?:(?:at|by)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Dated:
    """A date phrase at [start, end) of a paragraph, read as a period in `year` (the printed
    year, or the one before it in the report); `period` is None for words such as "a year
    earlier" or a year that dates nothing ("the 2024 Tech Loan Plan")."""

    start: int
    end: int
    text: str
    year: int | None
    first: tuple[int, int]  # (month, day); a day of 0 is the month's last
    last: tuple[int, int]
    instant: bool
    usable: bool
    # how a phrase without a year of its own is placed: "" by the anchor (the latest such
    # month or span on or before publication); "last_month" the month before publication;
    # "previous_month" / "previous_quarter" before the month dated last; "last_year" (去年上半年)
    # a year before the anchor's; "compared" the date of a figure compared with
    relative: str = ""

    def period(self) -> dict[str, str] | None:
        if not self.usable or self.year is None:
            return None
        end = _day(self.year, self.last)
        if self.instant:
            return {"type": "instant", "date": end.isoformat()}
        return {
            "type": "duration",
            "start": _day(self.year, self.first).isoformat(),
            "end": end.isoformat(),
        }


def _day(year: int, month_day: tuple[int, int]) -> dt.date:
    month, day = month_day
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if day == 0 else min(day, last))


def read(text: str, ref: DateRef) -> Dated:
    """One phrase of a paragraph as a period (its year still to be given when it has none)."""
    before = text[max(0, ref.start - 24) : ref.start]
    lead = ref.text.casefold()
    ending = (
        bool(_END_OF.search(before))
        or lead.startswith(("end", "year-end", "year end"))
        or ref.text.endswith(("末", "底"))
    )
    if ref.relative:
        return Dated(ref.start, ref.end, ref.text, None, (1, 1), (1, 1), True, False)
    if _BASE.search(text[max(0, ref.start - 48) : ref.start]):  # "than ...", "since ..."
        return Dated(ref.start, ref.end, ref.text, ref.year, (1, 1), (12, 0), True, False)
    if _IN_A_ROW.match(text, ref.end) or _SAME_OF.search(text[max(0, ref.start - 48) : ref.start]):
        return Dated(ref.start, ref.end, ref.text, ref.year, (1, 1), (12, 0), True, False)
    if ref.year is not None and ref.month_from is None and _EDITION.match(text, ref.end):
        return Dated(ref.start, ref.end, ref.text, ref.year, (1, 1), (12, 0), True, False)
    if ref.month_from is None:  # a bare year: a period only where the words make it one
        return Dated(ref.start, ref.end, ref.text, ref.year, (1, 1), (12, 0), ending, not ref.label)
    first = (ref.month_from, 1)
    last = (ref.month_to or ref.month_from, 0)
    if ref.day is not None and ref.month_from == ref.month_to:
        return Dated(
            ref.start,
            ref.end,
            ref.text,
            ref.year,
            (ref.month_from, ref.day),
            (ref.month_from, ref.day),
            True,
            True,
        )
    if lead.startswith("mid") or ref.text.endswith("中"):
        middle = (6, 30) if ref.month_from in (6, 7) and ref.month_to in (6, 7) else last
        return Dated(ref.start, ref.end, ref.text, ref.year, middle, middle, True, True)
    single = ref.month_from == (ref.month_to or ref.month_from)
    instant = ending or (single and bool(_BY.search(before)))
    return Dated(
        ref.start, ref.end, ref.text, ref.year, last if instant else first, last, instant, True
    )


def relative_phrases(text: str, phrases: Sequence[Dated]) -> list[Dated]:
    """The paragraph's phrases with the ones that name a month by its place ("last month", "the
    previous month", "a quarter ago", 上月末), and 去年 before a span (去年上半年) marked."""
    out = list(phrases)
    taken = [(p.start, p.end) for p in phrases]
    for m in _RELATIVE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        before = text[max(0, m.start() - 48) : m.start()]
        ending = bool(_END_OF.search(before)) or m.group().endswith(("末", "底"))
        kind = "last_month" if m.group("last") else "previous_month"
        if m.group("quarter"):
            kind = "previous_quarter"
        usable = not _BASE.search(before)
        out.append(Dated(m.start(), m.end(), m.group(), None, (1, 1), (1, 0), ending, usable, kind))
    out.sort(key=lambda p: p.start)
    out = _spans(text, out)
    for i, p in enumerate(out):
        if p.usable and _COMPARED.search(text[max(0, p.start - 60) : p.start]):
            out[i] = replace(p, relative="compared")
        elif p.year is None and p.relative == "" and text[max(0, p.start - 2) : p.start] == "去年":
            out[i] = replace(p, relative="last_year")
    return out


def _spans(text: str, phrases: list[Dated]) -> list[Dated]:
    """ "between April and June", "from April to June 2026": one span of months."""
    out: list[Dated] = []
    for p in phrases:
        if (
            out
            and out[-1].usable
            and p.usable
            and not out[-1].instant
            and _BETWEEN.match(text[out[-1].end : p.start])
            and re.search(
                r"\b(?:between|from)\s+$", text[max(0, out[-1].start - 10) : out[-1].start]
            )
            and out[-1].first < p.last
        ):
            a = out.pop()
            year = p.year if p.year is not None else a.year
            out.append(replace(a, end=p.end, text=text[a.start : p.end], year=year, last=p.last))
            continue
        out.append(p)
    return out


def dateline(text: str, refs: Sequence[DateRef]) -> dt.date | None:
    """The day a paragraph that only dates the report prints ("Xinhua | Updated: 2021-10-14
    14:15", "Published on 03 January 2020", 2025年7月22日 alone on its line), else None."""
    if len(text) > 160:
        return None
    for ref in refs:
        if ref.year is None or ref.day is None or ref.month_from != ref.month_to:
            continue
        if _DATELINE_WORD.search(text[: ref.start]) or len(text) <= 40:
            try:
                return dt.date(ref.year, ref.month_from or 1, ref.day)
            except ValueError:
                return None
    return None


def _latest(published: dt.date, last: tuple[int, int]) -> int:
    """The year of the latest such month or span that ends on or before publication."""
    return published.year if _day(published.year, last) <= published else published.year - 1


def _month_before(year: int, month: int, months: int = 1) -> tuple[int, int]:
    index = year * 12 + month - 1 - months
    return index // 12, index % 12 + 1


def with_years(
    paragraphs: Sequence[Sequence[Dated]],
    published: dt.date | None = None,
    datelines: Sequence[int] = (),
) -> list[list[Dated]]:
    """Give a year to each phrase that prints none. With an anchor (the publication date):
    the latest such month or span on or before it; "last month" is the month before it and
    "the previous month" the month before the one dated last. Without one: the year of the
    last dated phrase before it in the report, else of the first one after it; a report with
    no year leaves it None. A dateline's own date dates no figure."""
    skip = {n - 1 for n in datelines}
    dated = [
        p.year
        for i, phrases in enumerate(paragraphs)
        if i not in skip
        for p in phrases
        if p.year is not None and p.usable
    ]
    current = dated[0] if dated else None
    month: tuple[int, int] | None = None  # (year, month) dated last, for "the previous month"
    out: list[list[Dated]] = []
    for i, phrases in enumerate(paragraphs):
        resolved: list[Dated] = []
        for given in phrases:
            phrase = given
            if i in skip:
                resolved.append(replace(phrase, usable=False))
                continue
            if phrase.relative in ("last_month", "previous_month", "previous_quarter"):
                phrase = _place(phrase, published, month)
            elif phrase.year is not None:
                if phrase.usable:
                    current = phrase.year
            elif published is not None:
                year = _latest(published, phrase.last)
                phrase = replace(phrase, year=year - (phrase.relative == "last_year"))
            else:
                phrase = replace(phrase, year=current)
            if phrase.usable and phrase.year is not None and phrase.relative in ("", "last_month"):
                month = (phrase.year, phrase.last[0])
            resolved.append(phrase)
        out.append(resolved)
    return out


def _place(phrase: Dated, published: dt.date | None, month: tuple[int, int] | None) -> Dated:
    """A month named by its place: the month before publication, or before the last one."""
    if phrase.relative == "last_month" or month is None:
        if published is None:
            return replace(phrase, usable=False)
        year, m = _month_before(published.year, published.month)
        if phrase.relative == "last_month":
            return replace(phrase, year=year, first=(m, 1), last=(m, 0))
        month = (year, m)
    back = 3 if phrase.relative == "previous_quarter" else 1
    year, m = _month_before(month[0], month[1], back)
    first = (max(1, m - 2), 1) if back == 3 and not phrase.instant else (m, 1)
    return replace(phrase, year=year, first=first, last=(m, 0))


def sentence_of(sentences: Sequence[Sentence], index: int, length: int) -> tuple[int, int]:
    for s in sentences:
        if s.start <= index < s.end:
            return s.start, s.end
    return 0, length


_PREPARED: list[
    tuple[
        str,
        Sequence[Dated],
        Sequence[tuple[int, int]],
        list[tuple[Dated, tuple[int, int] | None]],
        list[tuple[int, int]],
    ]
] = []


def _prepared(
    text: str, phrases: Sequence[Dated], masks: Sequence[tuple[int, int]]
) -> tuple[list[tuple[Dated, tuple[int, int] | None]], list[tuple[int, int]]]:
    """The usable phrases with their brackets, and the spans that end no clause, made once for
    the figures of a paragraph (the same lists for each), so that the brackets and the clause
    marks are found once, not once per figure."""
    for kept_text, kept_phrases, kept_masks, usable, spans in _PREPARED:
        if kept_text is text and kept_phrases is phrases and kept_masks is masks:
            return usable, spans
    usable = [(p, textdates.bracket(text, p)) for p in phrases if p.usable]
    spans = [*masks, *((p.start, p.end) for p in phrases)]
    _PREPARED[:] = [(text, phrases, masks, usable, spans)]
    return usable, spans


def nearest(
    text: str,
    start: int,
    end: int,
    phrases: Sequence[Dated],
    sentences: Sequence[Sentence],
    masks: Sequence[tuple[int, int]] = (),
) -> Dated | None:
    """The date phrase a figure at [start, end) belongs to: the recognizer's rule (its own
    clause, else its sentence: textdates.nearest), else the last one before it in the
    paragraph. None when the paragraph dates it nowhere."""
    bracketed, spans = _prepared(text, phrases, masks)
    usable = [p for p, box in bracketed if box is None or box[0] < start < box[1]]
    sentence = sentence_of(sentences, start, len(text))
    lo, hi = clause_of(text, start, end, spans, sentence)
    own = [p for p in phrases if p.start >= lo and p.end <= hi]
    if own and not any(p.usable for p in own):
        # its clause compares it with a base ("from a year ago"): a month named as the date of
        # another figure ("the previous month", "compared to 6.1% in October") is not its date
        usable = [p for p in usable if p.relative not in _OTHERS]
    in_sentence = [p for p in phrases if p.start >= sentence[0] and p.end <= sentence[1]]
    if in_sentence and not any(p in usable for p in in_sentence):
        return None  # "since July 2018": a sentence dated by its base only
    chosen = textdates.nearest(text, start, end, usable, sentence, spans)
    if chosen is not None:
        return chosen
    before = [p for p in usable if p.end <= start]
    return before[-1] if before else None
