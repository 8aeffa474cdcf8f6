"""The Typer app: parse options, call the core, hand the result to a renderer, exit.

Only this module imports Typer. Results are built whole before anything is written, so an
error never leaves partial output on stdout.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import ExitCode, FactsFileError, LoanfactsError, NoMatchError
from .kinds import Measure

EXIT_STATUSES = (
    "Exit status: 0 ok, 1 nothing matched, 2 usage error, "
    "3 facts file missing, unreadable or invalid, 130 interrupted."
)

app = typer.Typer(
    name="loanfacts",
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


FactsOpt = Annotated[
    Path | None,
    typer.Option("--facts", metavar="PATH",
                 help="Facts file to read (default: $LOANFACTS_FACTS, else the bundled one)."),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Read the facts file whole, without the index kept in "
                 "the cache folder ($LOANFACTS_CACHE_DIR) for large files."),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
UnitOpt = Annotated[
    str | None,
    typer.Option("--unit", "-u", metavar="UNIT",
                 help="Show money in yuan, thousand, million, billion, trillion, wan/万, "
                 "yi/亿 or wanyi/万亿."),
]

F = TypeVar("F", bound=Callable[..., None])


def _candidates(ctx: typer.Context, incomplete: str, ids_only: bool = False
                ) -> list[tuple[str, str]]:
    """Completion: read the facts file --facts (if typed already) or the default names."""
    from . import complete, store

    env = _env()
    path = store.resolve_path(ctx.params.get("facts"), env)
    shell = env.get("_LOANFACTS_COMPLETE", "").removeprefix("complete_")
    if store.index_pays(path, env):
        from . import cache

        index = cache.existing_index(path, env)
        if index is not None:
            words = index.completions(incomplete, ids_only)
            return complete.for_shell([(word, "") for word in words], shell)
    return complete.for_shell(complete.matching(complete.names(path, ids_only), incomplete),
                              shell)


def complete_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Topics, aliases and ids for show, compare and derive."""
    return _candidates(ctx, incomplete)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Fact ids for card."""
    return _candidates(ctx, incomplete, ids_only=True)


def _env() -> Mapping[str, str]:
    return os.environ


def fail(message: str, code: ExitCode) -> typer.Exit:
    from .render import clean

    sys.stderr.write(f"loanfacts: {clean(message)}\n")
    return typer.Exit(int(code))


def handled(func: F) -> F:
    """Turn the exception family into one line on stderr and its exit status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except NoMatchError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except LoanfactsError as exc:
            raise fail(f"error: {exc}", exc.exit_code) from None

    return wrapper  # type: ignore[return-value]  # wraps keeps the signature Typer reads


def _fmt(fmt: Format, as_json: bool) -> Format:
    return Format.json if as_json else fmt


def _load(facts: Path | None, no_cache: bool = True,
          narrow: Callable[[Any], Any] | None = None) -> Any:
    """The facts a command reads: for show, list and search (narrow given, no --no-cache) the
    records that can match, from the index of a large file (cache.py); else the whole file."""
    from . import store

    path = store.resolve_path(facts, _env())
    if narrow is not None and not no_cache and store.index_pays(path, _env()):
        from . import cache

        index = cache.open_index(path, _env())
        if index is not None:
            try:
                return narrow(index)
            except cache.Error:
                pass  # damaged since it was verified: read the file instead
    return store.load(path)


def _display(unit: str | None) -> Any:
    from .units import parse_unit
    from .views import Display

    return Display() if unit is None else Display(unit=unit, target=parse_unit(unit))


FACT_COLUMNS = ["id", "topic", "measure", "entity", "value", "unit_label", "qualifier",
                "lower", "upper", "period.type", "period.date", "period.start", "period.end",
                "source.document", "source.paragraph", "source.text", "reference"]


def _flag_findings(base: Any, records: list[dict[str, Any]]) -> None:
    """Mark each fact with the audit rules that name it first (`audit` field, ⚑ in tables)."""
    named = base.audit_rules([r["id"] for r in records])
    for record in records:
        record["audit"] = named.get(record["id"], [])


Draw = Callable[[], None]


