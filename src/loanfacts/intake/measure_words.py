"""What kind of figure the words around it make it: balance or amount, growth or share, a gap
against another series or a change of a rate over time; and what a gap is measured against.
English and Chinese; plain word lists, no language model.

Every reading is a guess for a person to review, so each rule is small and says why. The
window a figure is read in is its clause and the words since the figure before it
(`Window`); wording.py reads topics and entities in the same window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loanfacts.intake.report_figures import COUNT, MONEY, PERCENT, POINTS, Figure
from loanfacts.model.kinds import Measure
from loanfacts.recognize.frames import YOY_AFTER, YOY_ZH
from loanfacts.text.normalize import has_han


def words_of(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’-]*", text.lower())


def _any(words: list[str] | str, vocabulary: frozenset[str]) -> bool:
    if isinstance(words, str):
        return any(term in words for term in vocabulary)
    return any(w in vocabulary or w.rstrip("'’s") in vocabulary for w in words)


GROWTH_WORDS = frozenset(
    {
        "up",
        "down",
        "rise",
        "rises",
        "rose",
        "risen",
        "grew",
        "grow",
        "grown",
        "growing",
        "fallen",
        "slipped",
        "slid",
        "eased",
        "edged",
        "grows",
        "growth",
        "increase",
        "increased",
        "increases",
        "increasing",
        "decrease",
        "decreased",
        "decline",
        "declined",
        "fell",
        "fall",
        "dropped",
        "drop",
        "year-on-year",
        "yoy",
        "y/y",
        "annual",
        "annually",
        "expanded",
        "expansion",
        "climbed",
        "gained",
        "contracted",
        "shrank",
    }
)
GROWTH_PHRASES = frozenset(
    {
        "year on year",
        "on the year",
        "from a year",
        "than a year",
        "on a year",
        "over the year",
        "a year earlier",
        "a year before",
        "a year ago",
    }
)
STOCK_WORDS = frozenset(
    {"outstanding", "balance", "balances", "stock", "deposits", "held", "books", "stood", "assets"}
)
FLOW_WORDS = frozenset(
    {
        "totaling",
        "totalling",
        "totalled",
        "totaled",
        "total",
        "disbursed",
        "disbursements",
        "lent",
        "issued",
        "issuance",
        "provided",
        "granted",
        "new",
        "pledging",
        "pledged",
        "agreed",
        "worth",
        "savings",
        "saved",
        "raised",
        "fined",
        "fines",
        "combined",
        "paid",
        "invested",
        "spent",
        "received",
        "achieving",
        "intentions",
        "cumulative",
        "cumulatively",
    }
)
ZH_GROWTH = frozenset({"同比", "增长", "增速", "下降", "上升", "减少", "增加"})
ZH_STOCK = frozenset({"余额", "存量"})
ZH_FLOW = frozenset(
    {"发放", "发行", "新增", "累计", "投放", "融资额", "发行额", "增加", "减少", "多增", "少增"}
)
LEVEL_AFTER = re.compile(
    r"\b(?:up|down|rose|fell|risen|fallen|dropped|climbed|increased|"
    r"decreased|declined|grew|slipped|eased|edged\s+\w+)\s+to\s*$"
    r"|(?:升至|降至|达到|为)\s*$",
    re.IGNORECASE,
)
COMPARE = re.compile(
    r"\b(?:higher|lower|faster|slower|quicker|swifter|stronger|weaker|above|below|more|less|"
    r"greater|ahead)\s+than\b"
    r"|\b(?:outpac\w*|outstrip\w*|exceed\w*\s+that\s+of|ahead\s+of)\b",
    re.IGNORECASE,
)
TIME_OBJECT = re.compile(
    r"^\s*(?:[,.;:]|$|(?:a|one|two|three|four|six|twelve|\d+|several)\s+(?:years?|months?|quarters?)"
    r"\s+(?:earlier|ago|before)|(?:the\s+)?(?:previous|prior|last|same)\s+\w+"
    r"|(?:at\s+)?the\s+(?:start|beginning|end)\s+of|(?:in\s+)?(?:19|20)\d{2}|a\s+year"
    r"|(?:that|the\s+figure|the\s+level|the\s+rate)\s+seen\s+(?:at|during|in)\b|since\b)",
    re.IGNORECASE,
)
ZH_GAP = re.compile(
    r"(?:比|较)(?!\s|上年|去年|上月|年初|上季|同期)"
    r"[^，,。；;]{1,20}?(?:高|快|多|低|慢)|(?:高于|快于|低于|慢于)"
)


@dataclass(frozen=True)
class Window:
    """The words a figure is read in: `before` runs from the clause start or the figure
    before it (whichever is later) to the figure; `after` to the clause end."""

    before: str
    after: str
    sentence_before: str  # the whole sentence up to the figure
    raw_after: str = ""  # the clause after the figure as printed, dates not blanked


def measure(figure: Figure, window: Window, instant: bool | None) -> Measure:
    """balance, amount, count, yoy_growth, share, gap or rate_change: the recognizer's reading
    of the cue words where it has one, else from the unit's kind and the words around here;
    `instant` says whether the figure's period is a day (None: no date)."""
    if figure.measure is not None:
        return _overruled(figure, window)
    near = f"{window.before} {window.after}"
    if figure.kind == POINTS:
        return Measure.GAP if is_gap(window) else Measure.RATE_CHANGE
    if figure.kind == PERCENT:
        if RATE_LEVEL.search(window.before) and not _any(words_of(window.before), GROWTH_WORDS):
            return Measure.RATE  # "the average rate on new loans was 5.42%", 利率为3.1%
        if LEVEL_AFTER.search(window.before):
            return Measure.SHARE  # "pushed the ratio down to 1.8%": a level, not a growth
        words = words_of(near)
        if _any(words, GROWTH_WORDS) or _any(near.lower(), GROWTH_PHRASES) or _any(near, ZH_GROWTH):
            return Measure.YOY_GROWTH
        return Measure.SHARE
    if figure.kind == COUNT:
        return Measure.COUNT
    if figure.kind == MONEY and is_yoy_change(window):
        return Measure.YOY_CHANGE
    # the words nearest the figure first ("比年初增加21.7亿元" after a 余额), then its sentence
    for text in (near, f"{window.sentence_before} {window.after}"):
        words = words_of(text)
        if _any(words, STOCK_WORDS) or _any(text, ZH_STOCK):
            return Measure.BALANCE
        if _any(words, FLOW_WORDS) or _any(text, ZH_FLOW):
            return _change_or_amount(figure, _change_words(window))
    if instant:
        return Measure.BALANCE
    return _change_or_amount(figure, _change_words(window))


