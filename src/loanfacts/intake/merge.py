"""`extract --merge FILE`: a facts file with the drafts of a report added, and nothing of it
changed.

The records of FILE come out as they went in, number for number: the file is re-read with
every number kept as the text it was written as (so 1.50 stays 1.50), and only the new
source and the new records are added. A figure that FILE already cites (as `coverage` pairs
them) gets no second draft, and a new draft's relation to such a figure names FILE's record.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from loanfacts.intake.coverage import Cited, pair
from loanfacts.intake.extract import Draft, draft, name
from loanfacts.intake.ids import document_tag, unique
from loanfacts.intake.report_figures import ReportFigures
from loanfacts.model.errors import FactsFileError, LoanfactsError
from loanfacts.model.models import FactsFile, SourceDocument
from loanfacts.model.records import DraftSource


@dataclass
class Merged:
    text: str  # the merged file, as it is printed
    new: list[Draft]
    already: int  # figures of the report that FILE cited already
    source_added: bool
    note: str | None  # why the source could not be added, when it could not


def _numbers_kept(
    raw: str, nonce: str | None = None, numbers: dict[str, str] | None = None
) -> tuple[Any, str, dict[str, str]]:
    """Parse JSON with each number replaced by a token that maps back to its text (into
    `numbers` under `nonce` when given, so that two files share one map)."""
    nonce = nonce or secrets.token_hex(4)
    numbers = {} if numbers is None else numbers

    def keep(text: str) -> str:
        token = f"\x00{nonce}:{len(numbers)}\x00"
        numbers[token] = text
        return token

    return json.loads(raw, parse_float=keep, parse_int=keep), nonce, numbers


def merge(
    raw: bytes, path: str, found: ReportFigures, document_id: str, source: DraftSource
) -> Merged:
    """FILE (raw bytes, already known to be UTF-8) with the report's new drafts added."""
    from loanfacts.model import store
    from loanfacts.model.jsontext import dumps

    file, problems = store.check_bytes(raw)
    if file is None:
        raise FactsFileError(path, problems)
    drafts = draft(found)
    cited = [
        Cited(f.id, f.source.paragraph, f.source.text)
        for f in file.facts
        if f.source.document == document_id
    ]
    covered = pair(found, cited).covered
    for d in drafts:
        if d.figure in covered:
            d.id = covered[d.figure]  # relations to it name FILE's record
    new = [d for d in drafts if d.figure not in covered]
    name(new, {f.id for f in file.facts}, document_id)
    doc, nonce, numbers = _numbers_kept(store.decode(raw).decode("utf-8"))
    added, note = False, None
    had = next((s for s in file.sources if s.id == document_id), None)
    if had is not None:  # the same report: FILE's own title may be a reviewer's
        refused(had, had.title, source.get("sha256"), source.get("published"), path)
    elif file.sources or not file.facts:
        doc.setdefault("sources", []).append(source)
        added = True
    else:
        note = (
            f"{path} lists no sources, so source {document_id!r} was not added "
            "(a sources list must then name every document its facts cite)"
        )
    doc["facts"].extend(d.record(document_id) for d in new)
    kept = list(numbers.values())
    text = re.sub(r'"\\u0000' + nonce + r':(\d+)\\u0000"', lambda m: kept[int(m[1])], dumps(doc))
    _, problems = store.check_bytes(text.encode("utf-8"))
    if problems:  # a draft that breaks the file is a bug here, never the user's to fix
        raise LoanfactsError(f"the merged file would not validate: {problems[0].render()}")
    return Merged(text, new, len(drafts) - len(new), added, note)


@dataclass
class Reviewed:
    """`loanfacts merge DRAFT --into FILE`: FILE with the draft's records added as they are."""

    text: str
    added: list[str]  # ids as written into FILE
    renamed: dict[str, str]  # draft id -> id in FILE, where the draft's clashed
    sources_added: list[str]
    already: list[str]  # draft records FILE holds already (same document, place and value)
    placeholders: int  # fields of the added records still holding DRAFT:


