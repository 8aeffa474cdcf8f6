"""Look-ups as people type them (issue 12, items 1-6): several words without quotes, word
forms, measure words, questions, bare numbers, and a useful answer when nothing matches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.lookup import query, search
from loanfacts.model.models import Measure
from loanfacts.model.store import FactBase
from loanfacts.text.words import is_cjk


def run(runner: CliRunner, *args: str) -> tuple[int, Any, str]:
    """Exit status, the JSON printed (None when none) and stderr."""
    result = runner.invoke(app, list(args))
    out = json.loads(result.stdout) if result.stdout.startswith(("[", "{")) else None
    return result.exit_code, out, result.stderr


def ids(runner: CliRunner, *args: str) -> list[str]:
    _, out, err = run(runner, *args, "--json")
    assert out is not None, err
    return [r["id"] for r in out]


# --- 1. several words without quotes --------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # the topic named outright first, then the national reference figures whose topic holds
        # the words (in a table of their own)
        (
            ["clean", "energy"],
            [
                "clean-energy-loans-balance",
                "ref-china-clean-energy-loans-2024",
                "ref-china-clean-energy-loans-2024-yoy",
            ],
        ),
        (
            ["interest", "rate"],
            ["new-manufacturing-loans-yoy", "new-manufacturing-loans-rate-change"],
        ),
        (
            ["all", "loans"],
            [
                "manufacturing-loans-growth-gap",
                "ref-henan-all-loans-2024",
                "ref-henan-all-loans-2020",
                "ref-henan-all-loans-2024-yoy",
                "ref-henan-all-loans-2020-yoy",
                "ref-china-all-loans-2024",
                "ref-china-all-loans-2024-yoy",
            ],
        ),
    ],
)
def test_show_takes_several_words(runner: CliRunner, words: list[str], expected: list[str]) -> None:
    assert ids(runner, "show", *words) == expected
    assert ids(runner, "show", " ".join(words)) == expected


def test_derive_takes_several_words(runner: CliRunner) -> None:
    code, out, _ = run(runner, "derive", "long", "term", "prior", "year", "--json")
    assert code == 0
    assert [d["id"] for d in out["derived"]] == [
        "manufacturing-long-term-loans-balance.prior-year-balance",
        "manufacturing-long-term-loans-balance.prior-year-share",
        "manufacturing-long-term-loans-balance.prior-year-remainder",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["clean", "energy", "high-tech"],
        ["clean energy", "high-tech"],
        ["clean", "energy", "vs", "high", "tech"],
        ["clean energy", "versus", "hi-tech"],
    ],
)
def test_compare_tells_its_sides_apart(runner: CliRunner, args: list[str]) -> None:
    code, out, err = run(runner, "compare", *args, "--json")
    assert code == 0, err
    assert [s["ids"] for s in out["sides"]] == [
        ["clean-energy-loans-balance"],
        ["high-tech-loans-balance", "high-tech-loans-yoy"],
    ]
    pair = out["pairs"][0]
    assert (pair["base"], pair["other"]) == (
        "clean-energy-loans-balance",
        "high-tech-loans-balance",
    )
    assert pair["difference"] == pytest.approx(1610.12 - 1853.54)


def test_compare_same_figures_warns_and_pairs_nothing(runner: CliRunner) -> None:
    code, out, _ = run(runner, "compare", "manufacturing", "制造业", "--json")
    assert code == 0
    assert out["pairs"] == []
    assert any("'manufacturing' and '制造业' are the same figure(s)" in w for w in out["warnings"])
    table = runner.invoke(app, ["compare", "manufacturing", "制造业"])
    assert "are the same figure(s)" in table.stderr


def test_compare_one_topic_is_no_comparison(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare", "clean", "energy"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "'clean energy' names one topic" in result.stderr


def test_compare_ambiguous_words_ask_for_vs(runner: CliRunner, tmp_path: Path) -> None:
    """`a b c` reads as `a b` vs `c` or as `a` vs `b c`: the tool asks rather than guess."""

    def fact(fid: str, topic: str) -> dict[str, Any]:
        return {
            "id": fid,
            "topic": topic,
            "measure": "balance",
            "entity": "e",
            "value": 1,
            "unit": "yuan",
            "description": "d",
            "source": {"document": "d", "text": "1"},
        }

    path = tmp_path / "facts.json"
    path.write_text(
        json.dumps(
            {
                "facts": [
                    fact("ab", "alpha beta"),
                    fact("c", "gamma"),
                    fact("a", "alpha"),
                    fact("bc", "beta gamma"),
                ]
            }
        )
    )
    result = runner.invoke(app, ["compare", "alpha", "beta", "gamma", "--facts", str(path)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "can be read as" in result.stderr and "'vs'" in result.stderr
    fixed = runner.invoke(
        app, ["compare", "alpha", "beta", "vs", "gamma", "--facts", str(path), "--json"]
    )
    assert [s["ids"] for s in json.loads(fixed.stdout)["sides"]] == [["ab"], ["c"]]


# --- 2. word forms, and Chinese names with the reach of English ones ----------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("visit", "visits"),
        ("client", "clients"),
        ("initiative", "initiatives"),
        ("loan", "loans"),
        ("制造业", "manufacturing"),
        ("hi tech", "high-tech"),
        ("year on year", "yoy"),
    ],
)
def test_word_forms_find_the_same(runner: CliRunner, one: str, other: str) -> None:
    assert ids(runner, "show", one) == ids(runner, "show", other)
    assert ids(runner, "show", one)


def test_reach_counts(runner: CliRunner) -> None:
    """The issue's counts: visit found the visits; loan and 制造业 reach as far as their
    English forms."""
    assert ids(runner, "show", "visit") == ["enterprise-visits-count"]
    assert len(ids(runner, "show", "loan")) == 27  # 21 before the national references
    assert len(ids(runner, "show", "制造业")) == 16


def test_every_name_of_a_topic_reaches_the_same(base: FactBase) -> None:
    """A topic named outright by any of its names (English or Chinese) shows the same."""
    lexicon = query.FileLexicon(base.facts)
    for topic in lexicon.names:
        texts = {t for f in base.facts if f.topic == topic for t in (f.topic, *f.aliases)}
        owned = [t for t in texts if lexicon.topics.get(query.name_phrase(t) or "") == {topic}]
        shown = {t: [f.id for f in query.show(base.facts, t)] for t in owned}
        assert len({tuple(v) for v in shown.values()}) == 1, (topic, shown)
        assert all(shown.values())


def test_fold() -> None:
    assert query.fold("visits") == query.fold("visit") == "visit"
    assert query.fold("industries") == query.fold("industry")
    assert query.fold("banking") == query.fold("banks")
    for same in ("制造业", "7+28+n", "high-tech", "3563.91", "café"):
        assert query.fold(same) == same


# --- 3. measure words select the measure across topics ---------------------------------------


def test_balance_gives_every_balance(runner: CliRunner, base: FactBase) -> None:
    balances = [f.id for f in base.facts if f.measure is Measure.BALANCE]
    assert sorted(ids(runner, "show", "balance")) == sorted(balances)
    assert len(balances) == 14
    assert ids(runner, "show", "余额") == ids(runner, "show", "balance")
    assert ids(runner, "show", "outstanding") == ids(runner, "show", "balance")


def test_growth_gives_every_growth_rate(runner: CliRunner, base: FactBase) -> None:
    rates = [f.id for f in base.facts if f.measure is Measure.YOY_GROWTH]
    assert sorted(ids(runner, "show", "growth")) == sorted(rates)
    assert len(rates) == 12
    assert ids(runner, "show", "同比") == ids(runner, "show", "growth")


def test_measure_word_with_a_topic(runner: CliRunner) -> None:
    assert ids(runner, "show", "high-tech", "growth") == [
        "high-tech-loans-yoy",
        "ref-china-high-tech-enterprise-loans-2024-yoy",
    ]
    assert ids(runner, "show", "高技术产业同比") == [
        "high-tech-loans-yoy",
        "ref-china-high-tech-enterprise-loans-2024-yoy",
    ]
    assert ids(runner, "show", "制造业余额")[:2] == [
        "manufacturing-loans-balance",
        "manufacturing-long-term-loans-balance",
    ]
    # an alias that holds a measure word stays a name: Shandong's "national share"
    assert ids(runner, "show", "national", "share") == [
        "ref-shandong-manufacturing-loans-2022",
        "ref-shandong-share-gap-2022",
        "ref-shandong-manufacturing-share-2022",
    ]


def test_measure_missing_is_said(runner: CliRunner) -> None:
    code, out, err = run(runner, "show", "supply", "chain", "growth", "--json")
    assert (code, out) == (1, [])
    assert err == (
        "loanfacts: no facts match 'supply chain growth': supply chain credit has "
        "no yoy growth figure (it has: amount, count)\n"
    )


# --- 4. questions, derived figures, bare numbers ----------------------------------------------


def test_questions_as_people_type_them(runner: CliRunner) -> None:
    assert ids(runner, "search", "how", "many", "bank", "visits") == ["enterprise-visits-count"]
    assert ids(runner, "search", "how", "many", "clients")[0] == "pulink-clients-count"
    assert ids(runner, "show", "how", "many", "clients") == ["pulink-clients-count"]
    assert ids(runner, "show", "how many bank visits") == ["enterprise-visits-count"]


@pytest.mark.parametrize("words", ["prior year", "last year", "per client", "a year earlier"])
def test_derived_words_point_to_derive(runner: CliRunner, words: str) -> None:
    code, out, err = run(runner, "show", words, "--json")
    assert (code, out) == (1, [])
    assert f"try: loanfacts derive {words}" in err
    code, derived, _ = run(runner, "derive", *words.split(), "--json")
    assert code == 0 and derived["derived"]


def test_derive_picks_derivations_by_their_words(runner: CliRunner) -> None:
    _, per, _ = run(runner, "derive", "per", "client", "--json")
    assert [d["id"] for d in per["derived"]] == [
        "pulink-credit-amount.average-per-unit",
        "pulink-credit-amount.average-per-unit.yi-reading",
    ]
    assert per["derived"][0]["title"] == "average per client"
    _, prior, _ = run(runner, "derive", "prior", "year", "--json")
    assert {d["derivation"] for d in prior["derived"]} == {
        "prior-year-balance",
        "prior-year-share",
        "prior-year-remainder",
    }
    assert len(prior["derived"]) == 15


@pytest.mark.parametrize(
    ("typed", "fid"),
    [
        ("3563.91", "manufacturing-long-term-loans-balance"),
        ("3,563.91", "manufacturing-long-term-loans-balance"),
        ("141", "pulink-clients-count"),
        ("9000", "manufacturing-loans-balance"),
        ("9,000", "manufacturing-loans-balance"),
        ("13.43%", "manufacturing-loans-yoy"),
        ("12316", "ref-henan-banking-institutions-2024"),
    ],
)
def test_bare_numbers(runner: CliRunner, typed: str, fid: str) -> None:
    assert fid in ids(runner, "show", typed)
    assert fid in ids(runner, "search", typed)


def test_search_stop_words_and_forms(base: FactBase) -> None:
    assert search.search_terms("how many bank visits?") == ["bank", "visits"]
    assert search.search_terms("the") == ["the"]
    hits = [h.fact.id for h in search.search(base.facts, "industries")]
    assert "high-tech-loans-balance" in hits  # its alias says "industries"; so does fold


# --- 5. "not found" help everywhere --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["search", "manufacturng"], "did you mean: manufacturing"),
        (
            ["search", "supply", "chian"],
            "no figure has the word(s) 'chian'; did you mean: china, chain",
        ),
        (["search", "supply", "luoyang"], "each word is found, but no figure has them all"),
        (["derive", "manufacturng"], "no facts match it; did you mean: manufacturing"),
        (
            ["list", "--topic", "manufacturng"],
            "no facts match --topic 'manufacturng'; did you mean: manufacturing",
        ),
        (["list", "--topic", "prior year"], "try: loanfacts derive prior year"),
        (
            ["show", "manufacturing", "--source", "nope"],
            "16 figure(s) match 'manufacturing', none from --source 'nope'",
        ),
        (
            ["show", "manufacturing", "--source", "henan-manufacturng-loans-2025"],
            "none from --source 'henan-manufacturng-loans-2025'",
        ),
        (
            ["show", "bananas", "--source", "henan-manufacturng-loans-2025"],
            "is no source document of this file; did you mean: henan-manufacturing-loans-2025",
        ),
        (["search", "loans", "--source", "nope"], "none from --source 'nope'"),
        (["list", "--source", "nope"], "--source 'nope' is no source document of this file"),
        (
            ["list", "--measure", "count", "--date", "2025-01-01"],
            "--measure 'count' match(es) 5 figure(s), and --date '2025-01-01' leaves none",
        ),
        (
            ["list", "--topic", "clean energy", "--measure", "count"],
            "--topic 'clean energy' match(es) 3 figure(s), and --measure 'count' leaves none",
        ),
        (["list", "--entity", "nobody"], "no facts match --entity 'nobody'"),
    ],
)
def test_nothing_found_says_why(runner: CliRunner, args: list[str], said: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and result.stdout == ""
    assert said in result.stderr
    assert result.stderr.count("\n") == 1
    assert "did you mean: manufacturing" not in result.stderr or "manufacturng" in " ".join(args)


def test_card_suggests_ids_only(runner: CliRunner, base: FactBase) -> None:
    result = runner.invoke(app, ["card", "manufacturng-loans-balance"])
    assert result.exit_code == 1
    hints = result.stderr.split("did you mean: ")[1].rstrip("?\n").split(", ")
    assert hints and set(hints) <= {f.id for f in base.facts}
    topic = runner.invoke(app, ["card", "manufacturing"])
    assert "card takes one fact's id, and 'manufacturing' names 16 figure(s)" in topic.stderr
    assert "manufacturing-loans-balance" in topic.stderr


# --- 6. money sorts by amount --------------------------------------------------------------


def test_sort_value_sorts_money_in_yuan(runner: CliRunner) -> None:
    """790.18 亿 (79 billion) first, 30 trillion last, whatever scale each is printed in."""
    assert ids(runner, "list", "--measure", "balance", "--sort", "value") == [
        "ref-luoyang-manufacturing-loans-2025",  # 790.18 亿    = 0.079 trillion
        "ref-shandong-manufacturing-loans-2022",  # 1.6 trillion
        "high-tech-loans-balance",  # 1,610.12 billion
        "clean-energy-loans-balance",  # 1,853.54 billion
        "manufacturing-long-term-loans-balance",  # 3,563.91 billion
        "ref-henan-all-loans-2020",  # 6.2 trillion
        "manufacturing-loans-balance",  # 9,000 billion
        "ref-china-clean-energy-loans-2024",  # 9.04 万亿   = 9.04 trillion
        "ref-henan-all-loans-2024",  # 9.38 trillion
        "ref-henan-deposits-2024",  # 11.67 trillion
        "ref-henan-banking-assets-2024",  # 14 trillion
        "ref-china-high-tech-enterprise-loans-2024",  # 16.02 万亿
        "ref-china-manufacturing-loans-2023",  # 30 trillion
        "ref-china-all-loans-2024",  # 255.32 万亿
    ]


# --- the shortcuts the index takes agree with the definitions ------------------------------

_slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,5}", fullmatch=True)
_names = st.text(st.sampled_from("abc xyz-为业 .,0129%of the balance growth per"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(slug=_slugs, names=st.lists(_names, max_size=4))
def test_fact_keys_is_phrase_of_every_key(base: FactBase, slug: str, names: list[str]) -> None:
    """query.fact_keys reads an id without the tokenizer: the same as phrase() of each key."""
    fact = base.facts[0].model_copy(update={"id": slug, "aliases": names})
    slow = "\x01".join(query.phrase(k) for k in query.keys(fact))
    assert query.fact_keys(fact) == slow


# measure and derivation words (some only in phrases), stop words, topic words, Chinese
_name_words = st.sampled_from(
    [
        "balance",
        "growth",
        "rate",
        "year",
        "on",
        "annual",
        "number",
        "of",
        "how",
        "many",
        "per",
        "share",
        "prior",
        "the",
        "a",
        "outstanding",
        "yoy",
        "gap",
        "amount",
        "count",
        "loans",
        "manufacturing",
        "high-tech",
        "17",
        "2380",
        "banks",
        "haves",
        "doing",
        "余额",
        "同比",
        "制造业",
        "制造业余额",
        "贷款增速",
    ]
)


@settings(max_examples=300, deadline=None)
@given(text=_names | st.lists(_name_words, max_size=6).map(" ".join))
def test_name_phrase_shortcut(text: str) -> None:
    """name_phrase skips parsing names without measure or derivation words, and names with
    a word parse keeps whatever stands around it; the same answer as parsing."""
    assert query.name_phrase(text) == (query.phrase(text) if query.parse(text).words else None)


@settings(max_examples=300, deadline=None)
@given(text=_names | st.lists(_name_words, max_size=6).map(" ".join))
def test_kept_by_parse_reads_the_phrase(text: str) -> None:
    """_kept_by_parse reads the folded words of phrase() for the text's own words: the same
    answer as reading every word of the text, stop words (alone, or folded alike) included."""
    spoken = query._spoken()
    by_words = any(
        w not in query.STOP_WORDS and not is_cjk(w) and query.fold(w) not in spoken
        for w in query.name_tokens(text)
    )
    assert query._kept_by_parse(text, query.phrase(text).split()) == by_words
