"""Date phrases (found by the recognizer) read as the periods of draft records: which are a
day, which a span, which years date nothing, and which phrase a figure belongs to."""

from __future__ import annotations

import pytest

from loanfacts.recognize.figures import recognize
from loanfacts.recognize.periods import Dated, nearest, read, with_years


def phrases(text: str) -> list[Dated]:
    return [read(text, d) for d in recognize(text).dates]


def period_of(text: str, year: int | None = None) -> dict[str, str] | None:
    """The period of the only usable phrase of text (given `year` when it prints none)."""
    usable = [p for p in with_years([phrases(text)])[0] if p.usable]
    assert len(usable) == 1, usable
    phrase = usable[0]
    if phrase.year is None and year is not None:
        phrase = Dated(
            phrase.start,
            phrase.end,
            phrase.text,
            year,
            phrase.first,
            phrase.last,
            phrase.instant,
            phrase.usable,
        )
    return phrase.period()


def instant(day: str) -> dict[str, str]:
    return {"type": "instant", "date": day}


def span(start: str, end: str) -> dict[str, str]:
    return {"type": "duration", "start": start, "end": end}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As of June 30, 2025, loans reached 5 billion yuan.", instant("2025-06-30")),
        ("Loans reached 5 billion yuan on 30 June 2025.", instant("2025-06-30")),
        ("At the end of June 2025, loans stood at 5 billion yuan.", instant("2025-06-30")),
        ("Loans stood at 5 billion yuan at the end of December 2024.", instant("2024-12-31")),
        ("Loans stood at 5 billion yuan by June 2025.", instant("2025-06-30")),
        ("Loans rose 5 billion yuan in May 2025.", span("2025-05-01", "2025-05-31")),
        (
            "Banks lent 5 billion yuan in the first three quarters of 2024.",
            span("2024-01-01", "2024-09-30"),
        ),
        (
            "Banks lent 5 billion yuan in the first quarter of 2025.",
            span("2025-01-01", "2025-03-31"),
        ),
        ("Banks lent 5 billion yuan in H1 2025.", span("2025-01-01", "2025-06-30")),
        ("Banks lent 5 billion yuan in 2024.", span("2024-01-01", "2024-12-31")),
        ("In 2024 as a whole, banks lent 5 billion yuan.", span("2024-01-01", "2024-12-31")),
        ("截至2025年6月末，贷款余额50亿元。", instant("2025-06-30")),
        ("2024年末贷款余额50亿元。", instant("2024-12-31")),
        ("2025年上半年新增贷款50亿元。", span("2025-01-01", "2025-06-30")),
        ("2024年全年新增贷款50亿元。", span("2024-01-01", "2024-12-31")),
        ("Balances grew 3% in February 2024.", span("2024-02-01", "2024-02-29")),
    ],
)
def test_phrase_as_period(text: str, expected: dict[str, str]) -> None:
    assert period_of(text) == expected


def test_a_phrase_without_a_year_takes_the_report_year() -> None:
    assert period_of("In the first half of the year, banks lent 5 billion yuan.", 2025) == span(
        "2025-01-01", "2025-06-30"
    )
    assert period_of("As of June 30, loans reached 5 billion yuan.", 2025) == instant("2025-06-30")


def test_years_in_names_and_relative_words_date_nothing() -> None:
    found = phrases(
        "The 2024 Tech Loan Plan backed 318 start-ups, 9% more than a year "
        "earlier and than last year."
    )
    assert found and not any(p.usable for p in found)


def test_with_years_carries_the_last_printed_year_forward() -> None:
    first = phrases("As of June 30, 2025, loans reached 5 billion yuan.")
    second = phrases("As of June 30, deposits reached 7 billion yuan.")
    third = phrases("In the first half of the year, banks lent 1 billion yuan.")
    years = [[p.year for p in ps] for ps in with_years([first, second, third])]
    assert years == [[2025], [2025], [2025]]


def test_with_years_looks_ahead_when_nothing_came_before() -> None:
    early = phrases("As of June 30, loans reached 5 billion yuan.")
    late = phrases("The figures are for 2023.")
    assert with_years([early, late])[0][0].period() == instant("2023-06-30")


def test_a_year_in_a_name_does_not_set_the_year() -> None:
    named = phrases("The 2019 Plan backed 5 firms.")
    dated = phrases("As of June 30, loans reached 5 billion yuan.")
    assert with_years([named, dated])[1][0].year is None


def test_nearest_prefers_the_figures_own_clause() -> None:
    """ "launched in 2023" is nearer in characters, but the lending is dated by its clause."""
    text = (
        'The "3+2" programme, launched in 2023, lent 35.08 billion yuan to small firms in '
        "the first three quarters of 2024."
    )
    got = recognize(text)
    figure = got.figures[0]
    chosen = nearest(
        text, figure.start, figure.end, [read(text, d) for d in got.dates], got.sentences
    )
    assert chosen is not None and chosen.text == "first three quarters of 2024"


def test_nearest_looks_back_in_the_paragraph_not_forward_to_another_sentence() -> None:
    text = (
        "The bureau set out five major initiatives. As of June 30, 2025, loans reached "
        "5 billion yuan."
    )
    got = recognize(text)
    dates = [read(text, d) for d in got.dates]
    first, second = got.figures
    assert nearest(text, first.start, first.end, dates, got.sentences) is None
    chosen = nearest(text, second.start, second.end, dates, got.sentences)
    assert chosen is not None and chosen.period() == instant("2025-06-30")
