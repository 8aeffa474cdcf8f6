"""Draft records for every figure of a report, in facts.json's schema, for a person to review.

Value, unit, scale and qualifier are the recognizer's, as printed (亿 stays `yi`). The rest is
read from the words around the figure (wording.py) and the date phrases of the paragraph
(periods.py): a measure, a period, a topic and an id, and the relations the text makes
evident. Descriptions are the person's job: each draft carries a placeholder that starts with
DRAFT: (the schema says so), and `coverage` lists the records that still do.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from loanfacts.intake.coverage import repeat_records, skipped_records
from loanfacts.intake.draftwords import (
    appositive,
    average,
    clean_topic,
    document_region,
    region,
)
from loanfacts.intake.ids import document_tag, slug, unique
from loanfacts.intake.measure_words import Window, measure, versus
from loanfacts.intake.report_figures import COUNT, MONEY, Figure, ReportFigures
from loanfacts.intake.subjects import entities, topic
from loanfacts.model.kinds import DRAFT_MARK, Measure
from loanfacts.model.records import DraftDocument, DraftRecord, DraftSource, ExtractPreview
from loanfacts.recognize.frames import AVERAGE_AFTER, AVERAGE_BEFORE
from loanfacts.recognize.paragraphs import section_heading
from loanfacts.recognize.periods import clause_of, nearest, sentence_of

PLACEHOLDER = f"{DRAFT_MARK} describe this figure in your own words"
ENTITY_PLACEHOLDER = f"{DRAFT_MARK} whose figure this is"
ID_SUFFIX = {
    Measure.BALANCE: "balance",
    Measure.AMOUNT: "amount",
    Measure.INCREASE: "increase",
    Measure.YOY_CHANGE: "yoy-change",
    Measure.RATE: "rate",
    Measure.COUNT: "count",
    Measure.YOY_GROWTH: "yoy",
    Measure.GAP: "growth-gap",
    Measure.RATE_CHANGE: "rate-change",
    Measure.SHARE: "share",
}
PART_OPENERS = re.compile(
    r"^\s*(?:of\s+(?:that|this|the)\s+(?:total|amount|sum|figure)|"
    r"of\s+(?:which|these|them)|among\s+(?:them|these)|其中)",
    re.IGNORECASE,
)
# words that tie a sentence to what came before: its date and its rates may be in an earlier
# paragraph ("That pace was...", "over the same period")
ANAPHORA = re.compile(
    r"^\s*(?:that|this|these|those|such|it|its|they|their|of\s+(?:that|this|"
    r"the)\s+total|of\s+which|meanwhile)\b|\b(?:the\s+)?same\s+(?:period|"
    r"date|time|day|quarter|month|year)\b|^\s*(?:其中|同期|同时|这|该)",
    re.IGNORECASE,
)
SINCE_NEW_YEAR = re.compile(
    r"比年初|较年初|今年以来|年初以来|since\s+the\s+(?:start|"
    r"beginning)\s+of\s+the\s+year|year[\s-]to[\s-]date|so\s+far\s+"
    r"this\s+year",
    re.IGNORECASE,
)
SPREAD = re.compile(
    r"^\s*(?:to|for|among|across|covering|benefiting|benefitting)\s+"
    r"(?:(?:about|around|roughly|some|over|more\s+than|nearly|almost|at\s+least|"
    r"up\s+to)\s+)?$",
    re.IGNORECASE,
)


@dataclass
class Draft:
    """A record being drafted, with what relations need of its figure."""

    figure: Figure
    measure: Measure
    topic: str
    entity: str
    period: dict[str, str] | None
    id: str = ""
    relations: dict[str, Draft] = field(default_factory=dict)
    versus: str | None = None
    unit: str = ""
    tags: list[str] = field(default_factory=list)
    region: str | None = None

    def record(self, document: str) -> DraftRecord:
        f = self.figure
        out: DraftRecord = {
            "id": self.id,
            "topic": self.topic[:200],
            "measure": str(self.measure),
            "entity": self.entity[:200],
            "value": f.value,
            "unit": (self.unit or f.unit)[:60],
            "qualifier": str(f.qualifier),
            "period": self.period,
            "description": PLACEHOLDER,
            "source": {"document": document, "paragraph": f.paragraph, "text": f.text},
        }
        if self.region:
            out["region"] = self.region
        if f.currency is not None:
            out["currency"] = f.currency.value
        if f.scale is not None:
            out["scale"] = str(f.scale)
        if self.tags:
            out["tags"] = self.tags
        if self.relations:
            out["relations"] = {name: target.id for name, target in self.relations.items()}
        if self.versus and self.versus.strip():
            out["versus"] = re.sub(r"\s+", " ", self.versus).strip()[:200]
        return out


def _blank(text: str, dates: list[tuple[int, int]], figures: list[tuple[int, int]]) -> str:
    """The paragraph with its dates blanked and its figures turned into clause breaks, both of
    the same length, so that words are read around them, never through them."""
    chars = list(text)
    for a, b in dates:
        chars[a:b] = " " * (b - a)
    for a, b in figures:
        chars[a:b] = "," + " " * (b - a - 1)
    return "".join(chars)


def _document_entity(found: ReportFigures) -> str | None:
    """Whose figures the report gives, when a sentence names no one: the first sector the
    body names ("Henan's banking sector"), else the title's."""
    body = [p for p in found.report.paragraphs if p.number > 1]
    for paragraphs in (body, found.report.paragraphs[:1]):
        for p in paragraphs:
            sectors = [name for _, name, named in entities(p.text) if not named]
            if sectors:
                return sectors[0]
    return None


