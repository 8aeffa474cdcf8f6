"""What `coverage` flags in the records that cite a report: placeholders left from `extract`
and likely misreads, each with its reason (issue 18).

Pairing a figure with a record proves only that the record cites it; a record drafted by the
same recognizer that misread the figure is covered all the same. So the records are also read
against the words of the report: a currency symbol beside a record without a currency, a clock
time, a figure without a unit, a null period, and a number the words read otherwise ("4.87"
in units beside "trillion-yuan").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loanfacts.intake.coverage import Coverage
from loanfacts.intake.report_figures import COUNT, MONEY, PERCENT, POINTS, UNIT_NOT_PRINTED
from loanfacts.model.kinds import DRAFT_MARK
from loanfacts.model.models import Fact
from loanfacts.model.records import MisreadRecord, PlaceholderRecord
from loanfacts.recognize.figscan import clock_times

_SYMBOL = re.compile(r"[£$€₹]|\bRs\b|\bUS\$")


def placeholders(facts: Sequence[Fact], document: str | None = None) -> list[PlaceholderRecord]:
    """Every field still holding a placeholder, in file order (of one document, if given)."""
    out: list[PlaceholderRecord] = []
    for f in facts:
        if document is not None and f.source.document != document:
            continue
        for name in ("description", "entity", "topic"):
            if str(getattr(f, name)).startswith(DRAFT_MARK):
                out.append({"id": f.id, "field": name})
    return out


def misreads(facts: Sequence[Fact], document: str, result: Coverage) -> list[MisreadRecord]:
    """The records of `document` whose figure is likely read wrong, one reason each."""
    figures_of: dict[str, list[str]] = {}
    for figure, record_id in result.covered.items():
        if figure.kind in (MONEY, PERCENT, POINTS) or figure.scale is not None:
            scale = f" {figure.scale}" if figure.scale else ""
            unit = figure.unit if figure.kind != COUNT else ""  # a count's noun is the reviewer's
            figures_of.setdefault(record_id, []).append(
                f"{abs(figure.value)}{scale} {figure.unit}|{unit}|{figure.scale}"
            )
    wider = {(figure.paragraph, figure.text): figure for figure in result.figures if figure.scale}
    out: list[MisreadRecord] = []
    for f in facts:
        if f.source.document != document:
            continue
        readings = figures_of.get(f.id, [])
        for (paragraph, printed), figure in wider.items():
            if paragraph == f.source.paragraph and printed.startswith(f.source.text) != (
                printed == f.source.text
            ):  # the record cites part of what the words make one figure ("4.87" of a drop)
                readings.append(
                    f"{abs(figure.value)} {figure.scale} {figure.unit}|{figure.unit}|{figure.scale}"
                )
        reason = _reason(f, readings)
        if reason is not None:
            out.append(
                {
                    "id": f.id,
                    "paragraph": f.source.paragraph,
                    "text": f.source.text,
                    "reason": reason,
                }
            )
    return out


def _reason(fact: Fact, readings: list[str]) -> str | None:
    text = fact.source.text
    if clock_times(text):
        return "a clock time, not a figure"
    if _SYMBOL.search(text) and fact.currency is None:
        return "a currency symbol stands next to it, but the record has no currency"
    for reading in readings:
        said, unit, scale = reading.split("|")
        if (unit and unit != fact.unit) or scale != str(fact.scale):
            return f"the words read it as {said}, the record as {fact.unit}"
    if fact.unit == UNIT_NOT_PRINTED:
        return "no unit"
    if fact.period is None:
        return "no period (null): if the report dates it, give extract --published or write it"
    return None
