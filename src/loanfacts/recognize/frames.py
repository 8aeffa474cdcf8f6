"""The frame of a figure read from text: whose figure (region), what kind of figure (measure,
from the closed vocabulary of model/kinds.py), in what currency, for what period.

Pure: no facts, no I/O. `check` holds a figure against a fact only inside its frame; extract
can read the same frame for a draft. The measure is read from the figure's own clause (the
words between the previous figure or clause break and the figure, and the few words after
it), most specific first: an increase over a period (新增, 较年初, "added", "an increase of")
before a level; a change in a rate over time ("higher than the same period last year",
比上年同期高) before a gap to another series (高于各项贷款, "beating the average for all
loans"); a share ("accounted for", 占, "X% of") before growth.

A period's bases of comparison are not its date: a date phrase after 比/较/than/since/from, or
before 以来/同期, dates the figure compared with, never the figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from loanfacts.model.kinds import Measure
from loanfacts.recognize import regions
from loanfacts.recognize.figures import Figure, Recognized, UnitKind
from loanfacts.recognize.textdates import DateRef


@dataclass(frozen=True)
class Frame:
    """What a figure of text is a figure of, as far as its words say; None: unsaid (open)."""

    region: str | None
    measure: Measure | None
    measure_text: str | None
    currency: str | None  # ISO code for money: CNY, USD, GBP, EUR, INR, HKD, TWD
    converted: bool  # a bracketed amount in another currency after an amount: the same figure
    date: DateRef | None
    #: a word of the clause that makes its subject other than the loans a name points to:
    #: value added, investment, a kind of loan (credit loans, RMB loans, inclusive loans)
    other: str | None = None
    #: the figure is one of a listed series ("15, 9.04 and 4.91 trillion ... respectively"):
    #: which name goes with which figure is not read, so no flag is raised on it
    listed: bool = False
    #: an increase counted from the start of the year (较年初, 上半年, "in the first half")
    since_january: bool = False
    #: for a share, the words after "% of" that name the whole ("of Henan's manufacturing loans")
    whole: str | None = None


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(words, re.IGNORECASE)


# an increase over a period, money or counts
_INCREASE = _rx(
    r"新增|增加|较年初|比年初|年初以来|多增|增量|净增|added|adding|adds|an? (?:net )?increase of"
    r"|increased by|rose by|grew by|up by|(?:an|the) addition of|new lending of|net lending"
    r"|more than (?:a|one) year (?:earlier|ago|before)|from a year earlier|year-on-year increase"
)
# an increase as the clause's subject ("The increase was 310 billion yuan"); in the clause
# before the figure only ("…, the increase coming from …" after it names no measure of it)
_INCREASE_SUBJECT = _rx(r"\b(?:the|its|their|this) (?:net )?increase\b")
# a level after a verb of growth ("rose to"), never an increase
_TO_LEVEL = _rx(
    r"(?:(?:rose|grew|increased|climbed|jumped|came|amounted|risen|grown) to|reached|topped|passed)"
    r"(?:\s+(?:over|more than|nearly|about|almost|around|some|roughly|just over|just under))?\s*$"
    r"|增至|增长到|达到?$"
)
# a subject that is itself a flow over a period: its level is an increase, never a balance
_NEW_FLOW = _rx(r"\bnew(?:ly[- ]added)?\b[^,;.]{0,40}\b(?:loans|lending|credit|financing)\b|新增")
_GROWTH_VERB_MONEY = _rx(r"\b(?:grew|rose|increased|expanded|climbed|jumped|up)\b\s*$|增长$")
# change of a rate or growth rate over time (the base is the same series earlier)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
#: "the figure seen at", "that recorded in": the same series, named again as a base
_EARLIER_SAME = (
    r"(?:(?:the (?:figure|level|rate|pace|one)|that)(?: (?:seen|recorded|registered|reported))?"
    r" (?:at|in|during|by|for) )?"
)
_OVER_TIME = _rx(
    r"上年同期|去年同期|同期|上年末|去年末|年初|上月|上季|上年|比去年|较去年|一年前"
    r"|同比(?:提高|上升|下降|回落|增加|减少|高|低|多|少)"
    r"|(?:than|from|over|compared with|on) (?:the same (?:period|time|month|quarter) (?:of "
    r"|in )?(?:last|a|the previous|the prior) (?:year|month)"
    r"|a (?:year|month|quarter) (?:earlier|ago|before)|(?:last|the previous|the prior) (?:year"
    r"|month|quarter)"
    r"|(?:the )?(?:end|start|beginning) of (?:last year|the year|\d{4}"
    r"|(?:the )?(?:previous|prior|last) (?:month|quarter|year)))"
    r"|year[- ]on[- ]year (?:rise|fall|drop|increase|decrease|decline)"
    # "0.3 points higher than the level recorded at the end of May": the same series at an
    # earlier date
    rf"|than {_EARLIER_SAME}(?:the )?(?:end of |start of |beginning of )?(?:{_MONTHS}|last|the "
    r"previous|the prior)\b"
)
# a flow's difference from the same flow a year before (Measure.YOY_CHANGE): the words after
# it ("down by X from a year ago") or its sentence before it (同比分别少增600亿元、436亿元);
# the one rule for `check` and `extract` (intake/measure_words.is_yoy_change)
YOY_AFTER = re.compile(
    r"^\s*(?:(?:drop|rise|decrease|increase|fall|gain)\s+)?(?:year[\s-]on[\s-]year|from\s+"
    r"(?:a\s+year\s+(?:ago|earlier|before)|the\s+same\s+(?:period|quarter|month)|the\s+\d{4}\s+"
    r"level|the\s+increase\s+in\s+the\s+same))",
    re.IGNORECASE,
)
YOY_ZH = re.compile(r"同比(?:分别)?(?:多增|少增|多减|少减)(?:[^，,。；;（(]|,(?=\s))*$")
#: a subject that only points back to the sentence before ("The figure was up from ...",
#: "This is the weakest since ...", "The growth rate was ...", "It has now fallen ...", 该, 其,
#: 这), or a sentence with no subject at all, opening on its change ("Up 5% from ...", 同比增长):
#: the clause names its subject as a reader has it from the sentence before
_POINTS_BACK = re.compile(
    r"^\W*(?:(?:the|this|that|these|those|its|their)\s+(?:same\s+)?(?:figures?|numbers?|"
    r"(?:annual\s+|year-on-year\s+)?(?:growth\s+)?rates?|growth|balances?|amounts?|totals?|"
    r"levels?|increases?|decreases?|rises?|falls?|flows?|sums?|pace)\b"
    r"|(?:this|that|these|those|it|they|which)\b|(?:within|of)\s+(?:this|that|which)\b"
    r"|(?:up|down|rising|falling|growing)\b|该|其|这|此|上述|同比|比上|较上)",
    re.IGNORECASE,
)


def points_back(clause: str) -> bool:
    """Whether the words before a figure in its sentence open with a subject that only points
    back ("The figure", "This", "The growth rate", 该, 其, 这) or with none ("Up 5% ...")."""
    return _POINTS_BACK.match(clause) is not None


# an average right before a figure or right after it: "the previous six-month average of
# £2.3 billion", "the £1.1 billion average seen since July 2018" (extract dates it by its
# window, intake/draftwords.average)
AVERAGE_BEFORE = re.compile(r"\baverage\s+(?:of\s+)?$", re.IGNORECASE)
AVERAGE_AFTER = re.compile(r"\s+average\b", re.IGNORECASE)
_SAME_PERIOD = _rx(r"the same (?:period|time|month|quarter|half|date|day)|同期")
# a gap to another series
_GAP = _rx(
    r"高于|低于|快于|慢于|超过.{0,12}增速|outpac|beat|exceed|faster than|slower than"
    r"|higher than|lower than"
    r"|above|below|ahead of|比.{0,12}(?:高|低|快|慢)"
)
# words after a subject name that make the figure another thing than the name's loans; and
# kinds of loans that are parts of a series ("制造业信用贷款" is no 制造业贷款)
OTHER_SUBJECT = _rx(
    r"高技术制造业|高新技术制造业|装备制造业|战略性新兴"
    r"|high-tech manufacturing|strategic emerging"
    r"|增加值|value[- ]added|投资|investment|产值|营业收入|revenue|利润|profits?\b|出口|exports?\b"
    r"|信用贷款|credit loans|普惠|inclusive|小微|small and micro|涉农|人民币贷款"
    r"|renminbi loans|rmb loans"
    r"|yuan loans|住房|mortgage|消费贷|consumer loans|个人贷款|票据|设备更新|项目"
)
_AVERAGE = _rx(
    r"平均每|户均|平均|average|per (?:client|firm|enterprise|company|bank|visit|unit)|each\b"
    r"|apiece|for every|for each"
)
_SINCE_JANUARY = _rx(
    r"较年初|比年初|年初以来|今年以来|上半年|前三季度|一季度|前\S{1,2}个月"
    r"|since the (?:start|beginning)"
    r"|so far this year|in the first (?:half|quarter|three quarters|\w+ months)|year to date"
)
_SHARE = _rx(
    r"占|比重|占比|份额|share|accounted for|accounting for|made up|making up|proportion|of all\b"
    r"|of total\b|of the total"
)
_SHARE_OF = _rx(r"占|\b(?:accounted|accounting) for\b")
_SHARE_AFTER = _rx(r"^\s*(?:of\b|的(?:比重|份额))")
_YOY = _rx(
    r"同比|增长|增速|增幅|year[- ]on[- ]year|yoy|y/y|grew|grow|growth|rose|rise|up\b|increase|gain"
    r"|expanded|climbed|jumped|fell|dropped|declined|down\b"
)
_RATE_LEVEL = _rx(r"利率|interest rate|lending rate|不良率|npl ratio|ratio of|收益率|yield")
_BALANCE = _rx(
    r"余额|outstanding|balance|stood at|stock|存量|reached|达到|total(?:ed|led|ing)? |规模"
)

# currencies: the ISO code of a money figure's words
_CURRENCIES = (
    ("USD", _rx(r"u\.?s\.? dollars?|us\$|usd|美元|\$|dollars?")),
    ("HKD", _rx(r"hk\$|hong kong dollars?|港元|港币|港幣")),
    ("GBP", _rx(r"£|pounds?(?: sterling)?|gbp|英镑")),
    ("EUR", _rx(r"€|euros?|eur\b|欧元")),
    ("INR", _rx(r"rupees?|\brs\.?|inr|卢比")),
    ("TWD", _rx(r"新台币|台币|nt\$")),
)
_CLAUSE = re.compile(r"[,，;；:：。!?！？、]|\band\b|\bwhile\b|\bwhereas\b|\bbut\b")
# a date phrase that is a base of comparison, by the words before or after it
_BASE_BEFORE = _rx(
    r"(?:比|较|相比|than|since|from|compared with|versus|vs\.?|over)\s*"
    + _EARLIER_SAME
    + r"(?:the\s+)?(?:end of\s+)?$"
)
_BASE_AFTER = _rx(r"^\s*(?:以来|同期|年末的|末的|相比|的水平|来)")


_CURRENCY_AFTER = _rx(
    r"^\s*(?:u\.\s?s\.|us|american|hong kong|hk)?\s*(?:dollars?|美元|港元)"
    r"|^\s*(?:usd|美元|港元|欧元|英镑)"
    r"|^\s*(?:euros?|pounds? sterling|rupees)\b"
)


def currency_of(figure: Figure, after: str = "") -> str | None:
    """The ISO code of a money figure, from the words of its unit (or the words right after a
    number the recognizer left bare: "1,260 billion U.S. dollars"); CNY for yuan."""
    if figure.unit not in (UnitKind.MONEY, UnitKind.NUMBER):
        return None
    tail = _CURRENCY_AFTER.match(after) if figure.unit is UnitKind.NUMBER else None
    words = f"{figure.unit_text} {figure.text} {tail.group() if tail else ''}"
    for code, pattern in _CURRENCIES:
        if pattern.search(words):
            return code
    return "CNY" if figure.unit is UnitKind.MONEY else None


def _clause_before(sentence: str, upto: int, floor: int) -> str:
    """The words of the figure's own clause before it (from the previous figure at most)."""
    window = sentence[floor:upto]
    breaks = list(_CLAUSE.finditer(window))
    return window[breaks[-1].end() :] if breaks else window


