"""JSON and JSON Lines straight to stdout (never through rich, which wraps long lines)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from decimal import Decimal

# Raw C1 and bidi controls are valid JSON but a terminal may act on them: escape them.
_RISKY = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def number(value: Decimal) -> int | float:
    """A Decimal as a JSON number. Values reach here with at most 15 significant digits,
    which a float's shortest repr writes back exactly."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _default(obj: object) -> int | float:
    if isinstance(obj, Decimal):
        return number(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def dumps(obj: object, indent: int | None = 2) -> str:
    text = json.dumps(obj, ensure_ascii=False, indent=indent, default=_default)
    return _RISKY.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_json(obj: object) -> None:
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
