"""check finds a fact by the words of its name wherever the clause puts them ("loans of the
city's banks to the steel industry" names steel loans), within one phrase and with no other
word before the name's head ("green loans" is no "loans"); money in its own currency; a
Chinese name with a bracketed aside (企(事)业单位贷款); a share's whole is not its subject.
Made-up facts and sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from loanfacts.cli import app


def _fact(fid: str, topic: str, measure: str, value: float, unit: str, **more: Any) -> Any:
    return {
        "id": fid,
        "topic": topic,
        "measure": measure,
        "entity": "the city's banks",
        "value": value,
        "unit": unit,
        "period": {"type": "instant", "date": "2025-06-30"},
        "description": "Made up for a test.",
        "source": {"document": "made-up", "text": str(value)},
        **more,
    }


FACTS = {
    "schema_version": 1,
    "sources": [{"id": "made-up", "title": "A made-up bulletin", "kind": "report"}],
    "facts": [
        _fact("steel-loans-balance", "steel loans", "balance", 420, "yuan", scale="billion"),
        _fact(
            "long-term-steel-loans-balance",
            "long-term steel loans",
            "balance",
            150,
            "yuan",
            scale="billion",
        ),
        _fact("china-loans-yoy", "China loans", "yoy_growth", 8.3, "%", region="China"),
        _fact(
            "fx-loans-balance",
            "foreign currency loans",
            "balance",
            82.4,
            "US dollars",
            scale="billion",
            currency="USD",
        ),
        _fact(
            "units-loans-increase",
            "企(事)业单位贷款",
            "increase",
            3140,
            "yuan",
            scale="yi",
            period={"type": "duration", "start": "2025-01-01", "end": "2025-06-30"},
        ),
        _fact(
            "units-loans-share",
            "企(事)业单位贷款",
            "share",
            55,
            "%",
            period={"type": "duration", "start": "2025-01-01", "end": "2025-06-30"},
        ),
    ],
}


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names") / "facts.json"
    path.write_text(json.dumps(FACTS, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("claim", "verdict", "fact"),
    [
        (
            "At the end of June 2025 the outstanding loans of the city's banks to the steel "
            "industry reached 420 billion yuan.",
            "supported",
            "steel-loans-balance",
        ),
        (
            "At the end of June 2025 long-term loans to the steel industry stood at 150 "
            "billion yuan.",
            "supported",
            "long-term-steel-loans-balance",
        ),
        ("China's green loans rose 14.4 percent in the year to June 2025.", "unknown", None),
        (
            "Foreign currency loans had a balance of 82.4 billion US dollars by the close of "
            "June 2025.",
            "supported",
            "fx-loans-balance",
        ),
        ("2025年上半年,企(事)业单位贷款增加3140亿元。", "supported", "units-loans-increase"),
        (
            "2025年上半年,企(事)业单位贷款占新增总量的55%。",
            "supported",
            "units-loans-share",
        ),
    ],
)
def test_check_finds_the_name_in_its_clause(
    facts: Path, claim: str, verdict: str, fact: str | None
) -> None:
    result = CliRunner().invoke(app, ["check", "--facts", str(facts), "--json", claim])
    (got,) = json.loads(result.stdout)["figures"]
    assert (got["verdict"], got["fact"]) == (verdict, fact), got["note"]


def test_the_index_narrows_by_the_same_words() -> None:
    """A large file's index reads the facts whose names' words the text holds, the most
    specific only, none that a name found outright covers (a subject's every region would
    otherwise be read)."""
    from loanfacts.check.from_index import bagged_in, named_in

    vocab = frozenset({"steel loans", "export loans", "export loans in dingbi", "dingbi export"})
    text = "Loans of the city's banks to the steel industry and export loans in Dingbi rose."
    outright = named_in(text, vocab)
    assert outright == ["export loans in dingbi"]
    assert bagged_in(text, vocab, outright) == {"steel loans"}
