"""The records renderers read, one TypedDict per shape: what views.py and card.py build, what
JSON, CSV, tables and Markdown are written from, and what tests/golden/ pins.

Plain dicts at run time (JSON-ready apart from Decimal values, which render/json.py writes as
numbers); this module imports nothing heavy, so the renderers can name these types freely.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, NotRequired, TypedDict


class InstantRecord(TypedDict):
    type: Literal["instant"]
    date: str


class DurationRecord(TypedDict):
    type: Literal["duration"]
    start: str
    end: str


PeriodRecord = InstantRecord | DurationRecord


class SourceRecord(TypedDict):
    document: str
    paragraph: int | None
    text: str  # as printed, in the source's own language
    text_en: str | None  # an English rendering, where the source is in another language


class PublishedRecord(TypedDict):
    """A figure as printed, whatever --unit asked for."""

    value: Decimal
    unit_label: str
    text: str


class FactRecord(TypedDict):
    """One fact as `show`, `list` and `search` write it."""

    id: str
    topic: str
    measure: str
    label: str  # the measure in plain words: "growth gap vs all loans"
    entity: str
    region: str | None
    value: Decimal
    unit: str
    currency: str | None
    scale: str | None
    unit_label: str
    qualifier: str
    lower: Decimal | None
    upper: Decimal | None
    period: PeriodRecord | None
    description: str
    source: SourceRecord
    reference: bool
    published: PublishedRecord
    unit_note: str | None
    aliases: list[str]
    tags: list[str]
    relations: dict[str, str]
    versus: str | None
    audit: NotRequired[list[str]]  # the audit rules naming it first (show, list, compare)
    yi_reading: NotRequired[YiReadingRecord | None]  # set with `audit`
    score: NotRequired[float]  # search only


class YiReadingRecord(TypedDict):
    """A "billion yuan" figure the audit doubts, read with 亿 (10^8) for "billion"."""

    value: Decimal
    lower: Decimal | None
    upper: Decimal | None
    unit_label: str


class DerivedRecord(TypedDict):
    """A figure the facts imply, with its formula, inputs and bounds."""

    id: str
    derivation: str
    title: str
    topic: str
    entity: str
    formula: str
    inputs: list[str]
    value: Decimal
    unit: str
    scale: str | None
    unit_label: str
    qualifier: str
    lower: Decimal | None
    upper: Decimal | None
    period: PeriodRecord | None
    reference: bool
    unit_note: str | None
    reading: str | None  # "yi" when the figure reads a billion-yuan input as 亿
    warnings: list[str]
    findings: list[InputFindingRecord]  # the audit findings its inputs carry into it


class InputFindingRecord(TypedDict):
    """An audit finding on an input of a derived figure, which holds for the figure too."""

    rule: str
    severity: str
    strength: str  # strong or indicative: how much weight the finding bears
    input: str
    message: str


class SkippedRecord(TypedDict):
    derivation: str
    inputs: list[str]
    reason: str


class DerivationsRecord(TypedDict):
    """What `derive` writes."""

    derived: list[DerivedRecord]
    skipped: list[SkippedRecord]


class SideRecord(TypedDict):
    arg: str
    ids: list[str]


class RowRecord(TypedDict):
    """One measure of `compare`: a fact per side, None where a side has none."""

    measure: str
    facts: list[FactRecord | None]


class ShareBoundsRecord(TypedDict):
    share_lower: Decimal | None
    share_upper: Decimal | None
    share_qualifier: str | None  # exact, lower_bound, upper_bound or approximate


class PairRecord(ShareBoundsRecord):
    """Two figures compared: difference, ratio and share, each with bounds and qualifier."""

    base: str
    other: str
    difference: Decimal | None
    difference_lower: Decimal | None
    difference_upper: Decimal | None
    difference_qualifier: str | None
    unit: str
    ratio: Decimal | None
    ratio_lower: Decimal | None
    ratio_upper: Decimal | None
    ratio_qualifier: str | None
    share: Decimal | None
    share_of: str | None


class ComparisonRecord(TypedDict):
    """What `compare` writes."""

    sides: list[SideRecord]
    rows: list[RowRecord]
    pairs: list[PairRecord]
    warnings: list[str]
    findings: list[InputFindingRecord]  # the audit's, on the facts of the sides


class TopicRecord(TypedDict):
    topic: str
    count: int
    aliases: list[str]
    ids: list[str]
    measures: list[str]
    reference: bool


class FindingRecord(TypedDict):
    """An audit finding; `evidence` maps names to the figures the finding rests on."""

    rule: str
    severity: str
    ids: list[str]
    subjects: list[str]  # the facts the finding is about; the other ids are evidence
    strength: str  # strong (the figures show it) or indicative (a related measure, a rule of thumb)
    message: str
    evidence: dict[str, Any]


class ConversionRecord(TypedDict):
    """A money figure rescaled exactly to one unit (the card's table of units)."""

    unit_label: str
    scale: str | None
    value: Decimal
    lower: Decimal | None
    upper: Decimal | None
    as_published: bool


class DocumentRecord(TypedDict):
    id: str
    title: str | None
    kind: str | None
    publisher: str | None
    published: str | None
    note: str | None
    address: str | None
    language: str | None
    not_found: list[str]  # what a search could not establish: publisher, published, address


class CardRecord(TypedDict):
    """What `card` writes: one fact in full."""

    fact: FactRecord
    conversions: list[ConversionRecord]
    document: DocumentRecord
    derivations: list[DerivedRecord]
    audit: list[FindingRecord]
    related: list[FactRecord]


class ProblemRecord(TypedDict):
    """One problem of a facts file, located as precisely as the file allows."""

    index: int | None
    id: str | None
    field: str | None
    message: str


class ValidationRecord(TypedDict):
    """What `validate` writes."""

    file: str
    valid: bool
    facts: int | None
    problems: list[ProblemRecord]
    warnings: list[ProblemRecord]  # the file stays valid: e.g. a reference source unnamed


# What the renderers' shared helpers read; each figure record above has these keys.


class Qualified(TypedDict):
    value: Decimal
    qualifier: str


class Shown(Qualified):
    """A figure as shown: `more than 9,000 billion yuan`."""

    unit_label: str


class Bounds(TypedDict):
    lower: Decimal | None
    upper: Decimal | None


class Dated(TypedDict):
    period: PeriodRecord | None


class Charted(TypedDict):
    """What a bar of a chart reads (a fact or a derived figure)."""

    value: Decimal
    qualifier: str
    unit: str
    scale: str | None
    unit_label: str


# check: one record per figure of the text, with its verdict.


class CheckSource(TypedDict):
    document: str | None
    paragraph: int | None


class CheckRecord(TypedDict):
    text: str
    sentence: str
    start: int
    end: int
    value: Decimal
    unit: str | None
    kind: str
    scale: str | None
    qualifier: str
    date: str | None
    verdict: str
    fact: str | None
    derived: bool
    title: str | None  # a derived figure's name ("manufacturing loans · level a year earlier")
    published: str | None
    note: str
    source: CheckSource | None
    findings: list[InputFindingRecord]  # the audit findings of the fact it was compared with


# bringing in a report: `coverage` and `extract` (intake/)


class CheckPayload(TypedDict):
    """`check --json`: every figure with its verdict, and the count of each verdict."""

    figures: list[CheckRecord]
    summary: dict[str, int]


class Place(TypedDict):
    paragraph: int
    text: str


class StaleRecord(TypedDict):
    id: str
    paragraph: int | None
    text: str


class SkippedFigureRecord(TypedDict):
    """A number of a report read as no figure (a date, a year, an ordinal, a name)."""

    paragraph: int
    text: str
    reason: str


class RepeatRecord(TypedDict):
    paragraph: int
    text: str
    of: Place


class CoverageRecord(TypedDict):
    """`coverage --json`: the contract, plus the count of figures, the headline repeats and
    the records that still carry a draft placeholder."""

    document: str
    figures: int
    covered: int
    uncovered: list[Place]
    stale: list[StaleRecord]
    skipped: list[SkippedFigureRecord]
    repeats: list[RepeatRecord]
    drafts: list[str]
    misreads: list[MisreadRecord]


class PlaceholderRecord(TypedDict):
    """A field of a record that still holds extract's DRAFT: placeholder."""

    id: str
    field: str


class MisreadRecord(TypedDict):
    """A record that likely misreads its figure, and why (intake/misreads.py)."""

    id: str
    paragraph: int | None
    text: str
    reason: str


class FigureRow(TypedDict):
    """One line of the table, JSON Lines and CSV: a figure, a stale record or a skip."""

    status: str  # covered, uncovered, stale, misread or skipped
    paragraph: int | None
    text: str
    id: str | None
    note: str


class ExtractPreview(TypedDict):
    """What the table preview shows: the drafts and what was left out, and why."""

    report: str
    document: str
    title: str
    facts: list[DraftRecord]
    skipped: list[SkippedFigureRecord]
    repeats: list[RepeatRecord]
    merged_into: str | None
    already: int  # figures the merged file cites already


class DraftSourceRef(TypedDict):
    """Where a drafted figure stands: document, paragraph and the figure as printed."""

    document: str
    paragraph: int
    text: str


class DraftRecord(TypedDict):
    """One record `extract` drafts, in facts.json's shape (issue 18: typed end to end)."""

    id: str
    topic: str
    measure: str
    entity: str
    region: NotRequired[str]
    value: Decimal
    unit: str
    currency: NotRequired[str]
    scale: NotRequired[str]
    qualifier: str
    period: dict[str, str] | None  # an InstantRecord or DurationRecord, as periods.py reads it
    description: str
    source: DraftSourceRef
    tags: NotRequired[list[str]]
    relations: NotRequired[dict[str, str]]
    versus: NotRequired[str]


class DraftSource(TypedDict):
    """The report a draft cites, as facts.json lists its sources."""

    id: str
    title: str
    kind: str
    sha256: str
    published: NotRequired[str]


class DraftDocument(TypedDict):
    """A whole draft: a facts file of one source."""

    schema_version: int
    sources: list[DraftSource]
    facts: list[DraftRecord]
