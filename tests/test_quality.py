"""ruff and mypy --strict are part of the test run, so README's one test command enforces them."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_clean() -> None:
    """Lint errors fail the build like any other test."""
    # benchmarks/ is linted once it exists; naming a missing folder is itself a ruff error
    paths = [p for p in ("src", "tests", "benchmarks") if (ROOT / p).is_dir()]
    done = subprocess.run([sys.executable, "-m", "ruff", "check", *paths],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    """The whole package and its tests type-check under --strict."""
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