def _money_measure(
    before: str, after: str, clause: str, sentence_before: str = "", raw_after: str = ""
) -> tuple[Measure | None, str | None]:
    yoy = YOY_AFTER.match(raw_after) or YOY_ZH.search(sentence_before)
    if yoy:
        return Measure.YOY_CHANGE, yoy.group().strip()
    tail = before[-40:]
    if _TO_LEVEL.search(tail):
        level = _TO_LEVEL.search(tail).group()  # type: ignore[union-attr]
        if _NEW_FLOW.search(clause):  # "new loans increased to 1.66 trillion": the flow's size
            return Measure.INCREASE, level
        return Measure.BALANCE, level
    found = _INCREASE.search(clause) or _INCREASE.search(after) or _INCREASE_SUBJECT.search(clause)
    if found:
        return Measure.INCREASE, found.group()
    grown = _GROWTH_VERB_MONEY.search(tail)
    if grown:
        return Measure.INCREASE, grown.group()
    found = _BALANCE.search(clause)
    return (Measure.BALANCE, found.group()) if found else (None, None)


def _points_measure(clause: str) -> tuple[Measure | None, str | None]:
    base = _OVER_TIME.search(clause) or _SAME_PERIOD.search(clause)
    if base:  # a rate or a growth rate against its own earlier value (model/kinds.py)
        return Measure.RATE_CHANGE, base.group()
    gap = _GAP.search(clause)
    if gap:
        return Measure.GAP, gap.group()
    change = _rx(
        r"fell|dropped|declined|decreased|down|cut|rose|up|下降|降低|下调|上升|提高|回落"
    ).search(clause)
    if change:
        return Measure.RATE_CHANGE, change.group()
    return None, None


