"""A derived SQLite index of a facts file, so that look-ups in a large file stay interactive.

facts.json stays the source of truth. The index is a cache in the user's cache folder
($LOANFACTS_CACHE_DIR, else $XDG_CACHE_HOME/loanfacts, else ~/.cache/loanfacts), one file per
facts file, holding each record's JSON text exactly as the file has it, the normalised words
`show`, `list --topic` and `search` match on, an FTS5 trigram index over the first (substring
look-ups) and an FTS5 word index over the second (word-prefix look-ups).

An index is used only when its tool version and format match and the facts file's SHA-256
equals the one it was built from. Size and modification time are a fast pre-check that can
only reject an index, never accept one; a file with the same size and time but new content is
hashed and rebuilt. A missing, stale, corrupt or unreadable index is rebuilt; when the folder
cannot be written the command runs uncached. A build writes a temporary file and moves it into
place with os.replace, so a reader or a second builder sees the old index or the new one,
never half of one.

Answers are the same as without the index by construction: the index only narrows the records
the pure functions in query.py look at, to a superset of those that can match (every record
whose text contains the query, closed over topics so that grouping by topic keeps file order),
and those records are validated again by the same pydantic models.

When the index pays, decided by measurement (later `show --json`, medians of 9-11 runs, 2-vCPU
EPYC, Python 3.11): index vs whole file 253 vs 230 ms for the bundled 26 kB file, 243 vs 238
ms at 76 kB, 244 vs 248 ms at 229 kB, 246 vs 307 ms at 758 kB, 240 vs 895 ms at 7.6 MB. Below
store.INDEX_MIN_BYTES (256 KiB, about the break-even) opening SQLite costs more than it saves,
so small files, the bundled one among them, are read whole and leave nothing in the cache
folder ($LOANFACTS_CACHE_MIN_BYTES overrides it; the tests set 0).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from . import __version__, audit, query
from .models import Fact, FactsFile
from .store import MAX_BYTES, FactBase, index_pays, no_gc
from .words import WORD_PUNCTUATION, is_cjk, norm, tokens

ENV_DIR = "LOANFACTS_CACHE_DIR"
FORMAT = 6  # bump when SCHEMA or what a row holds changes
BATCH = 5000
COMPLETION_LIMIT = 200  # more than a shell shows usefully


class NotIndexable(Exception):
    """The file needs the full check in store.py (it is invalid, or shaped unusually)."""


class Damaged(Exception):
    """An index that fails while it is read: a page SQLite cannot read, a table gone, a row
    that no longer validates or whose checksum no longer matches. The caller discards it and
    answers from the file."""


def _crc(raw: bytes, flags: str = "") -> int:
    """The checksum a row carries over what answers are made of: its JSON and its ⚑ rules."""
    return zlib.crc32(flags.encode(), zlib.crc32(raw))


def cache_dir(env: Mapping[str, str]) -> Path:
    explicit = env.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "loanfacts"


def index_path(folder: Path, facts: Path) -> Path:
    """One index per facts file, named by a hash of its absolute path."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(facts))).hexdigest()[:24]
    return folder / f"index-{key}.sqlite"


@dataclass(frozen=True)
class Stamp:
    size: int
    mtime_ns: int


def _stamp(path: Path) -> Stamp:
    st = path.stat()
    return Stamp(st.st_size, st.st_mtime_ns)


class Digest:
    """SHA-256 of a file's bytes, fed in order as a build reads them; refuses a file whose
    size changed under the reader. (Hashing two halves on two threads was tried: no faster
    on the 2-vCPU benchmark machine, which other jobs kept busy.)"""

    def __init__(self, size: int) -> None:
        self.size = size
        self.seen = 0
        self.hasher = hashlib.sha256()

    def update(self, chunk: bytes) -> None:
        self.hasher.update(chunk)
        self.seen += len(chunk)

    def hexdigest(self) -> str:
        if self.seen != self.size:
            raise NotIndexable("the file changed while it was read")
        return self.hasher.hexdigest()

    @staticmethod
    def of_file(path: Path) -> str:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()


