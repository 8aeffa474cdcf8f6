"""Comparisons: figures side by side, difference, ratio and share, with plain warnings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext

from loanfacts.analysis.bounds import Interval, fact_interval
from loanfacts.lookup import query
from loanfacts.lookup.hints import derive_hint, measure_missing
from loanfacts.lookup.query import MEASURE_ORDER, Lexicon
from loanfacts.lookup.suggest import did_you_mean, suggestions
from loanfacts.model.errors import NoMatchError, UsageError
from loanfacts.model.kinds import PERCENT, POINTS, scale_factor
from loanfacts.model.models import Fact, Measure, period_label


@dataclass(frozen=True)
class Side:
    """One argument of `compare` and the facts it resolved to."""

    arg: str
    facts: list[Fact]


@dataclass(frozen=True)
class Pair:
    """The second fact against the first (the base), in the base's scale."""

    base: Fact
    other: Fact
    difference: Decimal | None
    difference_bounds: Interval | None
    ratio: Decimal | None
    ratio_bounds: Interval | None
    share: Decimal | None
    share_of: str | None
    unit: str


@dataclass(frozen=True)
class Comparison:
    sides: list[Side]
    rows: list[tuple[Measure, list[Fact | None]]]
    pairs: list[Pair]
    warnings: list[str]


SEPARATORS = frozenset({"vs", "vs.", "versus", "against"})


def resolve(facts: list[Fact], arg: str, lexicon: Lexicon | None = None) -> Side:
    """An exact id names one fact; a topic or alias names all facts of that topic (those of
    the measure asked for, with a measure word: `manufacturing balance`)."""
    for fact in facts:
        if fact.id == arg:
            return Side(arg, [fact])
    match = query.resolve(arg, lexicon or query.FileLexicon(facts))
    if match.query.derived:
        raise NoMatchError(derive_hint(arg))
    if not match.query.words and match.measures:
        raise UsageError(
            f"{arg!r} names a measure, not a topic; name a topic with it "
            f"('manufacturing {arg}') or an id"
        )
    topics = sorted(match.exact)
    if not topics and match.query.words:
        topics = list(
            dict.fromkeys(
                f.topic for f in facts if query.holds(query.phrase(f.topic), match.query.words)
            )
        )
    if not topics:
        said = " ".join(match.query.said) or arg
        tail = did_you_mean(suggestions(facts, said))
        raise NoMatchError(f"no fact or topic matches {arg!r}{tail}")
    if len(topics) > 1:
        raise UsageError(
            f"{arg!r} matches several topics ({', '.join(topics)}); name one of them or an id"
        )
    chosen = [
        f
        for f in facts
        if f.topic == topics[0] and (not match.measures or f.measure in match.measures)
    ]
    if not chosen:
        raise NoMatchError(f"no fact matches {arg!r}: {measure_missing(facts, match)}")
    chosen.sort(key=lambda f: MEASURE_ORDER[f.measure])
    return Side(arg, chosen)


def split_sides(
    facts: list[Fact], items: Sequence[str], lexicon: Lexicon | None = None
) -> list[Side]:
    """The sides of `compare A B ...`: words between `vs` (or quoted) belong together;
    otherwise the words are grouped into the fewest sides that each name something
    (`clean energy high-tech` is two sides). Two readings that differ are a usage error."""
    lexicon = lexicon or query.FileLexicon(facts)
    if any(i.casefold() in SEPARATORS for i in items):
        groups: list[list[str]] = [[]]
        for item in items:
            if item.casefold() in SEPARATORS:
                groups.append([])
            else:
                groups[-1].append(item)
        if any(not g for g in groups):
            raise UsageError("put a topic or an id on each side of 'vs'")
        return [resolve(facts, " ".join(g), lexicon) for g in groups]
    if len(items) < 2:
        raise UsageError("compare needs at least two topics or ids")
    sides: dict[tuple[int, int], Side | None] = {}

    def side(start: int, end: int) -> Side | None:
        if (start, end) not in sides:
            try:
                sides[start, end] = resolve(facts, " ".join(items[start:end]), lexicon)
            except (NoMatchError, UsageError):
                sides[start, end] = None
        return sides[start, end]

    readings = _readings(len(items), side)
    if not readings:
        for i, item in enumerate(items):  # the first word that starts no side is to blame
            if all(side(i, end) is None for end in range(i + 1, len(items) + 1)):
                resolve(facts, item, lexicon)
        raise UsageError(
            f"cannot tell the sides of {' '.join(items)!r} apart; quote each "
            "side or put 'vs' between them"
        )
    several = [r for r in readings if len(r) >= 2]
    distinct = [r for r in several if len({tuple(f.id for f in s.facts) for s in r}) == len(r)]
    if not distinct and len(several) < len(readings):  # `clean energy`: one topic, twice
        several = []
    if not several:
        raise UsageError(f"{' '.join(items)!r} names one topic; compare needs two")
    fewest = min(len(r) for r in several)
    best = [r for r in several if len(r) == fewest]
    as_ids = {tuple(tuple(f.id for f in s.facts) for s in r) for r in best}
    if len(as_ids) > 1:
        shown = "; or ".join(" vs ".join(repr(s.arg) for s in r) for r in best[:3])
        raise UsageError(
            f"{' '.join(items)!r} can be read as {shown}; quote each side or put 'vs' between them"
        )
    return best[0]


