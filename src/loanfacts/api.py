"""loanfacts as a library: what each command computes, as typed results, for scripts that would
otherwise shell out and parse JSON.

    >>> from loanfacts import api
    >>> [str(r["value"]) for r in api.show("manufacturing").records[:2]]
    ['9000', '13.43']

Every function reads the bundled facts file unless `facts` names another (or LOANFACTS_FACTS
does), returns plain records (the TypedDicts of model/records.py, the shapes `--json` writes)
inside a small frozen result, and never prints. A problem raises the one exception family of
model/errors.py (FactsFileError, UsageError, ...), each carrying its exit status. "Nothing
matched" is no exception here: the result is empty and `why_empty` says why, in the words the
command line prints.

The command line (cli/) parses its options, calls these and hands the result to a renderer.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from loanfacts.model.errors import UsageError
from loanfacts.model.kinds import Measure

if TYPE_CHECKING:
    from loanfacts.check.results import CheckResult
    from loanfacts.index import Index
    from loanfacts.index.stream import FileScan
    from loanfacts.intake.coverage import Coverage as CoveragePairs
    from loanfacts.intake.report_figures import ReportFigures
    from loanfacts.lookup.base import Answers, Lookup
    from loanfacts.model.records import (
        CardRecord,
        CheckPayload,
        CheckRecord,
        ComparisonRecord,
        CoverageRecord,
        DerivationsRecord,
        DraftDocument,
        DraftRecord,
        ExtractPreview,
        FactRecord,
        FigureRow,
        FindingRecord,
    )
    from loanfacts.model.store import FactBase
    from loanfacts.views import Display

T = TypeVar("T")
FactsPath = str | os.PathLike[str] | None


# --- loading -------------------------------------------------------------------------------


def facts_path(facts: FactsPath = None, env: Mapping[str, str] | None = None) -> Path:
    """The facts file a call reads: `facts`, else LOANFACTS_FACTS, else the bundled file."""
    from loanfacts.model import store

    return store.resolve_path(facts, os.environ if env is None else env)


def load(facts: FactsPath = None, env: Mapping[str, str] | None = None) -> FactBase:
    """Every fact of the file, validated (FactsFileError, exit status 3, when it is not)."""
    from loanfacts.model import store

    return store.load(facts_path(facts, env))


@overload
def narrowed(
    facts: FactsPath,
    no_cache: bool,
    narrow: None = None,
    env: Mapping[str, str] | None = None,
    warn: Callable[[str], None] | None = None,
    scan: None = None,
) -> FactBase: ...


@overload
def narrowed(
    facts: FactsPath,
    no_cache: bool,
    narrow: Callable[[Index], T],
    env: Mapping[str, str] | None = None,
    warn: Callable[[str], None] | None = None,
    scan: Callable[[FileScan], T] | None = None,
) -> FactBase | T: ...


def narrowed(
    facts: FactsPath,
    no_cache: bool,
    narrow: Callable[[Index], T] | None = None,
    env: Mapping[str, str] | None = None,
    warn: Callable[[str], None] | None = None,
    scan: Callable[[FileScan], T] | None = None,
) -> FactBase | T:
    """The facts a look-up reads: with `narrow` (and no `no_cache`) what narrow takes from the
    index of a large file (index/); else every fact of the file. With `scan`, before the index
    is built (it is then built after the answer, in the background), what scan keeps of the
    file read a chunk at a time (index/stream.py); without, the index is built first. A cache
    folder the user does not hold alone is told to `warn` (one line), and the file answers."""
    from loanfacts.model import store

    env = os.environ if env is None else env
    path = store.resolve_path(facts, env)
    if not no_cache and path == store.bundled_path() and not store.index_pays(path, env):
        from loanfacts import bundled  # validated once, kept with its flags

        return bundled.base(path, env)
    if narrow is not None and not no_cache and store.index_pays(path, env):
        from loanfacts.index import IndexDamaged, open_index

        index = open_index(path, env, warn=warn, defer=scan is not None)
        if index is not None:
            try:
                return narrow(index)
            except IndexDamaged:
                index.discard()  # answer from the file; the next look-up builds it again
        elif scan is not None:
            from loanfacts.index.stream import FileScan, Unstreamable

            try:
                return scan(FileScan(path))
            except Unstreamable:
                pass  # read whole: every problem is worded
    return store.load(path)


def display_for(unit: str | None) -> Display:
    """How figures are shown: as published, or rescaled to `unit` (yi, billion, ...)."""
    from loanfacts.analysis.units import parse_unit
    from loanfacts.views import Display

    return Display() if unit is None else Display(unit=unit, target=parse_unit(unit))


def fact_records(
    base: Lookup, facts: Sequence[Any], display: Display | None = None, keep_order: bool = False
) -> builtins.list[FactRecord]:
    """Report figures first, reference figures after (unless a sort order was asked for),
    each marked with the audit rules naming it and, where the audit doubts its scale, the
    figure read with 亿 for "billion"."""
    from loanfacts.model.store import FactBase
    from loanfacts.views import Display, fact_record

    display = display or Display()
    ordered = builtins.list(facts) if keep_order else sorted(facts, key=base.is_reference)
    records = [fact_record(f, base.is_reference(f), display) for f in ordered]
    ids = [r["id"] for r in records]
    # the bundled file's cache knows its flags: the audit is not even imported
    named = base.known_rules(ids) if isinstance(base, FactBase) else None
    if named is None:
        from loanfacts.analysis.audit import rules_naming

        named = rules_naming(base, ids)
    mark_findings(named, records)
    return records


def mark_findings(named: Mapping[str, builtins.list[str]], records: Sequence[FactRecord]) -> None:
    from loanfacts.views import yi_reading

    for record in records:
        record["audit"] = named.get(record["id"], [])
        record["yi_reading"] = yi_reading(record)


# --- show, list, search, card --------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What show, list and search found: fact records (search adds each one's `score`)."""

    records: builtins.list[FactRecord]
    why_empty: str | None = None  # when nothing matched: which word or option emptied it

    def __bool__(self) -> bool:
        return bool(self.records)


