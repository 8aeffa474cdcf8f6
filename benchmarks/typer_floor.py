"""A Typer app with `show`'s parameters that does no work: what Typer itself costs per call.

It prints what `loanfacts show` prints when nothing matched: `[]` with --json, else a rich
table of one row (rich imported as loanfacts imports it, for tables only). Typer 0.29 coerces
every parameter through a pydantic TypeAdapter when a command runs, so a command pays for
importing pydantic's schema machinery even when the tool does nothing; the benchmark times
this next to `loanfacts show` to tell Typer's share from loanfacts' own.

    python benchmarks/typer_floor.py show manufacturing --json
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

app = typer.Typer(add_completion=True, rich_markup_mode=None)


class Format(StrEnum):
    table = "table"
    json = "json"


@app.callback()
def root() -> None:
    """Nothing."""


@app.command()
def show(
    topic: Annotated[str, typer.Argument()],
    facts: Annotated[str | None, typer.Option("--facts")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    unit: Annotated[str | None, typer.Option("--unit", "-u")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache")] = False,
) -> None:
    """Parse show's options and print an empty answer."""
    if as_json or fmt is Format.json:
        sys.stdout.write("[]\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{topic}: 1 figure(s)")
    for column in ("figure · id · where", "value", "date"):
        table.add_column(column)
    table.add_row(topic, "1 billion yuan", "as of 2025-06-30")
    Console(highlight=False, emoji=False).print(table)


if __name__ == "__main__":
    app(prog_name="typer-floor")
