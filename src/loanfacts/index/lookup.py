"""Reading a verified index: the records a query can match, checked, validated, in file order.

Answers are the same as without the index by construction: the index only narrows the records
the pure functions in query.py look at, to a superset of those that can match (every record
whose text contains the query, closed over topics so that grouping by topic keeps file order),
and those records are validated again by the same pydantic models. Whatever reading raises
becomes IndexDamaged (`guard`); the caller then answers from the file and `discard`s the index.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import query
from ..errors import IndexDamaged
from ..models import Fact, SourceDocument, SourceKind
from ..store import no_gc
from ..words import is_cjk, norm
from . import rows as rows_
from .rows import crc

if TYPE_CHECKING:
    from ..card import Neighbourhood

COMPLETION_LIMIT = 200  # more than a shell shows usefully
CHUNK = 500  # values per IN (...) list


def storable(text: str) -> bool:
    """Whether SQLite can take text: not when it holds a lone surrogate, which is how Python
    passes on argument bytes that are not UTF-8 (`show $'caf\\xe9'`). No fact holds one (the
    JSON reader refuses them), so such text matches nothing stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def checked(raw: bytes, extra: str, expected: int) -> bytes:
    if crc(raw, extra) != expected:
        raise IndexDamaged("a row does not match its checksum")
    return raw


def _validated(raws: list[bytes]) -> list[Fact]:
    from pydantic import TypeAdapter

    if not raws:
        return []
    adapter: TypeAdapter[list[Fact]] = TypeAdapter(list[Fact])
    with no_gc():
        return adapter.validate_json(b"[" + b",".join(raws) + b"]")


def _decimals(obj: dict[str, Any]) -> Any:
    return Decimal(obj["$decimal"]) if obj.keys() == {"$decimal"} else obj


@dataclass(frozen=True)
class Candidates:
    """Not a whole file: the records one query can match, read from the index, with what the
    index worked out over the whole file for them (their ⚑ rules) and the documents they
    cite. Give it to query.show / search / list_facts, never to what reads across records."""

    path: Path
    facts: list[Fact]
    kinds: dict[str, SourceKind]
    flags: dict[str, list[str]]
    index: Index

    def is_reference(self, fact: Fact) -> bool:
        return self.kinds.get(fact.source.document) is SourceKind.REFERENCE

    def hints(self, text: str) -> list[str]:
        """"Did you mean" names from the whole file's vocabulary, kept in the index."""
        from ..suggest import close_matches

        with self.index.guard():
            vocab = dict(self.index.con.execute("SELECT word, shown FROM vocab").fetchall())
        return close_matches(vocab, text)


@dataclass(frozen=True)
class Stream:
    """The records `list` may write, read a batch at a time in file order when asked: a
    million records are written without being held. `verify` has checked them all."""

    path: Path
    index: Index
    rows: list[int] | None  # positions; None: every record

    def _rows(self, reference: bool) -> Iterator[tuple[bytes, str, int]]:
        """(raw, flags, crc) of the report (or reference) records among rows, in order."""
        sql = ("SELECT f.raw, f.flags, f.crc FROM facts f LEFT JOIN sources s ON s.id = f.doc "
               "WHERE coalesce(s.kind = 'reference', 0) = ? {} ORDER BY f.idx")
        chunks: Iterable[Sequence[int]] = [()] if self.rows is None else (
            self.rows[i:i + CHUNK] for i in range(0, len(self.rows), CHUNK))
        for chunk in chunks:
            where = f"AND f.idx IN ({','.join('?' * len(chunk))})" if self.rows is not None else ""
            yield from self.index.con.execute(sql.format(where), (int(reference), *chunk))

    def verify(self) -> None:
        """Read and check every record `stream` will read, by the same query, before a line
        is written: damage found half-way would cut the output. (The loop is crc() written
        out: it runs over every record of the file.)"""
        crc32 = zlib.crc32
        with self.index.guard():
            for raw, kind, expected in self.index.con.execute(
                    "SELECT raw, kind, crc FROM sources"):
                checked(raw.encode(), kind, expected)
            for reference in (False, True):
                for raw, flags, expected in self._rows(reference):
                    if crc32(flags.encode(), crc32(raw)) != expected:
                        raise IndexDamaged("a row does not match its checksum")

    def stream(self, reference: bool) -> Iterator[list[Fact]]:
        """The report (or reference) records, validated a batch at a time, in file order."""
        with self.index.guard():
            batch: list[bytes] = []
            for raw, flags, expected in self._rows(reference):
                batch.append(checked(raw, flags, expected))
                if len(batch) >= rows_.BATCH:
                    yield _validated(batch)
                    batch = []
            if batch:
                yield _validated(batch)


