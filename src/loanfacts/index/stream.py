"""The first look-up in a large file, answered from the file while its index is built.

Before the index exists (it is built after the answer, in the background: index/__init__.py),
`show` and `search` read the file a chunk of about 256 KB at a time, and keep only what their
answer needs; a million records never sit in memory as validated facts.

- The file is mapped (mmap). Chunks are cut after a `}` followed by `,` and `{`; each is
  validated whole by pydantic (`validate_json` of `[chunk]`, through model/quick.py: the
  models' Python rules as core constraints, the models themselves for what that refuses).
  A cut that fell inside a string
  or a nested value leaves a chunk that is not valid JSON, so a chunk that validates was cut
  between records. The members before the facts and the last chunk are read by the exact
  splitter's rules (index/reader.py, the json module's scanner).
- On Linux with two cores or more, a large file is read by this process (PARENT_SHARE of
  the chunks) and a forked child (the rest: _halves, _Child), which hands back what it kept.
- The rules across records are store.Integrity's, fed a chunk at a time; a file that breaks
  any rule, or is not in the common shape, raises `Unstreamable` and is read whole
  (store.load), which words every problem exactly as today.
- What is kept: the candidates of the query (query.py and search.py decide, as for the whole
  file), a _Stub of each fact, where each chunk lies (facts are read again from their chunk
  when needed), for a topic the names (query.lexicon_names) and each fact's keys, and the
  documents cited.
- The ⚑ rules are the audit's (analysis/audit.py) over the answer's facts joined through
  relations and the support facts of their regions that links.Index hands out (the last
  total of each date, the last output of each period, the first all-loans gap of each
  date): every fact a rule reads to decide whether it names one of the answer's facts
  first. The rules over a whole document read the whole file's usual date of balances
  (audit.usual_dates) and, for the 亿 doubt, one "billion" figure of the document that bears
  it out (Streamed._bearing_out). The whole-file answers "did you mean" needs (vocabulary,
  ids, unmatched words) are asked of the whole file, which only an empty answer reads.
"""

from __future__ import annotations

import codecs
import json
import mmap
import os
import pickle
import re
import signal
import stat
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, cast

from loanfacts.analysis.links import related
from loanfacts.lookup import query
from loanfacts.lookup.suggest import close_matches
from loanfacts.model import quick
from loanfacts.model.models import Fact, FactsFile, Measure, Scale, SourceKind, period_label
from loanfacts.model.store import MAX_BYTES, Integrity, name_words, no_gc, unkept_values
from loanfacts.text.words import norm

if TYPE_CHECKING:
    from loanfacts.analysis.evidence import Brief, Finding

#: validated at once (~300 records of the benchmark's files). pydantic validates 100,000
#: records in 0.64 s in chunks of 256 KB, 0.67 s in 1 MB and 1.03 s in 4 MB (issue 20), and a
#: small chunk is cheap to read again for the few records an answer needs
CHUNK_BYTES = 256 << 10
HEAD_BYTES = 8 << 20  # the members before the facts are read from this much of the file
T = TypeVar("T")
_WS = re.compile(r"[ \t\n\r]*")
_BOUNDARY = re.compile(rb"\}[ \t\n\r]*,[ \t\n\r]*\{")


class Unstreamable(Exception):
    """The file is not read a chunk at a time (unusual shape, a problem in it): the caller
    reads it whole, which words any problem."""


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _value(decoder: json.JSONDecoder, text: str, pos: int) -> tuple[object, int]:
    try:
        return decoder.raw_decode(text, pos)
    except (ValueError, RecursionError):
        raise Unstreamable("not valid JSON") from None


def _member(decoder: json.JSONDecoder, text: str, pos: int, seen: set[str]) -> tuple[str, int]:
    """A top-level key and the position after its colon."""
    key, pos = _value(decoder, text, _skip(text, pos))
    if not isinstance(key, str) or key in seen:
        raise Unstreamable("bad or repeated key")
    seen.add(key)
    pos = _skip(text, pos)
    if text[pos : pos + 1] != ":":
        raise Unstreamable("expected ':'")
    return key, _skip(text, pos + 1)


