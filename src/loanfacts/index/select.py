"""Reading a verified index: the records a query can match, checked, validated, in file order.

Answers are the same as without the index by construction: the index only narrows the records
the pure functions in query.py look at, to a superset of those that can match (every record
whose text contains the query, closed over topics so that grouping by topic keeps file order),
and those records are validated again by the same pydantic models. Whatever reading raises
becomes IndexDamaged (`guard`); the caller then answers from the file and `discard`s the index.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from loanfacts.index import rows as rows_
from loanfacts.index.rows import crc
from loanfacts.lookup import base as answers
from loanfacts.lookup import query, search
from loanfacts.model.errors import IndexDamaged
from loanfacts.model.models import Fact, SourceDocument, SourceKind
from loanfacts.model.store import load, name_words, no_gc
from loanfacts.text.words import WORD_PUNCTUATION, is_cjk, norm

if TYPE_CHECKING:
    from loanfacts.analysis.card import Neighbourhood
    from loanfacts.analysis.evidence import Finding
    from loanfacts.model.store import FactBase

T = TypeVar("T")
COMPLETION_LIMIT = 200  # more than a shell shows usefully
CHUNK = 500  # values per IN (...) list
TERMS_LIMIT = 500  # the most words of the keys a run of a needle is looked up by
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


@cache
def _piece() -> re.Pattern[str]:
    """A run of what SQLite keeps inside a word (build.TOKENIZE): ASCII letters, digits and
    words.WORD_PUNCTUATION, and any non-ASCII character. Compiled when first used."""
    return re.compile(f"(?:[^\\x00-\\x7f]|[0-9A-Za-z{re.escape(WORD_PUNCTUATION)}])+")


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
    if not isinstance(raw, bytes) or crc(raw, extra) != expected:
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


def _flagged(
    raws: list[bytes], flagged: list[tuple[int, str]]
) -> tuple[list[Fact], dict[str, list[str]]]:
    """Records validated, with the audit rules (tab-separated in the row) naming each."""
    facts = _validated(raws)
    return facts, {facts[at].id: flags.split("\t") for at, flags in flagged}


@dataclass(frozen=True)
class Candidates:
    """Not a whole file: the records one query can match, read from the index, with what the
    index worked out over the whole file (their ⚑ rules, the names, the vocabulary) and the
    documents they cite. It answers what store.Lookup asks; what reads across records (the
    audit, derivations, comparisons) takes a FactBase, which this never passes for. Should
    the index fail while a hint is worked out, the file answers instead."""

    path: Path
    facts: list[Fact]
    kinds: dict[str, SourceKind]
    flags: dict[str, list[str]]
    index: Index

    def is_reference(self, fact: Fact) -> bool:
        return self.kinds.get(fact.source.document) is SourceKind.REFERENCE

    @cached_property
    def reference_ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.facts if self.is_reference(f))

    def audit_rules(self, ids: Sequence[str]) -> dict[str, list[str]]:
        return {fid: self.flags[fid] for fid in ids if fid in self.flags}

    def audit_findings(self, ids: Sequence[str]) -> list[Finding]:
        """The findings of the whole file's audit that name any of ids (what `check`
        carries), from the index; should it fail, from the file."""
        from loanfacts.analysis import audit

        wanted = set(ids)
        return self._or_file(
            lambda: self.index._findings(list(ids)),
            lambda base: [f for f in audit.run(base) if wanted & set(f.ids)],
        )

    def lexicon(self) -> query.Lexicon:
        return self.index.lexicon()

    def _or_file(self, answer: Callable[[], T], whole: Callable[[FactBase], T]) -> T:
        """The index's answer; should the index fail, the whole file's (the index is then
        deleted, so the next look-up builds it again)."""
        try:
            with self.index.guard():
                return answer()
        except IndexDamaged:
            self.index.discard()
            return whole(load(self.path))

    def _vocab(self) -> dict[str, str]:
        return dict(self.index.con.execute("SELECT word, shown FROM vocab").fetchall())

    def suggestions(self, text: str) -> list[str]:
        """ "Did you mean" names from the whole file's vocabulary, kept in the index."""
        from loanfacts.lookup.suggest import close_matches

        return self._or_file(
            lambda: close_matches(self._vocab(), text),
            lambda base: answers.suggestions_for(base, text),
        )

    def word_suggestions(self, word: str) -> list[str]:
        from loanfacts.lookup.suggest import close_matches

        return self._or_file(
            lambda: close_matches(name_words(self._vocab()), word),
            lambda base: answers.word_suggestions_for(base, word),
        )

    def id_suggestions(self, text: str) -> list[str]:
        from loanfacts.lookup.suggest import close_matches

        def ids() -> dict[str, str]:
            return {norm(i): i for (i,) in self.index.con.execute("SELECT id FROM ids")}

        return self._or_file(
            lambda: close_matches(ids(), text), lambda base: answers.id_suggestions_for(base, text)
        )

    def source_ids(self) -> list[str]:
        def named() -> list[str]:
            con = self.index.con
            found = [r[0] for r in con.execute("SELECT id FROM sources ORDER BY pos")]
            return found or [
                r[0] for r in con.execute("SELECT DISTINCT doc FROM facts ORDER BY doc")
            ]

        return self._or_file(named, lambda base: base.source_ids())

    def unmatched_terms(self, text: str) -> list[str]:
        """search.unmatched over the whole file: each word looked for alone, its candidates
        read a batch at a time until one is a hit."""
        index = self.index

        def unmatched() -> list[str]:
            out: list[str] = []
            for term in search.search_terms(text):
                rows = sorted(index.searchable([term]))
                if not any(
                    search.search(index.candidates(rows[i : i + rows_.BATCH]).facts, term)
                    for i in range(0, len(rows), rows_.BATCH)
                ):
                    out.append(term)
            return out

        return self._or_file(unmatched, lambda base: answers.unmatched_terms_of(base, text))


