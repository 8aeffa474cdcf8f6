"""`search`: ranked full text over every field of a fact; pure, no I/O.

Every word of a query must start a word of the fact (or, in Chinese, stand anywhere in it),
in its own form or its folded one (`clients` finds "client", `industries` finds "industry").
Stop-words and question words drop out (`how many bank visits`), and a number typed without
separators finds the figure printed with them (`3563.91` finds "3,563.91").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from loanfacts.lookup.query import _FOLDED, STOP_WORDS, figures, fold, tokens
from loanfacts.model.models import Fact
from loanfacts.text.words import WORD, is_cjk, norm

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


_REPEATING = 2  # index_words' fields from the aliases on: the same on many records


def _words_of(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of a field as index_words cuts them, and their folded forms."""
    words = frozenset(WORD.findall(text.casefold().replace("_", " ")))
    cached = _FOLDED.get
    return words, frozenset([cached(w) or fold(w) for w in words])


_field_words = lru_cache(maxsize=1 << 12)(_words_of)


def index_words(fact: Fact, numbers: Sequence[str] | None = None) -> str:
    """What the index's word table holds of a fact: every field normalised (each one stands
    whole in it, as `fields` has it), its figures without separators, and the folded form of
    each word that folding changes (so that a prefix of either form finds the fact). Built
    with one casefold and one split per record: the index builds it a million times."""
    texts = [
        fact.id.replace("-", " "),
        fact.topic,
        " | ".join(fact.aliases),
        " | ".join(fact.tags),
        fact.entity,
        fact.source.text,
        fact.description,
    ]
    joined = " ".join("\x01".join(texts).casefold().replace("_", " ").split())
    # the words of joined, field by field (no word spans a field: U+0001 and white space
    # end one); the fields that repeat across records are cut and folded once
    seen: set[str] = set()
    folded: set[str] = set()
    for at, text in enumerate(texts):
        words, forms = _field_words(text) if at >= _REPEATING else _words_of(text)
        seen |= words
        folded |= forms
    numbers = figures(fact) if numbers is None else numbers
    return "\x01".join([joined, " ".join(numbers), " ".join(sorted(folded - seen))])


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