def _readings(count: int, side: Callable[[int, int], Side | None]) -> list[list[Side]]:
    """Every way to cut items 0..count into runs that each name a side."""
    found: dict[int, list[list[Side]]] = {0: [[]]}
    for end in range(1, count + 1):
        found[end] = []
        for start in range(end):
            chosen = side(start, end)
            if chosen is not None:
                found[end] += [[*r, chosen] for r in found[start]]
        # the fewest sides are what we want, but one side alone is no comparison
        found[end] = sorted(found[end], key=lambda r: (len(r) < 2 and end == count, len(r)))[:8]
    return found[count]


def _pair(base: Fact, other: Fact) -> Pair:
    with localcontext(Context(prec=40)):
        # the other figure expressed in the base's scale
        rescale = scale_factor(other.scale) / scale_factor(base.scale)
        other_val = other.value * rescale
        other_iv = fact_interval(other).scaled(rescale)
        base_iv = fact_interval(base)
        diff = other_val - base.value
        ratio = other_val / base.value if base.value != 0 else None
        ratio_iv = other_iv / base_iv if base.value != 0 else None
        share: Decimal | None = None
        share_of: str | None = None
        if other.relations.part_of == base.id and base.value != 0:
            share, share_of = other_val / base.value * 100, base.id
        elif base.relations.part_of == other.id and other_val != 0:
            share, share_of = base.value / other_val * 100, other.id
    unit = POINTS if base.unit == PERCENT else base.unit_label
    return Pair(base, other, diff, other_iv - base_iv, ratio, ratio_iv, share, share_of, unit)


def compare(sides: list[Side]) -> Comparison:
    """Line the sides up by measure; pair each with the first side where units agree."""
    if len(sides) < 2:
        raise UsageError("compare needs at least two topics or ids")
    measures = sorted({f.measure for s in sides for f in s.facts}, key=MEASURE_ORDER.__getitem__)
    single = all(len(s.facts) == 1 for s in sides)
    rows: list[tuple[Measure, list[Fact | None]]] = []
    pairs: list[Pair] = []
    warnings: list[str] = []
    if single:
        rows.append((sides[0].facts[0].measure, [s.facts[0] for s in sides]))
    else:
        for measure in measures:
            rows.append(
                (measure, [next((f for f in s.facts if f.measure is measure), None) for s in sides])
            )
    seen: dict[tuple[str, ...], str] = {}
    for s in sides:
        ids = tuple(f.id for f in s.facts)
        if ids in seen:
            warnings.append(
                f"{seen[ids]!r} and {s.arg!r} are the same figure(s) "
                f"({', '.join(ids)}): nothing to compare"
            )
        seen.setdefault(ids, s.arg)
    for _measure, cells in rows:
        present = [c for c in cells if c is not None]
        if len(present) < 2:
            continue
        base = present[0]
        for other in present[1:]:
            if other.id == base.id:
                continue  # a figure against itself says nothing
            if other.unit != base.unit:
                warnings.append(
                    f"{base.id} is in {base.unit_label} but {other.id} is in "
                    f"{other.unit_label}: no difference or ratio"
                )
                continue
            if period_label(other.period) != period_label(base.period):
                warnings.append(
                    f"{base.id} is dated {period_label(base.period)} but {other.id} is dated "
                    f"{period_label(other.period)}"
                )
            pairs.append(_pair(base, other))
    return Comparison(sides, rows, pairs, warnings)
