"""Through the installed entry point and the built wheel, from a folder that is not the repo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import FACTS, ROOT

BIN = Path(sys.executable).parent / "loanfacts"


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    merged = {**os.environ, "COLUMNS": "160", **(env or {})}
    merged.pop("LOANFACTS_FACTS", None)
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, env=merged, check=False, timeout=60
    )


def test_console_script_from_elsewhere(tmp_path: Path) -> None:
    """`loanfacts show manufacturing` works from any folder with the bundled facts."""
    done = run([str(BIN), "show", "manufacturing", "--json"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["id"] == "manufacturing-loans-balance"
    assert done.stderr == ""


def test_python_dash_m(tmp_path: Path) -> None:
    done = run([sys.executable, "-m", "loanfacts", "--version"], cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("loanfacts ")


def test_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    done = run([str(BIN), "list", "--facts", str(tmp_path / "missing.json")], cwd=tmp_path)
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr == f"loanfacts: error: {tmp_path / 'missing.json'}: no such file\n"


def test_piped_table_has_no_escape_codes(tmp_path: Path) -> None:
    done = run([str(BIN), "show", "high-tech"], cwd=tmp_path, env={"TERM": "xterm-256color"})
    assert done.returncode == 0 and "\x1b" not in done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return next(out.glob("loanfacts-*.whl"))


def test_wheel_carries_the_one_facts_file(wheel: Path) -> None:
    """The bundled file is the top-level facts.json, force-included, not a drifting copy."""
    with zipfile.ZipFile(wheel) as zf:
        assert zf.read("loanfacts/data/facts.json") == FACTS.read_bytes()


def test_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    """Unpacked wheel on the path, run outside the checkout: the packaged data is found."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import loanfacts, loanfacts.model.store as s, sys; "
        "print(s.bundled_path(), file=sys.stderr); "
        "from loanfacts.cli import main; sys.argv[0] = 'loanfacts'; main()"
    )
    done = run(
        [sys.executable, "-c", code, "show", "manufacturing", "--json"],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == str(site / "loanfacts" / "data" / "facts.json")
    assert json.loads(done.stdout)[0]["value"] == 9000
