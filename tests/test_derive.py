"""Derivations against values computed by hand, and bounds that always hold the truth."""

from __future__ import annotations

import csv
import io
import json
from decimal import Context, Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from loanfacts.analysis import audit, derive
from loanfacts.analysis.bounds import fact_interval
from loanfacts.cli import app
from loanfacts.model.models import Fact, Qualifier
from loanfacts.model.store import FactBase

D = Decimal


def by_id(base: FactBase) -> dict[str, derive.Derived]:
    result = derive.run(base.facts, base.reference_ids, findings=audit.run(base))
    return {d.id: d for d in result.derived}


def close(value: Decimal, expected: str, places: int = 4) -> bool:
    return abs(value - D(expected)) < D(1).scaleb(-places)


@pytest.mark.parametrize(
    ("fid", "value", "lower", "upper"),
    [
        # 9000 / 1.1343; lower 9000 / 1.13435; "exceeded" leaves the top open
        ("manufacturing-loans-balance.prior-year-balance", "7934.4089", "7934.0592", None),
        # 3563.91 / 1.0835; 3563.905 / 1.08355; 3563.915 / 1.08345
        (
            "manufacturing-long-term-loans-balance.prior-year-balance",
            "3289.2570",
            "3289.1006",
            "3289.4134",
        ),
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
        # under the 亿 reading: 38.32e8 / 141 = 27.18 million yuan per client
        ("pulink-credit-amount.average-per-unit.yi-reading", "27.1773", "27.1737", "27.1809"),
        # Henan's loans of all kinds at June 2025: 9.38 * 1.0697; 9.375 * 1.0696; 9.385 * 1.0698
        ("ref-henan-all-loans-2024.grown-total", "10.033786", "10.0275", "10.040073"),
        # each report balance over that total: 9,000 / 10,033.786; the floor 9,000 / 10,040.073
        ("manufacturing-loans-balance.share-of-all-loans", "89.6969", "89.6407", None),
        ("manufacturing-loans-balance.share-of-all-loans.yi-reading", "8.9697", "8.9640", None),
        # 3,563.91 / 10,033.786; 3,563.905 / 10,040.073; 3,563.915 / 10,027.5
        (
            "manufacturing-long-term-loans-balance.share-of-all-loans",
            "35.5191",
            "35.4968",
            "35.5414",
        ),
        (
            "manufacturing-long-term-loans-balance.share-of-all-loans.yi-reading",
            "3.5519",
            "3.5496",
            "3.5542",
        ),
        ("high-tech-loans-balance.share-of-all-loans", "16.0470", "16.0368", "16.0571"),
        ("high-tech-loans-balance.share-of-all-loans.yi-reading", "1.6047", "1.6036", "1.6058"),
        ("clean-energy-loans-balance.share-of-all-loans", "18.4730", "18.4613", "18.4847"),
        ("clean-energy-loans-balance.share-of-all-loans.yi-reading", "1.8473", "1.8461", "1.8485"),
        # manufacturing other than long-term: 9,000 - 3,563.91, a floor (9,000 - 3,563.915)
        ("manufacturing-long-term-loans-balance.remainder", "5436.09", "5436.085", None),
        # a year earlier: 9,000 / 1.1343 - 3,563.91 / 1.0835; floor 9,000 / 1.13435 - 3,563.915
        # / 1.08345
        (
            "manufacturing-long-term-loans-balance.prior-year-remainder",
            "4645.1518",
            "4644.6457",
            None,
        ),
        # its growth: 5,436.09 / 4,645.1518 - 1 = 17.03%, a ceiling (x = 3,563.915 / 9,000,
        # ((1 - x) / (1 / 1.13435 - x / 1.08345) - 1) * 100 = 17.0398); at least the whole's own
        # 13.425%, which a larger whole approaches
        ("manufacturing-long-term-loans-balance.remainder-growth", "17.0272", "13.4250", "17.0399"),
        # Luoyang's share of Henan's manufacturing loans: 79.018 / 9,000, a ceiling; 亿: 790.18
        ("ref-luoyang-manufacturing-loans-2025.share-of-whole", "0.8780", "0", "0.8780"),
        ("ref-luoyang-manufacturing-loans-2025.share-of-whole.yi-reading", "8.7798", "0", "8.7799"),
        # 9.43 million visits over 2.097 million legal-person units; 9.425 / 2.0975; 9.435 / 2.0965
        ("enterprise-visits-count.average-per-unit", "4.4969", "4.4934", "4.5004"),
    ],
)
def test_hand_computed(base: FactBase, fid: str, value: str, lower: str, upper: str | None) -> None:
    item = by_id(base)[fid]
    assert close(item.point, value)
    assert item.bounds.lower is not None and close(item.bounds.lower, lower)
    if upper is None:
        assert item.bounds.upper is None
    else:
        assert item.bounds.upper is not None and close(item.bounds.upper, upper)


