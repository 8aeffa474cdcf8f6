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
    emit,
    environ,
    handled,
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
    from loanfacts import api
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables
    from loanfacts.views import PAIR_COLUMNS, pair_csv_rows

    fmt = pick_format(fmt, as_json)
    payload = api.compare(items, facts=facts, unit=unit, env=environ())
    emit(
        fmt,
        payload,
        rows=pair_csv_rows(payload),
        columns=[*PAIR_COLUMNS, "findings"],
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
    from loanfacts import api
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables
    from loanfacts.views import DERIVED_COLUMNS, derived_csv_rows

    fmt = pick_format(fmt, as_json)
    found = api.derive(" ".join(topic or []) or None, facts=facts, unit=unit, env=environ())
    payload = found.record
    drawn = None
    if payload["derived"] or payload["skipped"]:
        drawn = table(tables.derived_tables, payload, found.inputs)
    emit(
        fmt,
        payload,
        rows=derived_csv_rows(payload) if fmt is Format.csv else payload["derived"],
        columns=DERIVED_COLUMNS,
        as_table=drawn,
        as_markdown=markdown(md.derived_markdown, payload),
    )
    if found.why_empty:
        raise NoMatchError(found.why_empty)


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
    from loanfacts import api
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables

    records = api.audit(facts=facts, env=environ())
    emit(
        pick_format(fmt, as_json),
        records,
        columns=["severity", "strength", "rule", "ids", "message"],
        as_table=table(tables.findings_table, records) if records else None,
        as_markdown=markdown(md.findings_markdown, records),
    )
    if not records:
        sys.stderr.write("loanfacts: audit: no findings\n")
    if fail_on is not None:
        from loanfacts.analysis.evidence import Severity

        level = Severity[fail_on.value.upper()]
        if any(Severity[f["severity"].upper()] >= level for f in records):
            raise typer.Exit(int(ExitCode.NO_MATCH))