def _times_unit(figure: Figure, before: str) -> str:
    """ "visited enterprises 9.43 million times" counts visits: the verb names the unit."""
    if figure.unit.lower() != "times":
        return figure.unit
    verbs = re.findall(r"\b([a-z]+?)(?:ed|d)\b", before.lower())
    for stem in reversed(verbs):
        if len(stem) >= 3 and stem not in {"ha", "ne", "use"}:
            return f"{stem}s"
    return figure.unit


def _quoted(text: str) -> list[str]:
    return [m.strip() for m in re.findall(r"[\"“]([^\"“”]{1,80})[\"”]", text) if m.strip()]


def draft(found: ReportFigures) -> list[Draft]:
    """One draft per figure, with its topic and relations; ids come from name()."""
    default_entity = _document_entity(found) or ENTITY_PLACEHOLDER
    default_region = document_region(found)
    drafts: list[Draft] = []
    last_total: Draft | None = None  # the latest balance or amount, for "of that total"
    main: dict[str, str] | None = None  # the period read last from the report's own dates
    for p, dates in zip(found.report.paragraphs, found.dates, strict=True):
        figures = found.in_paragraph(p.number)
        date_spans = [(d.start, d.end) for d in dates]
        figure_spans = [(f.start, f.end) for f in figures]
        masks = date_spans + figure_spans
        plain = _blank(p.text, date_spans, figure_spans)
        previous: Draft | None = None
        for figure in figures:
            s_lo, s_hi = sentence_of(found.sentences[p.number - 1], figure.start, len(p.text))
            c_lo, c_hi = clause_of(plain, figure.start, figure.end)
            same_sentence = previous is not None and previous.figure.start >= s_lo
            lo = max(c_lo, previous.figure.end if previous and same_sentence else s_lo)
            window = Window(
                plain[lo : figure.start],
                plain[figure.end : c_hi],
                plain[s_lo : figure.start],
                p.text[figure.end : c_hi],
            )
            phrase = nearest(
                p.text, figure.start, figure.end, dates, found.sentences[p.number - 1], masks
            )
            period = figure.period or (phrase.period() if phrase else None)
            sentence = p.text[s_lo:s_hi]
            linked = bool(ANAPHORA.search(sentence))
            if phrase is not None and phrase.relative in ("", "last_month"):
                main = period
            if period is None and found.published is not None:
                # with an anchor, a figure its words do not date is of the date read last,
                # never of a base ("the previous month")
                period = main
            elif period is None and linked:
                period = next((d.period for d in reversed(drafts) if d.period), None)
            if AVERAGE_BEFORE.search(plain[lo : figure.start]) or AVERAGE_AFTER.match(
                plain, figure.end
            ):
                period = average(period, sentence)
            kind = measure(figure, window, None if period is None else period["type"] == "instant")
            period = _fit(period, kind, p.text[lo : figure.start])
            prior = previous if same_sentence else None
            unit = _times_unit(figure, window.before)
            name = appositive(p.text[s_lo : figure.start]) or clean_topic(
                topic(figure, window, prior.topic if prior else None, unit)
            )
            if name is None:  # "The figure was up from ...": the topic read last
                name = _topic_before(found, p.number, prior or (drafts[-1] if drafts else None))
            named = [n for _, n, _ in entities(p.text[s_lo : figure.start])]
            current = Draft(
                figure,
                kind,
                name,
                named[-1] if named else default_entity,
                period,
                unit=unit,
                tags=_quoted(sentence)[:10],
                region=region(p.text, s_lo, s_hi, figure, default_region),
            )
            _relate(current, prior, drafts, window, p.text[s_lo : figure.start], last_total, linked)
            whole = current.relations.get("part_of")
            if whole is not None and kind not in (Measure.INCREASE, Measure.YOY_CHANGE):
                # a part of a balance is a balance, dated as its whole
                current.measure = whole.measure
                if phrase is None:
                    current.period = whole.period
            drafts.append(current)
            if current.measure in (Measure.BALANCE, Measure.AMOUNT, Measure.INCREASE):
                last_total = current
            previous = current
    _spread(drafts, found)
    return drafts