def show_sources(topic: str) -> tuple[Callable[[Index], Answers], Callable[[FileScan], Answers]]:
    """What `show TOPIC` reads of the index, and of the file before the index is built."""

    def from_index(index: Index) -> Answers:
        return index.for_show(topic)

    def from_file(file: FileScan) -> Answers:
        return file.for_show(topic)

    return from_index, from_file


def show(
    topic: str,
    *,
    source: str | None = None,
    facts: FactsPath = None,
    unit: str | None = None,
    no_cache: bool = False,
    base: Lookup | None = None,
    env: Mapping[str, str] | None = None,
) -> Facts:
    """Every figure about a topic (words as people type them, English or Chinese, a measure
    word, a number as printed, or an exact id)."""
    from loanfacts.lookup import query
    from loanfacts.lookup.base import keys_of, lexicon_of

    display = display_for(unit)
    if base is None:  # (a base given is what was read for this topic already)
        from_index, from_file = show_sources(topic)
        base = narrowed(facts, no_cache, from_index, env, scan=from_file)
    lexicon = lexicon_of(base)
    found = query.show(base.facts, topic, lexicon, keys_of(base))
    matches = query.from_source(found, source)
    records = fact_records(base, matches, display)
    if records:
        return Facts(records)
    from loanfacts.lookup import hints  # "did you mean": read only when nothing matched

    match = query.resolve(topic, lexicon)
    return Facts(records, hints.show_empty(base, topic, match, found, source))


