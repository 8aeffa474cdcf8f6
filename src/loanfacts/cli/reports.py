"""Commands that bring in a report: extract (draft records) and coverage (what is missing)."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from loanfacts.cli.shared import (
    FactsOpt,
    Format,
    JsonOpt,
    app,
    emit,
    environ,
    handled,
    pick_format,
)
from loanfacts.model.errors import ExitCode, LoanfactsError, NoMatchError, UsageError
from loanfacts.render import clean

if TYPE_CHECKING:
    from loanfacts.model.records import DraftRecord, ExtractPreview
    from loanfacts.recognize.paragraphs import Report

ReportArg = Annotated[
    Path,
    typer.Argument(
        help="The report: plain UTF-8 text, one paragraph "
        "a line (the title is paragraph 1); '-' reads standard input."
    ),
]
DocumentOpt = Annotated[
    str,
    typer.Option(
        "--document",
        "-d",
        metavar="ID",
        help="The report's document id, e.g. henan-manufacturing-loans-2025.",
    ),
]
AutoFormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="Output format (default: a table on a terminal, JSON on a pipe)."
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="YYYY-MM-DD",
        help="The report's publication date: the anchor for dates printed without a year "
        "('end of September', 'last month', 上半年). Default: the report's dateline, if any.",
    ),
]
WrappedOpt = Annotated[
    bool,
    typer.Option(
        "--wrapped",
        help="Paragraphs are wrapped over several lines and end at blank lines "
        "(a Markdown file is read so by itself).",
    ),
]
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DRAFT_COLUMNS = [
    "id",
    "topic",
    "measure",
    "entity",
    "value",
    "unit",
    "scale",
    "qualifier",
    "period.type",
    "period.date",
    "period.start",
    "period.end",
    "source.paragraph",
    "source.text",
    "relations.growth_of",
    "relations.gap_of",
    "relations.part_of",
    "relations.distributed_over",
]


def _read_report(report: Path, wrapped: bool = False) -> Report:
    from loanfacts.recognize import paragraphs

    if str(report) == "-":
        if sys.stdin is None:  # `extract - <&-`
            from loanfacts.model.errors import ReportError

            raise ReportError("<stdin>", "standard input is closed; give the report's path")
        got = paragraphs.read_stream(sys.stdin.buffer, "<stdin>", wrapped=wrapped)
    else:
        got = paragraphs.read(report, wrapped=wrapped)
    if not wrapped and paragraphs.looks_wrapped(got):
        sys.stderr.write(
            f"loanfacts: warning: most lines of {clean(got.name)} end without punctuation: "
            "if its paragraphs are wrapped over several lines, give --wrapped (paragraphs end "
            "at blank lines)\n"
        )
    return got


def _published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--published {value!r} is not a date: YYYY-MM-DD") from None


def _document_id(document: str) -> str:
    if len(document) > 120 or not SLUG.match(document):
        raise UsageError(
            f"--document {document!r} is not an id: lower-case letters, digits "
            "and single hyphens, e.g. my-report-2025"
        )
    return document


def _format(fmt: Format | None, as_json: bool) -> Format:
    if as_json:
        return pick_format(fmt or Format.json, as_json)
    if fmt is not None:
        return fmt
    return Format.table if sys.stdout.isatty() else Format.json


@app.command()
@handled
def extract(
    report: ReportArg,
    document: DocumentOpt,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TEXT", help="The source's title (default: the report's title line)."
        ),
    ] = None,
    merge: Annotated[
        Path | None,
        typer.Option(
            "--merge",
            metavar="FILE",
            help="Print FILE with the new records added (ids made "
            "unique; FILE's records unchanged; figures FILE already cites get no draft).",
        ),
    ] = None,
    published: PublishedOpt = None,
    wrapped: WrappedOpt = False,
    fmt: AutoFormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft a facts file from a report: one record per figure, in facts.json's schema.

    Value, unit, scale and qualifier are as printed; measure, period, topic, id and the
    evident relations (growth_of, gap_of, part_of, distributed_over) are read from the words
    around each figure. Descriptions are yours to write: each draft carries a placeholder
    starting 'DRAFT:'. The draft passes 'loanfacts validate' as printed. JSON on a pipe or
    with --json, a table preview on a terminal. Exit status: 0 drafted, 1 no figure found,
    2 usage error, 3 unreadable report or bad --merge file.

    \b
    Examples:
      loanfacts extract report.txt --document my-report-2025 > draft.json
      loanfacts extract report.txt --document my-report-2025 --merge facts.json > merged.json
      loanfacts extract report.txt -d my-report-2025
    """
    from loanfacts.intake import extract as core
    from loanfacts.intake import report_figures

    document = _document_id(document)
    if title is not None and not title.strip():
        raise UsageError("--title is empty")
    found = report_figures.read_report(_read_report(report, wrapped), _published(published))
    source = core.source_entry(found, document, title)
    fmt = _format(fmt, as_json)
    if merge is not None:
        from loanfacts.intake.merge import merge as merge_into
        from loanfacts.model import store

        path = store.resolve_path(merge, environ())
        merged = merge_into(store.read_bytes(path), str(path), found, document, source)
        facts = [d.record(document) for d in merged.new]
        view = core.preview(found, document, source["title"], facts, str(path), merged.already)
        if fmt is Format.json:
            sys.stdout.write(merged.text + "\n")
        else:
            _emit_drafts(fmt, facts, view)
        if merged.note:
            sys.stderr.write(f"loanfacts: warning: {merged.note}\n")
        if not merged.new:
            sys.stderr.write(
                f"loanfacts: every figure of {found.report.name} is cited in "
                f"{path} already; nothing added\n"
            )
        return
    doc, _ = core.document(found, document, title)
    view = core.preview(found, document, source["title"], doc["facts"])
    no_year = not any(d.year is not None for dates in found.dates for d in dates)
    if found.published is None and no_year:
        _say_undated(doc["facts"])
    if fmt is Format.json:
        from loanfacts.model import store
        from loanfacts.render.json import dumps

        text = dumps(doc) + "\n"
        _, problems = store.check_bytes(text.encode("utf-8"))
        if problems:  # a draft that fails validate is a bug here, never the user's to fix
            raise LoanfactsError(f"the draft would not validate: {problems[0].render()}")
        sys.stdout.write(text)
    else:
        _emit_drafts(fmt, doc["facts"], view)
    if not doc["facts"]:
        raise NoMatchError(f"no figures found in {found.report.name}")


