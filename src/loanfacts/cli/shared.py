"""What every command shares: the app they register on, the shared options, loading, and
`emit()`. The commands live by family in lookups.py, analysis.py, files.py, text.py and
reports.py and import this module; cli/__init__.py imports them (so none imports it back).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar, overload

import typer
from typer.core import TyperGroup

from loanfacts.model.errors import ExitCode, LoanfactsError, NoMatchError, OutputError

if TYPE_CHECKING:  # the commands import these lazily: --help and completion skip pydantic
    from rich.console import RenderableType

    from loanfacts.index import Index, Stream
    from loanfacts.index.stream import FileScan
    from loanfacts.lookup.query import Filters
    from loanfacts.model.records import FactRecord
    from loanfacts.model.store import FactBase
    from loanfacts.views import Display

EXIT_STATUSES = (
    "Exit status: 0 ok, 1 nothing matched, 2 usage error, "
    "3 facts file missing, unreadable or invalid, 4 output could not be written (disk full, "
    "stdout closed), 130 interrupted, 141 reader left early (| head; quiet)."
)


class OneLineErrors(TyperGroup):
    """Usage errors (an unknown option, a missing argument, a bad choice) as one line on
    stderr, `loanfacts: error: ...`, like every other message, with exit status 2. Click
    prints four lines (usage, hint, blank, error); --help and the rest are untouched."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        try:
            # not standalone: Click raises its errors here instead of printing them, and
            # returns the status of a typer.Exit (what `handled` and --help raise)
            status = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except typer.TyperException as exc:
            sys.stderr.write(f"loanfacts: error: {usage_line(exc)}\n")
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write("loanfacts: aborted\n")
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


def usage_line(exc: typer.TyperException) -> str:
    """Click's message, in the house style, and where to read the usage."""
    from loanfacts.render import clean

    message = clean(exc.format_message()).replace("Value error, ", "").strip().rstrip(".")
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    command = getattr(getattr(exc, "ctx", None), "command_path", None)  # usage errors only
    if not isinstance(command, str) or not command:
        command = "loanfacts"
    return f"{message} (see '{command} --help')"


