"""Building an index: validate a facts file batch by batch and write what look-ups read.

Nothing here decides what a match is: the rows hold query.fact_keys with query.figures and
search.IndexWords (cut into words by words.py), the names are query.lexicon_pairs, the
vocabulary is suggest.add's, the rules across records are store.Integrity's and
the findings are audit.run_briefs' over the whole file. A build writes a temporary file and
moves it into place with os.replace, so a reader or a second builder sees the old index or the
new one, never half of one; a signal on the way deletes the temporary file (cleanup.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Mapping
from contextlib import suppress
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from loanfacts.analysis import audit
from loanfacts.analysis.links import ALL_LOANS, ALL_LOANS_GROWTH, GDP, region
from loanfacts.cleanup import removed_if_stopped
from loanfacts.index import folder
from loanfacts.index import rows as rows_
from loanfacts.index.key import code_key
from loanfacts.index.reader import Reader, read_records
from loanfacts.index.rows import crc, stamp
from loanfacts.lookup import query, search, suggest
from loanfacts.model import quick
from loanfacts.model.errors import NotIndexable
from loanfacts.model.models import FactsFile
from loanfacts.model.store import MAX_BYTES, Integrity, no_gc
from loanfacts.text.words import WORD_PUNCTUATION

#: how SQLite cuts the word tables into words: every character of words.WORD inside a word
#: (every non-ASCII one is), every other ASCII one between words (select.py reads it so)
TOKENIZE = f"ascii tokenchars '{WORD_PUNCTUATION}'"

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE facts (
    idx INTEGER PRIMARY KEY,   -- position in the file
    topic TEXT NOT NULL,
    measure TEXT NOT NULL,
    doc TEXT NOT NULL,         -- the source document it cites
    raw BLOB NOT NULL,         -- the record's JSON text as in the file
    support INTEGER NOT NULL,  -- a total, a growth or an output any derivation may look up
    region TEXT NOT NULL,      -- links.region of the entity: what support is looked up by
    flags TEXT NOT NULL,       -- audit rules naming the fact first (audit.rules_by_fact)
    crc INTEGER NOT NULL       -- crc(raw, flags)
);
CREATE TABLE keys (            -- query.fact_keys and query.figures: what `show` matches on
    idx INTEGER PRIMARY KEY, keys TEXT NOT NULL
);
CREATE TABLE texts (           -- search.IndexWords' text of the records holding Chinese:
    idx INTEGER PRIMARY KEY, texts TEXT NOT NULL  -- where a Chinese search term is looked for
);
CREATE TABLE sources (
    pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, raw TEXT NOT NULL,
    crc INTEGER NOT NULL       -- crc(raw, kind)
);
CREATE TABLE vocab (word TEXT PRIMARY KEY, shown TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE names (           -- which topics each name names (query.Lexicon)
    name TEXT NOT NULL, topic TEXT NOT NULL, PRIMARY KEY (name, topic)
) WITHOUT ROWID;
CREATE TABLE ids (id TEXT PRIMARY KEY, idx INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE links (a INTEGER NOT NULL, b INTEGER NOT NULL);  -- relations, both ways
CREATE TABLE findings (pos INTEGER PRIMARY KEY, record TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE TABLE named (id TEXT NOT NULL, pos INTEGER NOT NULL);  -- ids each finding names
CREATE TABLE terms (text TEXT NOT NULL);  -- every word of keys_words once, between newlines
CREATE VIRTUAL TABLE keys_words USING fts5 (  -- the words of keys, as words_fts holds words
    keys, content='', detail='none', tokenize="{TOKENIZE}"
);
CREATE VIRTUAL TABLE words_fts USING fts5 (  -- words.tokens of texts, kept whole by SQLite
    words, content='', detail='none', tokenize="{TOKENIZE}"
);
"""
INDEXES = """
CREATE INDEX facts_topic ON facts (topic);
CREATE INDEX facts_measure ON facts (measure);
CREATE INDEX facts_support ON facts (support, region);
CREATE INDEX names_topic ON names (topic, name);
CREATE INDEX links_a ON links (a);
CREATE INDEX named_id ON named (id);
CREATE VIRTUAL TABLE temp.key_vocab USING fts5vocab (main, keys_words, 'row');
INSERT INTO terms SELECT char(10) || coalesce(group_concat(term, char(10)), '') || char(10)
    FROM temp.key_vocab;
DROP TABLE temp.key_vocab;
"""


#: tags of the facts a derivation finds by region rather than by relation (links.py)
SUPPORT = frozenset({ALL_LOANS, ALL_LOANS_GROWTH, GDP})


