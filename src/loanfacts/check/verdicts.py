"""`check`: every figure of a text matched to the facts and the derived figures, with a verdict.

The recognizer (figures.py) reads each figure with its unit kind, qualifier, sign, measure
words and date; the topic words of its clause (matcher.py: the names `show` matches, ids,
topics and aliases, English and Chinese) choose the facts and derived figures (derive.run) it
can be about; the verdict rules here then compare the figure at its own precision with each
of them, in base units (9000亿 and 9,000 billion are compared as yuan). Pure: the caller
loads the facts.

A figure is never `supported` unless a fact or a derived figure of its topic, kind of unit
and date equals it when read at the claim's own precision and that figure's qualifier allows
it; anything looser is `consistent` at best.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from loanfacts.check.claims import Fit, claim_fit, date_agrees, fit, half_unit
from loanfacts.check.matcher import Matcher, Mention, compatible
from loanfacts.check.targets import Target, number_text
from loanfacts.model.kinds import NO_DATE, Measure, Qualifier, Scale, unscaled
from loanfacts.model.models import Duration, Instant
from loanfacts.model.records import CheckRecord
from loanfacts.recognize import figwords
from loanfacts.recognize.figures import Figure, Recognized, Sentence, UnitKind, recognize

if TYPE_CHECKING:
    from loanfacts.lookup.base import Lookup


class Verdict(StrEnum):
    """The verdict names are the JSON contract."""

    SUPPORTED = "supported"
    CONSISTENT = "consistent"
    CONTRADICTED = "contradicted"
    SCALE = "scale"
    UNIT = "unit"
    DATE = "date"
    UNKNOWN = "unknown"


PASSING = frozenset({Verdict.SUPPORTED, Verdict.CONSISTENT})


_LEVELS = frozenset({Measure.BALANCE, Measure.AMOUNT})
_CROSS = {
    UnitKind.PERCENT: UnitKind.POINTS,
    UnitKind.POINTS: UnitKind.PERCENT,
    UnitKind.MONEY: UnitKind.COUNT,
    UnitKind.COUNT: UnitKind.MONEY,
}
_FACTORS = (10, 100, 1000, 10000)
_SLIPS = {
    ("yi", "billion"): "亿 read as billion",
    ("billion", "yi"): "billion read as 亿",
    ("million", "billion"): "million against billion",
    ("billion", "million"): "billion against million",
    ("billion", "trillion"): "billion against trillion",
    ("trillion", "billion"): "trillion against billion",
    ("wan", "yi"): "万 against 亿",
    ("yi", "wan"): "亿 against 万",
    ("wanyi", "trillion"): "万亿 against trillion",
}
_KIND_WORDS = {
    UnitKind.MONEY: "money",
    UnitKind.PERCENT: "percent",
    UnitKind.POINTS: "percentage points",
    UnitKind.COUNT: "counts",
    UnitKind.NUMBER: "numbers",
}


@dataclass(frozen=True)
class Checked:
    figure: Figure
    sentence: str
    verdict: Verdict
    target: Target | None
    note: str


@dataclass(frozen=True)
class CheckResult:
    text: str
    recognized: Recognized
    checked: list[Checked]

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys((v.value for v in Verdict), 0)
        for item in self.checked:
            counts[item.verdict.value] += 1
        return counts

    @property
    def passed(self) -> bool:
        return bool(self.checked) and all(c.verdict in PASSING for c in self.checked)


# --- verdicts ------------------------------------------------------------------------------


def _tier(figure: Figure, same: list[tuple[Target, bool]]) -> list[tuple[Target, bool]]:
    """The candidates of the measure the wording names ("rose" a growth rate, "outpaced" a
    gap). A derived figure is held against a claim only when the wording names its measure
    (an increase, a share, an average): a bare number is a claim about a published one."""
    published = [c for c in same if not c[0].derived]
    if figure.measure is None:
        return published
    exact = [c for c in same if c[0].measure is figure.measure]
    if exact:
        return exact
    if figure.measure in _LEVELS:
        return [c for c in published if c[0].measure in _LEVELS]
    return []


def _rank(item: tuple[Target, bool], figure: Figure) -> tuple[int, int, int]:
    target, own = item
    return (
        0 if own else 1,
        1 if target.derived else 0,
        0 if date_agrees(figure.date, target.period) else 1,
    )


def _at_scale(figure: Figure, target: Target, factor: Decimal) -> bool:
    """Equal once rescaled, or sitting on the figure's bound ("900 billion" against "more
    than 9,000 billion"): a bound alone never makes a scale slip."""
    how = claim_fit(figure, target, factor)
    if how is Fit.EQUAL:
        return True
    if how is not Fit.INSIDE or target.qualifier not in (
        Qualifier.LOWER_BOUND,
        Qualifier.UPPER_BOUND,
    ):
        return False
    bound = (
        target.base_bounds.lo
        if target.qualifier is Qualifier.LOWER_BOUND
        else target.base_bounds.hi
    )
    return abs(figure.base_value * factor - bound) <= half_unit(figure) * factor


