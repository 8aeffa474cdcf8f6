"""Files to delete if the process is stopped half-way (Ctrl-C, SIGTERM, SIGHUP).

An index build writes a temporary file of hundreds of megabytes; a signal must not leave it
behind. The Ctrl-C handler (on_interrupt, installed by _entry.py and cli.main) and the
handlers a build installs call `remove_all`. The standard library and the ExitCode enum only,
imported by the entry point before anything heavy.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType

from loanfacts.model.errors import ExitCode  # an enum and nothing else: cheap to import

_PENDING: set[str] = set()
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def remove_all() -> None:
    for path in list(_PENDING):
        with suppress(OSError):
            os.unlink(path)
        _PENDING.discard(path)


def _stop(signum: int, frame: FrameType | None) -> None:
    """Delete the pending files, then die of the signal as if it had not been caught."""
    remove_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


@contextmanager
def removed_if_stopped(make: Callable[[], str]) -> Iterator[str]:
    """Make a file (`make` returns its path) that, while the block runs, a SIGTERM or SIGHUP
    (or Ctrl-C, through _entry) deletes before the process ends. The handlers are in place
    first, and these signals are held back while the file is made and registered, so none
    can fall between the two and leave the file behind."""
    previous = {}
    for signum in SIGNALS:
        with suppress(ValueError, OSError):  # only the main thread may set handlers
            previous[signum] = signal.signal(signum, _stop)
    path: str | None = None
    try:
        with _held():
            path = make()
            _PENDING.add(path)
        yield path
    finally:
        for signum, handler in previous.items():
            with suppress(ValueError, OSError):
                signal.signal(signum, handler)
        if path is not None:
            _PENDING.discard(path)


@contextmanager
def _held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP held back (delivered when the block ends), where the
    platform can hold signals."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - not on POSIX
        yield
        return
    held = {signal.SIGINT, *SIGNALS}
    before = mask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, before)


def on_interrupt(signum: int, frame: object) -> None:
    """One line and status 130, whatever was running; no traceback, and no half-built index
    left behind (remove_all)."""
    remove_all()
    sys.stderr.write("loanfacts: interrupted\n")
    sys.stderr.flush()
    os._exit(int(ExitCode.INTERRUPTED))
