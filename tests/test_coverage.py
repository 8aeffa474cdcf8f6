"""`loanfacts coverage`: every figure of a report paired with the record that cites it; what
is uncovered, what is stale, what was read as a date or a name.

Set LOANFACTS_UPDATE_GOLDEN=1 to rewrite tests/golden/coverage-*.json after an intended change.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FACTS, ROOT
from loanfacts.cli import app
from loanfacts.intake import coverage, report_figures
from loanfacts.intake.coverage import Cited
from loanfacts.recognize import paragraphs
from report_paths import OWN, OWN_DOC, OWN_FACTS, SEED, SEED_DOC, needs_seed

GOLDEN = ROOT / "tests" / "golden"


def facts_file(
    tmp_path: Path,
    source: Path,
    drop: tuple[str, ...] = (),
    texts: dict[str, str] | None = None,
    name: str = "facts.json",
) -> Path:
    """A copy of a facts file without some records and with some printed texts changed."""
    doc = json.loads(source.read_text(encoding="utf-8"))
    doc["facts"] = [f for f in doc["facts"] if f["id"] not in drop]
    for fact in doc["facts"]:
        if fact["id"] in (texts or {}):
            fact["source"]["text"] = (texts or {})[fact["id"]]
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def run_coverage(
    runner: CliRunner, report: Path, document: str, facts: Path | None, *more: str
) -> Any:
    args = ["coverage", str(report), "--document", document, *more]
    if facts is not None:
        args += ["--facts", str(facts)]
    return runner.invoke(app, args)


# -- the seed report with the bundled facts ---------------------------------------------------


@needs_seed
def test_bundled_facts_cover_the_seed_report(runner: CliRunner) -> None:
    """0 uncovered and 0 stale: every figure the report prints has its record."""
    result = run_coverage(runner, SEED, SEED_DOC, None, "--json")
    assert result.exit_code == 0, result.stdout
    payload = json.loads(result.stdout)
    assert (payload["figures"], payload["covered"]) == (16, 16)
    assert payload["uncovered"] == [] and payload["stale"] == []
    assert payload["repeats"] == [
        {
            "paragraph": 1,
            "text": "9,000 Billion Yuan",
            "of": {"paragraph": 2, "text": "9,000 billion yuan"},
        }
    ]
    assert {(s["text"], s["reason"]) for s in payload["skipped"]} >= {
        ("10,000", "name"),
        ("7+28+N", "name"),
        ("June 30, 2025", "date"),
        ("May 30", "date"),
    }
    assert payload["drafts"] == []


@needs_seed
def test_seed_report_with_two_records_removed(runner: CliRunner, tmp_path: Path) -> None:
    path = facts_file(
        tmp_path, FACTS, drop=("cooperation-intentions-amount", "clean-energy-loans-balance")
    )
    result = run_coverage(runner, SEED, SEED_DOC, path, "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["uncovered"] == [
        {"paragraph": 5, "text": "124 billion yuan"},
        {"paragraph": 8, "text": "1,853.54 billion yuan"},
    ]
    assert payload["covered"] == 14 and payload["stale"] == []
    table = run_coverage(runner, SEED, SEED_DOC, path)
    assert table.exit_code == 1
    assert table.stdout.rstrip().endswith("14 of 16 figures covered; 2 uncovered; 0 stale")


@needs_seed
def test_headline_repeat_is_one_figure(runner: CliRunner, tmp_path: Path) -> None:
    """Without the balance's record, the headline and ¶2 are one uncovered figure, not two."""
    doc = json.loads(FACTS.read_text(encoding="utf-8"))
    for fact in doc["facts"]:
        if fact["id"] == "manufacturing-loans-balance":
            fact["source"]["paragraph"] = 3  # named the wrong paragraph: stale
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    payload = json.loads(run_coverage(runner, SEED, SEED_DOC, path, "--json").stdout)
    assert payload["uncovered"] == [{"paragraph": 2, "text": "9,000 billion yuan"}]
    assert payload["stale"] == [
        {"id": "manufacturing-loans-balance", "paragraph": 3, "text": "9,000 billion yuan"}
    ]


