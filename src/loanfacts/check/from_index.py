"""`check` in a large facts file: from the file's index, only the facts whose topics the text
names. Kept apart from check.py so the matching stays pure and the index stays small to read:
it reads the index's vocabulary of names and asks `for_show` for each name found."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from loanfacts.index import Candidates, Index
    from loanfacts.model.models import Fact


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
    # every region's name of a subject the text names: the keys of the facts it names, not
    # of those their relations and regions pulled in (a related fact's twin elsewhere is
    # read only when the text names it, and then its own name is among `names`)
    keys = {strip_region(norm(f.topic), f.region) for f in first.facts if _named(f, names)}
    keys.discard("")
    more = elsewhere(vocabulary - names - vocabulary_of(first.facts), keys)
    if not more:
        return first
    # the topics each of these names names outright (query.resolve's `exact`), read from the
    # index's names table a chunk of names at a time, not by one `show` look-up per name
    # (tens of milliseconds each: 9,524 names in a 100k cloned file, issue 20)
    from loanfacts.lookup.query import names_outright, phrase

    held = {f.topic for f in first.facts}
    named = index.lexicon().topics_named(phrase(m) for m in more)
    topics = {t for name, ts in named.items() for t in names_outright(name, ts)} - held
    return index.for_names(sorted(names), sorted(topics)) if topics else first


def _named(fact: Fact, names: set[str]) -> bool:
    """Whether one of names stands in the fact's topic or an alias (normalised)."""
    from loanfacts.text.words import norm

    said = [norm(fact.topic), *(norm(a) for a in fact.aliases)]
    return any(name in text for name in names for text in said)


def vocabulary_of(facts: Iterable[Fact]) -> set[str]:
    """The vocabulary's words (normalised topics, ids, aliases: suggest.add) of facts. A
    name of another region whose own facts are among these adds nothing `check` reads, and
    is not looked up again: in a large file each look-up costs tens of milliseconds, and a
    generic subject may have thousands of such names (issue 20)."""
    from loanfacts.lookup.suggest import vocabulary

    return set(vocabulary(facts))


def elsewhere(words: Iterable[str], keys: set[str]) -> set[str]:
    """The words that hold a key and name one without its places ("china manufacturing
    loans" for "manufacturing loans"): every region's name of a subject.

    With a few keys, each word is held against each key first (cheap, and seldom true), and
    only a word holding one is stripped. A large file may give thousands of keys: then a word
    is not held against each. On a Latin word `strip_places` takes out whole runs of place
    words (`regions.other_runs`), so a word whose other runs are no key's other runs cannot
    strip to a key, and is passed over; a word that strips to a key mostly holds that key."""
    from loanfacts.recognize.regions import other_runs, strip_places

    if len(keys) <= FEW_KEYS:
        return {w for w in words if any(k in w for k in keys) and strip_places(w) in keys}
    shapes = {other_runs(k) for k in keys}
    out: set[str] = set()
    for word in words:
        if word.isascii() and other_runs(word) not in shapes:
            continue
        stripped = strip_places(word)
        if stripped in keys and (stripped in word or any(k in word for k in keys)):
            out.add(word)
    return out


#: up to this many keys, `elsewhere` holds each word against each key
FEW_KEYS = 64
