"""The audit: each finding on the bundled facts checked by hand, and each rule made to fire."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts.analysis import audit
from loanfacts.cli import app
from loanfacts.model import store
from loanfacts.model.store import FactBase


def rules(base: FactBase) -> dict[tuple[str, str], audit.Finding]:
    return {(f.rule, f.ids[0]): f for f in audit.run(base)}


D = Decimal
BILLION_FIGURES = [
    "manufacturing-loans-balance",
    "manufacturing-long-term-loans-balance",
    "cooperation-intentions-amount",
    "fee-cut-savings-amount",
    "high-tech-loans-balance",
    "clean-energy-loans-balance",
    "pulink-credit-amount",
]
# Henan's loans of all kinds, 9.38 trillion at mid-2024, grown a year by the 13.43 - 6.46 =
# 6.97% the report implies; the bounds take 9.385 and 13.435 - 6.455 = 6.98 at the top
TOTAL = D("9380") * D("1.0697")  # billion yuan
# the six records of the Chinese-language feature (published 2025-09-25, dated 2024-06-30)
FEATURE_FIGURES = sorted(
    [
        "ref-henan-all-loans-2024",
        "ref-henan-all-loans-2024-yoy",
        "ref-henan-deposits-2024",
        "ref-henan-deposits-2024-yoy",
        "ref-henan-banking-institutions-2024",
        "ref-henan-banking-assets-2024",
    ]
)
TOTAL_HI = D("9385") * D("1.0698")


def test_bundled_findings(base: FactBase) -> None:
    """Exactly these, and each holds when checked by hand (below)."""
    assert sorted((f.rule, f.about[0]) for f in audit.run(base)) == [
        ("billion-may-be-yi", "manufacturing-loans-balance"),
        ("date-differs", "clean-energy-loans-balance"),
        *(("date-doubtful", fid) for fid in FEATURE_FIGURES),
        ("date-not-month-end", "clean-energy-loans-balance"),
        ("mixed-dates", "enterprise-visits-count"),
        ("scale-above-related", "high-tech-loans-balance"),
        ("scale-implausible", "clean-energy-loans-balance"),
        ("scale-implausible", "manufacturing-loans-balance"),
        ("scale-implausible", "manufacturing-long-term-loans-balance"),
        ("share-vs-output", "manufacturing-loans-balance"),
        ("share-vs-output", "manufacturing-loans-balance"),
    ]
    found = rules(base)
    # May has 31 days; the other three balances of the report are dated June 30
    assert (
        found[("date-not-month-end", "clean-energy-loans-balance")].evidence["month_end"]
        == "2025-05-31"
    )
    assert found[("date-differs", "clean-energy-loans-balance")].evidence["others"] == 3


def test_scale_finding_by_hand(base: FactBase) -> None:
    """9,000 / 10,033.786 = 89.70%; the bounds allow 9,000 / 10,040.073 = 89.64%, so the floor
    is worded "more than 89.6%" (rounded down, never up to 89.8%); national share 16.6 - 4.2 =
    12.4% at the end of August 2022; 9,000亿 = 900 billion, more than 8.96% of all loans."""
    finding = rules(base)[("scale-implausible", "manufacturing-loans-balance")]
    evidence = finding.evidence
    assert abs(evidence["share_of_all_loans"] - D(9000) / TOTAL * 100) < D("0.0001")
    assert abs(evidence["share_lower"] - D(9000) / TOTAL_HI * 100) < D("0.0001")
    assert evidence["share_upper"] is None
    assert abs(evidence["all_loans_trillion"] - D("10.033786")) < D("0.000001")
    assert evidence["grown_to"] == "2025-06-30"
    assert evidence["benchmark_share"] == D("12.4") and evidence["limit"] == D("24.8")
    # at the feature's own 6.88%: 9,000 / (9,380 * 1.0688) = 89.77%, the floor 89.72%
    assert abs(evidence["share_at_own_rate"] - D(9000) / (D(9380) * D("1.0688")) * 100) < D(
        "0.0001"
    )
    assert "would be more than 89.6% of Henan's loans of all kinds" in finding.message
    assert "grown a year at 6.97%" in finding.message
    assert (
        "at the total's own 6.88% (ref-henan-all-loans-2024-yoy) instead, more than 89.7%"
        in finding.message
    )
    assert "12.4% at 2022-08-31" in finding.message
    assert "89.8" not in finding.message
    assert "9,000亿 yuan is 900 billion yuan, more than 8.9% of all loans" in finding.message
    assert finding.ids[:4] == (
        "manufacturing-loans-balance",
        "ref-henan-all-loans-2024",
        "manufacturing-loans-yoy",
        "manufacturing-loans-growth-gap",
    )


@pytest.mark.parametrize(
    ("fid", "value", "national", "share_text"),
    [
        # 1,610.12 / 10,033.786 = 16.05%; China: 16.02 / 255.32 = 6.27% of all loans (mid-2024)
        ("high-tech-loans-balance", "1610.12", D("16.02") / D("255.32") * 100, "about 16.0%"),
        # 1,853.54 / 10,033.786 = 18.47%; China: 9.04 / 255.32 = 3.54%
        ("clean-energy-loans-balance", "1853.54", D("9.04") / D("255.32") * 100, "about 18.5%"),
        # 3,563.91 / 10,033.786 = 35.52%, against manufacturing's benchmark (it is a part of it)
        ("manufacturing-long-term-loans-balance", "3563.91", D("12.4"), "about 35.5%"),
    ],
)
def test_each_sector_against_its_own_benchmark(
    base: FactBase, fid: str, value: str, national: Decimal, share_text: str
) -> None:
    """The cut-off is twice the sector's own national share, not manufacturing's for all."""
    found = rules(base)
    finding = found.get(("scale-implausible", fid)) or found[("scale-above-related", fid)]
    assert abs(finding.evidence["share_of_all_loans"] - D(value) / TOTAL * 100) < D("0.0001")
    assert abs(finding.evidence["benchmark_share"] - national) < D("0.000001")
    assert abs(finding.evidence["limit"] - finding.evidence["benchmark_share"] * 2) < D("0.000001")
    assert f"would be {share_text} of Henan's loans of all kinds" in finding.message
    assert finding.evidence["yi_reading_fits"] is True
    assert f"{value[:1]},{value[1:]}亿 yuan is" in finding.message


def test_henan_share_of_china_against_its_output(base: FactBase) -> None:
    """China's 30 trillion (May 2023) grown two years at its 18.9%: 30 * 1.189^2 = 42.41
    trillion; 9,000 / 42,411.63 = 21.22%, at the bounds' floor 9,000 / (30,500 * 1.1895^2) =
    20.86%; Henan's output is 5.91 / 126.06 = 4.69% of China's (2023): over 4.4 times."""
    finding = next(
        f
        for f in audit.run(base)
        if f.rule == "share-vs-output" and "ref-china-manufacturing-loans-2023" in f.ids
    )
    assert abs(finding.evidence["share"] - D(9000) / (D(30000) * D("1.189") ** 2) * 100) < D(
        "0.0001"
    )
    assert abs(finding.evidence["share_lower"] - D(9000) / (D(30500) * D("1.1895") ** 2) * 100) < D(
        "0.0001"
    )
    assert abs(finding.evidence["output_share"] - D("5.91") / D("126.06") * 100) < D("0.0001")
    assert finding.evidence["years_grown"] == 2 and finding.evidence["yi_reading_fits"]
    assert "more than 20.85% of ref-china-manufacturing-loans-2023" in finding.message
    assert "more than 29.50% of it as printed" in finding.message  # 9,000 / 30,500
    assert "more than 4.44 times that share" in finding.message
    # Henan's loans of all kinds: 9.38 / 255.32 = 3.67% of China's, near its share of output
    assert "about 3.67% of China's at 2024-06-30" in finding.message


def test_luoyang_share_of_henan_against_its_output(base: FactBase) -> None:
    """790.18亿 = 79.018 billion, at most 79.0185 / 9,000 = 0.878% of Henan's manufacturing
    loans as printed, 8.78% under the 亿 reading; Luoyang's output is 5,675.2 / 61,345.05 =
    9.25% of Henan's (2022): the 亿 reading fits, the printed one does not."""
    finding = next(
        f
        for f in audit.run(base)
        if f.rule == "share-vs-output" and "ref-luoyang-manufacturing-loans-2025" in f.ids
    )
    assert finding.about == ("manufacturing-loans-balance",)
    assert abs(finding.evidence["share_upper"] - D("79.0185") / D(9000) * 100) < D("0.00001")
    assert abs(finding.evidence["output_share"] - D("5675.2") / D("61345.05") * 100) < D("0.0001")
    assert "would be less than 0.88% of manufacturing-loans-balance" in finding.message
    assert "about 9.25% of Henan's output in 2022" in finding.message
    assert "the share would be less than 8.78%" in finding.message