def table(name: str, *args: Any) -> Draw:
    """Draw with render.table's `name` (rich is imported only when a table is drawn)."""
    def draw() -> None:
        from .render import table as tables

        tables.print_renderables(getattr(tables, name)(*args))

    return draw


def markdown(name: str, *args: Any) -> Draw:
    def draw() -> None:
        from .render import markdown as md

        md.write_markdown(getattr(md, name)(*args))

    return draw


def emit(fmt: Format, payload: Any, *, rows: Sequence[Mapping[str, Any]] | None = None,
         columns: Sequence[str] | None = None, as_table: Draw | None = None,
         as_markdown: Draw | None = None) -> None:
    """Write one result in the format asked for. JSON is the whole payload; JSON Lines and
    CSV write `rows` (the payload itself when it is a list); a table or Markdown is drawn
    only when given (nothing to draw: nothing on stdout)."""
    from .errors import UsageError

    rows = payload if rows is None else rows
    if fmt is Format.json:
        from .render.json import write_json

        write_json(payload)
    elif fmt is Format.jsonl:
        from .render.json import write_jsonl

        write_jsonl(rows)
    elif fmt is Format.csv:
        if columns is None:
            raise UsageError("this result has no CSV form; use --json")
        from .render.csv import write_csv

        write_csv(rows, list(columns))
    elif fmt is Format.markdown:
        if as_markdown is not None:
            as_markdown()
    elif as_table is not None:
        as_table()


def emit_facts(records: list[dict[str, Any]], fmt: Format, title: str) -> None:
    emit(fmt, records, columns=FACT_COLUMNS,
         as_table=table("facts_tables", records, title) if records else None,
         as_markdown=markdown("facts_markdown", records))


def _fact_records(base: Any, facts: Sequence[Any], display: Any = None,
                  keep_order: bool = False) -> list[dict[str, Any]]:
    """Report figures first, reference figures after, unless a sort order was asked for."""
    from .views import Display, fact_record

    display = display or Display()
    ordered = list(facts) if keep_order else sorted(facts, key=base.is_reference)
    return [fact_record(f, base.is_reference(f), display) for f in ordered]


def _stream_facts(base: Any, filters: Any, display: Any, fmt: Format) -> int:
    """`list` from the index in file order: records written as they are read, report
    figures first (as _fact_records orders them); the bytes are those emit_facts writes."""
    from .views import fact_record

    count = 0

    def records() -> Iterator[dict[str, Any]]:
        nonlocal count
        for reference in (False, True):
            for batch in base.stream(reference):
                for fact in batch:
                    if filters.accepts(fact):
                        count += 1
                        yield fact_record(fact, reference, display)

    if fmt is Format.json:
        from .render.json import write_json_stream

        write_json_stream(records())
    elif fmt is Format.jsonl:
        from .render.json import write_jsonl

        write_jsonl(records())
    else:
        from .render.csv import write_csv

        write_csv(records(), FACT_COLUMNS)
    return count


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")]
    = False,
) -> None:
    """Look up published figures on bank lending: every number with its date, precision
    and source.

    Try:  loanfacts show manufacturing
          loanfacts derive --json
    """
    if version:
        sys.stdout.write(f"loanfacts {__version__}\n")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        sys.stdout.write(_overview(ctx))
        raise typer.Exit(0)


def _overview(ctx: typer.Context) -> str:
    """`loanfacts` alone: one line per command and the two commands to try first."""
    group: Any = ctx.command
    lines = [f"loanfacts {__version__}: published figures on bank lending, each with its date, "
             "precision and source.", "", "Commands:"]
    names = group.list_commands(ctx)
    width = max(len(n) for n in names)
    for name in names:
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            purpose = command.get_short_help_str(limit=200).split(";")[0].rstrip(".")
            if len(purpose) > 68:
                purpose = purpose[:67].rsplit(" ", 1)[0].rstrip(",;:(") + "…"
            lines.append(f"  {name:<{width}}  {purpose}")
    lines += ["", "Try first:", "  loanfacts topics", "  loanfacts show manufacturing", "",
              "'loanfacts COMMAND --help' for options and examples; 'loanfacts --help' for all.",
              ""]
    return "\n".join(lines)