def _percent_measure(clause: str, after: str) -> tuple[Measure | None, str | None]:
    if _SHARE_AFTER.search(after):
        return Measure.SHARE, _SHARE_AFTER.search(after).group().strip()  # type: ignore[union-attr]
    if _SAME_PERIOD.search(f"{clause} {after}") or _OVER_TIME.search(clause):
        found = _YOY.search(clause)
        return Measure.YOY_GROWTH, found.group() if found else None
    for measure, pattern in (
        (Measure.SHARE, _SHARE),
        (Measure.GAP, _GAP),
        (Measure.RATE, _RATE_LEVEL),
        (Measure.YOY_GROWTH, _YOY),
    ):
        found = pattern.search(clause)
        if found:
            return measure, found.group()
    return None, None


def measure_of(
    figure: Figure, sentence: str, offset: int, floor: int
) -> tuple[Measure | None, str | None]:
    """The measure the figure's own clause names (sentence starts at `offset` in the text;
    `floor` is where the clause may start at the earliest: the end of the figure before)."""
    start, end = figure.start - offset, figure.end - offset
    before = _clause_before(sentence, start, max(0, floor - offset))
    after = re.split(r"[,，;；。]", sentence[end : end + 60], maxsplit=1)[0]
    average = _AVERAGE.search(before) or _AVERAGE.search(after)
    if average and figure.unit in (UnitKind.COUNT, UnitKind.MONEY, UnitKind.NUMBER):
        return Measure.AMOUNT, average.group()
    if figure.unit is UnitKind.COUNT:
        found = _INCREASE.search(before) or _INCREASE.search(after)
        return (Measure.INCREASE, found.group()) if found else (Measure.COUNT, None)
    if figure.unit in (UnitKind.MONEY, UnitKind.NUMBER):
        return _money_measure(
            before, after, before, sentence[max(0, start - 120) : start], sentence[end : end + 80]
        )
    if figure.unit is UnitKind.POINTS:
        return _points_measure(f"{before} {after}")
    if figure.unit is UnitKind.PERCENT:
        return _percent_measure(before, after)
    return None, None