def refused(
    had: SourceDocument, title: str, sha256: str | None, published: str | None, path: str
) -> None:
    """A document id FILE lists already, given to a draft of another report: another title,
    another text (both checksums known) or another publication date. A usage error (exit 2)."""
    from loanfacts.model.errors import UsageError

    why = None
    if had.title != title:
        why = f"another title ({had.title[:60]!r})"
    elif had.sha256 and sha256 and had.sha256 != sha256:
        why = "another text (its sha256 differs)"
    elif had.published and published and had.published.isoformat() != published:
        why = f"another publication date ({had.published})"
    if why is not None:
        raise UsageError(
            f"document {had.id!r} is in {path} already with {why}: give the draft its own "
            "--document id"
        )


def _new_sources(file: FactsFile, drafted: FactsFile, path: str) -> list[str]:
    """The draft's documents FILE does not list; one it lists for another report is refused."""
    known = {s.id: s for s in file.sources}
    new_sources = []
    for source in drafted.sources:
        had = known.get(source.id)
        if had is None:
            new_sources.append(source.id)
        else:
            day = source.published.isoformat() if source.published else None
            refused(had, source.title, source.sha256, day, path)
    return new_sources


def _ids(file: FactsFile, drafted: FactsFile) -> tuple[list[str], list[str], dict[str, str]]:
    """The draft records to add, those FILE holds already, and the new id of each that
    clashes (or FILE's id of one it holds already)."""
    cited = {
        (f.source.document, f.source.paragraph, f.source.text, f.value): f.id for f in file.facts
    }
    taken = {f.id for f in file.facts}
    renamed: dict[str, str] = {}
    keep, already = [], []
    for f in drafted.facts:
        there = cited.get((f.source.document, f.source.paragraph, f.source.text, f.value))
        if there is not None:
            already.append(f.id)
            renamed[f.id] = there  # relations to it name FILE's record
            continue
        keep.append(f.id)
        if f.id in taken:
            tag = document_tag(f.source.document)
            renamed[f.id] = unique(f.id if f.id.endswith(f"-{tag}") else f"{f.id}-{tag}", taken)
        else:
            taken.add(f.id)
    return keep, already, renamed


def merge_reviewed(raw: bytes, path: str, draft_raw: bytes, draft_path: str) -> Reviewed:
    """FILE (raw bytes) with the reviewed draft's sources and records added, numbers kept as
    written. A document id FILE has already, with another title or publication date, is a
    usage error (exit 2): the draft is of another report."""
    from loanfacts.intake.misreads import placeholders
    from loanfacts.model import store
    from loanfacts.model.jsontext import dumps

    file, problems = store.check_bytes(raw)
    if file is None:
        raise FactsFileError(path, problems)
    drafted, problems = store.check_bytes(draft_raw)
    if drafted is None:
        raise FactsFileError(draft_path, problems)
    new_sources = _new_sources(file, drafted, path)
    keep, already, renamed = _ids(file, drafted)
    doc, nonce, numbers = _numbers_kept(store.decode(raw).decode("utf-8"))
    extra, _, _ = _numbers_kept(store.decode(draft_raw).decode("utf-8"), nonce, numbers)
    doc.setdefault("sources", [])
    doc["sources"].extend(s for s in extra.get("sources", []) if s["id"] in new_sources)
    added = []
    for record in extra["facts"]:
        if record["id"] not in keep:
            continue
        record["id"] = renamed.get(record["id"], record["id"])
        relations = record.get("relations") or {}
        for name_, target in list(relations.items()):
            relations[name_] = renamed.get(target, target)
        doc["facts"].append(record)
        added.append(record["id"])
    kept = list(numbers.values())
    text = re.sub(r'"\\u0000' + nonce + r':(\d+)\\u0000"', lambda m: kept[int(m[1])], dumps(doc))
    merged, problems = store.check_bytes(text.encode("utf-8"))
    if merged is None:
        raise LoanfactsError(f"the merged file would not validate: {problems[0].render()}")
    left = [p for p in placeholders(merged.facts) if p["id"] in set(added)]
    renamed = {a: b for a, b in renamed.items() if a not in already}
    return Reviewed(text, added, renamed, new_sources, already, len(left))