class Index:
    """An open, verified index of one facts file."""

    def __init__(self, con: sqlite3.Connection, path: Path, target: Path,
                 ident: tuple[int, int]) -> None:
        self.con = con
        self.path = path  # the facts file
        self.target = target  # the index file
        self.ident = ident  # its (device, inode) when opened

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Whatever reading the index raises becomes IndexDamaged."""
        from pydantic import ValidationError

        try:
            yield
        except (sqlite3.Error, ValidationError, UnicodeDecodeError, KeyError) as exc:
            raise IndexDamaged(str(exc)) from exc

    def discard(self) -> None:
        """Close and delete the index file opened (not one a builder put there since), so
        that the next look-up builds it again."""
        with suppress(sqlite3.Error):
            self.con.close()
        with suppress(OSError):
            st = self.target.stat()
            if (st.st_dev, st.st_ino) == self.ident:
                self.target.unlink()

    def _select(self, sql: str, values: Sequence[int] | Sequence[str]) -> list[tuple[Any, ...]]:
        """Run sql with `{}` replaced by placeholders, for values in chunks."""
        found: list[tuple[Any, ...]] = []
        for start in range(0, len(values), CHUNK):
            part = values[start:start + CHUNK]
            found += self.con.execute(sql.format(",".join("?" * len(part))), part)
        return found

    # --- narrowing --------------------------------------------------------------------------

    def _containing(self, needle: str) -> set[int]:
        """Rows whose keys contain needle: a superset of those query.show and Filters.topic
        accept. The trigram index answers for needles of three characters or more without
        LIKE's wildcards (and LIKE ignores ASCII case: a superset again); shorter ones scan."""
        if not needle or not storable(needle):
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
        if not terms or not all(storable(t) for t in terms):
            return set()
        unique = list(dict.fromkeys(terms))  # a word said 7,000 times is looked up once
        latin = [t for t in unique if not is_cjk(t)]
        other = [t for t in unique if is_cjk(t)]
        tests = " AND ".join(["instr(facts.texts, ?) > 0"] * len(other)) or "1"
        if latin:
            match = " AND ".join('"' + t.replace('"', '""') + '"*' for t in latin)
            sql = ("SELECT idx FROM words_fts JOIN facts ON idx = words_fts.rowid "  # noqa: S608
                   f"WHERE words_fts MATCH ? AND {tests}")
            return {row[0] for row in self.con.execute(sql, (match, *other))}
        sql = f"SELECT idx FROM facts WHERE {tests}"  # noqa: S608  # placeholders only
        return {row[0] for row in self.con.execute(sql, other)}

    def _topic_closed(self, rows: set[int]) -> list[int]:
        """Every record of every topic among rows: grouping by topic then keeps file order."""
        topics = sorted({r[0] for r in self._select(
            "SELECT DISTINCT topic FROM facts WHERE idx IN ({})", sorted(rows))})
        return sorted(r[0] for r in self._select(
            "SELECT idx FROM facts WHERE topic IN ({})", topics))

    # --- reading ----------------------------------------------------------------------------

    def _facts(self, rows: list[int] | None) -> tuple[list[Fact], dict[str, list[str]]]:
        """Records by position (all when rows is None), checked and validated, in file order,
        with the audit rules naming each first."""
        sql = "SELECT raw, flags, crc FROM facts {} ORDER BY idx"
        found = (self.con.execute(sql.format("")).fetchall() if rows is None
                 else self._select(sql.format("WHERE idx IN ({})"), rows))
        raws: list[bytes] = []
        flagged: list[tuple[int, str]] = []
        for raw, flags, expected in found:
            raws.append(checked(raw, flags, expected))
            if flags:
                flagged.append((len(raws) - 1, flags))
        facts = _validated(raws)
        return facts, {facts[at].id: flags.split("\t") for at, flags in flagged}

    def _documents(self, cited: Iterable[str] | None) -> list[SourceDocument]:
        """The source documents (those cited, or all), checked, in file order."""
        sql = "SELECT raw, kind, crc FROM sources {} ORDER BY pos"
        wanted = None if cited is None else sorted(set(cited))
        found = (self.con.execute(sql.format("")).fetchall() if wanted is None else
                 self._select(sql.format("WHERE id IN ({})"), wanted))
        documents = [SourceDocument.model_validate_json(checked(raw.encode(), kind, expected))
                     for raw, kind, expected in found]
        if wanted is not None and len(documents) != len(wanted) and self.con.execute(
                "SELECT count(*) FROM sources").fetchone()[0]:
            raise IndexDamaged("a source document is missing")  # a file with sources has all
        return documents

    def candidates(self, rows: list[int] | None) -> Candidates:
        """The records at rows with the kinds of the documents they cite."""
        with self.guard():
            facts, flags = self._facts(rows)
            documents = self._documents(f.source.document for f in facts)
        return Candidates(path=self.path, facts=facts, kinds={d.id: d.kind for d in documents},
                          flags=flags, index=self)

    # --- what commands ask ------------------------------------------------------------------

    def for_show(self, topic: str) -> Candidates:
        with self.guard():
            rows = self._topic_closed(self._containing(norm(topic)))
        return self.candidates(rows)

    def for_search(self, text: str) -> Candidates:
        with self.guard():
            rows = sorted(self._searchable(query.search_terms(text)))
        return self.candidates(rows)

    def for_list(self, topic: str | None) -> Candidates:
        """The records `list --topic` can match (all without a topic)."""
        with self.guard():
            rows = self._topic_closed(self._containing(norm(topic))) if topic else None
        return self.candidates(rows)

    def list_stream(self, topic: str | None) -> Stream:
        """As for_list, read later a batch at a time; checked whole now."""
        with self.guard():
            rows = self._topic_closed(self._containing(norm(topic))) if topic else None
        stream = Stream(path=self.path, index=self, rows=rows)
        stream.verify()
        return stream

    def neighbourhood(self, fact_id: str) -> Neighbourhood | None:
        """What the card of fact_id reads, without reading the file: the fact, its topic, every
        fact joined to it through relations (a derivation's inputs are), the documents and
        the audit findings naming it. None when no fact has the id."""
        from ..card import Neighbourhood

        with self.guard():
            found = self.con.execute("SELECT idx FROM ids WHERE id = ?", (fact_id,)).fetchone()
            if found is None or not storable(fact_id):
                return None
            rows = {found[0]}
            frontier = [found[0]]
            while frontier:
                linked = {b for (b,) in self._select(
                    "SELECT b FROM links WHERE a IN ({})", frontier)}
                frontier = sorted(linked - rows)
                rows |= linked
            rows.update(r for (r,) in self.con.execute(
                "SELECT idx FROM facts WHERE topic = (SELECT topic FROM facts WHERE idx = ?)",
                (found[0],)))
            facts, _ = self._facts(sorted(rows))
            documents = self._documents(None)
            findings = [json.loads(checked(record.encode(), "", expected), object_hook=_decimals)
                        for _, record, expected in self.con.execute(
                            "SELECT DISTINCT f.pos, f.record, f.crc FROM named n JOIN findings "
                            "f ON f.pos = n.pos WHERE n.id = ? ORDER BY f.pos", (fact_id,))]
        return Neighbourhood(facts=facts, documents={d.id: d for d in documents},
                             findings=findings)

    def completions(self, prefix: str, ids_only: bool = False) -> list[str]:
        """Names (topics, aliases, ids) or ids alone that start with prefix, by a range
        look-up on the table's key: a Tab press reads a few rows, not the file."""
        if ids_only:
            sql, lowered = "SELECT id FROM ids WHERE id >= ? AND id < ? ORDER BY id", prefix
        else:
            sql = "SELECT shown FROM vocab WHERE word >= ? AND word < ? ORDER BY word"
            lowered = norm(prefix) if prefix.strip() else ""
        if not storable(lowered):
            return []
        rows = self.con.execute(sql, (lowered, lowered + "\U0010ffff"))
        return [word for (word,) in rows if word.startswith(prefix)][:COMPLETION_LIMIT]
