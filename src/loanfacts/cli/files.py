"""Commands about facts files themselves: validate and schema."""

from __future__ import annotations

import sys
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
    path: Annotated[str | None, typer.Argument(metavar="PATH",
                                               help="Facts file (default as for --facts).")]
    = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Check a facts file and list every problem, not just the first; exit 0 or 3.

    \b
    Examples:
      loanfacts validate my-facts.json
      loanfacts validate my-facts.json --json | jq '.problems[].message'
    """
    from .. import store

    target = store.resolve_path(path if path is not None else facts, environ())
    try:
        file, problems = store.check_bytes(store.read_bytes(target))
    except FactsFileError as exc:
        file, problems = None, exc.problems
    problem_records = [p.to_json() for p in problems]
    payload = {
        "file": str(target),
        "valid": not problems,
        "facts": len(file.facts) if file else None,
        "problems": problem_records,
    }
    fmt = pick_format(fmt, as_json)
    emit(Format.json if fmt is Format.jsonl else fmt, payload, rows=problem_records,
         columns=["index", "id", "field", "message"],
         as_table=table("problems_table", str(target), problem_records) if problems else None,
         as_markdown=markdown("problems_markdown", problem_records) if problems else None)
    if not problems and fmt in (Format.table, Format.markdown):
        from ..render import clean

        sys.stdout.write(f"{clean(str(target))}: valid, {payload['facts']} facts\n")
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
