""" "Did you mean": the same names as difflib.get_close_matches, found faster."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from loanfacts.lookup import suggest
from loanfacts.model.store import FactBase
from loanfacts.text.words import norm

WORDS = st.text(alphabet="abcdeé制造 -", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40), WORDS)
def test_close_matches_are_difflibs(words: list[str], text: str) -> None:
    """rapidfuzz only drops names that cannot reach difflib's cut-off: the answer is
    difflib's, order and ties included."""
    vocab = {norm(w): w for w in words}
    expected = [
        vocab[w] for w in difflib.get_close_matches(norm(text), list(vocab), n=3, cutoff=0.6)
    ]
    assert suggest.close_matches(vocab, text) == expected


def test_vocabulary_first_spelling_wins(base: FactBase) -> None:
    """One vocabulary for the file and the index: topic, then id, then aliases, first
    spelling kept."""
    vocab = suggest.vocabulary(base.facts)
    assert vocab["manufacturing loans"] == "manufacturing loans"
    assert suggest.suggestions(base.facts, "manufacturng") == [
        "manufacturing",
        "manufacturing share",
        "manufacturing loans",
    ]


TWINS = st.lists(
    st.tuples(
        st.sampled_from(["loans-balance", "loans-balanse", "loan-bal", "制造业"]),
        st.integers(0, 999),
    ),
    min_size=4,
    max_size=300,
)


@settings(max_examples=150, deadline=None)
@given(
    TWINS, st.sampled_from(["loans-balance-17", "loans-balanse-1", "loan-bal", "制造业-99", "x"])
)
def test_close_matches_among_near_twins(twins: list[tuple[str, int]], text: str) -> None:
    """A large file's near twins (ids differing in a number): the weighing stops early, and
    the answer is still difflib's, order and ties included."""
    vocab = {norm(f"{stem}-{n}"): f"{stem}-{n}" for stem, n in twins}
    expected = [
        vocab[w] for w in difflib.get_close_matches(norm(text), list(vocab), n=3, cutoff=0.6)
    ]
    assert suggest.close_matches(vocab, text) == expected
