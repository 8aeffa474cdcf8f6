"""Commands about facts files themselves: validate and schema."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from loanfacts.cli.shared import (
    FactsOpt,
    Format,
    FormatOpt,
    JsonOpt,
    app,
    emit,
    environ,
    markdown,
    pick_format,
    table,
)
from loanfacts.model.errors import ExitCode, FactsFileError

if TYPE_CHECKING:
    from loanfacts.model.records import ValidationRecord


@app.command()
def validate(
    path: Annotated[
        str | None, typer.Argument(metavar="PATH", help="Facts file (default as for --facts).")
    ] = None,
    facts: FactsOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also fail (exit 1) while any record holds a 'DRAFT:' placeholder from "
            "extract; each is listed on stderr.",
        ),
    ] = False,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Check a facts file and list every problem, not just the first; exit 0 or 3.
    Warnings (a reference source without publisher or date) are listed too, and leave the
    file valid. With --strict, a file whose records still hold extract's DRAFT: placeholders
    exits 1 and lists them.

    \b
    Examples:
      loanfacts validate my-facts.json
      loanfacts validate my-facts.json --json | jq '.problems[].message'
    """
    from loanfacts.model import store
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables

    target = store.resolve_path(path if path is not None else facts, environ())
    try:
        file, problems = store.check_bytes(store.read_bytes(target))
    except FactsFileError as exc:
        file, problems = None, exc.problems
    problem_records = [p.to_json() for p in problems]
    warning_records = [w.to_json() for w in store.provenance_warnings(file)] if file else []
    payload: ValidationRecord = {
        "file": str(target),
        "valid": not problems,
        "facts": len(file.facts) if file else None,
        "problems": problem_records,
        "warnings": warning_records,
    }
    fmt = pick_format(fmt, as_json)
    rows = [{**p, "level": "error"} for p in problem_records] + [
        {**w, "level": "warning"} for w in warning_records
    ]
    emit(
        Format.json if fmt is Format.jsonl else fmt,
        payload,
        rows=rows,
        columns=["index", "id", "field", "message", "level"],
        as_table=table(tables.problems_table, str(target), problem_records) if problems else None,
        as_markdown=markdown(md.problems_markdown, problem_records) if problems else None,
    )
    if not problems and fmt in (Format.table, Format.markdown):
        from loanfacts.render import clean

        counted = f", {len(warning_records)} warning(s)" if warning_records else ""
        sys.stdout.write(f"{clean(str(target))}: valid, {payload['facts']} facts{counted}\n")
        if warning_records and fmt is Format.table:
            table(tables.problems_table, str(target), warning_records, "warning")()
        elif warning_records:
            markdown(md.problems_markdown, warning_records)()
    if problems:
        raise typer.Exit(int(ExitCode.DATA))
    if strict and file is not None:
        from loanfacts.intake.misreads import placeholders
        from loanfacts.render import clean

        left = placeholders(file.facts)
        for p in left:
            sys.stderr.write(
                f"loanfacts: {clean(p['id'])}: {p['field']} is still a DRAFT: placeholder\n"
            )
        if left:
            sys.stderr.write(
                f"loanfacts: {len(left)} placeholder(s) left in {clean(str(target))}: "
                "write them before the file is used\n"
            )
            raise typer.Exit(int(ExitCode.NO_MATCH))


class SchemaFormat(StrEnum):
    json = "json"


@app.command()
def schema(
    fmt: Annotated[
        SchemaFormat, typer.Option("--format", "-f", help="The schema is JSON; no other format.")
    ] = SchemaFormat.json,
    as_json: JsonOpt = False,
) -> None:
    """The JSON Schema (draft 2020-12) of a facts file, for an editor to check a file as it
    is typed: every field as strict as validate. No --facts: it describes any facts file.

    What no schema can state, validate checks: unique ids, relations and documents that
    resolve, a duration that ends after it starts.

    \b
    Examples:
      loanfacts schema > facts.schema.json
      loanfacts schema | jq '.["$defs"].Fact.properties.value'
    """
    from loanfacts.model.models import json_schema
    from loanfacts.render.json import write_json

    write_json(json_schema())
