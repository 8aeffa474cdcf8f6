"""Regenerate the README pictures: run real loanfacts commands, export what they print as SVG.

    .venv/bin/python docs/make_screenshots.py          # writes docs/*.svg
    .venv/bin/python docs/make_screenshots.py OUTDIR   # writes elsewhere (the test does this)

Run it with the Python that has loanfacts installed (the venv's, as above, or `python` in an
activated venv): it imports loanfacts, typer and rich, and says so when they are missing.

Each command runs in-process through the Typer app (typer's CliRunner), exactly as a user
would type it; its tables are drawn on a recording rich Console instead of the terminal: 100
columns, truecolor, block characters, the bundled facts file, no clock and a fixed title, so
the same code and data always give the same bytes. `tests/test_screenshots.py` regenerates the
pictures into a temporary folder and fails when they differ from the committed ones; after a
deliberate change to the output, run this script and commit the new SVGs. (A new rich release
may change the SVG markup itself: regenerate then, too.)
"""

from __future__ import annotations

import io
import shlex
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

try:
    from rich.console import Console
    from rich.text import Text
    from typer.main import get_command
    from typer.testing import CliRunner

    from loanfacts.cli import app
except ModuleNotFoundError as missing:
    sys.exit(
        f"make_screenshots.py: {sys.executable} cannot import {missing.name}; run it "
        "with the Python that has loanfacts installed: "
        ".venv/bin/python docs/make_screenshots.py"
    )

DOCS = Path(__file__).resolve().parent
FACTS = DOCS.parent / "facts.json"
WIDTH = 100

# file name (without .svg) -> the command line after `loanfacts`
SHOTS: dict[str, list[str]] = {
    "show": ["show", "manufacturing"],
    "compare": ["compare", "manufacturing", "high-tech"],
    "derive": ["derive", "manufacturing"],
    "audit": ["audit"],
    "check": [
        "check",
        "Manufacturing loans topped 9 trillion yuan by June 2025, up 31.43%, "
        "ahead of all loans by 6.46%. 高技术产业贷款余额1610.12亿元，同比增长14.99%。",
    ],
}
# run with exactly this environment, whatever the machine has set
ENV: dict[str, str | None] = {
    "LOANFACTS_BARS": "blocks",
    "LOANFACTS_FACTS": str(FACTS),
    "COLUMNS": str(WIDTH),
    "NO_COLOR": None,
    "TERM": "xterm-256color",
}


def recorder() -> Console:
    """A terminal of fixed size and colours that keeps what is printed for export."""
    return Console(
        record=True,
        file=io.StringIO(),
        width=WIDTH,
        height=50,
        force_terminal=True,
        color_system="truecolor",
        no_color=False,
        legacy_windows=False,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        _environ={},
    )


@contextmanager
def drawing_on(console: Console) -> Iterator[None]:
    """Send loanfacts' tables to `console` instead of stdout."""
    with mock.patch("loanfacts.render.table.console", lambda stderr=False: console):
        yield


def available() -> set[str]:
    """The commands this build of loanfacts has (audit may not exist yet)."""
    return set(getattr(get_command(app), "commands", {}))


def shoot(args: Sequence[str]) -> Console:
    """Run `loanfacts ARGS` and return the console holding the prompt and what it printed."""
    console = recorder()
    console.print(Text(f"$ loanfacts {shlex.join(args)}", style="bold"))
    with drawing_on(console):
        result = CliRunner().invoke(app, list(args), env=ENV, catch_exceptions=False)
    if result.stdout:  # plain writes (JSON, messages) bypass rich: show them too
        console.print(Text(result.stdout.rstrip("\n")))
    if result.stderr:
        console.print(Text(result.stderr.rstrip("\n"), style="yellow"))
    return console


def generate(outdir: Path) -> tuple[list[Path], list[str]]:
    """Write one SVG per available command; return the files and the skipped shots."""
    outdir.mkdir(parents=True, exist_ok=True)
    commands = available()
    written: list[Path] = []
    skipped: list[str] = []
    for name, args in SHOTS.items():
        if args[0] not in commands:
            skipped.append(name)
            continue
        path = outdir / f"{name}.svg"
        shoot(args).save_svg(
            str(path), title=f"loanfacts {' '.join(args)}", unique_id=f"loanfacts-{name}"
        )
        written.append(path)
    return written, skipped


def main(argv: Sequence[str]) -> int:
    outdir = Path(argv[0]) if argv else DOCS
    written, skipped = generate(outdir)
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
    for name in skipped:
        sys.stdout.write(f"skipped {name}: 'loanfacts {SHOTS[name][0]}' does not exist here\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