@app.command()
@handled
def show(
    topic: Annotated[str, typer.Argument(help="Topic, alias, tag or id, English or Chinese.",
                                         autocompletion=complete_names)],
    source: Annotated[str | None, typer.Option("--source", help="Source document id.")]
    = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    unit: UnitOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Every figure about a topic, with its date, precision and source; an exact id as a
    provenance card.

    In a table, an exact id prints that figure's provenance card (as `loanfacts card ID`).
    --json and the other formats keep their shape, an array (of that one figure for an exact
    id); the card as a JSON object is `loanfacts card ID --json`.

    \b
    Examples:
      loanfacts show manufacturing
      loanfacts show manufacturing-loans-balance
      loanfacts show 高技术产业 --json
      loanfacts show manufacturing --unit yi
    """
    from . import query

    display = _display(unit)
    base = _load(facts, no_cache, lambda index: index.for_show(topic))
    fmt = _fmt(fmt, as_json)
    if fmt is Format.table and any(f.id == topic for f in base.facts):
        # the card follows relations across topics: it needs the whole file
        _print_card(base if base.whole else _load(facts), topic)
        return
    matches = query.show(base.facts, topic)
    if source is not None:
        matches = [f for f in matches if f.source.document == source]
    records = _fact_records(base, matches, display)
    _flag_findings(base, records)
    emit_facts(records, fmt, f"{topic}: {len(records)} figure(s)")
    if not records:
        tail = query.did_you_mean(base.suggestions(topic))
        raise NoMatchError(f"no facts match {topic!r}{tail}")


@app.command("list")
@handled
def list_(
    topic: Annotated[str | None, typer.Option("--topic", help="Topic, alias or tag.")] = None,
    measure: Annotated[Measure | None, typer.Option("--measure", help="Kind of figure.")]
    = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Whose figure (words of).")]
    = None,
    on: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", help="Figures dated on this day or spanning it.")]
    = None,
    source: Annotated[str | None, typer.Option("--source", help="Source document id.")]
    = None,
    sort: Annotated[str, typer.Option(
        "--sort", help="file, id, topic, date or value.")] = "file",
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    unit: UnitOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """All figures, filtered and sorted.

    \b
    Examples:
      loanfacts list --measure yoy_growth
      loanfacts list --date 2025-06-30 --sort value --json
    """
    from . import query
    from .errors import UsageError

    if sort not in query.SORT_KEYS:
        raise UsageError(f"--sort must be one of {', '.join(query.SORT_KEYS)}")
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise UsageError(f"--date {on!r} is not a date (YYYY-MM-DD)") from None
    display = _display(unit)
    streamed = sort == "file" and _fmt(fmt, as_json) is not Format.table
    base = _load(facts, no_cache, lambda index: index.for_list(topic, streamed))
    filters = query.Filters(topic=topic, measure=measure, entity=entity, on=day, source=source)
    if streamed and not base.whole:  # the index of a large file streams its records
        if not _stream_facts(base, filters, display, _fmt(fmt, as_json)):
            raise NoMatchError("no facts match these filters")
        return
    chosen = query.list_facts(base.facts, filters, sort)
    records = _fact_records(base, chosen, display, keep_order=sort != "file")
    emit_facts(records, _fmt(fmt, as_json), f"{len(records)} figure(s)")
    if not records:
        raise NoMatchError("no facts match these filters")


@app.command()
@handled
def search(
    words: Annotated[list[str], typer.Argument(help="Words to look for, in any field.")],
    source: Annotated[str | None, typer.Option("--source", help="Source document id.")]
    = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Ranked full-text search over ids, topics, aliases, descriptions, entities and the
    printed text; every word must match.

    \b
    Examples:
      loanfacts search supply chain
      loanfacts search "7+28+N" --json
    """
    from . import query

    text = " ".join(words)
    base = _load(facts, no_cache, lambda index: index.for_search(text))
    hits = [h for h in query.search(base.facts, text)
            if source is None or h.fact.source.document == source]
    records = _fact_records(base, [h.fact for h in hits], keep_order=True)
    for record, hit in zip(records, hits, strict=True):
        record["score"] = hit.score
    emit_facts(records, _fmt(fmt, as_json), f"search {text!r}: {len(records)} figure(s)")
    if not records:
        raise NoMatchError(f"nothing matches {text!r}")


@app.command()
@handled
def compare(
    items: Annotated[list[str], typer.Argument(help="Two or more topics or ids.",
                                               autocompletion=complete_names)],
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    unit: UnitOpt = None,
) -> None:
    """Figures side by side, with difference, ratio and share, and warnings when dates,
    periods or units differ; in a table, bars for figures in the same unit.

    \b
    Examples:
      loanfacts compare manufacturing high-tech
      loanfacts compare manufacturing-loans-balance manufacturing-long-term-loans-balance
    """
    from . import compare as core
    from .views import comparison_record

    display = _display(unit)
    base = _load(facts)
    sides = [core.resolve(base.facts, item) for item in items]
    result = core.compare(sides)
    payload = comparison_record(result, base, display)
    _flag_findings(base, [f for row in payload["rows"] for f in row["facts"] if f])
    fmt = _fmt(fmt, as_json)
    emit(fmt, payload, rows=payload["pairs"],
         columns=["base", "other", "difference", "unit", "ratio", "share", "share_of"],
         as_table=table("comparison_tables", payload),
         as_markdown=markdown("comparison_markdown", payload))
    if fmt is not Format.json:  # JSON carries them in "warnings"
        from .render import clean

        for warning in payload["warnings"]:
            sys.stderr.write(f"loanfacts: warning: {clean(warning)}\n")


@app.command()
@handled
def derive(
    topic: Annotated[str | None, typer.Argument(help="Only figures derived from this topic.",
                                                autocompletion=complete_names)]
    = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    unit: UnitOpt = None,
) -> None:
    """Figures the facts imply (prior-year balances, increases, implied rates, shares,
    averages), each with formula, inputs and bounds; in a table, each prior-year level drawn
    beside the current one.

    \b
    Examples:
      loanfacts derive manufacturing
      loanfacts derive --json | jq '.derived[] | {id, value, lower, upper}'
    """
    from . import derive as core
    from . import query
    from .views import derive_records

    display = _display(unit)
    base = _load(facts)
    result = core.run(base.facts, base.reference_ids)
    if topic is not None:
        wanted = {f.id for f in query.show(base.facts, topic)}
        result = core.DeriveResult(
            [d for d in result.derived if wanted & set(d.inputs)],
            [s for s in result.skipped if wanted & set(s.inputs)],
        )
    payload = derive_records(result, display)
    drawn = None
    if payload["derived"] or payload["skipped"]:
        from .views import fact_records_by_id

        drawn = table("derived_tables", payload, fact_records_by_id(base, display))
    emit(_fmt(fmt, as_json), payload, rows=payload["derived"],
         columns=["id", "derivation", "topic", "value", "unit_label", "qualifier", "lower",
                  "upper", "formula", "inputs"],
         as_table=drawn, as_markdown=markdown("derived_markdown", payload))
    if not payload["derived"] and topic is not None:
        raise NoMatchError(f"nothing can be derived from {topic!r}")


class FailOn(StrEnum):
    warning = "warning"
    error = "error"


@app.command()
@handled
def audit(
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help="Exit 1 when a finding at this level or above exists.")] = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Consistency and plausibility findings over the loaded facts, with the evidence.

    \b
    Examples:
      loanfacts audit
      loanfacts audit --json --fail-on warning | jq '.[].rule'
    """
    from . import audit as core

    base = _load(facts)
    findings = core.run(base)
    records = [f.to_json() for f in findings]
    emit(_fmt(fmt, as_json), records, columns=["severity", "rule", "ids", "message"],
         as_table=table("findings_table", records) if records else None,
         as_markdown=markdown("findings_markdown", records))
    if not records:
        sys.stderr.write("loanfacts: audit: no findings\n")
    if fail_on is not None:
        level = core.Severity[fail_on.value.upper()]
        if any(f.severity >= level for f in findings):
            raise typer.Exit(int(ExitCode.NO_MATCH))


@app.command()
def validate(
    path: Annotated[Path | None, typer.Argument(help="Facts file (default as for --facts).")]
    = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Check a facts file and list every problem, not just the first; exit 0 or 3.

    \b
    Examples:
      loanfacts validate my-facts.json
      loanfacts validate my-facts.json --json | jq '.problems[].message'
    """
    from . import store

    target = store.resolve_path(path or facts, _env())
    try:
        file, problems = store.check_bytes(store.read_bytes(target))
    except FactsFileError as exc:
        file, problems = None, exc.problems
    problem_records = [p.to_json() for p in problems]
    payload = {
        "file": str(target),
        "valid": not problems,
        "facts": len(file.facts) if file else None,
        "problems": problem_records,
    }
    fmt = _fmt(fmt, as_json)
    emit(Format.json if fmt is Format.jsonl else fmt, payload, rows=problem_records,
         columns=["index", "id", "field", "message"],
         as_table=table("problems_table", str(target), problem_records) if problems else None,
         as_markdown=markdown("problems_markdown", problem_records) if problems else None)
    if not problems and fmt in (Format.table, Format.markdown):
        from .render import clean

        sys.stdout.write(f"{clean(str(target))}: valid, {payload['facts']} facts\n")
    if problems:
        raise typer.Exit(int(ExitCode.DATA))


