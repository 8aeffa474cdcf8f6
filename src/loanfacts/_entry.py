"""Console-script entry: take over Ctrl-C before the slow imports, then run the CLI.

Importing typer, rich and pydantic takes a noticeable part of a second; a Ctrl-C in that
time used to end in a KeyboardInterrupt traceback, because cli.main() installs its handler
only once the cli package is imported. This module imports nothing heavy.
"""

from __future__ import annotations

import gc
import os
import signal
import sys

from loanfacts.cleanup import remove_all  # standard library only
from loanfacts.model.errors import ExitCode  # an enum and nothing else: cheap to import


def on_interrupt(signum: int, frame: object) -> None:
    """One line and status 130, whatever was running; no traceback, and no half-built index
    left behind (cleanup.py)."""
    remove_all()
    sys.stderr.write("loanfacts: interrupted\n")
    sys.stderr.flush()
    os._exit(int(ExitCode.INTERRUPTED))


def main() -> None:
    signal.signal(signal.SIGINT, on_interrupt)
    # the modules' objects live as long as the process: a full collection halfway through
    # the imports (about 20 ms, measured with -X importtime) finds nothing to free, and once
    # frozen they are left out of every later one
    gc.disable()
    try:
        from loanfacts.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    cli_main()