@dataclass
class _Layout:
    """A facts file taken apart as read_records does: the other top-level members (head),
    and the facts as JSON arrays of about CHUNK_BYTES each."""

    head: list[bytes] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


def _cuts(data: mmap.mmap, layout: _Layout) -> Iterator[_Part]:
    """Where the file's fact records are cut into chunks of about CHUNK_BYTES, in file order
    (positions unknown: -1); the last chunk's records come read exactly, re-encoded."""
    decoder = json.JSONDecoder()
    start = 3 if data[:3] == b"\xef\xbb\xbf" else 0
    window = data[start : start + HEAD_BYTES]
    try:  # a character cut at the window's end waits in the decoder
        text = codecs.getincrementaldecoder("utf-8")().decode(window, len(window) < HEAD_BYTES)
    except UnicodeDecodeError:
        raise Unstreamable("not UTF-8") from None
    pos = _skip(text, 0)
    if text[pos : pos + 1] != "{":
        raise Unstreamable("not an object")
    pos += 1
    while True:  # the members before the facts
        key, pos = _member(decoder, text, pos, layout.seen)
        if key == "facts":
            break
        begin = pos
        _, pos = _value(decoder, text, pos)
        if pos >= len(text):
            raise Unstreamable("members too long")
        layout.head.append(json.dumps(key).encode() + b":" + text[begin:pos].encode())
        pos = _skip(text, pos)
        if text[pos : pos + 1] != ",":
            raise Unstreamable("no facts")
        pos += 1
    if text[pos : pos + 1] != "[":
        raise Unstreamable("facts is not a list")
    at = start + len(text[: pos + 1].encode())  # the byte after '['
    size = len(data)
    while at + CHUNK_BYTES < size:
        cut = _BOUNDARY.search(data, at + CHUNK_BYTES)
        if cut is None:
            break
        yield _Part(at, cut.start() + 1, -1, None)
        at = cut.end() - 1
    yield _Part(at, size, -1, _tail(decoder, data, at, layout))


def _chunk(data: mmap.mmap, part: _Part) -> bytes:
    """A chunk's records as a JSON array."""
    return part.text if part.text is not None else b"[" + data[part.start : part.end] + b"]"


def _release(data: mmap.mmap, upto: int) -> None:
    """Let go of the mapped pages read so far: they stay in the page cache, but no longer
    count in the process's memory (a million records are 0.85 GB of file)."""
    advise = getattr(mmap, "MADV_DONTNEED", None)
    end = upto - upto % mmap.PAGESIZE
    if advise is not None and end > 0:
        with suppress(OSError, ValueError):
            data.madvise(advise, 0, end)


def _tail(decoder: json.JSONDecoder, data: mmap.mmap, at: int, layout: _Layout) -> bytes:
    """The last records, read exactly, and the members after the facts (into head)."""
    try:
        text = data[at:].decode("utf-8")
    except UnicodeDecodeError:
        raise Unstreamable("not UTF-8") from None
    records: list[str] = []
    pos = _skip(text, 0)
    if text[pos : pos + 1] == "]":
        pos += 1
    else:
        while True:
            begin = pos
            _, pos = _value(decoder, text, pos)
            records.append(text[begin:pos])
            pos = _skip(text, pos)
            sep = text[pos : pos + 1]
            pos = _skip(text, pos + 1)
            if sep == "]":
                break
            if sep != ",":
                raise Unstreamable("expected ',' or ']'")
    while True:  # the members after the facts
        pos = _skip(text, pos)
        sep = text[pos : pos + 1]
        pos += 1
        if sep == "}":
            break
        if sep != ",":
            raise Unstreamable("expected ',' or '}'")
        key, pos = _member(decoder, text, pos, layout.seen)
        begin = pos
        _, pos = _value(decoder, text, pos)
        layout.head.append(json.dumps(key).encode() + b":" + text[begin:pos].encode())
    if _skip(text, pos) != len(text):
        raise Unstreamable("data after the top-level object")
    return ("[" + ",".join(records) + "]").encode()


