"""Find, read and validate a facts file; every problem is located by file, record and field.

The ground floor: this imports models and errors only. What is asked of the whole file (the ⚑
markers, "did you mean", the names) are functions above it that take a base
(lookup/base.py, analysis/audit.py).
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from loanfacts.model.errors import FactsFileError, Problem
from loanfacts.model.models import Fact, FactsFile, SourceDocument, SourceKind

ENV_VAR = "LOANFACTS_FACTS"
MAX_BYTES = 1024**3  # a file, checked by its size before a byte is read (README); a million
# facts as the benchmark generates them take about 0.8 GB
STREAM_MAX_BYTES = 256 * 1024**2  # a pipe or device has no size and may never end: read so far
INDEX_MIN_BYTES = 256 * 1024  # below this the index costs more than it saves (index/)
ENV_INDEX_MIN_BYTES = "LOANFACTS_CACHE_MIN_BYTES"  # tests and benchmarks force it with 0


def bundled_path() -> Path:
    """The facts file shipped in the package; in a source checkout, the top-level one."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data" / "facts.json"
    if packaged.is_file():
        return packaged
    return package.parent.parent / "facts.json"


def resolve_path(explicit: str | os.PathLike[str] | None, env: Mapping[str, str]) -> Path:
    """--facts wins over LOANFACTS_FACTS, which wins over the bundled file."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    from_env = env.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    return bundled_path()


def index_pays(path: Path, env: Mapping[str, str]) -> bool:
    """Whether a look-up in this file should go through the index (index/): checked
    before that module, SQLite among its imports, is loaded at all."""
    try:
        threshold = int(env.get(ENV_INDEX_MIN_BYTES, INDEX_MIN_BYTES))
    except ValueError:
        threshold = INDEX_MIN_BYTES
    try:
        return path.stat().st_size >= threshold
    except OSError:
        return False


@dataclass(frozen=True)
class FactBase:
    """Every fact of a validated facts file: what the audit, derivations, comparisons, cards
    and topics need (they read across records)."""

    path: Path
    file: FactsFile
    #: the audit's rules naming each fact (its ⚑), when known without running the audit: the
    #: bundled file's cache keeps them (bundled.py)
    flags: Mapping[str, list[str]] | None = field(default=None, compare=False)
    #: the (name, topic) pairs of its lexicon (lookup/query.py's lexicon_pairs), when known
    #: without working them out: the bundled file's cache keeps them too
    names: frozenset[tuple[str, str]] | None = field(default=None, compare=False)
    #: and each fact's keys as `show` reads them (query.fact_keys), by id
    keys: Mapping[str, str] | None = field(default=None, compare=False)

    @property
    def facts(self) -> list[Fact]:
        return self.file.facts

    def known_rules(self, ids: Iterable[str]) -> dict[str, list[str]] | None:
        """The rules naming each of ids, when `flags` holds them; None: run the audit."""
        if self.flags is None:
            return None
        return {fid: list(self.flags[fid]) for fid in ids if fid in self.flags}

    @cached_property
    def _by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.file.facts}

    def by_id(self) -> dict[str, Fact]:
        return self._by_id

    def source_ids(self) -> list[str]:
        """Every source document the file names, or cites when it names none."""
        named = [s.id for s in self.file.sources]
        return named or sorted({f.source.document for f in self.facts})

    @cached_property
    def _kinds(self) -> dict[str, SourceKind]:
        return {s.id: s.kind for s in self.file.sources}

    def is_reference(self, fact: Fact) -> bool:
        return self._kinds.get(fact.source.document) is SourceKind.REFERENCE

    @cached_property
    def reference_ids(self) -> frozenset[str]:
        """Ids of the facts from reference documents (derive marks what they feed)."""
        return frozenset(f.id for f in self.facts if self.is_reference(f))


def name_words(vocab: Mapping[str, str]) -> dict[str, str]:
    """A name vocabulary (normalised -> as written) with each of the names' words added."""
    words = dict(vocab)
    for name in vocab:
        for word in name.replace("-", " ").split():
            words.setdefault(word, word)
    return words


