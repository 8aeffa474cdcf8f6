"""Shared fixtures: the bundled facts, a CliRunner, and a pinned terminal for tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from loanfacts import store
from loanfacts.store import FactBase

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts.json"


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables at a fixed width and without colour, whatever the machine running the tests."""
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("LOANFACTS_FACTS", raising=False)


@pytest.fixture(scope="session")
def base() -> FactBase:
    return store.load(FACTS)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
