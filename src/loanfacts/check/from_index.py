"""`check` in a large facts file: from the file's index, only the facts whose topics the text
names. Kept apart from check.py so the matching stays pure and the index stays small to read:
it reads the index's vocabulary of names and asks `for_show` for each name found."""

from __future__ import annotations

import re
import string
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loanfacts.index.select import Candidates
from loanfacts.text.words import NameFinder, is_cjk

if TYPE_CHECKING:
    from collections.abc import Iterable

    from loanfacts.index import Index
    from loanfacts.model.models import Fact
    from loanfacts.recognize.figures import Recognized


@dataclass(frozen=True)
class Narrowed(Candidates):
    """The facts narrowed, and the names of the text that name several topics of one region
    (targets.generic_names) whose facts were left out: `check` holds them generic, as over
    the whole file (verdicts.known_generic)."""

    generic: frozenset[str] = frozenset()


class _Tried(set[str]):
    """A stand-in for NameFinder's sets of names: every string the finder tries is noted
    when the vocabulary holds it (of the finder's kind, Latin or Chinese), and is said to be
    absent, so that the finder goes on to try the shorter ones too."""

    def __init__(self, vocabulary: frozenset[str], cjk: bool) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.cjk = cjk
        self.found: set[str] = set()

    def __contains__(self, text: object) -> bool:
        if isinstance(text, str) and text in self.vocabulary and is_cjk(text) is self.cjk:
            self.found.add(text)
        return False


class _Any(set[str]):
    def __contains__(self, text: object) -> bool:
        return True


class _Standing(NameFinder):
    """NameFinder's own walk over a text, trying every run of words (every word may begin a
    name) and every Chinese substring: what it notes is every word of the vocabulary that
    stands in the text where `check` looks for names, shorter ones inside longer ones too."""

    def __init__(self, vocabulary: frozenset[str]) -> None:
        self.tried = (_Tried(vocabulary, cjk=False), _Tried(vocabulary, cjk=True))
        self.latin, self.han = self.tried
        self.first_words = _Any()
        self.longest = sys.maxsize


def standing(text: str, vocabulary: frozenset[str]) -> frozenset[str]:
    """The words of vocabulary that stand in text where NameFinder looks. NameFinder over
    these finds in text what it finds over the whole vocabulary (it asks of no other word),
    without a finder built over a large file's vocabulary (157,288 words in the 100k clone:
    0.45 s, issue 20)."""
    finder = _Standing(vocabulary)
    finder.find(text)
    latin, han = finder.tried
    return frozenset(latin.found | han.found)


def named_in(text: str, vocabulary: frozenset[str] | set[str]) -> list[str]:
    """The words of vocabulary (normalised names) that text holds, longest only, found as
    `check` finds them in the whole file (text/words.NameFinder)."""
    present = standing(text, frozenset(vocabulary))
    return sorted({name for _s, _e, name in NameFinder(present).find(text)})


