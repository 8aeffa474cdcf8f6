"""`check` in a large facts file: from the file's index, only the facts whose topics the text
names. Kept apart from check.py so the matching stays pure and the index stays small to read:
it reads the index's vocabulary of names and asks `for_show` for each name found."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from loanfacts.text.normalize import HAN_RUN

if TYPE_CHECKING:
    from loanfacts.index import Candidates, Index

_LATIN = re.compile(r"[^\W\d_][\w'+.-]*|\d[\w+.-]*")
MAX_NGRAM = 8


def named_in(text: str, vocabulary: frozenset[str]) -> list[str]:
    """The words of vocabulary (normalised names) that text holds, longest only: a name
    inside a longer one found at the same place is left out ("loans" in "clean energy
    loans"). Latin names by whole words, Chinese ones anywhere."""
    from loanfacts.text.words import norm

    spans: list[tuple[int, int, str]] = []
    lowered = text.casefold()
    tokens = [(m.start(), m.end()) for m in _LATIN.finditer(lowered)]
    for i, (start, _) in enumerate(tokens):
        for j in range(i, min(len(tokens), i + MAX_NGRAM)):
            phrase = norm(lowered[start : tokens[j][1]])
            if phrase in vocabulary:
                spans.append((start, tokens[j][1], phrase))
    for run in HAN_RUN.finditer(lowered):
        chunk = run.group()
        for i in range(len(chunk)):
            for j in range(i + 1, min(len(chunk), i + 16) + 1):
                if chunk[i:j] in vocabulary:
                    spans.append((run.start() + i, run.start() + j, chunk[i:j]))
    kept = [
        s
        for s in spans
        if not any(o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0]) for o in spans)
    ]
    return sorted({s[2] for s in kept})


def narrow_index(index: Index, text: str) -> Candidates:
    """From the index of a large file, the facts whose topics the text names (by `show`'s
    look-up of each name) and what their derivations read; the audit comes with the index."""
    with index.guard():
        vocabulary = frozenset(word for (word,) in index.con.execute("SELECT word FROM vocab"))
    return index.for_names(named_in(text, vocabulary))
