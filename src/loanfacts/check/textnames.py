"""Which names of a large file's vocabulary a text may name, as `check` finds names (the
matcher's finder, its bags of words, a subject's name less its region's words), found with
one walk over the text and one pass over the vocabulary: what check/from_index.py looks up
in the index. Pure: the vocabulary is handed in."""

from __future__ import annotations

import re
import string
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loanfacts.text.words import NameFinder, is_cjk

if TYPE_CHECKING:
    from collections.abc import Callable

    from loanfacts.recognize.figures import Recognized


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


def sieve(
    text: str, pieces: list[str], vocabulary: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """One pass over a large vocabulary: the names of several Latin words whose every word
    (matcher.name_bag) one piece of the text holds ; and the words
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
        if name.isalnum() or _passed(name, starts, place):
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


def _passed(name: str, starts: set[str], place: Callable[[str], bool]) -> bool:
    """Whether the sieve below passes a name over, told from its first words alone: a word
    of letters only (cut where `_CUT` cuts) that begins as no word of the text does and is
    no place's. The words before it are read as the sieve reads them, one at a time, and
    the first that is not all letters leaves the name to the sieve."""
    at = 0
    while (head := _HEAD.match(name, at)) is not None:
        end = head.end()
        if end < len(name) and name[end] not in _BREAKS:
            return False  # a word of letters and more: the sieve reads it
        word = head.group()
        if word[:3] not in starts and not place(word):
            return True
        at = end + 1
    return False


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
class TextNames:
    """A text as the narrowing reads it: simplified, its normal form, the vocabulary's words
    standing in it, and the words readers use that the index's names do not hold."""

    read: str
    normal: str
    vocabulary: frozenset[str]
    present: frozenset[str]
    readers: dict[str, str]
    got: Recognized
    bagged: frozenset[str]  # names a phrase holds every word of (`sieve`)
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


#: punctuation as spaces: the words of a name or text for `sieve`
_CUT = str.maketrans(dict.fromkeys(string.punctuation, " "))
_BREAKS = frozenset(string.punctuation + " ")
_HEAD = re.compile(r"[^\W\d_]+")
#: the words targets.strip_region takes off a name's ends with its region's
_JOINING = frozenset({"in", "of", "for"})
_WORD_RUN = re.compile(r"\w+")
