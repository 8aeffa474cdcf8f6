"""loanfacts.api: each command's result as a typed object, the same as the command prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from loanfacts import api
from loanfacts.cli import app
from loanfacts.model.errors import ExitCode, NoMatchError, UsageError

LAKESHIRE = ROOT / "tests" / "data" / "lakeshire-green-lending"
DOC = "lakeshire-green-lending-2025"


def test_show_is_what_the_command_writes(runner: CliRunner) -> None:
    found = api.show("manufacturing")
    printed = json.loads(runner.invoke(app, ["show", "manufacturing", "--json"]).stdout)
    assert found and found.why_empty is None
    assert [r["id"] for r in found.records] == [r["id"] for r in printed]


def test_nothing_matched_is_an_empty_result_that_says_why() -> None:
    found = api.list(measure="count", source="nope")
    assert not found and found.records == []
    assert found.why_empty is not None and "nope" in found.why_empty


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"sort": "colour"}, "--sort"),
        ({"on": "June"}, "--date"),
        ({"measure": "height"}, "--measure"),
    ],
)
def test_bad_options_raise_usage_errors(options: dict[str, str], said: str) -> None:
    with pytest.raises(UsageError, match=said) as caught:
        api.list(**options)  # type: ignore[arg-type]
    assert caught.value.exit_code is ExitCode.USAGE


def test_card_derive_and_compare() -> None:
    card = api.card("manufacturing-loans-balance")
    assert card["fact"]["id"] == "manufacturing-loans-balance"
    with pytest.raises(NoMatchError):
        api.card("manufacturing-loans-balanse")
    derived = api.derive("manufacturing-loans-balance")
    assert derived.record["derived"] and derived.why_empty is None
    assert "manufacturing-loans-balance" in derived.inputs
    assert api.derive("bananas").why_empty is not None
    compared = api.compare(["manufacturing", "high-tech"])
    assert len(compared["sides"]) == 2


def test_extract_and_coverage_from_a_path_and_from_bytes() -> None:
    from_path = api.extract(f"{LAKESHIRE}.txt", DOC)
    from_bytes = api.extract(Path(f"{LAKESHIRE}.txt").read_bytes(), DOC)
    assert from_path.facts and len(from_path.facts) == len(from_bytes.facts)
    assert from_path.preview["document"] == DOC
    covered = api.coverage(f"{LAKESHIRE}.txt", DOC, facts=f"{LAKESHIRE}.facts.json")
    assert covered.ok and covered.cites and covered.record["document"] == DOC
    assert DOC in covered.documents
