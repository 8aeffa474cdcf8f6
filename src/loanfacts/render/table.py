"""Tables for people, drawn by rich. Rich is imported here only, when a table is drawn.

Every cell is cleaned text (no control characters), never parsed as markup; layout.Grid
keeps words whole and stacks rows on a terminal too narrow for them side by side.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from loanfacts.render import clean
from loanfacts.render.layout import MAX_WIDTH, Grid, Line, Lines, print_all
from loanfacts.render.wording import (
    AUDIT_NOTE,
    QUALIFIER_PREFIX,
    QUALIFIER_WORDS,
    UNIT_NOTE,
    VERDICT_STYLE,
    bounds_text,
    checked_flags,
    counts,
    derived_bounds,
    derived_value,
    difference_text,
    input_flags,
    label,
    num,
    own_flags,
    period,
    provenance,
    published,
    ratio_text,
    ruled,
    share_text,
    value_text,
    verdict_label,
    yi_line,
)

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

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

# kept importable from here: markdown, chart and older callers use these names
__all__ = [
    "QUALIFIER_PREFIX",
    "QUALIFIER_WORDS",
    "UNIT_NOTE",
    "bounds_text",
    "num",
    "period",
    "published",
]


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    out = Console(
        file=sys.stderr if stderr else sys.stdout,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    out.width = max(out.width, 1)  # COLUMNS=0: rich would draw nothing; 1 stacks every table
    return out


def print_renderables(items: Sequence[RenderableType]) -> None:
    print_all(console(), items)


def _where(record: FactRecord) -> str:
    src = record["source"]
    if record["reference"] or not src.get("paragraph"):
        return str(src["document"])
    return f"¶{src['paragraph']}"


def _value_cell(record: FactRecord) -> Lines:
    """A figure with its unit, and under it the 亿 reading when the audit doubts its scale."""
    cell = [(value_text(record), "bold")]
    doubt = yi_line(record)
    if doubt:
        cell.append((doubt, "yellow"))
    return cell


def facts_tables(records: Sequence[FactRecord], subject: str) -> list[RenderableType]:
    """A heading that counts report and reference figures; report figures first, reference
    figures from other sources in a table of their own."""
    out: list[RenderableType] = [Line(counts(records, subject))]
    for ref, heading in ((False, None), (True, "Reference figures from other sources")):
        rows = [r for r in records if r["reference"] is ref]
        if not rows:
            continue
        table = Grid(heading, ["figure · id · where", "value", "date"])
        for r in rows:
            flag = " ⚑" if r.get("audit") else ""
            table.add_row(
                [(label(r) + flag, ""), (f"{r['id']}  {_where(r)}", "dim")],
                _value_cell(r),
                period(r),
            )
        out.append(table)
        if not ref:
            documents = sorted({r["source"]["document"] for r in rows})
            out.append(
                Line(
                    f"source: {', '.join(documents)}; 'loanfacts show ID' for one figure in full",
                    "dim",
                )
            )
    if any(r.get("unit_note") for r in records):
        out.append(Line(UNIT_NOTE, "dim"))
    if any(r.get("audit") for r in records):
        out.append(Line(AUDIT_NOTE))
    return out


def findings_table(records: Sequence[FindingRecord]) -> list[RenderableType]:
    table = Grid(f"Audit: {len(records)} finding(s)", ["severity · rule · facts", "finding"])
    for r in records:
        table.add_row(
            [
                (r["severity"], "bold"),
                (ruled(r["rule"], r["strength"]), ""),
                *[(i, "dim cyan") for i in r["ids"]],
            ],
            r["message"],
        )
    return [table]


def derived_tables(
    payload: DerivationsRecord, current: Mapping[str, FactRecord] | None = None
) -> list[RenderableType]:
    """Derived figures, worded as firmly as their bounds allow, with the notes on their dates
    and the audit findings their inputs carry into them; with `current` (fact records by id),
    each prior-year level is drawn beside the current one."""
    table = Grid("Figures the facts imply", ["figure · formula · inputs", "value · bounds", "date"])
    for r in payload["derived"]:
        marker = " (reference)" if r["reference"] else ""
        table.add_row(
            [
                (f"{r['topic']} · {r['title']}{marker}", ""),
                (f"= {r['formula']}", "dim"),
                (f"from {', '.join(r['inputs'])}", "dim cyan"),
                *((f"note: {w}", "dim") for w in r["warnings"]),
                *((line, "yellow") for line in input_flags(r["findings"])),
            ],
            _derived_cell(r),
            period(r),
        )
    out: list[RenderableType] = [table]
    if any(r["unit_note"] for r in payload["derived"]):
        out.append(Line(UNIT_NOTE, "dim"))
    if any(r["findings"] for r in payload["derived"]):
        out.append(Line(DERIVED_FLAG_NOTE))
    if payload["skipped"]:
        skipped = Grid("Skipped", ["derivation", "inputs", "reason"])
        for s in payload["skipped"]:
            skipped.add_row(s["derivation"], ", ".join(s["inputs"]), s["reason"])
        out.append(skipped)
    if current is not None:
        from loanfacts.render.chart import ChartView, prior_year_charts

        out.extend(ChartView(c) for c in prior_year_charts(payload["derived"], current))
    return out


DERIVED_FLAG_NOTE = (
    "⚑ an input of the figure has audit findings, which hold for what is "
    "derived from it: run 'loanfacts audit' or 'loanfacts card INPUT'"
)


def _derived_cell(record: DerivedRecord) -> Lines:
    """A derived figure as firmly as its bounds allow, and its bounds under it."""
    bounds = derived_bounds(record)
    if bounds[:1].isdigit() or bounds[:1] == "-":
        bounds = f"bounds {bounds}"
    return [(derived_value(record), "bold"), (bounds, "dim")]


def _side_cell(record: FactRecord | None) -> Lines:
    if record is None:
        return [("—", "")]
    flag = " ⚑" if record.get("audit") else ""
    cell = [(f"{value_text(record)} ({period(record)}){flag}", "")]
    doubt = yi_line(record)
    if doubt:
        cell.append((doubt, "yellow"))
    return cell


def comparison_tables(payload: ComparisonRecord) -> list[RenderableType]:
    sides = payload["sides"]
    side_table = Grid("Side by side", ["figure", *[s["arg"] for s in sides]], fair=True)
    for row in payload["rows"]:
        side_table.add_row(row["measure"].replace("_", " "), *[_side_cell(c) for c in row["facts"]])
    from loanfacts.render.chart import ChartView, comparison_charts

    out: list[RenderableType] = [
        side_table,
        *(Line(line, "yellow") for line in input_flags(payload["findings"])),
        *(ChartView(c) for c in comparison_charts(payload)),
    ]
    if payload["pairs"]:
        pairs = Grid(
            "Differences (second minus first)",
            ["first", "second", "difference", "ratio", "share"],
            styles=["cyan", "cyan"],
        )
        for p in payload["pairs"]:
            pairs.add_row(p["base"], p["other"], difference_text(p), ratio_text(p), share_text(p))
        out.append(pairs)
    if any(c and c.get("audit") for row in payload["rows"] for c in row["facts"]):
        out.append(Line(AUDIT_NOTE))
    return out


def problems_table(
    path: str, problems: Sequence[ProblemRecord], noun: str = "problem"
) -> list[RenderableType]:
    table = Grid(f"{path}: {len(problems)} {noun}(s)", ["record", "id", "field", noun])
    for p in problems:
        table.add_row(
            "" if p["index"] is None else str(p["index"]),
            p["id"] or "",
            p["field"] or "",
            p["message"],
        )
    return [table]


def finding_text(finding: FindingRecord) -> str:
    """An audit finding in one line: "warning · scale-implausible (strong): ..."."""
    return (
        f"{finding['severity']} · {ruled(finding['rule'], finding['strength'])}: "
        f"{finding['message']}"
    )


class CardPanel:
    """The card's particulars in a rounded panel, or as `key: value` lines when the terminal
    is too narrow for the panel and the longest word."""

    KEY_WIDTH = 12

    def __init__(self, title: str, rows: Sequence[tuple[str, str, str]]) -> None:
        self.title = clean(title)
        self.rows = [(clean(k), clean(v), s) for k, v, s in rows]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich import box
        from rich.panel import Panel
        from rich.table import Table
        from rich.text import Text

        from loanfacts.render.layout import words_width

        longest = max(words_width(v) for _, v, _ in self.rows)
        width = min(options.max_width, MAX_WIDTH)
        if self.KEY_WIDTH + 2 + longest + 4 > width or len(self.title) + 6 > width:
            yield Line(self.title)
            for key, value, style in self.rows:
                yield Line(f"  {key}: {value}" if key else f"    {value}", style)
            return
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True, width=self.KEY_WIDTH)
        grid.add_column(overflow="fold")
        for key, value, style in self.rows:
            grid.add_row(Text(key), Text(value, style=style))
        yield Panel(grid, title=self.title, title_align="left", box=box.ROUNDED, width=width)


def card_renderables(card: CardRecord) -> list[RenderableType]:
    """The provenance card: the figure's particulars, then tables of the figure in other
    units, the derivations using it, audit findings and related figures."""
    f = card["fact"]
    doc = card["document"]
    where = (
        f"paragraph {f['source']['paragraph']}"
        if f["source"].get("paragraph")
        else "paragraph not given"
    )
    rows: list[tuple[str, str, str]] = [
        ("figure", label(f), ""),
        ("value", value_text(f), "bold"),
        ("qualifier", QUALIFIER_WORDS[f["qualifier"]], ""),
        ("bounds", bounds_text(f, None) + f" {f['unit_label']}", ""),
        ("period", period(f), ""),
        ("entity", f["entity"], ""),
        ("source", doc["title"] or doc["id"], ""),
        (
            "",
            f"{doc['id']}, {where}"
            + (" · reference figure from another source" if f["reference"] else ""),
            "dim",
        ),
        ("published", provenance(doc), ""),
        ("as printed", f"“{f['source']['text']}”", "green"),
        *((("in English", f["source"]["text_en"], ""),) if f["source"]["text_en"] else ()),
        ("about", f["description"], ""),
    ]
    doubt = yi_line(f)
    if doubt:
        rows.insert(2, ("亿 doubt", doubt + " (see 'loanfacts audit')", "yellow"))
    if doc["note"]:
        rows.append(("source note", doc["note"], "dim"))
    out: list[RenderableType] = [CardPanel(f["id"], rows)]
    if card["conversions"]:
        table = Grid("In other units (exact rescaling)", ["unit", "value", "bounds"])
        for c in card["conversions"]:
            mark = " (as published)" if c["as_published"] else ""
            table.add_row(
                c["unit_label"] + mark,
                [(f"{QUALIFIER_PREFIX[f['qualifier']]}{num(c['value'])}", "bold")],
                bounds_text(c, None),
            )
        out.append(table)
    if card["derivations"]:
        table = Grid("Derived from it", ["derivation · formula", "value · bounds"])
        for d in card["derivations"]:
            carried = [x for x in d["findings"] if x["input"] != f["id"]]
            table.add_row(
                [
                    (d["title"], ""),
                    (f"= {d['formula']}", "dim"),
                    (d["id"], "dim cyan"),
                    *((line, "yellow") for line in input_flags(carried)),
                ],
                _derived_cell(d),
            )
        out.append(table)
    out.extend(Line(line, "yellow") for line in own_flags(card["audit"], f["id"]))
    if card["audit"]:
        table = Grid("Audit findings that name it", ["finding"])
        for finding in card["audit"]:
            table.add_row(finding_text(finding))
        out.append(table)
    else:
        out.append(Line("audit: no findings name this figure", "dim"))
    if card["related"]:
        table = Grid(f"Related figures: {f['topic']}", ["id", "value", "date"], styles=["cyan"])
        for r in card["related"]:
            table.add_row(r["id"], _value_cell(r), period(r))
        out.append(table)
    return out


def topics_table(records: Sequence[TopicRecord]) -> list[RenderableType]:
    table = Grid(f"{len(records)} topic(s)", ["topic · ids", "figures", "aliases"])
    for t in records:
        marker = " (reference)" if t["reference"] else ""
        table.add_row(
            [(t["topic"] + marker, ""), (", ".join(t["ids"]), "dim")],
            str(t["count"]),
            ", ".join(t["aliases"]) or "—",
        )
    return [
        table,
        Line(
            "'loanfacts show TOPIC' for a topic's figures, 'loanfacts show ID' for one in full",
            "dim",
        ),
    ]


def in_sentence(record: CheckRecord, width: int = 60) -> str:
    """The figure's sentence, cut between words to about `width` characters around the
    figure, with the figure marked «so» (a mark that survives NO_COLOR and a pipe)."""
    sentence = clean(record["sentence"])
    text = clean(record["text"])
    at = sentence.find(text)
    if at < 0:
        return sentence[:width]
    start = max(0, at - (width - len(text)) // 2)
    end = min(len(sentence), start + max(width, len(text)))
    start = max(0, min(start, end - width))
    if start:  # cut between words, never inside one
        space = sentence.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    if end < len(sentence):
        space = sentence.rfind(" ", at + len(text), end)
        end = space if space >= 0 else end
    return (
        ("… " if start else "")
        + sentence[start:at]
        + f"«{text}»"
        + sentence[at + len(text) : end]
        + (" …" if end < len(sentence) else "")
    )


def check_tables(
    records: Sequence[CheckRecord], summary: Mapping[str, int], several: bool
) -> list[RenderableType]:
    """One row per figure: as typed, the verdict, the fact or derivation with its published
    figure, and a note (under it, for a draft, the sentence with the figure marked)."""
    counted = ", ".join(f"{n} {v}" for v, n in summary.items() if n and v != DOUBTED)
    doubted = summary.get(DOUBTED, 0)
    flagged = f"; ⚑ {doubted} with audit findings on the fact" if doubted else ""
    table = Grid(
        f"check: {len(records)} figure(s): {counted}{flagged}",
        ["figure", "verdict", "fact · published", "note"],
        first_whole=True,
    )
    for r in records:
        note: Lines = [(r["note"], "")]
        if several:  # the widest column: the sentence, the figure marked, under the note
            note.append((in_sentence(r), "dim"))
        table.add_row(
            [(r["text"], "bold")],
            [
                (verdict_label(r["verdict"]), VERDICT_STYLE[r["verdict"]][1]),
                *((line, "yellow") for line in checked_flags(r["findings"], r["fact"])),
            ],
            [(r["title"] or r["fact"] or "—", "cyan"), (r["published"] or "", "bold")],
            note,
        )
    out: list[RenderableType] = [table]
    if doubted:
        out.append(Line(CHECK_FLAG_NOTE))
    return out


#: the summary's count of figures compared with a fact the audit has findings on
DOUBTED = "doubted"
CHECK_FLAG_NOTE = (
    "⚑ the audit has findings on the fact the figure was compared with: the verdict says the "
    "text matches the facts, the finding how far the fact holds ('loanfacts card FACT')"
)
