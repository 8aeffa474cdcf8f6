"""How `show`, `list --topic` and `compare` understand what a person types; pure, no I/O.

A query is read the way a person means it: words are folded to one form (`visits` = `visit`,
`industries` = `industry`), stop-words and question words drop out (`how many bank visits`),
measure words select a measure across topics (`balance`, `growth`, `余额`), a bare number finds
the figure printed with it (`3563.91` = "3,563.91"), and words that ask for a derived figure
(`prior year`, `per client`) are recognised so that the caller can point to `derive`.

A name (a topic or an alias) that belongs to one topic names it outright; every name of that
topic then reaches the same figures, so `制造业` finds what `manufacturing` finds. A name that
several topics share names none of them outright.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any, Protocol

from loanfacts.model.kinds import scaled
from loanfacts.model.models import Fact, Measure
from loanfacts.text.words import WORD, is_cjk, norm  # the one token stream, shared with the index

MEASURE_ORDER = {m: i for i, m in enumerate(Measure)}


def looks_like_id(text: str) -> bool:
    """Whether text may be a fact's id: a slug with a hyphen (a topic word seldom is one)."""
    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", text) is not None


def names(fact: Fact) -> list[str]:
    """What names a fact's topic outright, as typed (normalised, not folded): id, topic and
    aliases (tags only relate). `check` looks for these in a sentence."""
    return [norm(k) for k in (fact.id, fact.topic, *fact.aliases)]


# --- word forms ------------------------------------------------------------------------------

_LATIN = re.compile(r"[a-z]+")


@cache
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: Snowball's C stemmers, imported on the first fold only

    return Stemmer.Stemmer("english")


_FOLDED: dict[str, str] = {}  # a plain dict: the index folds every word of a large file


def fold(word: str) -> str:
    """A casefolded word in its one folded form, so that word forms match each other:
    Snowball's English (Porter2) stemmer for plain Latin words (visits, visit -> visit;
    industries, industry -> industri; banking, banks -> bank); any other word (Chinese, a
    number, `high-tech`, `7+28+n`) as it is."""
    found = _FOLDED.get(word)
    if found is None:
        found = str(_stemmer().stemWord(word)) if _LATIN.fullmatch(word) else word
        if len(_FOLDED) > 1 << 18:  # a bound on memory; the words of one look-up stay
            _FOLDED.clear()
        _FOLDED[word] = found
    return found


_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def tokens(text: str) -> list[str]:
    """The casefolded words of a text; thousands separators dropped (3,563.91 -> 3563.91)."""
    return [w.strip(".") or w for w in WORD.findall(_SEPARATOR.sub("", norm(text)))]


# words that carry no topic: articles, prepositions, question words ("how many": COUNT)
STOP_WORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "many",
        "much",
        "there",
        "their",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "me",
        "my",
        "i",
        "we",
        "you",
        "show",
        "tell",
        "give",
        "find",
        "please",
        "about",
        "as",
    )
)


_COMPOUND = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def name_tokens(text: str) -> list[str]:
    """tokens() with compounds taken apart (`hi-tech` = `hi tech`, `long-term` = `long
    term`), for names, where a hyphen is a matter of spelling; search keeps them whole."""
    split = _COMPOUND.split
    return [part for token in tokens(text) for part in (split(token) if "-" in token else (token,))]


def words(text: str) -> list[str]:
    """The folded words of a name without stop-words (all of them when nothing else is
    left)."""
    raw = name_tokens(text)
    kept = [w for w in raw if w not in STOP_WORDS] or raw
    return [fold(w) for w in kept]


@lru_cache(maxsize=1 << 16)
def phrase(text: str) -> str:
    """A name's folded words as one string: what names are compared and looked up by."""
    return " ".join(words(text))


# --- what a query asks for -------------------------------------------------------------------

