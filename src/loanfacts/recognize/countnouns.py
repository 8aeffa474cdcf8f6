"""What a count counts, for the figure recognizer (figures.py): the noun phrase after a number,
read to its first plural ("126 bank branches", "1,930 family farms", "Two rural credit
cooperatives", nouns the vocabulary need not know), and the subject a bare number counts
("Credit cards ... numbered about 212,000"). One home for these rules: check, extract and
coverage all read counts through the recognizer. Pure, no I/O.
"""

from __future__ import annotations

import re

from loanfacts.recognize import figwords as w

_WORDS_AFTER = re.compile(r"[ \t]+([A-Za-z][A-Za-z-]*)")


def _plural(word: str) -> bool:
    """A word that reads as a plural noun: "manufacturers", "start-ups", not "across"."""
    low = word.casefold()
    return (
        len(low) > 3
        and low.endswith("s")
        and not low.endswith(("ss", "us", "is"))
        and low not in w.NOT_NOUNS
        and low not in w.NEGATIVE
        and low not in w.POSITIVE
    )


def count_end(scan: str, pos: int) -> int | None:
    """Where the noun phrase a number counts ends: up to three words, to the first plural
    ("141 manufacturing clients", "126 bank branches", "1,930 family farms"), else the last
    count noun the vocabulary knows ("one bank said"); None when no noun follows."""
    at, known = pos, None
    for index in range(3):
        m = _WORDS_AFTER.match(scan, at)
        if m is None:
            break
        word = m.group(1)
        low = word.casefold()
        if (
            low in w.MODIFIER_STOP
            or low in w.MONTHS
            or low in w.NOT_NOUNS
            or (index > 0 and word[0].isupper() and low not in w.COUNT_NOUNS)
        ):
            break
        at = m.end()
        if _plural(word) or (low in w.COUNT_NOUNS and low.endswith("s")):
            return at
        if low in w.COUNT_NOUNS:
            known = at  # a singular count noun may name the next: "bank branches"
        elif known is not None:
            break
    return known


_COUNTED_BY_VERB = re.compile(
    r"\b(?:numbered|totall?ed|stood\s+at|reached|came\s+to|amounted\s+to|were|was|rose\s+to|"
    r"fell\s+to|grew\s+to)\s+(?:(?:about|around|roughly|some|nearly|almost|over|more\s+than|"
    r"less\s+than|at\s+least|just\s+(?:under|over))\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[.;:!?。；：]|,(?!\d)")
VERB_SPAN = 80  # longer than any phrase _COUNTED_BY_VERB matches
LEAD_SPAN = 2000  # a clause is read from at most this far back


def subject_noun(scan: str, start: int, sentence_start: int, scaled: bool = False) -> str | None:
    """ "Cards issued by local banks numbered about 212,000": a bare number after such a verb
    counts the plural its clause opens with (within its first five words). With a scale
    word ("were 2.5 billion") only "numbered" says it is a count rather than money."""
    # the verb ends right before the number and holds no clause mark: the last VERB_SPAN
    # characters hold it, so each number reads a bounded stretch (copying the sentence up to
    # each number was quadratic in the numbers of a long sentence)
    tail = scan[max(sentence_start, start - VERB_SPAN) : start]
    verb = _COUNTED_BY_VERB.search(tail)
    if verb is None or (scaled and not verb.group().casefold().startswith("numbered")):
        return None
    lead = _CLAUSE_START.split(scan[max(sentence_start, start - LEAD_SPAN) : start])[-1]
    words: list[str] = re.findall(r"[A-Za-z][a-z]*(?:-[a-z]+)*", lead)
    return next((word.casefold() for word in words[:5] if _plural(word)), None)
