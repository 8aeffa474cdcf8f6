"""JSON text as loanfacts writes it, for stdout and for a facts file alike: Decimals as JSON
numbers, non-ASCII kept, C1 and bidi controls escaped. The one home of that rule: render/json.py
writes it to stdout, intake/merge.py writes a merged facts file with it."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache

# Raw C1 and bidi controls are valid JSON but a terminal may act on them: escape them. Every
# one is unprintable (str.isprintable), so a text printable but for its line ends has none,
# and the class is compiled only for a text that may (it costs about a millisecond: start-up)
RISKY = "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]"


@cache
def _risky() -> re.Pattern[str]:
    return re.compile(RISKY)


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
    if text.replace("\n", "").isprintable():  # JSON escapes a newline in a string
        return text
    return _risky().sub(lambda m: f"\\u{ord(m.group()):04x}", text)
