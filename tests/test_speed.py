"""What the speed work (issue 20) keeps true: a call builds only the command it runs, and the
models build their validators when first used."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import whole_cut
from loanfacts.cli import app, invoked
from loanfacts.model.models import SLUG


def _names(argv: list[str]) -> list[str | None]:
    return [
        info.name or getattr(info.callback, "__name__", None)
        for info in invoked(argv).registered_commands
    ]


def test_a_named_command_is_built_alone() -> None:
    assert _names(["show", "manufacturing", "--json"]) == ["show"]
    assert _names(["list", "--json"]) == ["list"]


@pytest.mark.parametrize("argv", [[], ["--help"], ["--help", "show"], ["shwo"], ["--version"]])
def test_anything_else_gets_the_whole_app(argv: list[str]) -> None:
    assert invoked(argv) is app


def test_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_LOANFACTS_COMPLETE", "complete_bash")
    assert invoked(["show"]) is app


def test_narrowing_leaves_the_app_whole() -> None:
    before = list(app.registered_commands)
    invoked(["show"])
    assert app.registered_commands == before
    assert len(before) > 1


def test_an_exact_id_reads_its_one_row(tmp_path: Path) -> None:
    """`show ID` from the index reads the row of that id, not every record its words name;
    what show answers from it is what it answers from the whole file."""
    from loanfacts import index as lfindex
    from loanfacts.analysis import audit
    from loanfacts.lookup import query
    from loanfacts.model import store

    env = {
        "LOANFACTS_CACHE_DIR": str(tmp_path / "cache"),
        "LOANFACTS_CACHE_MIN_BYTES": "0",
        "LOANFACTS_INDEX": "foreground",
    }
    path = store.bundled_path()
    index = lfindex.open_index(path, env)
    assert index is not None
    whole = store.load(path)
    for fact in whole.facts:
        found = index.for_show(fact.id)
        assert [f.id for f in found.facts] == [fact.id]
        assert query.show(found.facts, fact.id, found.lexicon()) == query.show(whole.facts, fact.id)
        assert found.is_reference(found.facts[0]) == whole.is_reference(fact)
        assert found.audit_rules([fact.id]) == audit.rules_naming(whole, [fact.id])
    assert len(index.for_show("manufacturing").facts) > 1  # a topic still reads its records


def _same_as_the_whole_cut(fact: object, cutter: object) -> None:
    """IndexWords gives the word table the words of the whole cut (its words, in any order:
    the table keeps no positions) and a Chinese term the same text to be found in."""
    from loanfacts.lookup.query import figures
    from loanfacts.lookup.search import IndexWords
    from loanfacts.model.models import Fact
    from loanfacts.text.words import is_cjk, token_text

    assert isinstance(fact, Fact)
    assert isinstance(cutter, IndexWords)
    whole = whole_cut(fact)
    words, text, chinese = cutter.of(fact, figures(fact))
    assert text == whole.rsplit("\x01", 2)[0]
    assert set(words.split()) == set(token_text(whole).split())
    assert chinese == is_cjk(whole)


ODD = [
    "Straße_ÖL  İstanbul",
    "a_b-c.d%e+f",
    "制造业 贷款_余额",
    "ﬁnance ǅ \t x\u00a0y",
    "MASSE maße",
]


def test_index_words_equal_the_whole_cut() -> None:
    """On every bundled fact, and with odd Unicode and white space at the fields' ends, the
    field-by-field cut (one cutter for all, as a build uses it) equals the whole cut."""
    from loanfacts.lookup.search import IndexWords
    from loanfacts.model import store

    cutter = IndexWords()
    for fact in store.load(store.bundled_path()).facts:
        _same_as_the_whole_cut(fact, cutter)
        for odd in ODD:
            for edge in (odd, f" {odd} ", f"_{odd}\n", " ", "", "_"):
                changed = fact.model_copy(
                    update={
                        "topic": f"{fact.topic} {odd}",
                        "entity": edge,
                        "aliases": [edge, "x", ""],
                        "description": edge + fact.description,
                        "tags": [*fact.tags, edge],
                    }
                )
                _same_as_the_whole_cut(changed, cutter)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(max_size=12) | st.sampled_from([" ", "_", "\u3000", "", " x_y "]),
        min_size=6,
        max_size=6,
    ),
    st.from_regex(SLUG, fullmatch=True),
)
def test_index_words_equal_the_whole_cut_on_any_text(texts: list[str], slug: str) -> None:
    """Any text in any field (white space, `_`, nothing at all), and any id the model
    takes: the same as the whole cut, cut alone or met again."""
    from loanfacts.lookup.search import IndexWords, cut, slug_cut
    from loanfacts.model import store

    fact = store.load(store.bundled_path()).facts[0]
    topic, entity, text, description, alias, tag = texts
    changed = fact.model_copy(
        update={
            "id": slug,
            "topic": topic,
            "entity": entity,
            "description": description,
            "aliases": [alias, alias],
            "tags": [tag],
            "source": fact.source.model_copy(update={"text": text}),
        }
    )
    cutter = IndexWords()
    _same_as_the_whole_cut(changed, cutter)
    _same_as_the_whole_cut(changed, cutter)
    assert slug_cut(slug) == cut(slug.replace("-", " "))


def test_every_card_from_the_index_is_the_card_of_the_whole_file(tmp_path: Path) -> None:
    """A card reads the findings of the ids it shows and of its derivations' inputs, not of
    its whole neighbourhood; the card is the same as from the file read whole."""
    from loanfacts import index as lfindex
    from loanfacts import views
    from loanfacts.model import store

    env = {
        "LOANFACTS_CACHE_DIR": str(tmp_path / "cache"),
        "LOANFACTS_CACHE_MIN_BYTES": "0",
        "LOANFACTS_INDEX": "foreground",
    }
    path = store.bundled_path()
    index = lfindex.open_index(path, env)
    assert index is not None
    whole = store.load(path)
    from_index = 0
    for fact in whole.facts:
        hood = index.neighbourhood(fact.id)
        if isinstance(hood, lfindex.Unread):
            assert hood is lfindex.Unread.WHOLE
            continue
        from_index += 1
        assert views.card_record(hood, fact.id) == views.card_of(whole, fact.id), fact.id
    assert from_index > len(whole.facts) // 2
