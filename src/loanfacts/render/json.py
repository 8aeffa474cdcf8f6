"""JSON and JSON Lines straight to stdout (never through rich, which wraps long lines)."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from loanfacts.model.jsontext import dumps, number

__all__ = ["dumps", "number", "write_json", "write_json_stream", "write_jsonl"]


def write_json(obj: object) -> None:
    """obj as indented JSON; a list an item at a time (the same bytes): json's indented
    encoder is Python's own, and a whole answer of 38,000 records made millions of strings
    before their join (a search that found them: 643 MB at peak, against 367 MB now)."""
    if isinstance(obj, list):
        write_json_stream(obj)
    else:
        sys.stdout.write(dumps(obj) + "\n")


def write_json_stream(items: Iterable[object]) -> int:
    """What write_json(list(items)) writes, an item at a time; returns how many."""
    count = 0
    for item in items:
        text = dumps(item).replace("\n", "\n  ")  # JSON strings hold no raw newline
        sys.stdout.write(("[\n  " if not count else ",\n  ") + text)
        count += 1
    sys.stdout.write("\n]\n" if count else "[]\n")
    return count


def write_jsonl(items: Iterable[object]) -> None:
    for item in items:
        sys.stdout.write(dumps(item, indent=None) + "\n")
