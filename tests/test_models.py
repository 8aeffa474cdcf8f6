"""The facts-file models: what a record must carry and what it may not."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from loanfacts.model.models import Duration, Fact, FactsFile, Qualifier


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "x-balance",
        "topic": "x loans",
        "measure": "balance",
        "entity": "somebody",
        "value": 12.5,
        "unit": "yuan",
        "scale": "billion",
        "description": "a test figure",
        "period": {"type": "instant", "date": "2025-06-30"},
        "source": {"document": "doc", "paragraph": 1, "text": "12.50 billion yuan"},
    }
    base.update(changes)
    return base


def test_valid_record_defaults() -> None:
    """A record without qualifier is exact, without aliases has none."""
    fact = Fact.model_validate(record())
    assert fact.qualifier is Qualifier.EXACT
    assert fact.aliases == []
    assert fact.unit_label == "billion yuan"


def test_printed_text_sets_precision() -> None:
    """JSON drops the trailing zero of 12.50; the printed text keeps it."""
    assert Fact.model_validate(record()).printed_decimals == 2
    assert Fact.model_validate(record(decimals=0)).printed_decimals == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"extra": 1},
        {"value": float("nan")},
        {"value": float("inf")},
        {"value": "12"},
        {"id": "Not A Slug"},
        {"measure": "vibes"},
        {"period": {"type": "instant", "date": "2025-02-30"}},
        {"period": {"type": "duration", "start": "2025-06-30", "end": "2025-01-01"}},
    ],
)
def test_rejects(bad: dict[str, Any]) -> None:
    """Unknown fields, non-finite numbers, strings for numbers, impossible dates fail."""
    with pytest.raises(ValidationError):
        Fact.model_validate_json(json.dumps(record(**bad)))


def test_duration_label() -> None:
    span = Duration(type="duration", start=date(2025, 1, 1), end=date(2025, 6, 30))
    assert span.label() == "2025-01-01..2025-06-30"


def test_file_needs_facts_list() -> None:
    with pytest.raises(ValidationError):
        FactsFile.model_validate({"sources": []})


def test_value_keeps_decimal_digits() -> None:
    """Values are Decimal, never float: 3563.91 stays 3563.91."""
    fact = Fact.model_validate_json(json.dumps(record(value=3563.91)))
    assert fact.value == Decimal("3563.91")
