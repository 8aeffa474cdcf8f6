"""What to say when a look-up finds nothing: which word or option emptied the result, and
what the person may have meant. Pure: messages are returned, never printed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from loanfacts.lookup.base import (
    id_suggestions_for,
    lexicon_of,
    suggestions_for,
    unmatched_terms_of,
    word_suggestions_for,
)
from loanfacts.lookup.query import Match, resolve
from loanfacts.lookup.suggest import close_matches, did_you_mean

if TYPE_CHECKING:
    from loanfacts.lookup.base import Lookup
    from loanfacts.lookup.query import Filters
    from loanfacts.model.models import Fact

MEASURE_NAMES = {"yoy_growth": "yoy growth", "rate_change": "rate change"}


def measure_name(measure: str) -> str:
    return MEASURE_NAMES.get(measure, measure)


def _quoted(items: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in items)


def derive_hint(text: str) -> str:
    return f"{text!r} asks for a derived figure, not a published one; try: loanfacts derive {text}"


def unknown_source(base: Lookup, source: str) -> str | None:
    """The complaint about a --source that names no document of the file, or None."""
    known = base.source_ids()
    if source in known:
        return None
    close = close_matches({s: s for s in known}, source)
    return (
        f"--source {source!r} is no source document of this file"
        f"{did_you_mean(close) if close else '; sources: ' + ', '.join(known)}"
    )


def _source_left_none(text: str, source: str, before_source: Sequence[Fact]) -> str:
    """Figures matched, and --source left none: say where they come from."""
    docs = sorted({f.source.document for f in before_source})
    return (
        f"{len(before_source)} figure(s) match {text!r}, none from --source "
        f"{source!r}; they come from: {', '.join(docs)}"
    )


def show_empty(
    base: Lookup, text: str, match: Match, before_source: Sequence[Fact], source: str | None
) -> str:
    """Why `show TEXT [--source S]` found nothing."""
    if source is not None and before_source:
        return _source_left_none(text, source, before_source)
    if source is not None and (complaint := unknown_source(base, source)):
        return f"no facts match {text!r}: {complaint}"
    if match.query.derived:
        return derive_hint(text)
    lacking = measure_missing(base.facts, match)
    if lacking:
        return f"no facts match {text!r}: {lacking}"
    return f"no facts match {text!r}{did_you_mean(suggest(base, match))}"


def measure_missing(facts: Sequence[Fact], match: Match) -> str | None:
    """`clean energy loans has no yoy growth figure (it has: balance)`, when the topic words
    found figures and the measure words left none of them."""
    if not match.measures or not match.query.words:
        return None
    unmeasured = Match(match.query, match.exact, match.related, frozenset())
    found = [f for f in facts if unmeasured.accepts(f)]
    if not found:
        return None
    topics = list(dict.fromkeys(f.topic for f in found))
    has = list(dict.fromkeys(measure_name(f.measure.value) for f in found))
    wanted = " or ".join(sorted(measure_name(m.value) for m in match.measures))
    named = topics[0] if len(topics) == 1 else f"{len(topics)} topics ({', '.join(topics)})"
    return f"{named} has no {wanted} figure (it has: {', '.join(has)})"


def suggest(base: Lookup, match: Match) -> list[str]:
    said = " ".join(match.query.said) or match.query.text
    return suggestions_for(base, said)


def search_empty(base: Lookup, text: str, before_source: Sequence[Fact], source: str | None) -> str:
    """Why `search WORDS [--source S]` found nothing: the words no figure has, or the
    source that left none."""
    if source is not None and before_source:
        return _source_left_none(text, source, before_source)
    if source is not None and (complaint := unknown_source(base, source)):
        return f"nothing matches {text!r}: {complaint}"
    missing = unmatched_terms_of(base, text)
    if missing:
        hints = [h for word in missing for h in word_suggestions_for(base, word)]
        return (
            f"nothing matches {text!r}: no figure has the word(s) {_quoted(missing)}"
            f"{did_you_mean(list(dict.fromkeys(hints))[:3])}"
        )
    return f"nothing matches {text!r}: each word is found, but no figure has them all"


def list_empty(base: Lookup, facts: Iterable[Fact], filters: Filters, said: dict[str, str]) -> str:
    """Why `list` with these filters found nothing: the option that left no figure, with
    how many the ones before it kept. `said` has each option's value as typed."""
    if filters.source and (complaint := unknown_source(base, filters.source)):
        return f"no facts match these filters: {complaint}"
    checks = filters.checks()
    if filters.topic is not None:
        alone = [f for f in facts if filters.topic.accepts(f)]
        if not alone:
            topic = said["--topic"]
            if filters.topic.query.derived:
                return f"no facts match --topic {topic!r}: {derive_hint(topic)}"
            reason = measure_missing(base.facts, filters.topic)
            if reason:
                return f"no facts match --topic {topic!r}: {reason}"
            return f"no facts match --topic {topic!r}{did_you_mean(suggest(base, filters.topic))}"
        facts = alone
        checks.pop("--topic")
    return _narrowed(list(facts), checks, said, filters.topic is not None)


def _narrowed(
    facts: list[Fact], checks: dict[str, Callable[[Fact], bool]], said: dict[str, str], topic: bool
) -> str:
    kept = facts
    steps = ["--topic " + repr(said["--topic"])] if topic else []
    counts = [len(facts)] if topic else []
    for option, check in checks.items():
        narrower = [f for f in kept if check(f)]
        if not narrower:
            if not steps:
                return f"no facts match {option} {said[option]!r}"
            before = " and ".join(steps)
            return (
                f"no facts match these filters: {before} match(es) {counts[-1]} "
                f"figure(s), and {option} {said[option]!r} leaves none"
            )
        kept = narrower
        steps.append(f"{option} {said[option]!r}")
        counts.append(len(kept))
    return "no facts match these filters"


def derive_empty(base: Lookup, text: str, match: Match | None, inputs: Sequence[Fact]) -> str:
    """Why `derive TEXT` derived nothing: nothing matched the words, or what matched feeds
    no derivation (of the kind asked for)."""
    if not inputs:
        if match is not None and (lacking := measure_missing(base.facts, match)):
            return f"nothing can be derived from {text!r}: {lacking}"
        tail = did_you_mean(suggest(base, match)) if match is not None else ""
        return f"nothing can be derived from {text!r}: no facts match it{tail}"
    ids = ", ".join(f.id for f in inputs[:4]) + (", ..." if len(inputs) > 4 else "")
    if match is not None and match.query.derived:
        kinds = ", ".join(sorted(match.query.derived))
        return f"nothing can be derived from {text!r}: no {kinds} uses {ids}"
    return (
        f"nothing can be derived from {text!r}: {ids} feed(s) no derivation (one needs "
        "a level with its growth rate, a part with its whole, a gap with its rate, or "
        "an amount with its count)"
    )


def card_unknown(base: Lookup, fact_id: str) -> str:
    """`card` takes an id: say so when given a topic, else suggest ids only."""
    match = resolve(fact_id, lexicon_of(base))
    named = [f.id for f in base.facts if match.accepts(f)] if not match.empty else []
    if named:
        listed = ", ".join(named[:4]) + (", ..." if len(named) > 4 else "")
        return (
            f"no fact has the id {fact_id!r}; card takes one fact's id, and "
            f"{fact_id!r} names {len(named)} figure(s): {listed} "
            f"(or: loanfacts show {fact_id})"
        )
    return f"no fact has the id {fact_id!r}{did_you_mean(id_suggestions_for(base, fact_id))}"