def _own_date(
    figure: Figure, dates: list[DateRef], sentence_start: int, sentence_end: int, text: str
) -> DateRef | None:
    """The figure's date with bases of comparison left out: the recognizer's date unless it
    is a base, else the nearest other date of the sentence that is none."""

    def is_base(ref: DateRef) -> bool:
        return bool(
            _BASE_BEFORE.search(text[max(sentence_start, ref.start - 48) : ref.start])
            or _BASE_AFTER.search(text[ref.end : ref.end + 6])
        )

    if figure.date is not None and _MID_YEAR.search(figure.date.text):
        return replace(figure.date, month_from=6, month_to=6, day=30)  # "mid-2025": June 30
    if figure.date is None or not is_base(figure.date):
        return figure.date
    own = [
        d
        for d in dates
        if sentence_start <= d.start and d.end <= sentence_end and d.dates and not is_base(d)
    ]
    if not own:
        return None
    return min(own, key=lambda d: abs(d.start - figure.start))


_MID_YEAR = _rx(r"\bmid-?\s?(?:year\b|\d{4})|年中|年年中")
_OPEN_BRACKET = re.compile(
    r"[(（]\s*(?:about|around|roughly|approximately|some|nearly|约|合|折合|约合)?\s*$", re.I
)


def frames(got: Recognized) -> list[Frame]:
    """The frame of every figure of a recognized text, in order."""
    out: list[Frame] = []
    previous_end: dict[int, int] = {}
    previous_money: dict[int, Figure] = {}
    last_other: dict[int, str | None] = {}
    listed = got_listed(got)
    for figure in got.figures:
        if got.sentences:
            sentence = got.sentences[figure.sentence]
            s_text, s_start, s_end = sentence.text, sentence.start, sentence.end
        else:
            s_text, s_start, s_end = got.text, 0, len(got.text)
        floor = previous_end.get(figure.sentence, s_start)
        previous_end[figure.sentence] = figure.end
        measure, measure_text = measure_of(figure, s_text, s_start, floor)
        currency = currency_of(figure, got.text[figure.end : figure.end + 24])
        before = got.text[max(s_start, figure.start - 24) : figure.start]
        last = previous_money.get(figure.sentence)
        converted = bool(
            currency is not None
            and last is not None
            and _OPEN_BRACKET.search(before)
            and currency_of(last) != currency
        )
        if currency is not None and figure.unit in (UnitKind.MONEY, UnitKind.NUMBER):
            previous_money[figure.sentence] = figure
        clause = _clause_before(s_text, figure.start - s_start, max(0, floor - s_start))
        # what a share is of (占全部新增人民币贷款的35%) is its whole, not another subject
        found = OTHER_SUBJECT.search(_SHARE_OF.split(clause, maxsplit=1)[0])
        other = found.group() if found else None
        if other is None and "贷款" not in clause and "loan" not in clause.casefold():
            other = last_other.get(figure.sentence)  # the subject of the clause before
        last_other[figure.sentence] = other
        after = s_text[figure.end - s_start : figure.end - s_start + 60]
        whole = _WHOLE.match(after)
        date = _own_date(figure, got.dates, s_start, s_end, got.text)
        if (
            measure is Measure.BALANCE
            and (measure_text or "").casefold().startswith("total")
            and date is not None
            and date.is_span
        ):  # "a total of X in the first three quarters": a sum over a span, no balance
            measure, measure_text = None, None
        if date is not None and (
            AVERAGE_BEFORE.search(clause.rstrip("£$€¥￥₹"))
            or AVERAGE_AFTER.match(got.text, figure.end)
        ):
            # "short of the past six months' average, £1.9 billion": an average over months
            # of its own, dated only by a date of its own clause
            ends = _CLAUSE.search(got.text, figure.end, s_end)
            if not figure.start - len(clause) <= date.start < (ends.start() if ends else s_end):
                date = None
        out.append(
            Frame(
                region=region_of(s_text, figure.start - s_start, figure.end - s_start),
                measure=measure,
                measure_text=measure_text,
                currency=currency,
                converted=converted,
                date=date,
                other=other,
                since_january=measure is Measure.INCREASE
                and bool(_SINCE_JANUARY.search(s_text[: figure.start - s_start])),
                whole=whole.group(1).casefold() if whole and measure is Measure.SHARE else None,
                listed=bool(_RESPECTIVELY.search(s_text)) or figure.start in listed,
            )
        )
    return out


