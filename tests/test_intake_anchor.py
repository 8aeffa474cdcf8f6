"""The anchor date, text as people have it, and the merge of reviewed drafts (issue 18)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.intake.extract import document
from loanfacts.intake.report_figures import read_report
from loanfacts.recognize.paragraphs import Report, looks_wrapped, split


def _periods(text: str, published: str | None = None) -> dict[str, object]:
    anchor = dt.date.fromisoformat(published) if published else None
    doc, _ = document(read_report(Report("t", split(text)), anchor), "t", None)
    return {f["source"]["text"]: f["period"] for f in doc["facts"]}


def test_end_of_month_is_the_latest_on_or_before_publication() -> None:
    got = _periods("Loans stood at 5 trillion yuan at the end of September.", "2021-10-14")
    assert got["5 trillion yuan"] == {"type": "instant", "date": "2021-09-30"}
    got = _periods("Loans stood at 5 trillion yuan at the end of November.", "2020-01-03")
    assert got["5 trillion yuan"] == {"type": "instant", "date": "2019-11-30"}


def test_last_month_and_the_previous_month() -> None:
    got = _periods(
        "New loans rose to 1.66 trillion yuan last month.\n"
        "It had been 1.22 trillion yuan the previous month.",
        "2021-10-14",
    )
    assert got["1.66 trillion yuan"] == {
        "type": "duration",
        "start": "2021-09-01",
        "end": "2021-09-30",
    }
    assert got["1.22 trillion yuan"] == {
        "type": "duration",
        "start": "2021-08-01",
        "end": "2021-08-31",
    }


def test_chinese_half_year_and_last_year() -> None:
    got = _periods(
        "上半年,人民币贷款增加5630亿元。去年上半年贷款增加1357亿元。6月末,贷款余额12.85万亿元。",
        "2025-07-18",
    )
    assert got["5630亿元"] == {"type": "duration", "start": "2025-01-01", "end": "2025-06-30"}
    assert got["1357亿元"] == {"type": "duration", "start": "2024-01-01", "end": "2024-06-30"}
    assert got["12.85万亿元"] == {"type": "instant", "date": "2025-06-30"}


def test_no_year_from_a_base_an_edition_or_the_dateline() -> None:
    got = _periods(
        "Money and credit\n"
        "Published on 03 January 2020\n"
        "Banknotes in the 2019 edition of the series.\n"
        "Consumer credit rose by £0.6 billion in November, the smallest since November 2013.",
    )
    assert got["£0.6 billion"] == {
        "type": "duration",
        "start": "2019-11-01",
        "end": "2019-11-30",
    }


def test_no_anchor_and_no_year_leaves_the_period_null(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("Loans rose by 5 billion yuan in June.\n", encoding="utf-8")
    assert _periods(report.read_text(encoding="utf-8"))["5 billion yuan"] is None
    table = CliRunner().invoke(app, ["extract", str(report), "-d", "r", "-f", "table"])
    assert "--published" in table.stdout + table.stderr


def test_wrapped_markdown_and_line_ends() -> None:
    wrapped = "Title\n\nLoans of 82.4 billion\nUS dollars at the end\nof June.\n\nNext one.\n"
    assert [p.text for p in split(wrapped, wrapped=True)] == [
        "Title",
        "Loans of 82.4 billion US dollars at the end of June.",
        "Next one.",
    ]
    assert [p.text for p in split("One.\rTwo.\r\nThree.")] == ["One.", "Two.", "Three."]
    markdown = (
        "# The title\n\n- A bullet of 5%.\n\n| | Jun 2026 |\n|---|---|\n| Loans (%) | 4.1 |\n"
    )
    paragraphs = split(markdown)
    assert [p.text.split("\n")[0] for p in paragraphs] == [
        "The title",
        "A bullet of 5%.",
        "| | Jun 2026 |",
    ]
    found = read_report(Report("t", paragraphs))
    cell = next(f for f in found.figures if f.text == "4.1")
    assert cell.unit == "%" and cell.period == {"type": "instant", "date": "2026-06-30"}
    lines = "\n".join(["A line that goes on", "and on without", "an end", "at all", "ok."])
    assert looks_wrapped(Report("t", split(lines)))


def test_a_wrapped_report_warns_without_wrapped(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "Loans rose by 5 billion\nyuan in June\nand by 6 billion\nyuan in July\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["extract", str(report), "-d", "r", "--json"])
    assert "--wrapped" in result.stderr


def _draft(tmp_path: Path, name: str, title: str, text: str) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "sources": [{"id": name, "title": title, "kind": "report"}],
                "facts": [
                    {
                        "id": "loans-increase",
                        "topic": "loans",
                        "measure": "increase",
                        "entity": "banks",
                        "value": 1.50,
                        "unit": "yuan",
                        "scale": "billion",
                        "description": "Reviewed.",
                        "source": {"document": name, "paragraph": 2, "text": text},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return path


def test_merge_adds_reviewed_records_and_refuses_a_reused_document(tmp_path: Path) -> None:
    runner = CliRunner()
    into = tmp_path / "facts.json"
    into.write_text('{"schema_version": 1, "sources": [], "facts": []}', encoding="utf-8")
    first = _draft(tmp_path, "r4-zh-a", "A", "1.5 billion yuan")
    assert runner.invoke(app, ["merge", str(first), "--into", str(into)]).exit_code == 0
    second = _draft(tmp_path, "r5-en-b", "B", "1.5 billion yuan")
    result = runner.invoke(app, ["merge", str(second), "--into", str(into)])
    assert result.exit_code == 0, result.stderr
    ids = [f["id"] for f in json.loads(into.read_text(encoding="utf-8"))["facts"]]
    assert ids == ["loans-increase", "loans-increase-r5-en"]  # only the clash is renamed
    again = runner.invoke(app, ["merge", str(second), "--into", str(into)])
    assert "0 record(s) and 0 source(s) added" in again.stderr
    other = _draft(tmp_path, "r4-zh-a", "Another report", "1.5 billion yuan")
    refused = runner.invoke(app, ["merge", str(other), "--into", str(into)])
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1 and "r4-zh-a" in refused.stderr


def test_merge_refuses_a_document_id_reused_for_other_text(tmp_path: Path) -> None:
    """Same id and title, but the draft was made from another text (its checksum differs):
    one line, exit 2. Drafted ids carry the document's tag ("-rep-one")."""
    runner = CliRunner()
    into = tmp_path / "facts.json"
    into.write_text('{"schema_version": 1, "sources": [], "facts": []}', encoding="utf-8")
    drafts = []
    for n, text in enumerate(
        ("Title\nLoans rose 5 billion yuan.\n", "Title\nLoans rose 6 billion yuan.\n")
    ):
        report = tmp_path / f"r{n}.txt"
        report.write_text(text, encoding="utf-8")
        drafted = runner.invoke(app, ["extract", str(report), "-d", "rep-one-2025", "--json"])
        doc = json.loads(drafted.stdout)
        assert all(f["id"].endswith("-rep-one") for f in doc["facts"])
        assert len(doc["sources"][0]["sha256"]) == 64
        for f in doc["facts"]:
            f["description"], f["entity"] = "Reviewed.", "banks"
        path = tmp_path / f"d{n}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        drafts.append((report, path))
    assert runner.invoke(app, ["merge", str(drafts[0][1]), "--into", str(into)]).exit_code == 0
    refused = runner.invoke(app, ["merge", str(drafts[1][1]), "--into", str(into)])
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert "another text" in refused.stderr
    extract = ["extract", str(drafts[1][0]), "-d", "rep-one-2025", "--merge", str(into)]
    again = runner.invoke(app, extract)
    assert again.exit_code == 2 and "another text" in again.stderr


def test_coverage_flags_likely_misreads(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "Title\nUpdated 14:15\nIt fell, a 4.87-trillion-yuan drop, and £2 billion more.\n",
        encoding="utf-8",
    )

    def record(rid: str, paragraph: int, text: str, value: float, unit: str) -> dict[str, object]:
        return {
            "id": rid,
            "topic": "loans",
            "measure": "amount",
            "entity": "banks",
            "value": value,
            "unit": unit,
            "description": "Reviewed.",
            "source": {"document": "r", "paragraph": paragraph, "text": text},
        }

    facts = {
        "schema_version": 1,
        "facts": [
            record("clock", 2, "14:15", 14, "units"),
            record("drop", 3, "4.87", 4.87, "units"),
            record("pounds", 3, "£2 billion", 2, "units"),
        ],
    }
    path = tmp_path / "f.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["coverage", str(report), "-d", "r", "--facts", str(path), "--json"]
    )
    reasons = {m["id"]: m["reason"] for m in json.loads(result.stdout)["misreads"]}
    assert reasons["clock"] == "a clock time, not a figure"
    assert reasons["drop"].startswith("the words read it as 4.87 trillion yuan")
    assert "currency symbol" in reasons["pounds"]