MEASURE_WORDS: Mapping[Measure, tuple[str, ...]] = {
    Measure.BALANCE: ("balance", "outstanding", "stock", "余额"),
    Measure.YOY_GROWTH: (
        "growth",
        "growth rate",
        "yoy",
        "year-on-year",
        "year on year",
        "annual growth",
        "同比",
        "增速",
        "增长",
    ),
    Measure.GAP: ("gap", "growth gap"),
    Measure.COUNT: ("count", "number", "number of", "how many"),
    Measure.AMOUNT: ("amount", "金额"),
    Measure.RATE_CHANGE: ("rate change", "change in rate"),
    Measure.SHARE: ("share", "proportion", "占比", "比重"),
}
# words asking for a figure that is derived, not published; the derivations they name
PRIOR_YEAR = ("prior-year-balance", "prior-year-share", "prior-year-remainder")
DERIVATION_WORDS: Mapping[str, tuple[str, ...]] = {
    "prior year": PRIOR_YEAR,
    "last year": PRIOR_YEAR,
    "previous year": PRIOR_YEAR,
    "year earlier": PRIOR_YEAR,
    "a year earlier": PRIOR_YEAR,
    "year ago": PRIOR_YEAR,
    "a year ago": PRIOR_YEAR,
    "year before": PRIOR_YEAR,
    "increase": ("yoy-increase",),
    "remainder": ("remainder", "prior-year-remainder", "remainder-growth"),
    "other than": ("remainder", "prior-year-remainder", "remainder-growth"),
    "share of all loans": ("share-of-all-loans",),
    "grown": ("grown-total",),
    "implied": ("implied-baseline-rate",),
    "baseline": ("implied-baseline-rate",),
    "per": ("average-per-unit",),
}


@cache
def _phrases() -> dict[tuple[str, ...], tuple[str, frozenset[str]]]:
    """Folded word sequences -> ("measure" or "derived", what they select)."""
    table: dict[tuple[str, ...], tuple[str, frozenset[str]]] = {}
    for measure, spoken in MEASURE_WORDS.items():
        for text in spoken:
            table[tuple(fold(w) for w in name_tokens(text))] = (
                "measure",
                frozenset([measure.value]),
            )
    for text, derivations in DERIVATION_WORDS.items():
        table[tuple(fold(w) for w in name_tokens(text))] = ("derived", frozenset(derivations))
    return table


@cache
def _spoken() -> frozenset[str]:
    """Every folded word that takes part in a measure or derivation phrase."""
    return frozenset(w for key in _phrases() for w in key)


_CJK_MEASURES = [
    (text, measure) for measure, spoken in MEASURE_WORDS.items() for text in spoken if is_cjk(text)
]


def _cjk_measure(word: str) -> tuple[str, Measure] | None:
    """`制造业余额` -> (`制造业`, balance): Chinese writes a measure word onto its topic."""
    for text, measure in _CJK_MEASURES:
        if len(word) > len(text) and word.endswith(text):
            return word[: -len(text)], measure
    return None


@dataclass(frozen=True)
class Query:
    """A query taken apart: the words naming a topic, and the measures and derivations the
    other words ask for."""

    text: str
    words: tuple[str, ...]
    measures: frozenset[Measure] = frozenset()
    derived: frozenset[str] = frozenset()
    said: tuple[str, ...] = ()  # the topic words as typed (for "did you mean")

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    @property
    def number(self) -> Decimal | None:
        return as_number(self.words[0]) if len(self.words) == 1 else None


def parse(text: str) -> Query:
    raw = name_tokens(text)
    split: list[str] = []
    measures: set[Measure] = set()
    for word in raw:
        cjk = _cjk_measure(word) if is_cjk(word) else None
        if cjk is None:
            split.append(word)
        else:
            split.append(cjk[0])
            measures.add(cjk[1])
    folded = [fold(w) for w in split]
    table = _phrases()
    derived: set[str] = set()
    rest: list[tuple[str, str]] = []
    i = 0
    while i < len(folded):
        for length in (3, 2, 1):
            found = table.get(tuple(folded[i : i + length])) if i + length <= len(folded) else None
            if found is None:
                continue
            kind, chosen = found
            if kind == "measure":
                measures.update(Measure(m) for m in chosen)
            elif folded[i] != "per" or i + 1 < len(folded):
                derived.update(chosen)
            else:
                continue  # a lone trailing "per" asks for nothing
            i += length
            break
        else:
            rest.append((split[i], folded[i]))
            i += 1
    kept = [(w, f) for w, f in rest if w not in STOP_WORDS]
    if not kept and not measures and not derived:
        kept = rest
    return Query(
        text,
        tuple(f for _, f in kept),
        frozenset(measures),
        frozenset(derived),
        tuple(w for w, _ in kept),
    )