_WHOLE = re.compile(r"\s*of\s+([^,;.]+)", re.IGNORECASE)
_RESPECTIVELY = _rx(r"respectively|分别|依次|各自")
_BASE_REGION = _rx(
    r"(?:高于|低于|快于|慢于|超过|比|较|than|above|below|exceeding|outpacing|beating|vs\.?"
    r"|versus)\s*(?:the\s+)?$"
)


@lru_cache(maxsize=256)
def _own_places(sentence: str) -> tuple[regions.Mention, ...]:
    """The places of a sentence that are not a base of comparison (one scan per sentence)."""
    return tuple(
        m
        for m in regions.mentions(sentence)
        if not _BASE_REGION.search(sentence[max(0, m.start - 12) : m.start])
    )


def region_of(sentence: str, start: int, end: int) -> str | None:
    """regions.region_at without the places of a base of comparison ("高于全国4.2个百分点",
    "faster than the national average"): the figure's own region."""
    found = _own_places(sentence)
    before = [m for m in found if m.end <= start]
    if before:
        return before[-1].region
    after = [m for m in found if m.start >= end]
    return after[0].region if after else None


def got_listed(got: Recognized) -> frozenset[int]:
    """The starts of figures that stand in a listed series (joined by 、 , 和 and)."""
    starts: set[int] = set()
    for a, b in zip(got.figures, got.figures[1:], strict=False):
        if _LIST_GLUE.match(got.text[a.end : b.start]):
            starts.update((a.start, b.start))
    return frozenset(starts)


