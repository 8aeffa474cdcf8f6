"""Text work is linear (issue 21, defects 5 and 6): inputs that took from half a minute to
forever before now take well under a few seconds. benchmarks/linearity.py measures exponents;
these are the regressions that hung, with generous bounds for a shared machine."""

from __future__ import annotations

import time

import pytest

from loanfacts.intake.ids import unique
from loanfacts.recognize.figures import recognize

BOUND = 5.0  # seconds; each took over 20 s (most over a minute) before


@pytest.mark.parametrize(
    "text",
    [
        "5%, " * 2000,  # clause_of: every mark against every figure (31.7 s at 1,000)
        "loans rose 5% by June 30, 2025 and " * 1000,  # nearest over every date (50 s)
        "loans. " * 20000,  # sentence split searched from the last cut (81 s)
        "九" * 100000,  # cn2an on a long numeral (over 120 s)
        "twenty " * 8000,  # the time-span pattern from each word of a run
        "Seed 100 Goes " * 8000,  # _capitalised_name slicing the rest of the text
        "1 2 3 " * 4000,  # subject_noun copying the sentence up to each number
    ],
    ids=["percents", "dates", "lowercase-dots", "numeral", "words", "names", "bare"],
)
def test_hostile_families_are_read_in_time(text: str) -> None:
    started = time.perf_counter()
    recognize(text)
    assert time.perf_counter() - started < BOUND


def test_unique_ids_count_on_per_stem() -> None:
    """40,000 drafts of one topic: a counter per stem, not -2, -3, ... tried each time."""
    taken: set[str] = set()
    counters: dict[str, int] = {}
    started = time.perf_counter()
    ids = [unique("loans-balance", taken, counters) for _ in range(40000)]
    assert time.perf_counter() - started < 1.0
    assert ids[:3] == ["loans-balance", "loans-balance-2", "loans-balance-3"]
    assert len(set(ids)) == 40000
    assert unique("x", {"x", "x-2"}) == "x-3"


def test_years_are_read_in_place() -> None:
    """_labels_nothing matched "as a whole" on a copy of the rest of the text per year."""
    started = time.perf_counter()
    recognize("In 2025 the plan 2024 ran; " * 8000)
    assert time.perf_counter() - started < BOUND
