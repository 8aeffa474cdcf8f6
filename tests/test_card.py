"""The provenance card: its record, the audit hook, and how `show` and `card` print it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from loanfacts import views
from loanfacts.cli import app
from loanfacts.model.errors import NoMatchError
from loanfacts.model.store import FactBase

ID = "manufacturing-loans-balance"


def test_conversions_are_exact(base: FactBase) -> None:
    """9,000 billion yuan is 9e12 yuan, 90,000 亿, 9 万亿 and 9 trillion, exactly."""
    rows = {c["unit_label"]: c for c in views.card_of(base, ID)["conversions"]}
    assert list(rows) == ["yuan", "亿 yuan", "万亿 yuan", "billion yuan", "trillion yuan"]
    assert rows["yuan"]["value"] == Decimal("9e12")
    assert rows["亿 yuan"]["value"] == 90000
    assert rows["万亿 yuan"]["value"] == rows["trillion yuan"]["value"] == 9
    assert rows["billion yuan"]["as_published"]
    assert not rows["yuan"]["as_published"]
    assert rows["亿 yuan"]["lower"] == 90000 and rows["亿 yuan"]["upper"] is None


def test_conversions_carry_printed_precision(base: FactBase) -> None:
    """3,563.91 billion (printed to 0.01) spans 3,563.905 to 3,563.915 billion in every unit."""
    rows = {
        c["unit_label"]: c
        for c in views.card_of(base, "manufacturing-long-term-loans-balance")["conversions"]
    }
    assert rows["亿 yuan"]["value"] == Decimal("35639.1")
    assert rows["yuan"]["lower"] == Decimal("3563905000000")
    assert rows["yuan"]["upper"] == Decimal("3563915000000")


def test_yi_figure_converts_to_billion(base: FactBase) -> None:
    """790.18 亿 is 79.018 billion."""
    rows = {
        c["unit_label"]: c
        for c in views.card_of(base, "ref-luoyang-manufacturing-loans-2025")["conversions"]
    }
    assert rows["billion yuan"]["value"] == Decimal("79.018")
    assert rows["亿 yuan"]["as_published"]


def test_non_money_has_no_conversions(base: FactBase) -> None:
    """A growth rate stays in percent."""
    assert views.card_of(base, "manufacturing-loans-yoy")["conversions"] == []


def test_card_particulars(base: FactBase) -> None:
    """Source title and paragraph, text as printed, derivations using it, related figures."""
    c = views.card_of(base, ID)
    assert c["fact"]["id"] == ID and c["fact"]["lower"] == 9000 and c["fact"]["upper"] is None
    assert (c["document"]["title"] or "").startswith("Henan banking sector's loans")
    assert c["fact"]["source"]["paragraph"] == 2
    assert c["fact"]["source"]["text"] == "9,000 billion yuan"
    derived = {d["id"] for d in c["derivations"]}
    assert f"{ID}.prior-year-balance" in derived and f"{ID}.yoy-increase" in derived
    assert all(ID in d["inputs"] for d in c["derivations"])
    assert [r["id"] for r in c["related"]] == [
        "manufacturing-loans-yoy",
        "manufacturing-loans-growth-gap",
    ]


def test_unknown_id_suggests(base: FactBase) -> None:
    """A mistyped id fails with a suggestion."""
    with pytest.raises(NoMatchError, match="did you mean"):
        views.card_of(base, "manufacturing-loans-balanse")


def test_card_audit_names_the_fact(base: FactBase) -> None:
    """The balance is the subject of the scale findings and of the document's 亿 doubt; its
    rate is named only as evidence (it grows Henan's total of all loans to June 2025)."""
    findings = views.card_of(base, ID)["audit"]
    assert [f["rule"] for f in findings] == [
        "billion-may-be-yi",
        "scale-implausible",
        "share-vs-output",
        "share-vs-output",
    ]
    assert all(ID in f["subjects"] for f in findings)
    as_evidence = views.card_of(base, "manufacturing-loans-yoy")["audit"]
    assert {f["rule"] for f in as_evidence} == {"scale-implausible", "scale-above-related"}
    assert all("manufacturing-loans-yoy" not in f["subjects"] for f in as_evidence)


def test_show_id_prints_the_card(runner: CliRunner) -> None:
    """`show ID` in a table is the card: units, source, text as printed, findings, related."""
    result = runner.invoke(app, ["show", ID])
    assert result.exit_code == 0
    out = result.stdout
    for expected in (
        "more than 9,000 billion yuan",
        "90,000",
        "9,000,000,000,000",
        "paragraph 2",
        "“9,000 billion yuan”",
        "level a year earlier",
        "Likely cause: 亿",
        "manufacturing-loans-yoy",
        "Henan banking sector's loans to manufacturing",
    ):
        assert expected in out, expected
    assert "date-not-month-end" not in out


def test_show_id_json_stays_an_array(runner: CliRunner) -> None:
    """`show ID --json` keeps the shape of `show`: an array of facts."""
    result = runner.invoke(app, ["show", ID, "--json"])
    data = json.loads(result.stdout)
    assert isinstance(data, list) and data[0]["id"] == ID


def test_card_json_is_an_object(runner: CliRunner) -> None:
    """`card ID --json`: one object with the card's sections; numbers are JSON numbers."""
    result = runner.invoke(app, ["card", ID, "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"fact", "conversions", "document", "derivations", "audit", "related"}
    assert data["conversions"][1] == {
        "unit_label": "亿 yuan",
        "scale": "yi",
        "value": 90000,
        "lower": 90000,
        "upper": None,
        "as_published": False,
    }


def test_card_unknown_id_and_csv(runner: CliRunner) -> None:
    """Unknown id exits 1; a card has no CSV form (exit 2)."""
    missing = runner.invoke(app, ["card", "no-such-fact"])
    assert missing.exit_code == 1 and missing.stdout == ""
    csv = runner.invoke(app, ["card", ID, "--format", "csv"])
    assert csv.exit_code == 2 and "no CSV form" in csv.stderr


def test_card_markdown(runner: CliRunner) -> None:
    """The card as markdown: a field/value table and a units table."""
    result = runner.invoke(app, ["card", ID, "--format", "markdown"])
    assert result.exit_code == 0
    assert "| as printed | 9,000 billion yuan |" in result.stdout
    assert "| 亿 yuan | more than 90,000 |" in result.stdout


def test_card_names_publisher_date_and_english_rendering(runner: CliRunner) -> None:
    """A reference figure's card: publisher, date, address; the Chinese text as printed and
    its English rendering; what a search could not find is said, not left blank."""
    shown = runner.invoke(app, ["card", "ref-henan-all-loans-2024"]).stdout
    out = " ".join(shown.replace("│", " ").split())  # the panel's borders, where a line wraps
    assert "“9.38万亿元”" in out and "in English 9.38 trillion yuan" in out
    assert "publisher not found; 2025-09-25 · http://www.pengbaoqx.cn/" in out
    data = json.loads(runner.invoke(app, ["card", "ref-henan-gdp-2023", "--json"]).stdout)
    assert data["document"]["publisher"].startswith("Xinhua News Agency")
    assert data["document"]["published"] == "2024-01-25"
    assert data["document"]["address"] == "http://en.people.cn/n3/2024/0125/c90000-20126522.html"
    markdown = runner.invoke(app, ["card", "ref-henan-all-loans-2024", "-f", "markdown"]).stdout
    assert "| as printed | 9.38万亿元 (9.38 trillion yuan) |" in markdown
