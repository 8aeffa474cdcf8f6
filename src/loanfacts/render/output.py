"""Standard output that reports every failed write.

Python's own stdout can lose output without a word: when the disk fills half-way through a
large write, the buffered layer returns a short count and the text layer above it ignores it,
so `loanfacts list --json > file` used to exit 0 with the file cut. Here every byte is written
or the write raises OutputError, which the CLI turns into one line and exit status 4. It is not
an OSError, so that click, which ends any EPIPE with status 1, never takes it for its own.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys

from loanfacts.model.errors import OutputError


class _WholeWrites(io.RawIOBase):
    """File descriptor 1, written in full: a short write is followed up until every byte is
    out or the system says why not."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        done = 0
        try:
            while done < len(view):
                done += os.write(self.fd, view[done:])
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror or str(exc)) from None
        return done


def install() -> None:
    """Replace sys.stdout by a UTF-8 text stream over _WholeWrites, buffered as the original
    was (by line on a terminal); raise OutputError when standard output is closed."""
    original = sys.stdout
    if original is None:
        raise OutputError(errno.EBADF, "standard output is closed")
    try:
        fd = original.fileno()
    except (OSError, ValueError):
        return  # not a file (an embedding program's stream): leave it as it is
    tty = os.isatty(fd)
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_WholeWrites(fd)),
        encoding="utf-8",
        errors="replace",
        line_buffering=tty,
        write_through=False,
    )


class _QuietErrors(io.TextIOBase):
    """Standard error that gives up quietly: when it cannot be written (`2>/dev/full`, a
    closed descriptor) the message is lost, and the command still ends with its own status
    (docs/faults.md), not Python's 120 or a traceback about the message."""

    def __init__(self, stream: io.TextIOBase) -> None:
        super().__init__()
        self._stream = stream

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        try:
            return self._stream.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        return self._stream.fileno()

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, ValueError):
            self._stream.write(text)
            self._stream.flush()
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._stream.flush()


def quiet_stderr() -> None:
    """Wrap sys.stderr in _QuietErrors (nothing to do when it is closed already)."""
    if sys.stderr is not None and not isinstance(sys.stderr, _QuietErrors):
        sys.stderr = _QuietErrors(sys.stderr)  # type: ignore[arg-type]
