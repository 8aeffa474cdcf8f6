"""A Typer app with `show`'s parameters and no work: what Typer itself costs per call.

Typer 0.29 coerces every parameter through a pydantic TypeAdapter when a command runs, so a
command pays for importing pydantic's schema machinery even when the tool does nothing; the
benchmark times this next to `loanfacts show` to tell Typer's share from loanfacts' own.

    python benchmarks/typer_floor.py show manufacturing --json
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
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
    facts: Annotated[Path | None, typer.Option("--facts")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    unit: Annotated[str | None, typer.Option("--unit", "-u")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache")] = False,
) -> None:
    """Parse show's options and return."""


if __name__ == "__main__":
    app(prog_name="typer-floor")
