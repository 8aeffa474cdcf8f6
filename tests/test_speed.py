"""What the speed work (issue 20) keeps true: a call builds only the command it runs, and the
models build their validators when first used."""

from __future__ import annotations

import pytest

from loanfacts.cli import app, invoked


def _names(argv: list[str]) -> list[str | None]:
    return [
        info.name or getattr(info.callback, "__name__", None)
        for info in invoked(argv).registered_commands
    ]


def test_a_named_command_is_built_alone() -> None:
    assert _names(["show", "manufacturing", "--json"]) == ["show"]
    assert _names(["list", "--json"]) == ["list"]


@pytest.mark.parametrize("argv", [[], ["--help"], ["--help", "show"], ["shwo"], ["--version"]])
def test_anything_else_gets_the_whole_app(argv: list[str]) -> None:
    assert invoked(argv) is app


def test_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_LOANFACTS_COMPLETE", "complete_bash")
    assert invoked(["show"]) is app


def test_narrowing_leaves_the_app_whole() -> None:
    before = list(app.registered_commands)
    invoked(["show"])
    assert app.registered_commands == before
    assert len(before) > 1
