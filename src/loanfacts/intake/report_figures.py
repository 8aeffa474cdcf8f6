"""The figures of a report, paragraph by paragraph, as extract and coverage both count them.

The recognizer (figures.py) reads each paragraph: the figures, their units and the nouns
counts count, and what is no figure (dates, spans of time, names). What a whole report adds is
here: the unit a record is written in, numbers no facts file can hold, and a headline figure
that a later paragraph repeats, which is one figure, drafted and counted once, at the
paragraph that gives it its context.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from loanfacts.intake import money, tables
from loanfacts.model.kinds import Currency, Measure, Qualifier, Scale, is_basis_points
from loanfacts.recognize import figures as recognizer
from loanfacts.recognize.paragraphs import Report
from loanfacts.recognize.periods import Dated, dateline, read, relative_phrases, with_years
from loanfacts.recognize.signs import sign_of

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
    currency: Currency | None = None  # of a money figure: CNY, USD, GBP, EUR, INR
    period: dict[str, str] | None = None  # a table cell's: from its column header

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
    published: dt.date | None = None  # the anchor: --published, else the report's dateline
    datelines: list[int] = field(default_factory=list)  # paragraphs that only date the report
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


# "1.66t yuan": a scale letter the recognizer reads as part of a name
_LETTER_SCALE = re.compile(
    r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)(?P<s>tn|t|bn)[ \t]+(?P<u>yuan|RMB)\b", re.IGNORECASE
)


def _figure(paragraph: int, text: str, got: recognizer.Figure) -> Figure:
    kind = got.unit.value
    read_money = money.read(
        text,
        got.start,
        got.end,
        got.scale,
        got.currency if got.unit is recognizer.UnitKind.MONEY else None,
    )
    start, end, scale = got.start, got.end, got.scale
    currency: Currency | None = None
    if got.unit is recognizer.UnitKind.PERCENT:
        unit = "%"
    elif got.unit is recognizer.UnitKind.POINTS:
        basis = is_basis_points(got.unit_text)
        unit = "basis points" if basis else "percentage points"
    elif read_money.currency is not None:
        kind, currency = MONEY, read_money.currency
        unit = currency.unit
        start, end, scale = read_money.start, read_money.end, read_money.scale
    elif got.unit is recognizer.UnitKind.MONEY:
        unit = "yuan" if got.currency in (None, "yuan") else "US dollars"
    else:  # a count, or a bare number: what its subject counts, if the clause says
        unit, kind = got.noun or UNIT_NOT_PRINTED, COUNT
    qualifier = got.qualifier
    if start < got.start and qualifier is Qualifier.EXACT:  # a symbol stood between
        qualifier = money.qualifier_before(text, start) or qualifier
    value = got.value
    said = sign_of(text, start, end)
    if said is not None and kind != COUNT:
        value = abs(value) * said
    return Figure(
        paragraph,
        start,
        end,
        text[start:end],
        value,
        unit,
        scale,
        qualifier,
        kind,
        got.sentence,
        got.measure,
        currency,
    )


_SUBJECT = re.compile(
    r"\b(?P<noun>[a-z]{3,}s)\b(?:\s+(?:for|of|to|in|on)\s+[a-z ]{1,40}?)?\s+(?:remained|stood|"
    r"was|were|totalled|totaled|reached|rose|fell|came|numbered)\b[^,;.]*$",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"\btotal\s+(?:to|of|at)\s+$", re.IGNORECASE)


def _counted(text: str, figure: Figure, before: list[Figure]) -> Figure:
    """The noun a bare number counts, from its subject ("mortgage approvals ... remained
    unchanged at 65,000") or from the count it totals ("14 accounts ..., bringing their total
    to 212")."""
    if figure.unit != UNIT_NOT_PRINTED:
        return figure
    head = text[max(0, figure.start - 120) : figure.start]
    if _TOTAL.search(head):
        counts = [f for f in before if f.kind == COUNT and f.unit != UNIT_NOT_PRINTED]
        if counts:
            return replace(figure, unit=counts[-1].unit.split()[-1])
    subject = _SUBJECT.search(head)
    if subject is not None and figure.scale is None:
        return replace(figure, unit=subject.group("noun").casefold())
    return figure


def _cell(paragraph: int, cell: tables.Cell) -> Figure:
    if cell.currency is not None:
        kind = MONEY
    elif cell.unit == "%":
        kind = PERCENT
    else:
        kind = COUNT
    return Figure(
        paragraph,
        cell.start,
        cell.end,
        cell.text,
        cell.value,
        cell.unit,
        cell.scale,
        Qualifier.EXACT,
        kind,
        currency=cell.currency,
        period=cell.period,
    )


def _lettered(paragraph: int, text: str) -> list[Figure]:
    out = []
    for m in _LETTER_SCALE.finditer(text):
        scale = Scale.BILLION if m.group("s").casefold() == "bn" else Scale.TRILLION
        out.append(
            Figure(
                paragraph,
                m.start(),
                m.end(),
                m.group(),
                Decimal(m.group("n")),
                "yuan",
                scale,
                Qualifier.EXACT,
                MONEY,
                currency=Currency.CNY,
            )
        )
    return out


def read_report(report: Report, published: dt.date | None = None) -> ReportFigures:
    """Every figure of the report, with what was skipped and which headline figures repeat.

    `published` anchors the dates the text prints without a year ("end of September", "last
    month", 上半年); without it, a dateline of the report ("Updated: 2021-10-14", "Published on
    03 January 2020", 2025年7月22日 on a line of its own) does."""
    out = ReportFigures(report)
    phrases: list[list[Dated]] = []
    for paragraph in report.paragraphs:
        got = recognizer.recognize(paragraph.text)
        out.sentences.append(list(got.sentences))
        day = dateline(paragraph.text, got.dates)
        if day is not None:
            out.datelines.append(paragraph.number)
            published = published or day
        read_here = [read(paragraph.text, d) for d in got.dates]
        phrases.append(relative_phrases(paragraph.text, read_here))
        out.skipped.extend(Skipped(paragraph.number, s.text, s.kind.value) for s in got.skipped)
        found_here = [_figure(paragraph.number, paragraph.text, f) for f in got.figures]
        if tables.is_table(paragraph.text):
            found_here = [_cell(paragraph.number, c) for c in tables.cells(paragraph.text)]
        found_here += [
            f
            for f in _lettered(paragraph.number, paragraph.text)
            if f.text not in {g.text for g in found_here}
        ]
        lettered = {
            f.text.split()[0] for f in found_here if f.start not in {g.start for g in got.figures}
        }
        out.skipped = [
            s for s in out.skipped if not (s.paragraph == paragraph.number and s.text in lettered)
        ]
        for figure in sorted(found_here, key=lambda f: f.start):
            if abs(figure.value) > LIMIT:  # no facts file can hold it
                out.skipped.append(Skipped(paragraph.number, figure.text, "number too large"))
            else:
                here = [f for f in out.figures if f.paragraph == paragraph.number]
                out.figures.append(_counted(paragraph.text, figure, here))
    out.published = published
    out.dates = with_years(phrases, published, out.datelines)
    _fold_headline(out)
    return out


def _fold_headline(out: ReportFigures) -> None:
    """The title's figures that the body prints again are the body's (the title gives no
    date, measure or context of its own). A title that dates its figure ("... in September")
    gives it a context of its own: its figures stay."""
    if out.dates and any(d.usable for d in out.dates[0]):
        return
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
