"""A report as numbered paragraphs: the convention every `source.paragraph` counts by.

A report is plain UTF-8 text (a byte-order mark is accepted). Each line is a paragraph; a
blank line (or one of spaces only) also ends one and is not counted. The first non-blank line,
the title, is paragraph 1. A line feed, a carriage return and line feed, or a carriage return
alone (old Mac files) ends a line, so a form feed or a Unicode line separator inside a line does
not start a paragraph.

Wrapped text (`wrapped=True`, and any Markdown file, whose first line is a "# " heading): a
paragraph is a block of lines ended by a blank line, its lines joined by one space. A Markdown
heading loses its "#"s, a bullet its marker ("- ", "* ", "+ ", "• "), and a table (lines that
start with "|") stays one paragraph whose rows keep their line ends.

Control characters print nothing, so they are no part of a paragraph's text: terminal escape
sequences and other C0/C1 controls are dropped (a tab, form feed or other separator is a
space). Facts, `extract` and `coverage` all count this way, so a record's paragraph and its
printed text can be checked against the report itself.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from loanfacts.model.errors import ReportError
from loanfacts.recognize.figscan import (
    CONTROLS,  # the recognizer's: escape sequences, then other controls
)

MAX_BYTES = 64 * 1024**2  # a report is an article, not a corpus; a pipe may never end
_SPACES = re.compile(r"[\t\x0b\x0c\x1c-\x1f\x85]")  # controls that stand for a space


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    line: int  # the line of the file it stands on, counted from 1


@dataclass(frozen=True)
class Report:
    name: str  # the path as given, for messages
    paragraphs: tuple[Paragraph, ...]

    def paragraph(self, number: int) -> Paragraph | None:
        if 1 <= number <= len(self.paragraphs):
            return self.paragraphs[number - 1]
        return None

    @property
    def title(self) -> str | None:
        return self.paragraphs[0].text if self.paragraphs else None

    @property
    def digest(self) -> str:
        """SHA-256 of the text as read (paragraphs joined by line ends): the same report
        whatever its line ends, another report whatever its title. A source keeps it, so that
        `merge` can tell a document id reused for other text."""
        text = "\n".join(p.text for p in self.paragraphs)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


_HEADING = re.compile(r"^#{1,6}[ \t]+")
_BULLET = re.compile(r"^(?:[-*+•][ \t]+)")
_ENDS_SENTENCE = re.compile(r"[.!?:;。！？：；\"”’)）]$")


def _lines(text: str) -> list[str]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [CONTROLS.sub("", _SPACES.sub(" ", raw)) for raw in text.split("\n")]


def is_markdown(text: str) -> bool:
    first = next((line for line in _lines(text) if line.strip()), "")
    return bool(_HEADING.match(first.strip()))


def split(text: str, wrapped: bool = False) -> tuple[Paragraph, ...]:
    """Number the paragraphs of a report's text by the convention above."""
    lines = _lines(text)
    if wrapped or is_markdown(text):
        return _blocks(lines)
    found: list[Paragraph] = []
    for line_number, line in enumerate(lines, start=1):
        if line.strip():
            found.append(Paragraph(len(found) + 1, line.strip(), line_number))
    return tuple(found)


def _blocks(lines: list[str]) -> tuple[Paragraph, ...]:
    found: list[Paragraph] = []
    block: list[str] = []
    first = 0

    def close() -> None:
        if not block:
            return
        table = all(line.startswith("|") for line in block)
        if table:
            text = "\n".join(block)
        else:
            parts = [_BULLET.sub("", _HEADING.sub("", line)) for line in block]
            text = " ".join(p for p in parts if p)
        if text.strip():
            found.append(Paragraph(len(found) + 1, text.strip(), first))
        block.clear()

    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            close()
            continue
        if not block:
            first = line_number
        block.append(line.strip())
    close()
    return tuple(found)


#: a section's heading: a short line of its own, no sentence in it, an aside in brackets and a
#: colon allowed after its name ("Consumer credit (Tables B and C):")
_SECTION = re.compile(r"^(?P<name>[^.!?。;:：]{3,60}?)\s*(?:[(（][^)）]*[)）])?\s*[:：]?$")


