"""The one token stream: how text is normalised and cut into words, for every path.

query.py matches on these words and the index (index/) stores them, so the two can never cut
a word differently. The index hands SQLite the tokens themselves, joined by spaces, under a
tokenizer that keeps every non-ASCII character and every character of the word pattern inside
a token: SQLite then finds exactly the tokens this module made, never its own. Any further
folding (plural forms, stop-words) belongs in `tokens`, so that both paths pick it up.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

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


#: the last code point `is_cjk` reads as not Chinese
_LAST_NOT_CJK = "\u2e7f"


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
    return bool(text) and max(text) > _LAST_NOT_CJK  # no regex: its class took 4 ms to compile


# --- names in running text (check through the file and through the index alike) -------------

#: a word of running text: letters and digits joined by - . / + ("high-tech", "7+28+n"), never
#: a trailing "." or "," ("manufacturing." is "manufacturing")
NAME_WORD = r"[^\W_\u3400-\u9fff]+(?:[-./+][^\W_\u3400-\u9fff]+)*"
# a run of Chinese, with a short aside in brackets inside a name: 企(事)业单位贷款
_HAN_RUN = (
    r"[\u3400-\u9fff\uf900-\ufaff](?:[\u3400-\u9fff\uf900-\ufaff]"
    r"|[(（][\u3400-\u9fff]{1,4}[)）](?=[\u3400-\u9fff]))*"
)


@cache
def _pattern(text: str) -> re.Pattern[str]:
    """A pattern compiled when first used: `show` never finds names in running text, and
    compiling these at import cost it 2 ms."""
    return re.compile(text)


#: the most words a Latin name runs to
MAX_NAME_WORDS = 8


class NameFinder:
    """Where names (normalised, as `norm` gives them) stand in running text. `check` finds
    the facts' names with it, and narrows a large file's index with it, so the two paths
    see the same names."""

    def __init__(self, names: frozenset[str] | set[str]) -> None:
        self.latin = {n for n in names if not is_cjk(n)}
        self.first_words = {n.split(" ")[0] for n in self.latin}
        self.han = {n for n in names if is_cjk(n)}
        self.longest = max((len(n) for n in self.han), default=0)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, name) in text[start:end], longest first where they overlap and a
        name inside a longer one left out. Latin names by whole words (case folded, one
        space between words; a comma or a dash between two words ends a name), Chinese
        ones anywhere."""
        end = len(text) if end is None else end
        found: list[tuple[int, int, str]] = []
        words = [
            (m.start(), m.end(), m.group().casefold())
            for m in _pattern(NAME_WORD).finditer(text, start, end)
        ]
        for i, (first, _, word) in enumerate(words):
            if word not in self.first_words:
                continue
            parts = [word]
            best = (words[i][1], word) if word in self.latin else None
            for j in range(i + 1, min(len(words), i + MAX_NAME_WORDS)):
                if text[words[j - 1][1] : words[j][0]].strip():
                    break
                parts.append(words[j][2])
                name = " ".join(parts)
                if name in self.latin:
                    best = (words[j][1], name)
            if best is not None:
                found.append((first, best[0], best[1]))
        for run in _pattern(_HAN_RUN).finditer(text, start, end):
            chunk = run.group()
            for i in range(len(chunk)):
                for j in range(min(len(chunk), i + self.longest), i, -1):
                    if chunk[i:j] in self.han:
                        found.append((run.start() + i, run.start() + j, chunk[i:j]))
                        break
        found.sort(key=lambda m: (m[0], -m[1]))
        out: list[tuple[int, int, str]] = []
        for mention in found:
            if out and mention[1] <= out[-1][1]:
                continue
            out.append(mention)
        return out