def _topic_before(found: ReportFigures, number: int, earlier: Draft | None) -> str:
    """The topic of a figure whose words name none: its section's heading when a section
    began since the figure read last (recognize/paragraphs.section_heading, the rule `check`
    follows too), else that figure's topic."""
    since = earlier.figure.paragraph if earlier is not None else 1
    heading = section_heading(
        [p.text for p in found.report.paragraphs],
        number - 1,
        since - 1,
        lambda n: bool(found.in_paragraph(n + 1)),
    )
    if heading is not None:
        return heading
    return earlier.topic if earlier else f"paragraph {number} figure"


def _fit(period: dict[str, str] | None, kind: Measure, before: str) -> dict[str, str] | None:
    """A balance dated by a span is a stock at its end; an amount "since the start of the
    year" (比年初) dated by a day runs from January 1 to that day."""
    if period is None:
        return None
    if kind is Measure.BALANCE and period["type"] == "duration":
        return {"type": "instant", "date": period["end"]}
    flow = kind in (Measure.AMOUNT, Measure.INCREASE)
    if flow and period["type"] == "instant" and SINCE_NEW_YEAR.search(before):
        return {"type": "duration", "start": f"{period['date'][:4]}-01-01", "end": period["date"]}
    return period


def name(drafts: list[Draft], taken: set[str], document: str = "") -> None:
    """Ids from topic and measure, tied to their document by its tag ("-r4-zh": ids.
    document_tag) and unique among themselves and the ids already `taken` (in the file merged
    into)."""
    tag = document_tag(document)
    every = set(taken)
    counters: dict[str, int] = {}
    for d in drafts:
        base = f"{slug(d.topic) or f'paragraph-{d.figure.paragraph}'}-{ID_SUFFIX[d.measure]}"
        d.id = unique(f"{base}-{tag}" if tag else base, every, counters)


def _relate(
    current: Draft,
    prior: Draft | None,
    drafts: list[Draft],
    window: Window,
    sentence_before: str,
    last_total: Draft | None,
    linked: bool,
) -> None:
    """growth_of: a growth rate right after a balance or amount of the same topic; gap_of: a
    gap in points after a growth rate; part_of: "of that total, ..." after a total."""
    if (
        current.measure is Measure.YOY_GROWTH
        and prior is not None
        and prior.measure in (Measure.BALANCE, Measure.AMOUNT)
        and prior.topic == current.topic
    ):
        current.relations["growth_of"] = prior
    if current.measure is Measure.GAP:
        rate = next(
            (d for d in reversed(drafts) if d.measure in (Measure.YOY_GROWTH, Measure.SHARE)), None
        )
        if rate is not None and (linked or rate.figure.paragraph == current.figure.paragraph):
            # a gap is about the growth it is the gap of, whatever it is measured against
            current.relations["gap_of"] = rate
            current.topic = rate.topic
        current.versus = versus(window)
    if (
        current.figure.kind == MONEY
        and last_total is not None
        and PART_OPENERS.match(sentence_before)
        and prior is None
    ):
        current.relations["part_of"] = last_total


def _spread(drafts: list[Draft], found: ReportFigures) -> None:
    """distributed_over: an amount given "to 141 clients" is spread over that count."""
    for a, b in itertools.pairwise(drafts):
        if (
            a.figure.paragraph != b.figure.paragraph
            or b.figure.kind != COUNT
            or a.figure.kind != MONEY
        ):
            continue
        text = found.report.paragraphs[a.figure.paragraph - 1].text
        between = text[a.figure.end : b.figure.start]
        if SPREAD.match(between):
            a.relations["distributed_over"] = b


def source_entry(found: ReportFigures, document_id: str, title: str | None) -> DraftSource:
    """The new source: the report's title line unless --title says otherwise."""
    heading = (title or found.report.title or document_id).strip()[:2000]
    out: DraftSource = {
        "id": document_id,
        "title": heading or document_id,
        "kind": "report",
        "sha256": found.report.digest,
    }
    if found.published is not None:
        out["published"] = found.published.isoformat()
    return out


def document(
    found: ReportFigures, document_id: str, title: str | None
) -> tuple[DraftDocument, list[Draft]]:
    """The whole draft in facts.json's schema: the new source and one record per figure."""
    drafts = draft(found)
    name(drafts, set(), document_id)
    return (
        {
            "schema_version": 1,
            "sources": [source_entry(found, document_id, title)],
            "facts": [d.record(document_id) for d in drafts],
        },
        drafts,
    )


def preview(
    found: ReportFigures,
    document_id: str,
    title: str,
    facts: list[DraftRecord],
    merged_into: str | None = None,
    already: int = 0,
) -> ExtractPreview:
    return {
        "report": found.report.name,
        "document": document_id,
        "title": title,
        "facts": facts,
        "skipped": skipped_records(found.skipped),
        "repeats": repeat_records(found.repeats),
        "merged_into": merged_into,
        "already": already,
    }
