"""Values kept (issue 21, defect 12): what validate accepts, JSON prints with the digits it
was given; a value a JSON number cannot carry is refused with a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts.cli import app


def _facts(tmp_path: Path, value: str) -> Path:
    text = FACTS.read_text(encoding="utf-8").replace('"value": 9000,', f'"value": {value},', 1)
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("1e-400", "too small"),
        ("4e-320", "too small"),  # subnormal
        ("123456789012345.12345678901234", "digits"),
        ("0.1234567890123456789012345678901", "digits"),
    ],
)
def test_a_value_json_cannot_carry_is_refused(tmp_path: Path, value: str, why: str) -> None:
    result = CliRunner().invoke(app, ["validate", str(_facts(tmp_path, value))])
    assert result.exit_code == 3, result.stdout
    assert value in result.stdout + result.stderr and why in result.stdout + result.stderr


@pytest.mark.parametrize("value", ["0.1", "123456789012345", "3563.91", "1e-300", "0.000001"])
def test_json_prints_the_value_given(tmp_path: Path, value: str) -> None:
    path = _facts(tmp_path, value)
    result = CliRunner().invoke(
        app, ["show", "manufacturing-loans-balance", "--json", "--facts", str(path)]
    )
    assert result.exit_code == 0, result.stderr
    from decimal import Decimal

    printed = json.loads(result.stdout, parse_float=Decimal, parse_int=Decimal)[0]["value"]
    assert printed == Decimal(value)
