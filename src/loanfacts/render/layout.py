"""Tables that survive any terminal: words are never broken, lines carry no trailing blanks.

A `Grid` measures its cells when it is drawn. Each column gets at least its longest word
(ids, numbers and units are never cut mid-word) and at most its longest line; a column whose
lines fit in the room left gets them: first lines before second ones, and within each the
first column (names, which wrap well) after the others, left to right, so that a value or a
date does not wrap for the sake of a long label. When even the longest words do not fit side
by side (a narrow terminal, `COLUMNS=0`), the rows are stacked: each record's first cell, then
its other cells under it, one per line, so that no figure ever vanishes. A grid is never
wider than it needs, nor than MAX_WIDTH, so the value column stays near its label on a wide
terminal.

Rich is imported here only, when something is drawn.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from loanfacts.render import clean

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.segment import Segment

MAX_WIDTH = 120
LABEL_SHARE = 45  # percent of the table a label's first lines may take before values wrap
MIN_WRAP = 20  # narrower than this (COLUMNS=0), a line is written whole
GAP = 3  # between two columns: a blank each side of an invisible rule

Lines = list[tuple[str, str]]  # a cell: (text, style) per line


def words_width(text: str) -> int:
    """The cells the longest word of a text takes."""
    from rich.cells import cell_len

    return max((cell_len(w) for w in text.split()), default=0)


class Line:
    """A line of text, wrapped at spaces only: a word longer than the terminal is written
    whole on a line of its own (the terminal wraps it softly), never cut or dropped.
    Continuation lines are indented two more than the first."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = clean(text).rstrip()
        self.style = style

    def lines(self, width: int) -> list[str]:
        from rich.cells import cell_len

        if cell_len(self.text) <= width or width < MIN_WRAP:  # no width: one line, whole
            return [self.text]
        body = self.text.lstrip(" ")
        indent = " " * (len(self.text) - len(body))
        out: list[str] = []
        line = indent
        for word in body.split():
            if line.strip() and cell_len(line) + 1 + cell_len(word) > width:
                out.append(line)
                line = indent + "  "
            line += (" " if line.strip() else "") + word
        out.append(line)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment
        from rich.style import Style

        style = Style.parse(self.style) if self.style else None
        for line in self.lines(min(options.max_width, MAX_WIDTH)):
            yield Segment(line, style)
            yield Segment.line()


@dataclass
class Grid:
    """A table of multi-line cells; see the module docstring for how it is laid out."""

    title: str | None
    headers: Sequence[str]
    rows: list[list[Lines]] = field(default_factory=list)
    styles: Sequence[str] = ()  # per column, for a one-line cell given as text
    fair: bool = False  # share the room evenly between the columns after the first
    first_whole: bool = False  # the first column's first line whole before the others grow

    def add_row(self, *cells: Lines | str) -> None:
        row: list[Lines] = []
        for index, cell in enumerate(cells):
            if isinstance(cell, str):
                style = self.styles[index] if index < len(self.styles) else ""
                row.append([(cell, style)])
            else:
                row.append(cell)
        self.rows.append(row)

    def bounds(self) -> list[tuple[int, int, int]]:
        """(longest word, longest first line, longest line) of each column, headers
        included: what a column needs, what it should have (a cell's first line is its
        figure or name), and what it can use."""
        from rich.cells import cell_len

        out = []
        for col, header in enumerate(self.headers):
            cells = [[clean(header)]] + [[clean(line) for line, _ in row[col]] for row in self.rows]
            texts = [t for cell in cells for t in cell]
            lo = max(words_width(t) for t in texts)
            first = max(cell_len(cell[0]) for cell in cells if cell)
            out.append((lo, max(lo, first), max(cell_len(t) for t in texts)))
        return out

    def widths(self, room: int) -> list[int] | None:
        """Column widths within `room` cells, or None when the longest words do not fit."""
        bounds = self.bounds()
        gaps = GAP * (len(bounds) - 1)
        widths = [lo for lo, _, _ in bounds]
        if sum(widths) + gaps > room:
            return None
        table = min(room, MAX_WIDTH)
        spare = table - gaps - sum(widths)
        # first lines whole: the other columns', left to right (a value before its date),
        # then the first column's (names, which wrap well) up to a share of the table; then
        # every line, in that order
        rest = list(range(1, len(bounds)))
        label = max(widths[0], table * LABEL_SHARE // 100)
        if self.first_whole:  # "42.39 trillion yuan" on one line where the rest has room
            spare = self._grow(widths, {0: bounds[0][1]}, spare)
        for columns, target, cap in (
            (rest, 1, table),
            ([0], 1, label),
            (rest, 2, table),
            ([0], 2, table),
        ):
            goals = {i: min(bounds[i][target], cap) for i in columns}
            spare = self._grow(widths, goals, spare)
        return widths

    def _grow(self, widths: list[int], goals: dict[int, int], spare: int) -> int:
        """Widen columns toward their goals with the room left, left to right (or evenly,
        for the sides of a comparison); what is left over."""
        while spare > 0:
            growing = [i for i in goals if widths[i] < goals[i]]
            if not growing:
                break
            share = max(1, spare // len(growing)) if self.fair else spare
            for i in growing:
                give = max(0, min(goals[i] - widths[i], share, spare))
                widths[i] += give
                spare -= give
        return spare

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title:
            yield Line(self.title)
        widths = self.widths(options.max_width)
        if widths is None:
            yield from self._stacked()
            return
        from rich import box
        from rich.segment import Segment
        from rich.table import Table
        from rich.text import Text

        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        for header, width in zip(self.headers, widths, strict=True):
            table.add_column(clean(header), width=width, overflow="fold")
        for row in self.rows:
            cells = []
            for lines in row:
                text = Text()
                for index, (line, style) in enumerate(lines):
                    text.append(("\n" if index else "") + clean(line), style=style)
                cells.append(text)
            table.add_row(*cells)
        render = options.update(width=sum(widths) + GAP * (len(widths) - 1))
        for rendered in console.render_lines(table, render, pad=False):
            yield from trimmed(rendered)
            yield Segment.line()

    def _stacked(self) -> Iterator[Line]:
        """Each row as a block: its first cell, then `header: value` lines, indented."""
        for row in self.rows:
            for line, style in row[0]:
                yield Line(line, style)
            for header, lines in zip(self.headers[1:], row[1:], strict=True):
                texts = [(line, style) for line, style in lines if line.strip()]
                if not texts:
                    continue
                yield Line(f"  {header}: {texts[0][0]}", texts[0][1])
                for more, style in texts[1:]:
                    yield Line(f"    {more}", style)


def trimmed(line: list[Segment]) -> list[Segment]:
    """A rendered line without the blanks that pad its last cell."""
    from rich.segment import Segment

    out = list(line)
    while out and not out[-1].control and not out[-1].text.rstrip(" "):
        out.pop()
    if out and not out[-1].control:
        last = out[-1]
        out[-1] = Segment(last.text.rstrip(" "), last.style)
    return out


def print_all(console: Console, items: Sequence[object]) -> None:
    """Print renderables, never cropping a line rich did not wrap (a Line longer than a
    narrow terminal is left for the terminal to wrap)."""
    for item in items:
        console.print(item, crop=False)
