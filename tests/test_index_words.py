"""The index's word tables select the same rows as reading every row would (issue 20, a
leaner index): `show` and `list --topic` find the rows whose keys contain a text through the
word table of the keys (no trigram table), `search` a Chinese term in the text of the records
that hold Chinese. Each is held equal here to the plain test over every row."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import generator, whole_cut
from loanfacts import index as lfindex
from loanfacts.index import select
from loanfacts.lookup import search
from loanfacts.model import store
from loanfacts.text.words import is_cjk

FACTS = store.bundled_path()


@pytest.fixture(scope="module")
def cloned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled facts copied 3 times: ids and topics suffixed per copy, as at scale."""
    import json

    path = tmp_path_factory.mktemp("clone") / "clone.json"
    doc = generator().cloned_doc(126, FACTS)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def index(cloned: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[lfindex.Index]:
    env = {
        "LOANFACTS_CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
        "LOANFACTS_CACHE_MIN_BYTES": "0",
        "LOANFACTS_INDEX": "foreground",
    }
    found = lfindex.open_index(cloned, env)
    assert found is not None
    yield found
    found.con.close()


def _keys(index: lfindex.Index) -> dict[int, str]:
    return dict(index.con.execute("SELECT idx, keys FROM keys"))


def _needles(keys: dict[int, str]) -> list[str]:
    """Every word of the keys, and pieces of them: a word's ends cut off, runs across a
    space or U+0001, upper case, punctuation, words in no key."""
    rng = random.Random(20)  # noqa: S311  # a fixed sample, not a secret
    words = sorted({w for text in keys.values() for w in text.replace("\x01", " ").split()})
    out = list(words)
    for word in words:
        if len(word) > 2:
            out += [word[1:], word[:-1], word[1:-1]]
    texts = list(keys.values())
    for _ in range(300):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        out.append(text[start : start + rng.randrange(1, 30)])
    out += ["LOAN", "Manufactur", "'", "、", " ", "-", "%", "\x01", "a b", "zzq", "制造", "贷款"]
    out += ["1", "0", "2024-1", "loan 9", "loan\x01", "高新技术、企业"]
    return list(dict.fromkeys(n for n in out if n))


@pytest.mark.parametrize("limit", [0, 1, 3, select.TERMS_LIMIT])
def test_rows_containing_are_those_every_row_would_give(
    index: lfindex.Index, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """_containing (the word table of the keys, narrowed by the words that hold a piece of
    each needle; read whole when none narrows) gives exactly the rows whose keys contain
    every needle, for one needle and for two, whatever the limit on words per piece."""
    monkeypatch.setattr(select, "TERMS_LIMIT", limit)
    keys = _keys(index)
    needles = _needles(keys)
    with index.guard():
        for needle in needles:
            assert index._containing([needle]) == {
                i for i, text in keys.items() if needle in text
            }, needle
        rng = random.Random(limit)  # noqa: S311  # a fixed sample, not a secret
        for _ in range(200):
            pair = rng.sample(needles, 2)
            assert index._containing(pair) == {
                i for i, text in keys.items() if all(n in text for n in pair)
            }, pair


def test_chinese_search_terms_find_the_rows_they_found(index: lfindex.Index, cloned: Path) -> None:
    """A Chinese term is looked for in the records that hold Chinese only, in their fields
    without figures or folded forms: the rows the whole cut gave (figures and folded forms
    are ASCII, and no Chinese term holds a word character next to a U+0001)."""
    facts = store.load(cloned).facts
    old = {i: text for i, f in enumerate(facts) if is_cjk(text := whole_cut(f))}
    chinese = sorted({t for text in old.values() for t in search.search_terms(text) if is_cjk(t)})
    terms = [*chinese, *(t[1:] for t in chinese if len(t) > 1), "、", "（", "制造业 贷款"]
    with index.guard():
        for term in dict.fromkeys(terms):
            said = search.search_terms(term)
            want = [t for t in said if is_cjk(t)]
            rows = index.searchable(said)
            if len(want) == len(said):
                assert rows == {i for i, t in old.items() if all(w in t for w in want)}, term
        for term in chinese[:20]:
            latin = index.searchable(["loan"])
            both = index.searchable(["loan", term])
            assert both == {i for i in latin if i in old and term in old[i]}, term


def test_an_index_of_the_old_layout_is_not_read(cloned: Path, tmp_path: Path) -> None:
    """An index in the layout before this one (a trigram table, keys and texts in `facts`)
    carries another code key: it is rebuilt, never read."""
    from loanfacts.index import folder, key

    env = {
        "LOANFACTS_CACHE_DIR": str(tmp_path / "cache"),
        "LOANFACTS_CACHE_MIN_BYTES": "0",
        "LOANFACTS_INDEX": "foreground",
    }
    first = lfindex.open_index(cloned, env)
    assert first is not None
    first.con.close()
    target = folder.index_path(folder.own_dir(folder.cache_dir(env)), cloned)
    with sqlite3.connect(target) as con:
        con.execute("DROP TABLE keys")
        con.execute("DROP TABLE terms")
        con.execute("CREATE VIRTUAL TABLE keys_fts USING fts5 (keys, tokenize='trigram')")
        con.execute("UPDATE meta SET value = 'the code of main' WHERE key = 'key'")
    again = lfindex.open_index(cloned, env)
    assert again is not None
    with again.guard():
        assert again.con.execute("SELECT value FROM meta WHERE key = 'key'").fetchone() == (
            key.code_key(),
        )
        assert again._containing(["manufactur"])
    again.con.close()