_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?%?")


def as_number(word: str) -> Decimal | None:
    """`3563.91`, `141`, `13.43%` as a number (separators are gone by now); else None."""
    if not _NUMBER.fullmatch(word):
        return None
    try:
        return Decimal(word.rstrip("%")).normalize()
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


_PRINTED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def figures(fact: Fact) -> list[str]:
    """The figure as a bare number: its value and each number printed in its text, without
    separators (3,563.91 -> 3563.91), as as_number writes a number typed, so that a number
    typed either way finds it."""
    out = [format(fact.value.normalize(), "f")]
    for printed in _PRINTED.findall(fact.source.text):
        bare = printed.replace(",", "")
        if bare[0] == "0" or "." in bare:  # leading or trailing zeros: as Decimal writes it
            bare = format(Decimal(bare).normalize(), "f")
        if bare not in out:
            out.append(bare)
    return out


# --- names and keys ----------------------------------------------------------------------------


def keys(fact: Fact) -> list[str]:
    """What `show` matches: id, topic, aliases and tags."""
    return [fact.id, fact.id.replace("-", " "), fact.topic, *fact.aliases, *fact.tags]


def _slug_phrase(parts: list[str]) -> str:
    """phrase() of an id's words (a slug needs no casefolding or separators)."""
    kept = [w for w in parts if w not in STOP_WORDS] or parts
    cached = _FOLDED.get
    return " ".join([cached(w) or fold(w) for w in kept])


def fact_keys(fact: Fact) -> str:
    """A fact's keys as folded phrases, one per key, joined by U+0001 (no query holds it);
    the same as phrase() of each of keys(), an id's read without the general tokenizer."""
    return "\x01".join(key_parts(fact, {}))


def key_parts(fact: Fact, seen: dict[tuple[str, ...], str]) -> tuple[str, ...]:
    """fact_keys in parts, to be joined by U+0001: its id's, its topic's, and its aliases'
    and tags' (no part when it has neither), made once for each set of aliases and tags
    (`seen`): facts that share them share one string, which a large file keeps once."""
    slug = fact.id
    ids = f"{_slug_phrase(_COMPOUND.split(slug))}\x01{_slug_phrase(slug.split('-'))}"
    others = (*fact.aliases, *fact.tags)
    if not others:
        return ids, phrase(fact.topic)
    joined = seen.get(others)
    if joined is None:
        joined = seen[others] = "\x01".join(phrase(k) for k in others)
    return ids, phrase(fact.topic), joined


@lru_cache(maxsize=1 << 16)
def name_phrase(text: str) -> str | None:
    """A topic or alias as a name: its phrase, or None when it has only measure or
    derivation words (the alias `balance` names a measure, not a topic)."""
    named = phrase(text)
    spoken = _spoken()
    folded = named.split()
    if not any(w in spoken or is_cjk(w) for w in folded):
        return named or None  # no measure or derivation word: no need to parse
    return named if _kept_by_parse(text, folded) or parse(text).words else None


def _kept_by_parse(text: str, folded: list[str]) -> bool:
    """Whether text has a Latin word that no measure or derivation phrase holds and that is
    no stop word: parse() keeps such a word among its words whatever stands around it, so
    most names need no parse (a large file has thousands: "manufacturing loans 17").
    `folded`: the words of phrase(text), the folded words that are no stop words, read
    instead of the text's words again unless every one could be a folded stop word (phrase
    then keeps stop words when it has nothing else)."""
    spoken = _spoken()
    if all(w in _folded_stop_words() for w in folded):
        return any(
            w not in STOP_WORDS and not is_cjk(w) and fold(w) not in spoken
            for w in name_tokens(text)
        )
    return any(not is_cjk(w) and w not in spoken for w in folded)


