"""`search`: ranked full text over every field of a fact; pure, no I/O.

Every word of a query must start a word of the fact (or, in Chinese, stand anywhere in it),
in its own form or its folded one (`clients` finds "client", `industries` finds "industry").
Stop-words and question words drop out (`how many bank visits`), and a number typed without
separators finds the figure printed with them (`3563.91` finds "3,563.91").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from loanfacts.lookup.query import _FOLDED, STOP_WORDS, figures, fold, tokens
from loanfacts.model.models import Fact
from loanfacts.text.words import WORD, is_cjk, norm, token_text

_FIELD_WEIGHTS = (
    ("id", 3),
    ("topic", 4),
    ("aliases", 4),
    ("tags", 3),
    ("entity", 2),
    ("text", 2),
    ("description", 1),
)


def fields(fact: Fact) -> dict[str, str]:
    return {
        "id": norm(fact.id.replace("-", " ")),
        "topic": norm(fact.topic),
        "aliases": " | ".join(norm(a) for a in fact.aliases),
        "tags": " | ".join(norm(t) for t in fact.tags),
        "entity": norm(fact.entity),
        "text": " ".join([norm(fact.source.text), *figures(fact)]),
        "description": norm(fact.description),
    }


class FieldCut(NamedTuple):
    """One field of a fact as the index holds it (IndexWords)."""

    piece: str  # casefolded, `_` as a space, white space collapsed, one space kept at an end
    words: str  # its words (words.tokens) and the folded forms that differ, between spaces
    chinese: bool  # whether it holds Chinese (words.is_cjk)


def cut(text: str) -> FieldCut:
    """A field cut into what the index holds of it."""
    cased = text.casefold().replace("_", " ")
    parts = cased.split()
    if not parts:  # nothing, or white space alone: one run of it
        return FieldCut(" " if cased else "", "", False)
    core = " ".join(parts)
    piece = f"{' ' if cased[0].isspace() else ''}{core}{' ' if cased[-1].isspace() else ''}"
    cached = _FOLDED.get
    forms = [f for w in WORD.findall(core) if (f := cached(w) or fold(w)) != w]
    return FieldCut(piece, " ".join([token_text(core), *forms]), is_cjk(core))


class IndexWords:
    """What the index holds of each fact's words, every field cut once however many records
    repeat it (aliases, tags, entity, printed text, description; the topic of a topic's
    figures), the id every time:

    - `words`, for the word table: every word of the fact's fields (words.py's tokens,
      joined by spaces as words.token_text does), its figures without separators, and the
      folded form of each word, so that a prefix of either form finds the fact;
    - `text`, for a Chinese term (matched anywhere, not by word starts): the fields
      normalised and joined by U+0001, as norm would write the whole (white space at a
      field's ends kept as one space), so that each field of `fields` stands whole in it.

    The word table keeps no positions (detail=none): only which words a fact has counts, not
    their order or repeats."""

    LIMIT = 1 << 14  # fields remembered; past that the memory is emptied

    def __init__(self) -> None:
        self.cuts: dict[str, FieldCut] = {}

    def _cut(self, text: str) -> FieldCut:
        found = self.cuts.get(text)
        if found is None:
            if len(self.cuts) >= self.LIMIT:
                self.cuts.clear()
            found = self.cuts[text] = cut(text)
        return found

    def of(self, fact: Fact, numbers: Sequence[str]) -> tuple[str, str, bool]:
        """(words, text, whether any field holds Chinese) of a fact with these figures."""
        known = self.cuts.get
        cuts = [slug_cut(fact.id)]  # one record's own: not remembered
        for field in (
            fact.topic,
            " | ".join(fact.aliases),
            " | ".join(fact.tags),
            fact.entity,
            fact.source.text,
            fact.description,
        ):
            cuts.append(known(field) or self._cut(field))
        words = " ".join([*(c.words for c in cuts), token_text(" ".join(numbers))])
        text = "\x01".join([c.piece for c in cuts]).strip(" ")
        return words, text, any(c.chinese for c in cuts)


def slug_cut(slug: str) -> FieldCut:
    """cut(slug.replace("-", " ")) of an id, which model.models.SLUG keeps to lower-case
    ASCII letters and digits between single hyphens: nothing to fold or collapse."""
    spaced = slug.replace("-", " ")
    cached = _FOLDED.get
    forms = [f for w in slug.split("-") if (f := cached(w) or fold(w)) != w]
    return FieldCut(spaced, " ".join([spaced, *forms]), False)


def search_terms(query: str) -> list[str]:
    """The words of a search, each once (a word said twice counts once); each must match
    for a fact to be a hit. Stop-words and question words drop out, unless nothing else is
    left."""
    phrase = norm(query)
    found = list(dict.fromkeys(tokens(query)))
    kept = [t for t in found if t not in STOP_WORDS] or found
    return kept or ([phrase] if phrase else [])


def _hit(words: Sequence[str], term: str) -> bool:
    if any(word.startswith(term) for word in words):
        return True
    folded = fold(term)
    return any(fold(word).startswith(folded) for word in words)


def _term_score(texts: dict[str, list[str]], raw: dict[str, str], term: str) -> int:
    best = 0
    for name, weight in _FIELD_WEIGHTS:
        hit = term in raw[name] if is_cjk(term) else _hit(texts[name], term)
        if hit:
            best = max(best, weight)
    return best


@dataclass(frozen=True)
class Hit:
    fact: Fact
    score: int


def search(facts: list[Fact], query: str) -> list[Hit]:
    """Every query word must match a word start (or, in Chinese, a substring) somewhere;
    a phrase match and matches in ids, topics and aliases rank highest."""
    phrase = norm(query)
    terms = search_terms(query)
    if not terms:
        return []
    hits: list[Hit] = []
    for fact in facts:
        raw = fields(fact)
        texts = {name: WORD.findall(text) for name, text in raw.items()}
        scores = []
        for term in terms:  # stop at the first word that misses: a long query stays cheap
            scores.append(_term_score(texts, raw, term))
            if not scores[-1]:
                break
        if not scores[-1]:
            continue
        score = sum(scores) * 10
        if len(terms) > 1 and any(phrase in text for text in raw.values()):
            score += 15
        hits.append(Hit(fact, score))
    order = {f.id: i for i, f in enumerate(facts)}
    hits.sort(key=lambda h: (-h.score, order[h.fact.id]))
    return hits


def unmatched(facts: list[Fact], query: str) -> list[str]:
    """The words of a search that no fact has at all (the ones to blame when nothing
    matched); empty when each word alone finds something."""
    return [t for t in search_terms(query) if not search(facts, t)]