class _Stub(NamedTuple):  # a NamedTuple: as quick to make as a slots dataclass, quicker to pickle
    """What the first pass keeps of every fact (about 2 µs to make, where an audit Brief
    takes 7): what the links between facts read (links.Linked), its topic, and what the
    rules over a whole document read. Briefs are made later, for the facts the answer's
    audit reads only, from their chunks read again (FileScan.facts_at). Never changed."""

    id: str
    topic: str
    measure: Measure
    unit: str
    entity: str
    tags: frozenset[str]
    instant: date | None
    relations: tuple[tuple[str, str], ...]
    period: str
    document: str
    scale: Scale | None

    @classmethod
    def of(cls, fact: Fact, shared: dict[Any, Any]) -> _Stub:
        """The stub of a fact; its unit, entity, tags, date, period and document one object
        for all the facts that share them (`shared`): a million stubs take half the memory,
        and pickle faster."""
        keep = shared.setdefault
        unit, entity, document = fact.unit, fact.entity, fact.source.document
        tags = frozenset(fact.tags)
        instant = fact.instant
        period = period_label(fact.period)
        return cls(  # positional: a NamedTuple made by keywords is slower
            fact.id,
            fact.topic,
            fact.measure,
            keep(unit, unit),
            keep(entity, entity),
            keep(tags, tags),
            None if instant is None else keep(instant, instant),
            tuple(fact.relations.items()),
            keep(period, period),
            keep(document, document),
            fact.scale,
        )

    def related(self, name: str) -> str | None:
        return related(self.relations, name)


@dataclass(frozen=True, slots=True)
class _Part:
    """A chunk of the file: the span it was cut from, the position of its first record, and
    the last chunk's records as read exactly (they are not a slice of the file)."""

    start: int
    end: int
    first: int
    text: bytes | None


def _valid(data: mmap.mmap, part: _Part) -> list[Fact]:
    """A chunk's facts, validated; Unstreamable if they are not valid (the whole file then
    words the problem)."""
    from pydantic import ValidationError

    chunk = _chunk(data, part)
    if unkept_values(chunk):  # refused as the whole file refuses them
        raise Unstreamable("a value a double cannot keep")
    try:
        return quick.facts().validate_json(chunk)
    except (ValidationError, RecursionError):
        raise Unstreamable("a problem the whole file words") from None


@dataclass
class _Half(Generic[T]):
    """What a pass keeps of some of the chunks: what `each` made of each and, in the first
    pass, the rules across their records, a stub of each record and how many each holds."""

    integrity: Integrity = field(default_factory=Integrity)
    stubs: list[_Stub] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    made: list[T] = field(default_factory=list)
    shared: dict[Any, Any] = field(default_factory=dict)  # what stubs share (_Stub.of)

    def read(
        self,
        data: mmap.mmap,
        cuts: Sequence[_Part],
        each: Callable[[list[Fact]], T],
        first: bool = True,
    ) -> None:
        """Read the chunks; after the first pass, only what `each` makes."""
        for part in cuts:
            facts = _valid(data, part)
            if first:
                self.integrity.add(facts)
                shared = self.shared
                self.stubs.extend([_Stub.of(fact, shared) for fact in facts])
                self.counts.append(len(facts))
            self.made.append(each(facts))
            _release(data, part.end)

    def __getstate__(self) -> dict[str, Any]:
        # the stubs as plain tuples: a NamedTuple pickles as its class and its arguments,
        # one by one (the child's half of 100k stubs: 71 ms, against 48 as tuples)
        return {**vars(self), "stubs": [tuple(stub) for stub in self.stubs]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state, stubs=list(map(_Stub._make, state["stubs"])))

    def then(self, later: _Half[T]) -> None:
        """Take in the half read after this one."""
        self.integrity.merge(later.integrity)
        self.stubs += later.stubs
        self.counts += later.counts
        self.made += later.made


