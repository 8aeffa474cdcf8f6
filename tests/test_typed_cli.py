"""The CLI is typed end to end: a misspelled attribute, renderer or record key is a mypy
error, not a crash at run time (mypy --strict runs over the code in test_quality.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

MISTAKES = """
from loanfacts.cli.shared import load_facts, markdown, table
from loanfacts.render import markdown as md
from loanfacts.render import table as tables
from loanfacts.views import fact_record

base = load_facts(None)
base.factz
table(tables.facts_tablez, [], "title")
table(tables.facts_tables, [{"id": 1}], "title")
markdown(md.facts_markdown, [fact_record(base.facts[0], False)], "one argument too many")
fact_record(base.facts[0], False)["valeu"]
"""


def test_mistakes_in_the_cli_layer_fail_type_checking(tmp_path: Path) -> None:
    """Each line after the set-up is one mistake; mypy names every one."""
    snippet = tmp_path / "mistakes.py"
    snippet.write_text(MISTAKES, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", str(snippet)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    # by file name: mypy may name the folder of an earlier run whose result it cached
    lines = {int(m.group(1)) for m in re.finditer(r"mistakes\.py:(\d+): error:", done.stdout)}
    assert lines == {8, 9, 10, 11, 12}, done.stdout
