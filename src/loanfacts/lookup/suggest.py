""" "Did you mean": the names a user may have meant when nothing matched.

One vocabulary (topics, ids and aliases, by their normal form) for both paths: the whole file
builds it here, the index stores what `add` builds while it reads. The closest names are
difflib's, as always; rapidfuzz (C) first drops every name that cannot reach difflib's
cut-off, so a miss in 100,000 facts costs milliseconds, not seconds. Its ratio, 2·LCS / total
length, is never below difflib's (difflib's matching blocks are one common subsequence), so
the names left are a superset of difflib's and the answer is the same. They are weighed by
difflib from the best rapidfuzz score down, and no further once a score falls below the
`limit`-th best ratio found: no name after it can reach that ratio (a typo of one id among a
hundred thousand near twins weighs a few names, not thirty thousand).
"""

from __future__ import annotations

from collections.abc import Iterable

from loanfacts.model.models import Fact
from loanfacts.text.words import norm

CUTOFF = 0.6
LIMIT = 3


def add(vocab: dict[str, str], fact: Fact) -> None:
    """A fact's topic, id and aliases, normalised -> as written (the first spelling wins)."""
    for key in (fact.topic, fact.id, *fact.aliases):
        vocab.setdefault(norm(key), key)


def vocabulary(facts: Iterable[Fact]) -> dict[str, str]:
    vocab: dict[str, str] = {}
    for fact in facts:
        add(vocab, fact)
    return vocab


def close_matches(vocab: dict[str, str], text: str, limit: int = LIMIT) -> list[str]:
    """The words of vocab (normal form -> as written) closest to text, as
    difflib.get_close_matches ranks them."""
    import difflib
    import heapq

    from rapidfuzz import fuzz, process

    word = norm(text)
    near = process.extract(
        word,
        list(vocab),
        scorer=fuzz.ratio,
        processor=None,
        limit=None,
        score_cutoff=CUTOFF * 100 - 0.01,
    )  # a hair lower: float rounding
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored: list[tuple[float, str]] = []  # the best `limit` so far, a heap
    for candidate, score, _ in sorted(near, key=lambda found: -found[1]):
        if len(scored) == limit and score / 100 + BOUND_SLACK < scored[0][0]:
            break  # difflib's ratio <= rapidfuzz's: none left reaches the limit-th best
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
            ratio = matcher.ratio()
            if ratio >= CUTOFF:
                if len(scored) < limit:
                    heapq.heappush(scored, (ratio, candidate))
                else:
                    heapq.heappushpop(scored, (ratio, candidate))
    return [vocab[c] for _, c in heapq.nlargest(limit, scored)]


#: rapidfuzz and difflib compute the same ratio in floating point apart
BOUND_SLACK = 1e-9


def suggestions(facts: Iterable[Fact], text: str, limit: int = LIMIT) -> list[str]:
    """ "Did you mean" names for text, from every fact given."""
    return close_matches(vocabulary(facts), text, limit)


def did_you_mean(hints: list[str]) -> str:
    """The tail of a "nothing matched" message: `; did you mean: a, b?`, or nothing."""
    return f"; did you mean: {', '.join(hints)}?" if hints else ""