#: a file of at least this many chunks is read by two processes (fork): each validates half
PARALLEL_CHUNKS = 32
#: the parent's share of the chunks, in percent: a little more than half, as the child also
#: pickles what it kept and the parent loads it (first show TOPIC at 100k, 11 rounds: 1.474 s
#: median at 52%, 1.557 s at 50%)
PARENT_SHARE = 52


def _halves(
    data: mmap.mmap, cuts: Sequence[_Part], each: Callable[[list[Fact]], T], first: bool = True
) -> _Half[T]:
    """A pass over the chunks: on a machine with two cores or more, a large file is read
    half by this process and half by a child forked for it, which hands back what it kept
    (pickled). Validation is most of a pass, and pydantic holds the GIL: threads would not
    help."""
    mine: _Half[T] = _Half()
    split = len(cuts) * PARENT_SHARE // 100
    if len(cuts) < PARALLEL_CHUNKS or not _can_fork():
        mine.read(data, cuts, each, first)
        return mine
    child = _Child.fork(lambda: _read_half(data, cuts[split:], each, first))
    try:
        mine.read(data, cuts[:split], each, first)
        theirs = child.result()
    finally:
        child.close()
    if theirs is None:  # the child failed (not on the file: that raises): read it here
        theirs = _read_half(data, cuts[split:], each, first)
    mine.then(cast("_Half[T]", theirs))
    return mine


def _read_half(
    data: mmap.mmap, cuts: Sequence[_Part], each: Callable[[list[Fact]], T], first: bool
) -> _Half[T]:
    half: _Half[T] = _Half()
    half.read(data, cuts, each, first)
    half.shared = {}  # the objects shared travel with the stubs (pickle keeps them shared)
    return half