# --- reading a facts file record by record -------------------------------------------------

CHUNK = 1 << 23
_WS = re.compile(r"[ \t\n\r]*")


class _Reader:
    """A facts file decoded a window at a time, hashed as it is read; values are found by the
    json module's C scanner, so a 1 GB file never sits in memory whole or as one string."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self.stream = stream
        self.hasher = Digest(size)
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()  # drops a leading BOM
        self.json = json.JSONDecoder()
        self.text = ""
        self.pos = 0
        self.done = False

    def _more(self) -> bool:
        if self.done:
            return False
        chunk = self.stream.read(CHUNK)
        self.hasher.update(chunk)
        try:
            decoded = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise NotIndexable("not valid UTF-8") from None
        self.done = not chunk
        self.text = self.text[self.pos:] + decoded
        self.pos = 0
        return True

    def skip_ws(self) -> str:
        """Skip white space; the next character, or "" at the end of the file."""
        while True:
            match = _WS.match(self.text, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.text) or not self._more():
                return self.text[self.pos:self.pos + 1]

    def take(self, char: str) -> None:
        if self.skip_ws() != char:
            raise NotIndexable(f"expected {char!r}")
        self.pos += 1

    def value(self) -> tuple[Any, str]:
        """The next JSON value, and its text."""
        self.skip_ws()
        while True:
            try:
                obj, end = self.json.raw_decode(self.text, self.pos)
            except (ValueError, RecursionError):
                if self._more():
                    continue
                raise NotIndexable("not valid JSON") from None
            if end == len(self.text) and self._more():
                continue  # a number may go on in the next window
            text = self.text[self.pos:end]
            self.pos = end
            return obj, text

    def finish(self) -> str:
        """The Digest of the whole file, once nothing but white space is left."""
        if self.skip_ws() != "":
            raise NotIndexable("data after the top-level object")
        while self._more():
            pass
        return self.hasher.hexdigest()


def _array(reader: _Reader) -> Iterator[bytes]:
    reader.take("[")
    if reader.skip_ws() == "]":
        reader.pos += 1
        return
    while True:
        _, text = reader.value()
        yield text.encode("utf-8")
        sep = reader.skip_ws()
        reader.pos += 1
        if sep == "]":
            return
        if sep != ",":
            raise NotIndexable("expected ',' or ']'")


def read_records(reader: _Reader, head: list[bytes]) -> Iterator[bytes]:
    """Each fact record's JSON text; the other top-level members are appended to head.

    Only the common shape is taken apart: an object with one "facts" array. Anything else
    raises NotIndexable and is left to the full check, which reports it exactly.
    """
    reader.take("{")
    seen: set[str] = set()
    if reader.skip_ws() == "}":
        raise NotIndexable("empty object")
    while True:
        key, _ = reader.value()
        if not isinstance(key, str) or key in seen:
            raise NotIndexable("bad or repeated key")
        seen.add(key)
        reader.take(":")
        if key == "facts":
            yield from _array(reader)
        else:
            _, text = reader.value()
            head.append(json.dumps(key).encode() + b":" + text.encode("utf-8"))
        sep = reader.skip_ws()
        reader.pos += 1
        if sep == "}":
            break
        if sep != ",":
            raise NotIndexable("expected ',' or '}'")
    if "facts" not in seen:
        raise NotIndexable("no facts")


# --- building ------------------------------------------------------------------------------

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE facts (
    idx INTEGER PRIMARY KEY,   -- position in the file
    topic TEXT NOT NULL,
    doc TEXT NOT NULL,         -- the source document it cites
    raw BLOB NOT NULL,         -- the record's JSON text as in the file
    keys TEXT NOT NULL,        -- what `show` and `list --topic` match on, normalised
    texts TEXT NOT NULL,       -- what `search` matches on, normalised (Chinese substrings)
    flags TEXT NOT NULL,       -- audit rules naming the fact first (audit.rules_by_fact)
    crc INTEGER NOT NULL       -- _crc(raw, flags)
);
CREATE TABLE sources (
    pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, raw TEXT NOT NULL,
    crc INTEGER NOT NULL
);
CREATE TABLE vocab (word TEXT PRIMARY KEY, shown TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE ids (id TEXT PRIMARY KEY) WITHOUT ROWID;  -- for completing `card ID`
CREATE VIRTUAL TABLE keys_fts USING fts5 (
    keys, content='facts', content_rowid='idx', tokenize='trigram', detail='none'
);
CREATE VIRTUAL TABLE words_fts USING fts5 (  -- words.tokens of what `search` matches on
    words, content='', detail='none', tokenize="ascii tokenchars '{WORD_PUNCTUATION}'"
);
"""


