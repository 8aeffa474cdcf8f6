"""A facts file read record by record, hashed on the way, a window at a time.

Each record comes out as its JSON text exactly as the file has it: the index stores that text
and validates it again, record by record, with the same pydantic models as the whole-file
path. A value's end is found by the json module's C scanner, so a 1 GB file never sits in
memory whole or as one string. (ijson's C backend splits a file as fast, measured by
benchmarks/reader.py, but hands out parsed objects, not their text: writing them back with
every number exact costs more than it saves.)
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from loanfacts.model.errors import NotIndexable

CHUNK = 1 << 23
_WS = re.compile(r"[ \t\n\r]*")


class Digest:
    """SHA-256 of a file's bytes, fed in order as a build reads them; refuses a file whose
    size changed under the reader. (Hashing two halves on two threads was tried: no faster
    on the 2-vCPU benchmark machine, which other jobs kept busy.)"""

    def __init__(self, size: int) -> None:
        self.size = size
        self.seen = 0
        self.hasher = hashlib.sha256()

    def update(self, chunk: bytes) -> None:
        self.hasher.update(chunk)
        self.seen += len(chunk)

    def hexdigest(self) -> str:
        if self.seen != self.size:
            raise NotIndexable("the file changed while it was read")
        return self.hasher.hexdigest()

    @staticmethod
    def of_file(path: Path) -> str:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()


class Reader:
    """A facts file decoded a window at a time, hashed as it is read."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self.stream = stream
        self.hasher = Digest(size)
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()  # drops a leading BOM
        self.json = json.JSONDecoder()
        self.text = ""
        self.pos = 0
        self.done = False

    def _more(self) -> bool:
        if self.done:
            return False
        chunk = self.stream.read(CHUNK)
        self.hasher.update(chunk)
        try:
            decoded = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise NotIndexable("not valid UTF-8") from None
        self.done = not chunk
        self.text = self.text[self.pos :] + decoded
        self.pos = 0
        return True

    def skip_ws(self) -> str:
        """Skip white space; the next character, or "" at the end of the file."""
        while True:
            match = _WS.match(self.text, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.text) or not self._more():
                return self.text[self.pos : self.pos + 1]

    def take(self, char: str) -> None:
        if self.skip_ws() != char:
            raise NotIndexable(f"expected {char!r}")
        self.pos += 1

    def value(self) -> tuple[Any, str]:
        """The next JSON value, and its text."""
        self.skip_ws()
        while True:
            try:
                obj, end = self.json.raw_decode(self.text, self.pos)
            except (ValueError, RecursionError):
                if self._more():
                    continue
                raise NotIndexable("not valid JSON") from None
            if end == len(self.text) and self._more():
                continue  # a number may go on in the next window
            text = self.text[self.pos : end]
            self.pos = end
            return obj, text

    def finish(self) -> str:
        """The Digest of the whole file, once nothing but white space is left."""
        if self.skip_ws() != "":
            raise NotIndexable("data after the top-level object")
        while self._more():
            pass
        return self.hasher.hexdigest()


def _array(reader: Reader) -> Iterator[bytes]:
    reader.take("[")
    if reader.skip_ws() == "]":
        reader.pos += 1
        return
    while True:
        _, text = reader.value()
        yield text.encode("utf-8")
        sep = reader.skip_ws()
        reader.pos += 1
        if sep == "]":
            return
        if sep != ",":
            raise NotIndexable("expected ',' or ']'")


def read_records(reader: Reader, head: list[bytes]) -> Iterator[bytes]:
    """Each fact record's JSON text; the other top-level members are appended to head.

    Only the common shape is taken apart: an object with one "facts" array. Anything else
    raises NotIndexable and is left to the full check, which reports it exactly.
    """
    reader.take("{")
    seen: set[str] = set()
    if reader.skip_ws() == "}":
        raise NotIndexable("empty object")
    while True:
        key, _ = reader.value()
        if not isinstance(key, str) or key in seen:
            raise NotIndexable("bad or repeated key")
        seen.add(key)
        reader.take(":")
        if key == "facts":
            yield from _array(reader)
        else:
            _, text = reader.value()
            head.append(json.dumps(key).encode() + b":" + text.encode("utf-8"))
        sep = reader.skip_ws()
        reader.pos += 1
        if sep == "}":
            break
        if sep != ",":
            raise NotIndexable("expected ',' or '}'")
    if "facts" not in seen:
        raise NotIndexable("no facts")
