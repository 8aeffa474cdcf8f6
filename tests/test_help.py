"""Help: a purpose and two examples for every command; a short overview with no arguments."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from loanfacts.cli import app

COMMANDS = sorted(getattr(get_command(app), "commands", {}))


def test_there_are_commands() -> None:
    """The list below is not vacuous."""
    assert {"show", "compare", "derive", "topics", "card"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_purpose_and_two_examples(runner: CliRunner, name: str) -> None:
    """`COMMAND --help`: a purpose line first, then at least two example command lines."""
    result = runner.invoke(app, [name, "--help"], prog_name="loanfacts")
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    usage = next(i for i, line in enumerate(lines) if line.startswith("Usage:"))
    purpose = lines[usage + 1]
    assert purpose[0].isupper() and len(purpose) > 15
    examples = [line for line in lines if line.startswith(f"loanfacts {name}")]
    assert "Examples:" in lines and len(examples) >= 2, result.stdout


def test_no_arguments_prints_a_short_overview(runner: CliRunner) -> None:
    """`loanfacts` alone: each command on one line and two first commands; exit 0."""
    result = runner.invoke(app, [], prog_name="loanfacts")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) <= len(COMMANDS) + 12
    assert all(len(line) <= 100 for line in lines)
    for name in COMMANDS:
        assert any(line.startswith(f"  {name} ") for line in lines), name
    assert "  loanfacts topics" in lines and "  loanfacts show manufacturing" in lines
    assert "Options" not in result.stdout