def list_facts(
    *,
    topic: str | None = None,
    measure: Measure | str | None = None,
    entity: str | None = None,
    on: date | str | None = None,
    source: str | None = None,
    sort: str = "file",
    facts: FactsPath = None,
    unit: str | None = None,
    no_cache: bool = False,
    base: Lookup | None = None,
    env: Mapping[str, str] | None = None,
) -> Facts:
    """All figures, filtered (topic, measure, entity, a day they are dated on or span, source
    document) and sorted (file, id, topic, date or value). Also importable as `api.list`."""
    from loanfacts.lookup import hints, query
    from loanfacts.lookup.base import lexicon_of

    day, kind = list_options(sort, on, measure)
    said = {
        "--topic": topic or "",
        "--measure": kind.value if kind else "",
        "--entity": entity or "",
        "--date": str(on or ""),
        "--source": source or "",
    }
    display = display_for(unit)
    if base is None:  # (a base given is the file already read)
        base = narrowed(facts, no_cache, lambda index: index.for_list(topic), env)
    lexicon = lexicon_of(base)
    match = query.resolve(topic, lexicon) if topic else None
    filters = query.Filters(topic=match, measure=kind, entity=entity, on=day, source=source)
    chosen = query.list_facts(base.facts, filters, sort)
    records = fact_records(base, chosen, display, keep_order=sort != "file")
    if records:
        return Facts(records)
    return Facts(records, hints.list_empty(base, base.facts, filters, said))


def list_options(
    sort: str, on: date | str | None, measure: Measure | str | None
) -> tuple[date | None, Measure | None]:
    """`list`'s options checked: the sort key, the day (YYYY-MM-DD) and the measure."""
    from loanfacts.lookup.query import SORT_KEYS

    if sort not in SORT_KEYS:
        raise UsageError(f"--sort must be one of {', '.join(SORT_KEYS)}")
    try:
        day = date.fromisoformat(on) if isinstance(on, str) and on else on or None
    except ValueError:
        raise UsageError(f"--date {on!r} is not a date (YYYY-MM-DD)") from None
    try:
        kind = Measure(measure) if measure else None
    except ValueError:
        raise UsageError(
            f"--measure must be one of {', '.join(m.value for m in Measure)}"
        ) from None
    return (day if isinstance(day, date) else None), kind


def search(
    words: str,
    *,
    source: str | None = None,
    facts: FactsPath = None,
    no_cache: bool = False,
    env: Mapping[str, str] | None = None,
) -> Facts:
    """Ranked full-text search over ids, topics, aliases, descriptions, entities and the
    printed text; every word must match. Each record carries its `score`."""
    from loanfacts.lookup import hints, query
    from loanfacts.lookup.search import search as find

    def from_index(index: Index) -> Answers:
        return index.for_search(words)

    def from_file(file: FileScan) -> Answers:
        return file.for_search(words)

    base = narrowed(facts, no_cache, from_index, env, scan=from_file)
    found = find(base.facts, words)
    hits = [h for h in found if source is None or query.cites(h.fact, source)]
    records = fact_records(base, [h.fact for h in hits], keep_order=True)
    for record, hit in zip(records, hits, strict=True):
        record["score"] = hit.score
    if records:
        return Facts(records)
    return Facts(records, hints.search_empty(base, words, [h.fact for h in found], source))


def card(
    fact_id: str,
    *,
    facts: FactsPath = None,
    no_cache: bool = False,
    base: Lookup | None = None,
    env: Mapping[str, str] | None = None,
) -> CardRecord:
    """One figure in full (NoMatchError with the ids meant when no fact has this id): from
    the index of a large file (the fact's topic, what is joined to it, and the audit kept
    there), else from the whole file (`base` when it is that)."""
    from loanfacts import views
    from loanfacts.index import Unread
    from loanfacts.lookup.hints import card_unknown
    from loanfacts.model.errors import NoMatchError
    from loanfacts.model.store import FactBase

    if isinstance(base, FactBase):
        return views.card_of(base, fact_id)
    found = narrowed(facts, no_cache, lambda index: index.neighbourhood(fact_id), env)
    if isinstance(found, FactBase):
        return views.card_of(found, fact_id)
    if found is Unread.WHOLE:
        return views.card_of(load(facts, env), fact_id)
    if found is Unread.UNKNOWN:  # say what the text names, from the index
        near = narrowed(facts, no_cache, lambda index: index.for_show(fact_id), env)
        raise NoMatchError(card_unknown(near, fact_id))
    return views.card_record(found, fact_id)


