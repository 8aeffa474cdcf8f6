"""Tables for people, drawn by rich. Rich is imported here only, when a table is drawn.

Every cell is a `Text` (never parsed as markup) of cleaned text (no control characters).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import TYPE_CHECKING, Any

from . import clean

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

Record = Mapping[str, Any]

QUALIFIER_PREFIX = {"lower_bound": "more than ", "upper_bound": "less than ",
                    "approximate": "about ", "exact": ""}


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, emoji=False,
                   markup=False, soft_wrap=False)


def num(value: Decimal | None, places: int | None = None, rounding: str = ROUND_HALF_EVEN
        ) -> str:
    """1234.5 -> "1,234.5"; with places, rounded (bounds round outward)."""
    if value is None:
        return "open"
    if places is not None:
        # quantize fails (InvalidOperation) past the context's 28 digits: 1e27 to 2 places
        digits = max(28, value.adjusted() + places + 2)
        with localcontext(Context(prec=digits)):
            value = value.quantize(Decimal(1).scaleb(-places), rounding=rounding)
    return format(value, ",f")


def published(record: Record) -> str:
    return f"{QUALIFIER_PREFIX[record['qualifier']]}{num(record['value'])}"


def period(record: Record) -> str:
    p = record.get("period")
    if p is None:
        return "not stated"
    if p["type"] == "instant":
        return f"as of {p['date']}"
    return f"{p['start']} to {p['end']}"


def bounds_text(record: Record, places: int = 2) -> str:
    lower, upper = record["lower"], record["upper"]
    lo = None if lower is None else num(lower, places, ROUND_FLOOR)
    hi = None if upper is None else num(upper, places, ROUND_CEILING)
    if lo is None and hi is None:
        return "unbounded"
    if hi is None:
        return f"at least {lo}"
    if lo is None:
        return f"at most {hi}"
    return f"{lo} to {hi}"


def _text(value: str, style: str = "") -> Any:
    from rich.text import Text

    return Text(clean(value), style=style)


def _table(title: str | None, columns: Sequence[str]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=clean(title) if title else None, box=box.SIMPLE_HEAD,
                  title_justify="left", show_edge=False, pad_edge=False, expand=True)
    for index, col in enumerate(columns):
        # the first column carries names and ids: give it the most room
        table.add_column(col, overflow="fold", ratio=5 if index == 0 else 3, min_width=8)
    return table


def print_renderables(items: Sequence[RenderableType]) -> None:
    out = console()
    for item in items:
        out.print(item)


def _cell(lines: Sequence[tuple[str, str]]) -> Any:
    """A multi-line cell: (text, style) per line, each cleaned."""
    from rich.text import Text

    cell = Text()
    for index, (line, style) in enumerate(lines):
        cell.append(("\n" if index else "") + clean(line), style=style)
    return cell


def _where(record: Record) -> str:
    src = record["source"]
    if record["reference"] or not src.get("paragraph"):
        return str(src["document"])
    return f"¶{src['paragraph']}"


def facts_tables(records: Sequence[Record], title: str) -> list[Any]:
    """Report figures first; reference figures from other sources in a table of their own."""
    tables: list[Any] = []
    for ref, heading in ((False, title), (True, "Reference figures from other sources")):
        rows = [r for r in records if r["reference"] is ref]
        if not rows:
            continue
        table = _table(heading, ["figure · id · where", "value", "date"])
        for r in rows:
            table.add_row(
                _cell([(f"{r['topic']} · {r['measure'].replace('_', ' ')}", ""),
                       (f"{r['id']}  {_where(r)}", "dim")]),
                _text(f"{published(r)} {r['unit_label']}", "bold"),
                _text(period(r)),
            )
        tables.append(table)
        if not ref:
            documents = sorted({r["source"]["document"] for r in rows})
            tables.append(_text(f"source: {', '.join(documents)}; "
                                "'loanfacts show ID' for one figure in full", "dim"))
    return tables


def derived_tables(payload: Record) -> list[Any]:
    table = _table("Figures the facts imply", ["figure · formula · inputs", "value", "bounds",
                                               "date"])
    for r in payload["derived"]:
        marker = " (reference)" if r["reference"] else ""
        table.add_row(
            _cell([(f"{r['topic']} · {r['title']}{marker}", ""),
                   (f"= {r['formula']}", "dim"),
                   (f"from {', '.join(r['inputs'])}", "dim cyan")]),
            _text(f"≈ {num(r['value'], 2)} {r['unit_label']}", "bold"),
            _text(bounds_text(r)),
            _text(period(r)),
        )
    out: list[Any] = [table]
    if payload["skipped"]:
        skipped = _table("Skipped", ["derivation", "inputs", "reason"])
        for s in payload["skipped"]:
            skipped.add_row(_text(s["derivation"]), _text(", ".join(s["inputs"])),
                            _text(s["reason"]))
        out.append(skipped)
    return out


def comparison_tables(payload: Record) -> list[Any]:
    sides = payload["sides"]
    side_table = _table("Side by side", ["figure", *[s["arg"] for s in sides]])
    for row in payload["rows"]:
        cells = [
            "—" if c is None else f"{published(c)} {c['unit_label']} ({period(c)})"
            for c in row["facts"]
        ]
        side_table.add_row(_text(row["measure"].replace("_", " ")), *[_text(c) for c in cells])
    out: list[Any] = [side_table]
    if payload["pairs"]:
        pairs = _table("Differences (second minus first)",
                       ["first", "second", "difference", "ratio", "share"])
        for p in payload["pairs"]:
            share = "—" if p["share"] is None else f"{num(p['share'], 2)}% of {p['share_of']}"
            ratio = "—" if p["ratio"] is None else f"{num(p['ratio'], 4)}×"
            pairs.add_row(_text(p["base"], "cyan"), _text(p["other"], "cyan"),
                          _text(f"{num(p['difference'], 2)} {p['unit']}"), _text(ratio),
                          _text(share))
        out.append(pairs)
    return out


def problems_table(path: str, problems: Sequence[Record]) -> list[Any]:
    table = _table(f"{path}: {len(problems)} problem(s)", ["record", "id", "field", "problem"])
    for p in problems:
        table.add_row(_text("" if p["index"] is None else str(p["index"])),
                      _text(p["id"] or ""), _text(p["field"] or ""), _text(p["message"]))
    return [table]
