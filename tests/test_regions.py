"""recognize/regions.py: whose figure a sentence states, in English and Chinese."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loanfacts.recognize.regions import mentions, region_at, within


@pytest.mark.parametrize(
    ("sentence", "region"),
    [
        ("long-term loans to China's manufacturing sector grew by 8.7 percent", "China"),
        ("GDP of central China's Henan Province reached 5.91 trillion yuan", "Henan"),
        ("The country's GDP reached 126.06 trillion yuan", "China"),
        ("全国普惠小微贷款余额32.38万亿元", "China"),
        ("洛陽市製造業貸款餘額790.18億元", "Luoyang"),  # traditional characters
        ("In Luoyang, loans reached 79 billion yuan", "Luoyang"),
        ("Loans grew 13.43% in manufacturing.", None),  # unknown, never assumed
        ("foreign currency loans rose by 2 billion US dollars", None),  # a currency, no place
        ("loans grew 7% in Shanghai", "Shanghai"),  # named after the figure
    ],
)
def test_region_of_the_first_figure(sentence: str, region: str | None) -> None:
    first = next(i for i, c in enumerate(sentence) if c.isdigit())
    assert region_at(sentence, first) == region


def test_a_region_named_earlier_carries_forward_and_the_nearest_wins() -> None:
    text = "In Henan, loans grew 13.43%, and China's grew 8.7%"
    assert region_at(text, text.index("13.43")) == "Henan"
    assert region_at(text, text.index("8.7")) == "China"


def test_places_lie_within_wider_ones() -> None:
    assert within("Luoyang", "Henan") and within("Luoyang", "China") and within("Henan", "Henan")
    assert not within("Henan", "Luoyang") and not within("United Kingdom", "China")


def test_lower_case_china_is_no_place() -> None:
    assert mentions("fine china and porcelain") == []


@given(st.text(max_size=200))
def test_mentions_are_ordered_spans_of_the_text(text: str) -> None:
    found = mentions(text)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(0 <= m.start < m.end <= len(text) for m in found)
