"""Console-script entry: take over Ctrl-C before the slow imports, then run the CLI.

Importing typer, rich and pydantic takes a noticeable part of a second; a Ctrl-C in that
time used to end in a KeyboardInterrupt traceback, because cli.main() installs its handler
only once cli.py is imported. This module imports nothing heavy.
"""

from __future__ import annotations

import os
import signal
import sys

INTERRUPTED = 130  # ExitCode.INTERRUPTED, kept literal so that nothing is imported first


def _interrupted(signum: int, frame: object) -> None:
    sys.stderr.write("loanfacts: interrupted\n")
    sys.stderr.flush()
    os._exit(INTERRUPTED)


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    from .cli import main as cli_main

    cli_main()
