"""Renderers: turn records into text. Only these write to stdout."""

from __future__ import annotations

import re
from functools import cache

# control and bidi characters; every one is unprintable (str.isprintable), so a printable
# text has none and is left as it is without compiling this class (a Unicode class costs
# about a millisecond to compile: start-up, issue 20)
UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


@cache
def _unsafe() -> re.Pattern[str]:
    return re.compile(UNSAFE)


def clean(text: str) -> str:
    """Text from a facts file made inert for a terminal: control and bidi characters go.

    Rich strips some control codes itself but lets ESC through, so this runs on every cell
    and every error message.
    """
    text = text.replace("\t", " ").replace("\n", " ")
    return text if text.isprintable() else _unsafe().sub("", text)


def inert(text: str) -> str:
    """A whole text made inert, lines and tabs kept (a draft printed back as Markdown)."""
    return _unsafe().sub("", text)
