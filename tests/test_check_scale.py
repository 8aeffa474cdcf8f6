"""`check` at scale (issue 20): deriving only what a figure of the text can match changes no
verdict. Differential: every text of the published claims and of the check tests, checked
with every derivation and with the derivations `wanted`, gives the same (verdict, fact, note)
per figure. And the rules the filter stands on: what each derivation yields, its topic read
without computing, the place-word shortcut of the index's narrowing, the region-name test."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from loanfacts.analysis import derive
from loanfacts.analysis.derivations import LEVELS, PERCENT_RATE, REGISTRY, Pool
from loanfacts.check import targets
from loanfacts.check.from_index import FEW_KEYS, elsewhere
from loanfacts.check.verdicts import checker_for, read_text, wanted
from loanfacts.model import store
from loanfacts.model.store import FactBase
from loanfacts.recognize.figures import UnitKind
from loanfacts.recognize.regions import names_of, strip_places

TESTS = ROOT / "tests"
CLAIMS = TESTS / "data" / "claims" / "published.json"
#: test modules whose sentences the differential reads (string literals holding a digit)
SOURCES = ("test_check.py", "test_check_findings.py", "test_frames.py", "test_claims_published.py")


def _texts() -> list[str]:
    data = json.loads(CLAIMS.read_text(encoding="utf-8"))
    texts = [str(c["text"]) for c in data["claims"]]
    for name in SOURCES:
        tree = ast.parse((TESTS / name).read_text(encoding="utf-8"))
        texts += [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and len(node.value) >= 8
            and re.search(r"\d", node.value)
        ]
    return list(dict.fromkeys(texts))


@pytest.fixture(scope="module")
def bundled() -> FactBase:
    return store.load(ROOT / "facts.json")


def _judged(base: FactBase, text: str, filtered: bool) -> list[tuple[str, str | None, str]]:
    got = read_text(text)
    checker = checker_for(base, got) if filtered else checker_for(base)
    result = checker.check(text, got)
    return [(c.verdict.value, c.target.id if c.target else None, c.note) for c in result.checked]


def test_filtered_derive_gives_the_same_verdicts(bundled: FactBase) -> None:
    """Over ~290 texts: the same verdict, fact and note for every figure; and the filter does
    drop derivations (the test is not vacuous)."""
    texts = _texts()
    assert len(texts) > 250
    every = frozenset(d.name for d in REGISTRY)
    dropping = 0
    for text in texts:
        assert _judged(bundled, text, True) == _judged(bundled, text, False), text
        dropping += wanted(read_text(text), bundled.facts) != every
    assert dropping > len(texts) // 2


def test_a_dropped_derivations_name_in_the_text_runs_every_derivation(
    bundled: FactBase,
) -> None:
    """A remainder's topic ("... other than ...") named in a sentence whose figure is a
    balance: the remainder (of no measure) is not wanted, but its name stands in the text, so
    every derivation runs and the vocabulary is the whole one. A name too long to be found
    (more than text/words.MAX_NAME_WORDS words) changes nothing, and runs none."""
    pool = Pool.of(bundled.facts, bundled.reference_ids)
    full = {*checker_for(bundled).matcher.own}
    (topic,) = derive.topics(pool, {"remainder"})
    for named, runs_all in (
        (topic, True),
        ("Luoyang manufacturing loans as a share of manufacturing loans", False),
    ):
        assert named in derive.topics(pool, {"remainder", "share-of-whole"})
        text = f"{named} stood at 1,610.12 billion yuan by June 30, 2025."
        got = read_text(text)
        assert not {"remainder", "share-of-whole"} & wanted(got, bundled.facts)
        assert ({*checker_for(bundled, got).matcher.own} == full) is runs_all
        assert _judged(bundled, text, True) == _judged(bundled, text, False)


def _facts(tmp: Path, *records: dict[str, object]) -> FactBase:
    base = {
        "entity": "Henan banking sector",
        "region": "Henan",
        "description": "a figure for this test",
        "period": {"type": "instant", "date": "2025-06-30"},
    }
    raw = {
        "sources": [{"id": "r", "title": "a report"}],
        "facts": [{**base, **r} for r in records],
    }
    path = tmp / f"facts-{len(list(tmp.iterdir()))}.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return store.load(path)


def test_a_level_in_percent_is_wanted_for_a_percent_figure(tmp_path: Path) -> None:
    """The model lets a balance be in %: its prior-year level is then a percent, so a percent
    figure of no stated measure keeps the level derivations; without such a fact it does not."""
    text = "Some ratio stood at 4.5%."
    rate = {
        "id": "ratio-yoy",
        "topic": "ratio",
        "measure": "yoy_growth",
        "value": 12.5,
        "unit": "%",
        "source": {"document": "r", "text": "12.5%"},
        "relations": {"growth_of": "ratio"},
    }
    level = {
        "id": "ratio",
        "topic": "ratio",
        "measure": "balance",
        "value": 5,
        "unit": "%",
        "source": {"document": "r", "text": "5%"},
    }
    money = {**level, "unit": "yuan", "source": {"document": "r", "text": "5 yuan"}}
    in_percent = _facts(tmp_path, level, rate)
    assert "prior-year-balance" in wanted(read_text(text), in_percent.facts)
    assert "prior-year-balance" not in wanted(read_text(text), _facts(tmp_path, money, rate).facts)
    derived = derive.run(in_percent.facts).derived
    assert [targets.unit_kind(d.unit) for d in derived if d.derivation == "prior-year-balance"] == [
        UnitKind.PERCENT
    ]
    base = in_percent
    assert _judged(base, text, True) == _judged(base, text, False)


def test_each_derivation_yields_what_it_declares_and_its_topic(bundled: FactBase) -> None:
    """Every figure derived from the bundled facts: a percent where PERCENT_RATE is declared,
    else money, a count or the kind of an input level; and `Derivation.topic` of its inputs is
    the topic its compute step gave."""
    by_name = {d.name: d for d in REGISTRY}
    by_id = {f.id: f for f in bundled.facts}
    derived = derive.run(bundled.facts, bundled.reference_ids).derived
    assert {d.derivation for d in derived} >= {"share-of-whole", "prior-year-balance"}
    for item in derived:
        declared = by_name[item.derivation]
        inputs = tuple(by_id[i] for i in item.inputs)
        kind = targets.unit_kind(item.unit)
        if declared.yields == PERCENT_RATE:
            assert kind is UnitKind.PERCENT
        else:
            levels = {targets.unit_kind(f.unit) for f in inputs if f.measure in LEVELS}
            assert kind in {UnitKind.MONEY, UnitKind.COUNT} | levels
        assert declared.topic(inputs) == item.topic


# --- the index's narrowing: every region's name of a subject --------------------------------


def _elsewhere_before(words: set[str], keys: set[str]) -> set[str]:
    """from_index's rule as it was written (each word against each key)."""
    return {w for w in words if any(k in w for k in keys) and strip_places(w) in keys}


