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
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from loanfacts.check.claims import Fit, claim_fit, date_agrees, fit, half_unit
from loanfacts.check.context import Sections, region_of, with_origin
from loanfacts.check.frames import apart, in_unit, stated, value_flag
from loanfacts.check.frames import fits as frame_fits
from loanfacts.check.matcher import Context, Matcher, Mention, compatible
from loanfacts.check.results import Checked, CheckResult, Verdict
from loanfacts.check.targets import Target, number_text
from loanfacts.model.kinds import NO_DATE, Measure, Qualifier, Scale, unscaled
from loanfacts.model.models import Duration, Instant
from loanfacts.model.records import CheckRecord
from loanfacts.recognize import figwords
from loanfacts.recognize.figures import Figure, Recognized, Sentence, UnitKind, recognize
from loanfacts.recognize.frames import Frame, drop_days, frames, points_back, share_listed_units
from loanfacts.text.normalize import simplified

if TYPE_CHECKING:
    from collections.abc import Iterable

    from loanfacts.analysis.derive import Derived
    from loanfacts.lookup.base import Lookup
    from loanfacts.model.models import Fact


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


# --- verdicts ------------------------------------------------------------------------------


def _tier(figure: Figure, same: list[tuple[Target, bool]]) -> list[tuple[Target, bool]]:
    """The candidates of the measure the wording names ("rose" a growth rate, "outpaced" a
    gap). A derived figure is held against a claim only when the wording names its measure
    (an increase, a share, an average): a bare number is a claim about a published one."""
    published = [c for c in same if not c[0].derived]
    if figure.measure is None:  # "a year earlier ... 7,934 billion": the prior-year level too
        return published + [c for c in same if c[0].derived and c[0].earlier]
    exact = [c for c in same if c[0].measure is figure.measure]
    if exact:
        return exact
    if figure.measure in _LEVELS:
        return [c for c in published if c[0].measure in _LEVELS]
    return []


