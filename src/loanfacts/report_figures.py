"""The figures of a report, paragraph by paragraph, as extract and coverage both count them.

The recognizer (figures.py) reads each paragraph. What a whole report adds is here: a count's
unit runs on to the noun it counts ("126 bank branches", where the recognizer stops at
"bank"; "8,900 manufacturers", where it knows no such noun), a span of time is never a figure
("12 months"), and a headline figure that a later paragraph repeats is one figure, drafted and
counted once, at the paragraph that gives it its context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import figures as recognizer
from .kinds import Measure, Qualifier, Scale
from .paragraphs import Report
from .periods import Dated, read, with_years

MONEY, PERCENT, POINTS, COUNT = "money", "percent", "points", "count"
TIME_UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "quarter",
                        "quarters", "year", "years", "个月", "年", "天", "日", "季度"})
# words that end a count's noun phrase: verbs, particles, and plurals that are no nouns
NOT_NOUNS = frozenset({"was", "has", "is", "its", "this", "thus", "less", "across", "plus",
                       "as", "us", "yes", "his", "hers", "theirs", "ours", "does", "goes",
                       "in", "to", "of", "the", "a", "an", "and", "or", "with", "for", "by",
                       "at", "on", "from", "were", "are", "had", "have", "that", "which",
                       "who", "than", "per", "each", "every", "more", "such", "while"})
UNIT_NOT_PRINTED = "units"  # a bare number: the report names no unit
LIMIT = Decimal("1e15")  # the largest value a facts file holds (models.LIMIT)


@dataclass(frozen=True)
class Figure:
    """One figure as printed at [start, end) of its paragraph; `value` carries the sign the
    wording gives it ("fell 0.38 points" is -0.38) and `unit` is the record's unit: yuan, %,
    percentage points or the noun a count counts."""

    paragraph: int
    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    scale: Scale | None
    qualifier: Qualifier
    kind: str  # MONEY, PERCENT, POINTS or COUNT
    sentence: int = 0  # index into the paragraph's sentences
    measure: Measure | None = None  # what the recognizer's cue words make it, if they say

    def key(self) -> tuple[Decimal, str, Scale | None]:
        return abs(self.value), self.unit, self.scale


@dataclass(frozen=True)
class Skipped:
    """A number read as something else than a figure: a date, a year or part of a name."""

    paragraph: int
    text: str
    reason: str


@dataclass(frozen=True)
class Repeat:
    """A headline figure that a later paragraph prints again: counted there."""

    figure: Figure
    of: Figure


@dataclass
class ReportFigures:
    report: Report
    figures: list[Figure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)
    dates: list[list[Dated]] = field(default_factory=list)  # per paragraph, with years
    sentences: list[list[recognizer.Sentence]] = field(default_factory=list)
    _by_paragraph: dict[int, list[Figure]] | None = field(default=None, repr=False)

    def in_paragraph(self, number: int) -> list[Figure]:
        """The paragraph's figures in text order."""
        if self._by_paragraph is None:
            self._by_paragraph = {}
            for f in self.figures:
                self._by_paragraph.setdefault(f.paragraph, []).append(f)
            for found in self._by_paragraph.values():
                found.sort(key=lambda f: f.start)
        return self._by_paragraph.get(number, [])


def _count_noun(text: str, end: int, unit_text: str) -> tuple[int, str] | None:
    """Where a count's noun phrase really ends: up to three more words, to the first plural
    ("126 bank branches", "318 technology start-ups", "8,900 manufacturers")."""
    if unit_text.casefold().endswith("s") and unit_text.casefold() not in NOT_NOUNS:
        return None
    at = end
    for _ in range(3):
        m = re.match(r"[ \t]+([A-Za-z][a-z]*(?:-[a-z]+)*)", text[at:])
        if m is None or m.group(1).casefold() in NOT_NOUNS or m.group(1)[0].isupper():
            return None
        at += m.end()
        word = m.group(1)
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            return at, word
    return None


_COUNTED_BY_VERB = re.compile(
    r"\b(?:numbered|totall?ed|stood\s+at|reached|came\s+to|amounted\s+to|were|was|rose\s+to|"
    r"fell\s+to|grew\s+to)\s+(?:(?:about|around|roughly|some|nearly|almost|over|more\s+than|"
    r"less\s+than|at\s+least|just\s+(?:under|over))\s+)?$", re.IGNORECASE)


def _subject_noun(text: str, start: int) -> str | None:
    """"Credit cards issued by local banks numbered about 212,000": a bare number after such
    a verb counts the plural its clause opens with."""
    lead = re.split(r"[.;:!?。；：]|,(?!\d)", text[:start])[-1]
    if not _COUNTED_BY_VERB.search(lead):
        return None
    words: list[str] = re.findall(r"[A-Za-z][a-z]*(?:-[a-z]+)*", lead)
    for word in words[:5]:
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss") \
                and word.casefold() not in NOT_NOUNS:
            return word.casefold()
    return None


def _figure(paragraph: int, text: str, got: recognizer.Figure) -> Figure:
    kind = got.unit.value
    end, unit = got.end, ""
    if got.unit is recognizer.UnitKind.MONEY:
        unit = "yuan" if got.currency in (None, "yuan") else "US dollars"
    elif got.unit is recognizer.UnitKind.PERCENT:
        unit = "%"
    elif got.unit is recognizer.UnitKind.POINTS:
        basis = got.unit_text.casefold().startswith(("basis", "bp"))
        unit = "basis points" if basis else "percentage points"
    else:
        longer = _count_noun(text, got.end, got.unit_text)
        if longer is not None:
            end, unit = longer
        elif got.unit_text:
            unit = got.unit_text.split()[-1]
        else:
            unit = _subject_noun(text, got.start) or UNIT_NOT_PRINTED
        kind = COUNT
    return Figure(paragraph, got.start, end, text[got.start:end], got.value, unit, got.scale,
                  got.qualifier, kind, got.sentence, got.measure)


def read_report(report: Report) -> ReportFigures:
    """Every figure of the report, with what was skipped and which headline figures repeat."""
    out = ReportFigures(report)
    phrases: list[list[Dated]] = []
    for paragraph in report.paragraphs:
        got = recognizer.recognize(paragraph.text)
        out.sentences.append(list(got.sentences))
        phrases.append([read(paragraph.text, d) for d in got.dates])
        out.skipped.extend(Skipped(paragraph.number, s.text, s.kind.value)
                           for s in got.skipped)
        for found in got.figures:
            figure = _figure(paragraph.number, paragraph.text, found)
            if figure.unit.casefold() in TIME_UNITS:
                out.skipped.append(Skipped(paragraph.number, figure.text, "date"))
            elif abs(figure.value) > LIMIT:  # no facts file can hold it
                out.skipped.append(Skipped(paragraph.number, figure.text, "number too large"))
            else:
                out.figures.append(figure)
    out.dates = with_years(phrases)
    _fold_headline(out)
    return out


def _fold_headline(out: ReportFigures) -> None:
    """The title's figures that the body prints again are the body's (the title gives no
    date, measure or context of its own)."""
    body = [f for f in out.figures if f.paragraph > 1]
    kept: list[Figure] = []
    for figure in out.figures:
        if figure.paragraph == 1:
            again = next((f for f in body if f.key() == figure.key()), None)
            if again is not None:
                out.repeats.append(Repeat(figure, again))
                continue
        kept.append(figure)
    out.figures = kept
