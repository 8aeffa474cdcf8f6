"""What a claim can be checked against: every fact and every derived figure of a base, each
with its unit kind, measure, bounds in base units, period and the names that point to it.

Built once per `check` run from the loaded facts, `derive.run` and the audit; check.py reads
only these. Names come from query.names (id, topic and aliases, English and Chinese), so
`check` finds a topic by the same words `show` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property, lru_cache

from loanfacts.analysis.bounds import Interval, fact_interval, round_sig
from loanfacts.analysis.derive import Derived
from loanfacts.lookup import query
from loanfacts.model.kinds import (
    HEDGE,
    UNIT_CURRENCIES,
    Measure,
    Qualifier,
    Scale,
    scale_factor,
    scale_label,
)
from loanfacts.model.models import Duration, Fact, Instant
from loanfacts.model.numtext import grouped
from loanfacts.recognize import figwords
from loanfacts.recognize.figures import UnitKind
from loanfacts.text.words import norm

# derivations by name -> the measure of what they give (new ones fall back to None)
DERIVED_MEASURES = {
    "prior-year-balance": Measure.BALANCE,
    "yoy-increase": Measure.INCREASE,
    "share-of-all-loans": Measure.SHARE,
    "implied-baseline-rate": Measure.YOY_GROWTH,
    "share-of-whole": Measure.SHARE,
    "prior-year-share": Measure.SHARE,
    "average-per-unit": Measure.AMOUNT,
}
#: a name shared by this many topics names none of them ("outstanding", "余额", "同比")
SHARED_BY = 3
_QUALIFIER_WORDS = HEDGE


def unit_kind(unit: str) -> UnitKind:
    if unit in UNIT_CURRENCIES or unit.startswith("yuan per "):
        return UnitKind.MONEY
    if unit == "%":
        return UnitKind.PERCENT
    if unit == "percentage points":
        return UnitKind.POINTS
    return UnitKind.COUNT


def _factor(scale: Scale | None) -> Decimal:
    return scale_factor(scale)


def number_text(value: Decimal) -> str:
    """1610.12 -> "1,610.12"; a derived figure rounded to two places."""
    return grouped(value)


@dataclass(frozen=True)
class Target:
    """A fact or a derived figure, as check compares a claim with it."""

    id: str
    derived: bool
    topic: str
    measure: Measure | None
    kind: UnitKind
    unit: str
    scale: Scale | None
    point: Decimal  # as published, in its own scale
    bounds: Interval  # what its wording and digits allow, in its own scale
    qualifier: Qualifier
    period: Instant | Duration | None
    published: str  # "more than 9,000 billion yuan", "≈ 7,934.41 billion yuan"
    document: str | None = None
    paragraph: int | None = None
    names: tuple[str, ...] = ()  # normalised words that name it
    nouns: frozenset[str] = frozenset()  # what a count counts: "visits", "times"
    earlier: bool = False  # a derived figure dated before its inputs (a year earlier)
    via: tuple[str, ...] = field(default=())  # inputs' names: a derived figure's weaker names
    region: str | None = None  # whose figure: Henan, China (a derived one: its first input's)
    currency: str | None = None  # CNY for yuan; None for what is no money
    title: str | None = None  # a derived figure's name, as `derive` names it; None for a fact

    @cached_property
    def factor(self) -> Decimal:
        return _factor(self.scale)

    @cached_property
    def base_point(self) -> Decimal:
        return self.point * self.factor

    @cached_property
    def base_bounds(self) -> Interval:
        """In base units; computed once, as every figure of a draft compares with it."""
        return self.bounds.scaled(self.factor)


def published_text(fact: Fact) -> str:
    """The figure as the source prints it, with its hedge: "more than 9,000 billion yuan";
    a negative figure printed without its sign (a fall) says "down"."""
    text = fact.source.text
    if re.fullmatch(r"[\d.,\s]+", text):  # "9.04": the unit printed apart in the source
        text = f"{text} {scale_label(fact.scale, fact.unit)}"
    if fact.value < 0 and not text.lstrip().startswith(("-", "−")):
        text = f"down {text}"
    return f"{_QUALIFIER_WORDS[fact.qualifier]}{text}"


def count_nouns(fact: Fact) -> frozenset[str]:
    """A count's unit and the last word it is printed with, singular and plural."""
    if unit_kind(fact.unit) is not UnitKind.COUNT:
        return frozenset()
    words = {fact.unit.casefold(), *fact.source.text.casefold().split()[-1:]}
    return frozenset(w for word in words if word.isalpha() for w in (word, word.rstrip("s")))