def test_billion_doubt_names_every_billion_figure(base: FactBase) -> None:
    """One document-level finding names all seven "billion yuan" figures of the report, each
    with a tenth of its printed value, and the evidence that raised the doubt."""
    finding = next(f for f in audit.run(base) if f.rule == "billion-may-be-yi")
    assert list(finding.about) == BILLION_FIGURES
    figures = {f["id"]: f for f in finding.evidence["figures"]}
    assert figures["cooperation-intentions-amount"]["yi_reading_billion"] == D("12.4")
    assert figures["pulink-credit-amount"]["yi_reading_billion"] == D("3.832")
    assert figures["fee-cut-savings-amount"]["checked_by"] == []
    assert figures["manufacturing-loans-balance"]["checked_by"] == [
        "scale-implausible",
        "share-vs-output",
    ]
    assert (
        "cooperation-intentions-amount (124 billion yuan -> 12.4 billion yuan; no check "
        "of its own)" in finding.message
    )
    # every one of them is marked in show and compare
    flagged = audit.rules_by_fact(audit.run(base))
    assert all("billion-may-be-yi" in flagged[fid] for fid in BILLION_FIGURES)


def test_audit_json_names_all_seven(runner: CliRunner) -> None:
    """`audit --json` names all seven billion-yuan report figures in scale findings."""
    findings = json.loads(runner.invoke(app, ["audit", "--json"]).stdout)
    named = {
        fid
        for f in findings
        if f["rule"]
        in ("billion-may-be-yi", "scale-implausible", "scale-above-related", "share-vs-output")
        for fid in f["subjects"]
    }
    assert set(BILLION_FIGURES) <= named
    assert all(
        set(f) == {"rule", "severity", "ids", "subjects", "strength", "message", "evidence"}
        for f in findings
    )


