"""The figure recognizer: text in, figures out. Pure: no facts, no I/O.

`recognize(text)` finds every figure in English and Chinese text (digits with separators and
decimals, number words, Chinese numerals; scale words and 万/亿/万亿; percent, percentage
points, money and counts, a count read with the noun it counts: countnouns.py), with its
sign from the verb, its qualifier from the wording (present tense too: "Pass", "tops"), a
measure hint and the date of its own clause, else of its sentence (textdates.nearest).
Dates, years, spans of time ("12 months", 十个月), ordinals and numbers inside names
("7+28+N", a campaign called "... 10,000 Enterprises", the "Seed 100" scheme) are context,
never figures: they come back in `skipped` with their kind, as does an English number word
that counts nothing named. Control characters (a terminal's escape sequences) are read as
blanks. `check`, `extract` and `coverage` all read this one recognizer, and none of them
corrects it: what it reads wrong is mended here.

Library or own code, decided by measurement (benchmarks/recognizer.py, phrase set of
tests/test_figures.py): quantulum3 0.10 took 5.6 s to read one sentence of the report and read
"percentage points" as percent, and it knows neither 亿 nor the qualifiers: not used. The
scanning (units, scales, qualifiers, signs, dates, names) is our own regular expressions.
Number words go to text2num (Rust, 13 ms import, right on every phrase of the set); Chinese
numerals (九千, 十三点四三) to cn2an, imported only when the text holds one, because its
import costs about 0.35 s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from loanfacts.model.kinds import Measure, Qualifier, Scale, is_basis_points, scaled
from loanfacts.recognize import figwords as w
from loanfacts.recognize.countnouns import count_end, subject_noun
from loanfacts.recognize.figscan import Core, Scanner, Skip, SkipKind, alternation
from loanfacts.recognize.sentences import Sentence, split_sentences
from loanfacts.recognize.signs import sign_of
from loanfacts.recognize.textdates import DateRef, bracket, nearest
from loanfacts.text.normalize import has_format, strip_format

__all__ = [
    "DateRef",
    "Figure",
    "Recognized",
    "Sentence",
    "Skip",
    "SkipKind",
    "UnitKind",
    "recognize",
    "split_sentences",
]


class UnitKind(StrEnum):
    """What a figure counts: NUMBER is a bare number or scale ("9,500 billion") with no unit
    word, which a checker may hold against money or counts."""

    MONEY = "money"
    PERCENT = "percent"
    POINTS = "points"
    COUNT = "count"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure as typed. `value` is signed and in the unit as typed: "9,000 billion yuan"
    is 9000 with scale billion; "fell 0.64 points" is -0.64; "3千亿元" is 3000 亿."""

    text: str
    start: int
    end: int
    number: str  # the number as typed: "9,000", "nine", "九千"
    value: Decimal
    sign: int
    decimals: int  # places as printed: "13.40" has 2
    unit: UnitKind
    unit_text: str  # "yuan", "元", "%", "percentage points", "manufacturing clients", ""
    scale: Scale | None
    scale_text: str  # "billion", "bn", "亿", ""
    qualifier: Qualifier
    qualifier_text: str | None  # the cue: "topped", "突破", "左右"
    sign_text: str | None  # the cue of the direction: "fell", "下降", "-", "rose"; None: unsaid
    measure: Measure | None  # what the wording says the figure is, if it says
    measure_text: str | None
    currency: str | None  # "yuan" or "usd" for money
    noun: str | None  # what a count counts ("branches", "家"); a bare number's subject
    sentence: int  # index into Recognized.sentences
    date: DateRef | None  # the date of its clause, else of its sentence

    @property
    def base_value(self) -> Decimal:
        """The value without scale: 9,000 billion -> 9e12; 64 basis points -> 0.64 points."""
        value = scaled(self.value, self.scale)
        if self.unit is UnitKind.POINTS and is_basis_points(self.unit_text):
            value = value.scaleb(-2)
        return value


@dataclass(frozen=True, slots=True)
class Recognized:
    text: str
    sentences: list[Sentence]
    figures: list[Figure]
    skipped: list[Skip]
    dates: list[DateRef]


# --- numbers ------------------------------------------------------------------------------

