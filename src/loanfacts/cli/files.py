"""Commands about facts files themselves: validate and schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode, FactsFileError
from . import (
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


@app.command()
def validate(
    path: Annotated[Path | None, typer.Argument(help="Facts file (default as for --facts).")]
    = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Check a facts file and list every problem, not just the first; exit 0 or 3.
    Warnings (a reference source without publisher or date) are listed too, and leave the
    file valid.

    \b
    Examples:
      loanfacts validate my-facts.json
      loanfacts validate my-facts.json --json | jq '.problems[].message'
    """
    from .. import store

    target = store.resolve_path(path or facts, environ())
    try:
        file, problems = store.check_bytes(store.read_bytes(target))
    except FactsFileError as exc:
        file, problems = None, exc.problems
    problem_records = [p.to_json() for p in problems]
    warning_records = [w.to_json() for w in store.provenance_warnings(file)] if file else []
    payload = {
        "file": str(target),
        "valid": not problems,
        "facts": len(file.facts) if file else None,
        "problems": problem_records,
        "warnings": warning_records,
    }
    fmt = pick_format(fmt, as_json)
    rows = [{**p, "level": "error"} for p in problem_records] + \
        [{**w, "level": "warning"} for w in warning_records]
    emit(Format.json if fmt is Format.jsonl else fmt, payload, rows=rows,
         columns=["index", "id", "field", "message", "level"],
         as_table=table("problems_table", str(target), problem_records) if problems else None,
         as_markdown=markdown("problems_markdown", problem_records) if problems else None)
    if not problems and fmt in (Format.table, Format.markdown):
        from ..render import clean

        counted = f", {len(warning_records)} warning(s)" if warning_records else ""
        sys.stdout.write(f"{clean(str(target))}: valid, {payload['facts']} facts{counted}\n")
        if warning_records and fmt is Format.table:
            table("problems_table", str(target), warning_records, "warning")()
        elif warning_records:
            markdown("problems_markdown", warning_records)()
    if problems:
        raise typer.Exit(int(ExitCode.DATA))


@app.command()
def schema(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Accepted for uniformity; "
                                        "the schema is always JSON.")] = Format.json,
    as_json: JsonOpt = True,
) -> None:
    """The JSON Schema of a facts file, generated from the models.

    \b
    Examples:
      loanfacts schema > facts.schema.json
      loanfacts schema | jq '.properties.facts'
    """
    from ..models import FactsFile
    from ..render.json import write_json

    write_json(FactsFile.model_json_schema())
