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

__all__ = ["Dated", "clause_of", "nearest", "read", "sentence_of", "with_years"]

_BY = re.compile(
    r"(?:\b(?:by|as\s+of|as\s+at|until|till|at|on)\s+(?:the\s+)?|截至|截止|到)\s*$", re.IGNORECASE
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


def with_years(paragraphs: Sequence[Sequence[Dated]]) -> list[list[Dated]]:
    """Give a year to each phrase that prints none: the year of the last dated phrase before
    it in the report, else of the first one after it; a report with no year leaves it None."""
    dated = [p.year for phrases in paragraphs for p in phrases if p.year is not None and p.usable]
    current = dated[0] if dated else None
    out: list[list[Dated]] = []
    for phrases in paragraphs:
        resolved: list[Dated] = []
        for phrase in phrases:
            if phrase.year is not None:
                if phrase.usable:
                    current = phrase.year
                resolved.append(phrase)
            else:
                resolved.append(replace(phrase, year=current))
        out.append(resolved)
    return out


def sentence_of(sentences: Sequence[Sentence], index: int, length: int) -> tuple[int, int]:
    for s in sentences:
        if s.start <= index < s.end:
            return s.start, s.end
    return 0, length


_PREPARED: list[
    tuple[Sequence[Dated], Sequence[tuple[int, int]], list[Dated], list[tuple[int, int]]]
] = []


def _prepared(
    phrases: Sequence[Dated], masks: Sequence[tuple[int, int]]
) -> tuple[list[Dated], list[tuple[int, int]]]:
    """The usable phrases and the spans that end no clause, made once for the figures of a
    paragraph (the same lists for each), so that textdates finds its clause marks once."""
    for kept_phrases, kept_masks, usable, spans in _PREPARED:
        if kept_phrases is phrases and kept_masks is masks:
            return usable, spans
    usable = [p for p in phrases if p.usable]
    spans = [*masks, *((p.start, p.end) for p in phrases)]
    _PREPARED[:] = [(phrases, masks, usable, spans)]
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
    usable, spans = _prepared(phrases, masks)
    chosen = textdates.nearest(
        text, start, end, usable, sentence_of(sentences, start, len(text)), spans
    )
    if chosen is not None:
        return chosen
    before = [p for p in usable if p.end <= start]
    return before[-1] if before else None
