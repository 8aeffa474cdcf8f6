"""model/quick.py: the core-only copy of the models' validator accepts only what the models
accept, as the same objects, and anything else goes to the models, which word it as always."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import FACTS
from loanfacts.model import quick
from loanfacts.model.models import Fact

_RECORDS: list[dict[str, Any]] = json.loads(FACTS.read_text(encoding="utf-8"))["facts"]
_INSTANT = next(r for r in _RECORDS if (r.get("period") or {}).get("type") == "instant")
_DURATION = next(r for r in _RECORDS if (r.get("period") or {}).get("type") == "duration")

# JSON values a careless or hostile file puts where a date, an integer or a figure goes
_ODD: st.SearchStrategy[Any] = st.sampled_from(
    [
        "2025-06-30",
        "2024-02-29",
        "2025-02-30",
        "2025-6-30",
        "20250630",
        "1751241600",
        "2025-06-30T00:00:00",
        "2025-06-30Z",
        " 2025-06-30",
        "2025-06-30\n",
        "+2025-06-30",
        "０２０２-06-30",
        "12",
        "1e3",
        "NaN",
        "",
        True,
        False,
        None,
        [],
        {},
        0,
        1,
        2.0,
        2.5,
        -1,
        100_000,
        100_001,
        15,
        16,
        -16,
        1e15,
        -1e15,
        1e15 + 2,
        1751241600,
        float("nan"),
        float("inf"),
    ]
)
_VALUES = _ODD | st.integers() | st.floats() | st.decimals(allow_nan=False).map(float)


def _both(raw: bytes) -> tuple[object, object]:
    """(what the core-only copy makes of raw, what the models make of it); None: refused."""
    validator = quick.facts()
    assert validator.core is not None  # the copy was made (a pydantic of another shape: not)
    try:
        core: object = validator.core.validate_json(raw)
    except ValidationError:
        core = None
    try:
        full: object = validator.full.validate_json(raw)
    except ValidationError:
        full = None
    return core, full


@settings(max_examples=400, deadline=None)
@given(
    base=st.sampled_from([_INSTANT, _DURATION]),
    date=_VALUES,
    end=_VALUES,
    value=_VALUES,
    paragraph=_VALUES,
    decimals=_VALUES,
)
def test_core_copy_accepts_only_what_the_models_accept(
    base: dict[str, Any], date: Any, end: Any, value: Any, paragraph: Any, decimals: Any
) -> None:
    record = json.loads(json.dumps(base))
    period = record["period"]
    period["date" if period["type"] == "instant" else "start"] = date
    if period["type"] == "duration":
        period["end"] = end
    record["value"] = value
    record["source"]["paragraph"] = paragraph
    record["decimals"] = decimals
    raw = json.dumps([record]).encode()
    core, full = _both(raw)
    if core is not None:
        assert core == full
        assert [type(f) for f in core] == [Fact]  # type: ignore[attr-defined]
    # Quick: the core copy's answer, or the models' own, error and all
    try:
        quick_said: object = quick.facts().validate_json(raw)
    except ValidationError as exc:
        quick_said = str(exc)
    try:
        models_said: object = quick.facts().full.validate_json(raw)
    except ValidationError as exc:
        models_said = str(exc)
    assert quick_said == models_said


def test_core_copy_takes_the_bundled_file_itself() -> None:
    """Every record of the bundled file passes the core-only copy, as the same objects: the
    quick path is the one taken, not the fallback."""
    raw = json.dumps(_RECORDS).encode()
    core, full = _both(raw)
    assert core is not None
    assert core == full


@pytest.mark.parametrize(
    ("field", "written"),
    [
        ("date", '"1751241600"'),  # a strict date alone takes a timestamp in a string
        ("value", '"12"'),  # a strict Decimal alone takes a number in a string
        ("value", "1000000000000000.5"),
        ("value", "NaN"),
        ("paragraph", "2.0"),  # the models take it (2), the core copy leaves it to them
    ],
)
def test_core_copy_refuses(field: str, written: str) -> None:
    record = json.loads(json.dumps(_INSTANT))
    marker = "__WRITTEN__"
    if field == "date":
        record["period"]["date"] = marker
    elif field == "paragraph":
        record["source"]["paragraph"] = marker
    else:
        record[field] = marker
    raw = json.dumps([record]).replace(f'"{marker}"', written).encode()
    core, _ = _both(raw)
    assert core is None
