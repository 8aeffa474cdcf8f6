"""What a reader has besides a figure's sentence, when `check` reads a whole draft: the
sentence before it and its section's heading (docs/check-frames.md, "A subject from the
context"). The lines of the text and their headings (recognize/paragraphs.Headings, the rule
`extract` drafts by), the region a subject taken from them brings, and the note that says
where it came from. Pure: no facts, no I/O.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from loanfacts.check.matcher import Origin
from loanfacts.check.results import PASSING, Verdict
from loanfacts.check.targets import Target
from loanfacts.recognize import regions
from loanfacts.recognize.figures import Figure, Recognized
from loanfacts.recognize.paragraphs import Headings, heading_name

_LINE = re.compile(r"[^\r\n]+")
_ENDS = (".", "!", "?", "。", "！", "？", ";", "；", ":", "：", '"', "”")


class Sections:
    """The lines of a checked text and the section headings among them, read once: a figure
    whose sentence names no subject, after a sentence that names none, takes its section's
    heading (recognize/paragraphs.section_heading, the rule `extract` drafts by)."""

    def __init__(self, got: Recognized) -> None:
        self.text = got.text
        self.spans = [(m.start(), m.end()) for m in _LINE.finditer(got.text)]
        self.starts = [lo for lo, _hi in self.spans]
        self.lines = [got.text[lo:hi] for lo, hi in self.spans]
        self.figured = {self.line_of(f.start) for f in got.figures}
        self.alone: list[bool] = []
        self.headings = Headings(self.lines, lambda m: m in self.figured or not self._standalone(m))

    def line_of(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)

    def _standalone(self, n: int) -> bool:
        """A line of its own: at the start, after a blank line, a line that ends a sentence
        or another heading of its own (a wrapped paragraph's short last line is none).
        Worked out for every line up to n once, in order."""
        while len(self.alone) <= n:
            m = len(self.alone)
            if m == 0:
                self.alone.append(True)
                continue
            lo, _hi = self.spans[m]
            previous = self.lines[m - 1].rstrip()
            self.alone.append(
                "\n" in self.text[self.spans[m - 1][1] : lo].replace("\r\n", "\n")[1:]
                or previous.endswith(_ENDS)
                or (heading_name(previous) is not None and self.alone[m - 1])
            )
        return self.alone[n]

    def is_heading(self, offset: int) -> bool:
        n = self.line_of(offset)
        return (
            bool(self.lines)
            and n not in self.figured
            and self._standalone(n)
            and heading_name(self.lines[n]) is not None
        )

    def heading(self, figure: Figure, named_at: int = -1) -> tuple[tuple[int, int], str] | None:
        """The span and subject of the heading of the figure's section, when it stands after
        the last figure whose own sentence named its subject (at offset `named_at`): a
        section's subject holds until a sentence names another."""
        if len(self.lines) < 2:
            return None
        since = self.line_of(named_at) if named_at >= 0 else -1
        found = self.headings.of(self.line_of(figure.start), since)
        return (self.spans[found[0]], found[1]) if found else None


def region_of(
    got: Recognized,
    figure: Figure,
    origin: Origin,
    heading: tuple[tuple[int, int], str] | None,
) -> str | None:
    """The region of a subject taken from the context: the place named with it in the
    sentence before, or in the section's heading; None where they name none."""
    if origin.kind == "before" and figure.sentence > 0:
        before = got.sentences[figure.sentence - 1]
        return regions.region_at(
            got.text[before.start : before.end],
            origin.start - before.start,
            origin.end - before.start,
        )
    if origin.kind == "heading" and heading is not None:
        lo, hi = heading[0]
        return regions.region_at(got.text[lo:hi], hi - lo)
    return None


def with_origin(
    origin: Origin | None, verdict: Verdict, target: Target | None, note: str
) -> tuple[Verdict, Target | None, str]:
    """The verdict with where the subject came from when the sentence names none: the note
    says so; a subject that only its section's heading gives confirms but never faults."""
    if origin is None:
        return verdict, target, note
    where = "the sentence before" if origin.kind == "before" else "the section heading"
    said = f"{note}; subject from {where}: {origin.words}"
    if origin.kind == "heading" and verdict not in PASSING and verdict is not Verdict.UNKNOWN:
        return Verdict.UNKNOWN, None, f"{said} (the sentence itself names none)"
    return verdict, target, said
