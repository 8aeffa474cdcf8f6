"""The enumerations of a facts file, apart from the pydantic models.

The CLI needs Measure to declare `list --measure`; keeping it here means `--help` and shell
completion never pay for importing pydantic's model machinery and building the validators.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

#: units every rule and renderer reads alike: a rate, and a difference of two rates
PERCENT = "%"
POINTS = "percentage points"
#: what a figure without a date or period shows in its place, in every command
NO_DATE = "date not stated"


class Scale(StrEnum):
    """Unit multipliers as published, Western and Chinese (SDMX UNIT_MULT)."""

    THOUSAND = "thousand"
    WAN = "wan"
    MILLION = "million"
    YI = "yi"
    BILLION = "billion"
    WANYI = "wanyi"
    TRILLION = "trillion"
    LAKH = "lakh"
    CRORE = "crore"

    @property
    def exponent(self) -> int:
        return _EXPONENTS[self]

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value)

    @property
    def factor(self) -> Decimal:
        """One unit of this scale in base units: billion -> 10^9."""
        return Decimal(1).scaleb(self.exponent)


def scale_factor(scale: Scale | None) -> Decimal:
    """A figure's multiplier to base units (1 without a scale): the one home of this rule,
    with scaled and unscaled below."""
    return scale.factor if scale else Decimal(1)


def scaled(value: Decimal, scale: Scale | None) -> Decimal:
    """A value in base units: 9,000 billion -> 9e12 (exact: the exponent moves)."""
    return value.scaleb(scale.exponent) if scale else value


def unscaled(value: Decimal, scale: Scale | None) -> Decimal:
    """A value in base units back in `scale`: 9e12 yuan -> 9,000 billion."""
    return value.scaleb(-scale.exponent) if scale else value


def is_basis_points(unit_text: str) -> bool:
    """Whether a points unit as printed counts basis points ("64 basis points", "25bp"): a
    hundredth of a percentage point. The one home of this rule."""
    return unit_text.casefold().startswith(("basis", "bp"))


def scale_label(scale: Scale | None, unit: str) -> str:
    """`billion yuan`, `亿 yuan`, `clients`: how a unit with its multiplier is shown."""
    return f"{scale.label} {unit}" if scale else unit


_EXPONENTS = {
    Scale.THOUSAND: 3,
    Scale.WAN: 4,
    Scale.MILLION: 6,
    Scale.YI: 8,
    Scale.BILLION: 9,
    Scale.WANYI: 12,
    Scale.TRILLION: 12,
    Scale.LAKH: 5,
    Scale.CRORE: 7,
}
_LABELS = {Scale.WAN: "万", Scale.YI: "亿", Scale.WANYI: "万亿"}


class Measure(StrEnum):
    """What kind of figure a record is, from one closed vocabulary; derivations key on it, and
    `check` compares a figure of a text only with a fact of the same measure.

    - balance: a stock on a date (余额, outstanding)
    - increase: the change of a balance over a period (新增, 较年初增加, "added", net lending);
      a decrease is a negative increase
    - amount: a flow that is no change of a balance (disbursements, savings, issuance)
    - count: a number of things (clients, institutions)
    - yoy_growth: growth over the same date or period a year earlier, in %
    - yoy_change: the year-on-year difference of a flow (同比多增 / 少增, negative for 少增)
    - gap: the difference to another series at the same time (高于各项贷款增速 N 个百分点)
    - rate_change: the change of a rate or a growth rate over time ("0.2 points lower than a
      month earlier")
    - share: a part of a whole, in %
    - rate: a level of an interest rate or a ratio, in %
    """

    BALANCE = "balance"
    INCREASE = "increase"
    AMOUNT = "amount"
    COUNT = "count"
    YOY_GROWTH = "yoy_growth"
    YOY_CHANGE = "yoy_change"
    GAP = "gap"
    RATE_CHANGE = "rate_change"
    SHARE = "share"
    RATE = "rate"


class Currency(StrEnum):
    """The currency of a money figure (ISO 4217); its unit word is `Currency.unit`."""

    CNY = "CNY"
    USD = "USD"
    GBP = "GBP"
    EUR = "EUR"
    INR = "INR"

    @property
    def unit(self) -> str:
        """The unit word a record of this currency carries: CNY -> `yuan`."""
        return CURRENCY_UNITS[self]


#: the one unit word of each currency, as records carry it (the symbol stays in source.text)
CURRENCY_UNITS = {
    Currency.CNY: "yuan",
    Currency.USD: "US dollars",
    Currency.GBP: "pounds",
    Currency.EUR: "euros",
    Currency.INR: "rupees",
}
#: a money unit word to its currency: the inverse of CURRENCY_UNITS
UNIT_CURRENCIES = {unit: currency for currency, unit in CURRENCY_UNITS.items()}


def currency_of(unit: str) -> Currency | None:
    """The currency a record's unit word names (`yuan` -> CNY), None for a rate or a count."""
    return UNIT_CURRENCIES.get(unit)


class Qualifier(StrEnum):
    """How exact the source says a figure is ("exceeded 9,000" is a lower bound)."""

    EXACT = "exact"
    LOWER_BOUND = "lower_bound"
    UPPER_BOUND = "upper_bound"
    APPROXIMATE = "approximate"


#: how a figure's qualifier is worded before it ("exceeded 9,000": more than 9,000), in every
#: command and message; keys are Qualifier members, which are their own string values too
HEDGE: dict[str, str] = {
    Qualifier.EXACT: "",
    Qualifier.LOWER_BOUND: "more than ",
    Qualifier.UPPER_BOUND: "less than ",
    Qualifier.APPROXIMATE: "about ",
}


class SourceKind(StrEnum):
    REPORT = "report"
    REFERENCE = "reference"


class Basis(StrEnum):
    """Whose statistics a source reports: figures of two bases (the regulator's banking
    institutions, the central bank's all financial institutions) count different things."""

    REGULATOR = "regulator"
    CENTRAL_BANK = "central_bank"
    STATISTICS_BUREAU = "statistics_bureau"
    GOVERNMENT = "government"
    INSTITUTION = "institution"

    @property
    def label(self) -> str:
        return _BASIS_LABELS[self]


_BASIS_LABELS = {
    Basis.REGULATOR: "the banking regulator's (banking institutions)",
    Basis.CENTRAL_BANK: "the central bank's (all financial institutions)",
    Basis.STATISTICS_BUREAU: "a statistics bureau's",
    Basis.GOVERNMENT: "a government's",
    Basis.INSTITUTION: "one institution's own",
}
#: the bases of financial statistics, released within weeks of the date they are of
FINANCIAL_BASES = frozenset({Basis.REGULATOR, Basis.CENTRAL_BANK})


def range_words(low: str | None, high: str | None) -> str:
    """Bounds in words, each side already written (and rounded outward) by the caller:
    "at least 89.64%", "at most 39.60", "3,289.10 to 3,289.42", "unbounded"."""
    if low is None and high is None:
        return "unbounded"
    if high is None:
        return f"at least {low}"
    if low is None:
        return f"at most {high}"
    return f"{low} to {high}"


DRAFT_MARK = "DRAFT:"  # what `extract` starts a placeholder with; the schema documents it
