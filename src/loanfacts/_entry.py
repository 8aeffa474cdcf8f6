"""Console-script entry: take over Ctrl-C before the slow imports, then run the CLI.

Importing typer, rich and pydantic takes a noticeable part of a second; a Ctrl-C in that
time used to end in a KeyboardInterrupt traceback, because cli.main() installs its handler
only once the cli package is imported. This module imports nothing heavy.
"""

from __future__ import annotations

import gc
import signal
import sys

from loanfacts.cleanup import on_interrupt  # the standard library and the ExitCode enum


def main() -> None:
    signal.signal(signal.SIGINT, on_interrupt)
    # the modules' objects live as long as the process: a full collection halfway through
    # the imports (about 20 ms, measured with -X importtime) finds nothing to free, and once
    # frozen they are left out of every later one
    gc.disable()
    try:
        from loanfacts.cli import main as cli_main
        from loanfacts.cli import preload

        preload(sys.argv[1:])
    finally:
        gc.freeze()
        gc.enable()
    cli_main()
