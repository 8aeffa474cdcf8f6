"""check of a whole draft: a figure whose sentence names no subject takes it as a reader does,
from the sentence before in the same paragraph when its subject only points back ("The
figure", "The growth rate", 其) and, failing that, from its section's heading; never across a
region or a measure, never when the sentence names a subject of its own, and the note says
where the subject came from. A sentence checked alone stays unknown. Made-up facts and
sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.recognize.frames import points_back
from loanfacts.recognize.paragraphs import heading_name, section_heading

HALF = {"type": "duration", "start": "2025-01-01", "end": "2025-06-30"}
JUNE = {"type": "instant", "date": "2025-06-30"}
NOVEMBER = {"type": "duration", "start": "2025-11-01", "end": "2025-11-30"}


def _fact(fid: str, topic: str, measure: str, value: float, unit: str, **more: Any) -> Any:
    return {
        "id": fid,
        "topic": topic,
        "measure": measure,
        "entity": "the province's banks",
        "value": value,
        "unit": unit,
        "period": JUNE,
        "description": "Made up for a test.",
        "source": {"document": "made-up", "text": str(value)},
        **more,
    }


FACTS = {
    "schema_version": 1,
    "sources": [{"id": "made-up", "title": "A made-up bulletin", "kind": "report"}],
    "facts": [
        _fact(
            "tea-loans-balance",
            "tea loans",
            "balance",
            310,
            "yuan",
            scale="billion",
            region="Henan",
            aliases=["茶叶贷款"],
        ),
        _fact("tea-loans-yoy", "tea loans", "yoy_growth", 7.5, "%", region="Henan"),
        _fact(
            "kiln-credit-increase",
            "kiln credit",
            "increase",
            0.8,
            "pounds",
            scale="billion",
            currency="GBP",
            period=NOVEMBER,
        ),
    ],
}

TEA = "Henan's tea loans stood at 310 billion yuan at the end of June 2025."


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("context") / "facts.json"
    path.write_text(json.dumps(FACTS, ensure_ascii=False), encoding="utf-8")
    return path


def _last(facts: Path, text: str) -> Any:
    """The verdict record of the text's last figure, the text checked as a file would be."""
    result = CliRunner().invoke(app, ["check", "--facts", str(facts), "--json", "-"], input=text)
    return json.loads(result.stdout)["figures"][-1]


@pytest.mark.parametrize(
    ("text", "verdict", "fact", "said"),
    [
        # a pointing-back subject, the sentence before in the same paragraph
        (
            f"{TEA} The growth rate was 7.5% year-on-year.",
            "supported",
            "tea-loans-yoy",
            "subject from the sentence before: tea loans",
        ),
        (
            "2025年6月末，河南茶叶贷款余额3100亿元。其同比增长7.5%。",
            "supported",
            "tea-loans-yoy",
            "茶叶贷款",
        ),
        # alone, the same sentence names nothing
        ("The growth rate was 7.5% year-on-year.", "unknown", None, None),
        # another paragraph: nothing carried
        (f"{TEA}\n\nThe growth rate was 7.5% year-on-year.", "unknown", None, None),
        # another region: the carried subject is Henan's, the sentence says Shanghai
        (f"{TEA} The figure for Shanghai was 7.5% year-on-year.", "unknown", None, None),
        # the region comes with the subject: the sentence before is about Shanghai's tea loans
        (
            "Shanghai's tea loans stood at 310 billion yuan at the end of June 2025. "
            "The growth rate was 7.5% year-on-year.",
            "unknown",
            None,
            "subject from the sentence before: tea loans",
        ),
        # another measure: the sentence before gives a balance, this one an increase
        (
            f"{TEA} The increase was 310 billion yuan in the first half of 2025.",
            "unknown",
            None,
            None,
        ),
        # a subject of its own, one the facts do not know: nothing carried
        (f"{TEA} Tea exports rose 7.5% year-on-year.", "unknown", None, None),
        # the section heading, when neither the sentence nor the one before names a subject
        (
            "Kiln credit (Table K):\nPotters borrowed £0.8 billion in November 2025.",
            "supported",
            "kiln-credit-increase",
            "subject from the section heading: kiln credit",
        ),
        (
            "# Bulletin\n\n## Kiln credit\n\nPotters borrowed £0.8 billion in November 2025.",
            "supported",
            "kiln-credit-increase",
            "subject from the section heading: kiln credit",
        ),
        # a heading's subject confirms, never faults: another value is unknown, with the note
        (
            "Kiln credit (Table K):\nPotters borrowed £0.5 billion in November 2025.",
            "unknown",
            None,
            "subject from the section heading: kiln credit",
        ),
        # a sentence that names its own subject since the heading: the section moved on
        (
            f"Kiln credit (Table K):\n{TEA} Potters borrowed £0.8 billion in November 2025.",
            "unknown",
            None,
            None,
        ),
        # a wrapped paragraph's short line is no heading
        (
            "Small firms in the county, potters most of all, borrowed heavily this\n"
            "year for\nkiln credit\n\nThey borrowed £0.8 billion in November 2025.",
            "unknown",
            None,
            None,
        ),
    ],
)
def test_a_subject_from_the_context(
    facts: Path, text: str, verdict: str, fact: str | None, said: str | None
) -> None:
    got = _last(facts, text)
    assert (got["verdict"], got["fact"]) == (verdict, fact), got["note"]
    if said is not None:
        assert said in got["note"]
    else:
        assert "subject from" not in got["note"]


def test_the_subject_of_its_own_sentence_comes_first(facts: Path) -> None:
    """A sentence that names its subject takes nothing from the context (no note)."""
    got = _last(facts, f"Kiln credit (Table K):\n{TEA} Tea loans grew 7.5% year-on-year.")
    assert (got["verdict"], got["fact"]) == ("supported", "tea-loans-yoy")
    assert "subject from" not in got["note"]


def test_pointing_back_words() -> None:
    for clause in ("The figure was up from ", "This is the weakest since 2013, below the ", "其"):
        assert points_back(clause), clause
    for clause in ("Henan's tea loans rose ", "Tea exports rose ", "Thesis "):
        assert not points_back(clause), clause


def test_one_heading_rule() -> None:
    """recognize/paragraphs: the rule extract and check both follow."""
    assert heading_name("Kiln credit (Table K):") == "kiln credit"
    assert heading_name("## Kiln credit") == "kiln credit"
    assert heading_name("Potters borrowed more. Then less") is None
    lines = ["Kiln credit:", "Potters borrowed £0.8 billion.", "Tea loans:", "They rose."]
    assert section_heading(lines, 3, -1, lambda n: n == 1) == "tea loans"
    assert section_heading(lines, 1, -1, lambda n: n == 1) == "kiln credit"
    assert section_heading(lines, 3, 2, lambda n: n == 1) is None
