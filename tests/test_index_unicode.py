"""The index against the file read whole, over generated Unicode text.

The index only narrows the records that show and search look at; these properties check that
the narrowing never drops a record the whole-file path accepts, for text where Python's word
pattern and a database tokenizer easily disagree: combining marks (NFD "café", "İ" after
casefolding), fullwidth letters, ligatures, Chinese, digits with separators.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any, Literal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loanfacts import index as lfindex
from loanfacts.lookup import query, search
from loanfacts.model import store

PIECES = [
    "café",
    unicodedata.normalize("NFD", "café"),
    "İstanbul",
    "ı",
    "straße",
    "ǅemal",
    "ﬁnance",
    "ＡＢＣ",
    "ｌｏａｎｓ",
    "１２３",
    "制造业",
    "贷款余额",
    "1,234.56",
    "٣٤٥",
    "x²",
    "Σίσυφος",
    "a\u0301\u0302b",
    "e\u0308",
    "n\u0303o",
    "ǈ",
    "ﬀ",
    "ß",
    "Ⅻ",
    "①",
    "7+28+N",
    "13.43%",
    "high-tech",
    "loans",
    "-",
    "+",
    ".",
    "%",
    "_",
    "\u200b",
    "\u00ad",
    "x\u0345y",
]
WORD = st.sampled_from(PIECES) | st.text(
    alphabet=st.characters(categories=["L", "M", "N", "Pd", "Po", "Zs"]), min_size=1, max_size=8
)
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)


def _fact(n: int, topic: str, alias: str, description: str) -> dict[str, Any]:
    return {
        "id": f"f-{n}",
        "topic": topic,
        "measure": "balance",
        "entity": "Some banks",
        "value": n + 1,
        "unit": "yuan",
        "scale": "billion",
        "description": description,
        "source": {"document": "doc", "text": f"{n + 1} billion yuan"},
        "aliases": [alias],
    }


FORMS: dict[str, Literal["NFC", "NFD", "NFKC"]] = {"NFC": "NFC", "NFD": "NFD", "NFKC": "NFKC"}
FACTS = st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=5)


@st.composite
def case(draw: st.DrawFn) -> tuple[list[tuple[str, str, str]], str]:
    """Facts with generated texts, and a query taken from them and bent a little."""
    rows = draw(FACTS)
    texts = [t for row in rows for t in row]
    source = draw(st.sampled_from(texts))
    start = draw(st.integers(0, max(0, len(source) - 1)))
    end = draw(st.integers(start + 1, len(source)))
    picked = draw(st.sampled_from([source, source[start:end], *source.split()]))
    form = draw(st.sampled_from(["as is", "upper", "casefold", "title", *FORMS]))
    if form == "upper":
        picked = picked.upper()
    elif form == "casefold":
        picked = picked.casefold()
    elif form == "title":
        picked = picked.title()
    elif form in FORMS:
        picked = unicodedata.normalize(FORMS[form], picked)
    return rows, picked


def _index(rows: list[tuple[str, str, str]]) -> tuple[store.FactBase, lfindex.Index]:
    folder = Path(tempfile.mkdtemp(prefix="lf-unicode-"))
    path = folder / "facts.json"
    doc = {
        "schema_version": 1,
        "sources": [{"id": "doc", "title": "A document"}],
        "facts": [_fact(n, *row) for n, row in enumerate(rows)],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    env = {
        "LOANFACTS_CACHE_DIR": str(folder / "cache"),
        "LOANFACTS_CACHE_MIN_BYTES": "0",
        "LOANFACTS_INDEX": "foreground",
    }
    index = lfindex.open_index(path, env)
    assert index is not None
    return store.load(path), index


EXAMPLES = int(os.environ.get("LOANFACTS_FUZZ_EXAMPLES", "0")) or 150
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


KNOWN = [  # found by review: the word pattern and SQLite's tokenizer cut these apart
    ([("loans", "x", "Loans in İstanbul")], "İstanbul"),
    (
        [("loans", "x", unicodedata.normalize("NFD", "the café district"))],
        unicodedata.normalize("NFD", "café"),
    ),
]


@SETTINGS
@given(case())
@example(KNOWN[0])
@example(KNOWN[1])
def test_search_from_index_equals_search_of_whole_file(
    example: tuple[list[tuple[str, str, str]], str],
) -> None:
    rows, text = example
    whole, index = _index(rows)
    expected = [(h.fact.id, h.score) for h in search.search(whole.facts, text)]
    found = [(h.fact.id, h.score) for h in search.search(index.for_search(text).facts, text)]
    assert found == expected


@SETTINGS
@given(case())
@example(KNOWN[0])
@example(KNOWN[1])
def test_show_from_index_equals_show_of_whole_file(
    example: tuple[list[tuple[str, str, str]], str],
) -> None:
    rows, text = example
    whole, index = _index(rows)
    expected = [f.id for f in query.show(whole.facts, text)]
    found = index.for_show(text)
    assert [f.id for f in query.show(found.facts, text, found.lexicon())] == expected
