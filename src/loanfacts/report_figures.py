"""The figures of a report, paragraph by paragraph, as extract and coverage both count them.

The recognizer (figures.py) finds the figures of a text. This module runs it on every
paragraph and adds what only a whole report knows: a figure inside a date phrase ("the first
three quarters") or a span of time ("three months earlier") is a date, not a figure; and a
headline figure that a later paragraph repeats is one figure, drafted and counted once, at the
paragraph that gives it its context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .kinds import Qualifier, Scale
from .paragraphs import Report
from .periods import DatePhrase, find, with_years

MONEY, PERCENT, POINTS, COUNT = "money", "percent", "points", "count"
TIME_UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "quarter",
                        "quarters", "year", "years", "个月", "年", "天", "日", "季度"})


@dataclass(frozen=True)
class Figure:
    """One figure as printed at [start, end) of its paragraph; `value` carries the sign the
    wording gives it ("fell 0.38 points" is -0.38)."""

    paragraph: int
    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    scale: Scale | None
    qualifier: Qualifier
    kind: str  # MONEY, PERCENT, POINTS or COUNT

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
    dates: list[list[DatePhrase]] = field(default_factory=list)  # per paragraph, with years

    def in_paragraph(self, number: int) -> list[Figure]:
        return [f for f in self.figures if f.paragraph == number]


def _inside(figure: Figure, phrases: Sequence[DatePhrase]) -> DatePhrase | None:
    return next((p for p in phrases if figure.start < p.end and p.start < figure.end), None)


def read(report: Report) -> ReportFigures:
    """Every figure of the report, with what was skipped and which headline figures repeat."""
    from .recognize import recognize

    out = ReportFigures(report)
    out.dates = with_years([find(p.text) for p in report.paragraphs])
    for paragraph, phrases in zip(report.paragraphs, out.dates, strict=True):
        found, skipped = recognize(paragraph.number, paragraph.text)
        out.skipped.extend(skipped)
        for figure in found:
            if _inside(figure, phrases) is not None:
                out.skipped.append(Skipped(paragraph.number, figure.text, "date"))
            elif figure.kind == COUNT and figure.unit.lower() in TIME_UNITS:
                out.skipped.append(Skipped(paragraph.number, figure.text, "date"))
            else:
                out.figures.append(figure)
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
