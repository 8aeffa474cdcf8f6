"""Whether a figure of a text and a fact (or a derived figure) are figures of the same thing:
the frame read from the text (recognize/frames.py) against the fact's structured fields.

A part the claim leaves unstated stays open; a part it states must agree. `apart` names the
first part that keeps them apart, in the words of the verdict's note ("the facts hold Henan's
figure; this sentence is about China"). Pure.
"""

from __future__ import annotations

from loanfacts.check.targets import Target, strip_region
from loanfacts.model.kinds import Measure
from loanfacts.recognize.figures import Figure, UnitKind
from loanfacts.recognize.frames import Frame
from loanfacts.text.words import norm

_LEVELS = frozenset({Measure.BALANCE, Measure.AMOUNT})
_MEASURE_WORDS = {
    Measure.BALANCE: "a balance",
    Measure.INCREASE: "an increase over a period",
    Measure.AMOUNT: "an amount",
    Measure.COUNT: "a count",
    Measure.YOY_GROWTH: "a year-on-year growth rate",
    Measure.YOY_CHANGE: "a year-on-year change of a flow",
    Measure.GAP: "a gap to another series",
    Measure.RATE_CHANGE: "a change in a rate or a growth rate",
    Measure.SHARE: "a share",
    Measure.RATE: "a rate",
}
_CURRENCY_WORDS = {
    "CNY": "yuan",
    "USD": "US dollars",
    "GBP": "pounds",
    "EUR": "euros",
    "INR": "rupees",
    "HKD": "Hong Kong dollars",
    "TWD": "New Taiwan dollars",
}
#: increases counted from the start of the year, never the increase over a year
_SINCE_JANUARY = (
    "较年初",
    "比年初",
    "年初以来",
    "since the start",
    "since the beginning",
    "so far",
)


def _is_loans(target: Target) -> bool:
    return "loan" in target.topic or "贷款" in target.topic


def measures_agree(claim: Measure | None, target: Measure | None) -> bool:
    if claim is None or target is None or claim is target:
        return True
    return claim in _LEVELS and target in _LEVELS


def _possessive(region: str) -> str:
    return f"{region}'" if region.endswith("s") else f"{region}'s"


def apart(figure: Figure, frame: Frame, target: Target) -> str | None:
    """The part of the frame that keeps figure and target apart, as a note; None: in frame."""
    if frame.currency is not None and target.currency not in (None, frame.currency):
        return (
            f"the facts give {_CURRENCY_WORDS.get(target.currency, target.currency)}; this "
            f"figure is in {_CURRENCY_WORDS.get(frame.currency, frame.currency)}"
        )
    if frame.region is not None and target.region is not None and frame.region != target.region:
        return (
            f"the facts hold {_possessive(target.region)} figure; this sentence is about "
            f"{frame.region}"
        )
    if (
        frame.other is not None
        and _is_loans(target)
        and not any(frame.other.casefold() in n for n in target.names)
    ):
        return f"the facts hold {target.topic}; this figure is of {frame.other}"
    if target.derived and target.measure is None and frame.measure is not None:
        return f"the facts derive {target.topic}, of no measure this figure names"
    if not measures_agree(frame.measure, target.measure):
        return (
            f"the facts hold {_MEASURE_WORDS.get(target.measure, 'another measure')} "  # type: ignore[arg-type]
            f"({target.published}); this figure is "
            f"{_MEASURE_WORDS.get(frame.measure, 'another measure')}"  # type: ignore[arg-type]
        )
    if frame.whole is not None and " as a share of " in target.topic:
        whole = strip_region(norm(target.topic.split(" as a share of ", 1)[1]), target.region)
        if whole not in frame.whole:
            return f"the facts hold a share of {whole}; this figure is a share of {frame.whole}"
    if frame.measure is Measure.INCREASE and frame.since_january and target.derived:
        return (
            f"the facts give the increase over a year ({target.published}); this figure is "
            "the increase since the start of the year"
        )
    return None


def in_unit(figure: Figure, target: Target) -> bool:
    """Whether the figure's kind of unit can be the target's: a bare number may be money or
    a count."""
    if figure.unit is UnitKind.NUMBER:
        return target.kind in (UnitKind.MONEY, UnitKind.COUNT)
    return figure.unit is target.kind


def fits(figure: Figure, frame: Frame, target: Target) -> bool:
    return in_unit(figure, target) and apart(figure, frame, target) is None


def stated(frame: Frame, target: Target) -> bool:
    """Whether the claim states the region and the date it is held to (a flag needs both)."""
    return (
        frame.region is not None
        and frame.region == target.region
        and frame.date is not None
        and not frame.listed
    )


def value_flag(frame: Frame, target: Target) -> bool:
    """Whether a `scale`, `unit` or `date` flag may name the target: the value itself matches
    it (checked by the caller), so a region or date the claim leaves open stays open; never on
    a derived figure or on one figure of a listed series."""
    return not frame.listed and not target.derived and frame.region in (None, target.region)