def test_no_doubt_without_evidence(tmp_path: Path) -> None:
    """Without a region's total of all loans and the GDP figures, nothing explains a figure by
    亿, so no figure is doubted for its document's sake."""
    doc = doc_with({})
    doc["facts"] = [
        f
        for f in doc["facts"]
        if "all-loans-total" not in f.get("tags", ()) and "gdp" not in f.get("tags", ())
    ]
    for fact in doc["facts"]:
        fact.get("relations", {}).pop("growth_of", None) if fact["id"].startswith(
            ("ref-henan-all-loans", "ref-china-all-loans")
        ) else None
    doc["facts"] = [
        f
        for f in doc["facts"]
        if not f["id"].startswith(("ref-henan-all-loans", "ref-china-all-loans"))
    ]
    assert {f.rule for f in audit.run(load(tmp_path, doc))}.isdisjoint(
        {"scale-implausible", "share-vs-output", "billion-may-be-yi"}
    )


def test_sector_without_benchmark_has_the_general_ceiling(tmp_path: Path) -> None:
    """High-tech without its national benchmark is 16% of all loans: under the 50% no sector
    passes, so it is not flagged; the old single cut-off (24.8%) is gone with it."""
    doc = doc_with({})
    next(f for f in doc["facts"] if f["id"] == "high-tech-loans-balance")["relations"] = {}
    assert ("scale-implausible", "high-tech-loans-balance") not in rules(load(tmp_path, doc))


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
    assert (
        rules(base)[("part-larger-than-whole", "manufacturing-long-term-loans-balance")].severity
        is audit.Severity.ERROR
    )


def test_implausible_implied_rate(tmp_path: Path) -> None:
    base = load(
        tmp_path,
        doc_with(
            {
                2: {
                    "value": 80,
                    "source": {
                        "document": "henan-manufacturing-loans-2025",
                        "paragraph": 2,
                        "text": "80",
                    },
                }
            }
        ),
    )
    assert ("implausible-rate", "manufacturing-loans-yoy") in rules(base)


