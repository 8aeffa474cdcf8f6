"""`check` in a large facts file: from the file's index, only the facts whose topics the text
names. Kept apart from check.py so the matching stays pure and the index stays small to read:
it reads the index's vocabulary of names and asks `for_show` for each name found.

A name the text holds that several topics of one region share (a file of many reports: every
copy of "high-tech" loans) names none of them to `check` (targets.generic_names). Such a name
is found so from a few of its facts (check/generic.py), and its facts are not read at all when
nothing else could reach them; `check` is then told the name is generic (generic.Narrowed).
Each rule says why leaving them out changes no verdict; where one cannot say so, every fact
is read as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from loanfacts.index import Candidates, Index
    from loanfacts.model.models import Fact


def named_in(text: str, vocabulary: frozenset[str] | set[str]) -> list[str]:
    """The words of vocabulary (normalised names) that text holds, longest only, found as
    `check` finds them in the whole file (textnames.named_in; imported when asked, as the
    bundled file's `check` never asks)."""
    from loanfacts.check import textnames

    return textnames.named_in(text, vocabulary)


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
    sentence's region tells them apart, as from the whole file).

    A name the text holds that names several topics of one region (`surely_generic`) names
    none of them to `check`; its facts are then left out, when nothing else can reach them
    (check/generic.py), and `check` is told the name is generic; else the facts are read
    as before."""
    from loanfacts.check.generic import Narrowed, keyed, prunable, reached, surely_generic
    from loanfacts.check.targets import READER_WORDS
    from loanfacts.check.textnames import TextNames, phrases_of, sieve, standing
    from loanfacts.check.verdicts import read_text
    from loanfacts.recognize.figwords import GENERIC_NAMES
    from loanfacts.text.normalize import simplified
    from loanfacts.text.words import NameFinder, norm

    read = simplified(text)
    with index.guard():
        vocabulary = frozenset(word for (word,) in index.con.execute("SELECT word FROM vocab"))
    readers = {w: n for n, words in READER_WORDS.items() for w in words if n in vocabulary}
    got = read_text(text)
    pieces = phrases_of(got)
    bagged, keyed_words = sieve(read, pieces, vocabulary)
    seen = TextNames(
        read, norm(read), vocabulary, standing(read, vocabulary), readers, got, bagged, keyed_words
    )
    names = seen.names()
    # measure words name no topic to `check` (targets.generic_names), whatever the file
    avoid = frozenset(names & GENERIC_NAMES)
    kept = seen.names(avoid) if avoid else names
    tried: set[str] = set(avoid)
    while new := surely_generic(index, kept - tried):  # a name inside one may be generic too
        tried |= kept
        avoid |= new
        kept = seen.names(avoid)
    if avoid and prunable(index, seen):
        kept_topics = keyed(index, seen)
        # the first test of `reached`, on the index's rows before any fact is read
        if not index.region_wide_named(sorted(kept), sorted(kept_topics)):
            narrowed, topics = _narrowed(index, kept, vocabulary - avoid, kept_topics)
            topics |= kept_topics
            if not reached(index, seen, narrowed, kept, topics, avoid):
                generic = avoid | {w for w, n in readers.items() if n in avoid}
                n = narrowed
                return Narrowed(n.path, n.facts, n.kinds, n.flags, n.index, generic=generic)
    # every fact the names bring in, as the narrowing read them before generic names were
    # left out (named_in and bagged_in over the text whole: the same facts, the same time)
    outright = named_in(read, vocabulary)
    before = {*outright, *bagged_in(read, vocabulary, outright)}
    before |= {readers[w] for _s, _e, w in NameFinder(frozenset(readers)).find(read)}
    return _narrowed(index, before, vocabulary)[0]


def _narrowed(
    index: Index, names: set[str], vocabulary: frozenset[str], topics: Iterable[str] = ()
) -> tuple[Candidates, set[str]]:
    """The facts of the topics names match (and of topics) and what their derivations read,
    with every region's name of the subjects they name (`elsewhere`); and the topics those
    names added."""
    from loanfacts.check.generic import named_by
    from loanfacts.check.targets import strip_region
    from loanfacts.text.words import norm

    first = index.for_names(sorted(names), sorted(topics))
    # every region's name of a subject the text names: the keys of the facts it names, not
    # of those their relations and regions pulled in (a related fact's twin elsewhere is
    # read only when the text names it, and then its own name is among `names`)
    keys = {strip_region(norm(f.topic), f.region) for f in first.facts if named_by(f, names)}
    keys.discard("")
    if not keys:
        return first, set()
    more = elsewhere(vocabulary - names - vocabulary_of(first.facts), keys)
    if not more:
        return first, set()
    # the topics each of these names names outright (query.resolve's `exact`), read from the
    # index's names table a chunk of names at a time, not by one `show` look-up per name
    # (tens of milliseconds each: 9,524 names in a 100k cloned file, issue 20)
    from loanfacts.lookup.query import names_outright, phrase

    held = {f.topic for f in first.facts}
    named = index.lexicon().topics_named(phrase(m) for m in more)
    more_topics = {t for name, ts in named.items() for t in names_outright(name, ts)} - held
    if not more_topics:
        return first, set()
    return index.for_names(sorted(names), sorted({*topics, *more_topics})), more_topics


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
