"""Analysis commands: compare, derive and audit."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from loanfacts.cli.shared import (
    FactsOpt,
    Format,
    FormatOpt,
    JsonOpt,
    UnitOpt,
    app,
    complete_names,
    display_for,
    emit,
    flag_findings,
    handled,
    load_facts,
    markdown,
    pick_format,
    table,
)
from loanfacts.model.errors import ExitCode, NoMatchError


@app.command()
@handled
def compare(
    items: Annotated[
        list[str],
        typer.Argument(
            help="Two or more topics or ids; several words need no quotes (put 'vs' between "
            "the sides when the words alone do not tell them apart).",
            autocompletion=complete_names,
        ),
    ],
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    unit: UnitOpt = None,
) -> None:
    """Figures side by side, with difference, ratio and share, and warnings when dates,
    periods or units differ; in a table, bars for figures in the same unit.

    \b
    Examples:
      loanfacts compare manufacturing high-tech
      loanfacts compare clean energy high-tech
      loanfacts compare "clean energy" vs "long term"
      loanfacts compare manufacturing-loans-balance manufacturing-long-term-loans-balance
    """
    from loanfacts.analysis import compare as core
    from loanfacts.lookup.query import FileLexicon
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables
    from loanfacts.views import PAIR_COLUMNS, comparison_record

    display = display_for(unit)
    fmt = pick_format(fmt, as_json)
    base = load_facts(facts)
    sides = core.split_sides(base.facts, items, FileLexicon(base.facts))
    result = core.compare(sides)
    payload = comparison_record(result, base, display)
    flag_findings(base, [f for row in payload["rows"] for f in row["facts"] if f])
    emit(
        fmt,
        payload,
        rows=payload["pairs"],
        columns=PAIR_COLUMNS,
        as_table=table(tables.comparison_tables, payload),
        as_markdown=markdown(md.comparison_markdown, payload),
    )
    if fmt is not Format.json:  # JSON carries them in "warnings"
        from loanfacts.render import clean

        for warning in payload["warnings"]:
            sys.stderr.write(f"loanfacts: warning: {clean(warning)}\n")


@app.command()
@handled
def derive(
    topic: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only figures derived from this topic (several words need no quotes); words "
            "such as 'prior year' or 'per client' pick those derivations.",
            autocompletion=complete_names,
        ),
    ] = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    unit: UnitOpt = None,
) -> None:
    """Figures the facts imply (prior-year balances, increases, implied rates, shares of the
    whole and of all loans, remainders, averages), each with formula, inputs and bounds and
    the audit findings of its inputs; in a table, each prior-year level drawn beside the
    current one.

    \b
    Examples:
      loanfacts derive manufacturing
      loanfacts derive prior year
      loanfacts derive per client
      loanfacts derive --json | jq '.derived[] | {id, value, lower, upper}'
    """
    from loanfacts.analysis import audit
    from loanfacts.analysis import derive as core
    from loanfacts.lookup import hints, query
    from loanfacts.lookup.query import FileLexicon
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables
    from loanfacts.views import DERIVED_COLUMNS, derive_records, derived_csv_rows

    display = display_for(unit)
    fmt = pick_format(fmt, as_json)
    base = load_facts(facts)
    result = core.run(base.facts, base.reference_ids, findings=audit.run(base))
    text = " ".join(topic or [])
    if text:
        match = (
            None
            if any(f.id == text for f in base.facts)
            else query.resolve(text, FileLexicon(base.facts))
        )
        inputs = [f for f in base.facts if f.id == text or (match and match.accepts(f))]
        wanted = {f.id for f in inputs}
        kinds = match.query.derived if match else frozenset()
        everything = match is not None and not match.query.words and not match.measures
        result = core.DeriveResult(
            [
                d
                for d in result.derived
                if (everything or wanted & set(d.inputs)) and (not kinds or d.derivation in kinds)
            ],
            [
                s
                for s in result.skipped
                if (everything or wanted & set(s.inputs)) and (not kinds or s.derivation in kinds)
            ],
        )
    payload = derive_records(result, display)
    drawn = None
    if payload["derived"] or payload["skipped"]:
        from loanfacts.views import fact_records_by_id

        drawn = table(tables.derived_tables, payload, fact_records_by_id(base, display))
    emit(
        fmt,
        payload,
        rows=derived_csv_rows(payload) if fmt is Format.csv else payload["derived"],
        columns=DERIVED_COLUMNS,
        as_table=drawn,
        as_markdown=markdown(md.derived_markdown, payload),
    )
    if not payload["derived"] and text:
        everything = match is not None and not match.query.words and not match.measures
        raise NoMatchError(
            hints.derive_empty(base, text, match, base.facts if everything else inputs)
        )


class FailOn(StrEnum):
    warning = "warning"
    error = "error"


@app.command()
@handled
def audit(
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 1 when a finding at this level or above exists."),
    ] = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Consistency and plausibility findings over the loaded facts, with the evidence.

    \b
    Examples:
      loanfacts audit
      loanfacts audit --json --fail-on warning | jq '.[].rule'
    """
    from loanfacts.analysis import audit as core
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables

    base = load_facts(facts)
    findings = core.run(base)
    records = [f.to_json() for f in findings]
    emit(
        pick_format(fmt, as_json),
        records,
        columns=["severity", "rule", "ids", "message"],
        as_table=table(tables.findings_table, records) if records else None,
        as_markdown=markdown(md.findings_markdown, records),
    )
    if not records:
        sys.stderr.write("loanfacts: audit: no findings\n")
    if fail_on is not None:
        level = core.Severity[fail_on.value.upper()]
        if any(f.severity >= level for f in findings):
            raise typer.Exit(int(ExitCode.NO_MATCH))