def _scale_text(value: Decimal, scale: Scale | None) -> str:
    shown = unscaled(value, scale).normalize()
    label = scale.label if scale else ""
    return (
        f"{number_text(shown)} {label} yuan".replace("  ", " ")
        if label
        else f"{number_text(shown)} yuan"
    )


def _period_text(period: Instant | Duration | None) -> str:
    if period is None:
        return NO_DATE
    return (
        f"as of {period.date}" if isinstance(period, Instant) else f"{period.start} to {period.end}"
    )


class Checker:
    """Verdicts for the figures of a text against one base's targets."""

    def __init__(self, matcher: Matcher, doubts: Callable[[], frozenset[str]] = frozenset) -> None:
        self.matcher = matcher
        self.sentences: list[Sentence] = []
        self._doubts_of = doubts
        self._doubts: frozenset[str] | None = None

    @property
    def scale_doubts(self) -> frozenset[str]:
        """The facts whose scale the audit doubts, asked for only when a claim is off by a
        power of ten: running the audit costs more than checking most texts does."""
        if self._doubts is None:
            self._doubts = self._doubts_of()
        return self._doubts

    def check(self, text: str) -> CheckResult:
        got = recognize(text)
        self.sentences = got.sentences
        checked: list[Checked] = []
        previous: dict[int, int] = {}
        mentions: dict[int, list[Mention]] = {}
        for figure in got.figures:
            for index in (figure.sentence - 1, figure.sentence):
                if index >= 0 and index not in mentions:
                    start, end = (
                        (got.sentences[index].start, got.sentences[index].end)
                        if got.sentences
                        else (0, len(text))
                    )
                    mentions[index] = self.matcher.mentions(text, start, end)
            sentence = got.sentences[figure.sentence] if got.sentences else None
            window = previous.get(figure.sentence, sentence.start if sentence else 0)
            previous[figure.sentence] = figure.end
            carried = self._carried(got, figure.sentence, mentions)
            cands = self.matcher.candidates(figure, mentions[figure.sentence], window, carried)
            verdict, target, note = self.verdict(figure, cands)
            checked.append(
                Checked(figure, sentence.text if sentence else text, verdict, target, note)
            )
        return CheckResult(text, got, checked)

    @staticmethod
    def _carried(got: Recognized, index: int, mentions: dict[int, list[Mention]]) -> list[Mention]:
        """The topic words of the sentence before, when it stands in the same paragraph."""
        if index <= 0:
            return []
        between = got.text[got.sentences[index - 1].end : got.sentences[index].start]
        return [] if "\n\n" in between.replace("\r", "") else mentions.get(index - 1, [])

    def verdict(
        self, figure: Figure, cands: list[tuple[Target, bool]]
    ) -> tuple[Verdict, Target | None, str]:
        if not cands:
            return Verdict.UNKNOWN, None, "the sentence names no topic the facts know"
        earlier = self._says_earlier(figure)
        same = sorted(
            (c for c in cands if compatible(figure, c[0]) and (earlier or not c[0].earlier)),
            key=lambda c: _rank(c, figure),
        )
        tier = _tier(figure, same)
        fits = [
            (c[0], claim_fit(figure, c[0]), date_agrees(figure.date, c[0].period)) for c in tier
        ]
        for wanted in (Fit.EQUAL, Fit.INSIDE):
            for target, how, date_ok in fits:
                if how is wanted and date_ok:
                    verdict = Verdict.SUPPORTED if how is Fit.EQUAL else Verdict.CONSISTENT
                    return verdict, target, self._agree_note(figure, target, how)
        for target, how, date_ok in fits:
            if how in (Fit.EQUAL, Fit.INSIDE) and not date_ok:
                return (
                    Verdict.DATE,
                    target,
                    (
                        f"the value fits {target.published} ({_period_text(target.period)}), but "
                        f"the claim is dated {figure.date.text if figure.date else 'otherwise'}"
                    ),
                )
        scaled = self._scale(figure, tier)
        if scaled is not None:
            return scaled
        for target, how, date_ok in fits:
            if how is Fit.LOOSE and date_ok:
                return Verdict.CONSISTENT, target, self._agree_note(figure, target, how)
        crossed = self._unit(figure, cands)
        if crossed is not None:
            return crossed
        in_date = [t for t, _how, ok in fits if ok]
        if in_date:
            target = in_date[0]
            return (
                Verdict.CONTRADICTED,
                target,
                (f"the facts give {target.published} ({_period_text(target.period)})"),
            )
        if fits:
            target = fits[0][0]
            return (
                Verdict.UNKNOWN,
                target,
                (
                    f"no figure of this topic dated {figure.date.text if figure.date else ''}; "
                    f"the nearest is {target.published} ({_period_text(target.period)})"
                ),
            )
        topics = sorted({c[0].topic for c in cands})
        return (
            Verdict.UNKNOWN,
            None,
            (f"no figure in {_KIND_WORDS[figure.unit]} for {', '.join(topics[:3])}"),
        )

    def _says_earlier(self, figure: Figure) -> bool:
        """A figure a year before the facts ("a year earlier", "in 2024") may be a derived
        prior-year figure; any other never is."""
        if figure.date is not None and figure.date.year is not None:
            return True
        sentence = self.sentences[figure.sentence].text.casefold() if self.sentences else ""
        return any(cue in sentence for cue in figwords.PRIOR_YEAR)

    def _agree_note(self, figure: Figure, target: Target, how: Fit) -> str:
        if how is Fit.EQUAL:
            return f"the facts give {target.published}"
        if how is Fit.LOOSE:
            return f"true, but the facts give more: {target.published}"
        if target.qualifier in (Qualifier.LOWER_BOUND, Qualifier.UPPER_BOUND):
            return f"fits the facts' bound ({target.published}) but is not pinned down by it"
        return f"within the published precision of {target.published}, not pinned down by it"

    def _scale(
        self, figure: Figure, tier: list[tuple[Target, bool]]
    ) -> tuple[Verdict, Target, str] | None:
        if figure.unit not in (UnitKind.MONEY, UnitKind.COUNT, UnitKind.NUMBER):
            return None
        for target, _own in tier:
            if not date_agrees(figure.date, target.period):
                continue
            for k in _FACTORS:
                for factor in (Decimal(k), Decimal(1) / k):
                    if _at_scale(figure, target, factor):
                        return Verdict.SCALE, target, self._scale_note(figure, target, factor)
        return None

    def _scale_note(self, figure: Figure, target: Target, factor: Decimal) -> str:
        claim_scale = figure.scale.value if figure.scale else "yuan"
        fact_scale = target.scale.value if target.scale else "yuan"
        times = factor if factor >= 1 else 1 / factor
        slip = _SLIPS.get((claim_scale, fact_scale), f"off by a factor of {number_text(times)}")
        number = (
            f"{figure.number}{figure.scale_text}".replace(" ", "")
            if figure.scale_text and not figure.scale_text.isascii()
            else f"{figure.number} {figure.scale_text}"
        )
        note = (
            f"{number.strip()} is {_scale_text(figure.base_value, target.scale)}; the "
            f"report prints {target.published}, {number_text(times)}× "
            f"{'more' if factor > 1 else 'less'}: {slip}?"
        )
        doubted = target.id in self.scale_doubts or (
            target.derived and any(i in self.scale_doubts for i in target.id.split("."))
        )
        if doubted:
            note += " The audit already suspects this figure's scale"
            note += ("; the claim matches the likely true reading" if factor > 1 else "") + "."
        return note

    def _unit(
        self, figure: Figure, cands: list[tuple[Target, bool]]
    ) -> tuple[Verdict, Target, str] | None:
        other = _CROSS.get(figure.unit)
        for target, _own in cands:
            if figure.currency not in (None, "yuan") and target.kind is UnitKind.MONEY:
                return (
                    Verdict.UNIT,
                    target,
                    (f"the claim is in {figure.unit_text}; the facts give {target.published}"),
                )
            if target.kind is not other:
                continue
            half = unscaled(half_unit(figure), figure.scale)
            if fit(figure.value, half, figure.qualifier, target, base=False) is Fit.EQUAL:
                return (
                    Verdict.UNIT,
                    target,
                    (
                        f"the number matches {target.published}, but the claim is in "
                        f"{_KIND_WORDS[figure.unit]}, the fact in {_KIND_WORDS[target.kind]}"
                    ),
                )
        return None


