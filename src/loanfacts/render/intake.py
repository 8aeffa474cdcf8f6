"""Tables and Markdown for bringing in a report: extract's preview and coverage's verdict.

Report text and record fields are data: every cell is a rich `Text` of cleaned text, and
Markdown cells are escaped (render.markdown.cell), as everywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..kinds import Scale, scale_label
from . import clean
from .markdown import table as md_table
from .table import QUALIFIER_PREFIX, _cell, _table, _text, num, period

if TYPE_CHECKING:
    from ..coverage import CoverageRecord, FigureRow, SkippedRecord
    from ..extract import ExtractPreview

Record = Mapping[str, Any]
PLURALS = {"date": "dates", "year": "years", "ordinal": "ordinals", "name": "names",
           "number word": "number words"}
MARKS = {"covered": "✓", "uncovered": "✗", "stale": "!", "skipped": "·"}


def _value(fact: Record) -> str:
    label = scale_label(Scale(fact["scale"]) if fact.get("scale") else None, fact["unit"])
    return f"{QUALIFIER_PREFIX[fact['qualifier']]}{num(fact['value'])} {label}"


def _relations(fact: Record) -> str:
    return ", ".join(f"{k} {v}" for k, v in fact.get("relations", {}).items())


def _skipped_line(skipped: Sequence[SkippedRecord]) -> str:
    """"not figures: dates ¶2 June 30, 2025, ¶3 June 30; names ¶5 10,000", every one."""
    reasons: dict[str, list[str]] = {}
    for s in skipped:
        reasons.setdefault(s["reason"], []).append(f"¶{s['paragraph']} {s['text']}")
    return "not figures: " + "; ".join(
        f"{PLURALS.get(reason, reason + ':')} {', '.join(items)}"
        for reason, items in reasons.items())


def extract_tables(view: ExtractPreview) -> list[Any]:
    facts = view["facts"]
    heading = f"{len(facts)} draft record(s) from {view['report']} as {view['document']}"
    if view["merged_into"]:
        heading = f"{len(facts)} new draft record(s) for {view['merged_into']}, from " \
                  f"{view['report']} as {view['document']}"
    table = _table(heading, ["¶ · as printed", "value", "measure · period",
                             "id · topic · relations"], [3, 3, 3, 6])
    for fact in facts:
        src = fact["source"]
        table.add_row(
            _cell([(f"¶{src['paragraph']}", "dim"), (f"“{src['text']}”", "green")]),
            _text(_value(fact), "bold"),
            _cell([(fact["measure"].replace("_", " "), ""), (period(fact), "dim")]),
            _cell([(fact["id"], "cyan"), (fact["topic"], ""), (_relations(fact), "dim")]),
        )
    out: list[Any] = [table] if facts else []
    notes = []
    if view["merged_into"]:
        notes.append(f"{view['already']} figure(s) of the report are cited in "
                     f"{view['merged_into']} already: no second draft")
    for r in view["repeats"]:
        notes.append(f"headline figure ¶{r['paragraph']} “{r['text']}” is drafted once, at "
                     f"¶{r['of']['paragraph']}")
    if view["skipped"]:
        notes.append(_skipped_line(view["skipped"]))
    if facts:
        notes.append("descriptions are placeholders starting 'DRAFT:' for you to write; "
                     "--json (or a pipe) gives the file to save, then 'loanfacts validate' "
                     "and 'loanfacts coverage'")
    out.extend(_text(n, "dim") for n in notes)
    return out


def extract_markdown(view: ExtractPreview) -> str:
    return md_table(["id", "paragraph", "as printed", "value", "measure", "period", "topic",
                     "relations"],
                    [[f["id"], f["source"]["paragraph"], f["source"]["text"], _value(f),
                      f["measure"], period(f), f["topic"], _relations(f)]
                     for f in view["facts"]])


def _narrow_table(title: str, columns: Sequence[tuple[str, int | None]]) -> Any:
    """A table whose short columns (a mark, a paragraph number) keep their own width and
    whose text columns share the rest (None: a text column's ratio of 1)."""
    from rich import box
    from rich.table import Table

    table = Table(title=clean(title), box=box.SIMPLE_HEAD, title_justify="left",
                  show_edge=False, pad_edge=False, expand=True)
    for name, width in columns:
        if width is None:
            table.add_column(name, overflow="fold", ratio=1)
        else:
            table.add_column(name, no_wrap=True, width=width)
    return table


def coverage_tables(record: CoverageRecord, rows: Sequence[FigureRow], report: str,
                    contexts: Mapping[int, str]) -> list[Any]:
    """Every figure with the record citing it (✓) or none (✗), stale records (!), then the
    numbers read as dates or names, and the one-line summary."""
    from ..coverage import summary

    figures = [r for r in rows if r["status"] in ("covered", "uncovered")]
    out: list[Any] = []
    if figures:
        table = _narrow_table(f"{record['document']}: figures of {report}",
                              [("", 1), ("¶", 4), ("figure as printed", None),
                               ("record", None)])
        for i, r in enumerate(figures):
            style = "" if r["status"] == "covered" else "bold red"
            where = [(r["id"] or "no record cites it", "cyan" if r["id"] else style)]
            if r["status"] == "uncovered" and i in contexts:
                where.append((contexts[i], "dim"))
            if r["note"] and r["status"] == "covered":
                where.append((r["note"], "dim"))
            table.add_row(_text(MARKS[r["status"]], style), _text(str(r["paragraph"])),
                          _text(r["text"], style or "green"), _cell(where))
        out.append(table)
    stale = [r for r in rows if r["status"] == "stale"]
    if stale:
        table = _narrow_table("Stale records: their printed text is not where they say",
                              [("", 1), ("record", None), ("¶", 4), ("printed text", None)])
        for r in stale:
            table.add_row(_text(MARKS["stale"], "bold red"), _text(r["id"] or "", "cyan"),
                          _text("—" if r["paragraph"] is None else str(r["paragraph"])),
                          _text(r["text"]))
        out.append(table)
    if record["skipped"]:
        out.append(_text(_skipped_line(record["skipped"]), "dim"))
    if record["drafts"]:
        drafts = record["drafts"]
        more = f" and {len(drafts) - 6} more" if len(drafts) > 6 else ""
        out.append(_text(f"still drafts: {', '.join(drafts[:6])}{more}", "dim"))
    out.append(_text(summary(record), "bold"))
    return out


def coverage_markdown(record: CoverageRecord, rows: Sequence[FigureRow]) -> str:
    from ..coverage import summary

    body = md_table(["status", "paragraph", "as printed", "record", "note"],
                    [[f"{MARKS[r['status']]} {r['status']}",
                      "" if r["paragraph"] is None else r["paragraph"], r["text"],
                      r["id"] or "", r["note"]] for r in rows])
    return f"{body}\n{clean(summary(record))}\n"