def _near(figure: Figure, target: Target) -> bool:
    """A claim inside a one-sided bound is consistent with it only near it (within a factor
    of two): "2.63 trillion" is no reading of "more than 1,065 billion"."""
    if target.qualifier not in (Qualifier.LOWER_BOUND, Qualifier.UPPER_BOUND) and not (
        target.bounds.lo.is_infinite() or target.bounds.hi.is_infinite()
    ):
        return True
    claim, point = abs(figure.base_value), abs(target.base_point)
    return point / 2 <= claim <= point * 2


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
        self._prior_cues: dict[int, bool] = {}  # per sentence, read once (not per figure)
        self._doubts_of = doubts
        self._doubts: frozenset[str] | None = None

    @property
    def scale_doubts(self) -> frozenset[str]:
        """The facts whose scale the audit doubts, asked for only when a claim is off by a
        power of ten: running the audit costs more than checking most texts does."""
        if self._doubts is None:
            self._doubts = self._doubts_of()
        return self._doubts

    def check(self, text: str, got: Recognized | None = None) -> CheckResult:
        """Traditional characters are read as simplified (one for one, so every offset
        stands); a listed series shares its last figure's unit; each figure is judged
        within the frame its own clause gives it (recognize/frames.py). `got`: the text
        already read (`read_text`)."""
        got = got or read_text(text)
        self.sentences = got.sentences
        self._prior_cues = {}
        checked: list[Checked] = []
        sections = Sections(got)
        named_at = -1  # where the last figure whose own sentence named its subject stands
        previous: dict[int, int] = {}
        mentions: dict[int, list[Mention]] = {}
        for read, framed in zip(got.figures, frames(got), strict=True):
            frame = replace(framed, measure=framed.measure or read.measure)
            figure = replace(
                read, text=text[read.start : read.end], date=frame.date, measure=frame.measure
            )
            for index in (figure.sentence - 1, figure.sentence):
                if index >= 0 and index not in mentions:
                    start, end = (
                        (got.sentences[index].start, got.sentences[index].end)
                        if got.sentences
                        else (0, len(text))
                    )
                    mentions[index] = self.matcher.mentions(got.text, start, end)
            sentence = got.sentences[figure.sentence] if got.sentences else None
            window = previous.get(figure.sentence, sentence.start if sentence else 0)
            previous[figure.sentence] = figure.end
            start = sentence.start if sentence else 0
            back = points_back(got.text[start : figure.start])
            # a sentence that names a subject of its own, one the facts do not know ("Exports
            # rose 7.5%"), takes none from the sentence before
            carried = self._carried(got, figure.sentence, mentions, sections) if back else []
            heading = sections.heading(figure, named_at)
            cands, origin = self.matcher.choose(
                figure,
                mentions[figure.sentence],
                window,
                carried,
                lambda t, f=figure, fr=frame: frame_fits(f, fr, t),  # type: ignore[misc]
                got.text,
                start,
                Context(back, heading),
            )
            if origin is None and cands:  # its own words name its subject: the section's
                named_at = figure.start  # subject moves on (no heading after this)
            elif origin is not None and frame.region is None:  # whose subject: its region too
                region = region_of(got, figure, origin, heading)
                if region is not None:  # "Shanghai's tea loans ... The growth rate was 7.5%"
                    frame = replace(frame, region=region)
            verdict, target, note = with_origin(origin, *self.verdict(figure, cands, frame))
            shown = text[sentence.start : sentence.end] if sentence else text
            checked.append(Checked(figure, shown, verdict, target, note))
        return CheckResult(text, got, checked)

    @staticmethod
    def _carried(
        got: Recognized, index: int, mentions: dict[int, list[Mention]], sections: Sections
    ) -> list[Mention]:
        """The topic words of the sentence before, when it stands in the same paragraph and
        is no section heading (a heading names its section: Sections.heading)."""
        if index <= 0:
            return []
        before = got.sentences[index - 1]
        between = got.text[before.end : got.sentences[index].start]
        if "\n\n" in between.replace("\r", "") or sections.is_heading(before.start):
            return []
        return mentions.get(index - 1, [])

    def verdict(
        self, figure: Figure, cands: list[tuple[Target, bool]], frame: Frame | None = None
    ) -> tuple[Verdict, Target | None, str]:
        gated = self._gate(figure, cands, frame)
        if isinstance(gated, tuple):
            return gated
        cands, crossable = gated
        earlier = self._says_earlier(figure)
        same = sorted(
            (c for c in cands if compatible(figure, c[0]) and (earlier or not c[0].earlier)),
            key=lambda c: _rank(c, figure),
        )
        tier = _tier(figure, same)
        fits_ = [
            (c[0], claim_fit(figure, c[0]), date_agrees(figure.date, c[0].period)) for c in tier
        ]
        for wanted in (Fit.EQUAL, Fit.INSIDE):
            for target, how, date_ok in fits_:
                if how is wanted and date_ok and (how is Fit.EQUAL or _near(figure, target)):
                    verdict = Verdict.SUPPORTED if how is Fit.EQUAL else Verdict.CONSISTENT
                    return verdict, target, self._agree_note(figure, target, how)
        flaggable = [c for c in tier if frame is None or value_flag(frame, c[0])]
        for target, how, date_ok in fits_:
            if how in (Fit.EQUAL, Fit.INSIDE) and not date_ok and (target, True) in flaggable:
                return (
                    Verdict.DATE,
                    target,
                    (
                        f"the value fits {target.published} ({_period_text(target.period)}), but "
                        f"the claim is dated {figure.date.text if figure.date else 'otherwise'}"
                    ),
                )
        scaled = self._scale(figure, flaggable)
        if scaled is not None:
            return scaled
        for target, how, date_ok in fits_:
            if (
                how is Fit.LOOSE
                and date_ok
                and abs(figure.base_value) * 2 >= abs(target.base_point)
            ):
                return Verdict.CONSISTENT, target, self._agree_note(figure, target, how)
        crossed = self._unit(figure, crossable)
        if crossed is not None:
            return crossed
        return self._against(figure, frame, fits_, cands)

    def _against(
        self,
        figure: Figure,
        frame: Frame | None,
        fits_: list[tuple[Target, Fit, bool]],
        cands: list[tuple[Target, bool]],
    ) -> tuple[Verdict, Target | None, str]:
        """No value fits: `contradicted` where the whole frame is stated and agrees, else
        `unknown` with the nearest fact and what the sentence leaves unsaid."""
        in_date = [t for t, _how, ok in fits_ if ok]
        if in_date:
            target = in_date[0]
            if frame is None or (
                stated(frame, target)
                and not target.derived
                and frame.measure is not None
                and figure.date
            ):
                return (
                    Verdict.CONTRADICTED,
                    target,
                    f"the facts give {target.published} ({_period_text(target.period)})",
                )
            return (
                Verdict.UNKNOWN,
                None,
                f"the nearest fact is {target.id}: {target.published} "
                f"({_period_text(target.period)}); {self._unstated(frame, target)}",
            )
        if fits_:
            target = fits_[0][0]
            return (
                Verdict.UNKNOWN,
                None,
                (
                    f"no figure of this topic dated {figure.date.text if figure.date else ''}; "
                    f"the nearest is {target.id}: {target.published} "
                    f"({_period_text(target.period)})"
                ),
            )
        topics = sorted({c[0].topic for c in cands})
        return (
            Verdict.UNKNOWN,
            None,
            (f"no figure in {_KIND_WORDS[figure.unit]} for {', '.join(topics[:3])}"),
        )

    def _gate(
        self, figure: Figure, cands: list[tuple[Target, bool]], frame: Frame | None
    ) -> tuple[Verdict, Target | None, str] | list[list[tuple[Target, bool]]]:
        """The candidates within the figure's frame and those a unit slip may name; or the
        verdict when none is within it (a conversion, no topic, a frame apart)."""
        if (
            frame is not None
            and frame.converted
            and not any(c[0].currency == frame.currency for c in cands)
        ):  # a conversion is checked only against a figure the facts give in its currency
            return (
                Verdict.UNKNOWN,
                None,
                "the same amount converted into another currency: not checked again",
            )
        if not cands:
            return Verdict.UNKNOWN, None, "the sentence names no topic the facts know"
        if frame is None:
            return [cands, cands]
        crossable = [
            c for c in cands if apart(figure, frame, c[0]) is None and value_flag(frame, c[0])
        ]
        kept = [c for c in cands if frame_fits(figure, frame, c[0])]
        if kept:
            return [kept, crossable]
        return (
            self._unit(figure, crossable)
            or self._currency_slip(figure, frame, cands)
            or self._apart_note(figure, frame, cands)
        )

    @staticmethod
    def _currency_slip(
        figure: Figure, frame: Frame, cands: list[tuple[Target, bool]]
    ) -> tuple[Verdict, Target, str] | None:
        """`unit`: the number and scale of a yuan fact, printed in another currency ("38.32
        billion dollars" for 38.32 billion yuan); a bracketed conversion never comes here."""
        for target, _own in cands:
            if (
                target.kind is UnitKind.MONEY
                and frame.currency not in (None, target.currency)
                and value_flag(replace(frame, currency=target.currency), target)
                and apart(figure, replace(frame, currency=target.currency), target) is None
                and claim_fit(figure, target) is Fit.EQUAL
            ):
                return (
                    Verdict.UNIT,
                    target,
                    f"the number matches {target.published}, but the claim is in "
                    f"{figure.unit_text}",
                )
        return None

    @staticmethod
    def _unstated(frame: Frame, target: Target) -> str:
        if frame.region is None:
            return "the sentence does not say whose figure it is"
        if frame.date is None:
            return "the sentence does not say when"
        if frame.measure is None:
            return "the sentence does not say what kind of figure it is"
        return "the sentence names it only by a figure derived from it"

    @staticmethod
    def _apart_note(
        figure: Figure, frame: Frame, cands: list[tuple[Target, bool]]
    ) -> tuple[Verdict, Target | None, str]:
        """Unknown: the nearest candidate and the part of the frame that keeps it apart."""
        ranked = sorted(cands, key=lambda c: (not in_unit(figure, c[0]), c[0].derived, not c[1]))
        target = ranked[0][0]
        why = apart(figure, frame, target) or (
            f"the facts give {_KIND_WORDS[target.kind]}; this figure is in "
            f"{_KIND_WORDS[figure.unit]}"
        )
        return Verdict.UNKNOWN, None, f"nearest: {target.id} ({target.published}); {why}"

    def _says_earlier(self, figure: Figure) -> bool:
        """A figure a year before the facts ("a year earlier", "in 2024") may be a derived
        prior-year figure; any other never is."""
        if figure.date is not None and figure.date.year is not None:
            return True
        said = self._prior_cues.get(figure.sentence)
        if said is None:
            sentence = self.sentences[figure.sentence].text.casefold() if self.sentences else ""
            said = self._prior_cues[figure.sentence] = any(
                cue in sentence for cue in figwords.PRIOR_YEAR
            )
        return said

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


