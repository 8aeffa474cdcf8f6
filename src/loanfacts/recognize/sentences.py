"""Sentences of English and Chinese text, for the figure recognizer (figures.py).

A figure is read with its sentence: the date, the topic words and the verbs that qualify it
stand there. Markdown blocks and headings end a sentence; a hard-wrapped line does not.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
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
_WORD_BEFORE = re.compile(r"[\w.]+$")


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
            # the word before the dot, from at most 64 characters back (never from the last
            # cut: a text of many lowercase "loans. " would be searched again and again)
            before = _WORD_BEFORE.search(text, max(cuts[-1], m.start() - 64), m.start())
            word = before.group().casefold() if before else ""
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


class _Marks:
    """The clause marks of text[lo:hi] outside the masks, found once; a figure's clause is
    then two bisections (clause_of is called once per figure: searching every mark of the
    sentence against every mask each time was cubic in the figures of one sentence)."""

    def __init__(self, text: str, masks: Sequence[tuple[int, int]], lo: int, hi: int) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        self.mask_lo: list[int] = []
        self.mask_hi: list[int] = []
        for a, b in sorted(m for m in masks if m[1] > lo and m[0] < hi and m[1] > m[0]):
            if self.mask_lo and a <= self.mask_hi[-1]:
                self.mask_hi[-1] = max(self.mask_hi[-1], b)
            else:
                self.mask_lo.append(a)
                self.mask_hi.append(b)
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in CLAUSE_END.finditer(text, lo, hi):
            if not self.masked(m.start()):
                self.starts.append(m.start())
                self.ends.append(m.end())

    def masked(self, i: int) -> bool:
        at = bisect_right(self.mask_lo, i) - 1
        return at >= 0 and i < self.mask_hi[at]

    def _edge(self, at: int) -> bool:
        """A mark at `at` seen by a search that stops at at + 1: "," or "." before a digit
        counts there (its lookahead sees the end), as clause_of always read it."""
        if at < self.lo or self.masked(at):
            return False
        m = CLAUSE_END.match(self.text, at, at + 1)
        return m is not None

    def clause(self, start: int, end: int) -> tuple[int, int]:
        i = bisect_right(self.ends, start)
        left = self.ends[i - 1] if i else self.lo
        if start - 1 >= max(self.lo, left) and self._edge(start - 1):
            left = start
        j = bisect_left(self.starts, end)
        right = self.starts[j] if j < len(self.starts) else self.hi
        if end <= self.hi - 1 < right and self._edge(self.hi - 1):
            right = self.hi - 1
        return max(left, self.lo), right


_MARKS: list[tuple[str, Sequence[tuple[int, int]], int, _Marks]] = []


def _marks_of(text: str, masks: Sequence[tuple[int, int]], lo: int, hi: int) -> _Marks:
    """The marks of this text, masks and stretch: the figures of one sentence share them."""
    for kept_text, kept_masks, size, marks in _MARKS:
        if (
            kept_text is text
            and kept_masks is masks
            and size == len(masks)
            and (marks.lo, marks.hi) == (lo, hi)
        ):
            return marks
    marks = _Marks(text, masks, lo, hi)
    _MARKS.insert(0, (text, masks, len(masks), marks))
    del _MARKS[4:]
    return marks


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
    return _marks_of(text, masks, lo, hi).clause(start, end)