@contextmanager
def no_gc(frozen: bool = False) -> Iterator[None]:
    """Validation makes many objects that all live on; the cyclic collector would scan them
    again and again (validating 100,000 records took 3x as long) and finds nothing to free.
    `frozen`: what was made lives as long as the look-up, so it is frozen (gc.freeze) and
    left out of every later collection; else the first one after the block, a full one,
    scans millions of objects (seconds, for the stubs of a million records)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if frozen:
            gc.freeze()
        if enabled:
            gc.enable()


def read_bytes(path: Path) -> bytes:
    """Read the file or raise FactsFileError with a reason a person can act on."""
    shown = str(path)
    try:
        if path.is_dir():
            raise FactsFileError(shown, [Problem("is a directory, not a facts file")])
        with path.open("rb") as stream:
            info = os.fstat(stream.fileno())
            if info.st_size > MAX_BYTES:  # refused by its size, before a byte is read
                raise FactsFileError(
                    shown,
                    [Problem(f"file too large ({info.st_size} bytes; the limit is {MAX_BYTES})")],
                )
            # a device or pipe reports size 0 and may never end (/dev/zero): read one byte
            # past the limit at most
            limit = MAX_BYTES if stat.S_ISREG(info.st_mode) else STREAM_MAX_BYTES
            raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise FactsFileError(shown, [Problem(f"file too large (over {limit} bytes)")])
        return raw
    except FileNotFoundError:
        raise FactsFileError(shown, [Problem("no such file")]) from None
    except PermissionError:
        raise FactsFileError(shown, [Problem("permission denied")]) from None
    except OSError as exc:
        raise FactsFileError(shown, [Problem(f"cannot read: {exc.strerror or exc}")]) from None
    except ValueError:  # a NUL byte in the name: no file can have it
        raise FactsFileError(shown, [Problem("not a file name (it holds a NUL byte)")]) from None


def decode(raw: bytes) -> bytes:
    """Accept UTF-8 with or without a byte-order mark; refuse anything else plainly."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("file is UTF-16; save it as UTF-8")
    if b"\x00" in raw[:4]:
        # JSON text never holds a raw NUL; one among the first bytes means UTF-16/32
        raise ValueError("file looks like UTF-16 or UTF-32 (NUL bytes); save it as UTF-8")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None
    if not raw.strip():
        raise ValueError("file is empty")
    return raw


_JSON_TYPES = (
    (dict, "an object"),
    (list, "a list"),
    (str, "a string"),
    (bool, "true/false"),
    ((int, float), "a number"),
    (type(None), "null"),
)


def _kind(value: Any) -> str:
    """What a JSON value is, in the words a person editing the file uses."""
    return next((name for types, name in _JSON_TYPES if isinstance(value, types)), "a value")


def _loc_problem(err: Mapping[str, Any], raw_facts: list[Any] | None) -> Problem:
    loc = list(err.get("loc", ()))
    kind = err.get("type")
    message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    if kind == "json_invalid":
        ctx = err.get("ctx") or {}
        error = str(ctx.get("error", message))
        if error.startswith("recursion limit exceeded"):
            return Problem(f"JSON nested too deeply ({error})")
        return Problem(f"not valid JSON: {error}")
    if kind == "missing":
        message = "required field is missing"
    if loc[:1] == ["facts"] and len(loc) == 2 and kind == "model_type":
        index = loc[1]
        if raw_facts is not None and isinstance(index, int) and 0 <= index < len(raw_facts):
            message = f"must be an object, not {_kind(raw_facts[index])}"
        return Problem(message, index=index if isinstance(index, int) else None)
    if loc[:1] == ["facts"] and len(loc) >= 2 and isinstance(loc[1], int):
        index = loc[1]
        record_id = None
        if raw_facts is not None and 0 <= index < len(raw_facts):
            rec = raw_facts[index]
            if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                record_id = rec["id"]
        rest = [str(p) for p in loc[2:] if p not in ("instant", "duration")]
        field = ".".join(rest) or None
        if kind == "extra_forbidden" and field:
            message = "unknown field"
        return Problem(message, index=index, record_id=record_id, field=field)
    field = ".".join(str(p) for p in loc) or None
    return Problem(_file_message(err, message), field=field)