# counts of a document's own parts ("made up of three parts") are no figures
_PART_NOUNS = frozenset({"parts", "part", "sections", "chapters", "tables", "charts", "pages"})
_COMPOUND_SCALE = re.compile(
    rf"-(?P<s>thousand|million|billion|trillion)-(?={w.CURRENCY_AFTER})", re.IGNORECASE
)
_SCALE = re.compile(rf"[ \t]*(?P<s>{w.SCALE_PATTERN})|(?P<g>[mkbt])(?![A-Za-z])", re.I)
_MORE = re.compile(r"[ \t]*(?P<q>余|多)(?=[ \t]*(?:万亿|亿|万|元|家|户|个|次|项|人|笔|名))")
_POINTS = re.compile(rf"[ \t]*-?[ \t]*(?P<u>{w.POINTS_AFTER})", re.I)
_PERCENT = re.compile(rf"[ \t]*(?P<u>{w.PERCENT_AFTER})", re.I)
_CURRENCY = re.compile(rf"[ \t]*(?P<u>{w.CURRENCY_AFTER})", re.I)
_CN_COUNT = re.compile(rf"(?P<u>{w.CN_COUNT})")
_CURRENCY_BEFORE = re.compile(rf"(?P<u>{w.CURRENCY_BEFORE})[ \t]*$", re.I)
_QUAL_BEFORE = re.compile(
    rf"(?:(?<![\w])(?P<e>{alternation(k for k in w.QUALIFIER_BEFORE if k.isascii())})"
    r"|(?P<c>" + alternation(k for k in w.QUALIFIER_BEFORE if not k.isascii()) + r"))"
    r"(?:[ \t]+(?:the|a|an|a total of|a record|a record of)|[有为是达])?[ \t]*$",
    re.I,
)
_QUAL_AFTER = re.compile(
    rf"[ \t]*(?:(?P<e>(?:{alternation(k for k in w.QUALIFIER_AFTER if k.isascii())})\b)"
    r"|(?P<c>" + alternation(k for k in w.QUALIFIER_AFTER if not k.isascii()) + "))",
    re.I,
)
_SIGN_CUES = re.compile(
    r"\b(?:"
    + alternation(c for c in w.NEGATIVE | w.POSITIVE if c.isascii())
    + r")\b|"
    + alternation(c for c in w.NEGATIVE | w.POSITIVE if not c.isascii()),
    re.I,
)
_LEVEL_AFTER_CUE = re.compile(
    r"\b(?:to|at|reach|reached|reaching|stood|stand|hit)\b|至|到|为|达", re.I
)
_CLAUSE = re.compile(r"[;:](?=\s)|,(?=\s)|[，；：、（(]")


# a Chinese comparative right before a figure that makes it a shortfall ("增速" before it is
# no rise); 至少 (at least) and 最低 (the lowest) are none
_ZH_LESS = re.compile(r"(少增|多减|(?<![最至])低|(?<![至减])少)了?\s*$")


def _nearest_cue(window: str) -> re.Match[str] | None:
    cues = list(_SIGN_CUES.finditer(window))
    return cues[-1] if cues else None


def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    latin = alternation(c for c in cues if c.isascii())
    other = alternation(c for c in cues if not c.isascii())
    return re.compile(rf"(?<![\w-])(?:{latin})(?![\w-])" + (f"|{other}" if other else ""), re.I)


_MEASURE_CUES = [(measure, _cue_pattern(cues)) for measure, cues in w.MEASURES]


def _measure(unit: UnitKind, before: str, after: str) -> tuple[Measure | None, str | None]:
    if unit is UnitKind.COUNT:
        return Measure.COUNT, None
    allowed = {
        UnitKind.POINTS: (Measure.GAP, Measure.RATE_CHANGE),
        UnitKind.PERCENT: (Measure.GAP, Measure.SHARE, Measure.YOY_GROWTH),
        UnitKind.MONEY: (Measure.BALANCE, Measure.AMOUNT),
    }.get(unit, ())
    for words in (before, after):  # the words before it speak first
        for measure, pattern in _MEASURE_CUES:
            if measure in allowed:
                found = pattern.search(words)
                if found:
                    return measure, found.group()
    return None, None