_DAY_AFTER = re.compile(r"^\s*[日号]")


def drop_days(got: Recognized) -> Recognized:
    """ "18日" (the 18th) is a date, never a figure: bare numbers followed by 日 or 号 go."""
    kept = [
        f
        for f in got.figures
        if not (
            f.unit is UnitKind.NUMBER
            and f.scale is None
            and _DAY_AFTER.match(got.text[f.end : f.end + 2])
        )
    ]
    return got if len(kept) == len(got.figures) else replace(got, figures=kept)


_LIST_GLUE = re.compile(r"^\s*(?:[、,，]|和|及|与|and|,\s*and)\s*$")


def share_listed_units(got: Recognized) -> Recognized:
    """A unit shared by a listed series takes the series' last figure's unit: in
    "分别为11.85、6.8和3.93万亿元" or "15, 9.04 and 4.91 trillion yuan" the first two are
    trillion yuan too. Only bare numbers joined by 、 , 和 and are given the unit."""
    figures = list(got.figures)
    for i in range(len(figures) - 1, 0, -1):
        head = figures[i]
        if head.unit is UnitKind.NUMBER:
            continue
        j = i - 1
        while j >= 0:
            prev = figures[j]
            between = got.text[prev.end : figures[j + 1].start]
            if (
                prev.unit is not UnitKind.NUMBER
                or prev.scale is not None
                or not _LIST_GLUE.match(between)
            ):
                break
            figures[j] = replace(
                prev,
                unit=head.unit,
                unit_text=head.unit_text,
                scale=head.scale,
                scale_text=head.scale_text,
                currency=head.currency,
                noun=head.noun,
            )
            j -= 1
    return replace(got, figures=figures)