def _print_card(base: Any, fact_id: str) -> None:
    from .card import build

    table("card_renderables", build(base, fact_id))()


@app.command()
@handled
def card(
    fact_id: Annotated[str, typer.Argument(help="An exact fact id.",
                                           autocompletion=complete_ids)],
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """One figure in full: value in other units, bounds, source and paragraph, the text as
    printed, derivations that use it, audit findings and related figures.

    The table is what `loanfacts show ID` prints for an exact id. As JSON the card is one
    object (fact, conversions, document, derivations, audit, related); `show ID --json`
    stays an array of facts.

    \b
    Examples:
      loanfacts card manufacturing-loans-balance
      loanfacts card high-tech-loans-balance --json | jq '.conversions'
    """
    from .card import build
    from .errors import UsageError

    base = _load(facts)
    record = build(base, fact_id)
    fmt = _fmt(fmt, as_json)
    if fmt is Format.csv:
        raise UsageError("a card has no CSV form; use --json, or 'loanfacts show ID "
                         "--format csv' for the figure's row")
    emit(fmt, record, rows=[record], as_table=table("card_renderables", record),
         as_markdown=markdown("card_markdown", record))


@app.command()
@handled
def topics(
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Every topic with its aliases (the words `show` and `compare` accept) and its figures.

    \b
    Examples:
      loanfacts topics
      loanfacts topics --json | jq -r '.[].topic'
    """
    from . import query
    from .views import topic_record

    base = _load(facts)
    records = [topic_record(t, base) for t in query.topics(base.facts)]
    emit(_fmt(fmt, as_json), records,
         columns=["topic", "count", "aliases", "ids", "measures", "reference"],
         as_table=table("topics_table", records),
         as_markdown=markdown("topics_markdown", records))


@app.command()
def schema(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Accepted for uniformity; "
                                        "the schema is always JSON.")] = Format.json,
    as_json: JsonOpt = True,
) -> None:
    """The JSON Schema of a facts file, generated from the models.

    \b
    Examples:
      loanfacts schema > facts.schema.json
      loanfacts schema | jq '.properties.facts'
    """
    from .models import FactsFile
    from .render.json import write_json

    write_json(FactsFile.model_json_schema())


def main() -> None:
    """Console-script entry: UTF-8 out, quiet on Ctrl-C and on a closed pipe."""
    from ._entry import on_interrupt

    signal.signal(signal.SIGINT, on_interrupt)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    try:
        app(prog_name="loanfacts")
        sys.stdout.flush()
    except BrokenPipeError:
        # Python docs, "Note on SIGPIPE": point stdout at devnull so the exit flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
