"""Every facts file `validate` accepts is answered: exit 0 or 1, never a traceback (issue 21).

The bundled file with some of its facts moved anywhere in the calendar (0001..9999), given
values across the whole range the model allows and extreme precisions, then run through
show, audit, derive, card, compare and check in-process. Few examples, so the suite stays
fast; LOANFACTS_FUZZ_EXAMPLES=N raises them for a long run. Values a JSON number cannot carry
(over 15 significant digits, underflowing) are refused by validate (test_values_kept.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts.cli import app
from loanfacts.model import store
from loanfacts.model.errors import FactsFileError

BUNDLED: dict[str, Any] = json.loads(FACTS.read_text(encoding="utf-8"))
COUNT = len(BUNDLED["facts"])
LONG_RUN = int(os.environ.get("LOANFACTS_FUZZ_EXAMPLES", "0"))

DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
VALUES = st.one_of(
    st.decimals(
        min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=3
    ),
    st.integers(-(10**15), 10**15).map(Decimal),
    st.decimals(min_value=-1, max_value=1, allow_nan=False, allow_infinity=False, places=15),
    st.sampled_from(["1E+15", "-1E+15", "1E-300", "0.000000000000000000000000000001", "0"]).map(
        Decimal
    ),
)
COMMANDS = [
    ["show", "manufacturing"],
    ["audit"],
    ["derive"],
    ["card", "manufacturing-loans-balance"],
    ["compare", "manufacturing", "high-tech"],
    ["check", "Manufacturing loans exceeded 9,000 billion yuan, up 13.43% year on year."],
    ["show", "manufacturing", "--json"],
]


def _edited(changes: list[tuple[int, dt.date | None, Decimal | None]]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(BUNDLED))
    for index, day, value in changes:
        fact = data["facts"][index % COUNT]
        period = fact.get("period")
        if day is not None and isinstance(period, dict):
            if period.get("type") == "instant":
                period["date"] = day.isoformat()
            else:
                period["start"] = day.isoformat()
                period["end"] = max(day, dt.date.fromisoformat(period["end"])).isoformat()
        if value is not None:
            fact["value"] = value
            fact.setdefault("source", {})["text"] = format(value, "f")
            fact.pop("decimals", None)
    return data


def _write(data: dict[str, Any], folder: Path) -> Path | None:
    """The file written (values as JSON numbers with their digits), if validate accepts it."""
    path = folder / "facts.json"
    text = json.dumps(data, ensure_ascii=False, default=str)
    # decimals were written as strings by default=str: make them JSON numbers again
    for fact in data["facts"]:
        if isinstance(fact.get("value"), Decimal):
            text = text.replace(f'"value": "{fact["value"]}"', f'"value": {fact["value"]}', 1)
    path.write_text(text, encoding="utf-8")
    try:
        store.load(path)
    except FactsFileError:
        return None
    return path


def _answers(path: Path) -> None:
    runner = CliRunner()
    for args in COMMANDS:
        result = runner.invoke(app, [*args, "--facts", str(path)])
        assert result.exit_code in (0, 1), (args, result.exit_code, result.stderr)
        if result.exception is not None:
            assert isinstance(result.exception, SystemExit), (args, result.exception)
        assert "Traceback" not in result.stderr, (args, result.stderr)


CHANGES = st.lists(
    st.tuples(st.integers(0, COUNT - 1), st.none() | DATES, st.none() | VALUES),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=LONG_RUN or 8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@example(changes=[(0, dt.date(1025, 6, 30), None)])  # the year typo of issue 21
@example(changes=[(0, dt.date(1, 1, 1), None)])  # 'year 0 is out of range'
@example(changes=[(i, dt.date(1, 1, 1), None) for i in range(COUNT)])
@example(changes=[(i, dt.date(9999, 12, 31), None) for i in range(COUNT)])
@example(changes=[(i, None, Decimal("1E-300")) for i in range(COUNT)])
@example(changes=[(i, None, Decimal("0")) for i in range(COUNT)])
@example(changes=[(i, None, Decimal("1E+15")) for i in range(COUNT)])
@example(changes=[(i, None, Decimal("-1E+15")) for i in range(COUNT)])
@example(changes=[(i, None, Decimal("0.123456789012345")) for i in range(COUNT)])
@given(changes=CHANGES)
def test_every_accepted_file_is_answered(
    changes: list[tuple[int, dt.date | None, Decimal | None]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(_edited(changes), Path(folder))
        assume(path is not None)
        assert path is not None
        _answers(path)


@pytest.mark.parametrize("day", ["1025-06-30", "0001-01-01", "9999-12-31"])
def test_a_year_typo_is_answered(tmp_path: Path, day: str) -> None:
    """Each date of the headline balance, as a typo of its year might leave it."""
    data = json.loads(json.dumps(BUNDLED))
    for fact in data["facts"]:
        if (fact.get("period") or {}).get("date") == "2025-06-30":
            fact["period"]["date"] = day
    path = _write(data, tmp_path)
    assert path is not None
    _answers(path)
