"""Which facts and derived figures a figure of a text can be about: the names (ids, topics,
aliases, English and Chinese, as `show` matches them) in the figure's clause, its sentence or
the sentence before, and the noun a count counts. The matching half of `check`; check.py
holds the verdict rules. Pure: no I/O, no facts loaded here.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from loanfacts.check.targets import Target, generic_names
from loanfacts.lookup.query import STOP_WORDS, fold, name_tokens, words
from loanfacts.recognize.figures import Figure, UnitKind
from loanfacts.recognize.regions import is_place
from loanfacts.text.words import NameFinder, is_cjk


@dataclass(frozen=True)
class Mention:
    """A name of the facts found at [start, end) of the text."""

    start: int
    end: int
    name: str


Group = list[Mention] | tuple[int, int] | None


@dataclass(frozen=True)
class Origin:
    """Where a figure's subject came from when its own sentence names none: `before`, the
    sentence before it; `heading`, its section's heading; `words`, the subject as written."""

    kind: str
    words: str
    start: int = -1  # where the words stand in the text (for `before`)
    end: int = -1


@dataclass(frozen=True)
class Context:
    """What a reader has besides the figure's sentence: whether its subject only points back
    (frames.points_back) and its section's heading (the line's span, the subject it names)."""

    points_back: bool = False
    heading: tuple[tuple[int, int], str] | None = None