def _unit(
    scanner: Scanner, pos: int, core: Core, has_scale: bool
) -> tuple[int, UnitKind, str, str | None]:
    """The unit after pos: (end, kind, unit text, currency)."""
    scan = scanner.scan
    if core.percent_before:
        return pos, UnitKind.PERCENT, "百分之", None
    for pattern, kind in ((_POINTS, UnitKind.POINTS), (_PERCENT, UnitKind.PERCENT)):
        m = pattern.match(scan, pos)
        if m:
            return m.end(), kind, m.group("u"), None
    m = _CURRENCY.match(scan, pos)
    if m:
        unit = m.group("u")
        currency = "usd" if unit.casefold().startswith(("us", "dollar")) else "yuan"
        return m.end(), UnitKind.MONEY, unit, currency
    m = _CN_COUNT.match(scan, pos)
    if m and not (core.number == "一" and not has_scale):
        return m.end(), UnitKind.COUNT, m.group("u"), None
    end = count_end(scan, pos)
    if end is not None:
        return end, UnitKind.COUNT, scan[pos:end].strip(), None
    return pos, UnitKind.NUMBER, "", None


_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z]+)")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
NAME_LOOKBACK = 200  # characters: three words and the spaces between them


def _capitalised_name(scanner: Scanner, core: Core, sentence_start: int) -> bool:
    """A number inside an unquoted title: "... Goes to 10,000 Enterprises", "the Seed 100
    scheme" (a capitalised word before it, and a capitalised word or a programme after)."""
    after = _WORD_AFTER.match(scanner.scan, core.end)  # no copy of the rest of the text
    if after is None or core.start == sentence_start:
        return False
    word = after.group(1).casefold()
    if after.group(1)[0].islower() and word not in w.NAME_NOUNS:
        return False
    if word in w.MONTHS or word in w.SCALES or word in ("yuan", "per", "percent", "percentage"):
        return False
    # the last three words before it, from a bounded stretch (not the sentence up to it)
    lead = scanner.scan[max(sentence_start, core.start - NAME_LOOKBACK) : core.start]
    before: list[str] = _LATIN_WORD.findall(lead)[-3:]
    for prev in reversed(before):
        if prev in ("to", "of", "for", "and", "the"):
            continue
        return prev[0].isupper()
    return False