def test_findings_travel_with_derived_figures(base: FactBase) -> None:
    """The prior-year manufacturing balance carries its input's findings; a figure derived
    from unflagged inputs carries none; without the audit, nothing travels."""
    items = by_id(base)
    prior = items["manufacturing-loans-balance.prior-year-balance"]
    assert {(f.rule, f.input) for f in prior.findings} == {
        ("billion-may-be-yi", "manufacturing-loans-balance"),
        ("scale-implausible", "manufacturing-loans-balance"),
        ("share-vs-output", "manufacturing-loans-balance"),
    }
    assert all(f.message and f.severity == "warning" for f in prior.findings)
    assert items["manufacturing-loans-yoy.implied-baseline-rate"].findings == ()
    plain = {d.id: d for d in derive.run(base.facts).derived}
    assert plain["manufacturing-loans-balance.prior-year-balance"].findings == ()
    assert "manufacturing-loans-balance.share-of-all-loans.yi-reading" not in plain


def test_yi_reading_only_where_it_changes_a_join(base: FactBase) -> None:
    """Within the doubted figures alone (long-term over all manufacturing) the 亿 reading
    changes nothing, so none is given; beside another source's figure it is."""
    items = by_id(base)
    assert "manufacturing-long-term-loans-balance.share-of-whole.yi-reading" not in items
    assert "manufacturing-loans-balance.prior-year-balance.yi-reading" not in items
    luoyang = items["ref-luoyang-manufacturing-loans-2025.share-of-whole.yi-reading"]
    assert luoyang.reading == derive.YI_READING and luoyang.title.endswith("read as 亿")
    assert "manufacturing-loans-balance in 亿" in luoyang.formula


def test_share_of_all_loans_says_how_the_total_was_grown(base: FactBase) -> None:
    items = by_id(base)
    share = items["manufacturing-loans-balance.share-of-all-loans"]
    assert share.inputs == (
        "manufacturing-loans-balance",
        "ref-henan-all-loans-2024",
        "manufacturing-loans-yoy",
        "manufacturing-loans-growth-gap",
    )
    assert share.formula == "balance / (total * (1 + (rate - gap) / 100)) * 100"
    assert share.warnings == ("ref-henan-all-loans-2024 is dated 2024-06-30; grown to 2025-06-30",)
    clean = items["clean-energy-loans-balance.share-of-all-loans"]
    assert (
        "clean-energy-loans-balance is dated 2025-05-30 but the total stands for "
        "2025-06-30" in clean.warnings
    )
    grown = items["ref-henan-all-loans-2024.grown-total"]
    assert grown.unit_label == "trillion yuan"
    assert grown.period is not None and grown.period.label() == "2025-06-30"
    # only balances of the report: the reference deposits are no loans
    assert "ref-henan-deposits-2024.share-of-all-loans" not in items