# --- compare, derive, audit ----------------------------------------------------------------


def compare(
    items: Sequence[str],
    *,
    facts: FactsPath = None,
    unit: str | None = None,
    env: Mapping[str, str] | None = None,
) -> ComparisonRecord:
    """Figures side by side (two or more topics or ids; 'vs' between sides when the words
    alone do not tell them apart), with difference, ratio and share where they mean
    something, and a warning where periods or units differ."""
    from loanfacts.analysis import compare as core
    from loanfacts.analysis.audit import rules_naming
    from loanfacts.lookup.query import FileLexicon
    from loanfacts.views import comparison_findings, comparison_record

    display = display_for(unit)
    base = load(facts, env)
    sides = core.split_sides(base.facts, builtins.list(items), FileLexicon(base.facts))
    payload = comparison_record(core.compare(sides), base, display)
    shown = [f for row in payload["rows"] for f in row["facts"] if f]
    mark_findings(rules_naming(base, [r["id"] for r in shown]), shown)
    comparison_findings(base, payload)
    return payload


@dataclass(frozen=True)
class Derivations:
    """`derive`: the derived figures and those that could not be (DerivationsRecord), and
    the records of the facts they read (what a table draws beside them)."""

    record: DerivationsRecord
    inputs: dict[str, FactRecord] = field(default_factory=dict)
    why_empty: str | None = None


