"""How figures are worded in tables and markdown alike: one wording for a qualifier, a bound,
a date, a label, whatever the format. Pure text, no rich."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Literal

from loanfacts.model.kinds import HEDGE, NO_DATE, range_words
from loanfacts.model.numtext import grouped

if TYPE_CHECKING:
    from loanfacts.model.records import (
        Bounds,
        Dated,
        DerivedRecord,
        DocumentRecord,
        FactRecord,
        FindingRecord,
        InputFindingRecord,
        PairRecord,
        Qualified,
        Shown,
    )

UNIT_NOTE = "--unit converts money only: rates, points and counts are shown as published"
AUDIT_NOTE = "⚑ the audit has findings on this figure: run 'loanfacts audit'"
# a published figure, as its source words it ("exceeded 9,000": more than 9,000)
QUALIFIER_PREFIX = HEDGE
QUALIFIER_WORDS = {
    "exact": "exact as printed",
    "lower_bound": "a floor: the figure is larger",
    "upper_bound": "a ceiling: the figure is smaller",
    "approximate": "approximate",
}


def num(value: Decimal | None, places: int | None = None, rounding: str = ROUND_HALF_EVEN) -> str:
    """1234.5 -> "1,234.5"; with places, rounded (bounds round outward)."""
    if value is None:
        return "open"
    return grouped(value, places, rounding)


def published(record: Qualified) -> str:
    return f"{QUALIFIER_PREFIX[record['qualifier']]}{num(record['value'])}"


def value_text(record: Shown) -> str:
    """A published figure with its unit: `more than 9,000 billion yuan`."""
    return f"{published(record)} {record['unit_label']}"


def label(record: FactRecord) -> str:
    """`manufacturing loans · growth gap vs all loans (各项贷款) in Henan`."""
    measure = record["label"] or record["measure"].replace("_", " ")
    return f"{record['topic']} · {measure}"


def period(record: Dated) -> str:
    p = record["period"]
    if p is None:
        return NO_DATE
    if p["type"] == "instant":
        return f"as of {p['date']}"
    return f"{p['start']} to {p['end']}"


def bounds_text(record: Bounds, places: int | None = 2) -> str:
    """ "at least 7,934.05", "3,289.10 to 3,289.42"; rounded outward to `places`, or as they
    are with places=None (a published figure's bounds: what its wording and digits allow)."""
    lower, upper = record["lower"], record["upper"]
    if lower is not None and lower == upper:
        return "exact"
    return range_words(
        None if lower is None else num(lower, places, ROUND_FLOOR),
        None if upper is None else num(upper, places, ROUND_CEILING),
    )


def bounded(
    value: Decimal | None,
    lower: Decimal | None,
    upper: Decimal | None,
    qualifier: str | None,
    places: int = 2,
) -> str:
    """A computed figure as firmly as its bounds allow: `at least 7,934.05` (from a floor),
    `at most 39.60` (a share of a floor), `about 5.38` (a wide range), else the figure."""
    if value is None:
        return "—"
    if qualifier == "lower_bound" and lower is not None:
        return f"at least {num(lower, places, ROUND_FLOOR)}"
    if qualifier == "upper_bound" and upper is not None:
        return f"at most {num(upper, places, ROUND_CEILING)}"
    if qualifier == "approximate":
        return f"about {num(value, places)}"
    return num(value, places)


def derived_value(record: DerivedRecord) -> str:
    shown = bounded(record["value"], record["lower"], record["upper"], record["qualifier"])
    return f"{shown} {record['unit_label']}"


def derived_bounds(record: DerivedRecord) -> str:
    """The bounds column of a derived figure: the range, or which side is open."""
    if record["qualifier"] == "lower_bound" and record["upper"] is None:
        return f"computed {num(record['value'], 2)}; no upper bound"
    if record["qualifier"] == "upper_bound" and record["lower"] is None:
        return f"computed {num(record['value'], 2)}; no lower bound"
    return bounds_text(record)


def difference_text(pair: PairRecord) -> str:
    shown = bounded(
        pair["difference"],
        pair["difference_lower"],
        pair["difference_upper"],
        pair["difference_qualifier"],
    )
    return f"{shown} {pair['unit']}"


def ratio_text(pair: PairRecord) -> str:
    if pair["ratio"] is None:
        return "—"
    return (
        bounded(pair["ratio"], pair["ratio_lower"], pair["ratio_upper"], pair["ratio_qualifier"], 4)
        + "×"
    )


def share_text(pair: PairRecord) -> str:
    if pair["share"] is None:
        return "—"
    shown = bounded(
        pair["share"], pair["share_lower"], pair["share_upper"], pair["share_qualifier"]
    )
    return f"{shown}% of {pair['share_of']}"


def yi_line(record: FactRecord) -> str | None:
    """The 亿 doubt where the figure is shown: `if 'billion' means 亿: more than 900
    billion yuan`."""
    reading = record.get("yi_reading")
    if not reading:
        return None
    value = f"{QUALIFIER_PREFIX[record['qualifier']]}{num(reading['value'])}"
    return f"if 'billion' means 亿: {value} {reading['unit_label']}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def counts(records: Sequence[FactRecord], subject: str = "") -> str:
    """`manufacturing: 7 report figures, 9 reference figures`."""
    refs = sum(1 for r in records if r["reference"])
    text = f"{plural(len(records) - refs, 'report figure')}, {plural(refs, 'reference figure')}"
    return f"{subject}: {text}" if subject else text


def ruled(rule: str, strength: str) -> str:
    """A finding's rule with its weight: "scale-implausible (strong)"."""
    return f"{rule} ({strength})"


def input_flags(findings: Sequence[InputFindingRecord]) -> list[str]:
    """Audit findings a derived figure carries from its inputs, one line per input:
    "⚑ manufacturing-loans-balance: billion-may-be-yi (strong), scale-implausible (strong)"."""
    rules: dict[str, list[str]] = {}
    for f in findings:
        rules.setdefault(f["input"], [])
        named = ruled(f["rule"], f["strength"])
        if named not in rules[f["input"]]:
            rules[f["input"]].append(named)
    return [f"⚑ {fid}: {', '.join(sorted(names))}" for fid, names in rules.items()]


def checked_flags(findings: Sequence[InputFindingRecord], fact_id: str | None) -> list[str]:
    """`check`'s ⚑ lines under a verdict: the fact's id is left out where the findings are
    on the fact the row names already ("⚑ billion-may-be-yi (strong), ...")."""
    return [
        line.replace(f"⚑ {fact_id}: ", "⚑ ", 1) if fact_id else line
        for line in input_flags(findings)
    ]


def own_flags(findings: Sequence[FindingRecord], fact_id: str) -> list[str]:
    """The ⚑ line of the findings about one fact (those naming it as evidence left out),
    worded as `derive`, `check` and `compare` carry them."""
    return input_flags(
        [
            {
                "rule": f["rule"],
                "severity": f["severity"],
                "strength": f["strength"],
                "input": fact_id,
                "message": f["message"],
            }
            for f in findings
            if fact_id in f["subjects"]
        ]
    )


def provenance(doc: DocumentRecord) -> str:
    """Who published a source and when, and where it is; "not found" where a search could
    not establish it."""

    def part(key: Literal["publisher", "published"], word: str) -> str:
        given = doc[key]
        if given:
            return given
        return f"{word} {'not found' if key in doc['not_found'] else 'not given'}"

    text = f"{part('publisher', 'publisher')}; {part('published', 'date')}"
    return text + (f" · {doc['address']}" if doc["address"] else "")


# each verdict of `check`: its symbol (readable without colour) and its colour in a table
VERDICT_STYLE = {
    "supported": ("✓", "bold green"),
    "consistent": ("≈", "cyan"),
    "contradicted": ("✗", "bold red"),
    "scale": ("⇅", "bold magenta"),
    "unit": ("≠", "bold yellow"),
    "date": ("◷", "yellow"),
    "unknown": ("?", "dim"),
}


def verdict_label(verdict: str) -> str:
    """`✓ supported`: the symbol keeps the verdict readable without colour (NO_COLOR)."""
    return f"{VERDICT_STYLE[verdict][0]} {verdict}"
