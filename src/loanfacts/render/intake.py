"""Tables and Markdown for bringing in a report: extract's preview and coverage's verdict.

Report text and record fields are data: every cell is cleaned text laid out by layout.Grid
(words whole, stacked on a narrow terminal), and Markdown cells are escaped
(render.markdown.cell), as everywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from loanfacts.model.kinds import DRAFT_MARK, Scale, scale_label
from loanfacts.render import clean
from loanfacts.render.layout import Grid, Line, Lines
from loanfacts.render.markdown import table as md_table
from loanfacts.render.wording import QUALIFIER_PREFIX, num, period

if TYPE_CHECKING:
    from rich.console import RenderableType

    from loanfacts.model.records import (
        CoverageRecord,
        Dated,
        ExtractPreview,
        FigureRow,
    )
    from loanfacts.model.records import SkippedFigureRecord as SkippedRecord


Draft = Mapping[str, Any]  # a draft record, in facts.json's shape
PLURALS = {
    "date": "dates",
    "year": "years",
    "ordinal": "ordinals",
    "name": "names",
    "number word": "number words",
}
MARKS = {"covered": "✓", "uncovered": "✗", "stale": "!", "skipped": "·", "misread": "?"}


def _value(fact: Draft) -> str:
    label = scale_label(Scale(fact["scale"]) if fact.get("scale") else None, fact["unit"])
    return f"{QUALIFIER_PREFIX[fact['qualifier']]}{num(fact['value'])} {label}"


def _relations(fact: Draft) -> str:
    return ", ".join(f"{k} {v}" for k, v in fact.get("relations", {}).items())


def _skipped_line(skipped: Sequence[SkippedRecord]) -> str:
    """ "not figures: dates ¶2 June 30, 2025, ¶3 June 30; names ¶5 10,000", every one."""
    reasons: dict[str, list[str]] = {}
    for s in skipped:
        reasons.setdefault(s["reason"], []).append(f"¶{s['paragraph']} {s['text']}")
    return "not figures: " + "; ".join(
        f"{PLURALS.get(reason, reason + ':')} {', '.join(items)}"
        for reason, items in reasons.items()
    )


def _period(fact: Mapping[str, Any]) -> str:
    """A draft's period is written as facts.json writes it, the shape a fact record has."""
    return period(cast("Dated", fact))


def extract_tables(view: ExtractPreview) -> list[RenderableType]:
    facts = view["facts"]
    heading = f"{len(facts)} draft record(s) from {view['report']} as {view['document']}"
    if view["merged_into"]:
        heading = (
            f"{len(facts)} new draft record(s) for {view['merged_into']}, from "
            f"{view['report']} as {view['document']}"
        )
    table = Grid(heading, ["¶ · as printed", "value", "measure · period", "id · topic · relations"])
    for fact in facts:
        src = fact["source"]
        table.add_row(
            [(f"¶{src['paragraph']}", "dim"), (f"“{src['text']}”", "green")],
            [(_value(fact), "bold")],
            [(fact["measure"].replace("_", " "), ""), (_period(fact), "dim")],
            [(fact["id"], "cyan"), (fact["topic"], ""), (_relations(fact), "dim")],
        )
    out: list[RenderableType] = [table] if facts else [Line(heading)]
    notes = []
    if view["merged_into"]:
        notes.append(
            f"{view['already']} figure(s) of the report are cited in "
            f"{view['merged_into']} already: no second draft"
        )
    for r in view["repeats"]:
        notes.append(
            f"headline figure ¶{r['paragraph']} “{r['text']}” is drafted once, at "
            f"¶{r['of']['paragraph']}"
        )
    if view["skipped"]:
        notes.append(_skipped_line(view["skipped"]))
    if facts:
        notes.append(
            "descriptions are placeholders starting 'DRAFT:' for you to write; "
            "--json (or a pipe) gives the file to save, then 'loanfacts validate' "
            "and 'loanfacts coverage'"
        )
    out.extend(Line(n, "dim") for n in notes)
    return out