def _sentence_of(sentences: list[Sentence], pos: int) -> int:
    """The index of the sentence at pos (sentences in order: a bisection)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    return min(lo, max(0, len(sentences) - 1))


def _holds(box: tuple[int, int] | None, start: int) -> bool:
    return box is None or box[0] < start < box[1]


def _dated(
    scan: str, figures: list[Figure], sentences: list[Sentence], dates: list[DateRef]
) -> list[Figure]:
    """Each figure with the date phrase of its clause, else the nearest in its sentence
    (textdates.nearest, the rule extract's periods follow too); a year said apart in the
    sentence ("in 2025, by June") fills a date that prints none."""
    whole = Sentence(0, len(scan), scan)
    by_sentence: dict[int, tuple[list[DateRef], list[tuple[int, int]]]] = {}
    boxes: dict[int, tuple[int, int] | None] = {}  # by date start: its brackets, found once
    for figure in figures:
        by_sentence.setdefault(figure.sentence, ([], []))[1].append((figure.start, figure.end))
    for ref in dates:
        index = _sentence_of(sentences, ref.start)
        if index in by_sentence:
            usable, masks = by_sentence[index]
            masks.append((ref.start, ref.end))
            if ref.dates:
                usable.append(ref)
                at = sentences[index] if sentences else whole
                box = bracket(scan, ref, at.start, at.end)
                if box is not None:
                    boxes[ref.start] = box
    out: list[Figure] = []
    for figure in figures:
        sentence = sentences[figure.sentence] if sentences else whole
        inside, masks = by_sentence[figure.sentence]
        # a date in brackets dates only what the brackets hold: (其中一季度...)
        usable = (
            [d for d in inside if _holds(boxes.get(d.start), figure.start)] if boxes else inside
        )
        chosen = nearest(
            scan, figure.start, figure.end, usable, (sentence.start, sentence.end), masks
        )
        if chosen is not None and chosen.year is None:
            year = next((d.year for d in inside if d.year and d.month_from is None), None)
            if year is not None:
                chosen = replace(chosen, year=year)
        out.append(replace(figure, date=chosen) if chosen is not None else figure)
    return out


def recognize(text: str) -> Recognized:
    """Every figure of text, with what was skipped as context and the sentences. Format
    characters (zero-width space, joiners, soft hyphen, BOM) are read past, so "9\u200b13.43%"
    is 913.43%; offsets and texts are those of the text as printed."""
    if not has_format(text):
        return _recognize(text)
    clean, where = strip_format(text)
    got = _recognize(clean)

    def span(start: int, end: int) -> tuple[int, int]:
        """A span of the clean text as a span of the printed one (format characters at its
        edges left out)."""
        return where[start], (where[end - 1] + 1 if end > start else where[start])

    def sentence(s: Sentence) -> Sentence:
        lo, hi = span(s.start, s.end)
        return Sentence(lo, hi, text[lo:hi])

    def figure(f: Figure) -> Figure:
        lo, hi = span(f.start, f.end)
        return replace(f, start=lo, end=hi, text=text[lo:hi], date=f.date and date(f.date))

    def date(d: DateRef) -> DateRef:
        lo, hi = span(d.start, d.end)
        return replace(d, start=lo, end=hi, text=text[lo:hi])

    def skip(k: Skip) -> Skip:
        lo, hi = span(k.start, k.end)
        return replace(k, start=lo, end=hi, text=text[lo:hi])

    return Recognized(
        text,
        [sentence(s) for s in got.sentences],
        [figure(f) for f in got.figures],
        [skip(k) for k in got.skipped],
        [date(d) for d in got.dates],
    )


def _recognize(text: str) -> Recognized:
    scanner = Scanner(text)
    sentences = [
        Sentence(s.start, s.end, text[s.start : s.end]) for s in split_sentences(scanner.scan)
    ]
    dates = scanner.mark_context()
    figures: list[Figure] = []
    previous_end = 0
    for core in scanner.cores():
        if not scanner.free(core.start, core.end):
            continue
        index = _sentence_of(sentences, core.start)
        sentence = sentences[index] if sentences else Sentence(0, len(text), text)
        name = scanner.in_name(core.start)
        if name is not None or _capitalised_name(scanner, core, sentence.start):
            scanner.skip(core.start, core.end, SkipKind.NAME, name or core.number)
            continue
        figure = _figure(scanner, core, index, sentence, previous_end)
        if figure is None:
            continue
        scanner.take(figure.start, figure.end)
        figures.append(figure)
        previous_end = figure.end
    skipped = sorted(scanner.skipped, key=lambda s: s.start)
    return Recognized(
        text, sentences, _dated(scanner.scan, figures, sentences, dates), skipped, dates
    )


@dataclass
class _Reading:
    """A figure while it is read: where it ends so far and what its words say."""

    start: int
    end: int
    value: Decimal
    scale: Scale | None = None
    scale_text: str = ""
    qualifier: Qualifier = Qualifier.EXACT
    qualifier_text: str | None = None


def _scale(scan: str, core: Core, reading: _Reading) -> None:
    compound = _COMPOUND_SCALE.match(scan, reading.end)
    if compound:  # "a 4.87-trillion-yuan drop": the scale and the money folded into a word
        reading.scale_text = compound.group("s")
        reading.scale = w.SCALES[reading.scale_text.casefold()][0]
        reading.end = compound.end("s") + 1
        return
    more = _MORE.match(scan, reading.end)
    if more:
        reading.qualifier, reading.qualifier_text = Qualifier.LOWER_BOUND, more.group("q")
        reading.end = more.end()
    m = _SCALE.match(scan, reading.end)
    if m and (m.group("s") or m.start() == core.end):
        reading.scale_text = m.group("s") or m.group("g")
        key = reading.scale_text.casefold()
        glued = {
            "m": (Scale.MILLION, 1),
            "b": (Scale.BILLION, 1),
            "k": (Scale.THOUSAND, 1),
            "t": (Scale.TRILLION, 1),  # "1.66t"
        }
        reading.scale, factor = w.SCALES.get(key) or glued[key]
        reading.value *= factor
        reading.end = m.end()


def _qualify(scan: str, sentence: Sentence, reading: _Reading) -> None:
    """The qualifier from the words right after the figure, else right before it."""
    after = _QUAL_AFTER.match(scan, reading.end)
    if after and reading.qualifier is Qualifier.EXACT:
        cue = after.group("e") or after.group("c")
        reading.qualifier, reading.qualifier_text = w.QUALIFIER_AFTER[cue.casefold()], cue
        if after.group("c"):  # 9000亿元以上: the Chinese suffix is part of the figure as typed
            reading.end = after.end()
    lead = scan[max(sentence.start, reading.start - 40) : reading.start]
    before = _QUAL_BEFORE.search(lead)
    if before and reading.qualifier is Qualifier.EXACT:
        cue = before.group("e") or before.group("c")
        reading.qualifier, reading.qualifier_text = w.QUALIFIER_BEFORE[cue.casefold()], cue


def _sign(core: Core, window: str, follow: str) -> tuple[int, str | None]:
    """-1 for a minus sign or a falling verb ("fell 0.64 points", "0.5 points lower"), but not
    for a level reached after a fall ("fell to 3%")."""
    if core.negative:
        return -1, "-"
    less = _ZH_LESS.search(window)
    if less is not None:  # 同比少增1210亿元, 增速比上月末低0.2个百分点: the word right before it
        return -1, less.group(1)
    word_after = re.match(r"[ \t]+(\w+)", follow)
    if word_after and word_after.group(1).casefold() in w.NEGATIVE_AFTER:
        # "with a growth rate 0.2 percentage points lower": the word right after it decides
        return -1, word_after.group(1)
    cue = _nearest_cue(window)
    if cue is not None:
        if cue.group().casefold() in w.NEGATIVE and not _LEVEL_AFTER_CUE.search(
            window[cue.end() :]
        ):
            return -1, cue.group()
        return 1, cue.group() if cue.group().casefold() in w.POSITIVE else None
    return 1, None


def _figure(
    scanner: Scanner, core: Core, index: int, sentence: Sentence, previous_end: int
) -> Figure | None:
    scan = scanner.scan
    reading = _Reading(core.start, core.end, core.value)
    _scale(scan, core, reading)
    end, unit, unit_text, currency = _unit(scanner, reading.end, core, reading.scale is not None)
    reading.end = end
    symbol = _CURRENCY_BEFORE.search(scan[max(sentence.start, core.start - 8) : core.start])
    if symbol and unit in (UnitKind.NUMBER, UnitKind.MONEY):
        reading.start -= len(symbol.group())
        if unit is UnitKind.NUMBER:
            unit, unit_text = UnitKind.MONEY, symbol.group("u")
            currency = "usd" if unit_text.casefold() in w.NON_YUAN else "yuan"
    noun = unit_text.split()[-1] if unit is UnitKind.COUNT else None
    if noun is not None and noun.casefold() in _PART_NOUNS:
        scanner.skip(reading.start, reading.end, SkipKind.PART, scan[reading.start : reading.end])
        return None
    if unit is UnitKind.NUMBER:
        noun = subject_noun(scan, core.start, sentence.start, reading.scale is not None)
    if (
        unit is UnitKind.NUMBER
        and reading.scale is None
        and noun is None
        and not core.number.lstrip("-")[:1].isdigit()
    ):
        # a number word needs a unit to be a figure; an English one that is none is listed
        # ("two new", "Two of them"); "one", "a" and Chinese numerals in words (一些) are not
        word = core.number.casefold()
        if word.isascii() and word[:1].isalpha() and word not in ("one", "a", "an"):
            scanner.skip(core.start, core.end, SkipKind.WORD, core.number)
        return None
    _qualify(scan, sentence, reading)
    window_start = max(sentence.start, previous_end)
    clauses = list(_CLAUSE.finditer(scan, window_start, reading.start))
    window = scan[clauses[-1].end() if clauses else window_start : reading.start]
    follow = _CLAUSE.split(scan[reading.end : min(sentence.end, reading.end + 40)], maxsplit=1)[0]
    sign, sign_text = _sign(core, window, follow)
    said = sign_of(scan, reading.start, reading.end) if unit is not UnitKind.COUNT else None
    if said is not None and not core.negative and said != sign:  # "a 4.87-trillion-yuan drop"
        sign, sign_text = said, "the words beside it"
    measure, measure_text = _measure(unit, window, follow)
    return Figure(
        text=scanner.text[reading.start : reading.end],
        start=reading.start,
        end=reading.end,
        number=core.number,
        value=reading.value * sign,
        sign=sign,
        decimals=core.decimals,
        unit=unit,
        unit_text=unit_text,
        scale=reading.scale,
        scale_text=reading.scale_text,
        qualifier=reading.qualifier,
        qualifier_text=reading.qualifier_text,
        sign_text=sign_text,
        measure=measure,
        measure_text=measure_text,
        currency=currency,
        noun=noun,
        sentence=index,
        date=None,
    )
