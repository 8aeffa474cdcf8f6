"""Text commands: check (a sentence or a whole draft against the facts)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from loanfacts.cli.shared import (
    FactsOpt,
    Format,
    FormatOpt,
    JsonOpt,
    NoCacheOpt,
    app,
    emit,
    environ,
    handled,
    markdown,
    pick_format,
    table,
)
from loanfacts.model.errors import ExitCode, UsageError

MAX_TEXT_BYTES = 16 * 1024**2  # a draft, not a corpus
CHECK_COLUMNS = [
    "text",
    "verdict",
    "fact",
    "published",
    "value",
    "unit",
    "scale",
    "qualifier",
    "date",
    "note",
    "sentence",
    "findings",
]


def _decode(raw: bytes, where: str) -> str:
    if len(raw) > MAX_TEXT_BYTES:
        raise UsageError(f"{where}: text too large (over {MAX_TEXT_BYTES} bytes)")
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not valid UTF-8 (byte {exc.start})") from None


def read_text(words: list[str], file: Path | None) -> str:
    """The text to check: the words joined, standard input ('-' or a pipe), or a file."""
    if file is not None:
        if words:
            raise UsageError("give the text or --file, not both")
        try:
            with file.open("rb") as stream:
                raw = stream.read(MAX_TEXT_BYTES + 1)
        except FileNotFoundError:
            raise UsageError(f"{file}: no such file") from None
        except IsADirectoryError:
            raise UsageError(f"{file}: is a directory") from None
        except OSError as exc:
            raise UsageError(f"{file}: cannot read: {exc.strerror or exc}") from None
        return _decode(raw, str(file))
    if sys.stdin is None and (words == ["-"] or not words):  # `check <&-`
        raise UsageError("standard input is closed; give the text to check or --file PATH")
    if words == ["-"] or (not words and not sys.stdin.isatty()):
        return _decode(sys.stdin.buffer.read(MAX_TEXT_BYTES + 1), "standard input")
    if not words:
        raise UsageError(
            "give the text to check, '-' to read it from standard input, or --file PATH"
        )
    return " ".join(words)


@app.command()
@handled
def check(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help="The text to check (the words are joined); '-' reads standard input.",
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", metavar="PATH", help="Read the text from a file (UTF-8; Markdown is fine)."
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 also when a figure was compared with a fact the audit has findings "
            "on (⚑), whatever its verdict: an editor's gate.",
        ),
    ] = False,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Check every figure of a sentence or a draft against the facts: supported,
    consistent, contradicted, scale, unit, date or unknown. A figure compared with a fact
    the audit has findings on carries them (⚑; `findings` in JSON); the verdict stays.

    Exit status 0 when every figure is supported or consistent; 1 for any other verdict or
    when the text holds no figure; with --strict, 1 also when any figure carries findings.

    \b
    Examples:
      loanfacts check "High-tech loans reached 1,610.12 billion yuan by June 30, up 14.99%"
      echo "制造业贷款余额突破9000亿元" | loanfacts check -
      loanfacts check --file draft.md --format markdown > checked.md
    """
    from loanfacts import api
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables
    from loanfacts.views import check_csv_rows

    text = read_text(list(words or []), file)
    fmt = pick_format(fmt, as_json)
    result = api.check(text, facts=facts, no_cache=no_cache, env=environ())
    records = result.records
    emit(
        fmt,
        result.payload(),
        rows=check_csv_rows(records) if fmt is Format.csv else records,
        columns=CHECK_COLUMNS,
        as_table=table(tables.check_tables, records, result.summary, result.sentences > 1)
        if records
        else None,
        as_markdown=markdown(md.check_markdown, text, records),
    )
    if not records:
        sys.stderr.write("loanfacts: no figures found in the text\n")
        raise typer.Exit(int(ExitCode.NO_MATCH))
    if not result.passed or (strict and any(r["findings"] for r in records)):
        raise typer.Exit(int(ExitCode.NO_MATCH))
