"""`check` in a large facts file: from the file's index, only the facts whose topics the text
names. Kept apart from check.py so the matching stays pure and the index stays small to read:
it reads the index's vocabulary of names and asks `for_show` for each name found."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loanfacts.index import Candidates, Index


def named_in(text: str, vocabulary: frozenset[str]) -> list[str]:
    """The words of vocabulary (normalised names) that text holds, longest only, found as
    `check` finds them in the whole file (text/words.NameFinder)."""
    from loanfacts.text.words import NameFinder

    return sorted({name for _s, _e, name in NameFinder(vocabulary).find(text)})


def narrow_index(index: Index, text: str) -> Candidates:
    """From the index of a large file, the facts whose topics the text names (by `show`'s
    look-up of each name) and what their derivations read; the audit comes with the index."""
    with index.guard():
        vocabulary = frozenset(word for (word,) in index.con.execute("SELECT word FROM vocab"))
    return index.for_names(named_in(text, vocabulary))
