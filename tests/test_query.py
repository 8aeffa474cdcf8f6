"""Matching and ranking for show, list and search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from loanfacts.lookup import query, search, suggest
from loanfacts.model.models import Fact, Measure
from loanfacts.model.store import FactBase


def ids(facts: Sequence[Fact]) -> list[str]:
    return [f.id for f in facts]


def test_show_balance_first_with_its_rates(base: FactBase) -> None:
    """The topic named outright comes first, a balance before its rates."""
    found = ids(query.show(base.facts, "Manufacturing"))
    assert found[:3] == [
        "manufacturing-loans-balance",
        "manufacturing-loans-yoy",
        "manufacturing-loans-growth-gap",
    ]
    assert "manufacturing-long-term-loans-balance" in found


def test_show_chinese_and_alias(base: FactBase) -> None:
    # the Chinese name reaches what the English one does: Henan's figures, then the national
    # reference figures whose topic holds the words
    assert ids(query.show(base.facts, "高技术产业")) == [
        "high-tech-loans-balance",
        "high-tech-loans-yoy",
        "ref-china-high-tech-enterprise-loans-2024",
        "ref-china-high-tech-enterprise-loans-2024-yoy",
    ]
    assert ids(query.show(base.facts, "hi-tech")) == ids(query.show(base.facts, "high-tech"))


def test_show_by_id(base: FactBase) -> None:
    assert ids(query.show(base.facts, "clean-energy-loans-balance")) == [
        "clean-energy-loans-balance"
    ]


def test_show_nothing(base: FactBase) -> None:
    assert query.show(base.facts, "bananas") == []
    assert query.show(base.facts, "  ") == []


def test_did_you_mean(base: FactBase) -> None:
    assert "manufacturing" in suggest.suggestions(base.facts, "manufacturng")


def test_search_ranks_and_requires_every_word(base: FactBase) -> None:
    hits = search.search(base.facts, "supply chain")
    assert ids([h.fact for h in hits]) == ["pulink-credit-amount", "pulink-clients-count"]
    assert search.search(base.facts, "supply bananas") == []


def test_search_finds_programmes(base: FactBase) -> None:
    """The action plan, the industry cluster and the visit campaign are findable by name."""
    assert "tech-finance-initiatives-count" in ids(
        [h.fact for h in search.search(base.facts, "action plan")]
    )
    assert "tech-finance-initiatives-count" in ids(
        [h.fact for h in search.search(base.facts, "7+28+N")]
    )
    assert ids([h.fact for h in search.search(base.facts, "general manager")]) == [
        "enterprise-visits-count",
        "cooperation-intentions-amount",
    ]


def test_search_printed_text(base: FactBase) -> None:
    assert ids([h.fact for h in search.search(base.facts, "3,563.91")]) == [
        "manufacturing-long-term-loans-balance"
    ]


def test_list_filters(base: FactBase) -> None:
    rates = query.list_facts(
        base.facts,
        query.Filters(measure=Measure.YOY_GROWTH, source="henan-manufacturing-loans-2025"),
    )
    assert ids(rates) == [
        "manufacturing-loans-yoy",
        "manufacturing-long-term-loans-yoy",
        "new-manufacturing-loans-yoy",
        "high-tech-loans-yoy",
    ]
    may30 = query.list_facts(base.facts, query.Filters(on=date(2025, 5, 30)))
    assert ids(may30) == [
        "new-manufacturing-loans-yoy",
        "new-manufacturing-loans-rate-change",
        "fee-cut-savings-amount",
        "clean-energy-loans-balance",
    ]
    pufa = query.list_facts(base.facts, query.Filters(entity="pufa"))
    assert ids(pufa) == ["pulink-credit-amount", "pulink-clients-count"]


def test_list_sort_by_date(base: FactBase) -> None:
    ordered = query.list_facts(base.facts, query.Filters(), "date")
    ends = [f.period.end for f in ordered if f.period]
    assert ends == sorted(ends)
    assert ordered[-1].period is None


def test_repeated_words_are_merged_and_the_work_bounded(
    base: FactBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word said 7,300 times is one word: the same hits and scores as saying it once, and
    each fact is scored once for it (it took 114 s on 5,000 facts); a fact stops being
    scored at the first word it misses."""
    once = [(h.fact.id, h.score) for h in search.search(base.facts, "loans")]
    calls = 0
    real = search._term_score

    def counted(texts: dict[str, list[str]], raw: dict[str, str], term: str) -> int:
        nonlocal calls
        calls += 1
        return real(texts, raw, term)

    monkeypatch.setattr(search, "_term_score", counted)
    repeated = [(h.fact.id, h.score) for h in search.search(base.facts, "loans " * 7300)]
    assert repeated == once
    assert calls == len(base.facts)
    calls = 0
    search.search(base.facts, "zz " + " ".join(f"w{n}" for n in range(7300)))
    assert calls == len(base.facts)  # "zz" misses everywhere: no other word is scored
    assert search.search_terms("Loans loans LOANS balance") == ["loans", "balance"]