@cache
def _folded_stop_words() -> frozenset[str]:
    return frozenset(fold(w) for w in STOP_WORDS)


class Lexicon(Protocol):
    """Which topics each name (a folded phrase) belongs to, and the names of each topic."""

    def topics_named(self, names: Iterable[str]) -> dict[str, frozenset[str]]: ...

    def names_of(self, topics: Iterable[str]) -> dict[str, frozenset[str]]: ...


class FileLexicon:
    """The lexicon of facts in memory (the index keeps the same in a table: index/build.py)."""

    def __init__(self, facts: Iterable[Fact], pairs: Iterable[tuple[str, str]] = ()) -> None:
        """The lexicon of facts, or of (name, topic) pairs lexicon_pairs gave already."""
        from loanfacts.model.store import no_gc

        self.names: dict[str, set[str]] = {}
        with no_gc():  # sets by the hundred thousand, which all live on
            self.topics = lexicon_names(facts)
            for name, topic in pairs:
                self.topics.setdefault(name, set()).add(topic)
            for name, topics in self.topics.items():
                for topic in topics:
                    self.names.setdefault(topic, set()).add(name)

    @classmethod
    def of_pairs(cls, pairs: Iterable[tuple[str, str]]) -> FileLexicon:
        return cls((), pairs)

    def topics_named(self, names: Iterable[str]) -> dict[str, frozenset[str]]:
        return {n: frozenset(self.topics[n]) for n in names if n in self.topics}

    def names_of(self, topics: Iterable[str]) -> dict[str, frozenset[str]]:
        return {t: frozenset(self.names[t]) for t in topics if t in self.names}


class PartsLexicon:
    """A lexicon asked a few questions only (a look-up streamed from a large file): the
    topics of each name, a dict for each chunk of records as lexicon_names gave them. A
    name is looked up in each; the names of a topic (asked once, for the topics a query
    names outright) are scanned for. No index of half a million names is built for the two
    or three a query asks about."""

    def __init__(self, parts: Sequence[dict[str, set[str]]]) -> None:
        self.parts = parts

    def topics_named(self, names: Iterable[str]) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for name in names:
            for part in self.parts:
                topics = part.get(name)
                if topics:
                    found.setdefault(name, set()).update(topics)
        return {name: frozenset(topics) for name, topics in found.items()}

    def names_of(self, topics: Iterable[str]) -> dict[str, frozenset[str]]:
        wanted = frozenset(topics)
        found: dict[str, set[str]] = {}
        for part in self.parts:
            for name, named in part.items():
                if not wanted.isdisjoint(named):
                    for topic in named & wanted:
                        found.setdefault(topic, set()).add(name)
        return {topic: frozenset(names) for topic, names in found.items()}


def lexicon_pairs(facts: Iterable[Fact]) -> set[tuple[str, str]]:
    """(name, topic) for every topic and alias that names something."""
    return {(name, topic) for name, topics in lexicon_names(facts).items() for topic in topics}


def lexicon_names(facts: Iterable[Fact]) -> dict[str, set[str]]:
    """The topics each name names, of every topic and alias that names something. Facts
    that share their aliases (most of a large file) have them named once, for all their
    topics together."""
    named: dict[str, set[str]] = {}
    by_aliases: dict[tuple[str, ...], set[str]] = {}
    for fact in facts:
        topic = fact.topic
        name = name_phrase(topic)
        if name:
            named.setdefault(name, set()).add(topic)
        if fact.aliases:
            by_aliases.setdefault(tuple(fact.aliases), set()).add(topic)
    for aliases, topics in by_aliases.items():
        for alias in aliases:
            name = name_phrase(alias)
            if name:
                named.setdefault(name, set()).update(topics)
    return named


def holds(key: str, words: Iterable[str]) -> bool:
    """Whether one key phrase holds every word: as a whole word for Latin and numbers
    (`bank` is not in `bank-level`), anywhere for Chinese (`制造业` is in `制造业贷款`)."""
    found = key.split(" ")
    return all(w in key if is_cjk(w) else w in found for w in words)


