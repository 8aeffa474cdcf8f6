"""docs/commands.md is what `--help` prints now.

Regenerate it with `.venv/bin/python docs/make_commands.py`.
"""

from __future__ import annotations

import importlib.util

from conftest import ROOT


def test_commands_page_is_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_commands", ROOT / "docs" / "make_commands.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.page()
    assert (ROOT / "docs" / "commands.md").read_text(encoding="utf-8") == expected, (
        "docs/commands.md is out of date: run .venv/bin/python docs/make_commands.py"
    )
    for name in module.commands():
        assert f"## loanfacts {name}\n" in expected