app = typer.Typer(
    name="loanfacts",
    cls=OneLineErrors,
    help="Look up published figures on bank lending: every number with its date, precision "
    "and source.",
    epilog=EXIT_STATUSES,
    add_completion=True,
    no_args_is_help=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


# a str, not a Path: click's path checks would answer an unreadable file with a usage block
# and exit 2, and turn '' into '.'; store.read_bytes words every problem (exit 3, one line)
FactsOpt = Annotated[
    str | None,
    typer.Option(
        "--facts",
        metavar="PATH",
        help="Facts file to read (default: $LOANFACTS_FACTS, else the bundled one).",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read the facts file whole, without the index kept in "
        "the cache folder ($LOANFACTS_CACHE_DIR) for large files.",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
UnitOpt = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-u",
        metavar="UNIT",
        help="Show money in yuan, thousand, million, billion, trillion, wan/万, "
        "yi/亿 or wanyi/万亿.",
    ),
]

P = ParamSpec("P")
T = TypeVar("T")


def _candidates(
    ctx: typer.Context, incomplete: str, ids_only: bool = False
) -> list[tuple[str, str]]:
    """Completion: read the facts file --facts (if typed already) or the default names."""
    from loanfacts.lookup import complete
    from loanfacts.model import store

    env = environ()
    path = store.resolve_path(ctx.params.get("facts"), env)
    shell = env.get("_LOANFACTS_COMPLETE", "").removeprefix("complete_")
    if store.index_pays(path, env):
        from loanfacts.index import existing_index

        index = existing_index(path, env)
        if index is not None:
            words = index.completions(incomplete, ids_only)
            return complete.for_shell([(word, "") for word in words], shell)
    return complete.for_shell(complete.matching(complete.names(path, ids_only), incomplete), shell)


def complete_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Topics, aliases and ids for show, compare and derive."""
    return _candidates(ctx, incomplete)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Fact ids for card."""
    return _candidates(ctx, incomplete, ids_only=True)


def environ() -> Mapping[str, str]:
    return os.environ


def note(message: str) -> None:
    """One line on stderr, `loanfacts: ...`, control characters removed."""
    from loanfacts.render import clean

    sys.stderr.write(f"loanfacts: {clean(message)}\n")


def fail(message: str, code: ExitCode) -> typer.Exit:
    note(message)
    return typer.Exit(int(code))


def handled(func: Callable[P, None]) -> Callable[P, None]:
    """Turn the exception family into one line on stderr and its exit status."""

    @functools.wraps(func)  # keeps the signature Typer reads
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            func(*args, **kwargs)
        except OutputError:
            raise  # main() ends it, once the rest of the output is discarded
        except NoMatchError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except LoanfactsError as exc:
            raise fail(f"error: {exc}", exc.exit_code) from None

    return wrapper


def pick_format(fmt: Format, as_json: bool) -> Format:
    """--json is --format json; with another --format it is a contradiction, not a choice."""
    from loanfacts.model.errors import UsageError

    if as_json and fmt not in (Format.table, Format.json):
        raise UsageError(f"--json and --format {fmt.value} disagree; give one of them")
    return Format.json if as_json else fmt


@overload
def load_facts(facts: str | None) -> FactBase: ...


@overload
def load_facts(
    facts: str | None,
    no_cache: bool,
    narrow: Callable[[Index], T],
    scan: Callable[[FileScan], T] | None = None,
) -> FactBase | T: ...


def load_facts(
    facts: str | None,
    no_cache: bool = True,
    narrow: Callable[[Index], T] | None = None,
    scan: Callable[[FileScan], T] | None = None,
) -> FactBase | T:
    """The facts a command reads (api.narrowed): with `narrow` (and no --no-cache) what
    narrow takes from the index of a large file (index/), or before it is built what `scan`
    keeps of the file; else every fact of the file."""
    from loanfacts import api

    if narrow is None:
        return api.narrowed(facts, no_cache, None, environ(), warn=note)
    return api.narrowed(facts, no_cache, narrow, environ(), warn=note, scan=scan)


def display_for(unit: str | None) -> Display:
    from loanfacts import api

    return api.display_for(unit)


def mark_findings(named: Mapping[str, list[str]], records: Sequence[FactRecord]) -> None:
    from loanfacts import api

    api.mark_findings(named, records)


Draw = Callable[[], None]


def table(render: Callable[P, Sequence[RenderableType]], *args: P.args, **kwargs: P.kwargs) -> Draw:
    """A table to draw later with one of render.table's functions, called with these
    arguments (type-checked against it); rich is imported only when a table is drawn."""

    def draw() -> None:
        from loanfacts.render.table import print_renderables

        print_renderables(render(*args, **kwargs))

    return draw


def markdown(render: Callable[P, str], *args: P.args, **kwargs: P.kwargs) -> Draw:
    """Markdown to write later with one of render.markdown's functions."""

    def draw() -> None:
        from loanfacts.render.markdown import write_markdown

        write_markdown(render(*args, **kwargs))

    return draw


def emit(
    fmt: Format,
    payload: object,
    *,
    rows: Sequence[Mapping[str, object]] | None = None,
    columns: Sequence[str] | None = None,
    as_table: Draw | None = None,
    as_markdown: Draw | None = None,
) -> None:
    """Write one result in the format asked for. JSON is the whole payload; JSON Lines and
    CSV write `rows` (the payload itself when it is a list); a table or Markdown is drawn
    only when given (nothing to draw: nothing on stdout)."""
    from loanfacts.model.errors import UsageError

    if rows is None:
        if not isinstance(payload, list):
            raise TypeError("emit: give the rows of a payload that is not a list")
        rows = payload
    if fmt is Format.json:
        from loanfacts.render.json import write_json

        write_json(payload)
    elif fmt is Format.jsonl:
        from loanfacts.render.json import write_jsonl

        write_jsonl(rows)
    elif fmt is Format.csv:
        if columns is None:
            raise UsageError("this result has no CSV form; use --json")
        from loanfacts.render.csv import write_csv

        write_csv(rows, list(columns))
    elif fmt is Format.markdown:
        if as_markdown is not None:
            as_markdown()
    elif as_table is not None:
        as_table()


def emit_facts(
    records: list[FactRecord], fmt: Format, subject: str, extra: Sequence[str] = ()
) -> None:
    """Facts in any format; a table's heading counts them under `subject`; CSV has a column
    for each field of the JSON record (`extra` ones after them)."""
    from loanfacts.views import FACT_COLUMNS

    as_table = as_markdown = None  # the renderers' modules are imported for their format only
    if fmt is Format.table and records:
        from loanfacts.render import table as tables

        as_table = table(tables.facts_tables, records, subject)
    elif fmt is Format.markdown:
        from loanfacts.render import markdown as md

        as_markdown = markdown(md.facts_markdown, records)
    emit(
        fmt,
        records,
        columns=[*FACT_COLUMNS, *extra],
        as_table=as_table,
        as_markdown=as_markdown,
    )


def stream_facts(base: Stream, filters: Filters, display: Display, fmt: Format) -> int:
    """`list` from the index in file order: records written as they are read, report
    figures first (as api.fact_records orders them); the bytes are those emit_facts writes."""
    from loanfacts.model.errors import IndexDamaged
    from loanfacts.views import FACT_COLUMNS, fact_record

    count = 0

    def records() -> Iterator[FactRecord]:
        nonlocal count
        for reference in (False, True):
            try:
                for batch, flags in base.batches(reference):
                    chosen = [
                        fact_record(f, reference, display) for f in batch if filters.accepts(f)
                    ]
                    mark_findings(flags, chosen)
                    count += len(chosen)
                    yield from chosen
            except IndexDamaged as exc:  # checked whole before the first line; hardly here
                base.index.discard()
                raise OutputError(
                    None,
                    f"the index of {base.path} broke half-way ({exc}); "
                    "it is removed: run the command again",
                ) from None

    if fmt is Format.json:
        from loanfacts.render.json import write_json_stream

        write_json_stream(records())
    elif fmt is Format.jsonl:
        from loanfacts.render.json import write_jsonl

        write_jsonl(records())
    else:
        from loanfacts.render.csv import write_csv

        write_csv(records(), FACT_COLUMNS)
    return count