@dataclass(frozen=True)
class Match:
    """A query resolved against the names of a facts file: the topics it names outright, the
    word lists whose every word a related fact's keys hold, and the measures it selects."""

    query: Query
    exact: frozenset[str]
    related: tuple[tuple[str, ...], ...]
    measures: frozenset[Measure]

    @property
    def empty(self) -> bool:
        return not self.query.words and not self.measures

    def accepts(self, fact: Fact) -> bool:
        if self.measures and fact.measure not in self.measures:
            return False
        if not self.query.words:
            return bool(self.measures)
        if fact.topic in self.exact:
            return True
        number = self.query.number
        if number is not None and format(number, "f") in figures(fact):
            return True
        return self._related_in(fact_keys(fact))

    def accepts_keyed(self, measure: Measure, topic: str, keys: str | None) -> bool:
        """accepts() of a fact by its measure, topic and fact_keys, for a query with no
        number (a number is looked for in the fact's source text too); keys None: they hold
        no related word list whole (may_relate said so of many facts' keys at once)."""
        assert self.query.number is None  # noqa: S101 (a caller's mistake)
        if self.measures and measure not in self.measures:
            return False
        if not self.query.words:
            return bool(self.measures)
        return topic in self.exact or (keys is not None and self._related_in(keys))

    def may_relate(self, text: str) -> bool:
        """Whether text (the keys of many facts, joined) holds every word of some related
        word list: when it does not, no fact among them is accepted by one, and
        accepts_keyed gives the same answer without their keys (None)."""
        return any(all(w in text for w in ws) for ws in self.related)

    def _related_in(self, joined: str) -> bool:
        # a word a key holds is in the joined keys: most facts fail this cheap test first
        related = [ws for ws in self.related if all(w in joined for w in ws)]
        return any(holds(key, ws) for key in joined.split("\x01") for ws in related)


def resolve(text: str, lexicon: Lexicon) -> Match:
    """What `text` names in a file with this lexicon."""
    whole = phrase(text)
    named = lexicon.topics_named([whole]).get(whole, frozenset()) if whole else frozenset()
    query = parse(text)
    content = parse(" ".join(w for w in name_tokens(text) if w not in STOP_WORDS))
    if names_outright(whole, named) and (content.measures, content.derived) == (
        query.measures,
        query.derived,
    ):
        # a name wins over reading its words as measures ("national share"), unless the
        # measure came in question words ("how many clients")
        query = Query(text, tuple(whole.split()), said=tuple(name_tokens(text)))
    elif whole != query.phrase:
        named = lexicon.topics_named([query.phrase]).get(query.phrase, frozenset())
    exact = names_outright(query.phrase, named)
    related = [query.words] if query.words else []
    if exact:
        names = {n for ns in lexicon.names_of(exact).values() for n in ns}
        owners = lexicon.topics_named(sorted(names))
        related += [tuple(n.split()) for n in sorted(names) if len(owners.get(n, ())) == 1]
    return Match(query, exact, tuple(dict.fromkeys(related)), query.measures)


def names_outright(name: str, topics: frozenset[str]) -> frozenset[str]:
    """The topics a name names outright: the topic called so, else its one owner."""
    titled = frozenset(t for t in topics if phrase(t) == name)
    if titled:
        return titled
    return topics if len(topics) == 1 else frozenset()


# --- show and list ---------------------------------------------------------------------------


def topic_order(facts: Iterable[Fact]) -> dict[str, int]:
    order: dict[str, int] = {}
    for fact in facts:
        order.setdefault(fact.topic, len(order))
    return order


def grouped(matches: list[Fact], all_facts: list[Fact]) -> list[Fact]:
    """Group by topic in file order, a balance before its rates."""
    order = topic_order(all_facts)
    return sorted(matches, key=lambda f: (order[f.topic], MEASURE_ORDER[f.measure]))