def _currency(currency: object, unit: str) -> str | None:
    if unit_kind(unit) is not UnitKind.MONEY:
        return None
    return str(getattr(currency, "value", currency)) if currency else "CNY"


#: words readers use for a subject that the facts' names do not hold: a name -> more names
READER_WORDS = {
    "manufacturing": ("manufacturers", "loans to manufacturers"),
    "制造业": ("制造企业",),
}


def reader_names(names: Iterable[str]) -> tuple[str, ...]:
    """A fact's names with the words readers use for the same subject (READER_WORDS)."""
    names = tuple(names)
    extra = [w for n in names for w in READER_WORDS.get(n, ())]
    return tuple(dict.fromkeys([*names, *extra]))


def fact_target(fact: Fact) -> Target:
    return Target(
        id=fact.id,
        derived=False,
        topic=fact.topic,
        measure=fact.measure,
        kind=unit_kind(fact.unit),
        unit=fact.unit,
        scale=fact.scale,
        point=fact.value,
        bounds=fact_interval(fact),
        qualifier=fact.qualifier,
        period=fact.period,
        published=published_text(fact),
        document=fact.source.document,
        paragraph=fact.source.paragraph,
        names=reader_names(query.names(fact)),
        nouns=count_nouns(fact),
        region=fact.region,
        currency=_currency(fact.currency, fact.unit),
    )


def own_names(topic: str) -> tuple[str, ...]:
    """A derived topic's own words: "all loans (各项贷款) in Henan" -> both of its parts."""
    parts = [
        topic,
        *re.findall(r"[(（]([^)）]+)[)）]", topic),
        re.sub(r"\s*[(（][^)）]*[)）]", "", topic),
    ]
    return tuple(dict.fromkeys(norm(p) for p in parts if p.strip()))


def derived_target(item: Derived, by_id: dict[str, Fact]) -> Target:
    inputs = [by_id[i] for i in item.inputs if i in by_id]
    first = inputs[0] if inputs else None
    own = own_names(item.topic)
    if first is not None and first.topic == item.topic:
        own = tuple(dict.fromkeys([*own, *query.names(first)]))
    via = tuple(dict.fromkeys(n for f in inputs for n in query.names(f) if n not in own))
    point = round_sig(item.point)
    shown = point.quantize(Decimal("0.01")) if 1 <= abs(point) < Decimal("1e20") else point
    return Target(
        id=item.id,
        derived=True,
        topic=item.topic,
        measure=DERIVED_MEASURES.get(item.derivation),
        kind=unit_kind(item.unit),
        unit=item.unit,
        scale=item.scale,
        point=item.point,
        bounds=item.bounds,
        qualifier=item.qualifier,
        period=item.period,
        published=f"≈ {number_text(shown)} {scale_label(item.scale, item.unit)}",
        title=item.name,
        names=own,
        via=via,
        region=first.region if first is not None else None,
        currency=_currency(first.currency if first else None, item.unit),
        earlier=first is not None
        and first.period is not None
        and item.period is not None
        and item.period.end < first.period.end,
    )


def generic_names(targets: Sequence[Target]) -> frozenset[str]:
    """Words that name no one topic: measure words, and names shared by several topics of
    one region ("manufacturing loans" of Henan, of China and of Luoyang are one subject in
    three regions: the region of the sentence tells them apart)."""
    topics: dict[tuple[str, str | None], set[str]] = {}
    for target in targets:
        if not target.derived:
            for name in target.names:
                topics.setdefault((name, target.region), set()).add(target.topic)
    shared = {name for (name, _r), owners in topics.items() if len(owners) >= SHARED_BY}
    return frozenset(shared | figwords.GENERIC_NAMES)


