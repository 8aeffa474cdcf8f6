"""Tables that survive any terminal (issue 12, items 11-12; issue 11's COLUMNS=0): ids and
figures are never broken or lost, piped lines carry no trailing blanks, width is capped."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.render.layout import MAX_WIDTH, Grid

COMMANDS = [
    ["show", "manufacturing"],
    ["list"],
    ["search", "supply", "chain"],
    ["derive"],
    ["compare", "manufacturing", "high-tech"],
    ["card", "manufacturing-loans-balance"],
    ["audit"],
    ["topics"],
    ["show", "manufacturing", "--unit", "yi"],
]
WIDTHS = [0, 25, 40, 60, 80, 300]  # stacked, narrow, side by side, capped


def draw(runner: CliRunner, args: list[str], width: int) -> str:
    result = runner.invoke(app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def words_of(text: str) -> set[str]:
    return {w.strip(",;()“”") for w in text.split()}


@pytest.fixture(scope="module")
def expected() -> dict[str, set[str]]:
    """For each command, the ids and figures it must print whole, from its JSON."""
    runner = CliRunner()
    out: dict[str, set[str]] = {}
    for args in COMMANDS:
        if args[0] not in ("show", "list", "search"):
            continue
        records = json.loads(runner.invoke(app, [*args, "--json"], env={"COLUMNS": "100"}).stdout)
        wanted = {r["id"] for r in records}
        wanted |= {format(Decimal(str(r["value"])), ",f") for r in records}
        out[" ".join(args)] = wanted
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_nothing_broken_or_lost(
    runner: CliRunner, expected: dict[str, set[str]], args: list[str], width: int
) -> None:
    text = draw(runner, args, width)
    assert text.strip(), "nothing printed"
    lines = text.splitlines()
    assert all(line == line.rstrip() for line in lines), "trailing blanks"
    found = words_of(text)
    missing = {w for w in expected.get(" ".join(args), set()) if w not in found}
    assert not missing, f"broken or lost at {width}: {sorted(missing)[:5]}"
    if width >= 80:  # room for the tables side by side: nothing overflows
        assert max(cell_len(line) for line in lines) <= min(width, MAX_WIDTH)


def test_compare_keeps_ids_and_ratios_whole(runner: CliRunner) -> None:
    """The issue's cases: an id cut at 80 columns, a ratio at 60."""
    args = ["compare", "manufacturing-loans-balance", "manufacturing-long-term-loans-balance"]
    for width in (80, 60):
        found = words_of(draw(runner, args, width))
        assert {"manufacturing-long-term-loans-balance", "0.3960×", "39.60%"} <= found
    found = words_of(draw(runner, ["compare", "manufacturing", "high-tech"], 60))
    assert {"0.1790×", "-7,389.87"} <= found


def test_wide_terminal_keeps_the_value_near_its_label(runner: CliRunner) -> None:
    header = draw(runner, ["show", "manufacturing"], 300).splitlines()[1]
    assert header.startswith("figure · id · where")
    assert header.index("value") < 60


def test_zero_columns_stacks_every_figure(runner: CliRunner) -> None:
    """COLUMNS=0 once printed nothing; a terminal of no width gets every figure stacked."""
    text = draw(runner, ["show", "clean", "energy"], 0)
    assert text.splitlines()[:4] == [
        "clean energy: 1 report figure, 2 reference figures",
        "clean energy loans · balance ⚑",
        "clean-energy-loans-balance  ¶8",
        "  value: 1,853.54 billion yuan",
    ]
    assert "  date: as of 2025-05-30" in text


def test_grid_widths() -> None:
    grid = Grid(None, ["name", "value"])
    grid.add_row([("a long label that wraps well", ""), ("id-that-is-long", "")], "12,345.67 yuan")
    assert grid.widths(10) is None  # the longest words do not fit side by side
    assert grid.widths(1000) == [28, 14]  # natural width, not the terminal's
    narrow = grid.widths(40)
    assert narrow == [23, 14]  # the value whole; the label wraps
    assert narrow is not None and sum(narrow) + 3 <= 40
