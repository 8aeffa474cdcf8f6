"""The CLI through CliRunner: exit statuses, streams, formats, and the golden JSON contract.

Set LOANFACTS_UPDATE_GOLDEN=1 to rewrite tests/golden/ after an intended change of output.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts import __version__
from loanfacts.cli import app

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "show-manufacturing": ["show", "manufacturing", "--json"],
    "show-none": ["show", "bananas", "--json"],
    "list": ["list", "--json"],
    "list-rates-june": ["list", "--measure", "yoy_growth", "--date", "2025-06-30", "--json"],
    "search-supply-chain": ["search", "supply", "chain", "--json"],
    "compare-manufacturing-high-tech": ["compare", "manufacturing", "high-tech", "--json"],
    "derive": ["derive", "--json"],
    "derive-manufacturing-yi": ["derive", "manufacturing", "--unit", "yi", "--json"],
    "show-manufacturing-trillion": [
        "show",
        "manufacturing-loans-balance",
        "--unit",
        "trillion",
        "--json",
    ],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_json(runner: CliRunner, name: str) -> None:
    """The JSON shape is a contract: any change shows up here first."""
    result = runner.invoke(app, CASES[name])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    payload = json.loads(result.stdout)
    path = GOLDEN / f"{name}.json"
    if os.environ.get("LOANFACTS_UPDATE_GOLDEN"):
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert payload == json.loads(path.read_text(encoding="utf-8"))
    assert result.stdout.endswith("\n")


def test_show_manufacturing_table(runner: CliRunner) -> None:
    """The main job: balance, rate and gap with date and paragraph, no colour codes."""
    result = runner.invoke(app, ["show", "manufacturing"])
    assert result.exit_code == 0
    out = result.stdout
    for text in (
        "more than 9,000 billion yuan",
        "13.43 %",
        "6.46 percentage points",
        "as of 2025-06-30",
        "¶2",
        "manufacturing-loans-balance",
        "Reference figures from other sources",
    ):
        assert text in out
    assert "\x1b" not in out
    assert result.stderr == ""


def test_show_json_values(runner: CliRunner) -> None:
    facts = json.loads(runner.invoke(app, ["show", "manufacturing", "--json"]).stdout)
    balance = facts[0]
    assert balance["value"] == 9000 and balance["qualifier"] == "lower_bound"
    assert balance["lower"] == 9000 and balance["upper"] is None
    assert balance["period"] == {"type": "instant", "date": "2025-06-30"}
    assert balance["source"] == {
        "document": "henan-manufacturing-loans-2025",
        "paragraph": 2,
        "text": "9,000 billion yuan",
        "text_en": None,
    }
    assert facts[1]["lower"] == 13.425 and facts[1]["upper"] == 13.435


def test_no_match(runner: CliRunner) -> None:
    """Nothing matched: exit 1, [] on stdout for scripts, a hint on stderr."""
    result = runner.invoke(app, ["show", "manufacturng", "--json"])
    assert result.exit_code == 1
    assert result.stdout == "[]\n"
    assert "did you mean: manufacturing" in result.stderr


def test_clean_energy_date_is_as_published(runner: CliRunner) -> None:
    facts = json.loads(runner.invoke(app, ["show", "clean energy", "--json"]).stdout)
    assert facts[0]["period"]["date"] == "2025-05-30"


def test_compare_warns_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare", "high-tech", "clean-energy"])
    assert result.exit_code == 0
    assert "warning: high-tech-loans-balance is dated 2025-06-30" in result.stderr
    assert "warning" not in result.stdout


def test_derive_required_figures(runner: CliRunner) -> None:
    """The figures the 1.0 issue names, from the JSON a script would read."""
    payload = json.loads(runner.invoke(app, ["derive", "--json"]).stdout)
    derived = {d["id"]: d for d in payload["derived"]}
    mfg = derived["manufacturing-loans-balance.prior-year-balance"]
    assert round(mfg["value"], 1) == 7934.4 and mfg["qualifier"] == "lower_bound"
    assert round(mfg["lower"], 2) == 7934.06 and mfg["upper"] is None
    assert (
        round(derived["manufacturing-long-term-loans-balance.prior-year-balance"]["value"], 1)
        == 3289.3
    )
    assert round(derived["high-tech-loans-balance.prior-year-balance"]["value"], 1) == 1400.2
    assert derived["manufacturing-loans-yoy.implied-baseline-rate"]["value"] == 6.97
    assert payload["skipped"] == []


def test_unit_conversion(runner: CliRunner) -> None:
    """9,000 billion yuan is 90,000 亿 and 9 trillion; rates are left alone and said so."""
    yi = json.loads(runner.invoke(app, ["show", "manufacturing", "--unit", "yi", "--json"]).stdout)
    assert yi[0]["value"] == 90000 and yi[0]["unit_label"] == "亿 yuan"
    assert yi[0]["published"]["value"] == 9000
    assert yi[1]["value"] == 13.43 and "not money" in yi[1]["unit_note"]
    table = runner.invoke(app, ["show", "manufacturing", "--unit", "trillion"]).stdout
    assert "more than 9 trillion yuan" in table


def test_unknown_unit_is_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "manufacturing", "--unit", "furlong"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown unit" in result.stderr


def test_formats(runner: CliRunner) -> None:
    lines = runner.invoke(app, ["list", "--format", "jsonl"]).stdout.splitlines()
    assert len(lines) == 42 and json.loads(lines[0])["id"] == "manufacturing-loans-balance"
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["list", "-f", "csv"]).stdout)))
    assert rows[3]["value"] == "3563.91" and rows[3]["source.paragraph"] == "3"


def test_bad_file_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"facts": [{"id": "x"}]}', encoding="utf-8")
    result = runner.invoke(app, ["show", "x", "--facts", str(bad)])
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"{bad}: record 0 (id 'x'), field 'topic'" in result.stderr


def test_env_var_selects_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["list", "--json"], env={"LOANFACTS_FACTS": str(tmp_path)})
    assert result.exit_code == 3 and "is a directory" in result.stderr


def test_validate(runner: CliRunner, tmp_path: Path) -> None:
    ok = runner.invoke(app, ["validate", str(FACTS)])
    assert ok.exit_code == 0 and "valid, 42 facts" in ok.stdout
    bad = tmp_path / "bad.json"
    bad.write_text('{"facts": [{"id": "x"}, {"id": "Y"}]}', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad), "--json"])
    assert result.exit_code == 3
    problems = json.loads(result.stdout)["problems"]
    assert len(problems) == 15 and {p["index"] for p in problems} == {0, 1}


def test_schema_is_json_schema(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert schema["title"] == "FactsFile" and "facts" in schema["required"]


def test_version_and_overview(runner: CliRunner) -> None:
    assert runner.invoke(app, ["--version"]).stdout == f"loanfacts {__version__}\n"
    overview = runner.invoke(app, [])
    assert overview.exit_code == 0 and "show" in overview.stdout


@pytest.mark.parametrize(
    "command", ["show", "list", "search", "compare", "derive", "validate", "schema"]
)
def test_every_command_documents_examples(runner: CliRunner, command: str) -> None:
    """Each --help has a purpose and examples; the exit statuses are on the main help."""
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.stdout
    assert "loanfacts " + command in result.stdout
    assert "3 facts file missing" in runner.invoke(app, ["--help"]).stdout


def test_usage_error_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(app, ["show"]).exit_code == 2
    assert runner.invoke(app, ["list", "--sort", "colour"]).exit_code == 2
    assert runner.invoke(app, ["list", "--date", "2025-02-30"]).exit_code == 2
