"""The audit: each finding on the bundled facts checked by hand, and each rule made to fire."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import FACTS
from loanfacts import audit, store
from loanfacts.cli import app
from loanfacts.store import FactBase


def rules(base: FactBase) -> dict[tuple[str, str], audit.Finding]:
    return {(f.rule, f.ids[0]): f for f in audit.run(base)}


def test_bundled_findings(base: FactBase) -> None:
    """Exactly these four, and each holds when checked by hand."""
    found = rules(base)
    assert list(found) == [
        ("date-differs", "clean-energy-loans-balance"),
        ("date-not-month-end", "clean-energy-loans-balance"),
        ("scale-implausible", "manufacturing-loans-balance"),
        ("scale-implausible", "manufacturing-long-term-loans-balance"),
    ]
    # May has 31 days; the other three balances of the report are dated June 30
    assert found[("date-not-month-end", "clean-energy-loans-balance")].evidence[
        "month_end"] == "2025-05-31"
    assert found[("date-differs", "clean-energy-loans-balance")].evidence["others"] == 3


def test_scale_finding_by_hand(base: FactBase) -> None:
    """9 / (9.38 * 1.0688) = 89.8%; national share 16.6 - 4.2 = 12.4%; 9,000亿 = 900 billion."""
    finding = rules(base)[("scale-implausible", "manufacturing-loans-balance")]
    share = finding.evidence["share_of_all_loans"]
    assert abs(share - Decimal(9) / (Decimal("9.38") * Decimal("1.0688")) * 100) < Decimal(
        "0.0001")
    assert finding.evidence["benchmark_share"] == Decimal("12.4")
    assert "9,000亿 yuan is 900 billion yuan" in finding.message
    assert finding.ids[:2] == ("manufacturing-loans-balance", "ref-henan-all-loans-2024")


def doc_with(changes: dict[int, dict[str, Any]]) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FACTS.read_text(encoding="utf-8"))
    for index, change in changes.items():
        doc["facts"][index].update(change)
    return doc


def load(tmp_path: Path, doc: dict[str, Any]) -> FactBase:
    path = tmp_path / "f.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return store.load(path)


def test_part_larger_than_whole(tmp_path: Path) -> None:
    """Long-term loans above all manufacturing loans: an error."""
    base = load(tmp_path, doc_with({0: {"qualifier": "exact", "value": 3000}}))
    assert ("part-larger-than-whole", "manufacturing-long-term-loans-balance") in rules(base)
    assert rules(base)[("part-larger-than-whole",
                        "manufacturing-long-term-loans-balance")].severity is audit.Severity.ERROR


def test_implausible_implied_rate(tmp_path: Path) -> None:
    base = load(tmp_path, doc_with({2: {"value": 80, "source": {
        "document": "henan-manufacturing-loans-2025", "paragraph": 2, "text": "80"}}}))
    assert ("implausible-rate", "manufacturing-loans-yoy") in rules(base)


def test_fail_on(runner: CliRunner) -> None:
    assert runner.invoke(app, ["audit", "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(app, ["audit", "--fail-on", "error"]).exit_code == 0
    findings = json.loads(runner.invoke(app, ["audit", "--json"]).stdout)
    assert {f["severity"] for f in findings} == {"warning"}
    assert findings[0]["evidence"]


def test_show_and_compare_mark_findings(runner: CliRunner) -> None:
    shown = json.loads(runner.invoke(app, ["show", "clean energy", "--json"]).stdout)
    assert shown[0]["audit"] == ["date-differs", "date-not-month-end"]
    table = runner.invoke(app, ["compare", "manufacturing", "clean-energy"]).stdout
    assert "⚑" in table and "loanfacts audit" in table


def test_compare_with_unit(runner: CliRunner) -> None:
    payload = json.loads(runner.invoke(app, ["compare", "manufacturing", "high-tech", "--unit",
                                             "yi", "--json"]).stdout)
    assert payload["pairs"][0]["difference"] == -73898.8  # (1610.12 - 9000) billion in 亿
    assert payload["pairs"][0]["unit"] == "亿 yuan"
    assert payload["rows"][0]["facts"][0]["value"] == 90000


def test_gap_disagrees_with_its_rates(tmp_path: Path) -> None:
    """13.43 - 6.88 = 6.55, even at the edges 6.54..6.56: a stated 6.46 cannot be right."""
    doc = doc_with({})
    gap = next(f for f in doc["facts"] if f["id"] == "manufacturing-loans-growth-gap")
    gap["relations"]["baseline"] = "ref-henan-all-loans-2024-yoy"
    found = rules(load(tmp_path, doc))
    finding = found[("gap-disagrees", "manufacturing-loans-growth-gap")]
    assert finding.severity is audit.Severity.ERROR
    assert finding.evidence == {"gap": Decimal("6.46"), "rate": Decimal("13.43"),
                                "baseline": Decimal("6.88")}
    # the baseline is dated a year earlier: joining them mixes dates, and the audit says so
    assert ("mixed-dates", "manufacturing-loans-growth-gap") in found


def test_mixed_dates(tmp_path: Path) -> None:
    doc = doc_with({1: {"period": {"type": "instant", "date": "2025-05-31"}}})
    finding = rules(load(tmp_path, doc))[("mixed-dates", "manufacturing-loans-yoy")]
    assert finding.ids == ("manufacturing-loans-yoy", "manufacturing-loans-balance")
