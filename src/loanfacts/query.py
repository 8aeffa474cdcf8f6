"""show / list / search: matching and ranking over facts; pure, no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .models import Fact, Measure
from .words import is_cjk, norm, tokens  # the one token stream, shared with the index

MEASURE_ORDER = {m: i for i, m in enumerate(Measure)}


def keys(fact: Fact) -> list[str]:
    """What `show` matches: id, topic, aliases and tags."""
    return [norm(k) for k in (fact.id, fact.id.replace("-", " "), fact.topic,
                              *fact.aliases, *fact.tags)]


def names(fact: Fact) -> list[str]:
    """What names a fact's topic outright: id, topic and aliases (tags only relate)."""
    return [norm(k) for k in (fact.id, fact.topic, *fact.aliases)]


def _contains(haystack: str, needle: str) -> bool:
    """Whole-word containment for Latin text, plain substring for Chinese."""
    if is_cjk(needle):
        return needle in haystack
    return re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", haystack) is not None


def topic_order(facts: Iterable[Fact]) -> dict[str, int]:
    order: dict[str, int] = {}
    for fact in facts:
        order.setdefault(fact.topic, len(order))
    return order


def grouped(matches: list[Fact], all_facts: list[Fact]) -> list[Fact]:
    """Group by topic in file order, a balance before its rates."""
    order = topic_order(all_facts)
    return sorted(matches, key=lambda f: (order[f.topic], MEASURE_ORDER[f.measure]))


def show(facts: list[Fact], topic: str) -> list[Fact]:
    """Facts whose id, topic, alias or tag matches; exact matches rank first. An exact id
    names one figure, and gets just that one."""
    for fact in facts:
        if fact.id == topic:
            return [fact]
    q = norm(topic)
    if not q:
        return []
    exact_topics = {f.topic for f in facts if q in names(f)}
    exact = [f for f in facts if f.topic in exact_topics]
    rest = [f for f in facts
            if f.topic not in exact_topics and any(_contains(k, q) for k in keys(f))]
    return grouped(exact, facts) + grouped(rest, facts)


@dataclass(frozen=True)
class Filters:
    """`list` filters; every one given must hold."""

    topic: str | None = None
    measure: Measure | None = None
    entity: str | None = None
    on: date | None = None
    source: str | None = None

    def accepts(self, fact: Fact) -> bool:
        if self.topic and not any(_contains(k, norm(self.topic)) for k in keys(fact)):
            return False
        if self.measure and fact.measure is not self.measure:
            return False
        if self.entity and norm(self.entity) not in norm(fact.entity):
            return False
        if self.source and fact.source.document != self.source:
            return False
        if self.on:
            period = fact.period
            if period is None:
                return False
            start = getattr(period, "start", None) or period.end
            if not start <= self.on <= period.end:
                return False
        return True


SORT_KEYS = ("file", "id", "topic", "date", "value")


def list_facts(facts: list[Fact], filters: Filters, sort: str = "file") -> list[Fact]:
    chosen = [f for f in facts if filters.accepts(f)]
    if sort == "id":
        chosen.sort(key=lambda f: f.id)
    elif sort == "topic":
        chosen = grouped(chosen, facts)
    elif sort == "date":
        chosen.sort(key=lambda f: (f.period.end if f.period else date.max, f.id))
    elif sort == "value":
        chosen.sort(key=lambda f: (f.unit_label, f.value))
    return chosen


_FIELD_WEIGHTS = (("id", 3), ("topic", 4), ("aliases", 4), ("tags", 3), ("entity", 2),
                  ("text", 2), ("description", 1))


def fields(fact: Fact) -> dict[str, str]:
    return {
        "id": norm(fact.id.replace("-", " ")),
        "topic": norm(fact.topic),
        "aliases": " | ".join(norm(a) for a in fact.aliases),
        "tags": " | ".join(norm(t) for t in fact.tags),
        "entity": norm(fact.entity),
        "text": norm(fact.source.text),
        "description": norm(fact.description),
    }


def _term_score(fields: dict[str, str], term: str) -> int:
    best = 0
    for name, weight in _FIELD_WEIGHTS:
        text = fields[name]
        hit = (term in text if is_cjk(term)
               else any(word.startswith(term) for word in tokens(text)))
        if hit:
            best = max(best, weight)
    return best


def search_terms(query: str) -> list[str]:
    """The words of a search, each once (a word said twice counts once); each must match
    for a fact to be a hit."""
    phrase = norm(query)
    return list(dict.fromkeys(tokens(phrase))) or ([phrase] if phrase else [])


@dataclass(frozen=True)
class Hit:
    fact: Fact
    score: int


def search(facts: list[Fact], query: str) -> list[Hit]:
    """Every query word must match a word start (or, in Chinese, a substring) somewhere;
    a phrase match and matches in ids, topics and aliases rank highest."""
    phrase = norm(query)
    terms = search_terms(query)
    if not terms:
        return []
    hits: list[Hit] = []
    for fact in facts:
        texts = fields(fact)
        scores = []
        for term in terms:  # stop at the first word that misses: a long query stays cheap
            scores.append(_term_score(texts, term))
            if not scores[-1]:
                break
        if not scores[-1]:
            continue
        score = sum(scores) * 10
        if len(terms) > 1 and any(phrase in text for text in texts.values()):
            score += 15
        hits.append(Hit(fact, score))
    order = {f.id: i for i, f in enumerate(facts)}
    hits.sort(key=lambda h: (-h.score, order[h.fact.id]))
    return hits


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