def read_text(text: str) -> Recognized:
    """The figures of a text as `check` reads them."""
    return share_listed_units(drop_days(recognize(simplified(text))))


def wanted(got: Recognized, facts: Iterable[Fact]) -> frozenset[str]:
    """The derivations whose figures can be within the frame of a figure of the text
    (frames.fits): of a kind of unit the figure can be (`in_unit`: a bare number is money or
    a count) and, when its clause names a measure, of that measure (`apart` keeps a derived
    figure of another measure, or of none, apart). A derived figure outside every frame
    never reaches a verdict: deriving it is wasted. A level is in the unit of an input level
    of `facts` (a file may hold a balance in %), or an average (money or a count)."""
    from loanfacts.analysis.derivations import LEVELS, PERCENT_RATE, REGISTRY
    from loanfacts.check.frames import measures_agree
    from loanfacts.check.targets import DERIVED_MEASURES, unit_kind

    levels = _room(
        {UnitKind.MONEY, UnitKind.COUNT} | {unit_kind(f.unit) for f in facts if f.measure in LEVELS}
    )
    out: set[str] = set()
    for figure, frame in zip(got.figures, frames(got), strict=True):
        measure = frame.measure or figure.measure
        for derivation in REGISTRY:
            kinds = _PERCENT if derivation.yields == PERCENT_RATE else levels
            made = DERIVED_MEASURES.get(derivation.name)
            if figure.unit in kinds and (
                measure is None or (made is not None and measures_agree(measure, made))
            ):
                out.add(derivation.name)
    return frozenset(out)


