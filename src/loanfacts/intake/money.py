"""Money in any currency, read around a figure the recognizer left without a unit (issue 18).

The recognizer reads yuan and US dollars after a number. A report also prints a symbol before
it (£48.6 billion, $256.92 billion, €7.35 billion, Rs 3,200 crore, ₹45 lakh, US$), a unit
folded into an adjective ("a 4.87-trillion-yuan drop", "a 1.2-billion-pound drop"), a word
after it (pounds, pounds sterling, euros, rupees, 美元) and the Indian scales lakh and crore.
Here each figure gets its currency (a field of the fact: CNY USD GBP EUR INR) and, where the
symbol or the words stand outside the recognizer's text, a wider span, so that `source.text`
keeps the symbol as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loanfacts.model.kinds import Currency, Qualifier, Scale

_SYMBOL = re.compile(
    r"(?:US\$|U\.S\.\s?\$|\$|£|€|₹|\bRs\.?\s?|\bINR\s?|\bGBP\s?|\bEUR\s?|\bUSD\s?)$"
)
_SYMBOLS = {
    "US$": Currency.USD,
    "$": Currency.USD,
    "USD": Currency.USD,
    "£": Currency.GBP,
    "GBP": Currency.GBP,
    "€": Currency.EUR,
    "EUR": Currency.EUR,
    "₹": Currency.INR,
    "RS": Currency.INR,
    "INR": Currency.INR,
}
_SCALES = {
    "thousand": Scale.THOUSAND,
    "million": Scale.MILLION,
    "billion": Scale.BILLION,
    "trillion": Scale.TRILLION,
    "lakh": Scale.LAKH,
    "crore": Scale.CRORE,
}
_WORDS = {
    "yuan": Currency.CNY,
    "rmb": Currency.CNY,
    "元": Currency.CNY,
    "人民币": Currency.CNY,
    "dollar": Currency.USD,
    "美元": Currency.USD,
    "pound": Currency.GBP,
    "sterling": Currency.GBP,
    "英镑": Currency.GBP,
    "euro": Currency.EUR,
    "欧元": Currency.EUR,
    "rupee": Currency.INR,
}
_COMPOUND = re.compile(
    r"-(?P<scale>thousand|million|billion|trillion)-(?P<word>yuan|dollar|pound|euro|rupee)s?\b",
    re.IGNORECASE,
)
_INDIAN = re.compile(r"[ \t]+(?P<scale>lakh|crore)\b", re.IGNORECASE)
_AFTER = re.compile(
    r"[ \t]*(?:(?:US|U\.S\.)[ \t]+(?P<usd>dollars?)|(?P<word>pounds?(?:[ \t]+sterling)?|sterling"
    r"|euros?|rupees?|dollars?|yuan|RMB)\b|(?P<zh>美元|英镑|欧元))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    """What the words around a figure make of it: its span, currency and scale."""

    start: int
    end: int
    currency: Currency | None
    scale: Scale | None


def _word_currency(word: str) -> Currency | None:
    key = word.casefold().split()[0].rstrip("s") if word.isascii() else word
    return _WORDS.get(key) or _WORDS.get(word.casefold())


_QUALIFIER = re.compile(
    r"\b(?:(?P<about>roughly|about|around|approximately|some|nearly|almost|close\s+to)"
    r"|(?P<over>more\s+than|over|above|exceeding|at\s+least|upwards\s+of)"
    r"|(?P<under>less\s+than|under|below|up\s+to|at\s+most))\s+$",
    re.IGNORECASE,
)


def qualifier_before(text: str, start: int) -> Qualifier | None:
    """How exact the words before a symbol make a figure ("roughly £3.75 billion", "more
    than €600 million"): the recognizer reads these words only right before a number."""
    m = _QUALIFIER.search(text[max(0, start - 24) : start])
    if m is None:
        return None
    if m.group("about"):
        return Qualifier.APPROXIMATE
    return Qualifier.LOWER_BOUND if m.group("over") else Qualifier.UPPER_BOUND


def named(words: str) -> Currency | None:
    """The currency a symbol or word names on its own ("£", "US$", "Rs", "euros", 美元)."""
    key = words.strip().rstrip(".").replace("U.S.", "US").replace(" ", "")
    if key.upper() in _SYMBOLS:
        return _SYMBOLS[key.upper()]
    return _word_currency(words.strip()) if words.strip() else None


def read(text: str, start: int, end: int, scale: Scale | None, money: str | None) -> Money:
    """The money reading of the figure at [start, end) of `text`; `money` is the
    recognizer's currency ('yuan', 'usd' or None)."""
    currency = {"yuan": Currency.CNY, "usd": Currency.USD}.get(money or "")
    symbol = _SYMBOL.search(text, max(0, start - 6), start)
    if symbol is not None:
        key = symbol.group().strip().rstrip(".").replace("U.S.", "US").replace(" ", "").upper()
        currency = _SYMBOLS.get(key, currency)
        start = symbol.start()
    compound = _COMPOUND.match(text, end)
    if compound is not None and scale is None:
        scale = _SCALES[compound.group("scale").casefold()]
        currency = _word_currency(compound.group("word")) or currency
        end = compound.end()
    indian = _INDIAN.match(text, end)
    if indian is not None and scale is None:
        scale = _SCALES[indian.group("scale").casefold()]
        end = indian.end()
    if money is None or symbol is not None:
        after = _AFTER.match(text, end)
        if after is not None:
            word = (after.group("usd") and "dollar") or after.group("word") or after.group("zh")
            currency = _word_currency(word) or currency
            end = after.end()
    return Money(start, end, currency, scale)
