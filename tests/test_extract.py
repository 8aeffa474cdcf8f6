"""`loanfacts extract`: draft records from a report, in facts.json's schema.

Two reports: the seed report, read from ../shared where it is (never copied into the project),
and a report of my own in tests/data with its records written by hand, on which recall and
precision are measured and printed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FACTS, ROOT
from loanfacts.cli import app
from report_paths import (
    BLIND,
    BLIND_FACTS,
    HELD_OUT,
    HELD_OUT_FACTS,
    OWN,
    OWN_DOC,
    OWN_FACTS,
    SEED,
    SEED_DOC,
    needs_seed,
)

BIN = Path(sys.executable).parent / "loanfacts"


def run_extract(runner: CliRunner, *args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, ["extract", *args], input=stdin)


def draft_of(runner: CliRunner, report: Path, document: str) -> dict[str, Any]:
    result = run_extract(runner, str(report), "--document", document, "--json")
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return doc


def figure(record: dict[str, Any]) -> tuple[Any, ...]:
    """What a figure is as printed: paragraph, value, unit, scale and qualifier."""
    return (
        record["source"]["paragraph"],
        Decimal(str(record["value"])),
        record["unit"],
        record.get("scale"),
        record.get("qualifier", "exact"),
    )


def where(record: dict[str, Any]) -> tuple[int, str]:
    return record["source"]["paragraph"], record["source"]["text"]


# -- the seed report --------------------------------------------------------------------------


@needs_seed
def test_seed_report_gives_every_bundled_figure(runner: CliRunner) -> None:
    """For each of the 16 report figures, the value, unit, scale, qualifier and paragraph of
    the bundled record; nothing more (the headline's repeat is drafted once)."""
    bundled = [
        f
        for f in json.loads(FACTS.read_text(encoding="utf-8"), parse_float=Decimal)["facts"]
        if f["source"]["document"] == SEED_DOC
    ]
    assert len(bundled) == 16
    drafted = draft_of(runner, SEED, SEED_DOC)["facts"]
    assert sorted(map(figure, drafted)) == sorted(map(figure, bundled))
    assert sorted(map(where, drafted)) == sorted(map(where, bundled))


@needs_seed
def test_seed_report_draft_reads_like_the_bundled_records(runner: CliRunner) -> None:
    """Measures, periods and the evident relations, as a person wrote them."""
    drafted = {where(f): f for f in draft_of(runner, SEED, SEED_DOC)["facts"]}
    bundled = {
        where(f): f
        for f in json.loads(FACTS.read_text(encoding="utf-8"))["facts"]
        if f["source"]["document"] == SEED_DOC
    }
    assert {k: f["measure"] for k, f in drafted.items()} == {
        k: f["measure"] for k, f in bundled.items()
    }
    assert {k: f["period"] for k, f in drafted.items()} == {
        k: f.get("period") for k, f in bundled.items()
    }
    ids = {f["id"]: where(f) for f in drafted.values()}
    growth = {
        k: ids[f["relations"]["growth_of"]]
        for k, f in drafted.items()
        if "growth_of" in f.get("relations", {})
    }
    assert growth == {
        (2, "13.43%"): (2, "9,000 billion yuan"),
        (3, "8.35%"): (3, "3,563.91 billion yuan"),
        (7, "14.99%"): (7, "1,610.12 billion yuan"),
    }
    gap = drafted[(2, "6.46 percentage points")]
    assert ids[gap["relations"]["gap_of"]] == (2, "13.43%")
    assert gap["versus"] == "all types of loans"


@needs_seed
def test_seed_report_skips_dates_and_names(runner: CliRunner) -> None:
    texts = {f["source"]["text"] for f in draft_of(runner, SEED, SEED_DOC)["facts"]}
    assert not any(t.startswith(("10,000", "7", "June", "May", "2025")) for t in texts)


# -- my own report: recall and precision ------------------------------------------------------


def score(
    drafted: list[dict[str, Any]], expected: list[dict[str, Any]]
) -> tuple[float, float, dict[str, float], list[str]]:
    """Recall and precision of the figures (paragraph, printed text, value, unit, scale and
    qualifier all right), then the share right of each other field among those found."""
    got = {where(r): r for r in drafted}
    want = {where(r): r for r in expected}
    right = [k for k in got if k in want and figure(got[k]) == figure(want[k])]
    problems = [f"not expected: {k}" for k in got if k not in want]
    problems += [f"missed: {k}" for k in want if k not in got]
    problems += [f"read wrong: {k}: {figure(got[k])}" for k in got if k in want and k not in right]
    got_ids = {r["id"]: where(r) for r in drafted}
    want_ids = {r["id"]: where(r) for r in expected}

    def field(record: dict[str, Any], name: str, ids: dict[str, tuple[int, str]]) -> Any:
        if name == "relations":
            return {k: ids[v] for k, v in record.get("relations", {}).items()}
        return record.get(name)

    fields: dict[str, float] = {}
    for name in ("measure", "period", "relations"):
        good = 0
        for k in right:
            a, b = field(got[k], name, got_ids), field(want[k], name, want_ids)
            good += a == b
            if a != b:
                problems.append(f"{name} of {k}: {a} (expected {b})")
        fields[name] = good / len(right) if right else 0.0
    return len(right) / len(want), len(right) / max(1, len(got)), fields, problems


@pytest.mark.parametrize(
    ("report", "facts", "floor", "measure_floor"),
    [
        (OWN, OWN_FACTS, 0.95, 0.9),
        # written after extract's rules, to measure them on text they were not tuned on: 82.4%
        # recall and precision blind, 88.2% after general fixes to wording.py, 100% once the
        # recognizer read what it had missed here (a present-tense "Pass", a number in a quoted
        # name, a number word before a noun it did not know): no longer a blind measure
        (HELD_OUT, HELD_OUT_FACTS, 0.95, 0.9),
        # written after the recognizer's fixes for the report above, and measured once before any
        # change: recall 90.5% (19 of 21: "two-fifths" and "no fewer than" not read), precision
        # 95.0%, measure 78.9%, period 68.4%, relations 84.2%; then 95.2%, 100% and measure 90.0%
        # after general additions to the recognizer's words ("no fewer than", "rising", "earned")
        (BLIND, BLIND_FACTS, 0.95, 0.9),
        # issue 18 changed two expectations above, by the model, not to fit the tool: the
        # measures gained `increase` for a flow that changes a balance (新增, 比年初增加), so
        # Dunmore's 21.7亿元 and Harrowgate's 46.8亿元 are `increase`, no longer `amount`
    ],
    ids=["own", "held-out", "blind"],
)
def test_recall_and_precision(
    runner: CliRunner,
    capsys: pytest.CaptureFixture[str],
    report: Path,
    facts: Path,
    floor: float,
    measure_floor: float,
) -> None:
    """Printed with what was missed or read wrong; at least 95% of each on my own report."""
    expected = json.loads(facts.read_text(encoding="utf-8"), parse_float=Decimal)["facts"]
    document = json.loads(facts.read_text(encoding="utf-8"))["sources"][0]["id"]
    drafted = draft_of(runner, report, document)["facts"]
    recall, precision, fields, problems = score(drafted, expected)
    with capsys.disabled():
        sys.stdout.write(
            f"\nextract on {report.name}: recall {recall:.1%} ({len(expected)} expected), "
            f"precision {precision:.1%} ({len(drafted)} drafted); right among those found: "
            + ", ".join(f"{k} {v:.1%}" for k, v in fields.items())
            + "\n"
            + "".join(f"  {p}\n" for p in problems)
        )
    assert recall >= floor and precision >= floor, problems
    assert fields["measure"] >= measure_floor, problems


def test_own_report_skips_years_names_and_ordinals(runner: CliRunner) -> None:
    result = run_extract(runner, str(OWN), "-d", OWN_DOC, "-f", "table")
    out = " ".join(result.stdout.split())  # the notes wrap at the terminal's width
    assert "names ¶4 3+2, ¶5 Hundred, ¶5 10,000, ¶9 1+N, ¶14 Five-Year;" in out
    assert "¶11 three months," in out  # a span of time is no figure
    assert "ordinals ¶10 No. 2, ¶14 15th" in out
    assert "¶14 2030" in out
    assert "headline figure ¶1 “480 Billion Yuan” is drafted once, at ¶2" in out


# -- the draft is a valid facts file ----------------------------------------------------------


@pytest.mark.parametrize("report", [OWN, pytest.param(SEED, marks=needs_seed)], ids=["own", "seed"])
def test_draft_passes_validate_as_printed(runner: CliRunner, report: Path, tmp_path: Path) -> None:
    result = run_extract(runner, str(report), "-d", "some-report", "--json")
    assert result.exit_code == 0
    path = tmp_path / "draft.json"
    path.write_text(result.stdout, encoding="utf-8")
    checked = runner.invoke(app, ["validate", str(path)])
    assert checked.exit_code == 0, checked.stdout
    doc = json.loads(result.stdout)
    lines = [line.strip() for line in report.read_text(encoding="utf-8").splitlines()]
    text = "\n".join(line for line in lines if line)  # the paragraphs as read
    assert doc["sources"] == [
        {
            "id": "some-report",
            "title": lines[0],
            "kind": "report",
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
    ]
    assert all(f["description"].startswith("DRAFT:") for f in doc["facts"])
    assert len({f["id"] for f in doc["facts"]}) == len(doc["facts"])


def test_round_trip_extract_validate_coverage(runner: CliRunner, tmp_path: Path) -> None:
    """extract -> validate -> coverage: nothing uncovered, nothing stale; coverage says the
    records are still drafts, and exits 1 for them (validate --strict too)."""
    draft = tmp_path / "draft.json"
    draft.write_text(run_extract(runner, str(OWN), "-d", OWN_DOC).stdout, encoding="utf-8")
    assert runner.invoke(app, ["validate", str(draft)]).exit_code == 0
    strict = runner.invoke(app, ["validate", str(draft), "--strict"])
    assert strict.exit_code == 1 and "description is still a DRAFT: placeholder" in strict.stderr
    result = runner.invoke(
        app, ["coverage", str(OWN), "-d", OWN_DOC, "--facts", str(draft), "--json"]
    )
    assert result.exit_code == 1, result.stdout
    payload = json.loads(result.stdout)
    assert payload["uncovered"] == [] and payload["stale"] == []
    assert payload["covered"] == payload["figures"] == 31
    assert len(payload["drafts"]) == 31


def test_title_option_and_stdin(runner: CliRunner) -> None:
    result = run_extract(
        runner,
        "-",
        "-d",
        "piped",
        "--title",
        "My own title",
        "--json",
        stdin="Heading\nLoans reached 5 billion yuan on 30 June 2025.\n",
    )
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["sources"][0]["title"] == "My own title"
    (fact,) = doc["facts"]
    assert (fact["value"], fact["scale"], fact["period"]) == (
        5,
        "billion",
        {"type": "instant", "date": "2025-06-30"},
    )


def test_piped_output_is_json_and_table_on_request(runner: CliRunner) -> None:
    piped = run_extract(runner, str(OWN), "-d", OWN_DOC)
    assert json.loads(piped.stdout)["facts"]
    table = run_extract(runner, str(OWN), "-d", OWN_DOC, "--format", "table")
    assert "31 draft record(s)" in table.stdout and "green-loans-balance" in table.stdout
    assert "\x1b" not in table.stdout


def test_other_formats(runner: CliRunner) -> None:
    lines = run_extract(runner, str(OWN), "-d", OWN_DOC, "-f", "jsonl").stdout.splitlines()
    assert len(lines) == 31 and json.loads(lines[0])["id"] == "green-loans-balance-lakeshire-green"
    csv_out = run_extract(runner, str(OWN), "-d", OWN_DOC, "-f", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,topic,measure") and len(csv_out) == 32
    md = run_extract(runner, str(OWN), "-d", OWN_DOC, "-f", "markdown").stdout
    assert md.startswith("| id | paragraph | as printed |") and md.count("\n") == 33


def test_no_figure_is_exit_1_with_an_empty_draft(runner: CliRunner) -> None:
    result = run_extract(
        runner, "-", "-d", "empty", "--json", stdin="Title\nNothing to count here, only words.\n"
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["facts"] == []
    assert result.stderr == "loanfacts: no figures found in <stdin>\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["extract", "REPORT", "-d", "Not An Id"], 2, "is not an id"),
        (["extract", "REPORT"], 2, "missing option '--document'"),
        (["extract", "REPORT", "-d", "x", "--title", " "], 2, "--title is empty"),
        (["extract", "MISSING", "-d", "x"], 3, "missing.txt: no such file"),
        (["extract", "UTF16", "-d", "x"], 3, "is UTF-16; save it as UTF-8"),
        (["extract", "REPORT", "-d", "x", "--merge", "MISSING"], 3, "missing.txt: no such file"),
        (["extract", "REPORT", "-d", "x", "--merge", "BAD"], 3, "field 'value': required"),
    ],
)
def test_errors(
    runner: CliRunner, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    """One line on stderr, the documented status, nothing on stdout."""
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Title\nLoans 5%\n".encode("utf-16"))
    swap = {
        "REPORT": str(OWN),
        "MISSING": str(tmp_path / "missing.txt"),
        "UTF16": str(utf16),
        "BAD": str(ROOT / "tests" / "bad_inputs" / "field-missing-value.json"),
    }
    result = runner.invoke(app, [swap.get(a, a) for a in args])
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr
    if code == 3:
        assert result.stderr.startswith("loanfacts: error: ") and result.stderr.count("\n") == 1


# -- --merge ----------------------------------------------------------------------------------


def test_merge_adds_records_and_changes_none(runner: CliRunner, tmp_path: Path) -> None:
    """FILE's records come out as they went in, numbers as written; new ids are unique."""
    original = json.loads(FACTS.read_text(encoding="utf-8"))
    original["facts"][0]["value"] = 9000.0  # written with a decimal point: kept so
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(original, ensure_ascii=False, indent=2), encoding="utf-8")
    result = run_extract(runner, str(OWN), "-d", OWN_DOC, "--merge", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert '"value": 9000.0,' in result.stdout
    merged = json.loads(result.stdout)
    assert merged["facts"][: len(original["facts"])] == original["facts"]
    assert merged["sources"][:-1] == original["sources"]
    assert merged["sources"][-1]["id"] == OWN_DOC
    new = merged["facts"][len(original["facts"]) :]
    assert len(new) == 31
    ids = [f["id"] for f in merged["facts"]]
    assert len(set(ids)) == len(ids)
    checked = tmp_path / "merged.json"
    checked.write_text(result.stdout, encoding="utf-8")
    assert runner.invoke(app, ["validate", str(checked)]).exit_code == 0
    assert path.read_text(encoding="utf-8") == json.dumps(original, ensure_ascii=False, indent=2)


def test_merge_drafts_only_what_file_does_not_cite(runner: CliRunner, tmp_path: Path) -> None:
    """Against the hand-written records less two, only those two are drafted again; a new
    growth rate's relation names FILE's own balance, and clashing ids are made unique."""
    expected = json.loads(OWN_FACTS.read_text(encoding="utf-8"))
    kept = [
        f
        for f in expected["facts"]
        if f["id"] not in ("household-deposits-yoy", "green-bond-issuance-amount")
    ]
    kept.append(
        {
            **kept[0],
            "id": "household-deposits-yoy",
            "source": {"document": "elsewhere", "text": "x"},
            "relations": {},
        }
    )
    file = {
        **expected,
        "sources": [*expected["sources"], {"id": "elsewhere", "title": "E"}],
        "facts": kept,
    }
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(file, ensure_ascii=False, indent=2), encoding="utf-8")
    result = run_extract(runner, str(OWN), "-d", OWN_DOC, "--merge", str(path), "--json")
    merged = json.loads(result.stdout)
    new = merged["facts"][len(kept) :]
    assert [where(f) for f in new] == [(8, "7 per cent"), (13, "85亿元")]
    assert new[0]["id"] == "household-deposits-yoy-lakeshire-green"  # tied to its document
    assert new[0]["relations"] == {"growth_of": "household-deposits-balance"}
    assert merged["sources"] == file["sources"]  # the document is listed already
    table = run_extract(runner, str(OWN), "-d", OWN_DOC, "--merge", str(path), "-f", "table")
    assert "2 new draft record(s)" in table.stdout
    assert "29 figure(s) of the report are cited in" in table.stdout


def test_merge_twice_adds_nothing(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "merged.json"
    path.write_text(
        run_extract(runner, str(OWN), "-d", OWN_DOC, "--merge", str(FACTS)).stdout, encoding="utf-8"
    )
    again = run_extract(runner, str(OWN), "-d", OWN_DOC, "--merge", str(path))
    assert again.exit_code == 0
    assert again.stdout == path.read_text(encoding="utf-8") + "\n" or json.loads(
        again.stdout
    ) == json.loads(path.read_text(encoding="utf-8"))
    assert "nothing added" in again.stderr


# -- the installed entry point ----------------------------------------------------------------


def test_extract_through_the_entry_point_from_another_folder(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("LOANFACTS_FACTS", None)
    done = subprocess.run(
        [str(BIN), "extract", str(OWN), "--document", OWN_DOC],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["facts"]) == 31
    assert done.stderr == ""


def test_hostile_report_text_is_inert_in_tables_and_exact_in_json(runner: CliRunner) -> None:
    """A report is data: escape sequences and bidi controls never reach the terminal."""
    report = (
        "Title \x1b[31mred\x1b[0m\nLoans to \u202efarms\u202c reached 5 billion yuan "
        "on 30 June 2025, up 3% year-on-year \x1b]0;pwned\x07.\n"
    )
    table = run_extract(runner, "-", "-d", "hostile", "-f", "table", stdin=report)
    assert table.exit_code == 0
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout
    doc = json.loads(run_extract(runner, "-", "-d", "hostile", "--json", stdin=report).stdout)
    assert doc["sources"][0]["title"] == "Title red"  # control characters print nothing
    assert [f["source"]["text"] for f in doc["facts"]] == ["5 billion yuan", "3%"]


def test_a_number_no_facts_file_can_hold_is_skipped_not_drafted(runner: CliRunner) -> None:
    result = run_extract(
        runner,
        "-",
        "-d",
        "huge",
        "-f",
        "table",
        stdin="Title\nThe fund holds 5,000,000,000,000,000 yuan and 7 firms.\n",
    )
    assert "number too large: ¶2 5,000,000,000,000,000 yuan" in result.stdout
    doc = json.loads(
        run_extract(
            runner,
            "-",
            "-d",
            "huge",
            "--json",
            stdin="Title\nThe fund holds 5,000,000,000,000,000 yuan and 7 firms.\n",
        ).stdout
    )
    assert [f["source"]["text"] for f in doc["facts"]] == ["7 firms"]


def test_topics_keep_borrowers_and_leave_asides(runner: CliRunner) -> None:
    """Loans to institutions are about those institutions (an owner is "of X's banks"); an
    adverb before a figure is no topic ("fell slightly to"); a Chinese topic leaves an
    unclosed aside's opening and, for a share, its whole. Sentences made up for this test."""
    text = (
        "Title\n"
        "In 2025 the city's banks lent less: loans to non-bank financial institutions "
        "declined by 9.5 billion yuan. Net card lending fell slightly to 2.5 billion yuan.\n"
        "2025年上半年,中长期贷款增加800亿元(其中一季度居民中长期贷款增加300亿元);"
        "居民中长期贷款占全部新增贷款的35%。\n"
    )
    result = run_extract(runner, "-", "-d", "made-up-2025", "--json", stdin=text)
    topics = [f["topic"] for f in json.loads(result.stdout)["facts"]]
    assert topics == [
        "non-bank financial institutions loans",
        "net card lending",
        "中长期贷款",
        "居民中长期贷款",
        "居民中长期贷款",
    ]


def test_a_section_heading_names_figures_whose_sentence_names_nothing(runner: CliRunner) -> None:
    """A figure whose words name no subject takes its section's heading, never the topic of
    a figure read before the heading (made-up text)."""
    text = (
        "Title\n"
        "Card lending rose by 2 billion yuan in May.\n"
        "Savings accounts (Table 3):\n"
        "The total came to 7 billion yuan in May.\n"
    )
    result = run_extract(runner, "-", "-d", "made-up-2025", "--json", stdin=text)
    topics = [f["topic"] for f in json.loads(result.stdout)["facts"]]
    assert topics == ["card lending", "savings accounts"]
