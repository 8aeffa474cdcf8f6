"""The frame of a figure read from its own clause (recognize/frames.py): region, measure,
currency, own date, listed series, other subjects. Sentences written for these tests."""

from __future__ import annotations

import pytest

from loanfacts.model.kinds import Measure, Scale
from loanfacts.recognize.figures import UnitKind, recognize
from loanfacts.recognize.frames import Frame, drop_days, frames, share_listed_units
from loanfacts.text.normalize import simplified


def framed(text: str) -> dict[str, Frame]:
    got = share_listed_units(drop_days(recognize(simplified(text))))
    return {f.text: fr for f, fr in zip(got.figures, frames(got), strict=True)}


@pytest.mark.parametrize(
    ("text", "figure", "region"),
    [
        ("Loans to China's manufacturers grew 8.7 percent.", "8.7 percent", "China"),
        ("全国制造业贷款余额30万亿元。", "30万亿元", "China"),
        ("Henan's loans grew 9% while the country's grew 8%.", "8%", "China"),
        ("Manufacturing loans grew 13.43%.", "13.43%", None),  # never assumed
        ("山东制造业贷款占比高于全国4.2个百分点。", "4.2个百分点", "Shandong"),  # 全国 a base
        ("Zhejiang Commercial Bank lent 3 billion yuan in Henan.", "3 billion yuan", "Henan"),
    ],
)
def test_region_from_the_sentence(text: str, figure: str, region: str | None) -> None:
    assert framed(text)[figure].region == region


@pytest.mark.parametrize(
    ("text", "figure", "measure"),
    [
        ("制造业贷款较年初增加1442.4亿元。", "1442.4亿元", Measure.INCREASE),
        ("Banks added 920.7 billion yuan of loans.", "920.7 billion yuan", Measure.INCREASE),
        ("Loans rose to 9 trillion yuan.", "9 trillion yuan", Measure.BALANCE),
        ("贷款余额9.38万亿元。", "9.38万亿元", Measure.BALANCE),
        # a growth rate against its own earlier value is a rate_change (model/kinds.py), the
        # measure extract drafts; yoy_change is the year-on-year difference of a flow
        ("增速比上年同期高10.7个百分点。", "10.7个百分点", Measure.RATE_CHANGE),
        ("本月各项贷款新增4200亿元,同比少增800亿元。", "800亿元", Measure.YOY_CHANGE),
        ("三项贷款同比分别少增600亿元、436亿元与227亿元。", "436亿元", Measure.YOY_CHANGE),
        (
            "Net lending came in down by 232.7 billion yuan from a year ago.",
            "232.7 billion yuan",
            Measure.YOY_CHANGE,
        ),
        ("增速高于各项贷款6.46个百分点。", "6.46个百分点", Measure.GAP),
        ("The rate was 0.2 points lower than a month earlier.", "0.2 points", Measure.RATE_CHANGE),
        (
            "Lending rose 8.7%; that pace is 0.5 percentage points lower than the end of the "
            "prior month.",
            "0.5 percentage points",
            Measure.RATE_CHANGE,
        ),
        ("Long-term loans made up 40% of the total.", "40%", Measure.SHARE),
        ("Loans were 21.38% higher than in the same half of 2024.", "21.38%", Measure.YOY_GROWTH),
        ("Banks paid 4.5 visits for every firm.", "4.5 visits", Measure.AMOUNT),
        # a flow reaching a level is the flow's size over its period
        (
            "New bank loans climbed to 3.2 trillion yuan in May.",
            "3.2 trillion yuan",
            Measure.INCREASE,
        ),
    ],
)
def test_measure_from_the_clause(text: str, figure: str, measure: Measure) -> None:
    assert framed(text)[figure].measure is measure


def test_currency_and_converted_amounts() -> None:
    got = framed("Loans came to 900 billion yuan (about 126 billion U.S. dollars).")
    assert got["900 billion yuan"].currency == "CNY"
    assert not got["900 billion yuan"].converted
    converted = next(f for t, f in got.items() if t.startswith("126"))
    assert converted.currency == "USD" and converted.converted
    assert framed("They raised $5 billion.")["$5 billion"].currency == "USD"


def test_bases_of_comparison_are_not_the_date() -> None:
    got = framed("2025年6月末，制造业贷款余额比2018年年末增长1.5倍，达到9000亿元。")
    date = got["9000亿元"].date
    assert date is not None and date.year == 2025
    mid = framed("By mid-2025, Henan's loans topped 9 trillion yuan.")["9 trillion yuan"].date
    assert mid is not None and (mid.month_from, mid.day) == (6, 30)


def test_days_are_no_figures() -> None:
    assert list(framed("18日上午，河南制造业贷款余额突破9000亿元。")) == ["9000亿元"]


def test_listed_series_share_the_unit() -> None:
    got = share_listed_units(recognize("分别为11.85、6.8和3.93万亿元"))
    assert [(f.unit, f.scale) for f in got.figures] == [(UnitKind.MONEY, Scale.WANYI)] * 3
    english = framed("They stood at 15, 9.04 and 4.91 trillion yuan respectively.")
    assert all(f.listed for f in english.values()) and len(english) == 3


def test_other_subjects_and_traditional_characters() -> None:
    assert framed("高技术制造业增加值同比增长14.9%。")["14.9%"].other == "高技术制造业"
    got = framed("洛陽製造業信用貸款餘額302.55億元，同比增長39.89%。")
    assert got["302.55亿元"].other == "信用贷款"
    assert got["39.89%"].other == "信用贷款"  # the subject of the clause before
    assert got["302.55亿元"].region == "Luoyang"


def test_a_total_over_a_span_is_no_balance() -> None:
    """ "a total of X in the first half" sums a flow: no balance; a total on a day stays one."""
    assert (
        framed("In the first half, banks lent a total of 80 billion yuan.")[
            "80 billion yuan"
        ].measure
        is None
    )
    assert (
        framed("On June 30, deposits stood at a total of 90 billion yuan.")[
            "90 billion yuan"
        ].measure
        is Measure.BALANCE
    )


def test_an_average_over_other_months_takes_no_date_from_another_clause() -> None:
    got = framed(
        "Firms borrowed £1.5 billion in March, below the previous three-month average of "
        "£2.0 billion."
    )
    assert got["1.5 billion"].date is not None and got["1.5 billion"].date.month_from == 3
    assert got["2.0 billion"].date is None


def test_the_same_series_named_again_as_a_base_in_time() -> None:
    """ "higher than the level recorded at the end of April": a rate change, and April is the
    base, not the date of the figure (a sentence made up for this test)."""
    got = framed(
        "Its growth rate was 0.3 percentage points higher than the level recorded at the end "
        "of April."
    )
    assert got["0.3 percentage points"].measure is Measure.RATE_CHANGE
    assert got["0.3 percentage points"].date is None
