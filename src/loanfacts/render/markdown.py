"""Markdown pipe tables to paste into articles and notes (GitHub-flavoured markdown).

Cells are made inert: control and bidi characters go (render.clean, which also turns newlines
into spaces), and `|` and `\\` are escaped so that a cell never splits a row. Figures are
written as in the terminal tables (qualifier, thousands separators, unit), never as bars.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

from . import clean
from .wording import (
    QUALIFIER_PREFIX,
    bounds_text,
    derived_bounds,
    derived_value,
    difference_text,
    label,
    num,
    period,
    ratio_text,
    share_text,
    value_text,
    yi_line,
)

Record = Mapping[str, Any]


def cell(value: object) -> str:
    """One cell: cleaned, pipes and backslashes escaped, never empty."""
    text = clean(str(value)).strip()
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text or " "


def table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A pipe table; every row is cut or padded to the number of columns."""
    lines = ["| " + " | ".join(cell(c) for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    for row in rows:
        cells = [cell(v) for v in list(row)[: len(columns)]]
        cells += [" "] * (len(columns) - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _value(record: Record) -> str:
    """The figure with its unit, and the 亿 reading when the audit doubts its scale."""
    doubt = yi_line(record)
    return value_text(record) + (f" ({doubt})" if doubt else "")


def _where(record: Record) -> str:
    src = record["source"]
    return f"{src['document']} ¶{src['paragraph']}" if src.get("paragraph") else src["document"]


def _figure(record: Record) -> str:
    return label(record) + (" (reference)" if record["reference"] else "")


def facts_markdown(records: Sequence[Record]) -> str:
    """show / list / search: one row per figure, with its source and the text as printed;
    figures from reference sources are marked."""
    return table(["id", "figure", "value", "date", "source", "as printed"], [
        [r["id"], _figure(r), _value(r), period(r), _where(r), r["source"]["text"]]
        for r in records
    ])


def comparison_markdown(payload: Record) -> str:
    sides = [s["arg"] for s in payload["sides"]]
    side_rows = [[row["measure"].replace("_", " "),
                  *["—" if c is None else
                    f"{_value(c)} ({period(c)})" + (" (reference)" if c["reference"] else "")
                    for c in row["facts"]]]
                 for row in payload["rows"]]
    out = table(["figure", *sides], side_rows)
    if payload["pairs"]:
        rows = [[p["base"], p["other"], difference_text(p), ratio_text(p), share_text(p)]
                for p in payload["pairs"]]
        out += "\n" + table(["first", "second", "difference (second minus first)", "ratio",
                             "share"], rows)
    return out


def derived_markdown(payload: Record) -> str:
    return table(["id", "figure", "value", "bounds", "date", "formula", "inputs"], [
        [d["id"], f"{d['topic']} · {d['title']}" + (" (reference)" if d["reference"] else ""),
         derived_value(d), derived_bounds(d), period(d), d["formula"], ", ".join(d["inputs"])]
        for d in payload["derived"]
    ])


def topics_markdown(records: Sequence[Record]) -> str:
    return table(["topic", "figures", "aliases", "ids"], [
        [t["topic"], t["count"], ", ".join(t["aliases"]), ", ".join(t["ids"])]
        for t in records
    ])


def card_markdown(card: Record) -> str:
    """The provenance card as a two-column table, then the figure in other units."""
    f, doc = card["fact"], card["document"]
    para = f["source"].get("paragraph")
    rows = [
        ["id", f["id"]],
        ["figure", _figure(f)],
        ["value", _value(f)],
        ["bounds", f"{bounds_text(f)} {f['unit_label']}"],
        ["period", period(f)],
        ["entity", f["entity"]],
        ["source", f"{doc['title'] or doc['id']} ({doc['id']}"
                   + (f", paragraph {para})" if para else ")")],
        ["as printed", f["source"]["text"]],
        ["derived from it", ", ".join(f"{d['id']} ({derived_value(d)})"
                                      for d in card["derivations"]) or "—"],
        ["audit findings", str(len(card["audit"]))],
        ["related", ", ".join(r["id"] for r in card["related"]) or "—"],
    ]
    out = table(["field", "value"], rows)
    if card["conversions"]:
        prefix = QUALIFIER_PREFIX[f["qualifier"]]
        out += "\n" + table(["unit", "value"], [
            [c["unit_label"], f"{prefix}{num(c['value'])}"] for c in card["conversions"]
        ])
    return out


def problems_markdown(problems: Sequence[Record]) -> str:
    return table(["record", "id", "field", "problem"], [
        ["" if p["index"] is None else p["index"], p["id"] or "", p["field"] or "",
         p["message"]] for p in problems
    ])


def findings_markdown(findings: Sequence[Record]) -> str:
    return table(["severity", "rule", "facts", "finding"],
                 [[f["severity"], f["rule"], ", ".join(f["ids"]), f["message"]]
                  for f in findings])


def write_markdown(text: str) -> None:
    sys.stdout.write(text)
