"""What the words around a figure say: measure, topic, entity and what a gap is against.
Each case is a sentence of my own, read end to end through the recognizer and extract."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loanfacts.intake import extract, report_figures
from loanfacts.intake.extract import Draft
from loanfacts.intake.ids import slug, unique
from loanfacts.intake.subjects import compose, entities
from loanfacts.model.models import SLUG
from loanfacts.recognize import paragraphs


def drafts(*lines: str) -> list[Draft]:
    text = "\n".join(["A title", *lines]) + "\n"
    found = report_figures.read_report(paragraphs.parse(text.encode("utf-8"), "t.txt"))
    return extract.draft(found)


def one(line: str, figure: str) -> Draft:
    return next(d for d in drafts(line) if d.figure.text == figure)


@pytest.mark.parametrize(
    ("line", "figure", "measure"),
    [
        (
            "Outstanding loans to farms reached 12 billion yuan at the end of June 2025.",
            "12 billion yuan",
            "balance",
        ),
        (
            "Banks disbursed 3.5 billion yuan of new loans to farms in 2024.",
            "3.5 billion yuan",
            "amount",
        ),
        ("Deposits stood at 80 billion yuan on 31 March 2025.", "80 billion yuan", "balance"),
        (
            "The programme's grants totalled 600 million yuan in the first half of 2025.",
            "600 million yuan",
            "amount",
        ),
        ("Farm loans grew 7.5% year on year.", "7.5%", "yoy_growth"),
        ("Farm loans were 4.2% of all loans.", "4.2%", "share"),
        (
            "Farm loan growth was 2.1 percentage points faster than the growth of all loans.",
            "2.1 percentage points",
            "gap",
        ),
        (
            "The average farm loan rate fell 0.3 percentage points from a year earlier.",
            "0.3 percentage points",
            "rate_change",
        ),
        (
            "The bad-loan ratio was 0.2 percentage points lower than three months earlier.",
            "0.2 percentage points",
            "rate_change",
        ),
        ("The scheme reached 2,300 farmers.", "2,300 farmers", "count"),
        ("农户贷款余额120亿元，同比增长8.1%，增速比各项贷款高2.5个百分点。", "2.5个百分点", "gap"),
        ("涉农贷款平均利率比上年下降0.2个百分点。", "0.2个百分点", "rate_change"),
    ],
)
def test_measure(line: str, figure: str, measure: str) -> None:
    assert one(line, figure).measure.value == measure


@pytest.mark.parametrize(
    ("line", "figure", "topic"),
    [
        (
            "Long-term loans to the textile industry came to 41.5 billion yuan at the end of June "
            "2025.",
            "41.5 billion yuan",
            "long-term textile loans",
        ),
        (
            "New medium-term loans of the city's banks to the steel industry totalled 3 billion "
            "yuan in 2024.",
            "3 billion yuan",
            "new medium-term steel loans",
        ),
        (
            "Outstanding loans to clean water projects reached 8 billion yuan by June 2025.",
            "8 billion yuan",
            "clean water loans",
        ),
        (
            "Green loans on the books of Riverton's banks topped 75 billion yuan by June 2025.",
            "75 billion yuan",
            "green loans",
        ),
        (
            "Riverton's rural banks disbursed 1.2 trillion yuan of new loans in 2024.",
            "1.2 trillion yuan",
            "new loans",
        ),
        ("About 35% of farm credit went to hill counties.", "35%", "farm credit"),
        (
            "The bank made loans worth 3 billion yuan to 420 start-ups.",
            "420 start-ups",
            "start-ups",
        ),
        ("全省农户贷款余额120亿元。", "120亿元", "农户贷款"),
    ],
)
def test_topic(line: str, figure: str, topic: str) -> None:
    assert one(line, figure).topic == topic


def test_a_rate_after_a_balance_shares_its_topic_and_is_its_growth() -> None:
    balance, rate, gap = drafts(
        "As of June 30, 2025, outstanding loans to fisheries reached 9.1 billion yuan, up 6.2% "
        "year-on-year and 1.4 percentage points higher than the growth of all loans."
    )
    assert rate.topic == gap.topic == balance.topic == "fisheries loans"
    assert rate.relations == {"growth_of": balance}
    assert gap.relations == {"gap_of": rate}
    assert gap.versus == "all loans"


def test_an_amount_given_to_a_count_is_spread_over_it() -> None:
    amount, count = drafts("The fund lent 2.4 billion yuan to roughly 300 exporters.")
    assert amount.relations == {"distributed_over": count}
    assert count.figure.unit == "exporters"


def test_of_that_total_is_part_of_the_total_before() -> None:
    total, part = drafts(
        "Green loans reached 50 billion yuan at the end of 2024.",
        "Of that total, solar loans came to 20 billion yuan.",
    )
    assert part.relations == {"part_of": total}
    assert part.measure.value == "balance" and part.period == total.period


def test_times_counts_what_the_verb_does() -> None:
    visits = one("By June 30, 2025, officers had visited farms 12,000 times.", "12,000 times")
    assert visits.unit == "visits" and visits.topic == "farm visits"


def test_entities() -> None:
    found = [
        name
        for _, name, _ in entities(
            "While Pufa Bank's channel grew, Henan's banking sector and the Riverton Banking "
            "Sector lent more; UpgradingHenan Financial Regulatory Bureau said so."
        )
    ]
    assert found == [
        "Pufa Bank",
        "Henan banking sector",
        "Riverton banking sector",
        "Henan Financial Regulatory Bureau",
    ]


def test_compose_drops_owners_and_keeps_adjectives_first() -> None:
    words = [
        "outstanding",
        "new",
        "loans",
        "of",
        "Henan's",
        "banking",
        "sector",
        "to",
        "the",
        "steel",
        "industry",
    ]
    assert compose(words) == "new steel loans"


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("manufacturing loans", "manufacturing-loans"),
        ("普惠小微贷款", "inclusive-small-micro-loans"),
        ("新发放绿色贷款平均利率", "new-green-loans-average-rate"),
        ("1+N supply chain pact", "1-n-supply-chain-pact"),
        ("某某某", ""),
    ],
)
def test_slug(topic: str, expected: str) -> None:
    assert slug(topic) == expected


@given(st.text(max_size=300))
def test_slug_is_always_an_id_or_empty(text: str) -> None:
    import re

    out = slug(text)
    assert out == "" or (re.match(SLUG, out) and len(out) <= 60)


def test_unique() -> None:
    taken = {"a-balance"}
    assert [unique("a-balance", taken), unique("a-balance", taken)] == [
        "a-balance-2",
        "a-balance-3",
    ]


def test_entity_placeholder_when_the_report_names_no_one(tmp_path: Path) -> None:
    (draft,) = drafts("Loans reached 5 billion yuan.")
    assert draft.entity.startswith("DRAFT:")