def heading_name(line: str) -> str | None:
    """The subject a heading line gives its section ("Consumer credit (Tables B and C):" ->
    "consumer credit"; a Markdown heading loses its "#"s), or None when the line is no
    heading: at most 8 words, no sentence end inside. Whether it holds a figure is the
    caller's to say (section_heading)."""
    text = _HEADING.sub("", line.strip()).strip()
    m = _SECTION.match(text)
    if m is None or len(text.split()) > 8:
        return None
    name = m.group("name").strip()
    return name.lower() if text.isascii() else name


class Headings:
    """The one rule, for `extract` and `check` alike: the subject of the section a line
    (paragraph) stands in is the nearest line before it that is a heading (heading_name)
    and that `skip` leaves (one that holds a figure; for check, one that does not stand on
    its own). Worked out once per line, in order: a long draft costs one pass."""

    def __init__(self, lines: Sequence[str], skip: Callable[[int], bool]) -> None:
        self.lines = lines
        self.skip = skip
        self.nearest: list[int] = [-1]  # for each line, its nearest heading line before it

    def of(self, index: int, since: int = -1) -> tuple[int, str] | None:
        """The line and subject of the heading of line `index`'s section, when it stands
        after line `since` (the figure read last; -1 for none). A figure whose words name
        no subject takes it."""
        while len(self.nearest) <= index:
            n = len(self.nearest) - 1  # the line just before the one worked out next
            here = heading_name(self.lines[n]) is not None and not self.skip(n)
            self.nearest.append(n if here else self.nearest[n])
        found = self.nearest[index] if index >= 0 else -1
        if found <= since:
            return None
        name = heading_name(self.lines[found])
        return (found, name) if name is not None else None


def section_heading(
    lines: Sequence[str], index: int, since: int, holds_figure: Callable[[int], bool]
) -> str | None:
    """Headings' rule for one line: the subject of its section's heading, or None."""
    found = Headings(lines, holds_figure).of(index, since)
    return found[1] if found else None


def looks_wrapped(report: Report) -> bool:
    """Whether most lines of a report read a line a paragraph end without punctuation, as
    the lines of a hard-wrapped text do."""
    lines = [p.text for p in report.paragraphs if "\n" not in p.text]
    if len(lines) < 4:
        return False
    bare = sum(1 for line in lines if not _ENDS_SENTENCE.search(line))
    return bare * 2 > len(lines)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 with or without a byte-order mark; anything else is refused with a reason."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportError(name, "is UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportError(name, f"is not valid UTF-8 (byte {exc.start})") from None
    if "\x00" in text:
        raise ReportError(name, "holds NUL bytes: not a text file")
    return text


def parse(raw: bytes, name: str, wrapped: bool = False) -> Report:
    report = Report(name, split(decode(raw, name), wrapped))
    if not report.paragraphs:
        raise ReportError(name, "is empty: no paragraph to read")
    return report


def read_stream(stream: BinaryIO, name: str, wrapped: bool = False) -> Report:
    """Read a report from an open stream (standard input for `-`), at most MAX_BYTES."""
    try:
        raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReportError(name, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise ReportError(name, f"is too large (over {MAX_BYTES} bytes)")
    return parse(raw, name, wrapped)


def read(path: Path, wrapped: bool = False) -> Report:
    """Read a report file, or raise ReportError (exit status 3) saying why it cannot be."""
    name = str(path)
    try:
        if path.is_dir():
            raise ReportError(name, "is a directory, not a report")
        size = path.stat()
        if stat.S_ISREG(size.st_mode) and size.st_size > MAX_BYTES:
            raise ReportError(name, f"is too large ({size.st_size} bytes; at most {MAX_BYTES})")
        with path.open("rb") as stream:
            return read_stream(stream, name, wrapped)
    except FileNotFoundError:
        raise ReportError(name, "no such file") from None
    except PermissionError:
        raise ReportError(name, "permission denied") from None
    except OSError as exc:
        raise ReportError(name, f"cannot read: {exc.strerror or exc}") from None