_PLACE_WORDS = [w for r in ("China", "Henan", "Luoyang", "Shandong") for w in names_of(r)]
_WORD = st.sampled_from(
    [*_PLACE_WORDS, "manufacturing", "loans", "s", "'s", "all", "2", "-", "high-tech", "贷款"]
)
_NAME = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.sets(_NAME, max_size=12), st.sets(_NAME, max_size=6))
def test_elsewhere_is_the_rule_it_replaces(words: set[str], names: set[str]) -> None:
    """Both ways of `elsewhere`: a few keys, and many (the keys padded past FEW_KEYS with
    names no word holds)."""
    keys = {strip_places(n) for n in names} | names
    keys.discard("")
    padding = {f"nothing named {i}" for i in range(FEW_KEYS + 1)}
    assert elsewhere(words, keys) == _elsewhere_before(words, keys)
    assert elsewhere(words, keys | padding) == _elsewhere_before(words, keys | padding)


def test_elsewhere_finds_other_regions_names() -> None:
    keys = {"manufacturing loans"}
    words = {"china manufacturing loans", "china's manufacturing loans", "luoyang loans", "x"}
    assert elsewhere(words, keys) == {"china manufacturing loans", "china's manufacturing loans"}


def _region_named_before(name: str, regions: set[str]) -> bool:
    return any(
        (re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", name) if w.isascii() else w in name)
        for r in regions
        for w in names_of(r)
    )


@settings(max_examples=300, deadline=None)
@given(_NAME, st.sets(st.sampled_from(["China", "Henan", "Luoyang", "Shandong", "Nowhere"])))
def test_region_test_is_the_rule_it_replaces(name: str, regions: set[str]) -> None:
    assert targets._region_test(frozenset(regions))(name) == _region_named_before(name, regions)
