"""Console-script entry: take over Ctrl-C before the slow imports, then run the CLI.

Importing typer, rich and pydantic takes a noticeable part of a second; a Ctrl-C in that
time used to end in a KeyboardInterrupt traceback, because cli.main() installs its handler
only once the cli package is imported. This module imports nothing heavy.
"""

from __future__ import annotations

import signal

from loanfacts.cleanup import on_interrupt  # the standard library and the ExitCode enum


def main() -> None:
    signal.signal(signal.SIGINT, on_interrupt)
    from loanfacts.cli import main as cli_main

    cli_main()
