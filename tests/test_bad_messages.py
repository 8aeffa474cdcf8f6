"""Every message of the bad-input corpus, whole and word for word (issue 20: validation moved
into pydantic's core must keep them). Each case is a committed corpus file, or the corpus's
field-extra.json (made valid) with one field set to a value; tests/data/bad_messages.json
holds every problem `store.check_bytes` gives for it, rendered as `validate` prints them,
and the value each accepted case reads. Rewrite it after an intended change with
LOANFACTS_UPDATE_GOLDEN=1."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from loanfacts.model import store

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "bad_inputs"
GOLDEN = TESTS / "data" / "bad_messages.json"

DATES = [
    1751241600,
    "2025-06-30T00:00:00",
    "2025-06-30T00:00:00Z",
    "2025-6-30",
    "2025-02-30",
    "2025-02-29",
    "2024-02-29",
    "20250630",
    "2025-13-01",
    "2025-00-10",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2025-06-30 ",
    " 2025-06-30",
    "2025-06-3O",
    "２０２５-06-30",
    "2025/06/30",
    "+2025-06-30",
    "",
    None,
    True,
    2025.5,
    [],
]
VALUES = [
    "12",
    "1e3",
    True,
    False,
    None,
    [],
    {},
    1e16,
    -1e16,
    1e15,
    -1e15,
    1000000000000000.5,
    -1000000000000000.5,
    999999999999999.9,
    1e-300,
    0,
    -0.0,
    12345678901234567890,
]
INTEGERS = ["2", 2.0, 2.5, True, False, 0, -1, 100000, 100001, 16, -16, 15, -15, None, 1e2, []]
# (where in the first record, or "source 0"/"file", the values tried)
CASES: list[tuple[str, list[Any]]] = [
    ("value", VALUES),
    ("period.date", DATES),
    ("period.start", DATES),
    ("source.paragraph", INTEGERS),
    ("decimals", INTEGERS),
    ("sources.0.published", DATES),
    ("schema_version", ["1", 1.0, True, 2, 1, None]),
]


def _base() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((CORPUS / "field-extra.json").read_text(encoding="utf-8"))
    del doc["facts"][1]["colour"]
    return doc


def _set(doc: dict[str, Any], where: str, value: object) -> None:
    parts = where.split(".")
    if parts[0] == "sources":
        node: Any = doc["sources"][int(parts[1])]
        parts = parts[2:]
    elif parts[0] == "schema_version":
        node = doc
    else:
        node = doc["facts"][0]
        if parts[:2] == ["period", "start"]:
            node["period"] = {"type": "duration", "start": "2025-01-01", "end": "2025-06-30"}
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


def _outcome(raw: bytes) -> list[str]:
    file, problems = store.check_bytes(raw)
    if file is None:
        return [p.render() for p in problems]
    first = file.facts[0]
    period = first.period
    shown = period.label() if period is not None else None
    published = file.sources[0].published if file.sources else None
    return [
        f"ok: value {first.value!r} paragraph {first.source.paragraph!r} decimals "
        f"{first.decimals!r} period {shown} published {published} schema {file.schema_version}"
    ]


def outcomes() -> dict[str, list[str]]:
    out = {
        f"corpus {path.name}": _outcome(path.read_bytes())
        for path in sorted(CORPUS.iterdir())
        if path.suffix == ".json"
    }
    for where, values in CASES:
        for value in values:
            doc = _base()
            _set(doc, where, value)
            out[f"{where} = {json.dumps(value, ensure_ascii=False)}"] = _outcome(
                json.dumps(doc, ensure_ascii=False).encode()
            )
    return out


def test_bad_input_messages_unchanged() -> None:
    got = outcomes()
    if os.environ.get("LOANFACTS_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got.keys() == expected.keys()
    changed = {k: (expected[k], got[k]) for k in got if got[k] != expected[k]}
    assert not changed, json.dumps(changed, indent=1, ensure_ascii=False)
