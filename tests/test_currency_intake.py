"""Money in any currency through intake and the analysis that follows (issue 18): the
currency is read from symbols and words, kept on the record, used by unit conversion, and
compare never sets one currency against another."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loanfacts.analysis import units
from loanfacts.cli import app
from loanfacts.intake import money
from loanfacts.intake.report_figures import read_report
from loanfacts.model.kinds import Currency, Scale
from loanfacts.recognize.figscan import clock_times
from loanfacts.recognize.paragraphs import Report, split


def _figures(text: str) -> list[tuple[str, str, str | None, str | None, Decimal]]:
    found = read_report(Report("t", split(text)))
    return [
        (f.text, f.unit, f.currency.value if f.currency else None, f.scale, f.value)
        for f in found.figures
    ]


@pytest.mark.parametrize(
    ("text", "printed", "unit", "currency", "scale"),
    [
        ("Loans stood at £48.6 billion in June.", "£48.6 billion", "pounds", "GBP", "billion"),
        ("It lent $256.92 billion last year.", "$256.92 billion", "US dollars", "USD", "billion"),
        ("It lent US$420 million last year.", "US$420 million", "US dollars", "USD", "million"),
        ("It lent €7.35 billion last year.", "€7.35 billion", "euros", "EUR", "billion"),
        ("Branches held Rs 3,200 crore in loans.", "Rs 3,200 crore", "rupees", "INR", "crore"),
        ("The window paid out ₹45 lakh in June.", "₹45 lakh", "rupees", "INR", "lakh"),
        (
            "It lent 640 million pounds sterling.",
            "640 million pounds sterling",
            "pounds",
            "GBP",
            "million",
        ),
        ("外币存款余额1834亿美元。", "1834亿美元", "US dollars", "USD", "yi"),
        ("a 4.87-trillion-yuan drop in lending", "4.87-trillion-yuan", "yuan", "CNY", "trillion"),
    ],
)
def test_money_in_any_currency(
    text: str, printed: str, unit: str, currency: str, scale: str
) -> None:
    got = _figures(text)
    assert got and got[0][:4] == (printed, unit, currency, Scale(scale))


def test_signs_from_the_words() -> None:
    got = {
        t: v
        for t, _, _, _, v in _figures(
            "Total financing stood at 24.75 trillion yuan: a 4.87-trillion-yuan drop from a "
            "year before, yet a 4.14-trillion-yuan rise from two years before."
        )
    }
    assert got["4.87-trillion-yuan"] == Decimal("-4.87")
    assert got["4.14-trillion-yuan"] == Decimal("4.14")
    zh = {t: v for t, _, _, _, v in _figures("上半年本市贷款增加4200亿元，比去年同期少增800亿元。")}
    assert zh == {"4200亿元": Decimal("4200"), "800亿元": Decimal("-800")}


def test_clock_times_are_no_figures() -> None:
    found = read_report(Report("t", split("Xinhua | Updated: 2021-10-14 14:15")))
    assert found.figures == []
    assert clock_times("at 09:30 and 14:15") == [(3, 8), (13, 18)]
    assert found.published is not None and found.published.isoformat() == "2021-10-14"


def test_conversion_stays_in_its_currency() -> None:
    assert units.converts("pounds") and units.converts("yuan") and not units.converts("%")
    assert units.convert(Decimal("48.6"), "pounds", Scale.BILLION, Scale.MILLION) == Decimal(
        "48600"
    )
    assert money.named("US$") is Currency.USD and money.named("Rs") is Currency.INR


def test_compare_never_sets_yuan_against_dollars(tmp_path: Path) -> None:
    facts = {
        "schema_version": 1,
        "facts": [
            {
                "id": "loans-yuan",
                "topic": "loans",
                "measure": "balance",
                "entity": "banks",
                "value": 12.85,
                "unit": "yuan",
                "scale": "trillion",
                "period": {"type": "instant", "date": "2025-06-30"},
                "description": "Loans in yuan.",
                "source": {"document": "d", "paragraph": 2, "text": "12.85 trillion yuan"},
            },
            {
                "id": "loans-usd",
                "topic": "loans",
                "measure": "balance",
                "entity": "banks",
                "value": 82.4,
                "unit": "US dollars",
                "scale": "billion",
                "period": {"type": "instant", "date": "2025-06-30"},
                "description": "Loans in dollars.",
                "source": {"document": "d", "paragraph": 2, "text": "82.4 billion US dollars"},
            },
        ],
    }
    path = tmp_path / "f.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", "loans-yuan", "loans-usd", "--facts", str(path)])
    said = result.stdout + result.stderr
    assert "no difference or ratio" in said
    assert "US dollars" in said