def _say_undated(facts: list[DraftRecord]) -> None:
    """Name the figures no date reaches when the report prints no year and no dateline."""
    undated = [f for f in facts if f.get("period") is None]
    if not undated:
        return
    named = ", ".join(f"¶{f['source']['paragraph']} {f['source']['text']}" for f in undated[:6])
    more = f" and {len(undated) - 6} more" if len(undated) > 6 else ""
    sys.stderr.write(
        f"loanfacts: {len(undated)} figure(s) without a year ({clean(named)}{more}): the "
        "report prints no year and no dateline; --published YYYY-MM-DD dates them\n"
    )


def _emit_drafts(fmt: Format, facts: list[DraftRecord], view: ExtractPreview) -> None:
    def draw() -> None:
        from loanfacts.render.intake import extract_tables
        from loanfacts.render.table import print_renderables

        print_renderables(extract_tables(view))

    def draw_markdown() -> None:
        from loanfacts.render.intake import extract_markdown
        from loanfacts.render.markdown import write_markdown

        write_markdown(extract_markdown(view))

    emit(fmt, facts, columns=DRAFT_COLUMNS, as_table=draw, as_markdown=draw_markdown)


@app.command()
@handled
def coverage(
    report: ReportArg,
    document: DocumentOpt,
    facts: FactsOpt = None,
    wrapped: WrappedOpt = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Prove no figure was left out: pair every figure of a report with the record citing it.

    A record cites a figure when it names the same document and paragraph and its printed
    text (source.text) contains the figure. Lists the uncovered figures, the stale records
    (printed text no longer in the paragraph they name), the records still holding a DRAFT:
    placeholder, the likely misreads with their reason (a currency symbol beside a record
    without a currency, a clock time, no unit, no period, a number the words read otherwise)
    and what was read as a date or a name. Exit status: 0 nothing uncovered, stale or still
    a draft, 1 otherwise, 2 usage error, 3 bad facts file or unreadable report.

    \b
    Examples:
      loanfacts coverage report.txt --document my-report-2025 --facts facts.json
      loanfacts coverage report.txt -d my-report-2025 --facts facts.json --json | jq .uncovered
    """
    from loanfacts import api
    from loanfacts.intake import report_figures
    from loanfacts.render import clean

    document = _document_id(document)
    found = report_figures.read_report(_read_report(report, wrapped))
    result = api.coverage(found, document, facts=facts, env=environ())
    record, rows = result.record, result.rows
    fmt = pick_format(fmt, as_json)

    def draw() -> None:
        from loanfacts.render.intake import coverage_tables
        from loanfacts.render.table import print_renderables

        name = Path(found.report.name).name
        print_renderables(coverage_tables(record, rows, name, result.contexts))

    def draw_markdown() -> None:
        from loanfacts.render.intake import coverage_markdown
        from loanfacts.render.markdown import write_markdown

        write_markdown(coverage_markdown(record, rows))

    emit(
        fmt,
        record,
        rows=rows,
        columns=["status", "paragraph", "text", "id", "note"],
        as_table=draw,
        as_markdown=draw_markdown,
    )
    if not result.cites:
        sys.stderr.write(
            f"loanfacts: warning: no record in {clean(str(result.path))} cites "
            f"document {document!r}; its documents: "
            f"{clean(', '.join(result.documents)) or 'none'}\n"
        )
    if not result.ok:
        raise typer.Exit(int(ExitCode.NO_MATCH))


@app.command("merge")
@handled
def merge_command(
    draft: Annotated[
        Path, typer.Argument(help="A reviewed draft from 'loanfacts extract' (a facts file).")
    ],
    into: Annotated[
        Path,
        typer.Option("--into", metavar="FILE", help="The facts file the records go into."),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the merged file here instead of over FILE; '-' prints it.",
        ),
    ] = None,
) -> None:
    """Add a reviewed draft's records to a facts file, as they are.

    The draft's sources and records are added to FILE unchanged, numbers as written; FILE's own
    records are not touched. A record FILE holds already (same document, paragraph, printed
    text and value) is not added twice. An id that FILE uses already gets a suffix from its
    document id; ids that do not clash stay. A document id FILE has already, with another
    title, is refused. FILE is replaced in one step (a temporary file renamed over it).
    Exit status: 0 merged, 2 usage error (a document id reused for another report), 3 a bad
    facts file or draft, 4 FILE cannot be written.

    \b
    Examples:
      loanfacts extract report.txt -d my-report-2025 --published 2025-07-18 > draft.json
      (write the DRAFT: placeholders, check the figures)
      loanfacts validate draft.json --strict
      loanfacts merge draft.json --into facts.json
      loanfacts merge draft.json --into facts.json -o - | jq '.facts | length'
    """
    from loanfacts.intake.merge import merge_reviewed
    from loanfacts.model import store

    path = store.resolve_path(into, environ())
    merged = merge_reviewed(store.read_bytes(path), str(path), store.read_bytes(draft), str(draft))
    text = merged.text + "\n"
    if output == "-":
        sys.stdout.write(text)
    else:
        from loanfacts.model.errors import OutputError

        target = Path(output) if output is not None else path
        temporary = target.with_name(f".{target.name}.merging")
        try:
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise OutputError(exc.errno, f"{target}: {exc.strerror or exc}") from None
    renamed = "".join(f"; {a} -> {b}" for a, b in merged.renamed.items())
    sys.stderr.write(
        f"loanfacts: {len(merged.added)} record(s) and {len(merged.sources_added)} source(s) "
        f"added to {clean(str(path))}; {len(merged.already)} there already{clean(renamed)}\n"
    )
    if merged.placeholders:
        sys.stderr.write(
            f"loanfacts: warning: {merged.placeholders} DRAFT: placeholder(s) in the added "
            "records; 'loanfacts validate --strict' lists them\n"
        )
