"""Markdown tables in a report (issue 18): each cell a figure, its unit, currency and scale
from the row label ("Sterling loans (£ billion)", "Share of total lending (%)"), its date from
the column header where the header is a date ("Jun 2026": an instant at the month's end, as a
table of stocks is printed; "2025" the year's end).

A table is one paragraph whose rows keep their line ends (recognize/paragraphs.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from loanfacts.intake import money
from loanfacts.model.kinds import Currency, Scale
from loanfacts.recognize.textdates import find_dates

_RULE = re.compile(r"^\|?\s*:?-{2,}")
_NUMBER = re.compile(r"^[-−]?\d[\d,]*(?:\.\d+)?$")
_UNIT = re.compile(r"\((?P<unit>[^()]*)\)\s*$")
_SCALES = {
    "thousand": Scale.THOUSAND,
    "million": Scale.MILLION,
    "mn": Scale.MILLION,
    "billion": Scale.BILLION,
    "bn": Scale.BILLION,
    "trillion": Scale.TRILLION,
    "lakh": Scale.LAKH,
    "crore": Scale.CRORE,
    "亿": Scale.YI,
    "万亿": Scale.WANYI,
}


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    currency: Currency | None
    scale: Scale | None
    period: dict[str, str] | None


def is_table(text: str) -> bool:
    lines = text.split("\n")
    return len(lines) >= 2 and all(line.startswith("|") for line in lines)


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    """The cells of a row as (start, end, stripped text), offsets in the paragraph."""
    out = []
    bars = [i for i, c in enumerate(line) if c == "|"]
    for a, b in itertools.pairwise(bars):
        raw = line[a + 1 : b]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        out.append((offset + a + 1 + lead, offset + a + 1 + lead + len(text), text))
    return out


def _header_period(text: str) -> dict[str, str] | None:
    refs = [r for r in find_dates(text) if r.year is not None]
    if len(refs) != 1:
        return None
    ref = refs[0]
    month = ref.month_to or 12
    day = calendar.monthrange(ref.year or 1, month)[1]
    if ref.day is not None and ref.month_from == ref.month_to:
        day = ref.day
    return {"type": "instant", "date": dt.date(ref.year or 1, month, day).isoformat()}


def _unit(label: str) -> tuple[str, Currency | None, Scale | None]:
    m = _UNIT.search(label)
    if m is None:
        return "units", None, None
    words = m.group("unit").strip()
    if words in ("%", "per cent", "percent"):
        return "%", None, None
    scale = next((s for w, s in _SCALES.items() if re.search(rf"(?:^|\s){w}\b", words)), None)
    named = money.named(
        re.sub(r"\s*(?:thousand|million|mn|billion|bn|trillion|lakh|crore)\b", "", words)
    )
    if named is not None:
        return named.unit, named, scale
    return words or "units", None, scale


def cells(text: str) -> list[Cell]:
    """Every number of a Markdown table, read as a figure."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    header = _cells(lines[0], 0)
    periods = [_header_period(t) for _, _, t in header]
    out: list[Cell] = []
    for line, offset in zip(lines[1:], offsets[1:], strict=True):
        if _RULE.match(line):
            continue
        row = _cells(line, offset)
        if not row:
            continue
        unit, currency, scale = _unit(row[0][2])
        for column, (a, b, cell) in enumerate(row[1:], start=1):
            if not _NUMBER.match(cell):
                continue
            try:
                value = Decimal(cell.replace(",", "").replace("−", "-"))
            except InvalidOperation:
                continue
            period = periods[column] if column < len(periods) else None
            out.append(Cell(a, b, cell, value, unit, currency, scale, period))
    return out
