"""Numbers as displayed (issue 21, defect 4): a format character inside a number does not
split it, other scripts' digits read as their values, and a figure keeps what was printed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.recognize.figures import recognize

FORMAT_CHARS = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"]


@pytest.mark.parametrize("char", FORMAT_CHARS)
def test_a_format_character_inside_a_number_does_not_split_it(char: str) -> None:
    text = f"Manufacturing loans topped 9{char}13.43% in June."
    [figure] = recognize(text).figures
    assert figure.value == Decimal("913.43")
    assert figure.text == f"9{char}13.43%"
    assert text[figure.start : figure.end] == figure.text


def test_offsets_after_a_format_character_are_the_printed_ones() -> None:
    text = "\ufeffLoans\u200b rose 5% and deposits 7%."
    got = recognize(text)
    assert [f.value for f in got.figures] == [5, 7]
    assert [text[f.start : f.end] for f in got.figures] == ["5%", "7%"]
    assert got.text == text
    assert all(text[s.start : s.end] == s.text for s in got.sentences)


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("١٣٫٤٣%", Decimal("13.43")),
        ("۱۳٫۴۳%", Decimal("13.43")),
        ("１３．４３％", Decimal("13.43")),
    ],
)
def test_digits_of_other_scripts_read_as_values(printed: str, value: Decimal) -> None:
    [figure] = recognize(f"Loans grew {printed} year on year.").figures
    assert figure.value == value and figure.text == printed


def test_check_reads_the_number_on_screen() -> None:
    result = CliRunner().invoke(
        app, ["check", "Manufacturing loans topped 9\u200b13.43%", "--json"]
    )
    assert "913.43" in result.stdout
    assert '"13.43"' not in result.stdout.replace(" ", "")