def show(
    facts: list[Fact],
    topic: str,
    lexicon: Lexicon | None = None,
    keys: Mapping[str, str] | None = None,
) -> list[Fact]:
    """Facts the query names: an exact id gets just that figure; else the topics named
    outright come first, then the related ones, each topic a balance before its rates.
    `keys`, when given, holds every fact's fact_keys by id (the bundled file's cache)."""
    for fact in facts:
        if fact.id == topic:
            return [fact]
    match = resolve(topic, lexicon or FileLexicon(facts))
    if match.query.derived or match.empty:
        return []
    if keys is None or match.query.number is not None:
        chosen = [f for f in facts if match.accepts(f)]
    else:
        chosen = [f for f in facts if match.accepts_keyed(f.measure, f.topic, keys[f.id])]
    exact = [f for f in chosen if f.topic in match.exact]
    rest = [f for f in chosen if f.topic not in match.exact]
    return grouped(exact, facts) + grouped(rest, facts)


def cites(fact: Fact, source: str) -> bool:
    """The --source filter of show, list and search (its one home): read from this document."""
    return fact.source.document == source


def from_source(facts: Iterable[Fact], source: str | None) -> list[Fact]:
    """The facts read from `source`; all of them when no source is given."""
    return list(facts) if source is None else [f for f in facts if cites(f, source)]


@dataclass(frozen=True)
class Filters:
    """`list` filters; every one given must hold. `topic` is resolved against the file."""

    topic: Match | None = None
    measure: Measure | None = None
    entity: str | None = None
    on: date | None = None
    source: str | None = None

    def checks(self) -> dict[str, Any]:
        """Each filter given, by the option that set it, as a test of one fact."""
        out: dict[str, Any] = {}
        if self.topic is not None:
            out["--topic"] = self.topic.accepts
        if self.measure is not None:
            measure = self.measure
            out["--measure"] = lambda f: f.measure is measure
        if self.entity:
            entity = norm(self.entity)
            out["--entity"] = lambda f: entity in norm(f.entity)
        if self.source:
            source = self.source
            out["--source"] = lambda f: cites(f, source)
        if self.on:
            out["--date"] = self._dated
        return out

    def _dated(self, fact: Fact) -> bool:
        period = fact.period
        if period is None or self.on is None:
            return False
        start = getattr(period, "start", None) or period.end
        return bool(start <= self.on <= period.end)

    def accepts(self, fact: Fact) -> bool:
        return all(check(fact) for check in self.checks().values())


SORT_KEYS = ("file", "id", "topic", "date", "value")


def amount(fact: Fact) -> Decimal:
    """The value in its unit without scale: 790.18 亿 and 3,563.91 billion compare as yuan."""
    return scaled(fact.value, fact.scale)


def list_facts(facts: list[Fact], filters: Filters, sort: str = "file") -> list[Fact]:
    chosen = [f for f in facts if filters.accepts(f)]
    if sort == "id":
        chosen.sort(key=lambda f: f.id)
    elif sort == "topic":
        chosen = grouped(chosen, facts)
    elif sort == "date":
        chosen.sort(key=lambda f: (f.period.end if f.period else date.max, f.id))
    elif sort == "value":
        chosen.sort(key=lambda f: (f.unit, amount(f), f.id))
    return chosen


@dataclass(frozen=True)
class Topic:
    """A topic as `loanfacts topics` lists it: the words that name it and its figures."""

    name: str
    aliases: tuple[str, ...]
    ids: tuple[str, ...]
    measures: tuple[str, ...]


def topics(facts: list[Fact]) -> list[Topic]:
    """Topics in file order; aliases merged across a topic's figures, first use first."""
    by_topic: dict[str, list[Fact]] = {}
    for fact in facts:
        by_topic.setdefault(fact.topic, []).append(fact)
    out: list[Topic] = []
    for name, members in by_topic.items():
        aliases = dict.fromkeys(a for f in members for a in f.aliases if norm(a) != norm(name))
        measures = dict.fromkeys(f.measure.value for f in members)
        out.append(Topic(name, tuple(aliases), tuple(f.id for f in members), tuple(measures)))
    return out
