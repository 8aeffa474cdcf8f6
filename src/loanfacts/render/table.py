"""Tables for people, drawn by rich. Rich is imported here only, when a table is drawn.

Every cell is a `Text` (never parsed as markup) of cleaned text (no control characters).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import TYPE_CHECKING, Literal

from ..kinds import NO_DATE
from . import clean

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from ..records import (
        Bounds,
        CardRecord,
        CheckRecord,
        ComparisonRecord,
        Dated,
        DerivationsRecord,
        DocumentRecord,
        FactRecord,
        FindingRecord,
        InputFindingRecord,
        ProblemRecord,
        Qualified,
        TopicRecord,
    )

UNIT_NOTE = "--unit converts money only: rates, points and counts are shown as published"
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


def published(record: Qualified) -> str:
    return f"{QUALIFIER_PREFIX[record['qualifier']]}{num(record['value'])}"


def period(record: Dated) -> str:
    p = record["period"]
    if p is None:
        return NO_DATE
    if p["type"] == "instant":
        return f"as of {p['date']}"
    return f"{p['start']} to {p['end']}"


def bounds_text(record: Bounds, places: int | None = 2) -> str:
    """"at least 7,934.05", "3,289.10 to 3,289.42"; rounded outward to `places`, or as they
    are with places=None (a published figure's bounds: what its wording and digits allow)."""
    lower, upper = record["lower"], record["upper"]
    lo = None if lower is None else num(lower, places, ROUND_FLOOR)
    hi = None if upper is None else num(upper, places, ROUND_CEILING)
    if lo is None and hi is None:
        return "unbounded"
    if hi is None:
        return f"at least {lo}"
    if lo is None:
        return f"at most {hi}"
    if lower == upper:
        return "exact"
    return f"{lo} to {hi}"


def input_flags(findings: Sequence[InputFindingRecord]) -> list[str]:
    """Audit findings a derived figure carries from its inputs, one line per input:
    "⚑ manufacturing-loans-balance: billion-may-be-yi, scale-implausible"."""
    rules: dict[str, list[str]] = {}
    for f in findings:
        rules.setdefault(f["input"], [])
        if f["rule"] not in rules[f["input"]]:
            rules[f["input"]].append(f["rule"])
    return [f"⚑ {fid}: {', '.join(sorted(names))}" for fid, names in rules.items()]


DERIVED_FLAG_NOTE = ("⚑ an input of the figure has audit findings, which hold for what is "
                     "derived from it: run 'loanfacts audit' or 'loanfacts card INPUT'")


def _text(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(clean(value), style=style)


def _table(title: str | None, columns: Sequence[str], ratios: Sequence[int] = ()) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title=clean(title) if title else None, box=box.SIMPLE_HEAD,
                  title_justify="left", show_edge=False, pad_edge=False, expand=True)
    # by default the first column, which carries names and ids, gets the most room
    ratios = ratios or [5, *([3] * (len(columns) - 1))]
    for col, ratio in zip(columns, ratios, strict=True):
        table.add_column(col, overflow="fold", ratio=ratio, min_width=8)
    return table


def print_renderables(items: Sequence[RenderableType]) -> None:
    out = console()
    for item in items:
        out.print(item)


def _cell(lines: Sequence[tuple[str, str]]) -> Text:
    """A multi-line cell: (text, style) per line, each cleaned."""
    from rich.text import Text

    cell = Text()
    for index, (line, style) in enumerate(lines):
        cell.append(("\n" if index else "") + clean(line), style=style)
    return cell


def _where(record: FactRecord) -> str:
    src = record["source"]
    if record["reference"] or not src.get("paragraph"):
        return str(src["document"])
    return f"¶{src['paragraph']}"


def facts_tables(records: Sequence[FactRecord], title: str) -> list[RenderableType]:
    """Report figures first; reference figures from other sources in a table of their own."""
    tables: list[RenderableType] = []
    for ref, heading in ((False, title), (True, "Reference figures from other sources")):
        rows = [r for r in records if r["reference"] is ref]
        if not rows:
            continue
        table = _table(heading, ["figure · id · where", "value", "date"])
        for r in rows:
            flag = " ⚑" if r.get("audit") else ""
            table.add_row(
                _cell([(f"{r['topic']} · {r['measure'].replace('_', ' ')}{flag}", ""),
                       (f"{r['id']}  {_where(r)}", "dim")]),
                _text(f"{published(r)} {r['unit_label']}", "bold"),
                _text(period(r)),
            )
        tables.append(table)
        if not ref:
            documents = sorted({r["source"]["document"] for r in rows})
            tables.append(_text(f"source: {', '.join(documents)}; "
                                "'loanfacts show ID' for one figure in full", "dim"))
    if any(r.get("unit_note") for r in records):
        tables.append(_text(UNIT_NOTE, "dim"))
    if any(r.get("audit") for r in records):
        tables.append(_text("⚑ the audit has findings on this figure: run 'loanfacts audit'"))
    return tables


def findings_table(records: Sequence[FindingRecord]) -> list[RenderableType]:
    table = _table(f"Audit: {len(records)} finding(s)", ["severity · rule · facts", "finding"],
                   [2, 5])
    for r in records:
        table.add_row(_cell([(r["severity"], "bold"), (r["rule"], ""),
                             ("\n".join(r["ids"]), "dim cyan")]),
                      _text(r["message"]))
    return [table]


def derived_tables(payload: DerivationsRecord, current: Mapping[str, FactRecord] | None = None
                   ) -> list[RenderableType]:
    """Derived figures; with `current` (fact records by id), each prior-year level is drawn
    beside the current one."""
    table = _table("Figures the facts imply", ["figure · formula · inputs", "value", "bounds",
                                               "date"])
    for r in payload["derived"]:
        marker = " (reference)" if r["reference"] else ""
        table.add_row(
            _cell([(f"{r['topic']} · {r['title']}{marker}", ""),
                   (f"= {r['formula']}", "dim"),
                   (f"from {', '.join(r['inputs'])}", "dim cyan"),
                   *((f"note: {w}", "dim") for w in r.get("warnings", ())),
                   *((line, "yellow") for line in input_flags(r.get("findings", ())))]),
            _text(f"≈ {num(r['value'], 2)} {r['unit_label']}", "bold"),
            _text(bounds_text(r)),
            _text(period(r)),
        )
    out: list[RenderableType] = [table]
    if any(r.get("unit_note") for r in payload["derived"]):
        out.append(_text(UNIT_NOTE, "dim"))
    if any(r.get("findings") for r in payload["derived"]):
        out.append(_text(DERIVED_FLAG_NOTE))
    if payload["skipped"]:
        skipped = _table("Skipped", ["derivation", "inputs", "reason"])
        for s in payload["skipped"]:
            skipped.add_row(_text(s["derivation"]), _text(", ".join(s["inputs"])),
                            _text(s["reason"]))
        out.append(skipped)
    if current is not None:
        from .chart import ChartView, prior_year_charts

        out.extend(ChartView(c) for c in prior_year_charts(payload["derived"], current))
    return out


def comparison_tables(payload: ComparisonRecord) -> list[RenderableType]:
    sides = payload["sides"]
    side_table = _table("Side by side", ["figure", *[s["arg"] for s in sides]],
                        [1, *([3] * len(sides))])
    for row in payload["rows"]:
        cells = [
            "—" if c is None else
            f"{published(c)} {c['unit_label']} ({period(c)}){' ⚑' if c.get('audit') else ''}"
            for c in row["facts"]
        ]
        side_table.add_row(_text(row["measure"].replace("_", " ")), *[_text(c) for c in cells])
    from .chart import ChartView, comparison_charts

    out: list[RenderableType] = [side_table, *(ChartView(c) for c in comparison_charts(payload))]
    if payload["pairs"]:
        pairs = _table("Differences (second minus first)",
                       ["first", "second", "difference", "ratio", "share"], [4, 4, 3, 2, 3])
        for p in payload["pairs"]:
            share = "—" if p["share"] is None else f"{num(p['share'], 2)}% of {p['share_of']}"
            ratio = "—" if p["ratio"] is None else f"{num(p['ratio'], 4)}×"
            pairs.add_row(_text(p["base"], "cyan"), _text(p["other"], "cyan"),
                          _text(f"{num(p['difference'], 2)} {p['unit']}"), _text(ratio),
                          _text(share))
        out.append(pairs)
    if any(c and c.get("audit") for row in payload["rows"] for c in row["facts"]):
        out.append(_text("⚑ the audit has findings on this figure: run 'loanfacts audit'"))
    return out


def problems_table(path: str, problems: Sequence[ProblemRecord], noun: str = "problem"
                   ) -> list[RenderableType]:
    table = _table(f"{path}: {len(problems)} {noun}(s)", ["record", "id", "field", noun],
                   [1, 3, 2, 6])
    for p in problems:
        table.add_row(_text("" if p["index"] is None else str(p["index"])),
                      _text(p["id"] or ""), _text(p["field"] or ""), _text(p["message"]))
    return [table]


QUALIFIER_WORDS = {"exact": "exact as printed", "lower_bound": "a floor: the figure is larger",
                   "upper_bound": "a ceiling: the figure is smaller",
                   "approximate": "approximate"}


def finding_text(finding: FindingRecord) -> str:
    """An audit finding in one line."""
    return f"{finding['severity']}: {finding['message']}"


def provenance(doc: DocumentRecord) -> str:
    """Who published a source and when, and where it is; "not found" where a search could
    not establish it."""
    def part(key: Literal["publisher", "published"], word: str) -> str:
        given = doc[key]
        if given:
            return given
        return f"{word} {'not found' if key in doc.get('not_found', ()) else 'not given'}"

    text = f"{part('publisher', 'publisher')}; {part('published', 'date')}"
    return text + (f" · {doc['address']}" if doc.get("address") else "")


def card_renderables(card: CardRecord) -> list[RenderableType]:
    """The provenance card: a panel of the figure's particulars, then tables of the figure in
    other units, the derivations using it, audit findings and related figures."""
    from rich import box
    from rich.panel import Panel
    from rich.table import Table

    f = card["fact"]
    doc = card["document"]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    where = f"paragraph {f['source']['paragraph']}" if f["source"].get("paragraph") else \
        "paragraph not given"
    rows: list[tuple[str, str, str]] = [
        ("figure", f"{f['topic']} · {f['measure'].replace('_', ' ')}", ""),
        ("value", f"{published(f)} {f['unit_label']}", "bold"),
        ("qualifier", QUALIFIER_WORDS[f["qualifier"]], ""),
        ("bounds", bounds_text(f, None) + f" {f['unit_label']}", ""),
        ("period", period(f), ""),
        ("entity", f["entity"], ""),
        ("source", doc["title"] or doc["id"], ""),
        ("", f"{doc['id']}, {where}"
             + (" · reference figure from another source" if f["reference"] else ""), "dim"),
        ("published", provenance(doc), ""),
        ("as printed", f"“{f['source']['text']}”", "green"),
        *((("in English", f["source"]["text_en"], ""),) if f["source"].get("text_en") else ()),
        ("about", f["description"], ""),
    ]
    if doc["note"]:
        rows.append(("source note", doc["note"], "dim"))
    for key, value, style in rows:
        grid.add_row(_text(key), _text(value, style))
    out: list[RenderableType] = [Panel(grid, title=clean(f["id"]), title_align="left",
                                       box=box.ROUNDED, expand=True)]
    if card["conversions"]:
        table = _table("In other units (exact rescaling)", ["unit", "value", "bounds"])
        for c in card["conversions"]:
            mark = " (as published)" if c["as_published"] else ""
            table.add_row(_text(c["unit_label"] + mark),
                          _text(f"{QUALIFIER_PREFIX[f['qualifier']]}{num(c['value'])}", "bold"),
                          _text(bounds_text(c, None)))
        out.append(table)
    if card["derivations"]:
        table = _table("Derived from it", ["derivation · formula", "value", "bounds"])
        for d in card["derivations"]:
            table.add_row(_cell([(f"{d['title']}", ""), (f"= {d['formula']}", "dim"),
                                 (d["id"], "dim cyan"),
                                 *((line, "yellow") for line in input_flags(
                                     [x for x in d.get("findings", ()) if x["input"] != f["id"]]
                                 ))]),
                          _text(f"≈ {num(d['value'], 2)} {d['unit_label']}", "bold"),
                          _text(bounds_text(d)))
        out.append(table)
    if card["audit"]:
        table = _table("Audit findings that name it", ["finding"])
        for finding in card["audit"]:
            table.add_row(_text(finding_text(finding)))
        out.append(table)
    else:
        out.append(_text("audit: no findings name this figure", "dim"))
    if card["related"]:
        table = _table(f"Related figures: {f['topic']}", ["id", "value", "date"])
        for r in card["related"]:
            table.add_row(_text(r["id"], "cyan"), _text(f"{published(r)} {r['unit_label']}"),
                          _text(period(r)))
        out.append(table)
    return out


def topics_table(records: Sequence[TopicRecord]) -> list[RenderableType]:
    table = _table(f"{len(records)} topic(s)", ["topic · ids", "figures", "aliases"])
    for t in records:
        marker = " (reference)" if t["reference"] else ""
        table.add_row(_cell([(t["topic"] + marker, ""), (", ".join(t["ids"]), "dim")]),
                      _text(str(t["count"])), _text(", ".join(t["aliases"]) or "—"))
    return [table, _text("'loanfacts show TOPIC' for a topic's figures, "
                         "'loanfacts show ID' for one in full", "dim")]


VERDICT_STYLE = {"supported": ("✓", "bold green"), "consistent": ("≈", "cyan"),
                 "contradicted": ("✗", "bold red"), "scale": ("⇅", "bold magenta"),
                 "unit": ("≠", "bold yellow"), "date": ("◷", "yellow"),
                 "unknown": ("?", "dim")}


def verdict_label(verdict: str) -> str:
    """`✓ supported`: the symbol keeps the verdict readable without colour (NO_COLOR)."""
    return f"{VERDICT_STYLE[verdict][0]} {verdict}"


def _in_sentence(record: CheckRecord, width: int = 44) -> Text:
    """The figure's sentence, cut to about `width` characters around the figure, with the
    figure highlighted."""
    from rich.text import Text

    sentence = clean(record["sentence"])
    text = clean(record["text"])
    at = sentence.find(text)
    if at < 0:
        return Text(sentence[:width], style="dim")
    start = max(0, at - (width - len(text)) // 2)
    end = min(len(sentence), start + max(width, len(text)))
    start = max(0, min(start, end - width))
    cell = Text("…" if start else "", style="dim")
    cell.append(sentence[start:at], style="dim")
    cell.append(text, style="bold reverse")
    cell.append(sentence[at + len(text):end], style="dim")
    if end < len(sentence):
        cell.append("…", style="dim")
    return cell


def check_tables(records: Sequence[CheckRecord], summary: Mapping[str, int], several: bool
                 ) -> list[RenderableType]:
    """One row per figure: as typed (with its sentence, highlighted, for a draft), the
    verdict, the fact or derivation with its published figure, and a note."""
    from rich.text import Text

    counts = ", ".join(f"{n} {v}" for v, n in summary.items() if n)
    table = _table(f"check: {len(records)} figure(s): {counts}",
                   ["figure", "verdict", "fact · published", "note"], [3, 2, 4, 6])
    table.columns[1].ratio, table.columns[1].width = None, 14  # "✗ contradicted" on one line
    for r in records:
        figure = Text(clean(r["text"]), style="bold")
        if several:
            figure.append("\n")
            figure.append_text(_in_sentence(r))
        symbol_style = VERDICT_STYLE[r["verdict"]][1]
        fact = _cell([(r["fact"] or "—", "cyan"), (r["published"] or "", "bold")])
        table.add_row(figure, _text(verdict_label(r["verdict"]), symbol_style), fact,
                      _text(r["note"]))
    return [table]