class _Integrity:
    """store.integrity_problems for records seen in batches: any problem stops the build and
    leaves the file to the full check, which words it."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}  # position of each id
        self.count = 0
        self.documents: set[str] = set()
        self.targets: set[str] = set()

    def add(self, facts: Sequence[Fact]) -> None:
        for fact in facts:
            if fact.id in self.ids:
                raise NotIndexable("duplicate id")
            self.ids[fact.id] = self.count
            self.count += 1
            self.documents.add(fact.source.document)
            for target in vars(fact.relations).values():  # Relations.items(), faster
                if target is None:
                    continue
                if target == fact.id:
                    raise NotIndexable("refers to itself")
                self.targets.add(target)

    def check(self, file: FactsFile) -> None:
        source_ids = [s.id for s in file.sources]
        if len(set(source_ids)) != len(source_ids):
            raise NotIndexable("duplicate source id")
        if file.sources and not self.documents <= set(source_ids):
            raise NotIndexable("unknown document")
        if not self.targets <= self.ids.keys():
            raise NotIndexable("unknown fact")


def _normed(texts: list[str]) -> str:
    """query.norm of each text, joined by U+0001 (not white space to str.split, and not NUL,
    which ends a string for SQLite's text functions): every normalised text query.py matches on
    stands whole in the result, so a substring of one is a substring of it (the cheap way:
    one casefold and split per record instead of one per text)."""
    return " ".join("\x01".join(texts).casefold().replace("_", " ").split())


class _Rows:
    """Validates records a batch at a time and writes their rows."""

    def __init__(self, con: sqlite3.Connection) -> None:
        from pydantic import TypeAdapter

        self.con = con
        self.adapter: TypeAdapter[list[Fact]] = TypeAdapter(list[Fact])
        self.integrity = _Integrity()
        self.vocab: dict[str, str] = {}  # query.suggestions' vocabulary
        self.briefs: list[audit.Brief] = []  # what the audit reads, a few hundred bytes each
        self.seen: set[str] = set()
        self.count = 0

    def add(self, batch: list[bytes]) -> None:
        from pydantic import ValidationError

        try:
            facts = self.adapter.validate_json(b"[" + b",".join(batch) + b"]")
        except ValidationError:
            raise NotIndexable("invalid record") from None
        self.integrity.add(facts)
        rows = []
        words: list[tuple[int, str]] = []
        for fact, rec in zip(facts, batch, strict=True):
            self.briefs.append(audit.Brief.of(fact))
            self.vocab.setdefault(fact.id, fact.id)  # a slug is its own normal form
            for word in (fact.topic, *fact.aliases):
                if word not in self.seen:
                    self.seen.add(word)
                    self.vocab.setdefault(norm(word), word)
            keys = _normed([fact.id, fact.id.replace("-", " "), fact.topic, *fact.aliases,
                            *fact.tags])
            fields = query.fields(fact).values()
            rows.append((self.count, fact.topic, fact.source.document, rec, keys,
                         "\x01".join(fields), "", _crc(rec)))
            words.append((self.count, " ".join(w for text in fields for w in tokens(text))))
            self.count += 1
        self.con.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.con.executemany("INSERT INTO words_fts (rowid, words) VALUES (?, ?)", words)


    def finish(self, file: FactsFile) -> None:
        """Once every record is in: the checks across records, the sources, the "did you
        mean" vocabulary, and the audit of the whole file (for the ⚑ markers)."""
        self.integrity.check(file)
        sources = [(src, src.model_dump_json(exclude_unset=True)) for src in file.sources]
        self.con.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?)",
                             [(pos, src.id, src.kind.value, raw,
                               _crc(raw.encode(), src.kind.value))
                              for pos, (src, raw) in enumerate(sources)])
        self.con.executemany("INSERT INTO vocab VALUES (?, ?)", sorted(self.vocab.items()))
        self.con.executemany("INSERT INTO ids VALUES (?)",
                             [(fid,) for fid in sorted(self.integrity.ids)])
        refs = audit.reference_documents(file.sources)
        flags = audit.rules_by_fact(audit.run_briefs(self.briefs, refs))
        self.briefs.clear()
        for fid, rules in flags.items():
            idx = self.integrity.ids[fid]
            (raw,) = self.con.execute("SELECT raw FROM facts WHERE idx = ?", (idx,)).fetchone()
            text = "\t".join(rules)
            self.con.execute("UPDATE facts SET flags = ?, crc = ? WHERE idx = ?",
                             (text, _crc(raw, text), idx))


