"""Horizontal bar charts for the terminal: pure arithmetic first, rich rendering last.

A chart compares figures in one unit. Bars are proportional to each figure's published value
brought to the unit without scale (3,563.91 billion and 790.18 亿 compare as yuan), measured
from zero. Lengths are counted in eighths of a character cell so that a terminal that can draw
block characters shows partial cells (▏▎▍▌▋▊▉█); elsewhere (stdout not a terminal, an encoding
without the blocks, TERM=dumb) the same lengths are drawn with whole `#` cells, so a table piped
into a log stays readable. `LOANFACTS_BARS=blocks` or `=plain` overrides the detection.

Bars are drawn only in tables: JSON, CSV and markdown never contain them.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING

from loanfacts.model.kinds import NO_DATE, Scale, scaled
from loanfacts.render import clean

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from loanfacts.model.records import Charted, ComparisonRecord, Dated, DerivedRecord, FactRecord

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
NEGATIVE = "░"
PLAIN = "#"
PLAIN_NEGATIVE = "-"
# drawn after a bar whose figure is a bound: the true figure lies beyond (or short of) it
OPEN_BLOCKS = {"lower_bound": " ▸", "upper_bound": " ◂", "approximate": " ~"}
OPEN_PLAIN = {"lower_bound": " >", "upper_bound": " <", "approximate": " ~"}
BLOCK_CHARS = EIGHTHS[1:] + FULL + NEGATIVE + "▸◂"
DEFAULT_WIDTH = 40
MIN_WIDTH = 10
ENV_VAR = "LOANFACTS_BARS"


@dataclass(frozen=True)
class Bar:
    """One figure of a chart: its label, the text shown beside the bar, its value as published
    and in the unit without scale (what the bar's length is proportional to)."""

    label: str
    shown: str
    value: Decimal
    base: Decimal
    qualifier: str = "exact"


@dataclass(frozen=True)
class Chart:
    """Bars in one unit, or (when `bars` is empty) a note saying why none were drawn."""

    title: str
    unit: str
    bars: tuple[Bar, ...]
    note: str = ""

    def lengths(self, width: int = DEFAULT_WIDTH) -> list[int]:
        return lengths([b.base for b in self.bars], width)


def base_value(record: Charted) -> Decimal:
    """A record's value in its unit without scale: 3,563.91 billion -> 3,563,910,000,000."""
    value: Decimal = record["value"]
    scale = record.get("scale")
    return scaled(value, Scale(scale) if scale else None)


def lengths(values: Sequence[Decimal], width: int = DEFAULT_WIDTH) -> list[int]:
    """Bar lengths in eighths of a cell, proportional to |value|; the largest fills `width`.

    A non-zero value never rounds down to nothing: it gets at least one eighth.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    largest = max((abs(v) for v in values), default=Decimal(0))
    if largest == 0:
        return [0 for _ in values]
    out: list[int] = []
    for value in values:
        exact = abs(value) / largest * width * 8
        eighths = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
        out.append(max(eighths, 1) if value != 0 else 0)
    return out


def bar_text(eighths: int, blocks: bool, negative: bool = False) -> str:
    """Draw a length: full blocks plus one partial block, or `#` per (rounded) cell."""
    if eighths <= 0:
        return ""
    if not blocks:
        cells = max(1, (eighths + 4) // 8)
        return (PLAIN_NEGATIVE if negative else PLAIN) * cells
    if negative:
        return NEGATIVE * max(1, (eighths + 4) // 8)
    whole, part = divmod(eighths, 8)
    return FULL * whole + (EIGHTHS[part] if part else "")


def can_draw_blocks(
    is_terminal: bool, is_dumb: bool, encodings: Sequence[str], env: Mapping[str, str]
) -> bool:
    """Blocks on a real terminal whose encodings can carry them; the env var decides first."""
    forced = env.get(ENV_VAR, "").strip().casefold()
    if forced in ("blocks", "plain"):
        return forced == "blocks"
    if not is_terminal or is_dumb:
        return False
    for encoding in encodings:
        try:
            BLOCK_CHARS.encode(encoding)
        except (LookupError, UnicodeEncodeError):
            return False
    return True


def chart(title: str, records: Sequence[tuple[str, Charted, str]]) -> Chart:
    """A chart of (label, record, shown text) triples; records must share one unit."""
    units = {r["unit"] for _, r, _ in records}
    if len(units) != 1:
        raise ValueError(f"one unit per chart, got {sorted(units)}")
    bars = tuple(
        Bar(label, shown, r["value"], base_value(r), r["qualifier"]) for label, r, shown in records
    )
    return Chart(title, units.pop(), bars)


def unit_note(title: str, records: Sequence[tuple[str, Charted, str]]) -> Chart:
    """No bars: the figures are in different units, so their lengths would mean nothing."""
    labels = sorted({r["unit_label"] for _, r, _ in records})
    return Chart(title, "", (), f"{title}: no bars, the units differ ({' vs '.join(labels)})")


def comparison_charts(payload: ComparisonRecord) -> list[Chart]:
    """One chart per measure row of `compare` that has two or more figures."""
    from loanfacts.render.wording import published

    args = [s["arg"] for s in payload["sides"]]
    charts: list[Chart] = []
    for row in payload["rows"]:
        title = row["measure"].replace("_", " ")
        present = [
            (arg, r, f"{published(r)} {r['unit_label']}")
            for arg, r in zip(args, row["facts"], strict=True)
            if r is not None
        ]
        if len(present) < 2:
            continue
        if len({r["unit"] for _, r, _ in present}) > 1:
            charts.append(unit_note(title, present))
        else:
            charts.append(chart(f"{title}, to scale", present))
    return charts


def _when(record: Dated) -> str:
    p = record["period"]
    if p is None:
        return NO_DATE
    return str(p["date"]) if p["type"] == "instant" else f"{p['start']} to {p['end']}"


def prior_year_charts(
    derived: Sequence[DerivedRecord], current: Mapping[str, FactRecord]
) -> list[Chart]:
    """For each prior-year-balance derivation: the level a year earlier beside the current one.

    `current` maps fact ids to fact records (the level is the derivation's first input).
    """
    from loanfacts.render.wording import derived_value, value_text

    charts: list[Chart] = []
    for item in derived:
        if item["derivation"] != "prior-year-balance":
            continue
        level = current.get(item["inputs"][0])
        if level is None or level["unit"] != item["unit"]:
            continue
        prior_shown = derived_value(item)
        title = f"{item['topic']}: a year earlier and now"
        charts.append(
            chart(
                title,
                [
                    (f"{_when(item)} (derived)", item, prior_shown),
                    (_when(level), level, value_text(level)),
                ],
            )
        )
    return charts


def fit(text: str, width: int) -> str:
    """Pad or cut (with an ellipsis) to exactly `width` terminal cells."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    return set_cell_size(text, width - 1) + "…"


def legend(bars: Sequence[Bar], blocks: bool) -> str:
    """What the marks after the bars mean, for the marks that appear."""
    opens = OPEN_BLOCKS if blocks else OPEN_PLAIN
    words = {
        "lower_bound": "more than (the figure may be larger)",
        "upper_bound": "less than (the figure may be smaller)",
        "approximate": "about",
    }
    parts = [f"{opens[q].strip()} {words[q]}" for q in words if any(b.qualifier == q for b in bars)]
    if any(b.value < 0 for b in bars):
        parts.append(f"{NEGATIVE if blocks else PLAIN_NEGATIVE} below zero")
    return "; ".join(parts)


class ChartView:
    """A chart as a rich renderable: blocks or `#` are chosen when it is drawn."""

    def __init__(self, chart: Chart, env: Mapping[str, str] | None = None) -> None:
        self.chart = chart
        self.env = os.environ if env is None else env

    def blocks(self, console: Console) -> bool:
        encodings = [console.encoding]
        if console.is_terminal:
            encodings.append(locale.getpreferredencoding(False))
        return can_draw_blocks(console.is_terminal, console.is_dumb_terminal, encodings, self.env)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.text import Text

        chart = self.chart
        if not chart.bars:
            yield Text(clean(chart.note), style="dim")
            return
        blocks = self.blocks(console)
        opens = OPEN_BLOCKS if blocks else OPEN_PLAIN
        labels = [clean(b.label) for b in chart.bars]
        shown = [clean(b.shown) for b in chart.bars]
        label_width = max(cell_len(x) for x in labels)  # an id is never cut short
        shown_width = max(cell_len(x) for x in shown)
        room = options.max_width - label_width - shown_width - 6
        stacked = room < MIN_WIDTH  # too narrow for label, bar and figure on one line
        width = MIN_WIDTH if stacked else min(DEFAULT_WIDTH, room)
        yield Text(clean(chart.title), style="bold", no_wrap=True, overflow="ignore")
        for bar, label, text, eighths in zip(
            chart.bars, labels, shown, chart.lengths(width), strict=True
        ):
            drawn = bar_text(eighths, blocks, bar.value < 0) + opens.get(bar.qualifier, "")
            line = Text(no_wrap=True, overflow="ignore")  # never cut a figure mid-number
            if stacked:
                yield Text(label, style="cyan", no_wrap=True, overflow="ignore")
                line.append("  ")
            else:
                line.append(fit(label, label_width), style="cyan")
                line.append("  ")
            line.append(drawn + " " * (width + 2 - cell_len(drawn)), style="green")
            line.append("  ")
            line.append(text)
            yield line
        note = legend(chart.bars, blocks)
        if note:
            yield Text(note, style="dim", no_wrap=True, overflow="ignore")
        yield Text("")