def test_qualifiers_follow_inputs(base: FactBase) -> None:
    """From a lower bound comes a lower bound; a share of a floor is a ceiling."""
    items = by_id(base)
    assert (
        items["manufacturing-loans-balance.prior-year-balance"].qualifier is Qualifier.LOWER_BOUND
    )
    assert (
        items["manufacturing-long-term-loans-balance.prior-year-balance"].qualifier
        is Qualifier.EXACT
    )
    assert (
        items["manufacturing-long-term-loans-balance.share-of-whole"].qualifier
        is Qualifier.UPPER_BOUND
    )


def test_units_and_periods(base: FactBase) -> None:
    items = by_id(base)
    prior = items["manufacturing-loans-balance.prior-year-balance"]
    assert prior.unit_label == "billion yuan"
    assert prior.period is not None and prior.period.label() == "2024-06-30"
    assert items["pulink-credit-amount.average-per-unit"].unit_label == "million yuan per client"
    assert items["manufacturing-loans-balance.prior-year-balance"].inputs == (
        "manufacturing-loans-balance",
        "manufacturing-loans-yoy",
    )


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
    common = {
        "topic": "t",
        "entity": "e",
        "description": "d",
        "period": {"type": "instant", "date": "2025-06-30"},
    }
    return [
        Fact.model_validate(
            {
                **common,
                "id": "b",
                "measure": "balance",
                "value": value,
                "unit": "yuan",
                "scale": "billion",
                "qualifier": qualifier,
                "source": {"document": "doc", "text": f"{value}"},
            }
        ),
        Fact.model_validate(
            {
                **common,
                "id": "g",
                "measure": "yoy_growth",
                "value": rate,
                "unit": "%",
                "relations": {"growth_of": "b"},
                "source": {"document": "doc", "text": f"{rate}%"},
            }
        ),
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
def test_true_inputs_give_values_inside_bounds(
    value: Decimal, rate: Decimal, du: float, dg: float
) -> None:
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
def test_lower_bound_inputs_give_lower_bounds(
    value: Decimal, rate: Decimal, excess: Decimal
) -> None:
    """ "Exceeded X": any true value above X gives a prior level above the derived floor."""
    facts = level_and_rate(value, rate, qualifier="lower_bound")
    prior = derive.run(facts).derived[0]
    assert prior.bounds.upper is None
    assert prior.bounds.contains((value + excess) / (1 + rate / 100))


def test_findings_travel_in_every_format(runner: CliRunner) -> None:
    """JSON, CSV, Markdown and the table all carry the findings of a derived figure's input."""
    prior = "manufacturing-loans-balance.prior-year-balance"
    payload = json.loads(runner.invoke(app, ["derive", "--json"]).stdout)
    record = next(d for d in payload["derived"] if d["id"] == prior)
    assert {f["rule"] for f in record["findings"]} == {
        "billion-may-be-yi",
        "scale-implausible",
        "share-vs-output",
    }
    assert {f["input"] for f in record["findings"]} == {"manufacturing-loans-balance"}
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["derive", "-f", "csv"]).stdout)))
    row = next(r for r in rows if r["id"] == prior)
    assert (
        "scale-implausible (manufacturing-loans-balance, strong): manufacturing-loans-balance "
        "(more than 9,000 billion yuan" in row["findings"]
    )
    assert (
        next(r for r in rows if r["id"] == "manufacturing-loans-yoy.implied-baseline-rate")[
            "findings"
        ]
        == ""
    )
    markdown = runner.invoke(app, ["derive", "manufacturing", "-f", "markdown"]).stdout
    line = next(x for x in markdown.splitlines() if x.startswith(f"| {prior} |"))
    assert line.rstrip().endswith(
        "⚑ manufacturing-loans-balance: billion-may-be-yi (strong), scale-implausible (strong), "
        "share-vs-output (indicative) |"
    )
    table = " ".join(runner.invoke(app, ["derive", "manufacturing"]).stdout.split())
    assert (
        "⚑ manufacturing-loans-balance: billion-may-be-yi (strong), scale-implausible "
        "(strong), share-vs-output (indicative)" in table
    )
    assert "an input of the figure has audit findings" in table


