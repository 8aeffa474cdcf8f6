"""Commands that bring in a report: extract (draft records) and coverage (what is missing)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from loanfacts.cli.shared import FactsOpt, Format, JsonOpt, app, emit, environ, handled
from loanfacts.model.errors import ExitCode, LoanfactsError, NoMatchError, UsageError

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


def _read_report(report: Path) -> Any:
    from loanfacts.recognize import paragraphs

    if str(report) == "-":
        return paragraphs.read_stream(sys.stdin.buffer, "<stdin>")
    return paragraphs.read(report)


def _document_id(document: str) -> str:
    if len(document) > 120 or not SLUG.match(document):
        raise UsageError(
            f"--document {document!r} is not an id: lower-case letters, digits "
            "and single hyphens, e.g. my-report-2025"
        )
    return document


def _format(fmt: Format | None, as_json: bool) -> Format:
    if as_json:
        return Format.json
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
    found = report_figures.read_report(_read_report(report))
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


def _emit_drafts(fmt: Format, facts: list[dict[str, Any]], view: Any) -> None:
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
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Prove no figure was left out: pair every figure of a report with the record citing it.

    A record cites a figure when it names the same document and paragraph and its printed
    text (source.text) contains the figure. Lists the uncovered figures, the stale records
    (printed text no longer in the paragraph they name) and what was read as a date or a
    name. Exit status: 0 nothing uncovered or stale, 1 otherwise, 2 usage error, 3 bad facts
    file or unreadable report.

    \b
    Examples:
      loanfacts coverage report.txt --document my-report-2025 --facts facts.json
      loanfacts coverage report.txt -d my-report-2025 --facts facts.json --json | jq .uncovered
    """
    from loanfacts import api
    from loanfacts.intake import report_figures
    from loanfacts.render import clean

    document = _document_id(document)
    found = report_figures.read_report(_read_report(report))
    result = api.coverage(found, document, facts=facts, env=environ())
    record, rows = result.record, result.rows
    fmt = Format.json if as_json else fmt

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
