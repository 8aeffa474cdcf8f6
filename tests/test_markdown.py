"""--format markdown: pipe tables that paste cleanly, with inert cells."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.render import markdown


def test_cell_escapes_pipes_newlines_and_controls() -> None:
    """A cell never splits a row, never carries control or bidi characters."""
    assert markdown.cell("a|b") == "a\\|b"
    assert markdown.cell("a\\|b") == "a\\\\\\|b"
    assert markdown.cell("two\nlines\r\n") == "two lines"
    assert markdown.cell("\x1b[31mred\x1b[0m\u202e") == "[31mred[0m"
    assert markdown.cell("") == " "
    assert markdown.cell(3) == "3"


def test_table_shape() -> None:
    """Header, separator, one line per row; short rows padded, long rows cut."""
    text = markdown.table(["a", "b"], [["1"], ["1", "2", "3"], ["x|y", "z"]])
    assert text.splitlines() == [
        "| a | b |",
        "|---|---|",
        "| 1 |   |",
        "| 1 | 2 |",
        "| x\\|y | z |",
    ]


def _rows(text: str) -> list[list[str]]:
    """Split a pipe table into cells, honouring escaped pipes."""
    out = []
    for line in text.splitlines():
        if line.startswith("|") and not set(line) <= {"|", "-"}:
            cells = line.replace("\\|", "\0").strip("|").split("|")
            out.append([c.strip().replace("\0", "|") for c in cells])
    return out


@pytest.mark.parametrize(
    "args",
    [
        ["show", "manufacturing"],
        ["list", "--measure", "balance"],
        ["search", "supply", "chain"],
        ["compare", "manufacturing", "high-tech"],
        ["derive", "manufacturing"],
        ["topics"],
        ["card", "manufacturing-loans-balance"],
    ],
)
def test_every_table_command_has_markdown(runner: CliRunner, args: list[str]) -> None:
    """Each command writes pipe tables whose rows all have the header's number of cells."""
    result = runner.invoke(app, [*args, "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    for block in result.stdout.strip().split("\n\n"):
        rows = _rows(block)
        assert len(rows) >= 2
        assert {len(r) for r in rows} == {len(rows[0])}
        assert set(block.splitlines()[1]) <= {"|", "-"}
    assert "█" not in result.stdout and "\x1b" not in result.stdout


def test_markdown_figures_read_as_published(runner: CliRunner) -> None:
    """Values keep their qualifier, separators and unit (and the 亿 reading the audit
    suggests); sources their paragraph; reference figures say so."""
    result = runner.invoke(app, ["show", "manufacturing", "-f", "markdown"])
    rows = _rows(result.stdout)
    assert rows[1] == [
        "manufacturing-loans-balance",
        "manufacturing loans · balance",
        "more than 9,000 billion yuan (if 'billion' means 亿: more than 900 billion yuan)",
        "as of 2025-06-30",
        "henan-manufacturing-loans-2025 ¶2",
        "9,000 billion yuan",
    ]
    china = next(r for r in rows if r[0] == "ref-china-manufacturing-loans-2023")
    assert china[1] == "China manufacturing loans · balance (reference)"


def test_markdown_from_hostile_facts(runner: CliRunner, tmp_path: object) -> None:
    """A pipe or newline inside a facts-file field cannot break the table."""
    import json
    from pathlib import Path

    from conftest import FACTS

    doc = json.loads(FACTS.read_text())
    doc["facts"][0]["topic"] = "pipes | and\nnewlines \x1b[2J"
    path = Path(str(tmp_path)) / "facts.json"
    path.write_text(json.dumps(doc))
    result = runner.invoke(app, ["list", "--facts", str(path), "-f", "markdown"])
    assert result.exit_code == 0
    rows = _rows(result.stdout)
    assert {len(r) for r in rows} == {6}
    assert rows[1][1] == "pipes | and newlines [2J · balance"
