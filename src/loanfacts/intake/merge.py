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
from loanfacts.intake.report_figures import ReportFigures
from loanfacts.model.errors import FactsFileError, LoanfactsError


@dataclass
class Merged:
    text: str  # the merged file, as it is printed
    new: list[Draft]
    already: int  # figures of the report that FILE cited already
    source_added: bool
    note: str | None  # why the source could not be added, when it could not


def _numbers_kept(raw: str) -> tuple[Any, str, dict[str, str]]:
    """Parse JSON with each number replaced by a token that maps back to its text."""
    nonce = secrets.token_hex(4)
    numbers: dict[str, str] = {}

    def keep(text: str) -> str:
        token = f"\x00{nonce}:{len(numbers)}\x00"
        numbers[token] = text
        return token

    return json.loads(raw, parse_float=keep, parse_int=keep), nonce, numbers


def merge(
    raw: bytes, path: str, found: ReportFigures, document_id: str, source: dict[str, Any]
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
    name(new, {f.id for f in file.facts})
    doc, nonce, numbers = _numbers_kept(store.decode(raw).decode("utf-8"))
    added, note = False, None
    if not any(s.id == document_id for s in file.sources):
        if file.sources or not file.facts:
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
