"""Which figures of a report the facts cite, which they leave out, and which records no longer
match the text they cite: test coverage for a facts file.

A record cites a figure when it names the same document and paragraph and its printed text
(`source.text`) stands in that paragraph around the figure. Each record cites one place: when
its text stands twice in the paragraph, the first place with a figure not yet cited is its
own, so a paragraph that prints "5%" for two things needs two records.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from loanfacts.intake.report_figures import Figure, Repeat, ReportFigures, Skipped
from loanfacts.model.kinds import DRAFT_MARK
from loanfacts.model.models import Fact
from loanfacts.model.records import CoverageRecord, FigureRow, MisreadRecord, RepeatRecord
from loanfacts.model.records import SkippedFigureRecord as SkippedRecord
from loanfacts.recognize.paragraphs import Report


@dataclass(frozen=True)
class Cited:
    """What coverage needs of a record: where it says its figure stands."""

    id: str
    paragraph: int | None
    text: str
    draft: bool = False


@dataclass
class Coverage:
    figures: list[Figure]
    covered: dict[Figure, str] = field(default_factory=dict)  # figure -> record id
    uncovered: list[Figure] = field(default_factory=list)
    stale: list[Cited] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing uncovered or stale, and no record still a draft."""
        return not self.uncovered and not self.stale and not self.drafts


def _places(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def cites(report: Report, record: Cited) -> list[tuple[int, int]]:
    """Where a record's printed text stands: (paragraph, offset) pairs, in its own paragraph,
    or anywhere in the report for a record that names no paragraph."""
    if not record.text:
        return []
    if record.paragraph is None:
        return [(p.number, at) for p in report.paragraphs for at in _places(p.text, record.text)]
    paragraph = report.paragraph(record.paragraph)
    if paragraph is None:
        return []
    return [(paragraph.number, at) for at in _places(paragraph.text, record.text)]


def pair(found: ReportFigures, records: Sequence[Cited]) -> Coverage:
    """Pair every figure with the record that cites it; the rest are uncovered or stale."""
    result = Coverage(
        list(found.figures),
        skipped=list(found.skipped),
        repeats=list(found.repeats),
        drafts=[r.id for r in records if r.draft],
    )
    by_paragraph: dict[int, list[Figure]] = {}
    for figure in found.figures:
        by_paragraph.setdefault(figure.paragraph, []).append(figure)
    claimed: set[tuple[int, int, str]] = set()
    for record in records:
        places = cites(found.report, record)
        if not places:
            result.stale.append(record)
            continue

        def inside(place: tuple[int, int], rec: Cited = record) -> list[Figure]:
            number, at = place
            return [
                f
                for f in by_paragraph.get(number, [])
                if at <= f.start and f.end <= at + len(rec.text)
            ]

        free = [p for p in places if (*p, record.text) not in claimed] or places
        place = next((p for p in free if any(f not in result.covered for f in inside(p))), free[0])
        claimed.add((*place, record.text))
        for figure in inside(place):
            result.covered.setdefault(figure, record.id)
    result.uncovered = [f for f in found.figures if f not in result.covered]
    return result


def records_of(facts: Sequence[Fact], document: str) -> list[Cited]:
    """The records of a facts file that cite this document, in file order."""
    return [
        Cited(
            f.id,
            f.source.paragraph,
            f.source.text,
            f.description.startswith(DRAFT_MARK) or f.entity.startswith(DRAFT_MARK),
        )
        for f in facts
        if f.source.document == document
    ]


def skipped_records(found: Sequence[Skipped]) -> list[SkippedRecord]:
    return [{"paragraph": s.paragraph, "text": s.text, "reason": s.reason} for s in found]


def repeat_records(found: Sequence[Repeat]) -> list[RepeatRecord]:
    return [
        {
            "paragraph": r.figure.paragraph,
            "text": r.figure.text,
            "of": {"paragraph": r.of.paragraph, "text": r.of.text},
        }
        for r in found
    ]


def to_record(
    result: Coverage, document: str, misreads: Sequence[MisreadRecord] = ()
) -> CoverageRecord:
    return {
        "document": document,
        "figures": len(result.figures),
        "covered": len(result.covered),
        "uncovered": [{"paragraph": f.paragraph, "text": f.text} for f in result.uncovered],
        "stale": [{"id": r.id, "paragraph": r.paragraph, "text": r.text} for r in result.stale],
        "skipped": skipped_records(result.skipped),
        "repeats": repeat_records(result.repeats),
        "drafts": list(result.drafts),
        "misreads": list(misreads),
    }


def rows(result: Coverage) -> list[FigureRow]:
    """Every figure in report order with the record citing it, then stale records and skips."""
    out: list[FigureRow] = []
    repeats = {r.of: r for r in result.repeats}
    for f in result.figures:
        cited = result.covered.get(f)
        note = "" if cited else "no record cites it"
        if f in repeats:
            note = (
                f"{note}; " if note else ""
            ) + f"the headline prints it too (¶{repeats[f].figure.paragraph})"
        out.append(
            {
                "status": "covered" if cited else "uncovered",
                "paragraph": f.paragraph,
                "text": f.text,
                "id": cited,
                "note": note,
            }
        )
    for r in result.stale:
        where = "names no paragraph" if r.paragraph is None else f"not in ¶{r.paragraph}"
        out.append(
            {
                "status": "stale",
                "paragraph": r.paragraph,
                "text": r.text,
                "id": r.id,
                "note": f"printed text {where} of the report",
            }
        )
    for s in result.skipped:
        out.append(
            {
                "status": "skipped",
                "paragraph": s.paragraph,
                "text": s.text,
                "id": None,
                "note": f"read as {'an' if s.reason[:1] in 'aeiou' else 'a'} {s.reason}",
            }
        )
    return out


def misread_rows(found: Sequence[MisreadRecord]) -> list[FigureRow]:
    return [
        {
            "status": "misread",
            "paragraph": m["paragraph"],
            "text": m["text"],
            "id": m["id"],
            "note": m["reason"],
        }
        for m in found
    ]


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def context(report: Report, figure: Figure, width: int = 30) -> str:
    """The words around a figure, about `width` terminal cells either side, to find it in the
    report: "…intentions totaling 124 billion yuan, effectively…"."""
    paragraph = report.paragraph(figure.paragraph)
    if paragraph is None:
        return ""
    text = paragraph.text
    lo = figure.start
    while lo > 0 and _cells(text[lo - 1 : figure.start]) <= width:
        lo -= 1
    hi = figure.end
    while hi < len(text) and _cells(text[figure.end : hi + 1]) <= width:
        hi += 1
    return f"{'…' if lo else ''}{text[lo:hi]}{'…' if hi < len(text) else ''}"
