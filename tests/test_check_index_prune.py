"""`check` from the index of a large file leaves out the facts of a name shared by many topics
of one region (issue 20, item 5): `check` holds such a name generic and finds nothing by it,
so its facts count only as inputs of derived figures other names reach, which the narrowing
rules out first. Differential: every figure of every sentence gets the same verdict, fact and
note through the narrowed index as from the whole file, on a file where a few subjects are
copied under numbered topics (their names generic, the others not) and on a cloned file
(nearly every name generic), including sentences where leaving facts out could go wrong: a
derived figure that matches, a share, a rate change, a count, a name inside a generic one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FACTS, generator
from loanfacts.check import from_index, generic, textnames, verdicts
from loanfacts.check.generic import Narrowed
from loanfacts.cli import app
from loanfacts.index import Index, open_index
from loanfacts.model import store
from loanfacts.text.normalize import simplified
from loanfacts.text.words import NameFinder

BENCHMARK = "High-tech loans reached 1,610.12 billion yuan by June 30, up 14.99%"
#: sentence -> whether the narrowing leaves facts out for it (None: either way)
SENTENCES: dict[str, bool | None] = {
    BENCHMARK: True,
    # a derived figure (the level a year earlier) of a numbered copy, named among generic ones
    "A year earlier, high-tech industry loans 1 stood at 1,400.23 billion yuan": True,
    "High-tech industry loans 2 rose 14.99% to 1,610.12 billion yuan": True,
    "高技术产业贷款余额1610.12亿元，同比增长14.99%": True,
    "Exports rose 7.5% in the first half, while high-tech loans grew 14.99%": True,
    "High-tech loans grew 14.99% and clean energy loans reached 1,853.54 billion yuan": True,
    # a prior-year level of another region's figure, beside a generic name
    "China's clean energy loans stood at 6.8 trillion yuan a year earlier, "
    "and high-tech loans grew 14.99%": None,
    # a share of all loans: the region's total is named, so every balance stays
    "Clean energy loans were 18.5% of all loans in Henan": None,
    "Long-term loans were 39.6% of manufacturing loans, while high-tech loans grew 14.99%": None,
    # a rate change
    "The rate on new manufacturing loans fell 0.64 percentage points, "
    "and high-tech loans rose 14.99%": None,
    "Henan's manufacturing loans stood at 9,000 billion yuan at the end of June, up 13.43%": None,
    "China's high-tech enterprise loans rose 11.2% to 16.02 trillion yuan, "
    "while high-tech loans reached 1,610.12 billion yuan": None,
    # a subject's name less its region's words, which no vocabulary holds: the topics the
    # generic names would bring in that may carry it are kept
    "High-tech enterprise loans 7 rose 11.2% to 16.02 trillion yuan": None,
    "Manufacturing loans 7 rose 18.9% to 30 trillion yuan in China": None,
    # a hyphened alias ("clean-energy") is a name of two words to the matcher, generic too;
    # "china clean energy loans 3" less its place may stand in the text ("3" of "3%")
    "Clean energy loans grew 3% to 500 billion yuan": True,
    # a count's noun finds every count of it: nothing is left out
    "Supply chain credit of 38.32 billion yuan reached 141 clients, "
    "and high-tech loans grew 14.99%": False,
    # a derived topic's joining words in the text: nothing is left out
    "High-tech loans as a share of all loans were 17%": False,
}


def _copied(topics: set[str], copies: int) -> dict[str, Any]:
    """The bundled file with the facts of topics copied under numbered topics and ids (the
    copies' relations follow them), their aliases kept: those aliases become generic."""
    doc = json.loads(FACTS.read_text(encoding="utf-8"))
    facts = list(doc["facts"])
    for k in range(1, copies + 1):
        twins = {f["id"]: f"{f['id']}-{k}" for f in doc["facts"] if f["topic"] in topics}
        for fact in doc["facts"]:
            if fact["topic"] in topics:
                twin = {**fact, "id": twins[fact["id"]], "topic": f"{fact['topic']} {k}"}
                if fact.get("relations"):
                    twin["relations"] = {r: twins.get(v, v) for r, v in fact["relations"].items()}
                facts.append(twin)
    return {**doc, "facts": facts}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("prune")
    docs = {
        "copied": _copied({"high-tech industry loans", "clean energy loans"}, 3),
        "cloned": generator().cloned_doc(600, FACTS),
    }
    out = {}
    for name, doc in docs.items():
        out[name] = folder / f"{name}.json"
        out[name].write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


def _records(base: object, text: str) -> list[dict[str, object]]:
    return [dict(r) for r in verdicts.records(verdicts.check(base, text))]  # type: ignore[arg-type]


def _index(path: Path, cache: Path) -> Index:
    index = open_index(path, {"LOANFACTS_CACHE_DIR": str(cache), "LOANFACTS_CACHE_MIN_BYTES": "0"})
    assert index is not None
    return index


def test_narrowed_check_is_check_of_the_file(files: dict[str, Path], cache_env: Path) -> None:
    """Every sentence, both files: the same records as from the whole file; the sentences
    marked so leave facts out on the file with copies (not vacuous), the others keep them."""
    for name, path in files.items():
        index = _index(path, cache_env)
        whole = store.load(path)
        for text, pruned in SENTENCES.items():
            narrowed = from_index.narrow_index(index, text)
            assert _records(narrowed, text) == _records(whole, text), (name, text)
            left_out = isinstance(narrowed, Narrowed) and bool(narrowed.generic)
            if name == "copied" and pruned is not None:
                assert left_out is pruned, text
            if left_out:
                assert len(narrowed.facts) < len(whole.facts), text


def test_a_derived_figure_is_found_without_the_generic_facts(
    files: dict[str, Path], cache_env: Path
) -> None:
    text = "A year earlier, high-tech industry loans 1 stood at 1,400.23 billion yuan"
    narrowed = from_index.narrow_index(_index(files["copied"], cache_env), text)
    assert isinstance(narrowed, Narrowed)
    assert "high tech" in narrowed.generic  # the alias, found by its words
    figure = _records(narrowed, text)[-1]
    assert (figure["verdict"], figure["fact"]) == (
        "supported",
        "high-tech-loans-balance-1.prior-year-balance",
    )


def test_a_subject_named_without_its_region_keeps_its_facts(
    files: dict[str, Path], cache_env: Path
) -> None:
    """ "high-tech enterprise loans 7" is no word of the vocabulary, but `check` names the
    topic "China high-tech enterprise loans 7" so: its facts stay, though the names the text
    holds are generic."""
    text = "High-tech enterprise loans 7 rose 11.2% to 16.02 trillion yuan"
    narrowed = from_index.narrow_index(_index(files["cloned"], cache_env), text)
    assert isinstance(narrowed, Narrowed)
    assert "high-tech enterprise loans" in narrowed.generic
    ids = {f.id for f in narrowed.facts}
    assert "ref-china-high-tech-enterprise-loans-2024-yoy-7" in ids
    assert "ref-china-high-tech-enterprise-loans-2024-yoy-8" not in ids
    figure = _records(narrowed, text)[1]
    assert (figure["verdict"], figure["fact"]) == (
        "supported",
        "ref-china-high-tech-enterprise-loans-2024-yoy-7",
    )


def test_generic_only_when_several_topics_of_one_region_hold_the_name(
    files: dict[str, Path], cache_env: Path
) -> None:
    """high-tech: four topics of Henan; manufacturing: one topic a region."""
    index = _index(files["copied"], cache_env)
    found = generic.surely_generic(index, ["high-tech", "manufacturing", "clean energy"])
    assert found == {"high-tech", "clean energy"}


@pytest.mark.parametrize(
    "text",
    [
        BENCHMARK,
        "Loans to manufacturers rose; long-term manufacturing loans grew 8.35%",
        "河南省制造业贷款余额增长12.3%，高技术产业贷款同比增长14.99%",
        "High-tech, hi-tech and high tech industries — clean energy loans (China)",
    ],
)
def test_names_standing_in_a_text_are_what_the_finder_finds(
    files: dict[str, Path], cache_env: Path, text: str
) -> None:
    """NameFinder over the words `standing` notes finds what it finds over the whole
    vocabulary; every name found is among them."""
    index = _index(files["copied"], cache_env)
    vocabulary = frozenset(w for (w,) in index.con.execute("SELECT word FROM vocab"))
    read = simplified(text)
    present = textnames.standing(read, vocabulary)
    assert present <= vocabulary
    assert NameFinder(present).find(read) == NameFinder(vocabulary).find(read)
    assert from_index.named_in(read, vocabulary) == sorted(
        {n for _s, _e, n in NameFinder(vocabulary).find(read)}
    )


def test_check_through_the_index_prints_what_the_file_gives(
    files: dict[str, Path], cache_env: Path, runner: CliRunner
) -> None:
    args = ["check", "--facts", str(files["copied"]), BENCHMARK, "--json"]
    whole = runner.invoke(app, [*args, "--no-cache"])
    indexed = runner.invoke(app, args, env={"LOANFACTS_INDEX": "foreground"})
    assert whole.exit_code == indexed.exit_code == 1
    assert indexed.stdout == whole.stdout
    assert any(cache_env.iterdir())  # the index was built and used


@pytest.mark.parametrize("text", list(SENTENCES))
def test_the_sieve_passes_over_only_names_it_would_drop(
    files: dict[str, Path], cache_env: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """textnames._passed, the sieve's first look at a name, drops none the sieve keeps."""
    index = _index(files["cloned"], cache_env)
    vocabulary = frozenset(w for (w,) in index.con.execute("SELECT word FROM vocab"))
    got = verdicts.read_text(text)
    pieces = textnames.phrases_of(got)
    fast = textnames.sieve(got.text, pieces, vocabulary)
    monkeypatch.setattr(textnames, "_passed", lambda *_: False)
    assert fast == textnames.sieve(got.text, pieces, vocabulary)
