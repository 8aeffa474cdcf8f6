"""The figure recognizer on the phrase set (tests/phrases.py), plus the parts a checker reads:
sign and qualifier cues, measure hints, dates and sentences."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from loanfacts.model.kinds import Measure, Qualifier, Scale
from loanfacts.recognize.countnouns import count_end, subject_noun
from loanfacts.recognize.figures import Figure, SkipKind, UnitKind, recognize, split_sentences
from phrases import PHRASES, Expected

QUALIFIERS = {"=": "exact", ">": "lower_bound", "<": "upper_bound", "~": "approximate"}


def found(figure: Figure) -> Expected:
    return (
        figure.text,
        str(figure.value),
        figure.unit.value,
        figure.scale.value if figure.scale else None,
        next(k for k, v in QUALIFIERS.items() if v == figure.qualifier.value),
    )


def test_the_phrase_set_is_large_and_covers_every_kind() -> None:
    assert len(PHRASES) >= 150
    units = {e[2] for _, figures, _ in PHRASES for e in figures}
    assert units == {"money", "percent", "points", "count", "number"}
    assert {e[4] for _, figures, _ in PHRASES for e in figures} == set(QUALIFIERS)
    assert {e[3] for _, figures, _ in PHRASES for e in figures} >= {
        "thousand",
        "million",
        "billion",
        "trillion",
        "wan",
        "yi",
        "wanyi",
        None,
    }
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in p) for p, _, _ in PHRASES)
    assert sum(1 for _, figures, _ in PHRASES if not figures) >= 30  # non-figures


@pytest.mark.parametrize(("phrase", "figures", "skipped"), PHRASES, ids=[p for p, _, _ in PHRASES])
def test_phrase(phrase: str, figures: list[Expected], skipped: list[str]) -> None:
    got = recognize(phrase)
    assert [found(f) for f in got.figures] == [
        (text, str(Decimal(value)), unit, scale, q) for text, value, unit, scale, q in figures
    ]
    assert [s.text for s in got.skipped] == skipped
    for figure in got.figures:
        assert phrase[figure.start : figure.end] == figure.text


def test_a_figure_carries_its_cues_and_measure() -> None:
    text = (
        "As of June 30, 2025, loans outstanding topped 9,000 billion yuan, up 13.4% "
        "year-on-year and faster than all loans by 6.46 percentage points."
    )
    balance, growth, gap = recognize(text).figures
    assert (balance.qualifier, balance.qualifier_text) == (Qualifier.LOWER_BOUND, "topped")
    assert balance.measure is Measure.BALANCE and balance.currency == "yuan"
    assert balance.base_value == Decimal("9E+12")
    assert (growth.measure, growth.decimals, growth.number) == (Measure.YOY_GROWTH, 1, "13.4")
    assert gap.measure is Measure.GAP and gap.unit is UnitKind.POINTS
    for figure in (balance, growth, gap):
        assert figure.date is not None
        assert (figure.date.year, figure.date.month_from, figure.date.day) == (2025, 6, 30)


def test_measure_cues_in_other_tenses() -> None:
    growth, balance = recognize(
        "Greenhouse credit grew faster still, rising 23.5 per cent to 17.26 billion yuan."
    ).figures
    assert growth.measure is Measure.YOY_GROWTH and growth.measure_text == "rising"
    assert balance.unit is UnitKind.MONEY
    (earned,) = recognize(
        "Deposits stood at 2 trillion yuan, and exports earned US$420 million."
    ).figures[1:]
    assert (earned.measure, earned.currency) == (Measure.AMOUNT, "usd")


def test_sign_cue_and_a_level_after_a_fall() -> None:
    cut, level = recognize("Rates fell 0.64 points, and then fell to 3.1%.").figures
    assert (cut.value, cut.sign, cut.sign_text) == (Decimal("-0.64"), -1, "fell")
    assert cut.measure is Measure.RATE_CHANGE
    assert (level.value, level.sign) == (Decimal("3.1"), 1)


def test_a_chinese_shortfall_right_before_the_figure_is_a_fall() -> None:
    fewer, lower = recognize("同比少增1210亿元,增速比上月末低0.2个百分点。").figures
    assert (fewer.sign, fewer.sign_text) == (-1, "少增")
    assert (lower.sign, lower.sign_text) == (-1, "低")
    (least,) = recognize("贷款至少100亿元。").figures  # 至少: at least, no fall
    assert least.sign == 1
    (lower,) = recognize("It grew, with a growth rate 0.2 percentage points lower.").figures
    assert (lower.sign, lower.sign_text) == (-1, "lower")  # "growth" before it is no rise


def test_a_date_in_brackets_dates_only_what_the_brackets_hold() -> None:
    got = recognize("上半年贷款增加2015亿元(其中一季度增加1130亿元);企业贷款增加3140亿元。")
    half, first, after = got.figures
    assert half.date is not None and half.date.text == "上半年"
    assert first.date is not None and first.date.text == "一季度"
    assert after.date is not None and after.date.text == "上半年"


def test_basis_points_and_chinese_scale_in_base_units() -> None:
    bps, yi = recognize("Spreads rose 64 basis points; 余额9000亿元。").figures
    assert bps.base_value == Decimal("0.64")
    assert (yi.scale, yi.scale_text, yi.base_value) == (Scale.YI, "亿", Decimal("9E+11"))


def test_dollars_are_money_in_another_currency() -> None:
    (figure,) = recognize("It raised $5.6 billion.").figures
    assert (figure.unit, figure.currency, figure.scale) == (UnitKind.MONEY, "usd", Scale.BILLION)


def test_dates_give_the_claims_date_and_never_a_figure() -> None:
    got = recognize(
        "In the first half of 2025 new loans grew 21.38%. 截至5月30日，余额1853.54亿元。"
    )
    growth, balance = got.figures
    assert growth.date is not None and (growth.date.month_from, growth.date.month_to) == (1, 6)
    assert growth.date.is_span and growth.date.year == 2025
    assert balance.date is not None and (balance.date.month_from, balance.date.day) == (5, 30)
    assert balance.date.year is None  # the sentence names no year
    assert {s.kind for s in got.skipped} == {SkipKind.DATE}
    bounds = balance.date.bounds(2025)
    assert bounds is not None and bounds[0].isoformat() == "2025-05-30"


def test_a_year_said_apart_fills_the_date() -> None:
    (figure,) = recognize("In 2024, by June, deposits were 11.67 trillion yuan.").figures
    assert figure.date is not None and (figure.date.year, figure.date.month_from) == (2024, 6)


@pytest.mark.parametrize(
    "text", ["Loans hit 1.66t yuan.", "Loans hit 1.66T yuan.", "贷款达1.66t元。", "It lent $1.66t."]
)
def test_a_glued_t_is_trillion_as_money(text: str) -> None:
    (figure,) = recognize(text).figures
    assert (figure.unit, figure.value, figure.scale) == (
        UnitKind.MONEY,
        Decimal("1.66"),
        Scale.TRILLION,
    )
    assert figure.base_value == Decimal("1.66E+12")


@pytest.mark.parametrize("text", ["See Form 5t for details.", "A 5t truck, model 2t, left."])
def test_a_glued_t_without_money_is_a_name(text: str) -> None:
    got = recognize(text)
    assert got.figures == []
    assert {s.kind for s in got.skipped} == {SkipKind.NAME}


def test_skips_carry_their_kind_and_the_name_around_them() -> None:
    got = recognize('The "Bosses Visit 10,000 Firms" drive, the 7+28+N plan, its 2nd year, 2024.')
    kinds = {(s.text, s.kind) for s in got.skipped}
    assert kinds == {
        ("10,000", SkipKind.NAME),
        ("7+28+N", SkipKind.NAME),
        ("2nd", SkipKind.ORDINAL),
        ("2024", SkipKind.YEAR),
    }
    assert (
        next(s for s in got.skipped if s.text == "10,000").context == '"Bosses Visit 10,000 Firms"'
    )
    assert got.figures == []


def test_sentences_english_chinese_and_markdown() -> None:
    text = (
        "# Notes\n\nLoans rose 13.4% by June. Mr. Li said so, citing\nthe bureau.\n"
        "- High-tech: 1,610 billion yuan\n- Clean: 1,853 billion yuan\n"
        "余额突破9000亿元。同比增长13.43%！"
    )
    assert [s.text for s in split_sentences(text)] == [
        "# Notes",
        "Loans rose 13.4% by June.",
        "Mr. Li said so, citing\nthe bureau.",
        "- High-tech: 1,610 billion yuan",
        "- Clean: 1,853 billion yuan",
        "余额突破9000亿元。",
        "同比增长13.43%！",
    ]
    got = recognize(text)
    assert [got.sentences[f.sentence].text[:6] for f in got.figures] == [
        "Loans ",
        "- High",
        "- Clea",
        "余额突破90",
        "同比增长13",
    ]


def test_offsets_hold_for_full_width_digits() -> None:
    text = "增速达到１５％，余额１２００亿元"
    for figure in recognize(text).figures:
        assert text[figure.start : figure.end] == figure.text


def test_empty_and_figure_free_text() -> None:
    assert recognize("").figures == []
    assert recognize("No numbers at all here.").figures == []
    assert recognize("   \n\n  ").sentences == []


def test_a_count_names_its_noun_and_a_bare_number_its_subjects() -> None:
    branches, farms = recognize("It had 126 bank branches and 1,930 family farms.").figures
    assert (branches.unit_text, branches.noun) == ("bank branches", "branches")
    assert (farms.unit, farms.noun) == (UnitKind.COUNT, "farms")
    (cards,) = recognize("Credit cards issued by local banks numbered about 212,000.").figures
    assert (cards.text, cards.unit, cards.noun) == ("212,000", UnitKind.NUMBER, "cards")
    assert cards.qualifier is Qualifier.APPROXIMATE
    (reserves,) = recognize("Its reserves were 2.5 billion.").figures
    assert reserves.noun is None  # with a scale word, only "numbered" makes it a count
    (money,) = recognize("Fee cuts saved firms 15 billion yuan.").figures
    assert money.noun is None


def test_the_date_is_the_figures_own_clause_first() -> None:
    """ "launched in 2023" is nearer in characters; the lending is dated by its own clause."""
    got = recognize(
        'The "3+2" programme, launched in 2023, lent 35.08 billion yuan to small '
        "firms in the first three quarters of 2024, up 11.25% year on year."
    )
    amount, growth = got.figures
    assert amount.date is not None and amount.date.text == "first three quarters of 2024"
    assert growth.date is not None and growth.date.text == "first three quarters of 2024"


def test_a_year_that_labels_a_plan_dates_nothing() -> None:
    got = recognize("Two banks merged in August under the 2025 reform plan, leaving 11 banks.")
    merged, left = got.figures
    for figure in (merged, left):
        assert figure.date is not None and figure.date.text == "August"
        assert figure.date.year is None
    (year,) = [d for d in got.dates if d.text == "2025"]
    assert year.label and not year.dates
    (dated,) = recognize("In 2025, by June, 11 banks had merged.").figures
    assert dated.date is not None and (dated.date.year, dated.date.month_from) == (2025, 6)


def test_spans_of_time_are_skipped_as_dates_and_a_titled_one_as_a_name() -> None:
    got = recognize("Over 12 months, in three years and 十个月, the Five-Year Plan lent 5%.")
    assert [(s.text, s.kind) for s in got.skipped] == [
        ("12 months", SkipKind.DATE),
        ("three years", SkipKind.DATE),
        ("十个月", SkipKind.DATE),
        ("Five-Year", SkipKind.NAME),
    ]
    assert [f.text for f in got.figures] == ["5%"]


def test_control_characters_never_make_figures_and_offsets_hold() -> None:
    text = "\x1b[0mLoans rose \x1b[1;31m13.4%\x1b[0m;\x00 rates fell 0.2 points\r\n"
    got = recognize(text)
    assert [f.text for f in got.figures] == ["13.4%", "0.2 points"]
    for figure in got.figures:
        assert text[figure.start : figure.end] == figure.text
    assert got.skipped == []


@pytest.mark.parametrize(("phrase", "figures", "skipped"), PHRASES, ids=[p for p, _, _ in PHRASES])
def test_no_english_number_word_vanishes(
    phrase: str, figures: list[Expected], skipped: list[str]
) -> None:
    """Every number word but "one" and "a" is a figure or a skip: coverage can show it."""
    got = recognize(phrase)
    spans = [(f.start, f.end) for f in got.figures] + [(s.start, s.end) for s in got.skipped]
    for m in re.finditer(
        r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty"
        r"|forty|hundred|thousand)\b",
        phrase,
        re.I,
    ):
        assert any(a <= m.start() < b for a, b in spans), (phrase, m.group())


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        (" bank branches opened", " bank branches"),  # a known noun naming the next
        (" family farms", " family farms"),  # a plural the vocabulary does not know
        (" technology start-ups, and", " technology start-ups"),
        (" bank said so", " bank"),  # a known singular noun, nothing plural after it
        (" of the banks", None),
        (" Dunmore Savings Bank", None),
        (" across town", None),
        (" remains high", None),
        (" new priority", None),
    ],
)
def test_count_end_reads_to_the_first_plural(text: str, counted: str | None) -> None:
    end = count_end(text, 0)
    assert (text[:end] if end is not None else None) == counted


@pytest.mark.parametrize(
    ("lead", "noun"),
    [
        ("Credit cards issued by local banks numbered about ", "cards"),
        ("Loans to farmers were ", "loans"),
        ("The bureau said cards ", None),  # no counting verb
        ("Its reserves were ", "reserves"),
    ],
)
def test_subject_noun_of_a_bare_number(lead: str, noun: str | None) -> None:
    assert subject_noun(f"{lead}212,000", len(lead), 0) == noun
    assert subject_noun(f"{lead}2.5 billion", len(lead), 0, scaled=True) == (
        noun if "numbered" in lead else None
    )


def test_clock_times_parts_and_folded_units_as_check_and_extract_read_them() -> None:
    """A time of day and the parts of a document are context; a scale and a currency folded
    into an adjective are the figure's, signed by the noun after it (sentences made up)."""
    dated = recognize("Posted: 2024-03-02 09:45")
    assert dated.figures == [] and ("09:45", "clock time") in [
        (s.text, s.kind.value) for s in dated.skipped
    ]
    parts = recognize("The bulletin has four sections: prices, jobs and loans.")
    assert parts.figures == [] and parts.skipped[0].kind.value == "part of the release"
    drop, rise = recognize(
        "It was a 2.5-billion-yuan drop, and then a 1.25-trillion-yuan rise."
    ).figures
    assert (drop.text, drop.value, drop.scale, drop.currency) == (
        "2.5-billion-yuan",
        Decimal("-2.5"),
        Scale.BILLION,
        "yuan",
    )
    assert (rise.value, rise.scale) == (Decimal("1.25"), Scale.TRILLION)


def test_a_later_chinese_clause_about_its_own_quarter_dates_no_figure() -> None:
    """ "且二季度明显回升" is about the quarter; a trailing English date still dates the figure
    (sentences made up for this test)."""
    (zh,) = recognize("其中,住户贷款增加800亿元,高于去年,且二季度明显回升。").figures
    assert zh.date is None
    (en,) = recognize("Banks lent 1.2 trillion yuan, in the first half of the year.").figures
    assert en.date is not None and (en.date.month_from, en.date.month_to) == (1, 6)