# --- entry points and records --------------------------------------------------------------


def scale_doubts(base: Lookup) -> frozenset[str]:
    """Facts whose scale the audit doubts (any rule about scale naming them)."""
    from loanfacts.model.store import FactBase

    if isinstance(base, FactBase):
        from loanfacts.analysis import audit

        return frozenset(i for f in audit.run(base) if "scale" in f.rule for i in f.ids)
    named = base.audit_rules([f.id for f in base.facts])  # an index's answer
    return frozenset(i for i, rules in named.items() if any("scale" in r for r in rules))


def checker_for(base: Lookup) -> Checker:
    from loanfacts.analysis import derive
    from loanfacts.check import targets

    derived = derive.run(base.facts, base.reference_ids)
    return Checker(Matcher(targets.build(base.facts, derived.derived)), lambda: scale_doubts(base))


def check(base: Lookup, text: str) -> CheckResult:
    return checker_for(base).check(text)


def _unit_name(figure: Figure) -> str | None:
    if figure.unit is UnitKind.MONEY:
        return figure.currency
    if figure.unit is UnitKind.PERCENT:
        return "%"
    if figure.unit is UnitKind.POINTS:
        return "percentage points"
    if figure.unit is UnitKind.COUNT:
        return figure.noun
    return None


def record(item: Checked) -> CheckRecord:
    f, t = item.figure, item.target
    return {
        "text": f.text,
        "sentence": item.sentence,
        "start": f.start,
        "end": f.end,
        "value": f.value,
        "unit": _unit_name(f),
        "kind": f.unit.value,
        "scale": f.scale.value if f.scale else None,
        "qualifier": f.qualifier.value,
        "date": f.date.text if f.date else None,
        "verdict": item.verdict.value,
        "fact": t.id if t else None,
        "derived": bool(t and t.derived),
        "published": t.published if t else None,
        "note": item.note,
        "source": {"document": t.document, "paragraph": t.paragraph}
        if t and not t.derived
        else None,
    }


def payload(result: CheckResult) -> dict[str, object]:
    return {"figures": [record(c) for c in result.checked], "summary": result.summary()}


def records(result: CheckResult) -> list[CheckRecord]:
    return [record(c) for c in result.checked]
