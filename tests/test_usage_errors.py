"""Usage errors are one line on stderr, `loanfacts: error: ...`, exit status 2, like every
other message; --help, --version and the overview are untouched."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from loanfacts.cli import app

PREFIX = "loanfacts: error: "


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["show"], "missing argument 'topic' (see 'loanfacts show --help')"),
        (["show", "x", "--bogus"], "no such option: --bogus (see 'loanfacts show --help')"),
        (["shw", "x"], "no such command 'shw'. Did you mean 'show'? (see 'loanfacts --help')"),
        (["--bogus"], "no such option: --bogus (see 'loanfacts --help')"),
        (
            ["list", "--measure", "zz"],
            "invalid value for '--measure': 'zz' is not one of 'balance', 'increase', "
            "'amount', 'count', 'yoy_growth', 'yoy_change', 'gap', 'rate_change', 'share', "
            "'rate' (see 'loanfacts list --help')",
        ),
        (
            ["audit", "--fail-on", "often"],
            "invalid value for '--fail-on': 'often' is not one of 'warning', 'error' "
            "(see 'loanfacts audit --help')",
        ),
    ],
)
def test_usage_error_is_one_line(runner: CliRunner, args: list[str], line: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == PREFIX + line + "\n"


def test_usage_error_through_the_entry_point() -> None:
    """The console script prints the same single line."""
    done = subprocess.run(
        [sys.executable, "-m", "loanfacts", "list", "--sort"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == PREFIX + "option '--sort' requires an argument (see 'loanfacts --help')\n"


def test_help_version_and_overview_are_unchanged(runner: CliRunner) -> None:
    helped = runner.invoke(app, ["show", "--help"])
    assert helped.exit_code == 0 and helped.stdout.startswith("Usage: loanfacts show [OPTIONS]")
    assert runner.invoke(app, ["-h"]).stdout.startswith("Usage: loanfacts [OPTIONS] COMMAND")
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("loanfacts ")
    overview = runner.invoke(app, [])
    assert overview.exit_code == 0 and "Commands:" in overview.stdout


def test_other_statuses_pass_through(runner: CliRunner) -> None:
    """Nothing matched (1) and a bad facts file (3) keep their status and message."""
    missing = runner.invoke(app, ["show", "nothing-like-this"])
    assert missing.exit_code == 1
    assert missing.stderr.startswith("loanfacts: no facts match 'nothing-like-this'")
    absent = runner.invoke(app, ["list", "--facts", "/nonexistent.json"])
    assert absent.exit_code == 3
    assert absent.stderr == "loanfacts: error: /nonexistent.json: no such file\n"


WORDS = [
    "show",
    "list",
    "search",
    "compare",
    "derive",
    "card",
    "topics",
    "audit",
    "schema",
    "validate",
    "--json",
    "--format",
    "-f",
    "xml",
    "--unit",
    "--sort",
    "--measure",
    "--date",
    "--fail-on",
    "--bogus",
    "-x",
    "manufacturing",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
def test_every_status_2_is_one_line(args: list[str]) -> None:
    """Whatever the arguments, a usage error never prints click's usage block."""
    result = CliRunner().invoke(app, args)
    if result.exit_code == 2:
        assert result.stderr.startswith("loanfacts: ")
        assert result.stderr.count("\n") == 1, result.stderr
        assert "Usage:" not in result.stderr
