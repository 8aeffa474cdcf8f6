"""What show, list, search and their "nothing matched" hints read, and the questions they ask
of the whole file.

A look-up reads either a whole file (model.store.FactBase) or the facts an index hands out
for one query (index.Candidates), which answer the questions about the whole file (names,
vocabulary, audit) from what the index worked out when it was built and must never pass for a
whole file. The whole-file answers are functions here that take either: the store, on the
ground floor, imports nothing above it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol, TypeAlias

from loanfacts.lookup.query import FileLexicon, Lexicon
from loanfacts.model.models import Fact
from loanfacts.model.store import FactBase, name_words
from loanfacts.text.words import norm

# search and suggest are imported by the functions that use them: a `show` that finds its
# figures needs neither (start-up, issue 20)


class Answers(Protocol):
    """The facts an index hands out for one query, with its answers about the whole file."""

    @property
    def path(self) -> Path: ...

    @property
    def facts(self) -> list[Fact]: ...

    def is_reference(self, fact: Fact) -> bool: ...

    @property
    def reference_ids(self) -> frozenset[str]: ...

    def suggestions(self, text: str) -> list[str]: ...

    def word_suggestions(self, word: str) -> list[str]: ...

    def id_suggestions(self, text: str) -> list[str]: ...

    def lexicon(self) -> Lexicon: ...

    def source_ids(self) -> list[str]: ...

    def unmatched_terms(self, text: str) -> list[str]: ...

    def audit_rules(self, ids: Sequence[str]) -> dict[str, list[str]]: ...


Lookup: TypeAlias = FactBase | Answers


def suggestions_for(base: Lookup, text: str) -> list[str]:
    """ "Did you mean" candidates for a topic that matched nothing."""
    if isinstance(base, FactBase):
        from loanfacts.lookup.suggest import suggestions

        return suggestions(base.facts, text)
    return base.suggestions(text)


def word_suggestions_for(base: Lookup, word: str) -> list[str]:
    """ "Did you mean" candidates for one word: names and the words within them."""
    if isinstance(base, FactBase):
        from loanfacts.lookup.suggest import close_matches, vocabulary

        return close_matches(name_words(vocabulary(base.facts)), word)
    return base.word_suggestions(word)


def id_suggestions_for(base: Lookup, text: str) -> list[str]:
    """ "Did you mean" ids only (what `card` takes)."""
    if isinstance(base, FactBase):
        from loanfacts.lookup.suggest import close_matches

        return close_matches({norm(f.id): f.id for f in base.facts}, text)
    return base.id_suggestions(text)


def lexicon_of(base: Lookup) -> Lexicon:
    """Which topics each name names (how `show` and `list --topic` read a query)."""
    if isinstance(base, FactBase):
        if base.names is not None:  # the bundled file's cache kept them
            return FileLexicon.of_pairs(base.names)
        return FileLexicon(base.facts)
    return base.lexicon()


def keys_of(base: Lookup) -> Mapping[str, str] | None:
    """Every fact's query.fact_keys by id, when known without working them out (the bundled
    file's cache keeps them)."""
    return base.keys if isinstance(base, FactBase) else None


def unmatched_terms_of(base: Lookup, text: str) -> list[str]:
    """The words of a search that no fact has (what to blame when nothing matched)."""
    if isinstance(base, FactBase):
        from loanfacts.lookup.search import unmatched

        return unmatched(base.facts, text)
    return base.unmatched_terms(text)
