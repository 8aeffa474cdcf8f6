"""Sentences of English and Chinese text, for the figure recognizer (figures.py).

A figure is read with its sentence: the date, the topic words and the verbs that qualify it
stand there. Markdown blocks and headings end a sentence; a hard-wrapped line does not.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from loanfacts.recognize.figwords import ABBREVIATIONS


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


_BREAK = re.compile(
    r"(?P<blank>\n[ \t]*\n\s*)|(?P<stop>[。！？!?]+[”’\"'）)」』]*\s*)"
    r"|(?P<dot>\.[”’\"')]*(?=\s|$)\s*)"
    r"|(?P<block>\n(?=[ \t]*(?:[#>|*+【\[-]\s?|\d+[.)]\s|[\u3400-\u9fff]))\s*)"
    r"|(?P<nl>\n)"
)
_TITLE_WORD = re.compile(r"[A-Za-z][\w'-]*")


def title_like(line: str) -> bool:
    words: list[str] = _TITLE_WORD.findall(line)
    if len(words) < 2:
        return False
    return sum(word[0].isupper() for word in words) >= 0.6 * len(words)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of English and Chinese text, Markdown blocks and headings apart.

    A single newline ends a sentence only after a heading or a line that reads as a title, so
    a hard-wrapped paragraph stays one sentence."""
    cuts = [0]
    for m in _BREAK.finditer(text):
        if m.group("dot"):
            before = re.search(r"([\w.]+)$", text[cuts[-1] : m.start()])
            word = before.group(1).casefold() if before else ""
            nxt = text[m.end() : m.end() + 1]
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or nxt.islower():
                continue
        elif m.group("nl"):
            line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip()
            if not (line.startswith("#") or line.endswith((":", "：")) or title_like(line)):
                continue
        cuts.append(m.end())
    cuts.append(len(text))
    out: list[Sentence] = []
    for start, end in itertools.pairwise(cuts):
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            out.append(Sentence(start + lead, start + lead + len(body), body))
    return out


CLAUSE_END = re.compile(r"[;:；：。!?！？]|[,，](?!\d)|\.(?!\d)|\s[—–]\s")


def clause_of(
    text: str,
    start: int,
    end: int,
    masks: Sequence[tuple[int, int]] = (),
    within: tuple[int, int] | None = None,
) -> tuple[int, int]:
    """The stretch between the clause marks on either side of [start, end), ignoring marks
    inside a date or a figure ("June 30, 2025", "9,000"); no wider than `within` (the
    sentence), so that a long text is not searched from its start for every figure."""
    lo, hi = within if within is not None else (0, len(text))
    near = [(a, b) for a, b in masks if b > lo and a < hi]

    def masked(i: int) -> bool:
        return any(a <= i < b for a, b in near)

    left = max(
        (m.end() for m in CLAUSE_END.finditer(text, lo, start) if not masked(m.start())), default=lo
    )
    right = min(
        (m.start() for m in CLAUSE_END.finditer(text, end, hi) if not masked(m.start())), default=hi
    )
    return left, right