class Matcher:
    """The targets of a base, indexed by the names that point to them."""

    def __init__(self, targets: Sequence[Target], generic: frozenset[str] = frozenset()) -> None:
        """`generic`: names known to be shared by several topics of one region among facts
        the targets leave out (check/from_index.py: a large file's index narrowed without
        them); generic as the targets' own shared names are."""
        self.targets = list(targets)
        generic = generic_names(self.targets) | generic
        self.own: dict[str, list[Target]] = {}
        self.via: dict[str, list[Target]] = {}
        for target in self.targets:
            for name in target.names:
                if name not in generic:
                    self.own.setdefault(name, []).append(target)
            for name in target.via:
                if name not in generic:
                    self.via.setdefault(name, []).append(target)
        self.finder = NameFinder({*self.own, *self.via})
        # names of several Latin words, by their folded words: a clause that holds all of a
        # name's words names it, in any order ("loans of Henan's banks to the manufacturing
        # industry" names "manufacturing loans")
        self.bags: dict[frozenset[str], list[Target]] = {}
        self.heads: dict[frozenset[str], set[str]] = {}  # the last word of each such name
        self.postings: dict[str, list[frozenset[str]]] = {}
        for name, owners in self.own.items():
            bag = name_bag(name)
            if len(bag) >= 2 and not is_cjk(name):
                if bag not in self.bags:
                    for word in bag:
                        self.postings.setdefault(word, []).append(bag)
                self.bags.setdefault(bag, []).extend(owners)
                self.heads.setdefault(bag, set()).add(fold(name_tokens(name)[-1]))

    def mentions(self, text: str, start: int, end: int) -> list[Mention]:
        """The names in text[start:end] (text/words.NameFinder: the index narrows by it too)."""
        return [Mention(*m) for m in self.finder.find(text, start, end)]

    def bagged(self, text: str) -> Iterator[list[tuple[Target, bool]]]:
        """For each phrase of the text, nearest first, the targets of the multi-word names
        whose every word it holds (phrases end at punctuation and brackets: "green loans
        (local and foreign currencies)" names no "local and foreign currency loans")."""
        for phrase in reversed(phrases(text)):
            found = self._bagged(phrase) if phrase.strip() else []
            if found:
                yield found

    def _bagged(self, text: str) -> list[tuple[Target, bool]]:
        """The targets of the multi-word names whose every word the text holds, the most
        specific only (a name whose words another found name holds too is left out:
        "long-term manufacturing loans" over "manufacturing loans")."""
        words = name_bag(text)
        hits: dict[frozenset[str], int] = {}
        for word in words:
            for bag in self.postings.get(word, ()):
                hits[bag] = hits.get(bag, 0) + 1
        order = [(raw, fold(raw)) for raw in name_tokens(text)]
        found = [
            bag
            for bag, n in hits.items()
            if n == len(bag) and _unmodified(order, bag, self.heads[bag])
        ]
        best = [bag for bag in found if not any(bag < other for other in found)]
        out: dict[str, tuple[Target, bool]] = {}
        for bag in best:
            for target in self.bags[bag]:
                out[target.id] = (target, True)
        return list(out.values())

    def choose(
        self,
        figure: Figure,
        mentions: list[Mention],
        window_start: int,
        carried: list[Mention] | None = None,
        fits: Callable[[Target], bool] | None = None,
        text: str | None = None,
        sentence_start: int | None = None,
        context: Context | None = None,
    ) -> tuple[list[tuple[Target, bool]], Origin | None]:
        """The targets the figure's clause names, and where their subject came from when not
        from the figure's own sentence (None): topic words between the previous figure and
        this one (a name outright, else every word of one), else the nearest before it in the
        sentence that has a figure of the claim's kind, else every word of a name in the
        sentence, else the first after it in the sentence; then, as a reader has it, the topic
        of the sentence before ("They rose 13.4%"; before the names after the figure when its
        subject only points back: "The figure was up from ...", frames.points_back), then
        the section's heading (context.heading: a sentence that names nothing, after one that
        names nothing). Failing all, everything named. `fits`: whether a target is within the
        figure's frame (region, measure, currency), by default its unit alone."""
        ok = fits or (lambda t: compatible(figure, t))
        context = context or Context()
        # mentions are in text order: bisections and groups made nearest first, on demand, so
        # that a sentence of many figures is not read whole for each of them
        at_window = bisect_left(mentions, window_start, key=lambda m: m.start)
        at_figure = bisect_left(mentions, figure.start, key=lambda m: m.start)
        window = mentions[at_window:at_figure]
        after = _adjacent_on(mentions, bisect_left(mentions, figure.end, key=lambda m: m.start))
        first_after = next(after, None)
        tight = (
            first_after is not None
            and text is not None
            and _TIGHT.fullmatch(text, figure.end, first_after[0].start) is not None
        )
        clause = (window_start, figure.start) if text is not None else None
        sentence = (sentence_start, figure.start) if text and sentence_start is not None else None
        own: Iterator[Group] = itertools.chain(
            [first_after] if tight and first_after else [],  # "20 billion yuan in savings"
            [window],
            [clause],
            _adjacent_back(mentions, at_window, figure.start),
            [sentence],
        )
        later: Iterator[Group] = itertools.chain([first_after] if first_after else [], after)
        before = (
            (Origin("before", _span_text(text, g), g[0].start, g[-1].end), g)
            for g in _adjacent(carried or [])[::-1]
        )
        tagged: Iterator[tuple[Origin | None, Group]] = itertools.chain(
            ((None, g) for g in own),
            *(
                (before, ((None, g) for g in later))
                if context.points_back
                else (((None, g) for g in later), before)
            ),
            self._heading(text, context.heading),
        )
        named_lazily = (
            (origin, found)
            for origin, group in tagged
            if group
            for found in (
                self.bagged((text or "")[group[0] : group[1]])
                if isinstance(group, tuple)
                else [self._named(group)]
            )
        )
        noun = noun_of(figure)
        if not noun:
            seen: list[tuple[Origin | None, list[tuple[Target, bool]]]] = []
            for origin, targets in named_lazily:
                seen.append((origin, targets))
                if any(ok(t) and own_ for t, own_ in targets):
                    return targets, origin
            for origin, targets in seen:
                if any(ok(t) for t, _own in targets):
                    return targets, origin
            return [t for _origin, targets in seen for t in targets], None
        named = list(named_lazily)
        if noun:  # "9.43 million times": a group with a count of that noun first
            counted = [t for t in self.targets if noun in t.nouns]
            named = (
                [g for g in named if any(noun in t.nouns for t, _own in g[1])]
                + ([(None, [(t, True) for t in counted])] if counted else [])
                + named
            )
        for strong in (True, False):  # a figure named outright before one derived from it
            for origin, targets in named:
                if any(ok(t) and (own_ or not strong) for t, own_ in targets):
                    return targets, origin
        return [t for _origin, targets in named for t in targets], None

    def _heading(
        self, text: str | None, heading: tuple[tuple[int, int], str] | None
    ) -> list[tuple[Origin | None, Group]]:
        """The groups of a section's heading: its names, then every word of one."""
        if heading is None or not text:
            return []
        span, subject = heading
        origin = Origin("heading", subject)
        return [(origin, self.mentions(text, *span)), (origin, span)]

    def _named(self, mentions: list[Mention]) -> list[tuple[Target, bool]]:
        out: dict[str, tuple[Target, bool]] = {}
        for mention in mentions:
            for target in self.own.get(mention.name, []):
                out[target.id] = (target, True)
            for target in self.via.get(mention.name, []):
                out.setdefault(target.id, (target, False))
        return list(out.values())


