"""Bars: lengths, characters, detection, and where charts appear (tables only)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from rich.console import Console
from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.model.records import Charted
from loanfacts.model.store import FactBase
from loanfacts.render import chart
from loanfacts.views import comparison_record

BLOCKS = set(chart.EIGHTHS[1:] + chart.FULL + chart.NEGATIVE)


def _record(
    value: str, unit: str = "yuan", scale: str | None = "billion", qualifier: str = "exact"
) -> Charted:
    label = f"{scale} {unit}" if scale else unit
    return {
        "value": Decimal(value),
        "unit": unit,
        "scale": scale,
        "unit_label": label,
        "qualifier": qualifier,
    }


def test_lengths_are_proportional_in_eighths() -> None:
    """The largest value fills the width; others scale with it, rounded to an eighth."""
    assert chart.lengths([Decimal(9000), Decimal("1610.12")], 40) == [320, 57]
    assert chart.lengths([Decimal(1), Decimal(2)], 10) == [40, 80]


def test_lengths_keep_small_values_visible_and_zero_empty() -> None:
    """A non-zero value gets at least one eighth; zero gets nothing; all zero draws nothing."""
    assert chart.lengths([Decimal(1), Decimal(100000)], 10) == [1, 80]
    assert chart.lengths([Decimal(0), Decimal(5)], 10) == [0, 80]
    assert chart.lengths([Decimal(0), Decimal(0)], 10) == [0, 0]
    assert chart.lengths([], 10) == []


def test_lengths_use_magnitude_of_negative_values() -> None:
    """A negative rate is as long as a positive one of the same size."""
    assert chart.lengths([Decimal("-0.64"), Decimal("0.64")], 10) == [80, 80]


def test_lengths_reject_zero_width() -> None:
    """A chart needs room for at least one cell."""
    with pytest.raises(ValueError, match="width"):
        chart.lengths([Decimal(1)], 0)


def test_bar_text_blocks_and_plain() -> None:
    """Blocks draw partial cells; plain draws the same length in whole `#` cells."""
    assert chart.bar_text(57, blocks=True) == "█" * 7 + "▏"
    assert chart.bar_text(60, blocks=True) == "█" * 7 + "▌"
    assert chart.bar_text(57, blocks=False) == "#" * 7
    assert chart.bar_text(60, blocks=False) == "#" * 8
    assert chart.bar_text(1, blocks=False) == "#"
    assert chart.bar_text(0, blocks=True) == ""
    assert chart.bar_text(16, blocks=True, negative=True) == "░░"
    assert chart.bar_text(16, blocks=False, negative=True) == "--"


def test_block_detection() -> None:
    """Blocks only on a terminal whose encodings carry them; the env var decides first."""
    assert chart.can_draw_blocks(True, False, ["utf-8"], {})
    assert not chart.can_draw_blocks(False, False, ["utf-8"], {})
    assert not chart.can_draw_blocks(True, True, ["utf-8"], {})
    assert not chart.can_draw_blocks(True, False, ["utf-8", "ascii"], {})
    assert not chart.can_draw_blocks(True, False, ["latin-1"], {})
    assert not chart.can_draw_blocks(True, False, ["no-such-codec"], {})
    assert chart.can_draw_blocks(False, False, ["ascii"], {chart.ENV_VAR: "blocks"})
    assert not chart.can_draw_blocks(True, False, ["utf-8"], {chart.ENV_VAR: "Plain"})


def test_base_value_brings_scales_together() -> None:
    """790.18 亿 and 79.018 billion are the same number of yuan."""
    yi = chart.base_value(_record("790.18", scale="yi"))
    billion = chart.base_value(_record("79.018"))
    assert yi == billion == Decimal("79018000000")


def test_chart_mixed_scales_same_unit() -> None:
    """Bars compare yuan across scales: 9,000 亿 (0.9 trillion) is a tenth of 9.38 trillion."""
    c = chart.chart(
        "balance",
        [
            ("a", _record("9.38", scale="trillion"), "9.38 trillion"),
            ("b", _record("9000", scale="yi"), "9,000 亿"),
        ],
    )
    assert c.lengths(40) == [320, 31]


def test_chart_refuses_mixed_units() -> None:
    """Lengths of figures in different units would mean nothing."""
    with pytest.raises(ValueError, match="one unit"):
        chart.chart("x", [("a", _record("1"), ""), ("b", _record("1", "%", None), "")])


def test_legend_names_only_marks_shown() -> None:
    """The legend explains a floor mark and negative bars only when they appear."""
    floor = chart.Bar("a", "", Decimal(1), Decimal(1), "lower_bound")
    minus = chart.Bar("b", "", Decimal(-1), Decimal(-1))
    assert chart.legend([floor], blocks=True) == "▸ more than (the figure may be larger)"
    assert chart.legend([floor, minus], blocks=False).endswith("- below zero")
    assert chart.legend([], blocks=True) == ""


def test_comparison_charts_per_measure(base: FactBase) -> None:
    """compare manufacturing high-tech: a balance chart and a growth chart, not the gap."""
    from loanfacts.analysis import compare

    sides = [compare.resolve(base.facts, a) for a in ("manufacturing", "high-tech")]
    charts = chart.comparison_charts(comparison_record(compare.compare(sides), base))
    assert [c.title for c in charts] == ["balance, to scale", "yoy growth, to scale"]
    balance = charts[0]
    assert [b.label for b in balance.bars] == ["manufacturing", "high-tech"]
    assert balance.lengths(40) == [320, 57]
    assert balance.bars[0].qualifier == "lower_bound"


def test_comparison_says_when_units_differ(base: FactBase) -> None:
    """Two ids in different units: a note instead of bars."""
    from loanfacts.analysis import compare

    sides = [
        compare.resolve(base.facts, a) for a in ("pulink-credit-amount", "pulink-clients-count")
    ]
    charts = chart.comparison_charts(comparison_record(compare.compare(sides), base))
    assert len(charts) == 1
    assert charts[0].bars == ()
    assert "units differ" in charts[0].note
    assert "billion yuan" in charts[0].note and "clients" in charts[0].note


def _draw(view: chart.ChartView, terminal: bool, width: int = 80) -> str:
    out = io.StringIO()
    console = Console(
        file=out, width=width, force_terminal=terminal, color_system=None, legacy_windows=False
    )
    console.print(view)
    return out.getvalue()


def test_chart_view_draws_blocks_or_hashes() -> None:
    """Rendering picks characters at draw time and keeps lines within the console width."""
    c = chart.chart(
        "balance",
        [
            ("a", _record("9000", qualifier="lower_bound"), "9,000"),
            ("b", _record("1610.12"), "1,610.12"),
        ],
    )
    plain = _draw(chart.ChartView(c, env={}), terminal=False)
    assert "#" * 10 in plain and not BLOCKS & set(plain) and " >" in plain
    blocks = _draw(chart.ChartView(c, env={chart.ENV_VAR: "blocks"}), terminal=False)
    assert "█" * 10 in blocks and "#" not in blocks and "▸" in blocks
    narrow = _draw(chart.ChartView(c, env={}), terminal=False, width=50)
    assert all(len(line) <= 50 for line in narrow.splitlines())


def test_compare_table_piped_uses_hashes(runner: CliRunner) -> None:
    """`compare` piped: bars in `#`, no block characters, so a log stays readable."""
    result = runner.invoke(app, ["compare", "manufacturing", "high-tech"])
    assert result.exit_code == 0
    assert "#" * 30 in result.stdout
    assert not BLOCKS & set(result.stdout)


def test_compare_table_blocks_when_asked(runner: CliRunner) -> None:
    """LOANFACTS_BARS=blocks draws blocks even when piped."""
    result = runner.invoke(
        app, ["compare", "manufacturing", "high-tech"], env={chart.ENV_VAR: "blocks"}
    )
    assert "█" * 30 in result.stdout


def test_compare_different_units_says_so(runner: CliRunner) -> None:
    """No bars across units; the table says why."""
    result = runner.invoke(app, ["compare", "pulink-credit-amount", "pulink-clients-count"])
    assert "no bars, the units differ" in result.stdout
    assert "#####" not in result.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown"])
def test_no_bars_outside_tables(runner: CliRunner, fmt: str) -> None:
    """JSON, CSV and markdown never carry bars, even when blocks are forced."""
    result = runner.invoke(
        app,
        ["compare", "manufacturing", "high-tech", "--format", fmt],
        env={chart.ENV_VAR: "blocks"},
    )
    assert result.exit_code == 0
    assert not BLOCKS & set(result.stdout)
    assert "###" not in result.stdout
    if fmt == "json":
        assert set(json.loads(result.stdout)) == {"sides", "rows", "pairs", "warnings", "findings"}


def test_derive_draws_prior_year_beside_current(runner: CliRunner) -> None:
    """derive TOPIC: each prior-year level drawn above the current one, current the longer."""
    result = runner.invoke(app, ["derive", "manufacturing"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = lines.index("manufacturing loans: a year earlier and now")
    prior, now = lines[start + 1], lines[start + 2]
    assert prior.startswith("2024-06-30 (derived)") and now.startswith("2025-06-30")
    assert 0 < prior.count("#") < now.count("#")
    # derived from a floor: worded as the floor it is, as in the table above it
    assert "at least 7,934.05 billion yuan" in prior and "more than 9,000 billion yuan" in now


def test_prior_year_charts_need_the_level(base: FactBase) -> None:
    """Without the current level's record there is nothing to draw beside."""
    from loanfacts.analysis import derive
    from loanfacts.views import derive_records, fact_records_by_id

    payload = derive_records(derive.run(base.facts))
    assert chart.prior_year_charts(payload["derived"], {}) == []
    drawn = chart.prior_year_charts(payload["derived"], fact_records_by_id(base))
    prior = [d for d in payload["derived"] if d["derivation"] == "prior-year-balance"]
    assert len(drawn) == len(prior) > 0
