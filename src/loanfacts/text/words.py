"""The one token stream: how text is normalised and cut into words, for every path.

query.py matches on these words and the index (index/) stores them, so the two can never cut
a word differently. The index hands SQLite the tokens themselves, joined by spaces, under a
tokenizer that keeps every non-ASCII character and every character of the word pattern inside
a token: SQLite then finds exactly the tokens this module made, never its own. Any further
folding (plural forms, stop-words) belongs in `tokens`, so that both paths pick it up.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[\w+.%-]+")
#: what SQLite's FTS5 must treat as part of a word, besides letters, digits and every
#: non-ASCII character: the ASCII punctuation WORD accepts (the ascii tokenizer's option)
WORD_PUNCTUATION = "+.%-_"


@lru_cache(maxsize=1 << 14)
def norm(text: str) -> str:
    """Case-folded, `_` read as a space, white space collapsed. Remembered: topics, aliases,
    tags and entities recur across records (an index build normalises each many times)."""
    return " ".join(text.casefold().replace("_", " ").split())


def tokens(normalised: str) -> list[str]:
    """The words of text already passed through `norm`, in order."""
    return WORD.findall(normalised)


_CJK = re.compile("[^\x00-\u2e7f]")


# each ASCII byte WORD keeps, as itself; every other one, a space (derived from WORD)
_ASCII_WORDS = bytes(b if WORD.fullmatch(chr(b)) else 0x20 for b in range(128)) + b" " * 128


def token_text(normalised: str) -> str:
    """`" ".join(tokens(normalised))` as SQLite's ascii tokenizer reads it back: the same
    tokens, in order, between spaces. Plain ASCII text (most of it) takes a byte table instead
    of the regular expression, ten times faster; tests/test_words.py holds the two equal."""
    if normalised.isascii():
        return normalised.encode("ascii").translate(_ASCII_WORDS).decode("ascii")
    return " ".join(tokens(normalised))


def is_cjk(text: str) -> bool:
    """Whether text holds Chinese (or other characters past U+2E7F), matched as substrings
    rather than by word starts."""
    return _CJK.search(text) is not None