_PHRASE_END = re.compile(r"[,;:()（），。；：、\[\]\"“”]|\s[-–—]\s")


def phrases(text: str) -> list[str]:
    """The phrases of a span of text, in order, as `bagged` reads them: punctuation and
    brackets end a phrase."""
    return _PHRASE_END.split(text)


_TIGHT = re.compile(r"\s*(?:in|of|worth of|的)?\s*", re.IGNORECASE)


def _span_text(text: str | None, group: list[Mention]) -> str:
    return text[group[0].start : group[-1].end] if text and group else ""


def _adjacent_back(
    mentions: list[Mention], stop: int, end: int, gap: int = 4
) -> Iterator[list[Mention]]:
    """_adjacent's groups of mentions[:stop] that end by `end`, the nearest group first."""
    group: list[Mention] = []
    for i in range(stop - 1, -1, -1):
        mention = mentions[i]
        if mention.end > end:
            continue
        if group and group[0].start - mention.end <= gap:
            group.insert(0, mention)
        else:
            if group:
                yield group
            group = [mention]
    if group:
        yield group


def _adjacent_on(mentions: list[Mention], start: int, gap: int = 4) -> Iterator[list[Mention]]:
    """_adjacent's groups of mentions[start:], in order, made as they are asked for."""
    group: list[Mention] = []
    for i in range(start, len(mentions)):
        mention = mentions[i]
        if group and mention.start - group[-1].end <= gap:
            group.append(mention)
        else:
            if group:
                yield group
            group = [mention]
    if group:
        yield group


def _adjacent(mentions: list[Mention], gap: int = 4) -> list[list[Mention]]:
    """Mentions a few characters apart read as one name ("Luoyang's manufacturing loans")."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        if groups and mention.start - groups[-1][-1].end <= gap:
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


#: words that may stand right before a name's head word without changing what it names
#: ("the outstanding loans", "China's loans"); any other ("green loans") names another thing
_NEUTRAL = frozenset({"s", "outstanding", "total", "its", "their", "whose"}) | STOP_WORDS


def _unmodified(order: list[tuple[str, str]], bag: frozenset[str], heads: set[str]) -> bool:
    """Whether the phrase (its words in order, as typed and folded) has a head word of the
    name with nothing before it but the name's own words, neutral words or a place:
    "loans of Henan's banks to the manufacturing industry" names manufacturing loans,
    "China's green loans" does not name China's loans."""
    for i, (_raw, word) in enumerate(order):
        if word not in heads:
            continue
        if i == 0:
            return True
        raw, before = order[i - 1]
        if before in bag or raw in _NEUTRAL or is_place(raw):
            return True
    return False


def name_bag(text: str) -> frozenset[str]:
    """The folded words of a name or a clause, stop words left out (lookup/query.words):
    what a clause must hold of a name to name it in any order."""
    return frozenset(words(text))


def noun_of(figure: Figure) -> str | None:
    """What a count counts, singular: "branches" -> "branche" matches as the facts' nouns do
    (targets.count_nouns strips one "s"); a bare number's subject ("cards numbered 212,000")."""
    noun = figure.noun.casefold() if figure.noun else None
    return noun.rstrip("s") if noun and noun.isascii() else None


#: the recognizer's currency words as the facts' ISO codes
_ISO = {"yuan": "CNY", "usd": "USD"}


def compatible(figure: Figure, target: Target) -> bool:
    """Whether the figure's unit can be the target's: a bare number may be money or a count;
    money in one currency is never the facts' figure in another (yuan against CNY, US dollars
    against USD)."""
    if figure.currency is not None and (target.currency or "CNY") != _ISO.get(
        figure.currency, figure.currency
    ):
        return False
    if figure.unit is UnitKind.NUMBER:
        return target.kind in (UnitKind.MONEY, UnitKind.COUNT)
    return figure.unit is target.kind