def _file_message(err: Mapping[str, Any], message: str) -> str:
    """A plainer message for a problem outside the records: the top level and its lists."""
    kind, loc = err.get("type"), list(err.get("loc", ()))
    shown = f", not {_kind(err['input'])}" if "input" in err else ""
    if kind == "model_type" and not loc:
        return f"top level must be an object with a 'facts' list{shown}"
    if kind == "list_type" and loc == ["facts"]:
        return f"must be a list of records{shown}"
    if kind == "extra_forbidden" and loc:
        return "unknown field"
    return message


def _short(text: str | None, limit: int) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"


def _bounded(problem: Problem) -> Problem:
    """Ids, field names and quoted input come from the file and may be megabytes long;
    a message stays a readable line."""
    return Problem(
        _short(problem.message, 300) or "",
        index=problem.index,
        record_id=_short(problem.record_id, 120),
        field=_short(problem.field, 120),
    )


def _raw_facts(raw: bytes) -> list[Any] | None:
    import json

    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    facts = doc.get("facts") if isinstance(doc, dict) else None
    return facts if isinstance(facts, list) else None


class Integrity:
    """The rules across records a schema cannot express: ids unique, documents and relations
    that resolve, no fact related to itself. Fed records a batch at a time, keeping a few
    sets, so that the index checks a million records without holding them; `holds` gives the
    verdict and `problems` words every breach (it needs the records again)."""

    def __init__(self) -> None:
        self.first: dict[str, int] = {}  # position of each id's first record
        self.count = 0
        self.duplicated = False
        self.self_related = False
        self.documents: set[str] = set()
        self.targets: set[str] = set()

    def add(self, facts: Iterable[Fact]) -> None:
        first, documents, targets = self.first, self.documents, self.targets
        for fact in facts:
            if fact.id in first:
                self.duplicated = True
            else:
                first[fact.id] = self.count
            self.count += 1
            documents.add(fact.source.document)
            for target in vars(fact.relations).values():  # Relations.items(), faster
                if target is not None:
                    targets.add(target)
                    self.self_related |= target == fact.id

    def merge(self, later: Integrity) -> None:
        """Take in what another Integrity was fed: the records after these."""
        first = self.first
        for fid, at in later.first.items():
            if fid in first:
                self.duplicated = True
            else:
                first[fid] = self.count + at
        self.count += later.count
        self.duplicated |= later.duplicated
        self.self_related |= later.self_related
        self.documents |= later.documents
        self.targets |= later.targets

    def holds(self, sources: Iterable[SourceDocument]) -> bool:
        source_ids = [s.id for s in sources]
        return (
            not self.duplicated
            and not self.self_related
            and len(set(source_ids)) == len(source_ids)
            and (not source_ids or self.documents <= set(source_ids))
            and self.targets <= self.first.keys()
        )

    @staticmethod
    def problems(file: FactsFile) -> list[Problem]:
        """Every breach, in the order a person fixes them: duplicate ids, duplicate source
        ids, then each record's document and relations."""
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for index, fact in enumerate(file.facts):
            if fact.id in seen:
                problems.append(
                    Problem(
                        f"duplicate id (first used by record {seen[fact.id]})",
                        index=index,
                        record_id=fact.id,
                        field="id",
                    )
                )
            else:
                seen[fact.id] = index
        source_ids: set[str] = set()
        for index, source in enumerate(file.sources):
            if source.id in source_ids:
                problems.append(
                    Problem(f"duplicate source id {source.id!r}", field=f"sources.{index}.id")
                )
            source_ids.add(source.id)
        for index, fact in enumerate(file.facts):
            if file.sources and fact.source.document not in source_ids:
                problems.append(
                    Problem(
                        f"unknown document {fact.source.document!r}",
                        index=index,
                        record_id=fact.id,
                        field="source.document",
                    )
                )
            for name, target in fact.relations.items():
                if target not in seen:
                    problems.append(
                        Problem(
                            f"refers to unknown fact {target!r}",
                            index=index,
                            record_id=fact.id,
                            field=f"relations.{name}",
                        )
                    )
                elif target == fact.id:
                    problems.append(
                        Problem(
                            "refers to itself",
                            index=index,
                            record_id=fact.id,
                            field=f"relations.{name}",
                        )
                    )
        return problems


