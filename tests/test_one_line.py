"""One line, never a traceback, and the documented status (issue 21, defects 9, 10, 11)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loanfacts.cli import app

LOANFACTS = f"{shlex.quote(sys.executable)} -m loanfacts"


def _shell(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", command],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )


@pytest.mark.parametrize("digits", [5000, 1_100_000])
def test_a_huge_number_is_one_line(digits: int) -> None:
    text = f"Loans were {'9' * digits} yuan."
    result = CliRunner().invoke(app, ["check", "--json", "-"], input=text)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "digits" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    "args", ["check", "check -", "extract - -d x", "coverage - -d x"], ids=lambda a: a
)
def test_closed_stdin_is_one_line(args: str) -> None:
    proc = _shell(f"{LOANFACTS} {args} <&-")
    # check: no text to check (2); extract and coverage: no report to read (3)
    assert proc.returncode == (2 if args.startswith("check") else 3), proc.stderr
    assert proc.stderr.count("\n") == 1 and "standard input" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["extract", "coverage"])
def test_json_with_another_format_is_a_usage_error(command: str, tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("Loans rose 5% in June 2025.\n")
    result = CliRunner().invoke(app, [command, str(report), "-d", "x", "--json", "-f", "csv"])
    assert result.exit_code == 2, result.stderr
    assert result.stdout == "" and "--json" in result.stderr


@pytest.mark.parametrize(
    ("args", "status"),
    [("show --bogus", 2), ("show x --facts /nonexistent.json", 3), ("show zzzzzz", 1)],
)
def test_stderr_unwritable_keeps_the_status(args: str, status: int) -> None:
    """The message is lost (there is nowhere to write it), the status is the same."""
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    proc = _shell(f"{LOANFACTS} {args} 2>/dev/full")
    assert proc.returncode == status


@pytest.mark.parametrize("where", ["missing", "directory"])
@pytest.mark.parametrize("which", ["report", "merge"])
def test_unreadable_report_or_merge_file_exits_3(tmp_path: Path, where: str, which: str) -> None:
    report = tmp_path / "r.txt"
    report.write_text("Loans rose 5% in June 2025.\n")
    bad = str(tmp_path / "missing.txt") if where == "missing" else str(tmp_path)
    args = [bad, "-d", "x"] if which == "report" else [str(report), "-d", "x", "--merge", bad]
    result = CliRunner().invoke(app, ["extract", *args])
    assert result.exit_code == 3, result.stderr
    assert result.stderr.count("\n") == 1