def _room(kinds: set[UnitKind]) -> frozenset[UnitKind]:
    """The kinds of unit a figure of a text can have to fit a target of one of kinds."""
    bare = {UnitKind.NUMBER} if kinds & {UnitKind.MONEY, UnitKind.COUNT} else set()
    return frozenset(kinds | bare)


_PERCENT = _room({UnitKind.PERCENT})


def checker_for(base: Lookup, got: Recognized | None = None) -> Checker:
    """A checker of any text, or (`got`) of that text alone: only the derivations `wanted`.

    Dropping a derivation drops its figures' names from the matcher's vocabulary, and the
    longest name found in a sentence could then be another. So the names the dropped
    derivations would give (their topics, read without computing) are looked for in the
    text as the checker reads it; where one stands there, every derivation runs."""
    from loanfacts.analysis import derive
    from loanfacts.analysis.derivations import Pool
    from loanfacts.check import targets

    if got is None:
        return _checker(base, derive.run(base.facts, base.reference_ids).derived)
    only = wanted(got, base.facts)
    pool = Pool.of(base.facts, base.reference_ids)
    checker = _checker(
        base, derive.run(base.facts, base.reference_ids, only=only, pool=pool).derived
    )
    dropped = {d.name for d in derive.REGISTRY} - only
    known = {*checker.matcher.own, *checker.matcher.via}
    unseen = {
        name
        for topic in derive.topics(pool, dropped)
        for name in targets.own_names(topic)
        if name not in known
    }
    if unseen and _stands_in(got, unseen):
        return _checker(base, derive.run(base.facts, base.reference_ids, pool=pool).derived)
    return checker


def _stands_in(got: Recognized, names: set[str]) -> bool:
    """Whether a name stands in the text where the checker looks for names: any sentence, or
    the whole text."""
    from loanfacts.text.words import NameFinder

    finder = NameFinder(names)
    spans = [(s.start, s.end) for s in got.sentences] + [(0, len(got.text))]
    return any(finder.find(got.text, start, end) for start, end in spans)


def _checker(base: Lookup, derived: list[Derived]) -> Checker:
    from loanfacts.check import targets

    return Checker(
        Matcher(targets.build(base.facts, derived), known_generic(base)),
        lambda: scale_doubts(base),
    )


def known_generic(base: Lookup) -> frozenset[str]:
    """The names a narrowing of a large file found shared by several topics of one region,
    whose facts it left out (check/generic.py `Narrowed.generic`); none for a file."""
    found = getattr(base, "generic", None)
    return found if isinstance(found, frozenset) else frozenset()


def check(base: Lookup, text: str) -> CheckResult:
    from loanfacts.check.findings import attach

    got = read_text(text)
    return attach(base, checker_for(base, got).check(text, got))


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
        "title": t.title if t else None,
        "published": t.published if t else None,
        "note": item.note,
        "source": {"document": t.document, "paragraph": t.paragraph}
        if t and not t.derived
        else None,
        "findings": [f.to_json() for f in item.findings],
    }


def payload(result: CheckResult) -> dict[str, object]:
    return {"figures": [record(c) for c in result.checked], "summary": result.summary()}


def records(result: CheckResult) -> list[CheckRecord]:
    return [record(c) for c in result.checked]