def bagged_in(
    text: str,
    vocabulary: frozenset[str],
    named: Iterable[str] = (),
    avoid: frozenset[str] = frozenset(),
    pieces: Iterable[str] | None = None,
) -> set[str]:
    """The names of several Latin words whose every word the text holds, in any order, as
    `check` finds them in the whole file (matcher.Matcher.bagged: the one rule; the text's
    phrases and the word before a name's head are judged there): the most specific only,
    and none whose words a name found outright (`named`) holds all of.

    With `pieces` (the phrases the matcher may read: `phrases_of`), every such name whose
    words one of them holds: the matcher makes bags of the names it holds no generic, so
    the most specific name of a phrase may be one of these less specific ones; and a piece
    may hold a word the whole text does not ("9" of "stood at 9,000": a comma ends a
    phrase). Names in `avoid` (held generic) are passed over."""
    from loanfacts.check.matcher import name_bag
    from loanfacts.lookup.query import name_tokens

    if pieces is not None:
        return set(_sieve(text, list(pieces), vocabulary)[0] - avoid)
    words = set(name_bag(text))
    # a cheap first sieve over a large vocabulary: every word of a name begins as a word of
    # the text does (folding keeps a word's first letters: industries, industri)
    starts = {w[:3] for w in name_tokens(text)}
    found = {
        name: bag
        for name in vocabulary
        if " " in name
        and all(w[:3] in starts for w in name.split(" ") if w.isalpha())
        and not is_cjk(name)
        and name not in avoid
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


def _sieve(
    text: str, pieces: list[str], vocabulary: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """One pass over a large vocabulary: the names of several Latin words whose every word
    (matcher.name_bag) one piece of the text holds (`bagged_in` with pieces); and the words
    that name a subject with its places (or with an aside in brackets) whose other words
    (\\w+ runs, folded, stop and joining words left out) one piece holds: `check` names its
    figures by the subject less its region's words and asides too (targets.
    share_subject_names: "high-tech enterprise loans 17" for "China high-tech enterprise
    loans 17"), a name no vocabulary holds, found outright or by its words."""
    from loanfacts.check.matcher import name_bag
    from loanfacts.check.targets import topic_core
    from loanfacts.lookup.query import STOP_WORDS, fold, name_tokens
    from loanfacts.recognize.regions import other_runs
    from loanfacts.text.words import norm

    texts = [text, *pieces]
    held = [name_bag(t) for t in texts]
    words = frozenset().union(*held)
    runs = [{fold(r) for r in _WORD_RUN.findall(norm(t))} for t in texts]
    # a cheap first sieve: every word of a name begins as a word of the text does (folding
    # keeps a word's first letters: industries, industri), or is a place's. A name of one
    # word (letters and digits alone) makes no bag; one with a hyphen may ("clean-energy":
    # clean, energy), so names are cut at every punctuation mark, and so is the text
    starts = {
        w[:3] for t in texts for w in (*name_tokens(t), *t.casefold().translate(_CUT).split())
    }
    bagged: set[str] = set()
    keyed: set[str] = set()
    # a place's word: all its runs of word characters are places' (regions.other_runs, which
    # `strip_places` reads: "chinese" of "Chinese mainland"), asked once a word
    placed: dict[str, bool] = {}

    def place(word: str) -> bool:
        found = placed.get(word)
        if found is None:
            found = placed[word] = not other_runs(word)
        return found

    for name in vocabulary:
        if name.isalnum():
            continue
        head = _HEAD.match(name)  # the name's first word, when all letters: the same sieve
        if head is not None and (head.end() == len(name) or name[head.end()] in _BREAKS):
            first = head.group()
            if first[:3] not in starts and not place(first):
                continue
        loose = [w for w in name.translate(_CUT).split() if w.isalpha() and w[:3] not in starts]
        if not loose and not is_cjk(name):
            bag = name_bag(name)
            if len(bag) >= 2 and bag <= words and any(bag <= h for h in held):
                bagged.add(name)
        if " " in name and all(place(w) for w in loose):
            core = norm(topic_core(name))
            own = other_runs(core)
            if core == name and len(own) == len(_WORD_RUN.findall(core)):
                continue  # no place, no aside: the subject's name is the word itself
            rest = {fold(r) for r in own if r not in STOP_WORDS and r not in _JOINING}
            if rest and any(rest <= r for r in runs):
                keyed.add(name)
    return frozenset(bagged), frozenset(keyed)


def phrases_of(got: Recognized) -> list[str]:
    """Every phrase (matcher.phrases) of every span of the text the matcher may read bags
    in: the whole text, each sentence and line, and the clauses before each figure (from
    its sentence's start, and from the figure before it)."""
    from loanfacts.check.matcher import phrases

    text = got.text
    spans = {(0, len(text))}
    spans |= {(s.start, s.end) for s in got.sentences}
    at = 0
    for line in text.splitlines(keepends=True):
        spans.add((at, at + len(line)))
        at += len(line)
    before: dict[int, int] = {}
    for figure in got.figures:
        sentence = got.sentences[figure.sentence] if got.sentences else None
        start = sentence.start if sentence else 0
        spans |= {(start, figure.start), (before.get(figure.sentence, start), figure.start)}
        before[figure.sentence] = figure.end
    return sorted({p for a, b in spans for p in phrases(text[a:b]) if p.strip()})


@dataclass(frozen=True)
class _Text:
    """A text as the narrowing reads it: simplified, its normal form, the vocabulary's words
    standing in it, and the words readers use that the index's names do not hold."""

    read: str
    normal: str
    vocabulary: frozenset[str]
    present: frozenset[str]
    readers: dict[str, str]
    got: Recognized
    bagged: frozenset[str]  # `bagged_in` with the matcher's phrases
    keyed: frozenset[str]  # words whose subject less its places a phrase may hold

    def names(self, avoid: frozenset[str] = frozenset()) -> set[str]:
        """The names to look up: found outright (longest), by every word, or by a reader's
        word, with the names in avoid held generic (a name inside one of them is then
        found, as `check` finds it: a generic name is no name of its matcher)."""
        outright = named_in(self.read, self.present - avoid)
        names = set(outright) | (self.bagged - avoid)
        readers = {w: n for w, n in self.readers.items() if n not in avoid}
        names |= {readers[w] for _s, _e, w in NameFinder(frozenset(readers)).find(self.read)}
        return names


def narrow_index(index: Index, text: str) -> Candidates:
    """From the index of a large file, the facts whose topics the text names (by `show`'s
    look-up of each name) and what their derivations read; the audit comes with the index.
    The text is read as `check` reads it: traditional characters as simplified, the words
    readers use (targets.READER_WORDS), and every region's figures of a subject named (the
    sentence's region tells them apart, as from the whole file).

    A name the text holds that names several topics of one region (`surely_generic`) names
    none of them to `check`; its facts are then left out, when nothing else can reach them
    (`_prunable`, `_reached`), and `check` is told the name is generic."""
    from loanfacts.check.targets import READER_WORDS
    from loanfacts.check.verdicts import read_text
    from loanfacts.recognize.figwords import GENERIC_NAMES
    from loanfacts.text.normalize import simplified
    from loanfacts.text.words import norm

    read = simplified(text)
    with index.guard():
        vocabulary = frozenset(word for (word,) in index.con.execute("SELECT word FROM vocab"))
    readers = {w: n for n, words in READER_WORDS.items() for w in words if n in vocabulary}
    got = read_text(text)
    pieces = phrases_of(got)
    bagged, keyed = _sieve(read, pieces, vocabulary)
    seen = _Text(
        read, norm(read), vocabulary, standing(read, vocabulary), readers, got, bagged, keyed
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
    if avoid and _prunable(index, seen):
        kept_topics = _keyed(index, seen)
        narrowed, topics = _narrowed(index, kept, vocabulary - avoid, kept_topics)
        topics |= kept_topics
        if not _reached(index, seen, narrowed, kept, topics, avoid):
            generic = avoid | {w for w, n in readers.items() if n in avoid}
            n = narrowed
            return Narrowed(n.path, n.facts, n.kinds, n.flags, n.index, generic=generic)
    return _narrowed(index, names, vocabulary)[0]


def _narrowed(
    index: Index, names: set[str], vocabulary: frozenset[str], topics: Iterable[str] = ()
) -> tuple[Candidates, set[str]]:
    """The facts of the topics names match (and of topics) and what their derivations read,
    with every region's name of the subjects they name (`elsewhere`); and the topics those
    names added."""
    from loanfacts.check.targets import strip_region
    from loanfacts.text.words import norm

    first = index.for_names(sorted(names), sorted(topics))
    # every region's name of a subject the text names: the keys of the facts it names, not
    # of those their relations and regions pulled in (a related fact's twin elsewhere is
    # read only when the text names it, and then its own name is among `names`)
    keys = {strip_region(norm(f.topic), f.region) for f in first.facts if _named(f, names)}
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


# --- names shared by many topics --------------------------------------------------------------

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


def _keyed(index: Index, seen: _Text) -> set[str]:
    """The topics whose own words (normalised) are among those whose subject less its
    places a phrase of the text may hold (`_sieve`): their facts are kept, as `check` may
    name them so (an alias gives no such name)."""
    from loanfacts.lookup.query import phrase
    from loanfacts.text.words import norm

    named = index.lexicon().topics_named({phrase(w) for w in seen.keyed})
    return {t for ts in named.values() for t in ts if norm(t) in seen.keyed}


#: punctuation as spaces: the words of a name or text for `_sieve`
_CUT = str.maketrans(dict.fromkeys(string.punctuation, " "))
_BREAKS = frozenset(string.punctuation + " ")
_HEAD = re.compile(r"[^\W\d_]+")
#: the words targets.strip_region takes off a name's ends with its region's
_JOINING = frozenset({"in", "of", "for"})
_WORD_RUN = re.compile(r"\w+")


def _prunable(index: Index, seen: _Text) -> bool:
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


def _reached(
    index: Index,
    seen: _Text,
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
    named = [f for f in narrowed.facts if f.topic in topics or _named(f, names)]
    if any(f.id in wide for f in named):
        return True
    kept = {f.topic for f in narrowed.facts}
    other = sorted(seen.present - names)
    lexicon = index.lexicon().topics_named({phrase(w) for w in other})
    return any(
        norm(t) == word and t not in kept for word in other for t in lexicon.get(phrase(word), ())
    )


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
