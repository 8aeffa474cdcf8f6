"""Arithmetic at the edges: rates of -100% and below, zero wholes and counts, no records.

Every command answers sensibly; a derivation that cannot be computed is listed as skipped
with its reason, never a crash or an infinite number.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from loanfacts.analysis import bounds, derive
from loanfacts.analysis.bounds import INF, NINF, Interval
from loanfacts.cli import app
from loanfacts.model.models import Fact


def _fact(fid: str, measure: str, value: float, unit: str = "yuan", **extra: Any) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "id": fid,
        "topic": fid.rsplit("-", 1)[0],
        "measure": measure,
        "entity": "Example",
        "value": value,
        "unit": unit,
        "period": {"type": "instant", "date": "2025-06-30"},
        "description": "Made-up figure for an arithmetic edge case.",
        "source": {"document": "doc", "paragraph": 1, "text": f"{value}"},
    }
    if unit == "yuan":
        fact["scale"] = "billion"
    fact.update(extra)
    return fact


def _rate(fid: str, value: float, of: str, **extra: Any) -> dict[str, Any]:
    return _fact(fid, "yoy_growth", value, "%", relations={"growth_of": of}, **extra)


EDGE_FACTS = [
    _fact("gone-balance", "balance", 50),
    _rate("gone-yoy", -100, "gone-balance"),
    _fact("worse-balance", "balance", 50),
    _rate("worse-yoy", -150.5, "worse-balance"),
    _fact("near-balance", "balance", 50),
    _rate("near-yoy", -99.999, "near-balance"),
    _fact("fuzzy-balance", "balance", 50),
    _rate("fuzzy-yoy", 5, "fuzzy-balance", qualifier="approximate"),
    _fact("zero-whole", "balance", 0),
    _rate("zero-whole-yoy", 5, "zero-whole"),
    _fact("zero-part", "balance", 3, relations={"part_of": "zero-whole"}),
    _rate("zero-part-yoy", 2, "zero-part"),
    _fact("spread-amount", "amount", 10, relations={"distributed_over": "spread-count"}),
    _fact("spread-count", "count", 0, "clients"),
]


def _write(path: Path, facts: list[dict[str, Any]]) -> Path:
    path.write_text(
        json.dumps({"sources": [{"id": "doc", "title": "Doc"}], "facts": facts}), encoding="utf-8"
    )
    return path


@pytest.fixture
def edge_file(tmp_path: Path) -> Path:
    return _write(tmp_path / "edge.json", EDGE_FACTS)


@pytest.fixture
def empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "empty.json"
    path.write_text('{"facts": []}\n', encoding="utf-8")
    return path


def _skipped(runner: CliRunner, path: Path) -> dict[tuple[str, str], str]:
    result = runner.invoke(app, ["derive", "--facts", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    return {(s["derivation"], s["inputs"][0]): s["reason"] for s in payload["skipped"]}


def test_rate_of_minus_100_or_below_is_skipped(runner: CliRunner, edge_file: Path) -> None:
    """A level that fell by 100% or more has no prior-year level: skipped, with why."""
    skipped = _skipped(runner, edge_file)
    for name in ("prior-year-balance", "yoy-increase"):
        assert "-100% leaves no positive prior-year level" in skipped[(name, "gone-balance")]
        assert "-150.5% leaves no positive" in skipped[(name, "worse-balance")]


def test_rate_just_above_minus_100_is_derived(runner: CliRunner, edge_file: Path) -> None:
    """-99.999% still has a prior-year level (large, with finite bounds)."""
    result = runner.invoke(app, ["derive", "near", "--facts", str(edge_file), "--json"])
    assert result.exit_code == 0
    prior = next(
        d for d in json.loads(result.stdout)["derived"] if d["derivation"] == "prior-year-balance"
    )
    assert prior["value"] == 5_000_000
    assert prior["lower"] is not None and prior["upper"] is not None
    assert prior["lower"] < prior["value"] < prior["upper"]


def test_rate_whose_bounds_reach_minus_100_is_skipped_with_its_own_reason(
    runner: CliRunner, edge_file: Path
) -> None:
    """'About 5%' could be anything: the reason names the published precision, not the
    value (5% itself leaves a prior-year level)."""
    reason = _skipped(runner, edge_file)[("prior-year-balance", "fuzzy-balance")]
    assert "as published (approximate) could be -100% or below" in reason


def test_zero_whole_is_skipped(runner: CliRunner, edge_file: Path) -> None:
    """A share of a zero whole, now or a year earlier, is skipped rather than infinite."""
    skipped = _skipped(runner, edge_file)
    assert skipped[("share-of-whole", "zero-part")] == "the whole zero-whole is zero"
    assert skipped[("prior-year-share", "zero-part")] == "the whole zero-whole is zero"


def test_zero_count_is_skipped(runner: CliRunner, edge_file: Path) -> None:
    """An average over zero clients is skipped."""
    skipped = _skipped(runner, edge_file)
    assert skipped[("average-per-unit", "spread-amount")] == "the count spread-count is zero"


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_derive_renders_edge_cases_in_every_format(
    runner: CliRunner, edge_file: Path, fmt: str
) -> None:
    """No format meets an infinite or undefined number (the table once crashed on one)."""
    result = runner.invoke(app, ["derive", "--facts", str(edge_file), "-f", fmt])
    assert result.exit_code == 0, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Infinity" not in result.stdout and "NaN" not in result.stdout
    if fmt == "table":
        assert "Skipped" in result.stdout and "zero" in result.stdout


def test_compare_with_a_zero_base(runner: CliRunner, edge_file: Path) -> None:
    """Difference is given; ratio and share against zero are left empty, not infinite."""
    result = runner.invoke(
        app, ["compare", "zero-whole", "zero-part", "--facts", str(edge_file), "--json"]
    )
    assert result.exit_code == 0
    pair = json.loads(result.stdout)["pairs"][0]
    assert pair["difference"] == 3
    assert pair["ratio"] is None and pair["share"] is None
    table = runner.invoke(app, ["compare", "zero-whole", "zero-part", "--facts", str(edge_file)])
    assert table.exit_code == 0 and "—" in table.stdout


def test_every_command_on_edge_facts(runner: CliRunner, edge_file: Path) -> None:
    """show, list, search and validate treat the edge values as ordinary figures."""
    for args, status in (
        (["show", "zero"], 0),
        (["list"], 0),
        (["search", "spread"], 0),
        (["list", "--sort", "value"], 0),
    ):
        result = runner.invoke(app, [*args, "--facts", str(edge_file)])
        assert result.exit_code == status, (args, result.stderr)
    assert runner.invoke(app, ["validate", str(edge_file)]).exit_code == 0


def test_run_lists_skips_in_process() -> None:
    """derive.run itself reports the skip; the CLI only renders it."""
    level = Fact.model_validate(EDGE_FACTS[0])
    rate = Fact.model_validate(EDGE_FACTS[1])
    result = derive.run([level, rate])
    assert result.derived == []
    assert {s.derivation for s in result.skipped} == {"prior-year-balance", "yoy-increase"}


# an empty facts file is valid, just empty
@pytest.mark.parametrize(
    ("args", "status", "stdout"),
    [
        (["show", "manufacturing", "--json"], 1, "[]\n"),
        (["show", "manufacturing"], 1, ""),
        (["list", "--json"], 1, "[]\n"),
        (["list"], 1, ""),
        (["list", "-f", "jsonl"], 1, ""),
        (["search", "loans", "--json"], 1, "[]\n"),
        (["derive", "--json"], 0, '{\n  "derived": [],\n  "skipped": []\n}\n'),
        (["derive"], 0, ""),
        (["derive", "manufacturing", "--json"], 1, '{\n  "derived": [],\n  "skipped": []\n}\n'),
        (["compare", "a", "b"], 1, ""),
    ],
)
def test_empty_facts_file(
    runner: CliRunner, empty_file: Path, args: list[str], status: int, stdout: str
) -> None:
    """No records: nothing matches (1), derive has nothing to do (0); never an error."""
    result = runner.invoke(app, [*args, "--facts", str(empty_file)])
    assert result.exit_code == status, result.stderr
    assert result.stdout == stdout
    assert result.stderr.count("\n") == (1 if status else 0)
    assert "error" not in result.stderr


def test_empty_facts_file_validates(runner: CliRunner, empty_file: Path) -> None:
    """validate: the empty file is valid, with 0 facts, in text and JSON."""
    text = runner.invoke(app, ["validate", str(empty_file)])
    assert text.exit_code == 0
    assert text.stdout == f"{empty_file}: valid, 0 facts\n"
    as_json = runner.invoke(app, ["validate", str(empty_file), "--json"])
    assert json.loads(as_json.stdout) == {
        "file": str(empty_file),
        "valid": True,
        "facts": 0,
        "problems": [],
        "warnings": [],
    }


def test_empty_facts_file_csv_keeps_its_header(runner: CliRunner, empty_file: Path) -> None:
    """CSV of nothing is still a header, so a spreadsheet import does not break."""
    result = runner.invoke(app, ["list", "-f", "csv", "--facts", str(empty_file)])
    assert result.exit_code == 1
    assert result.stdout.startswith("id,topic,measure,")
    assert result.stdout.count("\n") == 1


def test_huge_ratios_and_differences_render(runner: CliRunner, tmp_path: Path) -> None:
    """1e15 wanyi yuan against 1e-15 yuan is valid; its ratio has 40+ digits. The table
    once failed with decimal.InvalidOperation (found by the long fuzz run)."""
    big = _fact("big-balance", "balance", 1e15, scale="wanyi")
    tiny = _fact("tiny-balance", "balance", 1e-15)
    tiny.pop("scale")
    path = _write(tmp_path / "huge.json", [big, tiny])
    for args in (
        ["compare", "tiny-balance", "big-balance"],
        ["compare", "big-balance", "tiny-balance"],
        ["list", "--unit", "yuan"],
    ):
        result = runner.invoke(app, [*args, "--facts", str(path)])
        assert result.exit_code == 0, (args, result.exception)
    result = runner.invoke(
        app, ["compare", "tiny-balance", "big-balance", "--facts", str(path), "--json"]
    )
    assert json.loads(result.stdout)["pairs"][0]["ratio"] == 10**42


_ENDS = st.one_of(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**12), max_value=10**12
    ),
    st.sampled_from([Decimal(0), Decimal("-0"), INF, NINF, Decimal("1E-30"), Decimal("9" * 45)]),
)


def _interval(a: Decimal, b: Decimal) -> Interval:
    return Interval(min(a, b), max(a, b))


def _every_product(x: Interval, y: Interval) -> Interval:
    """The product as the four products of the ends give it, rounded outward."""
    pairs = [(a, b) for a in (x.lo, x.hi) for b in (y.lo, y.hi)]
    return Interval(
        min(bounds._mul(a, b, bounds.DOWN) for a, b in pairs),
        max(bounds._mul(a, b, bounds.UP) for a, b in pairs),
    )


@settings(max_examples=500, deadline=None)
@given(a=_ENDS, b=_ENDS, c=_ENDS, d=_ENDS)
def test_interval_product_takes_two_ends_when_both_are_not_negative(
    a: Decimal, b: Decimal, c: Decimal, d: Decimal
) -> None:
    """Interval * Interval reads only the least and the greatest ends when neither interval
    goes below zero (0 * inf = 0 still): the same interval as the four products give."""
    x, y = _interval(a, b), _interval(c, d)
    assert x * y == _every_product(x, y)
    positive = _interval(abs(a), abs(b))
    assert positive * _interval(abs(c), abs(d)) == _every_product(
        positive, _interval(abs(c), abs(d))
    )
