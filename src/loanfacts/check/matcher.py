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
from loanfacts.recognize.figures import Figure, UnitKind
from loanfacts.text.words import NameFinder


@dataclass(frozen=True)
class Mention:
    """A name of the facts found at [start, end) of the text."""

    start: int
    end: int
    name: str


class Matcher:
    """The targets of a base, indexed by the names that point to them."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.targets = list(targets)
        generic = generic_names(self.targets)
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

    def mentions(self, text: str, start: int, end: int) -> list[Mention]:
        """The names in text[start:end] (text/words.NameFinder: the index narrows by it too)."""
        return [Mention(*m) for m in self.finder.find(text, start, end)]

    def candidates(
        self,
        figure: Figure,
        mentions: list[Mention],
        window_start: int,
        carried: list[Mention] | None = None,
        fits: Callable[[Target], bool] | None = None,
        text: str | None = None,
    ) -> list[tuple[Target, bool]]:
        """The targets the figure's clause names: topic words between the previous figure
        and this one, else the nearest before it in the sentence that has a figure of the
        claim's kind, else the topic of the sentence before ("They rose 13.4%"), else the
        first after it; failing all, everything named. `fits`: whether a target is within
        the figure's frame (region, measure, currency), by default its unit alone."""
        ok = fits or (lambda t: compatible(figure, t))
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
        groups = itertools.chain(
            [first_after] if tight and first_after else [],  # "20 billion yuan in savings"
            [window],
            _adjacent_back(mentions, at_window, figure.start),
            _adjacent(carried or [])[::-1],
            [first_after] if first_after else [],
            after,
        )
        named_lazily = (self._named(group) for group in groups if group)
        noun = noun_of(figure)
        if not noun:
            seen: list[list[tuple[Target, bool]]] = []
            for targets in named_lazily:
                seen.append(targets)
                if any(ok(t) and own for t, own in targets):
                    return targets
            for targets in seen:
                if any(ok(t) for t, _own in targets):
                    return targets
            return [t for targets in seen for t in targets]
        named = list(named_lazily)
        if noun:  # "9.43 million times": a group with a count of that noun first
            counted = [t for t in self.targets if noun in t.nouns]
            named = (
                [g for g in named if any(noun in t.nouns for t, _own in g)]
                + ([[(t, True) for t in counted]] if counted else [])
                + named
            )
        for strong in (True, False):  # a figure named outright before one derived from it
            for targets in named:
                if any(ok(t) and (own or not strong) for t, own in targets):
                    return targets
        return [t for targets in named for t in targets]

    def _named(self, mentions: list[Mention]) -> list[tuple[Target, bool]]:
        out: dict[str, tuple[Target, bool]] = {}
        for mention in mentions:
            for target in self.own.get(mention.name, []):
                out[target.id] = (target, True)
            for target in self.via.get(mention.name, []):
                out.setdefault(target.id, (target, False))
        return list(out.values())


_TIGHT = re.compile(r"\s*(?:in|of|worth of|的)?\s*", re.IGNORECASE)


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


def noun_of(figure: Figure) -> str | None:
    """What a count counts, singular: "branches" -> "branche" matches as the facts' nouns do
    (targets.count_nouns strips one "s"); a bare number's subject ("cards numbered 212,000")."""
    noun = figure.noun.casefold() if figure.noun else None
    return noun.rstrip("s") if noun and noun.isascii() else None


def compatible(figure: Figure, target: Target) -> bool:
    """Whether the figure's unit can be the target's: a bare number may be money or a count;
    money in another currency is never the facts' yuan."""
    if figure.currency not in (None, "yuan"):
        return False
    if figure.unit is UnitKind.NUMBER:
        return target.kind in (UnitKind.MONEY, UnitKind.COUNT)
    return figure.unit is target.kind
