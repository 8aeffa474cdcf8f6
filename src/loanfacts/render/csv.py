"""CSV for spreadsheets: one flat row per record, nested fields joined with dots.

Into a pipe or a file the data are kept exactly (a spreadsheet or script reads them); on a
terminal every field is made inert as the table's cells are (render.clean: control and bidi
characters removed), so a facts file or a checked text cannot clear the screen, write the
clipboard (OSC 52) or hide a link (OSC 8)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal


def _flatten(record: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(v) for v in value)
        elif value is None:
            flat[name] = ""
        elif isinstance(value, Decimal):
            flat[name] = format(value, "f")
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = str(value)
    return flat


def write_csv(records: Iterable[Mapping[str, object]], columns: list[str]) -> None:
    """Columns are fixed per command so that an empty result still has its header."""
    writer = csv.DictWriter(
        sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
    )
    # With "\n" rows, csv leaves a field holding a lone "\r" unquoted, which splits the row
    # for every reader; such rows are written fully quoted instead.
    quoted = csv.DictWriter(
        sys.stdout,
        fieldnames=columns,
        extrasaction="ignore",
        lineterminator="\n",
        quoting=csv.QUOTE_ALL,
    )
    writer.writeheader()
    isatty = getattr(sys.stdout, "isatty", None)
    terminal = bool(isatty()) if callable(isatty) else False
    if terminal:
        from loanfacts.render import clean
    for record in records:
        flat = _flatten(record)
        row = {c: flat.get(c, "") for c in columns}
        if terminal:
            row = {c: clean(v) for c, v in row.items()}
        (quoted if any("\r" in v for v in row.values()) else writer).writerow(row)