def _sweep(folder: Path) -> None:
    """Remove what builders killed mid-way left behind (a day old: none still running)."""
    import time

    cutoff = time.time() - 86400
    for leftover in folder.glob(".index-*.tmp"):
        with suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def build(facts: Path, target: Path) -> None:
    """Validate the facts file in batches and write its index to target, atomically."""
    import tempfile  # 5 ms of imports a look-up in a built index does not need

    from pydantic import ValidationError

    target.parent.mkdir(parents=True, exist_ok=True)
    _sweep(target.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with facts.open("rb") as stream:
            st = os.fstat(stream.fileno())
            if st.st_size > MAX_BYTES:
                raise NotIndexable("too large")
            con = sqlite3.connect(tmp)
            try:
                # no journal: a failed build is a temporary file thrown away
                con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
                reader = _Reader(stream, st.st_size)
                head: list[bytes] = []
                rows = _Rows(con)
                batch: list[bytes] = []
                with no_gc():
                    for record in read_records(reader, head):
                        batch.append(record)
                        if len(batch) == BATCH:
                            rows.add(batch)
                            batch = []
                    if batch:
                        rows.add(batch)
                digest = reader.finish()
                head_json = b"{" + b",".join([*head, b'"facts":[]']) + b"}"
                try:
                    file = FactsFile.model_validate_json(head_json)
                except ValidationError:
                    raise NotIndexable("invalid top level") from None
                rows.finish(file)
                con.execute("CREATE INDEX facts_topic ON facts (topic)")
                con.execute("INSERT INTO keys_fts (keys_fts) VALUES ('rebuild')")
                meta = {"format": str(FORMAT), "version": __version__, "sha256": digest,
                        "size": str(st.st_size), "mtime_ns": str(st.st_mtime_ns),
                        "schema_version": str(file.schema_version), "count": str(rows.count)}
                con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
                con.commit()
            finally:
                con.close()
        os.replace(tmp, target)
    finally:
        with suppress(OSError):
            tmp.unlink()


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedBase(FactBase):
    """A FactBase whose `facts` are the records a query can match, read from the index."""

    con: sqlite3.Connection
    index: Index
    rows: Sequence[int] | None = None  # what stream() reads; None: every record
    flags: Mapping[str, list[str]] = field(default_factory=dict)  # ⚑ rules of `facts`

    def raws(self, reference: bool) -> Iterator[bytes]:
        """The JSON of the report (or reference) records among rows, checked, in file
        order."""
        sql = ("SELECT f.raw, f.flags, f.crc FROM facts f LEFT JOIN sources s ON s.id = f.doc "
               "WHERE coalesce(s.kind = 'reference', 0) = ? {} ORDER BY f.idx")
        if self.rows is None:
            chunks: Iterator[Sequence[int]] = iter([()])
        else:
            ordered = sorted(self.rows)
            chunks = (ordered[i:i + 500] for i in range(0, len(ordered), 500))
        for chunk in chunks:
            where = f"AND f.idx IN ({','.join('?' * len(chunk))})" if self.rows is not None else ""
            for raw, flags, crc in self.con.execute(sql.format(where), (int(reference), *chunk)):
                yield _checked(raw, flags, crc)

    def verify(self) -> None:
        """Read every record stream() will read, and check it, before a streamed answer
        writes anything: damage found half-way would cut the output."""
        with self.index.guard():
            for raw, kind, crc in self.con.execute("SELECT raw, kind, crc FROM sources"):
                _checked(raw.encode(), kind, crc)
            for reference in (False, True):
                for _ in self.raws(reference):
                    pass

    def stream(self, reference: bool) -> Iterator[list[Fact]]:
        """The report (or reference) records among rows, validated a batch at a time, in
        file order: `list` writes a million records without holding them all."""
        from pydantic import TypeAdapter

        adapter: TypeAdapter[list[Fact]] = TypeAdapter(list[Fact])
        batch: list[bytes] = []
        for raw in self.raws(reference):
            batch.append(raw)
            if len(batch) == BATCH:
                yield adapter.validate_json(b"[" + b",".join(batch) + b"]")
                batch = []
        if batch:
            yield adapter.validate_json(b"[" + b",".join(batch) + b"]")

    @property
    def whole(self) -> bool:
        return False

    def suggestions(self, text: str) -> list[str]:
        try:
            with self.index.guard():
                vocab = dict(self.con.execute("SELECT word, shown FROM vocab").fetchall())
        except Damaged:
            from .store import load

            self.index.discard()
            return query.suggestions(load(self.path).facts, text)
        return query.close_matches(vocab, text)

    def audit_rules(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """The audit of the whole file, made when the index was built, for these facts."""
        return {fid: self.flags[fid] for fid in ids if fid in self.flags}


def _storable(text: str) -> bool:
    """Whether SQLite can take text: not when it holds a lone surrogate, which is how Python
    passes on argument bytes that are not UTF-8 (`show $'caf\\xe9'`). No fact holds one (the
    JSON reader refuses them), so such text matches nothing stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _checked(raw: bytes, flags: str, crc: int) -> bytes:
    if _crc(raw, flags) != crc:
        raise Damaged("a row does not match its checksum")
    return raw


class Index:
    """An open, verified index."""

    def __init__(self, con: sqlite3.Connection, path: Path, schema_version: str,
                 target: Path, ident: tuple[int, int]) -> None:
        self.con = con
        self.path = path
        self.schema_version = schema_version
        self.target = target
        self.ident = ident  # (device, inode) of the index file opened

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Whatever reading the index raises becomes Damaged."""
        from pydantic import ValidationError

        try:
            yield
        except (sqlite3.Error, ValidationError, UnicodeDecodeError) as exc:
            raise Damaged(str(exc)) from exc

    def discard(self) -> None:
        """Close and delete the index file opened (not one a builder put there since), so
        that the next look-up builds it again."""
        with suppress(sqlite3.Error):
            self.con.close()
        with suppress(OSError):
            st = self.target.stat()
            if (st.st_dev, st.st_ino) == self.ident:
                self.target.unlink()


    def _containing(self, needle: str) -> set[int]:
        """Rows whose keys contain needle: a superset of those query.show and Filters.topic
        accept. The trigram index answers for needles of three characters or more without
        LIKE's wildcards (and LIKE ignores ASCII case: a superset again); shorter ones scan."""
        if not _storable(needle):
            return set()
        if len(needle) >= 3 and "%" not in needle and "_" not in needle:
            sql = ("SELECT idx FROM keys_fts JOIN facts ON idx = keys_fts.rowid "
                   "WHERE keys_fts.keys LIKE ? AND instr(facts.keys, ?) > 0")
            args: tuple[str, ...] = (f"%{needle}%", needle)
        else:
            sql = "SELECT idx FROM facts WHERE instr(keys, ?) > 0"
            args = (needle,)
        return {row[0] for row in self.con.execute(sql, args)}

    def _searchable(self, terms: list[str]) -> set[int]:
        """Rows where every term could match as query.search matches it.

        A Latin term must start a word; the word index holds words.tokens of every field
        query.search reads, which SQLite's ascii tokenizer keeps whole (words.py), so a prefix
        query finds every such row. A Chinese term matches anywhere inside a word, which no
        token index answers: those rows are found by scanning for the substring.
        """
        if not all(_storable(t) for t in terms):
            return set()
        latin = [t for t in terms if not is_cjk(t)]
        other = [t for t in terms if is_cjk(t)]
        tests = " AND ".join(["instr(facts.texts, ?) > 0"] * len(other)) or "1"
        if latin:
            match = " AND ".join('"' + t.replace('"', '""') + '"*' for t in latin)
            sql = ("SELECT idx FROM words_fts JOIN facts ON idx = words_fts.rowid "  # noqa: S608
                   f"WHERE words_fts MATCH ? AND {tests}")
            return {row[0] for row in self.con.execute(sql, (match, *other))}
        sql = f"SELECT idx FROM facts WHERE {tests}"  # noqa: S608  # placeholders only
        return {row[0] for row in self.con.execute(sql, other)}

    def _select(self, sql: str, values: list[int] | list[str]) -> list[tuple[Any, ...]]:
        """Run sql with `{}` replaced by placeholders, for values in chunks of 500."""
        found: list[tuple[Any, ...]] = []
        for start in range(0, len(values), 500):
            part = values[start:start + 500]
            found += self.con.execute(sql.format(",".join("?" * len(part))), part)
        return found

    def _topic_closed(self, rows: set[int]) -> list[int]:
        """Every record of every topic among rows: grouping by topic then keeps file order."""
        topics = sorted({r[0] for r in self._select(
            "SELECT DISTINCT topic FROM facts WHERE idx IN ({})", sorted(rows))})
        return sorted(r[0] for r in self._select(
            "SELECT idx FROM facts WHERE topic IN ({})", topics))

    def facts(self, rows: Sequence[int] | None) -> tuple[list[Fact], dict[str, list[str]]]:
        """Records by position (all when rows is None), validated, in file order, and the
        audit rules naming each."""
        from pydantic import TypeAdapter

        sql = "SELECT raw, flags, crc FROM facts {} ORDER BY idx"
        if rows is None:
            found: Iterable[tuple[Any, ...]] = self.con.execute(sql.format(""))
        else:
            found = self._select(sql.format("WHERE idx IN ({})"), sorted(rows))
        raws: list[bytes] = []
        flagged: list[tuple[int, str]] = []
        for raw, flags, crc in found:
            raws.append(_checked(raw, flags, crc))
            if flags:
                flagged.append((len(raws) - 1, flags))
        if not raws:
            return [], {}
        adapter: TypeAdapter[list[Fact]] = TypeAdapter(list[Fact])
        with no_gc():
            facts = adapter.validate_json(b"[" + b",".join(raws) + b"]")
        return facts, {facts[at].id: flags.split("\t") for at, flags in flagged}

    def base(self, rows: Sequence[int] | None) -> IndexedBase:
        """The records at rows with the sources they cite (is_reference needs no others)."""
        with self.guard():
            facts, flags = self.facts(rows)
            cited = sorted({f.source.document for f in facts})
            sources = [_checked(raw.encode(), kind, crc).decode() for raw, kind, crc in
                       self._select("SELECT raw, kind, crc FROM sources WHERE id IN ({}) "
                                    "ORDER BY pos", cited)]
            if len(sources) != len(cited) and self.con.execute(
                    "SELECT count(*) FROM sources").fetchone()[0]:
                raise Damaged("a source is missing")
            head = FactsFile.model_validate_json(
                f'{{"schema_version": {self.schema_version}, "sources": [{",".join(sources)}], '
                '"facts": []}')
        file = FactsFile.model_construct(schema_version=head.schema_version,
                                         sources=head.sources, facts=facts)
        return IndexedBase(path=self.path, file=file, con=self.con, index=self, flags=flags)

    def completions(self, prefix: str, ids_only: bool = False) -> list[str]:
        """Names (topics, aliases, ids) or ids alone that start with prefix, by a range
        look-up on the table's key: a Tab press reads a few rows, not the file."""
        if ids_only:
            sql, lowered = "SELECT id FROM ids WHERE id >= ? AND id < ? ORDER BY id", prefix
        else:
            sql = "SELECT shown FROM vocab WHERE word >= ? AND word < ? ORDER BY word"
            lowered = norm(prefix) if prefix.strip() else ""
        if not _storable(lowered):
            return []
        rows = self.con.execute(sql, (lowered, lowered + "\U0010ffff"))
        return [word for (word,) in rows if word.startswith(prefix)][:COMPLETION_LIMIT]

    def for_show(self, topic: str) -> IndexedBase:
        needle = norm(topic)
        with self.guard():
            rows = self._topic_closed(self._containing(needle)) if needle else []
        return self.base(rows)

    def for_search(self, text: str) -> IndexedBase:
        terms = query.search_terms(text)
        with self.guard():
            rows = sorted(self._searchable(terms)) if terms else []
        return self.base(rows)

    def for_list(self, topic: str | None, stream: bool = False) -> IndexedBase:
        """The records `list --topic` can match; with stream, none are read yet (the caller
        reads them through IndexedBase.stream)."""
        with self.guard():
            rows = self._topic_closed(self._containing(norm(topic))) if topic else None
            if stream:
                file = FactsFile.model_construct(sources=[], facts=[])
                streamed = IndexedBase(path=self.path, file=file, con=self.con, index=self,
                                       rows=rows)
                streamed.verify()
                return streamed
        return self.base(rows)


def _open_verified(target: Path, facts: Path, stamp: Stamp) -> Index | None:
    """The index at target if it was built from facts as it is now, else None."""
    try:
        # as_uri escapes what a URI reads specially (#, ?, %) in the folder's name
        uri = f"{target.absolute().as_uri()}?mode=ro"
        con = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        fresh = (meta.get("format") == str(FORMAT) and meta.get("version") == __version__
                 and meta.get("size") == str(stamp.size)
                 and meta.get("mtime_ns") == str(stamp.mtime_ns)
                 and meta.get("sha256") == Digest.of_file(facts))
        if fresh:
            st = target.stat()
            return Index(con, facts, meta["schema_version"], target, (st.st_dev, st.st_ino))
    except (sqlite3.Error, OSError, ValueError, KeyError, NotIndexable):
        pass
    con.close()
    return None


def existing_index(facts: Path, env: Mapping[str, str]) -> Index | None:
    """A verified index of facts if one is already built; never builds (shell completion
    must answer at once, and a million-record build takes minutes)."""
    try:
        return _open_verified(index_path(cache_dir(env), facts), facts, _stamp(facts))
    except (OSError, RuntimeError):
        return None


def open_index(facts: Path, env: Mapping[str, str]) -> Index | None:
    """A verified index of facts, built if need be; None when the file is better read whole
    (small, invalid, unusual) or the cache cannot be used (then the caller runs uncached)."""
    if not index_pays(facts, env):
        return None
    try:
        stamp = _stamp(facts)
        target = index_path(cache_dir(env), facts)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to find ~/.cache in
        return None
    found = _open_verified(target, facts, stamp)
    if found is not None:
        return found
    try:
        build(facts, target)
    except NotIndexable:
        return None
    except (sqlite3.Error, OSError):
        return None  # a read-only or full cache folder
    return _open_verified(target, facts, stamp)
