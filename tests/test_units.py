"""Exact scale conversion."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loanfacts.analysis import units
from loanfacts.model.errors import UsageError
from loanfacts.model.models import Scale


@pytest.mark.parametrize(
    ("name", "scale"),
    [
        ("yi", Scale.YI),
        ("亿", Scale.YI),
        ("万亿", Scale.WANYI),
        ("wanyi", Scale.WANYI),
        ("Trillion", Scale.TRILLION),
        ("yuan", None),
        ("wan", Scale.WAN),
        ("billion yuan", Scale.BILLION),
    ],
)
def test_parse(name: str, scale: Scale | None) -> None:
    assert units.parse_unit(name) is scale


def test_unknown_unit() -> None:
    with pytest.raises(UsageError):
        units.parse_unit("furlongs")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (Scale.YI, "90000"),
        (Scale.TRILLION, "9"),
        (Scale.WANYI, "9"),
        (None, "9000000000000"),
        (Scale.WAN, "900000000"),
    ],
)
def test_convert_exact(target: Scale | None, expected: str) -> None:
    assert units.convert(Decimal(9000), "yuan", Scale.BILLION, target) == Decimal(expected)


def test_only_money_converts() -> None:
    with pytest.raises(ValueError, match="not a money unit"):
        units.convert(Decimal("13.43"), "%", None, Scale.YI)
