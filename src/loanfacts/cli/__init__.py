"""The Typer app: parse options, call the core, hand the result to a renderer, exit.

Only this package imports Typer. The app, the shared options, loading and `emit()` live in
shared.py; the commands by family in lookups.py, analysis.py, files.py, text.py and reports.py,
each registering itself on the app when imported (COMMAND_MODULES: their order is the order of
`--help`). A call that names a command imports that command's module alone; `app`, the whole
app, imports them all. Results are built whole before anything is written, so an error never
leaves partial output on stdout.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from loanfacts import __version__
from loanfacts.cli import shared
from loanfacts.model.errors import ExitCode, OutputError

if TYPE_CHECKING:  # at run time `app` is __getattr__'s: the whole app, every command in it
    from loanfacts.cli.shared import app

__all__ = ["COMMAND_MODULES", "app", "invoked", "main", "preload"]

# The command modules, in the order of `--help`, and the commands each registers on the app
# when imported (the modules import shared.py, never this package); test_startup.py holds this
# to what they register.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "lookups": ("show", "list", "search", "card", "topics"),
    "analysis": ("compare", "derive", "audit"),
    "files": ("validate", "schema"),
    "text": ("check",),
    "reports": ("extract", "coverage", "merge"),
}


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return _whole()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _whole() -> typer.Typer:
    """The app with every command, in the order of COMMAND_MODULES (a command run alone
    first may have registered its module's commands before the others)."""
    for module in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    order = {f"{__name__}.{module}": n for n, module in enumerate(COMMAND_MODULES)}
    shared.app.registered_commands.sort(
        key=lambda info: order.get(getattr(info.callback, "__module__", ""), len(order))
    )
    return shared.app


@shared.app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Look up published figures on bank lending: every number with its date, precision
    and source.

    Try:  loanfacts show manufacturing
          loanfacts derive --json
    """
    if version:
        sys.stdout.write(f"loanfacts {__version__}\n")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        sys.stdout.write(_overview(ctx))
        raise typer.Exit(0)


def _overview(ctx: typer.Context) -> str:
    """`loanfacts` alone: one line per command and the two commands to try first."""
    group = ctx.command
    if not isinstance(group, TyperGroup):
        raise TypeError("the overview is the app's own")
    lines = [
        f"loanfacts {__version__}: published figures on bank lending, each with its date, "
        "precision and source.",
        "",
        "Commands:",
    ]
    names = group.list_commands(ctx)
    width = max(len(n) for n in names)
    for name in names:
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            purpose = command.get_short_help_str(limit=200).split(";")[0].rstrip(".")
            if len(purpose) > 68:
                purpose = purpose[:67].rsplit(" ", 1)[0].rstrip(",;:(") + "…"
            lines.append(f"  {name:<{width}}  {purpose}")
    lines += [
        "",
        "Try first:",
        "  loanfacts topics",
        "  loanfacts show manufacturing",
        "",
        "'loanfacts COMMAND --help' for options and examples; 'loanfacts --help' for all.",
        "",
    ]
    return "\n".join(lines)


def preload(argv: Sequence[str]) -> None:
    """Import what Typer imports to read any command's parameters: pydantic's schema machinery
    (typer._adapters), for every call but `--help` alone. The console entry calls this while
    the cyclic collector is off and then freezes what was made, as it does for this package:
    imported later, those modules' objects were walked by 20-odd collections for nothing
    (about 3% of `show manufacturing --json`, measured in instructions: start-up, issue 20)."""
    if argv[:1] in (["--help"], ["-h"]):
        return
    with contextlib.suppress(ImportError):  # a Typer without it: nothing to take ahead
        importlib.import_module("typer._adapters")


def _start_builds() -> None:
    """The indexes a look-up answered without (from the file), built now that the answer is
    written, in the background (index.start_builds)."""
    index = sys.modules.get("loanfacts.index")
    if index is not None:
        from loanfacts.index import start_builds

        start_builds(os.environ)


def main() -> None:
    """Console-script entry: UTF-8 out, quiet on Ctrl-C and on a closed pipe, one line and
    status 4 when the output cannot be written."""
    from loanfacts.cleanup import on_interrupt
    from loanfacts.render import output

    signal.signal(signal.SIGINT, on_interrupt)
    reconfigure = getattr(sys.stderr, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="replace")
    output.quiet_stderr()
    status: str | int | None = 0
    try:
        output.install()
        try:
            invoked(sys.argv[1:])(prog_name="loanfacts")
        except SystemExit as exc:
            status = exc.code
        sys.stdout.flush()
        _start_builds()
    except OutputError as exc:
        _discard_stdout()
        _start_builds()
        if exc.errno == errno.EPIPE:  # the reader left (`| head`): not worth a word
            sys.exit(int(ExitCode.PIPE_CLOSED))
        sys.stderr.write(f"loanfacts: error: {exc}\n")
        sys.exit(int(exc.exit_code))
    sys.exit(status)


def invoked(argv: Sequence[str]) -> typer.Typer:
    """The app with only the command argv names, when it names one first: only that
    command's module is imported, and Typer, which builds a Click command (every parameter,
    its help and its type) for each command it holds, builds that one. Anything else (no
    command, an option first, a word that is no command's name, shell completion, which lists
    the commands) gets the whole app."""
    import copy

    from typer.main import get_command_name

    if not argv or argv[0].startswith("-") or "_LOANFACTS_COMPLETE" in os.environ:
        return _whole()
    module = next((m for m, names in COMMAND_MODULES.items() if argv[0] in names), None)
    if module is None:
        return _whole()
    importlib.import_module(f"{__name__}.{module}")
    chosen = [
        info
        for info in shared.app.registered_commands
        if (info.name or get_command_name(getattr(info.callback, "__name__", ""))) == argv[0]
    ]
    narrowed = copy.copy(shared.app)  # the same callback and settings; app stays whole
    narrowed.registered_commands = chosen
    return narrowed


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that what is still buffered goes nowhere at exit instead
    of failing again (the Python docs' note on SIGPIPE)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