def integrity_problems(file: FactsFile) -> list[Problem]:
    """The breaches of the rules across records in a whole file ([] when they hold)."""
    check = Integrity()
    check.add(file.facts)
    return [] if check.holds(file.sources) else Integrity.problems(file)


def provenance_warnings(file: FactsFile) -> list[Problem]:
    """Reference sources that say neither who published them or when, nor that a search could
    not find out (`not_found`, with a `note` saying why), or whose statistics they report
    (`basis`). The file stays valid; a reader just cannot weigh a figure whose source is
    unnamed, undated or of an unknown basis."""
    warnings: list[Problem] = []
    words = {"publisher": "publisher", "published": "publication date"}
    for index, source in enumerate(file.sources):
        if source.kind is not SourceKind.REFERENCE:
            continue
        for name, word in words.items():
            if getattr(source, name) is None and name not in source.not_found:
                warnings.append(
                    Problem(
                        f"reference source names no {word}; add it, or list {name!r} in "
                        "not_found with a note saying why",
                        record_id=source.id,
                        field=f"sources.{index}.{name}",
                    )
                )
        if source.basis is None:
            warnings.append(
                Problem(
                    "reference source names no statistical basis; add basis (regulator, "
                    "central_bank, statistics_bureau, government or institution)",
                    record_id=source.id,
                    field=f"sources.{index}.basis",
                )
            )
        if source.not_found and source.note is None:
            warnings.append(
                Problem(
                    "not_found is given without a note saying why",
                    record_id=source.id,
                    field=f"sources.{index}.note",
                )
            )
    return warnings


def check_bytes(raw: bytes) -> tuple[FactsFile | None, list[Problem]]:
    """Validate a whole file, collecting every problem rather than stopping at the first."""
    try:
        data = decode(raw)
    except ValueError as exc:
        return None, [Problem(str(exc))]
    try:
        with no_gc():
            file = FactsFile.model_validate_json(data)
    except ValidationError as exc:
        raw_facts = _raw_facts(data)
        return None, [_bounded(_loc_problem(e, raw_facts)) for e in exc.errors()]
    except RecursionError:
        return None, [Problem("JSON nested too deeply")]
    problems = [*unkept_values(data), *integrity_problems(file)]
    return (None if problems else file), problems


# a value with 16 or more digits or an exponent: the only ones a JSON number (a float) may not
# carry as written; pydantic has read them through a float already, so they are read from the
# bytes (docs/faults.md); compiled when a file is first read, not when this module is imported
@cache
def _long_value() -> re.Pattern[bytes]:
    return re.compile(rb'"value"\s*:\s*(-?(?:[\d.]{16,}(?:[eE][+-]?\d+)?|[\d.]+[eE][+-]?\d+))')


def unkept_values(data: bytes) -> list[Problem]:
    """Values JSON output could not write back as given: too many significant digits for a
    float, or so small they underflow (1e-400 would read 0) or are subnormal."""
    import sys
    from decimal import Decimal, InvalidOperation

    problems: list[Problem] = []
    for m in _long_value().finditer(data):
        written = m.group(1).decode()
        try:
            value = Decimal(written)
        except InvalidOperation:
            continue
        if value and abs(value) < Decimal(repr(sys.float_info.min)):
            why = "is too small for a JSON number (below 2.2e-308 it underflows toward 0)"
        elif value != value.to_integral_value() and Decimal(repr(float(value))) != value:
            why = "has more significant digits than a JSON number (a double) keeps"
        else:
            continue
        line = data.count(b"\n", 0, m.start()) + 1
        problems.append(Problem(f"line {line}: value {written} {why}", field="value"))
    return problems


def load(path: Path) -> FactBase:
    """Load and validate; a file with any problem is refused whole."""
    file, problems = check_bytes(read_bytes(path))
    if file is None:
        raise FactsFileError(str(path), problems)
    return FactBase(path=path, file=file)
