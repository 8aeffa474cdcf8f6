"""The figures of a report, paragraph by paragraph, as extract and coverage both count them.

The recognizer (figures.py) reads each paragraph: the figures, their units and the nouns
counts count, and what is no figure (dates, spans of time, names). What a whole report adds is
here: the unit a record is written in, numbers no facts file can hold, and a headline figure
that a later paragraph repeats, which is one figure, drafted and counted once, at the
paragraph that gives it its context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from loanfacts.model.kinds import Measure, Qualifier, Scale, is_basis_points
from loanfacts.recognize import figures as recognizer
from loanfacts.recognize.paragraphs import Report
from loanfacts.recognize.periods import Dated, read, with_years

MONEY, PERCENT, POINTS, COUNT = "money", "percent", "points", "count"
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


def _figure(paragraph: int, text: str, got: recognizer.Figure) -> Figure:
    kind = got.unit.value
    if got.unit is recognizer.UnitKind.MONEY:
        unit = "yuan" if got.currency in (None, "yuan") else "US dollars"
    elif got.unit is recognizer.UnitKind.PERCENT:
        unit = "%"
    elif got.unit is recognizer.UnitKind.POINTS:
        basis = is_basis_points(got.unit_text)
        unit = "basis points" if basis else "percentage points"
    else:  # a count, or a bare number: what its subject counts, if the clause says
        unit, kind = got.noun or UNIT_NOT_PRINTED, COUNT
    return Figure(
        paragraph,
        got.start,
        got.end,
        got.text,
        got.value,
        unit,
        got.scale,
        got.qualifier,
        kind,
        got.sentence,
        got.measure,
    )


def read_report(report: Report) -> ReportFigures:
    """Every figure of the report, with what was skipped and which headline figures repeat."""
    out = ReportFigures(report)
    phrases: list[list[Dated]] = []
    for paragraph in report.paragraphs:
        got = recognizer.recognize(paragraph.text)
        out.sentences.append(list(got.sentences))
        phrases.append([read(paragraph.text, d) for d in got.dates])
        out.skipped.extend(Skipped(paragraph.number, s.text, s.kind.value) for s in got.skipped)
        for found in got.figures:
            figure = _figure(paragraph.number, paragraph.text, found)
            if abs(figure.value) > LIMIT:  # no facts file can hold it
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