RATE_LEVEL = re.compile(
    r"\b(?:interest|lending|loan|deposit|mortgage|average)\s+rates?\b|\brates?\s+on\b|\bLPR\b"
    r"|\bprime\s+rate|\byield|利率|报价",
    re.IGNORECASE,
)
# a flow that is the change of a balance: "increased by", "net lending", 增加/减少 (issue 18)
CHANGE = re.compile(
    r"\b(?:increased|decreased|rise|rises|rose|grew|added|newly\s+added|net|borrowed|"
    r"borrowing|repayments?|up\s+from)\b|增加|减少|新增|较年初|比年初增",
    re.IGNORECASE,
)


def _overruled(figure: Figure, window: Window) -> Measure:
    """The recognizer's cue read again here: a money flow may be a change of a balance or a
    change against a year before, money is never a count ("640 million pounds"), and points
    against a time are no gap."""
    said = figure.measure or Measure.AMOUNT
    if figure.kind == MONEY and said in (Measure.AMOUNT, Measure.COUNT):
        if is_yoy_change(window):
            return Measure.YOY_CHANGE
        return _change_or_amount(figure, _change_words(window))
    if figure.kind == POINTS and said is Measure.GAP:
        return Measure.GAP if is_gap(window) else Measure.RATE_CHANGE
    return said


def _change_words(window: Window) -> str:
    """The words that say whether a flow changes a balance: its own clause, and its sentence
    only when no figure stands before it there (an earlier figure's verb is its own)."""
    near = f"{window.before} {window.after}"
    listed = re.fullmatch(r"[\s,、和及与]*(?:and|or)?\s*", window.before)  # 1207亿元、1188亿元
    if re.search(r",\s{2,}", window.sentence_before) and not listed:
        return near
    return f"{near} {window.sentence_before}"


def _change_or_amount(figure: Figure, text: str) -> Measure:
    return Measure.INCREASE if figure.kind == MONEY and CHANGE.search(text) else Measure.AMOUNT


def is_yoy_change(window: Window) -> bool:
    """A flow's difference from the same flow a year before: 同比多增/少增, "a decrease of X
    year-on-year", "down by X from a year ago", a drop of so many trillion yuan against the
    same months of the year before."""
    return bool(YOY_AFTER.match(window.raw_after) or YOY_ZH.search(window.sentence_before))


def is_gap(window: Window) -> bool:
    """Points "higher than <another series>" are a gap; points against an earlier time
    ("lower than three months earlier", 比上年下降) are a change of the rate itself."""
    text = f"{window.before} {window.after}"
    if has_han(text):
        return bool(ZH_GAP.search(text))
    return any(not TIME_OBJECT.match(text[m.end() :]) for m in COMPARE.finditer(text))


def versus(window: Window) -> str | None:
    """What a gap is measured against: "than the mean growth of lending of every kind" gives
    "lending of every kind"."""
    text = f"{window.before} {window.after}"
    if has_han(text):
        m = re.search(r"(?:比|较)([^，,。；;]{1,20}?)(?:增速|增幅)?(?:高|快|多|低|慢)", text)
        return m.group(1).strip() if m else None
    m = re.search(r"\bthan\s+(.+?)(?:\s+by\b|[,;.]|$)", text, re.IGNORECASE)
    if not m:
        return None
    noun = re.sub(
        r"^(?:that\s+of\s+|the\s+)?(?:(?:average|overall|annual|mean)\s+)*"
        r"(?:growth(?:\s+rate)?|rate|increase|pace)?\s*(?:of|for|in)?\s*"
        r"(?:the\s+)?",
        "",
        m.group(1).strip(),
        flags=re.IGNORECASE,
    )
    return noun or None