def _can_fork() -> bool:
    """Two cores or more to run on, and fork (Linux): elsewhere one process reads."""
    return sys.platform == "linux" and len(os.sched_getaffinity(0)) >= 2


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent ends, however it ends (SIGKILL,
    or the parent's os._exit on Ctrl-C): Linux's PR_SET_PDEATHSIG. If the parent has ended
    already, end now."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


class _Child:
    """A process forked to work one value out; it hands the value back pickled through a
    pipe, or says the file is Unstreamable. It reads the file through the same mapping, runs
    with the default signal handlers (it holds nothing to clean up), and ends with os._exit:
    it never returns into the caller, flushes no buffer of the parent's, runs no atexit."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid = pid
        self.pipe = pipe
        self.done = False

    @classmethod
    def fork(cls, work: Callable[[], object]) -> _Child:
        read_end, write_end = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid:
            os.close(write_end)
            return cls(pid, read_end)
        code = 1
        try:
            os.close(read_end)
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
                signal.signal(number, signal.SIG_DFL)
            _die_with(parent)
            try:
                answer: tuple[bool, object] = (True, work())
            except Unstreamable:
                answer = (False, None)
            # pickled whole before it is written: a pipe holds 64 KB, and pickling into it
            # would wait on the parent, which reads only once its own half is read
            payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            with open(write_end, "wb") as stream:
                stream.write(payload)
            code = 0
        finally:
            os._exit(code)

    def result(self) -> object | None:
        """The child's value; None if it failed; Unstreamable if the file is."""
        with open(self.pipe, "rb", closefd=False) as stream:
            payload = stream.read()
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        if not payload or os.waitstatus_to_exitcode(status) != 0:
            return None
        fine, value = pickle.loads(payload)  # noqa: S301 (our own child's, through our pipe)
        if not fine:
            raise Unstreamable("a problem the whole file words")
        return cast("object", value)

    def close(self) -> None:
        """Stop the child if its value was not taken (the parent's half failed)."""
        if not self.done:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.done = True
        os.close(self.pipe)


@dataclass
class _Read:
    """What one pass over the file kept."""

    file: FactsFile
    integrity: Integrity
    stubs: list[_Stub]

    @cached_property
    def links(self) -> _Links:
        return _Links(self.stubs, self.integrity.first)

    @cached_property
    def usual_dates(self) -> dict[str, tuple[date, int]]:
        """Each document's usual date of balances, of the whole file (the audit's `dates`)."""
        from loanfacts.analysis import audit

        return audit.usual_dates(audit.balance_dates(self.stubs))


class FileScan:
    """A large facts file read a chunk at a time for one look-up's answer (its methods are
    named as Index's that answer the same question). The file is mapped once: a pass after
    the first reads the same bytes (a file replaced meanwhile stays mapped as it was)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: mmap.mmap | None = None
        self.parts: list[_Part] = []  # noted by the first pass

    def _mapped(self) -> mmap.mmap:
        if self._data is None:
            try:
                with self.path.open("rb") as stream:
                    st = os.fstat(stream.fileno())
                    if not stat.S_ISREG(st.st_mode) or not 0 < st.st_size <= MAX_BYTES:
                        raise Unstreamable("not a regular file of a size read whole")
                    self._data = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                raise Unstreamable("cannot be mapped") from None
        return self._data

    def chunks(self) -> Iterator[list[Fact]]:
        """The facts of each chunk, validated, in file order (a caller may stop early)."""
        data = self._mapped()
        for part in _cuts(data, _Layout()):
            yield _valid(data, part)
            _release(data, part.start)

    def facts_at(self, positions: Iterable[int]) -> dict[int, Fact]:
        """The facts at these positions (after the first pass), from their chunks read
        again: a chunk is a few hundred records."""
        return dict(self.each_at(positions))

    def each_at(self, positions: Iterable[int]) -> Iterator[tuple[int, Fact]]:
        """facts_at's facts by position, in file order, a chunk read at a time: what is
        made of each (an audit brief) need not hold them all at once."""
        firsts = [part.first for part in self.parts]
        wanted: dict[int, set[int]] = {}
        for at in positions:
            wanted.setdefault(bisect_right(firsts, at) - 1, set()).add(at)
        data = self._mapped()
        for number, ats in sorted(wanted.items()):
            part = self.parts[number]
            with no_gc():
                facts = _valid(data, part)
            for at in sorted(ats):
                yield at, facts[at - part.first]

    def _read(self, each: Callable[[list[Fact]], T]) -> tuple[_Read, list[T]]:
        """The first pass: validate every chunk, check the rules across records, keep each
        fact's _Stub and where each chunk lies, and what `each` makes of each chunk's facts,
        in file order; Unstreamable at the first problem (the whole file then words it).
        A large file is read by two processes, each half of it (_halves)."""
        from pydantic import ValidationError

        data = self._mapped()
        layout = _Layout()
        cuts = list(_cuts(data, layout))
        with no_gc(frozen=True):  # a collection would scan every stub kept so far
            read = _halves(data, cuts, each)
        try:
            file = FactsFile.model_validate_json(
                b"{" + b",".join([*layout.head, b'"facts":[]']) + b"}"
            )
        except (ValidationError, RecursionError):
            raise Unstreamable("a problem the whole file words") from None
        if not read.integrity.holds(file.sources):
            raise Unstreamable("a rule across records is broken")
        parts, first = [], 0
        for part, count in zip(cuts, read.counts, strict=True):
            parts.append(_Part(part.start, part.end, first, part.text))
            first += count
        self.parts = parts
        return _Read(file, read.integrity, read.stubs), read.made

    def _again(self, each: Callable[[list[Fact]], T]) -> list[T]:
        """A later pass (the file is checked already): what `each` makes of each chunk's
        facts, in file order, read by two processes as the first pass is."""
        with no_gc(frozen=True):
            return _halves(self._mapped(), self.parts, each, first=False).made

    def for_show(self, topic: str) -> Streamed:
        """What `show TOPIC` reads: the fact whose id the text is, else every fact of every
        topic the query may match (with the unmeasured words too: measure_missing reads
        them), chosen once the names of the whole file are known."""
        # the names of the whole file and each fact's keys (which choose its topic, unless
        # the query is a number, looked for in source texts too), read in the first pass
        # unless the text looks like an id: an exact id needs neither; else in a second
        names = not query.looks_like_id(topic)
        keyed = query.parse(topic).number is None

        seen: dict[tuple[str, ...], str] = {}  # key_parts made once per set of aliases

        def first(facts: list[Fact]) -> tuple[list[Fact], _Names]:
            found = [f for f in facts if f.id == topic]
            return found, _names_and_keys(facts, keyed, seen) if names else _NONE

        read, made = self._read(first)
        exact = [f for found, _ in made for f in found]
        if exact:
            return Streamed(self, exact, read)
        parts = (
            [named for _, named in made]
            if names
            else self._again(partial(_names_and_keys, keyed=keyed, seen=seen))
        )
        lexicon = query.PartsLexicon([named for named, _ in parts])
        match = query.resolve(topic, lexicon)
        if match.query.derived or match.empty:
            return Streamed(self, [], read, lexicon)
        # the words without the measures too (hints.measure_missing reads those): with words,
        # they accept whatever the match does
        chosen = query.Match(match.query, match.exact, match.related, frozenset())
        if not match.query.words:
            chosen = match
        if keyed and match.query.number is None:
            with no_gc():
                topics = _keyed_topics(chosen, read.stubs, [keys for _, keys in parts])
        else:
            accepts = chosen.accepts
            made_topics = self._again(lambda facts: {f.topic for f in facts if accepts(f)})
            topics = set().union(*made_topics)
        at = [i for i, stub in enumerate(read.stubs) if stub.topic in topics]
        found = self.facts_at(at)
        return Streamed(self, [found[i] for i in at], read, lexicon)

    def for_search(self, text: str) -> Streamed:
        """What `search TEXT` reads: its hits, found chunk by chunk (a fact's score is its
        own), in file order."""
        from loanfacts.lookup.search import search

        read, made = self._read(lambda facts: [h.fact for h in search(facts, text)])
        return Streamed(self, [fact for hits in made for fact in hits], read)

    def unmatched(self, text: str) -> list[str]:
        """search.unmatched over the whole file: each word looked for alone, chunk by chunk,
        until every word is found somewhere."""
        from loanfacts.lookup.search import search, search_terms

        missing = search_terms(text)
        with no_gc():
            for facts in self.chunks():
                missing = [t for t in missing if not search(facts, t)]
                if not missing:
                    break
        return missing

    def vocabulary(self) -> dict[str, str]:
        """suggest.vocabulary of the whole file ("did you mean"): each chunk's, the first
        spelling winning as over the whole file."""
        from loanfacts.lookup.suggest import vocabulary

        vocab: dict[str, str] = {}
        for words in self._again(vocabulary):
            for word, spelled in words.items():
                vocab.setdefault(word, spelled)
        return vocab


def _keyed_topics(
    match: query.Match, stubs: Sequence[_Stub], chunks: Sequence[list[tuple[str, ...]]]
) -> set[str]:
    """The topics of the facts `match` accepts (accepts_keyed), by their stubs and the key
    parts of each chunk's facts. A chunk whose keys, all joined, hold no related word list
    whole (Match.may_relate) has no fact a related list accepts: its facts are weighed
    without their keys, which spares testing each fact's keys (most chunks of a large
    file)."""
    topics: set[str] = set()
    at = 0
    for parts in chunks:
        joined = ["\x01".join(key) for key in parts]
        keys: Sequence[str | None] = joined
        if not match.may_relate("\x02".join(joined)):
            keys = [None] * len(joined)
        for stub, key in zip(stubs[at : at + len(keys)], keys, strict=True):
            if match.accepts_keyed(stub.measure, stub.topic, key):
                topics.add(stub.topic)
        at += len(keys)
    return topics


#: a chunk's names (query.lexicon_names) and its facts' keys (query.key_parts) in file order
_Names = tuple[dict[str, set[str]], list[tuple[str, ...]]]
_NONE: _Names = ({}, [])


def _names_and_keys(facts: list[Fact], keyed: bool, seen: dict[tuple[str, ...], str]) -> _Names:
    keys = [query.key_parts(fact, seen) for fact in facts] if keyed else []
    return query.lexicon_names(facts), keys


class Streamed:
    """The facts one query may match, read from the file before its index exists, with the
    answers about the whole file a look-up asks (store.Lookup's Answers)."""

    def __init__(
        self,
        scan: FileScan,
        facts: list[Fact],
        read: _Read,
        lexicon: query.Lexicon | None = None,
    ) -> None:
        self.path = scan.path
        self.facts = facts
        self._scan = scan
        self._read = read
        self._lexicon = lexicon
        self.kinds = {s.id: s.kind for s in read.file.sources}

    def is_reference(self, fact: Fact) -> bool:
        return self.kinds.get(fact.source.document) is SourceKind.REFERENCE

    @cached_property
    def reference_ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.facts if self.is_reference(f))

    def lexicon(self) -> query.Lexicon:
        return self if self._lexicon is None else self._lexicon

    # an exact id: the names are asked for by a hint only (Lexicon), of the whole file

    @cached_property
    def _names(self) -> query.PartsLexicon:
        return query.PartsLexicon(self._scan._again(query.lexicon_names))

    def topics_named(self, names: Iterable[str]) -> dict[str, frozenset[str]]:
        return self._names.topics_named(names)

    def names_of(self, topics: Iterable[str]) -> dict[str, frozenset[str]]:
        return self._names.names_of(topics)

    # what only an empty answer asks: read from the file again

    @cached_property
    def _vocab(self) -> dict[str, str]:
        return self._scan.vocabulary()

    def suggestions(self, text: str) -> list[str]:
        return close_matches(self._vocab, text)

    def word_suggestions(self, word: str) -> list[str]:
        return close_matches(name_words(self._vocab), word)

    def id_suggestions(self, text: str) -> list[str]:
        return close_matches({norm(i): i for i in self._read.integrity.first}, text)

    def unmatched_terms(self, text: str) -> list[str]:
        return self._scan.unmatched(text)

    def source_ids(self) -> list[str]:
        named = [s.id for s in self._read.file.sources]
        return named or sorted(self._read.integrity.documents)

    def audit_rules(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """The audit rules naming each of ids first, as the whole file's audit has them: the
        audit of the facts joined to them (_Links.joined), with the rules over a whole
        document given what they read of the whole file (its usual date of balances; for the
        亿 doubt, one "billion" figure of the document that bears it out, joined too)."""
        from loanfacts.analysis import audit

        read = self._read
        first = read.integrity.first
        rows = {first[i] for i in ids}
        documents = {read.stubs[at].document for at in rows if _doubted(read.stubs[at])}
        with no_gc():  # a collection would scan every stub kept, again and again
            for document in sorted(documents):
                found = self._bearing_out(document)
                if found is not None:
                    rows.add(found)
            findings = self._audit(self._briefs(read.links.joined(rows)))
        named = audit.rules_by_fact(findings)
        return {fid: named[fid] for fid in ids if fid in named}

    def _briefs(self, rows: Iterable[int]) -> list[Brief]:
        """The audit's briefs of the facts at rows, in file order, from their chunks read
        again."""
        from loanfacts.analysis.evidence import Brief

        return [Brief.of(fact) for _, fact in self._scan.each_at(rows)]

    def _audit(self, briefs: list[Brief]) -> list[Finding]:
        from loanfacts.analysis import audit

        sources = self._read.file.sources
        return audit.run_briefs(
            briefs, audit.reference_documents(sources), sources, self._read.usual_dates
        )

    def _bearing_out(self, document: str) -> int | None:
        """A "billion" figure of the document whose 亿 reading an audit rule finds fitting
        (plausibility.yi_evidence: what the 亿 doubt of the whole document rests on), by
        position; None when none does. Its figures are audited a batch at a time, each with
        the facts joined to it, the batches growing, until one bears the doubt out: a large
        file seldom reads more than the first."""
        from loanfacts.analysis.plausibility import yi_evidence

        read = self._read
        billions = [
            at
            for at, stub in enumerate(read.stubs)
            if stub.document == document and stub.scale is Scale.BILLION
        ]
        size = FIRST_BATCH
        while billions:
            batch, billions = billions[:size], billions[size:]
            size *= 2
            briefs = self._briefs(read.links.joined(batch))
            own = {read.stubs[at].id for at in batch}
            by_id = {b.id: b for b in briefs if b.id in own}
            for subject, _ in yi_evidence(by_id, self._audit(briefs)):
                return read.integrity.first[subject.id]
        return None


def _doubted(stub: _Stub) -> bool:
    from loanfacts.analysis.plausibility import doubted_by_yi

    return doubted_by_yi(stub.unit, stub.scale)


#: the billion figures of a document audited at first for its 亿 doubt (then twice as many)
FIRST_BATCH = 16


def _period(stub: _Stub) -> str:
    return stub.period


class _Links:
    """The facts of a file joined through relations (both ways) and by region, by position."""

    def __init__(self, stubs: list[_Stub], first: dict[str, int]) -> None:
        self.stubs = stubs
        self.first = first
        self.linked: dict[int, list[int]] = {}
        self.support: dict[str, list[int]] = {}
        self._read: dict[str, list[int]] = {}
        from loanfacts.analysis.links import region
        from loanfacts.index.build import SUPPORT

        for at, stub in enumerate(stubs):
            for _, target in stub.relations:
                to = first[target]
                self.linked.setdefault(at, []).append(to)
                self.linked.setdefault(to, []).append(at)
            if not SUPPORT.isdisjoint(stub.tags):
                self.support.setdefault(region(stub.entity), []).append(at)
        self.region = region

    def _closed(self, rows: Iterable[int]) -> set[int]:
        found = set(rows)
        frontier = list(found)
        while frontier:
            linked = {b for a in frontier for b in self.linked.get(a, ())}
            frontier = list(linked - found)
            found |= linked
        return found

    def _read_of(self, where: str) -> list[int]:
        """The support facts of a region the audit reads (links.Index over the region's
        support facts and what they relate to): its totals of all loans, the last of each
        date; its output, the last of each period; its all-loans gaps, the first of each
        date. Index hands out only these: `_latest` and `total_on` take the last total of
        a date (a stable sort by date, then bisect_right), `output` keeps the last of a
        period, and `growth` the first gap of the nearest date (min over file order). Any
        other copy of a region's totals (a large file repeats them) changes no ⚑ flag."""
        from loanfacts.analysis.links import Index

        support = self.support.get(where, [])
        near = sorted({*support, *(b for a in support for b in self.linked.get(a, ()))})
        index = Index.of({self.stubs[at].id: self.stubs[at] for at in near}, _period)
        totals = {t.instant: t for t in index.totals.get(where, [])}
        gaps: dict[object, _Stub] = {}
        for _, gap in index.growth_gaps.get(where, []):
            gaps.setdefault(gap.instant, gap)
        read = [*totals.values(), *gaps.values(), *index.output.get(where, {}).values()]
        return [self.first[b.id] for b in read]

    def joined(self, rows: Iterable[int]) -> set[int]:
        """As Index._joined: rows closed over relations, with the support facts of their
        regions the audit reads (_read_of) and the facts those relate to directly: every
        fact the audit reads to tell which of its findings name one of rows first (the
        rules over a whole document aside: Streamed.audit_rules)."""
        closed = self._closed(rows)
        regions = {self.region(self.stubs[at].entity) for at in closed}
        support = [at for r in sorted(regions) for at in self._region_read(r)]
        hop = {b for a in support for b in self.linked.get(a, ())}
        return closed | set(support) | hop

    def _region_read(self, where: str) -> list[int]:
        if where not in self._read:
            self._read[where] = self._read_of(where)
        return self._read[where]