def derive(
    topic: str | None = None,
    *,
    facts: FactsPath = None,
    unit: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Derivations:
    """Figures the facts imply, each with formula, inputs and bounds; only those derived from
    `topic` when given (words such as 'prior year' or 'per client' pick those derivations)."""
    from loanfacts.analysis import audit
    from loanfacts.analysis import derive as core
    from loanfacts.lookup import hints, query
    from loanfacts.lookup.query import FileLexicon
    from loanfacts.views import derive_records, fact_records_by_id

    display = display_for(unit)
    base = load(facts, env)
    result = core.run(
        base.facts,
        base.reference_ids,
        findings=audit.run(base),
        bases=core.bases_of(base.file.sources),
    )
    match = None
    inputs: builtins.list[Any] = []
    if topic:
        if not any(f.id == topic for f in base.facts):
            match = query.resolve(topic, FileLexicon(base.facts))
        inputs = [f for f in base.facts if f.id == topic or (match and match.accepts(f))]
        wanted = {f.id for f in inputs}
        kinds = match.query.derived if match else frozenset()
        everything = match is not None and not match.query.words and not match.measures

        def kept(d: Any) -> bool:
            return bool(everything or wanted & set(d.inputs)) and (
                not kinds or d.derivation in kinds
            )

        result = core.DeriveResult(
            [d for d in result.derived if kept(d)], [s for s in result.skipped if kept(s)]
        )
    record = derive_records(result, display)
    drawn = fact_records_by_id(base, display) if record["derived"] or record["skipped"] else {}
    why = None
    if not record["derived"] and topic:
        everything = match is not None and not match.query.words and not match.measures
        why = hints.derive_empty(base, topic, match, base.facts if everything else inputs)
    return Derivations(record, drawn, why)


def audit(
    *, facts: FactsPath = None, env: Mapping[str, str] | None = None
) -> builtins.list[FindingRecord]:
    """Consistency and plausibility findings over the whole file, most severe first."""
    from loanfacts.analysis import audit as core

    return [f.to_json() for f in core.run(load(facts, env))]


# --- check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """`check`: every figure of the text with its verdict, and the count of each verdict."""

    text: str
    records: builtins.list[CheckRecord]
    summary: dict[str, int]
    sentences: int  # how many sentences the text holds (a table says which one a figure is in)
    passed: bool  # every figure supported or consistent (and at least one figure)
    result: CheckResult = field(repr=False)

    def payload(self) -> CheckPayload:
        """What `check --json` writes."""
        return {"figures": self.records, "summary": self.summary}


def check(
    text: str,
    *,
    facts: FactsPath = None,
    no_cache: bool = False,
    env: Mapping[str, str] | None = None,
) -> Checked:
    """Every figure of a sentence or a draft against the facts: supported, consistent,
    contradicted, scale, unit, date or unknown."""
    from loanfacts.check import verdicts as core
    from loanfacts.check.from_index import narrow_index

    base = narrowed(facts, no_cache, lambda index: narrow_index(index, text), env)
    result = core.check(base, text)
    return Checked(
        text,
        core.records(result),
        result.summary(),
        len(result.recognized.sentences),
        result.passed,
        result,
    )


# --- extract, coverage ---------------------------------------------------------------------


def read_report(report: str | os.PathLike[str] | bytes) -> ReportFigures:
    """A report's figures: from a path (plain UTF-8 text, one paragraph a line, the title
    first), or from the report's bytes."""
    import io

    from loanfacts.intake import report_figures
    from loanfacts.recognize import paragraphs

    if isinstance(report, bytes):
        return report_figures.read_report(paragraphs.read_stream(io.BytesIO(report), "<bytes>"))
    return report_figures.read_report(paragraphs.read(Path(report)))


@dataclass(frozen=True)
class Extracted:
    """`extract`: a draft facts file (facts.json's schema) and what a preview shows."""

    document: DraftDocument
    preview: ExtractPreview

    @property
    def facts(self) -> builtins.list[DraftRecord]:
        return self.document["facts"]


def extract(
    report: str | os.PathLike[str] | bytes | ReportFigures,
    document: str,
    *,
    title: str | None = None,
) -> Extracted:
    """Draft a facts file from a report: one record per figure, value, unit, scale and
    qualifier as printed, descriptions left as 'DRAFT:' placeholders."""
    from loanfacts.intake import extract as core
    from loanfacts.intake.report_figures import ReportFigures

    found = report if isinstance(report, ReportFigures) else read_report(report)
    source = core.source_entry(found, document, title)
    doc, _ = core.document(found, document, title)
    return Extracted(doc, core.preview(found, document, source["title"], doc["facts"]))


@dataclass(frozen=True)
class Coverage:
    """`coverage`: which figures of a report the facts cite, which they leave out, and which
    records no longer match the text they cite."""

    record: CoverageRecord
    rows: builtins.list[FigureRow]
    contexts: dict[int, str]  # an uncovered figure's words around it, by its place in rows
    cites: int  # how many records cite the document
    ok: bool  # nothing uncovered and nothing stale
    path: Path  # the facts file read
    documents: builtins.list[str]  # every document its records cite
    pairs: CoveragePairs = field(repr=False)


def coverage(
    report: str | os.PathLike[str] | bytes | ReportFigures,
    document: str,
    *,
    facts: FactsPath = None,
    env: Mapping[str, str] | None = None,
) -> Coverage:
    """Pair every figure of a report with the record citing it."""
    from loanfacts.intake import coverage as core
    from loanfacts.intake.misreads import misreads
    from loanfacts.intake.report_figures import ReportFigures

    found = report if isinstance(report, ReportFigures) else read_report(report)
    base = load(facts, env)
    cited = core.records_of(base.facts, document)
    result = core.pair(found, cited)
    contexts = {
        i: core.context(found.report, f)
        for i, f in enumerate(result.figures)
        if f not in result.covered
    }
    flagged = misreads(base.facts, document, result)
    return Coverage(
        core.to_record(result, document, flagged),
        core.rows(result) + core.misread_rows(flagged),
        contexts,
        len(cited),
        result.ok,
        base.path,
        sorted({f.source.document for f in base.facts}),
        result,
    )


list = list_facts
