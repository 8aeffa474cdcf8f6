"""One exception family; every error knows the exit status it ends the process with."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loanfacts.model.records import ProblemRecord


class ExitCode(IntEnum):
    """Exit statuses, documented in README and in `loanfacts --help`."""

    OK = 0
    NO_MATCH = 1
    USAGE = 2
    DATA = 3
    OUTPUT = 4  # the output could not be written whole (disk full, stdout closed)
    INTERRUPTED = 130
    PIPE_CLOSED = 141  # the reader left early (`| head`): quiet, as for tools SIGPIPE ends


class LoanfactsError(Exception):
    """Base of every error the CLI reports as one line on stderr."""

    exit_code: ExitCode = ExitCode.DATA


class NoMatchError(LoanfactsError):
    """A lookup found nothing; scripts branch on exit status 1."""

    exit_code = ExitCode.NO_MATCH


class UsageError(LoanfactsError):
    """Arguments that parse but make no sense, e.g. an unknown unit."""

    exit_code = ExitCode.USAGE


class OutputError(LoanfactsError):
    """Standard output refused a write: what was written may be cut, so never status 0."""

    exit_code = ExitCode.OUTPUT

    def __init__(self, code: int | None, reason: str) -> None:
        self.errno = code
        super().__init__(f"cannot write the output: {reason}")


class NotIndexable(Exception):  # a verdict, not a failure
    """A facts file the index leaves to the full check in store.py: invalid, or shaped
    unusually. Never shown: the command reads the file whole and reports it exactly."""


class IndexDamaged(Exception):
    """An index that fails while it is read: a page SQLite cannot read, a table gone, a row
    that no longer validates or no longer matches its checksum. Never shown: the command
    answers from the file and deletes the index, so the next look-up builds it again."""


class Problem:
    """One thing wrong with a facts file, located as precisely as the file allows."""

    __slots__ = ("field", "index", "message", "record_id")

    def __init__(
        self,
        message: str,
        *,
        index: int | None = None,
        record_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.index = index
        self.record_id = record_id
        self.field = field

    def where(self) -> str:
        """`record 3 (id 'x'), field 'value'` or whatever part of that is known."""
        parts: list[str] = []
        if self.index is not None:
            rec = f"record {self.index}"
            if self.record_id:
                rec += f" (id {self.record_id!r})"
            parts.append(rec)
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def render(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message

    def to_json(self) -> ProblemRecord:
        return {
            "index": self.index,
            "id": self.record_id,
            "field": self.field,
            "message": self.message,
        }


class FactsFileError(LoanfactsError):
    """A facts file that is missing, unreadable or invalid; it is refused whole."""

    exit_code = ExitCode.DATA

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0].render() if problems else "invalid"
        more = len(problems) - 1
        tail = f" (and {more} more; run 'loanfacts validate {path}')" if more > 0 else ""
        super().__init__(f"{path}: {first}{tail}")


class ReportError(LoanfactsError):
    """A report that cannot be read as UTF-8 text; extract and coverage exit 3 on it."""

    exit_code = ExitCode.DATA

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")
