"""Which facts and derived figures a figure of a text can be about: the names (ids, topics,
aliases, English and Chinese, as `show` matches them) in the figure's clause, its sentence or
the sentence before, and the noun a count counts. The matching half of `check`; check.py
holds the verdict rules. Pure: no I/O, no facts loaded here.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from loanfacts.check.targets import Target, generic_names
from loanfacts.recognize.figures import Figure, UnitKind

_TOKEN = re.compile(r"[^\W_\u3400-\u9fff]+(?:[-./+][^\W_\u3400-\u9fff]+)*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
MAX_WORDS = 8


def _is_cjk(name: str) -> bool:
    from loanfacts.text.words import is_cjk

    return is_cjk(name)


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
        self.latin = {n for n in {*self.own, *self.via} if not _is_cjk(n)}
        self.first_words = {n.split(" ")[0] for n in self.latin}  # where a name can start
        self.cjk = {n for n in {*self.own, *self.via} if _is_cjk(n)}
        self.longest = max((len(n) for n in self.cjk), default=0)

    def mentions(self, text: str, start: int, end: int) -> list[Mention]:
        """The names in text[start:end], longest first where they overlap: Latin names by
        whole words (runs of words, case folded as `show` folds them), Chinese anywhere."""
        found: list[Mention] = []
        tokens = [
            (m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(text, start, end)
        ]
        for i, (first, _, word) in enumerate(tokens):
            if word not in self.first_words:
                continue
            parts = [word]
            best: tuple[int, str] | None = (tokens[i][1], word) if word in self.latin else None
            for j in range(i + 1, min(len(tokens), i + MAX_WORDS)):
                if text[tokens[j - 1][1] : tokens[j][0]].strip():
                    break  # a comma or a dash between words ends a name
                parts.append(tokens[j][2])
                name = " ".join(parts)
                if name in self.latin:
                    best = (tokens[j][1], name)
            if best is not None:
                found.append(Mention(first, best[0], best[1]))
        for run in _CJK.finditer(text, start, end):
            chunk = run.group()
            for i in range(len(chunk)):
                for j in range(min(len(chunk), i + self.longest), i, -1):
                    if chunk[i:j] in self.cjk:
                        found.append(Mention(run.start() + i, run.start() + j, chunk[i:j]))
                        break
        found.sort(key=lambda m: (m.start, -m.end))
        out: list[Mention] = []
        for mention in found:  # a name inside a longer one is part of it
            if out and mention.end <= out[-1].end:
                continue
            out.append(mention)
        return out

    def candidates(
        self,
        figure: Figure,
        mentions: list[Mention],
        window_start: int,
        carried: list[Mention] | None = None,
    ) -> list[tuple[Target, bool]]:
        """The targets the figure's clause names: topic words between the previous figure
        and this one, else the nearest before it in the sentence that has a figure of the
        claim's kind, else the topic of the sentence before ("They rose 13.4%"), else the
        first after it; failing all, everything named."""
        # mentions are in text order: bisections and groups made nearest first, on demand, so
        # that a sentence of many figures is not read whole for each of them
        at_window = bisect_left(mentions, window_start, key=lambda m: m.start)
        at_figure = bisect_left(mentions, figure.start, key=lambda m: m.start)
        window = mentions[at_window:at_figure]
        groups = itertools.chain(
            [window],
            _adjacent_back(mentions, at_window, figure.start),
            _adjacent(carried or [])[::-1],
            _adjacent_on(mentions, bisect_left(mentions, figure.end, key=lambda m: m.start)),
        )
        named_lazily = (self._named(group) for group in groups if group)
        noun = noun_of(figure)
        if not noun:
            seen: list[list[tuple[Target, bool]]] = []
            for targets in named_lazily:
                seen.append(targets)
                if any(compatible(figure, t) and own for t, own in targets):
                    return targets
            for targets in seen:
                if any(compatible(figure, t) for t, _own in targets):
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
                if any(compatible(figure, t) and (own or not strong) for t, own in targets):
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
