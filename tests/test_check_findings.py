"""`check` carries the audit's doubt (issue 22): every figure compared with a fact the audit has
findings on carries them in every format, the verdict stays, and --strict makes them fail."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from loanfacts.analysis import audit
from loanfacts.cli import app
from loanfacts.model.store import FactBase
from report_paths import SEED, SEED_DOC, needs_seed

NINE = "Henan's manufacturing loans exceeded 9 trillion yuan at the end of June 2025"
CLEAN = "Manufacturing loans rose 13.43% year on year"


def invoke(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_nine_trillion_example(runner: CliRunner) -> None:
    """Supported as printed; the 亿 reading, a tenth, is given beside it: 9,000 / 10 = 900."""
    code, out = invoke(runner, "--json", NINE)
    assert code == 0
    payload = json.loads(out)
    (figure,) = payload["figures"]
    assert (figure["verdict"], figure["fact"]) == ("supported", "manufacturing-loans-balance")
    assert [(f["rule"], f["strength"]) for f in figure["findings"]] == [
        ("billion-may-be-yi", "strong"),
        ("scale-implausible", "strong"),
        ("share-vs-output", "indicative"),
    ]
    assert all(f["input"] == "manufacturing-loans-balance" for f in figure["findings"])
    assert figure["note"].endswith(
        "supported as printed; if 'billion' means 亿, the report's figure is more than 900 "
        "billion yuan"
    )
    assert payload["summary"]["supported"] == 1 and payload["summary"]["doubted"] == 1
    assert invoke(runner, "--strict", NINE)[0] == 1


def test_a_sentence_without_findings(runner: CliRunner) -> None:
    code, out = invoke(runner, "--json", "--strict", CLEAN)
    assert code == 0
    (figure,) = json.loads(out)["figures"]
    assert figure["findings"] == [] and figure["note"] == "the facts give 13.43%"
    assert "⚑" not in invoke(runner, CLEAN)[1]


def test_findings_as_derive_writes_them(runner: CliRunner) -> None:
    """The same records derive carries, for the same fact."""
    derived = json.loads(runner.invoke(app, ["derive", "--json"]).stdout)["derived"]
    prior = next(d for d in derived if d["id"] == "manufacturing-loans-balance.prior-year-balance")
    (figure,) = json.loads(invoke(runner, "--json", NINE)[1])["figures"]
    assert figure["findings"] == prior["findings"]


def test_scale_verdict_says_which_reading_the_audit_favours(runner: CliRunner) -> None:
    """900 billion against more than 9,000 billion: the claim matches the 亿 reading, and the
    evidence is one line: 9,000 / 10,040.073 = 89.64%, more than 89.6%, against 2 * 12.4."""
    code, out = invoke(runner, "--json", "制造业贷款余额突破9000亿元")
    assert code == 1
    (figure,) = json.loads(out)["figures"]
    assert figure["verdict"] == "scale"
    assert "the claim matches the likely true reading" in figure["note"]
    assert (
        "The audit favours the 亿 reading (more than 900 billion yuan): as printed, at least "
        "89.6% of the region's loans of all kinds, against a limit of 24.8% "
        "(scale-implausible, strong); also share-vs-output, indicative." in figure["note"]
    )
    assert "\n" not in figure["note"]


def _flagged_paragraphs(base: FactBase) -> dict[int, dict[str, set[str]]]:
    """The seed report's paragraphs that print a figure the audit has findings on, with the
    rules of each such figure (the audit's own answer, found without check)."""
    about: dict[str, set[str]] = {}
    for finding in audit.run(base):
        for fid in finding.about:
            about.setdefault(fid, set()).add(finding.rule)
    out: dict[int, dict[str, set[str]]] = {}
    for fact in base.facts:
        if fact.source.document == SEED_DOC and fact.id in about and fact.source.paragraph:
            out.setdefault(fact.source.paragraph, {})[fact.id] = about[fact.id]
    return out


@needs_seed
def test_each_report_sentence_naming_a_flagged_figure(runner: CliRunner, base: FactBase) -> None:
    """Every paragraph of the report that prints a flagged figure: ⚑ and the rules in JSON,
    JSONL, CSV, Markdown and the table; --strict exits 1."""
    paragraphs = SEED.read_text(encoding="utf-8").splitlines()
    flagged = _flagged_paragraphs(base)
    assert len(flagged) >= 7
    for number, figures in flagged.items():
        text = paragraphs[number - 1]
        payload = json.loads(invoke(runner, "--json", text)[1])
        checked = {f["fact"]: f for f in payload["figures"]}
        matched = {fid: rules for fid, rules in figures.items() if fid in checked}
        assert payload["summary"]["doubted"] >= 1, number
        for fid, rules in matched.items():
            assert {f["rule"] for f in checked[fid]["findings"]} == rules, (number, fid)
        carried = {f["rule"] for figure in payload["figures"] for f in figure["findings"]}
        lines = [json.loads(x) for x in invoke(runner, "-f", "jsonl", text)[1].splitlines()]
        assert {f["rule"] for r in lines for f in r["findings"]} == carried
        rows = list(csv.DictReader(io.StringIO(invoke(runner, "-f", "csv", text)[1])))
        cells = " ".join(r["findings"] for r in rows)
        markdown = invoke(runner, "-f", "markdown", text)[1]
        table = flat(invoke(runner, text)[1])
        for rule in carried:
            assert rule in cells and rule in markdown and rule in table, (number, rule)
        assert "⚑" in markdown and "⚑" in table
        assert invoke(runner, "--strict", text)[0] == 1, number


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_clean_sentence_carries_nothing(runner: CliRunner, fmt: str) -> None:
    out = invoke(runner, "-f", fmt, CLEAN)[1]
    assert "⚑" not in out and "scale-implausible" not in out


def test_compare_sides_carry_their_findings(runner: CliRunner) -> None:
    """A side whose fact has findings shows them, worded as check and derive word them."""
    args = ["compare", "manufacturing", "high-tech"]
    payload = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert {(f["input"], f["rule"], f["strength"]) for f in payload["findings"]} == {
        ("manufacturing-loans-balance", "billion-may-be-yi", "strong"),
        ("manufacturing-loans-balance", "scale-implausible", "strong"),
        ("manufacturing-loans-balance", "share-vs-output", "indicative"),
        ("high-tech-loans-balance", "billion-may-be-yi", "strong"),
        ("high-tech-loans-balance", "scale-above-related", "indicative"),
    }
    line = "⚑ high-tech-loans-balance: billion-may-be-yi (strong), scale-above-related (indicative)"
    table = runner.invoke(app, args, env={"COLUMNS": "200"}).stdout
    assert line in table
    markdown = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    assert (
        "| high-tech-loans-balance | billion-may-be-yi (strong), scale-above-related "
        "(indicative) |" in markdown
    )
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "-f", "csv"]).stdout)))
    assert "scale-above-related (high-tech-loans-balance, indicative)" in rows[0]["findings"]
    assert rows[1]["findings"] == ""  # the two growth rates: no finding on either
    clean = json.loads(
        runner.invoke(
            app, ["compare", "pulink-clients-count", "tech-finance-initiatives-count", "--json"]
        ).stdout
    )
    assert clean["findings"] == []


def test_card_says_it_the_same_way(runner: CliRunner) -> None:
    line = (
        "⚑ manufacturing-loans-balance: billion-may-be-yi (strong), scale-implausible (strong), "
        "share-vs-output (indicative)"
    )
    table = runner.invoke(app, ["card", "manufacturing-loans-balance"], env={"COLUMNS": "200"})
    assert line in table.stdout
    markdown = runner.invoke(app, ["card", "manufacturing-loans-balance", "-f", "markdown"])
    assert line in markdown.stdout
    assert line in invoke(runner, "-f", "markdown", NINE)[1]


def test_the_doc_shows_what_check_prints() -> None:
    """docs/check-findings.md shows the table as `check` draws it at 100 columns."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "check-findings.md").read_text(encoding="utf-8")
    exe = Path(sys.executable).parent / "loanfacts"
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("LOANFACTS_FACTS", None)
    for text in (NINE, "制造业贷款余额突破9000亿元"):
        done = subprocess.run(
            [str(exe), "check", text], capture_output=True, text=True, env=env, check=False
        )
        assert done.stdout.rstrip("\n") in doc