def extract_markdown(view: ExtractPreview) -> str:
    return md_table(
        ["id", "paragraph", "as printed", "value", "measure", "period", "topic", "relations"],
        [
            [
                f["id"],
                f["source"]["paragraph"],
                f["source"]["text"],
                _value(f),
                f["measure"],
                _period(f),
                f["topic"],
                _relations(f),
            ]
            for f in view["facts"]
        ],
    )


def coverage_tables(
    record: CoverageRecord, rows: Sequence[FigureRow], report: str, contexts: Mapping[int, str]
) -> list[RenderableType]:
    """Every figure with the record citing it (✓) or none (✗), stale records (!), then the
    numbers read as dates or names, and the one-line summary."""
    figures = [r for r in rows if r["status"] in ("covered", "uncovered")]
    out: list[RenderableType] = []
    if figures:
        table = Grid(
            f"{record['document']}: figures of {report}", ["", "¶", "figure as printed", "record"]
        )
        for i, r in enumerate(figures):
            style = "" if r["status"] == "covered" else "bold red"
            where: Lines = [(r["id"] or "no record cites it", "cyan" if r["id"] else style)]
            if r["status"] == "uncovered" and i in contexts:
                where.append((contexts[i], "dim"))
            if r["note"] and r["status"] == "covered":
                where.append((r["note"], "dim"))
            table.add_row(
                [(MARKS[r["status"]], style)],
                str(r["paragraph"]),
                [(r["text"], style or "green")],
                where,
            )
        out.append(table)
    stale = [r for r in rows if r["status"] == "stale"]
    if stale:
        table = Grid(
            "Stale records: their printed text is not where they say",
            ["", "record", "¶", "printed text"],
        )
        for r in stale:
            table.add_row(
                [(MARKS["stale"], "bold red")],
                [(r["id"] or "", "cyan")],
                "—" if r["paragraph"] is None else str(r["paragraph"]),
                r["text"],
            )
        out.append(table)
    if record["misreads"]:
        table = Grid(
            "Likely misreads: check these records", ["", "record", "¶", "printed text", "why"]
        )
        for m in record["misreads"]:
            table.add_row(
                [(MARKS["misread"], "yellow")],
                [(m["id"], "cyan")],
                "—" if m["paragraph"] is None else str(m["paragraph"]),
                m["text"],
                m["reason"],
            )
        out.append(table)
    if record["skipped"]:
        out.append(Line(_skipped_line(record["skipped"]), "dim"))
    if record["drafts"]:
        drafts = record["drafts"]
        more = f" and {len(drafts) - 6} more" if len(drafts) > 6 else ""
        out.append(Line(f"still drafts: {', '.join(drafts[:6])}{more}", "dim"))
    out.append(Line(summary(record), "bold"))
    return out


def coverage_markdown(record: CoverageRecord, rows: Sequence[FigureRow]) -> str:
    body = md_table(
        ["status", "paragraph", "as printed", "record", "note"],
        [
            [
                f"{MARKS[r['status']]} {r['status']}",
                "" if r["paragraph"] is None else r["paragraph"],
                r["text"],
                r["id"] or "",
                r["note"],
            ]
            for r in rows
        ],
    )
    return f"{body}\n{clean(summary(record))}\n"


def summary(record: CoverageRecord) -> str:
    """ "16 of 16 figures covered; 0 stale" and what else a reviewer should know."""
    parts = [
        f"{record['covered']} of {record['figures']} figures covered",
        f"{len(record['stale'])} stale",
    ]
    if record["uncovered"]:
        parts.insert(1, f"{len(record['uncovered'])} uncovered")
    if record["drafts"]:
        parts.append(f"{len(record['drafts'])} record(s) still a draft ({DRAFT_MARK} description)")
    return "; ".join(parts)