def test_fail_on(runner: CliRunner) -> None:
    assert runner.invoke(app, ["audit", "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(app, ["audit", "--fail-on", "error"]).exit_code == 0
    findings = json.loads(runner.invoke(app, ["audit", "--json"]).stdout)
    assert {f["severity"] for f in findings} == {"warning"}
    assert findings[0]["evidence"]


def test_show_and_compare_mark_findings(runner: CliRunner) -> None:
    shown = json.loads(runner.invoke(app, ["show", "clean energy", "--json"]).stdout)
    assert shown[0]["audit"] == [
        "billion-may-be-yi",
        "date-differs",
        "date-not-month-end",
        "scale-implausible",
    ]
    pulink = json.loads(runner.invoke(app, ["show", "pulink-credit-amount", "--json"]).stdout)
    assert pulink[0]["audit"] == ["billion-may-be-yi"]
    table = runner.invoke(app, ["compare", "manufacturing", "clean-energy"]).stdout
    assert "⚑" in table and "loanfacts audit" in table


def test_compare_with_unit(runner: CliRunner) -> None:
    payload = json.loads(
        runner.invoke(
            app, ["compare", "manufacturing", "high-tech", "--unit", "yi", "--json"]
        ).stdout
    )
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
    assert finding.evidence == {
        "gap": Decimal("6.46"),
        "rate": Decimal("13.43"),
        "baseline": Decimal("6.88"),
    }
    # the baseline is dated a year earlier: joining them mixes dates, and the audit says so
    assert ("mixed-dates", "manufacturing-loans-growth-gap") in found


def test_mixed_dates(tmp_path: Path) -> None:
    doc = doc_with({1: {"period": {"type": "instant", "date": "2025-05-31"}}})
    finding = rules(load(tmp_path, doc))[("mixed-dates", "manufacturing-loans-yoy")]
    assert finding.ids == ("manufacturing-loans-yoy", "manufacturing-loans-balance")


def test_high_tech_is_indicative_against_a_related_measure(runner: CliRunner) -> None:
    """The national figure counts loans to certified high-tech firms of any industry, Henan's
    loans to high-tech industries: related and overlapping, so the finding says "far above
    the national share of a related measure", never "implausible", and is only indicative.
    1,610.115 / 10,040.073 (the bounds' edges) = 16.0369% against 2 * 16.02 / 255.32 = 12.5490%:
    a margin of 3.4879, more than 3.48 points."""
    findings = json.loads(runner.invoke(app, ["audit", "--json"]).stdout)
    high = [f for f in findings if f["subjects"] == ["high-tech-loans-balance"]]
    assert [(f["rule"], f["strength"]) for f in high] == [("scale-above-related", "indicative")]
    message = high[0]["message"]
    assert "implausible" not in message and "wider" not in message
    assert "far above the national share of a related measure" in message
    assert "a margin of more than 3.48 points" in message
    margin = D("1610.115") / (D("9385") * D("1.0698")) * 100 - 2 * D("16.02") / D("255.32") * 100
    assert abs(D(str(high[0]["evidence"]["margin_points"])) - margin) < D("0.00001")
    assert high[0]["evidence"]["benchmark_related"] is True
    facts = json.loads(FACTS.read_text(encoding="utf-8"))["facts"]
    assert all("wider" not in f["description"] for f in facts)


def test_strengths(base: FactBase) -> None:
    """Strong where the figures show it (a benchmark of the same measure, their dates);
    indicative where a related measure, a rule of thumb or a possible date carries it."""
    strengths = {(f.rule, f.about[0]): f.strength.value for f in audit.run(base)}
    assert strengths[("scale-implausible", "manufacturing-loans-balance")] == "strong"
    assert strengths[("scale-implausible", "clean-energy-loans-balance")] == "strong"
    assert strengths[("billion-may-be-yi", "manufacturing-loans-balance")] == "strong"
    assert strengths[("date-differs", "clean-energy-loans-balance")] == "strong"
    assert strengths[("date-not-month-end", "clean-energy-loans-balance")] == "indicative"
    assert strengths[("share-vs-output", "manufacturing-loans-balance")] == "indicative"
    assert all(strengths[("date-doubtful", fid)] == "indicative" for fid in FEATURE_FIGURES)


def test_feature_dates_are_doubtful(base: FactBase) -> None:
    """The feature was published 2025-09-25 and prints its statistics as of 2024-06-30: 15
    months (12 + 9 - 6), while central-bank and regulator statistics appear within weeks;
    the census (a statistics bureau's, 2023-12-31, published 2025-03-13) is not flagged."""
    doubtful = [f for f in audit.run(base) if f.rule == "date-doubtful"]
    assert sorted(f.about[0] for f in doubtful) == FEATURE_FIGURES
    for finding in doubtful:
        assert finding.evidence == {
            "date": "2024-06-30",
            "published": "2025-09-25",
            "months_after": 15,
            "possible_date": "2025-06-30",
        }


def test_every_figure_derived_from_the_feature_carries_the_doubt(runner: CliRunner) -> None:
    """Every derived figure with a feature record among its inputs carries date-doubtful, in
    JSON, CSV, Markdown and the table; no other does."""
    payload = json.loads(runner.invoke(app, ["derive", "--json"]).stdout)
    carrying = {
        d["id"]
        for d in payload["derived"]
        if any(f["rule"] == "date-doubtful" for f in d["findings"])
    }
    using = {d["id"] for d in payload["derived"] if set(d["inputs"]) & set(FEATURE_FIGURES)}
    assert carrying == using and len(using) == 13
    assert {
        "ref-henan-all-loans-2024.prior-year-balance",
        "ref-henan-all-loans-2024.yoy-increase",
        "ref-henan-deposits-2024.prior-year-balance",
        "ref-henan-deposits-2024.yoy-increase",
        "ref-henan-all-loans-2024.grown-total",
    } <= using
    csv_text = runner.invoke(app, ["derive", "--format", "csv"]).stdout
    assert "date-doubtful (ref-henan-all-loans-2024, indicative)" in csv_text
    markdown = runner.invoke(app, ["derive", "deposits", "--format", "markdown"]).stdout
    assert "date-doubtful (indicative)" in markdown
    table = runner.invoke(app, ["derive", "deposits"], env={"COLUMNS": "200"}).stdout
    assert "date-doubtful (indicative)" in table


def test_mixed_bases_are_said(runner: CliRunner) -> None:
    """The grown total applies the regulator's all-loans growth (13.43 - 6.46) to the central
    bank's total; Luoyang's central-bank figure is set against Henan's banking sector."""
    derived = {
        d["id"]: d for d in json.loads(runner.invoke(app, ["derive", "--json"]).stdout)["derived"]
    }
    grown = " ".join(derived["ref-henan-all-loans-2024.grown-total"]["warnings"])
    assert "joins statistical bases: the central bank's (all financial institutions) for " in grown
    assert "the banking regulator's (banking institutions) for manufacturing-loans-yoy" in grown
    luoyang = " ".join(derived["ref-luoyang-manufacturing-loans-2025.share-of-whole"]["warnings"])
    assert "joins statistical bases" in luoyang
    same = derived["ref-china-all-loans-2024.prior-year-balance"]["warnings"]
    assert not any("bases" in w for w in same)
    findings = json.loads(runner.invoke(app, ["audit", "--json"]).stdout)
    luoyang_finding = next(
        f for f in findings if "ref-luoyang-manufacturing-loans-2025" in f["ids"]
    )
    assert "It joins statistical bases" in luoyang_finding["message"]


def test_every_bundled_source_has_a_basis(runner: CliRunner) -> None:
    doc = json.loads(FACTS.read_text(encoding="utf-8"))
    assert all(s.get("basis") for s in doc["sources"])
    result = runner.invoke(app, ["validate", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["warnings"] == []


def test_validate_warns_about_a_reference_source_without_basis(
    runner: CliRunner, tmp_path: Path
) -> None:
    doc = doc_with({})
    del doc["sources"][2]["basis"]
    path = tmp_path / "f.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--json", "--facts", str(path)])
    assert result.exit_code == 0
    warnings = json.loads(result.stdout)["warnings"]
    assert [(w["id"], w["field"]) for w in warnings] == [
        (doc["sources"][2]["id"], "sources.2.basis")
    ]
