"""Derivations against values computed by hand, and bounds that always hold the truth."""

from __future__ import annotations

from decimal import Context, Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loanfacts import derive
from loanfacts.bounds import fact_interval
from loanfacts.models import Fact, Qualifier
from loanfacts.store import FactBase

D = Decimal


def by_id(base: FactBase) -> dict[str, derive.Derived]:
    return {d.id: d for d in derive.run(base.facts).derived}


def close(value: Decimal, expected: str, places: int = 4) -> bool:
    return abs(value - D(expected)) < D(1).scaleb(-places)


@pytest.mark.parametrize(("fid", "value", "lower", "upper"), [
    # 9000 / 1.1343; lower 9000 / 1.13435; "exceeded" leaves the top open
    ("manufacturing-loans-balance.prior-year-balance", "7934.4089", "7934.0592", None),
    # 3563.91 / 1.0835; 3563.905 / 1.08355; 3563.915 / 1.08345
    ("manufacturing-long-term-loans-balance.prior-year-balance", "3289.2570", "3289.1006",
     "3289.4134"),
    # 1610.12 / 1.1499
    ("high-tech-loans-balance.prior-year-balance", "1400.2261", "1400.1609", "1400.2913"),
    # 9000 * 13.43 / 113.43
    ("manufacturing-loans-balance.yoy-increase", "1065.5911", "1065.2413", None),
    # 13.43 - 6.46; 13.425 - 6.465; 13.435 - 6.455
    ("manufacturing-loans-yoy.implied-baseline-rate", "6.97", "6.96", "6.98"),
    # 3563.91 / 9000 * 100; the whole is a floor, so the share is a ceiling
    ("manufacturing-long-term-loans-balance.share-of-whole", "39.5990", "0", "39.5991"),
    # (3563.91 / 1.0835) / (9000 / 1.1343) * 100
    ("manufacturing-long-term-loans-balance.prior-year-share", "41.4556", "0", "41.4594"),
    # 38.32e9 / 141 yuan, shown in millions
    ("pulink-credit-amount.average-per-unit", "271.7730", "271.7376", "271.8085"),
])
def test_hand_computed(base: FactBase, fid: str, value: str, lower: str,
                       upper: str | None) -> None:
    item = by_id(base)[fid]
    assert close(item.point, value)
    assert item.bounds.lower is not None and close(item.bounds.lower, lower)
    if upper is None:
        assert item.bounds.upper is None
    else:
        assert item.bounds.upper is not None and close(item.bounds.upper, upper)


def test_qualifiers_follow_inputs(base: FactBase) -> None:
    """From a lower bound comes a lower bound; a share of a floor is a ceiling."""
    items = by_id(base)
    assert items["manufacturing-loans-balance.prior-year-balance"].qualifier is \
        Qualifier.LOWER_BOUND
    assert items["manufacturing-long-term-loans-balance.prior-year-balance"].qualifier is \
        Qualifier.EXACT
    assert items["manufacturing-long-term-loans-balance.share-of-whole"].qualifier is \
        Qualifier.UPPER_BOUND


def test_units_and_periods(base: FactBase) -> None:
    items = by_id(base)
    prior = items["manufacturing-loans-balance.prior-year-balance"]
    assert prior.unit_label == "billion yuan"
    assert prior.period is not None and prior.period.label() == "2024-06-30"
    assert items["pulink-credit-amount.average-per-unit"].unit_label == \
        "million yuan per client"
    assert items["manufacturing-loans-balance.prior-year-balance"].inputs == (
        "manufacturing-loans-balance", "manufacturing-loans-yoy")


def test_driven_by_relations_not_ids(base: FactBase) -> None:
    """Renamed ids get the same derivations: nothing is wired to the report's ids."""
    renamed = []
    for fact in base.facts:
        data: dict[str, Any] = fact.model_dump()
        data["id"] = "z-" + fact.id
        data["relations"] = {k: "z-" + v for k, v in fact.relations.items()}
        renamed.append(Fact.model_validate(data))
    assert len(derive.run(renamed).derived) == len(derive.run(base.facts).derived)


def level_and_rate(value: Decimal, rate: Decimal, qualifier: str = "exact") -> list[Fact]:
    common = {"topic": "t", "entity": "e", "description": "d",
              "period": {"type": "instant", "date": "2025-06-30"}}
    return [
        Fact.model_validate({**common, "id": "b", "measure": "balance", "value": value,
                             "unit": "yuan", "scale": "billion", "qualifier": qualifier,
                             "source": {"document": "doc", "text": f"{value}"}}),
        Fact.model_validate({**common, "id": "g", "measure": "yoy_growth", "value": rate,
                             "unit": "%", "relations": {"growth_of": "b"},
                             "source": {"document": "doc", "text": f"{rate}%"}}),
    ]


@pytest.mark.parametrize("rate", ["-100", "-150.5"])
def test_rate_at_or_below_minus_100_is_skipped(rate: str) -> None:
    result = derive.run(level_and_rate(D("50.0"), D(rate)))
    assert result.derived == []
    assert {s.derivation for s in result.skipped} == {"prior-year-balance", "yoy-increase"}
    assert "no positive prior-year level" in result.skipped[0].reason


two_places = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
rates = st.decimals(min_value=D("-90"), max_value=D("500"), places=2)


@settings(max_examples=200, deadline=None)
@given(value=two_places, rate=rates, du=st.floats(-0.5, 0.5), dg=st.floats(-0.5, 0.5))
def test_true_inputs_give_values_inside_bounds(value: Decimal, rate: Decimal, du: float,
                                               dg: float) -> None:
    """Any true value a printed figure allows yields a derived value inside the bounds."""
    facts = level_and_rate(value, rate)
    true_value = value + D(str(du)) / 100
    true_rate = rate + D(str(dg)) / 100
    assert fact_interval(facts[0]).contains(true_value)
    result = {d.derivation: d for d in derive.run(facts).derived}
    with localcontext(Context(prec=80)):
        prior = true_value / (1 + true_rate / 100)
        increase = true_value - prior
    assert result["prior-year-balance"].bounds.contains(prior)
    assert result["yoy-increase"].bounds.contains(increase)


@settings(max_examples=100, deadline=None)
@given(value=two_places, rate=rates, excess=st.decimals(min_value=0, max_value=1000, places=3))
def test_lower_bound_inputs_give_lower_bounds(value: Decimal, rate: Decimal,
                                              excess: Decimal) -> None:
    """"Exceeded X": any true value above X gives a prior level above the derived floor."""
    facts = level_and_rate(value, rate, qualifier="lower_bound")
    prior = derive.run(facts).derived[0]
    assert prior.bounds.upper is None
    assert prior.bounds.contains((value + excess) / (1 + rate / 100))