# -- my own report ----------------------------------------------------------------------------


def test_hand_written_records_cover_my_report(runner: CliRunner) -> None:
    result = run_coverage(runner, OWN, OWN_DOC, OWN_FACTS, "--json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert (payload["figures"], payload["covered"]) == (31, 31)
    assert payload["uncovered"] == payload["stale"] == payload["drafts"] == []


def test_records_removed_and_a_printed_text_changed(runner: CliRunner, tmp_path: Path) -> None:
    """Two records gone: their figures uncovered. A text changed: the record is stale and its
    figure uncovered too. Golden JSON: the output contract."""
    path = facts_file(
        tmp_path,
        OWN_FACTS,
        drop=("first-time-borrowers-count", "green-bond-issuance-amount"),
        texts={"household-deposits-balance": "1.24 trillion yuan"},
    )
    result = run_coverage(runner, OWN, OWN_DOC, path, "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["uncovered"] == [
        {"paragraph": 8, "text": "1.42 trillion yuan"},
        {"paragraph": 10, "text": "47 first-time borrowers"},
        {"paragraph": 13, "text": "85亿元"},
    ]
    assert payload["stale"] == [
        {"id": "household-deposits-balance", "paragraph": 8, "text": "1.24 trillion yuan"}
    ]
    assert payload["covered"] == 28
    golden = GOLDEN / "coverage-lakeshire-gaps.json"
    if os.environ.get("LOANFACTS_UPDATE_GOLDEN"):
        golden.write_text(
            json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    assert payload == json.loads(golden.read_text(encoding="utf-8"))
    assert result.stdout.endswith("}\n")


def test_table_is_readable_at_a_glance(runner: CliRunner, tmp_path: Path) -> None:
    path = facts_file(
        tmp_path,
        OWN_FACTS,
        drop=("green-bond-issuance-amount",),
        texts={"household-deposits-balance": "1.24 trillion yuan"},
    )
    out = run_coverage(runner, OWN, OWN_DOC, path).stdout
    assert re.search(r"^✗\s+13\s+85亿元\s+no record cites it", out, re.M)
    assert "绿色债券发行额约85亿元。" in out  # where to find it
    assert "Stale records" in out and "household-deposits-balance" in out
    assert out.rstrip().splitlines()[-1] == "29 of 31 figures covered; 2 uncovered; 1 stale"
    assert "\x1b" not in out


def test_other_formats(runner: CliRunner, tmp_path: Path) -> None:
    path = facts_file(tmp_path, OWN_FACTS, drop=("green-bond-issuance-amount",))
    lines = run_coverage(runner, OWN, OWN_DOC, path, "-f", "jsonl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows[0] == {
        "status": "covered",
        "paragraph": 2,
        "text": "480 billion yuan",
        "id": "green-loans-balance",
        "note": "the headline prints it too (¶1)",
    }
    assert {
        "status": "uncovered",
        "paragraph": 13,
        "text": "85亿元",
        "id": None,
        "note": "no record cites it",
    } in rows
    assert any(r["status"] == "skipped" and r["text"] == "10,000" for r in rows)
    csv_out = run_coverage(runner, OWN, OWN_DOC, path, "-f", "csv").stdout.splitlines()
    assert csv_out[0] == "status,paragraph,text,id,note" and len(csv_out) == len(rows) + 1
    md = run_coverage(runner, OWN, OWN_DOC, path, "-f", "markdown").stdout
    assert "| ✗ uncovered | 13 | 85亿元 |" in md
    assert md.rstrip().endswith("30 of 31 figures covered; 1 uncovered; 0 stale")


def test_drafts_are_named(runner: CliRunner, tmp_path: Path) -> None:
    doc = json.loads(OWN_FACTS.read_text(encoding="utf-8"))
    doc["facts"][1]["description"] = "DRAFT: describe this figure in your own words"
    path = tmp_path / "f.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_coverage(runner, OWN, OWN_DOC, path)
    assert result.exit_code == 1  # covered, but a draft is not reviewed yet (issue 18)
    assert "still drafts: green-loans-yoy" in result.stdout
    assert result.stdout.rstrip().endswith(
        "31 of 31 figures covered; 0 stale; 1 record(s) still a draft (DRAFT: description)"
    )


def test_no_record_cites_the_document(runner: CliRunner) -> None:
    result = run_coverage(runner, OWN, "no-such-doc", OWN_FACTS, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["covered"] == 0
    assert result.stderr == (
        f"loanfacts: warning: no record in {OWN_FACTS} cites document "
        f"'no-such-doc'; its documents: {OWN_DOC}\n"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["coverage", "REPORT", "-d", "Bad Id"], 2, "is not an id"),
        (["coverage", "REPORT"], 2, "missing option '--document'"),
        (["coverage", "MISSING", "-d", "x"], 3, "missing.txt: no such file"),
        (
            ["coverage", "REPORT", "-d", "x", "--facts", "BAD"],
            3,
            "record 0 (id 'widget-balance'), field 'value': required field is missing",
        ),
    ],
)
def test_errors(
    runner: CliRunner, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    swap = {
        "REPORT": str(OWN),
        "MISSING": str(tmp_path / "missing.txt"),
        "BAD": str(ROOT / "tests" / "bad_inputs" / "field-missing-value.json"),
    }
    result = runner.invoke(app, [swap.get(a, a) for a in args])
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr


# -- pairing rules, on the core ---------------------------------------------------------------


def pair(text: str, records: list[Cited]) -> coverage.Coverage:
    report = paragraphs.parse(text.encode("utf-8"), "r.txt")
    return coverage.pair(report_figures.read_report(report), records)


def test_a_text_printed_twice_needs_two_records() -> None:
    """Each record cites one place: one "5%" record covers one of the two 5% figures."""
    text = "Title\nFarm loans rose 5% and shop loans rose 5% as well.\n"
    one = pair(text, [Cited("farm", 2, "5%")])
    assert [f.start for f in one.uncovered] == [text.index("5% as") - len("Title\n")]
    two = pair(text, [Cited("farm", 2, "5%"), Cited("shop", 2, "5%")])
    assert two.ok and set(two.covered.values()) == {"farm", "shop"}


def test_a_longer_printed_text_covers_the_figures_inside_it() -> None:
    text = "Title\nBanks lent 3 billion yuan to 40 firms.\n"
    result = pair(text, [Cited("lent", 2, "3 billion yuan to 40 firms")])
    assert result.ok and len(result.covered) == 2


def test_a_record_without_paragraph_is_looked_for_everywhere() -> None:
    text = "Title\nDeposits reached 7 billion yuan.\n"
    assert pair(text, [Cited("d", None, "7 billion yuan")]).ok
    stale = pair(text, [Cited("d", None, "8 billion yuan")])
    assert [r.id for r in stale.stale] == ["d"] and len(stale.uncovered) == 1


def test_paragraph_past_the_end_is_stale() -> None:
    result = pair(
        "Title\nDeposits reached 7 billion yuan.\n",
        [Cited("d", 2, "7 billion yuan"), Cited("gone", 9, "7 billion yuan")],
    )
    assert [r.id for r in result.stale] == ["gone"] and not result.uncovered


# -- the installed entry point ----------------------------------------------------------------


def test_coverage_through_the_entry_point_from_another_folder(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("LOANFACTS_FACTS", None)
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "loanfacts"),
            "coverage",
            str(OWN),
            "-d",
            OWN_DOC,
            "--facts",
            str(OWN_FACTS),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("31 of 31 figures covered; 0 stale")
