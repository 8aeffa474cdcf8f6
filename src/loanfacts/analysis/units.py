"""Exact scale conversion for money figures: yuan, million, billion, trillion, 万, 亿, 万亿.

A money figure is rescaled within its own currency (the unit word names it: yuan, US dollars,
pounds, euros, rupees); no rate turns one currency into another."""

from __future__ import annotations

from decimal import Context, Decimal, localcontext

from loanfacts.model.errors import UsageError
from loanfacts.model.kinds import Scale, currency_of

CURRENCY = "yuan"
BASE = "yuan"

_NAMES: dict[str, Scale | None] = {
    "yuan": None,
    "元": None,
    "thousand": Scale.THOUSAND,
    "千": Scale.THOUSAND,
    "wan": Scale.WAN,
    "万": Scale.WAN,
    "million": Scale.MILLION,
    "百万": Scale.MILLION,
    "yi": Scale.YI,
    "亿": Scale.YI,
    "billion": Scale.BILLION,
    "十亿": Scale.BILLION,
    "wanyi": Scale.WANYI,
    "万亿": Scale.WANYI,
    "trillion": Scale.TRILLION,
}
UNIT_CHOICES = (
    "yuan",
    "thousand",
    "million",
    "billion",
    "trillion",
    "wan",
    "yi",
    "wanyi",
    "万",
    "亿",
    "万亿",
)


def parse_unit(name: str) -> Scale | None:
    """A --unit argument to a scale (None means plain yuan)."""
    key = name.strip().casefold().removesuffix(" yuan").removesuffix("元") or "yuan"
    if key not in _NAMES:
        raise UsageError(f"unknown unit {name!r}; use one of: {', '.join(UNIT_CHOICES)}")
    return _NAMES[key]


def convert(value: Decimal, unit: str, source: Scale | None, target: Scale | None) -> Decimal:
    """Exact rescaling within one currency: 9,000 billion -> 90,000 亿 (yuan); 48.6 billion
    pounds -> 48,600 million pounds. Only money figures convert."""
    if not converts(unit):
        raise ValueError(f"{unit!r} is not a money unit")
    shift = (source.exponent if source else 0) - (target.exponent if target else 0)
    with localcontext(Context(prec=60)):
        return value.scaleb(shift).normalize()


def converts(unit: str) -> bool:
    """Whether a unit is money (of any currency), so that its scale can change."""
    return currency_of(unit) is not None
