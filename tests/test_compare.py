"""compare: resolution of arguments, arithmetic, and warnings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loanfacts.analysis import compare
from loanfacts.model.errors import NoMatchError, UsageError
from loanfacts.model.store import FactBase


def test_topics_line_up_by_measure(base: FactBase) -> None:
    sides = [compare.resolve(base.facts, a) for a in ("manufacturing", "high-tech")]
    result = compare.compare(sides)
    assert [m.value for m, _ in result.rows] == ["balance", "yoy_growth", "gap"]
    balance = result.pairs[0]
    assert balance.difference == Decimal("-7389.88")  # 1610.12 - 9000
    rates = result.pairs[1]
    assert rates.difference == Decimal("1.56") and rates.unit == "percentage points"


def test_share_when_part_of(base: FactBase) -> None:
    sides = [
        compare.resolve(base.facts, a)
        for a in ("manufacturing-loans-balance", "manufacturing-long-term-loans-balance")
    ]
    pair = compare.compare(sides).pairs[0]
    assert pair.share is not None
    assert abs(pair.share - Decimal("39.599")) < Decimal("0.001")  # 3563.91 / 9000
    assert pair.share_of == "manufacturing-loans-balance"


def test_date_warning(base: FactBase) -> None:
    """Clean energy is dated May 30, the others June 30: say so."""
    sides = [compare.resolve(base.facts, a) for a in ("high-tech", "clean energy")]
    warnings = compare.compare(sides).warnings
    assert warnings == [
        "high-tech-loans-balance is dated 2025-06-30 but "
        "clean-energy-loans-balance is dated 2025-05-30"
    ]


def test_unit_warning(base: FactBase) -> None:
    sides = [
        compare.resolve(base.facts, a)
        for a in ("manufacturing-loans-balance", "pulink-clients-count")
    ]
    result = compare.compare(sides)
    assert result.pairs == []
    assert "no difference or ratio" in result.warnings[0]


def test_errors(base: FactBase) -> None:
    with pytest.raises(NoMatchError):
        compare.resolve(base.facts, "bananas")
    with pytest.raises(UsageError):
        compare.resolve(base.facts, "year-on-year")
    with pytest.raises(UsageError):
        compare.compare([compare.resolve(base.facts, "manufacturing")])
