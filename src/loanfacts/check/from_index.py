"""`check` in a large facts file: from the file's index, only the facts whose topics the text
names. Kept apart from check.py so the matching stays pure and the index stays small to read:
it reads the index's vocabulary of names and asks `for_show` for each name found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loanfacts.index import Candidates, Index


def named_in(text: str, vocabulary: frozenset[str]) -> list[str]:
    """The words of vocabulary (normalised names) that text holds, longest only, found as
    `check` finds them in the whole file (text/words.NameFinder)."""
    from loanfacts.text.words import NameFinder

    return sorted({name for _s, _e, name in NameFinder(vocabulary).find(text)})


def bagged_in(text: str, vocabulary: frozenset[str], named: Iterable[str] = ()) -> set[str]:
    """The names of several Latin words whose every word the text holds, in any order, as
    `check` finds them in the whole file (matcher.Matcher.bagged: the one rule; the text's
    phrases and the word before a name's head are judged there): the most specific only,
    and none whose words a name found outright (`named`) holds all of."""
    from loanfacts.check.matcher import name_bag
    from loanfacts.lookup.query import name_tokens
    from loanfacts.text.words import is_cjk

    words = name_bag(text)
    # a cheap first sieve over a large vocabulary: every word of a name begins as a word of
    # the text does (folding keeps a word's first letters: industries, industri)
    starts = {w[:3] for w in name_tokens(text)}
    found = {
        name: bag
        for name in vocabulary
        if " " in name
        and all(w[:3] in starts for w in name.split(" ") if w.isalpha())
        and not is_cjk(name)
        and len(bag := name_bag(name)) >= 2
        and bag <= words
    }
    outright = [name_bag(n) for n in named]
    bags = set(found.values())
    return {
        name
        for name, bag in found.items()
        if not any(bag < other for other in bags) and not any(bag <= o for o in outright)
    }


def narrow_index(index: Index, text: str) -> Candidates:
    """From the index of a large file, the facts whose topics the text names (by `show`'s
    look-up of each name) and what their derivations read; the audit comes with the index.
    The text is read as `check` reads it: traditional characters as simplified, the words
    readers use (targets.READER_WORDS), and every region's figures of a subject named (the
    sentence's region tells them apart, as from the whole file)."""
    from loanfacts.check.targets import READER_WORDS, strip_region
    from loanfacts.recognize.regions import strip_places
    from loanfacts.text.normalize import simplified
    from loanfacts.text.words import NameFinder, norm

    read = simplified(text)
    with index.guard():
        vocabulary = frozenset(word for (word,) in index.con.execute("SELECT word FROM vocab"))
    readers = {w: n for n, words in READER_WORDS.items() for w in words if n in vocabulary}
    outright = named_in(read, vocabulary)
    names = set(outright) | bagged_in(read, vocabulary, outright)
    names |= {readers[w] for _s, _e, w in NameFinder(frozenset(readers)).find(read)}
    first = index.for_names(sorted(names))
    keys = {strip_region(norm(f.topic), f.region) for f in first.facts}
    keys.discard("")
    more = {
        word
        for word in vocabulary
        if word not in names and any(k in word for k in keys) and strip_places(word) in keys
    }
    return index.for_names(sorted(names | more)) if more else first