def test_card_derivations_carry_findings(runner: CliRunner) -> None:
    """The card of a rate lists what is derived from it with the findings of the other input."""
    payload = json.loads(runner.invoke(app, ["card", "manufacturing-loans-yoy", "--json"]).stdout)
    prior = next(
        d
        for d in payload["derivations"]
        if d["id"] == "manufacturing-loans-balance.prior-year-balance"
    )
    assert {f["rule"] for f in prior["findings"]} >= {"scale-implausible"}
    table = " ".join(runner.invoke(app, ["card", "manufacturing-loans-yoy"]).stdout.split())
    assert "⚑ manufacturing-loans-balance: billion-may-be-yi" in table
    markdown = runner.invoke(app, ["card", "manufacturing-loans-yoy", "-f", "markdown"]).stdout
    assert (
        "manufacturing-loans-balance.prior-year-balance (at least 7,934.05 billion yuan; "
        "⚑ manufacturing-loans-balance: billion-may-be-yi" in markdown
    )


def whole_and_part(
    whole: Decimal, part: Decimal, g_whole: Decimal, g_part: Decimal, qualifier: str
) -> list[Fact]:
    common = {
        "entity": "e",
        "description": "d",
        "period": {"type": "instant", "date": "2025-06-30"},
        "source": {"document": "doc", "text": "x"},
    }

    def fact(fid: str, topic: str, **rest: Any) -> Fact:
        data = {**common, "id": fid, "topic": topic, **rest}
        data["source"] = {"document": "doc", "text": f"{rest['value']}"}
        return Fact.model_validate(data)

    return [
        fact(
            "w",
            "all",
            measure="balance",
            value=whole,
            unit="yuan",
            scale="billion",
            qualifier=qualifier,
        ),
        fact(
            "wg", "all", measure="yoy_growth", value=g_whole, unit="%", relations={"growth_of": "w"}
        ),
        fact(
            "p",
            "part",
            measure="balance",
            value=part,
            unit="yuan",
            scale="billion",
            relations={"part_of": "w"},
        ),
        fact(
            "pg", "part", measure="yoy_growth", value=g_part, unit="%", relations={"growth_of": "p"}
        ),
    ]


@settings(max_examples=200, deadline=None)
@given(
    whole=st.decimals(min_value=D("100.00"), max_value=D("99999.99"), places=2),
    share=st.decimals(min_value=D("0.05"), max_value=D("0.95"), places=2),
    g_whole=st.decimals(min_value=D("-20"), max_value=D("60"), places=2),
    g_part=st.decimals(min_value=D("-20"), max_value=D("60"), places=2),
    excess=st.decimals(min_value=D(0), max_value=D(5000), places=3),
    nudges=st.tuples(*[st.floats(-0.5, 0.5)] * 4),
    floor=st.booleans(),
)
def test_remainder_bounds_hold_the_truth(
    whole: Decimal,
    share: Decimal,
    g_whole: Decimal,
    g_part: Decimal,
    excess: Decimal,
    nudges: tuple[float, ...],
    floor: bool,
) -> None:
    """Any true whole, part and rates the printed figures allow give a remainder, its level a
    year earlier and its growth inside the derived bounds ("exceeded" wholes included)."""
    part = (whole * share).quantize(D("0.01"))
    facts = whole_and_part(whole, part, g_whole, g_part, "lower_bound" if floor else "exact")
    found = {d.derivation: d for d in derive.run(facts).derived}
    if "remainder-growth" not in found:  # a prior remainder of zero or less: skipped
        return
    with localcontext(Context(prec=80)):
        step = [D(str(n)) / 100 for n in nudges]
        w = whole + (excess if floor else step[0])
        p = part + step[1]
        a = 1 + (g_whole + step[2]) / 100
        b = 1 + (g_part + step[3]) / 100
        now, before = w - p, w / a - p / b
    assert found["remainder"].bounds.contains(now)
    assert found["prior-year-remainder"].bounds.contains(before)
    if before > 0:
        assert found["remainder-growth"].bounds.contains((now / before - 1) * 100)
