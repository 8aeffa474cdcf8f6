"""Names of a text that several topics of one region share (targets.generic_names: they
name none of them to `check`), found from a few of their facts in a large file's index, and
when leaving their facts out of what `check` reads changes no verdict: check/from_index.py
reads them only then. Each rule says why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from loanfacts.index.select import Candidates

if TYPE_CHECKING:
    from collections.abc import Iterable

    from loanfacts.check.textnames import TextNames
    from loanfacts.index import Index
    from loanfacts.model.models import Fact


@dataclass(frozen=True)
class Narrowed(Candidates):
    """The facts narrowed, and the names of the text that name several topics of one region
    (targets.generic_names) whose facts were left out: `check` holds them generic, as over
    the whole file (verdicts.known_generic)."""

    generic: frozenset[str] = frozenset()


#: topics of a name read at a time, and at most, to find it shared in one region
_BATCH, _MOST = 8, 64


def surely_generic(index: Index, names: Iterable[str]) -> frozenset[str]:
    """The names that name at least targets.SHARED_BY topics of one region: a fact of each
    holds the name among its names (query.names, with the words readers use), as
    targets.generic_names counts them. Shared names only add to a fact's names, so such a
    name is generic to `check` over any facts that hold these: over the whole file too.
    Found by reading the facts of a few of the topics the index's names table gives the
    name's phrase; a name not found so shared is not said to be (the facts of every topic
    it names are then read, as before)."""
    from loanfacts.check.targets import SHARED_BY, reader_names
    from loanfacts.lookup.query import names as fact_names
    from loanfacts.lookup.query import phrase

    wanted = {name: phrase(name) for name in names}
    named = index.lexicon().topics_named(set(wanted.values()))
    out: set[str] = set()
    for name, key in sorted(wanted.items()):
        topics = sorted(named.get(key, ()))
        if len(topics) < SHARED_BY:
            continue
        owners: dict[str | None, set[str]] = {}
        for at in range(0, min(len(topics), _MOST), _BATCH):
            for fact in _facts_of(index, topics[at : at + _BATCH]):
                if name in reader_names(fact_names(fact)):
                    owners.setdefault(fact.region, set()).add(fact.topic)
            if any(len(held) >= SHARED_BY for held in owners.values()):
                out.add(name)
                break
    return frozenset(out)


def _facts_of(index: Index, topics: list[str]) -> list[Fact]:
    """The facts of topics, checked and validated as every answer of the index is."""
    with index.guard():
        marks = ",".join("?" * len(topics))
        rows = index.con.execute(f"SELECT idx FROM facts WHERE topic IN ({marks})", topics)  # noqa: S608
        found = sorted(r for (r,) in rows)
    return index.candidates(found).facts


# --- when leaving a generic name's facts out changes nothing ----------------------------------


def keyed(index: Index, seen: TextNames) -> set[str]:
    """The topics whose own words (normalised) are among those whose subject less its
    places a phrase of the text may hold (textnames.sieve): their facts are kept, as `check` may
    name them so (an alias gives no such name)."""
    from loanfacts.lookup.query import phrase
    from loanfacts.text.words import norm

    named = index.lexicon().topics_named({phrase(w) for w in seen.keyed})
    return {t for ts in named.values() for t in ts if norm(t) in seen.keyed}


def prunable(index: Index, seen: TextNames) -> bool:
    """Whether a fact named only by generic names can reach no verdict, as far as the text
    alone tells. Such a fact is no target `check` finds by a name; it could still be
    reached as the input of a derived figure whose own name (derive: its topic, the words
    in its brackets, or those without) stands in the text. A derived topic is an input's
    topic, or joins two (derivations.TOPIC_WORDS), or is a gap's `versus`; so none may stand
    in the text: no joining words, no bracketed part of a name, no gap's `versus`. A count's
    noun finds every count of it (matcher.Matcher.choose), named or not: a text with one
    keeps every fact."""
    from loanfacts.analysis.derivations import TOPIC_WORDS
    from loanfacts.check.matcher import noun_of
    from loanfacts.check.targets import own_names

    normal = seen.normal
    if any(words in normal for words in TOPIC_WORDS):
        return False
    if any(noun_of(figure) for figure in seen.got.figures):
        return False
    bracketed = [w for w in seen.vocabulary if "(" in w or "（" in w]
    with index.guard():
        versus = [
            v
            for (v,) in index.con.execute(
                "SELECT DISTINCT json_extract(CAST(raw AS TEXT), '$.versus') FROM facts"
                " WHERE measure = 'gap'"
            )
            if isinstance(v, str)
        ]
    return not any(part in normal for w in [*bracketed, *versus] for part in own_names(w))


def reached(
    index: Index,
    seen: TextNames,
    narrowed: Candidates,
    names: set[str],
    topics: set[str],
    avoid: frozenset[str],
) -> bool:
    """Whether a fact left out may still count, now that the facts kept are known:

    - a derivation joins facts by relation (the closure reads them all) or by region
      (links.Index: a region's totals, all-loans gaps and their rates, which the narrowing
      reads for every region of what it keeps), save one: a region's total, its rate or gap
      with any balance of the region (share-of-all-loans). So no fact the text names may
      be one of these (its derived figures would then take a balance left out);
    - a name in the text that is a topic's own (a derived figure of that topic carries it)
      names only topics kept, or a derived figure of a topic left out might carry it."""
    from loanfacts.analysis.links import ALL_LOANS, ALL_LOANS_GROWTH, GDP
    from loanfacts.lookup.query import phrase
    from loanfacts.text.words import norm

    # what links.Index finds by region, as index/select.py `_region_wide` reads it: the
    # totals, all-loans gaps and output, and the facts linked to them either way
    support = {ALL_LOANS, ALL_LOANS_GROWTH, GDP}
    tagged = {f.id for f in narrowed.facts if not support.isdisjoint(f.tags)}
    wide = set(tagged)
    for fact in narrowed.facts:
        linked = {t for t in vars(fact.relations).values() if t}
        if fact.id in tagged:
            wide |= linked
        elif not linked.isdisjoint(tagged):
            wide.add(fact.id)
    named = [f for f in narrowed.facts if f.topic in topics or named_by(f, names)]
    if any(f.id in wide for f in named):
        return True
    kept = {f.topic for f in narrowed.facts}
    other = sorted(seen.present - names)
    lexicon = index.lexicon().topics_named({phrase(w) for w in other})
    return any(
        norm(t) == word and t not in kept for word in other for t in lexicon.get(phrase(word), ())
    )


def named_by(fact: Fact, names: set[str]) -> bool:
    """Whether one of names stands in the fact's topic or an alias (normalised)."""
    from loanfacts.text.words import norm

    said = [norm(fact.topic), *(norm(a) for a in fact.aliases)]
    return any(name in text for name in names for text in said)
