"""Renderers: turn records into text. Only these write to stdout."""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def clean(text: str) -> str:
    """Text from a facts file made inert for a terminal: control and bidi characters go.

    Rich strips some control codes itself but lets ESC through, so this runs on every cell
    and every error message.
    """
    return _UNSAFE.sub("", text.replace("\t", " ").replace("\n", " "))


def inert(text: str) -> str:
    """A whole text made inert, lines and tabs kept (a draft printed back as Markdown)."""
    return _UNSAFE.sub("", text)