def _decimal(obj: object) -> Any:
    if isinstance(obj, Decimal):
        return {"$decimal": str(obj)}
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def finding_json(finding: audit.Finding) -> str:
    """A finding as the index keeps it: JSON with every Decimal kept exact."""
    return json.dumps(finding.to_json(), ensure_ascii=False, default=_decimal)


class _Rows:
    """Validates records a batch at a time and writes their rows."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.integrity = Integrity()
        self.vocab: dict[str, str] = {}
        self.briefs: list[audit.Brief] = []  # what the audit reads, a few hundred bytes each
        self.links: list[tuple[int, str]] = []  # (position, id it relates to)
        self.names: set[tuple[str, str]] = set()  # query.lexicon_pairs of the whole file
        self.named: set[tuple[str, ...]] = set()  # (topic, *aliases) already in names
        self.words = search.IndexWords()
        self.count = 0

    def add(self, batch: list[bytes]) -> None:
        from pydantic import ValidationError

        try:
            facts = quick.facts().validate_json(b"[" + b",".join(batch) + b"]")
        except ValidationError:
            raise NotIndexable("invalid record") from None
        self.integrity.add(facts)
        rows = []
        keys = []
        texts = []
        words = []
        fresh = []  # facts with names not seen yet: the names of a topic repeat on every figure
        for fact, rec in zip(facts, batch, strict=True):
            self.briefs.append(audit.Brief.of(fact))
            suggest.add(self.vocab, fact)
            named = (fact.topic, *fact.aliases)
            if named not in self.named:
                self.named.add(named)
                fresh.append(fact)
            numbers = query.figures(fact)
            found, text, chinese = self.words.of(fact, numbers)
            rows.append(
                (
                    self.count,
                    fact.topic,
                    fact.measure.value,
                    fact.source.document,
                    rec,
                    int(not SUPPORT.isdisjoint(fact.tags)),
                    region(fact.entity),
                    "",
                    crc(rec),
                )
            )
            keys.append((self.count, "\x01".join([query.fact_keys(fact), *numbers])))
            if chinese:  # else no Chinese term can match
                texts.append((self.count, text))
            words.append((self.count, found))
            self.links.extend(
                (self.count, target)  # vars: Relations.items(), faster
                for target in vars(fact.relations).values()
                if target
            )
            self.count += 1
        self.names.update(query.lexicon_pairs(fresh))  # a batch at a time: aliases named once
        self.con.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.con.executemany("INSERT INTO keys VALUES (?, ?)", keys)
        self.con.executemany("INSERT INTO keys_words (rowid, keys) VALUES (?, ?)", keys)
        self.con.executemany("INSERT INTO texts VALUES (?, ?)", texts)
        self.con.executemany("INSERT INTO words_fts (rowid, words) VALUES (?, ?)", words)

    def finish(self, file: FactsFile) -> None:
        """Once every record is in: the rules across records, the sources, the vocabulary,
        the ids, the relations, and the audit of the whole file with its ⚑ rules."""
        if not self.integrity.holds(file.sources):
            raise NotIndexable("a rule across records is broken")
        ids = self.integrity.first
        raws = [(src, src.model_dump_json(exclude_unset=True)) for src in file.sources]
        self.con.executemany(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?)",
            [
                (pos, src.id, src.kind.value, raw, crc(raw.encode(), src.kind.value))
                for pos, (src, raw) in enumerate(raws)
            ],
        )
        # in the order of their keys' first column (SQLite's B-trees take that fastest; a
        # sort by the first item alone costs a third of one by the whole pair)
        first = itemgetter(0)
        self.con.executemany(
            "INSERT INTO vocab VALUES (?, ?)", sorted(self.vocab.items(), key=first)
        )
        self.con.executemany("INSERT INTO names VALUES (?, ?)", sorted(self.names, key=first))
        self.con.executemany("INSERT INTO ids VALUES (?, ?)", sorted(ids.items(), key=first))
        pairs = [(at, ids[target]) for at, target in self.links]
        self.con.executemany("INSERT INTO links VALUES (?, ?)", pairs + [(b, a) for a, b in pairs])
        findings = audit.run_briefs(
            self.briefs, audit.reference_documents(file.sources), file.sources
        )
        self.briefs.clear()
        records = [finding_json(f) for f in findings]
        self.con.executemany(
            "INSERT INTO findings VALUES (?, ?, ?)",
            [(pos, rec, crc(rec.encode())) for pos, rec in enumerate(records)],
        )
        self.con.executemany(
            "INSERT INTO named VALUES (?, ?)",
            [(fid, pos) for pos, f in enumerate(findings) for fid in f.ids],
        )
        for fid, rules in audit.rules_by_fact(findings).items():
            at = ids[fid]
            (raw,) = self.con.execute("SELECT raw FROM facts WHERE idx = ?", (at,)).fetchone()
            text = "\t".join(rules)
            self.con.execute(
                "UPDATE facts SET flags = ?, crc = ? WHERE idx = ?", (text, crc(raw, text), at)
            )


def _fill(con: sqlite3.Connection, stream: BinaryIO, st: os.stat_result) -> dict[str, str]:
    """Read, validate and write every record, then what spans records; the meta to keep."""
    from pydantic import ValidationError

    # no journal: a failed build is a temporary file thrown away
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    reader = Reader(stream, st.st_size)
    head: list[bytes] = []
    rows = _Rows(con)
    batch: list[bytes] = []
    # one stretch without the cyclic collector, ended once what it holds is let go: its first
    # pass after a stretch scans every object made in it (about 0.3 s a pass at 100k)
    with no_gc():
        for record in read_records(reader, head):
            batch.append(record)
            if len(batch) >= rows_.BATCH:
                rows.add(batch)
                batch = []
        if batch:
            rows.add(batch)
        digest = reader.finish()
        if stamp(os.fstat(stream.fileno())) != stamp(st):
            raise NotIndexable("the file changed while it was read")
        try:
            file = FactsFile.model_validate_json(b"{" + b",".join([*head, b'"facts":[]']) + b"}")
        except ValidationError:
            raise NotIndexable("invalid top level") from None
        rows.finish(file)
        count = rows.count
        del rows
    con.executescript(INDEXES)
    return {"sha256": digest, "schema_version": str(file.schema_version), "count": str(count)}


def build(facts: Path, target: Path, env: Mapping[str, str] | None = None) -> None:
    """Validate the facts file in batches and write its index to target, atomically."""
    import tempfile  # 5 ms of imports a look-up in a built index does not need

    started = time.time_ns()
    folder.prepare(target.parent)
    folder.sweep(target.parent)

    def temporary() -> str:
        fd, name = tempfile.mkstemp(
            prefix=f".index-{os.getpid()}-", suffix=".tmp", dir=target.parent
        )
        os.close(fd)
        return name

    tmp: Path | None = None
    try:
        with removed_if_stopped(temporary) as tmp_name:
            tmp = Path(tmp_name)
            with facts.open("rb") as stream:
                st = os.fstat(stream.fileno())
                if st.st_size > MAX_BYTES:
                    raise NotIndexable("too large")
                con = sqlite3.connect(tmp)
                try:
                    meta = {
                        **_fill(con, stream, st),
                        **stamp(st),
                        "key": code_key(),
                        "racy": str(int(st.st_ctime_ns > started - rows_.RACY_NS)),
                        "path": os.path.abspath(facts),
                    }
                    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
                    con.commit()
                finally:
                    con.close()
                os.replace(tmp, target)
    finally:
        if tmp is not None:
            with suppress(OSError):
                tmp.unlink()
    folder.tidy(target.parent, target, env or {})


def _locked(folder_path: Path, wait: bool) -> int | None:
    """A descriptor holding the cache folder's build lock (flock: let go when the holder
    ends, however it ends), or None when another builder holds it and `wait` is false.
    Where flock is missing the lock is not taken (a second builder only repeats work)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        return os.open(folder_path, os.O_RDONLY)
    fd = os.open(folder_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(fd)
        return None
    return fd


def busy(folder_path: Path) -> bool:
    """Whether a builder holds the folder's lock now."""
    try:
        fd = _locked(folder_path, wait=False)
    except OSError:
        return False
    if fd is None:
        return True
    os.close(fd)
    return False


def build_once(
    facts: Path, target: Path, env: Mapping[str, str] | None = None, wait: bool = True
) -> bool:
    """Build the index of facts unless another builder is at it (`wait`: until it is done)
    or it is fresh already; one builder at a time in a cache folder. Whether it is there."""
    from loanfacts.index import _open_verified

    folder.prepare(target.parent)
    fd = _locked(target.parent, wait)
    if fd is None:
        return False
    try:
        found = _open_verified(target, facts)
        if found is not None:
            found.con.close()
            return True
        build(facts, target, env)
        return True
    finally:
        os.close(fd)


def main(argv: list[str]) -> int:
    """`python -m loanfacts.index.build FACTS INDEX`: the detached builder a look-up starts
    after answering from the file. Quiet: a file that cannot be indexed is left to the next
    look-up, which reads it whole and says what is wrong."""
    with suppress(OSError, AttributeError):
        os.nice(10)  # the user's commands come first
    facts, target = Path(argv[0]), Path(argv[1])
    try:
        build_once(facts, target, os.environ, wait=False)
    except (NotIndexable, sqlite3.Error, OSError):
        return 1
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
