"""Which facts and derived figures a figure of a text can be about: the names (ids, topics,
aliases, English and Chinese, as `show` matches them) in the figure's clause, its sentence or
the sentence before, and the noun a count counts. The matching half of `check`; check.py
holds the verdict rules. Pure: no I/O, no facts loaded here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from loanfacts.check.targets import Target, generic_names
from loanfacts.recognize.figures import Figure, UnitKind
from loanfacts.text.normalize import HAN_RUN
from loanfacts.text.words import is_cjk

_TOKEN = re.compile(r"[^\W_\u3400-\u9fff]+(?:[-./+][^\W_\u3400-\u9fff]+)*")
MAX_WORDS = 8


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
        self.latin = {n for n in {*self.own, *self.via} if not is_cjk(n)}
        self.first_words = {n.split(" ")[0] for n in self.latin}  # where a name can start
        self.cjk = {n for n in {*self.own, *self.via} if is_cjk(n)}
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
        for run in HAN_RUN.finditer(text, start, end):
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
        window = [m for m in mentions if window_start <= m.start < figure.start]
        before = _adjacent([m for m in mentions if m.end <= figure.start and m not in window])
        after = _adjacent([m for m in mentions if m.start >= figure.end])
        groups = [window, *reversed(before), *_adjacent(carried or [])[::-1], *after]
        named = [self._named(group) for group in groups if group]
        noun = noun_of(figure)
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