_JOINERS = re.compile(r"^(?:in|of|for)\s+|\s+(?:in|of|for)$|['’]s\b")


def strip_region(name: str, region: str | None) -> str:
    """A name without the words of its region: "china manufacturing loans" -> "manufacturing
    loans", "all loans (各项贷款) in henan" -> "all loans (各项贷款)"."""
    from loanfacts.recognize.regions import names_of

    if region is None:
        return name
    for word in names_of(region):
        name = (
            re.sub(rf"(?<![\w]){re.escape(word)}(?:['’]s)?(?![\w])", " ", name)
            if word.isascii()
            else name.replace(word, "")
        )
    return " ".join(_JOINERS.sub("", " ".join(name.split())).split())


@lru_cache(maxsize=64)
def _region_test(regions: frozenset[str]) -> Callable[[str], bool]:
    """Whether a name holds a word of one of regions: an English word whole, a Chinese one
    anywhere. One alternation of the English words (a search finds a match where any one
    word's own pattern would) and the Chinese words tested in turn; made once per set of
    regions, as `share_subject_names` asks it of every name of a large file."""
    from loanfacts.recognize.regions import names_of

    words = [w for r in sorted(regions) for w in names_of(r)]
    latin = [re.escape(w) for w in words if w.isascii()]
    han = [w for w in words if not w.isascii()]
    pattern = re.compile(rf"(?<![\w])(?:{'|'.join(latin)})(?![\w])") if latin else None

    def test(name: str) -> bool:
        return (pattern is not None and pattern.search(name) is not None) or any(
            w in name for w in han
        )

    return test


def share_subject_names(targets: list[Target]) -> list[Target]:
    """Every figure answers to the names of its subject, whatever its region: the reference
    "China manufacturing loans" to "manufacturing loans" and 制造业贷款 like Henan's; the
    sentence's region (recognize/frames.py) then tells the regions apart. A name that itself
    names a region ("Henan loans", 洛阳) stays with its own region's figures."""
    names_a_region = _region_test(frozenset(t.region for t in targets if t.region))
    subject: dict[str, set[str]] = {}
    keys: list[str] = []
    # a large file repeats a topic in many records and a name in many topics: each key and
    # each name's test is worked out once
    key_of: dict[tuple[str, str | None], str] = {}
    local: dict[str, bool] = {}
    for target in targets:
        at = (target.topic, target.region)
        key = key_of.get(at)
        if key is None:
            key = key_of[at] = strip_region(norm(topic_core(target.topic)), target.region)
        keys.append(key)
        if not target.derived:
            # the topic less its region's words names the subject too ("china's new loans":
            # "new loans"), so that a possessive, which ends a name in running text, does not
            # hide it
            own = [key] if " " in key and key != norm(target.topic) else []  # "loans": none
            for n in (*target.names, *own):
                named = local.get(n)
                if named is None:
                    named = local[n] = names_a_region(n)
                if not named:
                    subject.setdefault(key, set()).add(n)
    out = []
    for target, key in zip(targets, keys, strict=True):
        extra = [n for n in sorted(subject.get(key, ())) if n not in target.names]
        out.append(replace(target, names=(*target.names, *extra)) if extra else target)
    return out


def topic_core(topic: str) -> str:
    """A derived topic without its Chinese gloss: "all loans (各项贷款) in Henan" ->
    "all loans in Henan"."""
    return re.sub(r"\s*[(（][^)）]*[)）]", "", topic)


def build(facts: Iterable[Fact], derived: Iterable[Derived]) -> list[Target]:
    facts = list(facts)
    by_id = {f.id: f for f in facts}
    return share_subject_names(
        [*(fact_target(f) for f in facts), *(derived_target(d, by_id) for d in derived)]
    )
