"""The words around a drafted figure that extract reads besides its measure: the topic's
clean-up (no function words, no blank runs, the subject before an apposition), the region
(recognize/regions.py: the sentence, else the paragraph, else the document), and the window of
an average over past months (issue 18)."""

from __future__ import annotations

import datetime as dt
import re

from loanfacts.intake.report_figures import Figure, ReportFigures
from loanfacts.recognize.regions import mentions, region_at

# words that are never a topic on their own ("but", "when", "below", 和, 同比少增)
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "when",
        "while",
        "which",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "below",
        "above",
        "over",
        "under",
        "than",
        "then",
        "also",
        "marginally",
        "slightly",
        "up",
        "down",
        "from",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "as",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "covers",
        "cover",
        "data",
        "figure",
        "showed",
        "shows",
    ]
)
ZH_FUNCTION = re.compile(r"^(?:和|与|及|同比|多增|少增|分别|其中|增加|减少|比|较|为|的|、|\s)+$")


# "Newly added social financing, a measurement of funds ..., came in at": the subject before
# the apposition is the topic, not the nouns that explain it
APPOSITIVE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z]*\s*-\s*)?(?:the\s+)?(?P<subject>[^,]{2,60}?),\s+(?:(?:a|an|the)\s+"
    r"(?:\w+\s+){0,2}(?:measure|measurement|gauge|indicator|amount)\b|which\s+covers\b)",
    re.IGNORECASE,
)


def appositive(sentence_before: str) -> str | None:
    m = APPOSITIVE.match(sentence_before)
    return clean_topic(m.group("subject")) if m else None


def clean_topic(name: str | None) -> str | None:
    """A topic with its blank runs closed and its leading function words dropped; None when
    nothing but function words is left (the caller then takes the topic read before)."""
    if name is None:
        return None
    text = re.sub(r"\s+", " ", name).strip(" ,;:")
    words = text.split(" ")
    while words and words[0].casefold() in FUNCTION_WORDS:
        words.pop(0)
    text = " ".join(words)
    if not text or all(w.casefold() in FUNCTION_WORDS for w in words) or ZH_FUNCTION.match(text):
        return None
    return text


def document_region(found: ReportFigures) -> str | None:
    """The region of a report whose sentences name none: the first place the report names
    (its title, its first paragraphs, else wherever it first names one)."""
    for p in found.report.paragraphs:
        named = mentions(p.text)
        if named:
            return named[0].region
    return None


def region(text: str, lo: int, hi: int, figure: Figure, default: str | None) -> str | None:
    """The figure's region from its sentence (recognize/regions.py), else the paragraph's
    before it, else the document's."""
    sentence = text[lo:hi]
    here = region_at(sentence, figure.start - lo, figure.end - lo)
    if here is not None:
        return here
    before = [m for m in mentions(text[:lo])]
    return before[-1].region if before else default


_WINDOW = re.compile(
    r"\b(?P<n>two|three|four|five|six|nine|twelve|\d{1,2})-month\s+average"
    r"|\baverage\b[^.;]*?\bsince\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})",
)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "twelve": 12}


def average(period: dict[str, str] | None, sentence: str) -> dict[str, str] | None:
    """An average over past months ("the past six months' average, £1.9 billion", "the
    £1.1 billion average seen since July 2018") is a monthly average over a window that ends
    the month before the report's month: the figure it is compared with is the current one."""
    if period is None:
        return None
    end = dt.date.fromisoformat(period.get("end") or period["date"])
    last = end.replace(day=1) - dt.timedelta(days=1)
    start = last.replace(day=1)
    window = _WINDOW.search(sentence)
    if window is not None and window.group("n"):
        n = _NUMBERS.get(window.group("n"), 0) or int(window.group("n"))
        index = last.year * 12 + last.month - n
        start = dt.date(index // 12, index % 12 + 1, 1)
    elif window is not None:
        try:
            month = dt.datetime.strptime(window.group("month"), "%B").month
            start = dt.date(int(window.group("year")), month, 1)
        except ValueError:
            pass
    return {"type": "duration", "start": start.isoformat(), "end": last.isoformat()}