class IndexLexicon:
    """query.Lexicon from the index's names table: a few rows read per query."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def _pairs(self, sql: str, values: Iterable[str]) -> dict[str, frozenset[str]]:
        wanted = sorted(v for v in set(values) if storable(v))
        out: dict[str, set[str]] = {}
        with self.index.guard():
            for key, value in self.index._select(sql, wanted):
                out.setdefault(key, set()).add(value)
        return {k: frozenset(v) for k, v in out.items()}

    def topics_named(self, names: Iterable[str]) -> dict[str, frozenset[str]]:
        return self._pairs("SELECT name, topic FROM names WHERE name IN ({})", names)

    def names_of(self, topics: Iterable[str]) -> dict[str, frozenset[str]]:
        return self._pairs("SELECT topic, name FROM names WHERE topic IN ({})", topics)


@dataclass(frozen=True)
class Stream:
    """The records `list` may write, read a batch at a time in file order when asked: a
    million records are written without being held. `verify` has checked them all."""

    path: Path
    index: Index
    rows: list[int] | None  # positions; None: every record

    def _rows(self, reference: bool) -> Iterator[tuple[bytes, str, int]]:
        """(raw, flags, crc) of the report (or reference) records among rows, in order."""
        sql = (
            "SELECT f.raw, f.flags, f.crc FROM facts f LEFT JOIN sources s ON s.id = f.doc "
            "WHERE coalesce(s.kind = 'reference', 0) = ? {} ORDER BY f.idx"
        )
        chunks: Iterable[Sequence[int]] = (
            [()]
            if self.rows is None
            else (self.rows[i : i + CHUNK] for i in range(0, len(self.rows), CHUNK))
        )
        for chunk in chunks:
            where = f"AND f.idx IN ({','.join('?' * len(chunk))})" if self.rows is not None else ""
            yield from self.index.con.execute(sql.format(where), (int(reference), *chunk))

    def verify(self) -> None:
        """Read and check every record `stream` will read, by the same query, before a line
        is written: damage found half-way would cut the output. (The loop is crc() written
        out: it runs over every record of the file.)"""
        crc32 = zlib.crc32
        with self.index.guard():
            for raw, kind, expected in self.index.con.execute("SELECT raw, kind, crc FROM sources"):
                checked(raw.encode(), kind, expected)
            for reference in (False, True):
                for raw, flags, expected in self._rows(reference):
                    if crc32(flags.encode(), crc32(raw)) != expected:
                        raise IndexDamaged("a row does not match its checksum")

    def batches(self, reference: bool) -> Iterator[tuple[list[Fact], dict[str, list[str]]]]:
        """The report (or reference) records, validated a batch at a time, in file order,
        with the audit rules naming each first."""
        with self.index.guard():
            batch: list[bytes] = []
            flagged: list[tuple[int, str]] = []
            for raw, flags, expected in self._rows(reference):
                if flags:
                    flagged.append((len(batch), flags))
                batch.append(checked(raw, flags, expected))
                if len(batch) >= rows_.BATCH:
                    yield _flagged(batch, flagged)
                    batch, flagged = [], []
            if batch:
                yield _flagged(batch, flagged)

    def stream(self, reference: bool) -> Iterator[list[Fact]]:
        """The report (or reference) records, validated a batch at a time, in file order."""
        for facts, _ in self.batches(reference):
            yield facts


class Unread(Enum):
    """Why a card is not read from the index."""

    UNKNOWN = "no fact has the id"
    WHOLE = "the card needs the whole file"


class Index:
    """An open, verified index of one facts file."""

    def __init__(
        self, con: sqlite3.Connection, path: Path, target: Path, ident: tuple[int, int]
    ) -> None:
        self.con = con
        self.path = path  # the facts file
        self.target = target  # the index file
        self.ident = ident  # its (device, inode) when opened
        self.terms: str | None = None  # the words of the keys, read when first needed

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Whatever reading the index raises becomes IndexDamaged: SQLite's errors, rows that
        fail validation or decoding (ValueError), and values of the wrong type (a BLOB an
        edit turned into TEXT)."""
        try:
            yield
        except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError) as exc:
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
            part = values[start : start + CHUNK]
            found += self.con.execute(sql.format(",".join("?" * len(part))), part)
        return found

    # --- narrowing --------------------------------------------------------------------------

    def lexicon(self) -> IndexLexicon:
        return IndexLexicon(self)

    def _containing(self, needles: Sequence[str]) -> set[int]:
        """Rows whose keys contain every needle: a superset of those whose keys hold each as
        a word. Read through the word table of the keys where a word narrows them (_words),
        else by reading every row's keys."""
        if not needles or not all(storable(n) for n in needles):
            return set()
        tests = " AND ".join(["instr(keys.keys, ?) > 0"] * len(needles))
        match = self._words(needles)
        if match is None:
            sql = f"SELECT idx FROM keys WHERE {tests}"  # noqa: S608  # placeholders only
            args: tuple[str, ...] = tuple(needles)
        elif not match:
            return set()
        else:
            sql = (
                "SELECT idx FROM keys WHERE idx IN "  # noqa: S608  # placeholders only
                f"(SELECT rowid FROM keys_words WHERE keys_words MATCH ?) AND {tests}"
            )
            args = (match, *needles)
        return {row[0] for row in self.con.execute(sql, args)}

    def _words(self, needles: Sequence[str]) -> str | None:
        """A query of the keys' word table that every row containing all needles meets ("":
        no row contains them; None: no word narrows them). A needle stands inside a row's
        keys only if each run of word characters in it (_piece: what SQLite keeps inside a
        word) stands inside one word of the row's keys: one of the words of the whole table
        (`terms`) that hold it. A run that too many words hold does not narrow."""
        if self.terms is None:
            (self.terms,) = self.con.execute("SELECT text FROM terms").fetchone()
        text = self.terms
        groups: list[str] = []
        runs = (p.translate(_ASCII_LOWER) for n in needles for p in _piece().findall(n))
        for piece in dict.fromkeys(runs):  # as SQLite holds them: ASCII letters in lower case
            found: list[str] = []
            at = text.find(piece)
            while at >= 0 and len(found) <= TERMS_LIMIT:
                start = text.rfind("\n", 0, at) + 1
                end = text.index("\n", at)
                found.append(text[start:end])
                at = text.find(piece, end)
            if not found:
                return ""
            if len(found) <= TERMS_LIMIT:
                quoted = ('"' + word.replace('"', '""') + '"' for word in found)
                groups.append("(" + " OR ".join(quoted) + ")")
        return " AND ".join(groups) or None

    def searchable(self, terms: list[str]) -> set[int]:
        """Rows where every term could match as search.search matches it.

        A Latin term must start a word, in its own form or its folded one; the word index
        holds words.py's tokens of search.IndexWords (both forms of every word), which
        SQLite's ascii tokenizer keeps whole, so a prefix query for either finds every such
        row. A Chinese term matches anywhere inside a word, which no token index answers:
        those rows are found by scanning for it.
        """
        if not terms or not all(storable(t) for t in terms):
            return set()
        unique = list(dict.fromkeys(terms))  # a word said 7,000 times is looked up once
        latin = [t for t in unique if not is_cjk(t)]
        other = [t for t in unique if is_cjk(t)]
        tests = " AND ".join(["instr(texts.texts, ?) > 0"] * len(other))
        if latin:
            match = " AND ".join(
                "("
                + " OR ".join(
                    '"' + form.replace('"', '""') + '"*'
                    for form in dict.fromkeys([t, query.fold(t)])
                )
                + ")"
                for t in latin
            )
            if not other:
                sql = "SELECT rowid FROM words_fts WHERE words_fts MATCH ?"
                return {row[0] for row in self.con.execute(sql, (match,))}
            sql = (
                "SELECT idx FROM words_fts JOIN texts ON idx = words_fts.rowid "  # noqa: S608
                f"WHERE words_fts MATCH ? AND {tests}"
            )
            return {row[0] for row in self.con.execute(sql, (match, *other))}
        sql = f"SELECT idx FROM texts WHERE {tests}"  # noqa: S608  # placeholders only
        return {row[0] for row in self.con.execute(sql, other)}

    def _matching(self, text: str) -> set[int]:
        """Rows that `show TEXT` or `list --topic TEXT` can accept (query.Match.accepts), and
        the fact whose id TEXT is: the topics named outright, the rows holding every word of
        a related name, a figure printed as the number typed, or a measure asked for alone."""
        needle = norm(text)  # text with bytes that are not UTF-8 holds none (storable)
        rows = self._containing([needle]) if needle else set()
        match = query.resolve(text, self.lexicon())
        if match.query.derived or match.empty:
            return rows
        if not match.query.words:
            return rows | {
                r[0]
                for r in self._select(
                    "SELECT idx FROM facts WHERE measure IN ({})",
                    sorted(m.value for m in match.measures),
                )
            }
        rows |= {
            r[0]
            for r in self._select("SELECT idx FROM facts WHERE topic IN ({})", sorted(match.exact))
        }
        for words in match.related:
            rows |= self._containing(list(words))
        number = match.query.number
        if number is not None:
            rows |= self._containing([format(number, "f")])
        return rows

    def _topic_closed(self, rows: set[int]) -> list[int]:
        """Every record of every topic among rows: grouping by topic then keeps file order."""
        topics = sorted(
            {
                r[0]
                for r in self._select(
                    "SELECT DISTINCT topic FROM facts WHERE idx IN ({})", sorted(rows)
                )
            }
        )
        return sorted(
            r[0] for r in self._select("SELECT idx FROM facts WHERE topic IN ({})", topics)
        )

    def _closed(self, rows: Iterable[int]) -> set[int]:
        """rows with every fact joined to them through relations, however far."""
        found = set(rows)
        frontier = sorted(found)
        while frontier:
            linked = {b for (b,) in self._select("SELECT b FROM links WHERE a IN ({})", frontier)}
            frontier = sorted(linked - found)
            found |= linked
        return found

    def _region_wide(self, regions: Sequence[str] | None = None) -> set[int]:
        """What a derivation finds by region (links.py) rather than by relation, in these
        regions (all when None): the totals, growth gaps and output (`support`) and the facts
        they relate to directly (a total's rate, a gap's rate), all links.py reads of them."""
        sql = "SELECT idx FROM facts WHERE support = 1"
        support = (
            [r for (r,) in self.con.execute(sql)]
            if regions is None
            else [r for (r,) in self._select(sql + " AND region IN ({})", regions)]
        )
        hop = {b for (b,) in self._select("SELECT b FROM links WHERE a IN ({})", support)}
        return set(support) | hop

    def _joined(self, rows: Iterable[int]) -> list[int]:
        """rows joined through relations, with what derivations from them find by region."""
        closed = self._closed(rows)
        regions = sorted(
            {
                r
                for (r,) in self._select(
                    "SELECT DISTINCT region FROM facts WHERE idx IN ({})", sorted(closed)
                )
            }
        )
        return sorted(closed | self._region_wide(regions))

    # --- reading ----------------------------------------------------------------------------

    def _facts(self, rows: list[int] | None) -> tuple[list[Fact], dict[str, list[str]]]:
        """Records by position (all when rows is None), checked and validated, in file order,
        with the audit rules naming each first."""
        sql = "SELECT raw, flags, crc FROM facts {} ORDER BY idx"
        found = (
            self.con.execute(sql.format("")).fetchall()
            if rows is None
            else self._select(sql.format("WHERE idx IN ({})"), rows)
        )
        raws: list[bytes] = []
        flagged: list[tuple[int, str]] = []
        for raw, flags, expected in found:
            if flags:
                flagged.append((len(raws), flags))
            raws.append(checked(raw, flags, expected))
        return _flagged(raws, flagged)

    def _documents(self, cited: Iterable[str] | None) -> list[SourceDocument]:
        """The source documents (those cited, or all), checked, in file order."""
        sql = "SELECT raw, kind, crc FROM sources {} ORDER BY pos"
        wanted = None if cited is None else sorted(set(cited))
        found = (
            self.con.execute(sql.format("")).fetchall()
            if wanted is None
            else self._select(sql.format("WHERE id IN ({})"), wanted)
        )
        documents = [
            SourceDocument.model_validate_json(checked(raw.encode(), kind, expected))
            for raw, kind, expected in found
        ]
        if (
            wanted is not None
            and len(documents) != len(wanted)
            and self.con.execute("SELECT count(*) FROM sources").fetchone()[0]
        ):
            raise IndexDamaged("a source document is missing")  # a file with sources has all
        return documents

    def candidates(self, rows: list[int] | None) -> Candidates:
        """The records at rows with the kinds of the documents they cite."""
        with self.guard():
            facts, flags = self._facts(rows)
            documents = self._documents(f.source.document for f in facts)
        return Candidates(
            path=self.path,
            facts=facts,
            kinds={d.id: d.kind for d in documents},
            flags=flags,
            index=self,
        )

    # --- what commands ask ------------------------------------------------------------------

    def _exact_id(self, text: str) -> int | None:
        """The row of the fact whose id text is, if any: `show ID` answers with that one
        figure (query.show), whatever else its words name."""
        if not storable(text):
            return None
        found = self.con.execute("SELECT idx FROM ids WHERE id = ?", (text,)).fetchone()
        return None if found is None else int(found[0])

    def for_show(self, topic: str) -> Candidates:
        """The records `show TOPIC` can match; for an exact id, that one record (its ⚑ rules
        are kept in its row, the kind of its document read with it)."""
        with self.guard():
            exact = self._exact_id(topic)
            rows = [exact] if exact is not None else self._topic_closed(self._matching(topic))
        return self.candidates(rows)

    def for_search(self, text: str) -> Candidates:
        with self.guard():
            rows = sorted(self.searchable(search.search_terms(text)))
        return self.candidates(rows)

    def for_list(self, topic: str | None) -> Candidates:
        """The records `list --topic` can match (all without a topic)."""
        with self.guard():
            rows = self._topic_closed(self._matching(topic)) if topic else None
        return self.candidates(rows)

    def for_names(self, names: Iterable[str], topics: Sequence[str] = ()) -> Candidates:
        """`check`: the facts of every topic these names match, and of these topics, with
        what derivations from them read (so that derived figures are checked as from the
        whole file)."""
        with self.guard():
            rows = self._named_rows(names, topics)
            chosen = self._joined(self._topic_closed(rows)) if rows else []
        return self.candidates(chosen)

    def _named_rows(self, names: Iterable[str], topics: Sequence[str]) -> set[int]:
        """The rows of every topic these names match, and of these topics."""
        rows: set[int] = set()
        for name in names:
            rows |= self._matching(name)
        if topics:
            rows |= {
                r[0] for r in self._select("SELECT idx FROM facts WHERE topic IN ({})", topics)
            }
        return rows

    def region_wide_named(self, names: Iterable[str], topics: Sequence[str] = ()) -> bool:
        """Whether a fact of a topic these names match, or of these topics, is one that
        derivations find by region (`_region_wide`: a total, an all-loans gap, output, or a
        fact related to one), read from the rows alone (`check`, check/generic.py)."""
        with self.guard():
            rows = self._named_rows(names, topics)
            named = sorted(self._topic_closed(rows)) if rows else []
            support = "SELECT 1 FROM facts WHERE support = 1 AND idx IN ({}) LIMIT 1"
            linked = (
                "SELECT 1 FROM links JOIN facts ON facts.idx = links.b "
                "WHERE facts.support = 1 AND links.a IN ({}) LIMIT 1"
            )
            return bool(self._select(support, named) or self._select(linked, named))

    def list_stream(self, topic: str | None) -> Stream:
        """As for_list, read later a batch at a time; checked whole now."""
        with self.guard():
            rows = self._topic_closed(self._matching(topic)) if topic else None
        stream = Stream(path=self.path, index=self, rows=rows)
        stream.verify()
        return stream

    def neighbourhood(self, fact_id: str) -> Neighbourhood | Unread:
        """What the card of fact_id reads, without reading the file: the fact, its topic, the
        facts a derivation finds by region (totals, growth, output), every fact joined to
        these through relations (a derivation's inputs are), the documents, and, read when
        the card asks, the audit findings naming the ids it shows. A fact found by region may
        feed a derivation of any balance of its region: its card reads the whole file
        (WHOLE)."""
        from loanfacts.analysis.card import Neighbourhood

        with self.guard():
            found = self._exact_id(fact_id)
            if found is None:
                return Unread.UNKNOWN
            if found in self._region_wide():
                return Unread.WHOLE
            rows = self._joined(self._topic_closed({found}))
            facts, _ = self._facts(rows)
            documents = self._documents(None)

        def naming(ids: frozenset[str]) -> list[Finding]:
            """Read when the card asks; should the index fail then, from the file."""
            try:
                with self.guard():
                    return self._findings(sorted(ids))
            except IndexDamaged:
                from loanfacts.analysis import audit

                self.discard()
                return [f for f in audit.run(load(self.path)) if not ids.isdisjoint(f.ids)]

        return Neighbourhood(facts=facts, documents={d.id: d for d in documents}, naming=naming)

    def _findings(self, ids: list[str]) -> list[Finding]:
        """The audit findings (of the whole file) that name any of ids, in the audit's order."""
        from loanfacts.analysis.evidence import Finding, Severity, Strength

        positions = sorted(
            {p for (p,) in self._select("SELECT pos FROM named WHERE id IN ({})", ids)}
        )
        out: list[Finding] = []
        for _, record, expected in self._select(
            "SELECT pos, record, crc FROM findings WHERE pos IN ({}) ORDER BY pos", positions
        ):
            data = json.loads(checked(record.encode(), "", expected), object_hook=_decimals)
            out.append(
                Finding(
                    data["rule"],
                    Severity[data["severity"].upper()],
                    tuple(data["ids"]),
                    data["message"],
                    data["evidence"],
                    tuple(data["subjects"]),
                    Strength(data.get("strength", Strength.STRONG)),
                )
            )
        return out

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
