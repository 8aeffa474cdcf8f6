"""Markdown pipe tables to paste into articles and notes (GitHub-flavoured markdown).

Cells are made inert: control and bidi characters go (render.clean, which also turns newlines
into spaces), and `|` and `\\` are escaped so that a cell never splits a row. Figures are
written as in the terminal tables (qualifier, thousands separators, unit), never as bars.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from loanfacts.render import clean
from loanfacts.render.wording import (
    QUALIFIER_PREFIX,
    bounds_text,
    derived_bounds,
    derived_value,
    difference_text,
    input_flags,
    label,
    num,
    own_flags,
    period,
    provenance,
    ratio_text,
    share_text,
    value_text,
    yi_line,
)

if TYPE_CHECKING:
    from loanfacts.model.records import (
        CardRecord,
        CheckRecord,
        ComparisonRecord,
        DerivationsRecord,
        DerivedRecord,
        FactRecord,
        FindingRecord,
        ProblemRecord,
        TopicRecord,
    )


def cell(value: object) -> str:
    """One cell: cleaned, pipes and backslashes escaped, never empty."""
    text = clean(str(value)).strip()
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text or " "


def table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A pipe table; every row is cut or padded to the number of columns."""
    lines = [
        "| " + " | ".join(cell(c) for c in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    for row in rows:
        cells = [cell(v) for v in list(row)[: len(columns)]]
        cells += [" "] * (len(columns) - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _value(record: FactRecord) -> str:
    """The figure with its unit, and the 亿 reading when the audit doubts its scale."""
    doubt = yi_line(record)
    return value_text(record) + (f" ({doubt})" if doubt else "")


def _where(record: FactRecord) -> str:
    src = record["source"]
    return f"{src['document']} ¶{src['paragraph']}" if src.get("paragraph") else src["document"]


def _figure(record: FactRecord) -> str:
    return label(record) + (" (reference)" if record["reference"] else "")


def facts_markdown(records: Sequence[FactRecord]) -> str:
    """show / list / search: one row per figure, with its source and the text as printed;
    figures from reference sources are marked."""
    return table(
        ["id", "figure", "value", "date", "source", "as printed"],
        [
            [r["id"], _figure(r), _value(r), period(r), _where(r), r["source"]["text"]]
            for r in records
        ],
    )


def comparison_markdown(payload: ComparisonRecord) -> str:
    sides = [s["arg"] for s in payload["sides"]]
    side_rows = [
        [
            row["measure"].replace("_", " "),
            *[
                "—"
                if c is None
                else f"{_value(c)} ({period(c)})" + (" (reference)" if c["reference"] else "")
                for c in row["facts"]
            ],
        ]
        for row in payload["rows"]
    ]
    out = table(["figure", *sides], side_rows)
    flags = [line.removeprefix("⚑ ").split(": ", 1) for line in input_flags(payload["findings"])]
    if flags:
        out += "\n" + table(["⚑ fact", "audit findings"], flags)
    if payload["pairs"]:
        rows = [
            [p["base"], p["other"], difference_text(p), ratio_text(p), share_text(p)]
            for p in payload["pairs"]
        ]
        out += "\n" + table(
            ["first", "second", "difference (second minus first)", "ratio", "share"], rows
        )
    return out


def derived_markdown(payload: DerivationsRecord) -> str:
    """One row per derived figure, with the notes on its dates and the audit findings its
    inputs carry into it (a ⚑ line per input)."""
    return table(
        ["id", "figure", "value", "bounds", "date", "formula", "inputs", "notes", "findings"],
        [
            [
                d["id"],
                f"{d['topic']} · {d['title']}" + (" (reference)" if d["reference"] else ""),
                derived_value(d),
                derived_bounds(d),
                period(d),
                d["formula"],
                ", ".join(d["inputs"]),
                "; ".join(d["warnings"]) or "—",
                "; ".join(input_flags(d["findings"])) or "—",
            ]
            for d in payload["derived"]
        ],
    )


def topics_markdown(records: Sequence[TopicRecord]) -> str:
    return table(
        ["topic", "figures", "aliases", "ids"],
        [[t["topic"], t["count"], ", ".join(t["aliases"]), ", ".join(t["ids"])] for t in records],
    )


def _derived_with_flags(derived: DerivedRecord, fact_id: str) -> str:
    """A derived figure's id with the findings its other inputs carry (the card lists the
    fact's own findings, which hold for every figure derived from it)."""
    flags = input_flags([f for f in derived["findings"] if f["input"] != fact_id])
    return f"{derived['id']} ({'; '.join([derived_value(derived), *flags])})"


def card_markdown(card: CardRecord) -> str:
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
        [
            "source",
            f"{doc['title'] or doc['id']} ({doc['id']}" + (f", paragraph {para})" if para else ")"),
        ],
        ["published", provenance(doc)],
        [
            "as printed",
            f["source"]["text"]
            + (f" ({f['source']['text_en']})" if f["source"]["text_en"] else ""),
        ],
        [
            "derived from it",
            ", ".join(_derived_with_flags(d, f["id"]) for d in card["derivations"]) or "—",
        ],
        [
            "audit findings",
            "; ".join([*own_flags(card["audit"], f["id"]), f"{len(card['audit'])} name it"]),
        ],
        ["related", ", ".join(r["id"] for r in card["related"]) or "—"],
    ]
    out = table(["field", "value"], rows)
    if card["conversions"]:
        prefix = QUALIFIER_PREFIX[f["qualifier"]]
        out += "\n" + table(
            ["unit", "value"],
            [[c["unit_label"], f"{prefix}{num(c['value'])}"] for c in card["conversions"]],
        )
    return out


def problems_markdown(problems: Sequence[ProblemRecord]) -> str:
    return table(
        ["record", "id", "field", "problem"],
        [
            [
                "" if p["index"] is None else p["index"],
                p["id"] or "",
                p["field"] or "",
                p["message"],
            ]
            for p in problems
        ],
    )


def findings_markdown(findings: Sequence[FindingRecord]) -> str:
    return table(
        ["severity", "strength", "rule", "facts", "finding"],
        [
            [f["severity"], f["strength"], f["rule"], ", ".join(f["ids"]), f["message"]]
            for f in findings
        ],
    )


def write_markdown(text: str) -> None:
    sys.stdout.write(text)


def check_markdown(text: str, records: Sequence[CheckRecord]) -> str:
    """The draft printed back with a footnote after each figure: its verdict and source, the
    copy an editor pastes. Footnote text is one line each, made inert."""
    from loanfacts.render import inert
    from loanfacts.render.wording import verdict_label

    out: list[str] = []
    at = 0
    notes: list[str] = []
    for number, r in enumerate(sorted(records, key=lambda r: r["start"]), start=1):
        out.append(inert(text[at : r["end"]]) + f"[^{number}]")
        at = r["end"]
        src = r.get("source")
        where = ""
        if src and src.get("document"):
            para = f" ¶{src['paragraph']}" if src.get("paragraph") else ""
            where = f" ({src['document']}{para})"
        name = r["title"] or r["fact"]  # a derived figure by its title, a fact by its id
        fact = f" {name}: {r['published']}{where}." if name else ""
        flags = "".join(f" {line}." for line in input_flags(r["findings"]))
        note = clean(r["note"])
        if flags and not note.endswith("."):
            note += "."
        notes.append(f"[^{number}]: {verdict_label(r['verdict'])}.{fact} {note}{flags}".rstrip())
    out.append(inert(text[at:]))
    body = "".join(out).rstrip("\n")
    return body + ("\n\n" + "\n".join(clean(n) for n in notes) if notes else "") + "\n"
