"""The round trip of issue 18, for the four real reports and the seed together in one file:
extract -> review (a script fills the DRAFT: placeholders) -> merge -> validate --strict ->
coverage with nothing uncovered -> check of every sentence of each report against the merged
collection. Skipped when ../shared is absent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from loanfacts.cli import app
from loanfacts.recognize import figures as recognizer
from loanfacts.recognize.paragraphs import read
from report_paths import DATA, SEED, SEED_DOC

REAL = ROOT.parent / "shared" / "source" / "real"
pytestmark = pytest.mark.skipif(
    not (REAL.is_dir() and SEED.is_file()), reason="../shared (real reports, seed) absent"
)


@dataclass(frozen=True)
class Report:
    path: Path
    document: str
    published: str | None


def _reports() -> list[Report]:
    out = [Report(SEED, SEED_DOC, None)]
    for name in ("r1", "r2", "r3", "r4"):
        expected = json.loads((DATA / "real" / f"{name}.expected.json").read_text("utf-8"))
        out.append(Report(REAL / expected["report"], expected["document"], expected["published"]))
    return out


def _review(draft: Path) -> None:
    """The reviewer, as a script: every placeholder written."""
    doc = json.loads(draft.read_text(encoding="utf-8"))
    for fact in doc["facts"]:
        fact["description"] = f"Reviewed: {fact['topic']}, {fact['measure']}."
        if fact["entity"].startswith("DRAFT:"):
            fact["entity"] = "the reporting banks"
    draft.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("roundtrip")
    merged = folder / "facts.json"
    merged.write_text('{"schema_version": 1, "sources": [], "facts": []}\n', encoding="utf-8")
    runner = CliRunner()
    for report in _reports():
        args = ["extract", str(report.path), "-d", report.document, "--json"]
        if report.published:
            args += ["--published", report.published]
        drafted = runner.invoke(app, args)
        assert drafted.exit_code == 0, drafted.stderr
        draft = folder / f"{report.document}.json"
        draft.write_text(drafted.stdout, encoding="utf-8")
        unreviewed = runner.invoke(app, ["validate", str(draft), "--strict"])
        assert unreviewed.exit_code == 1 and "DRAFT: placeholder" in unreviewed.stderr
        _review(draft)
        assert runner.invoke(app, ["validate", str(draft), "--strict"]).exit_code == 0
        done = runner.invoke(app, ["merge", str(draft), "--into", str(merged)])
        assert done.exit_code == 0, done.stderr
    return merged


def test_merged_collection_validates_strictly(collection: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(collection), "--strict"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(collection.read_text(encoding="utf-8"))
    assert len(doc["sources"]) == 5
    ids = [f["id"] for f in doc["facts"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("report", _reports(), ids=lambda r: r.document)
def test_coverage_leaves_nothing_uncovered(collection: Path, report: Report) -> None:
    result = CliRunner().invoke(
        app,
        ["coverage", str(report.path), "-d", report.document, "--facts", str(collection), "--json"],
    )
    payload = json.loads(result.stdout)
    assert payload["uncovered"] == [] and payload["stale"] == [] and payload["drafts"] == []
    assert result.exit_code == 0


def _sentences(path: Path) -> list[str]:
    out = []
    for paragraph in read(path).paragraphs:
        got = recognizer.recognize(paragraph.text)
        if got.figures:
            out += [paragraph.text[s.start : s.end] for s in got.sentences]
    return out


@pytest.mark.xfail(
    strict=False,
    reason="r4 and r2 nearly pass (40/45, 20/23 supported); left: drafted topics that are no "
    "name check finds in the sentence (a generic drafted topic such as r2's 'loans' is found "
    "instead: seed, r1, r3), US-dollar figures against drafted facts, periods extract reads "
    "from a later clause (二季度) or last year's figures (去年上半年), clock times and "
    "'4.87-trillion-yuan' read as bare numbers (issue 18)",
)
@pytest.mark.parametrize("report", _reports(), ids=lambda r: r.document)
def test_check_supports_every_sentence(collection: Path, report: Report) -> None:
    runner = CliRunner()
    wrong = []
    for sentence in _sentences(report.path):
        result = runner.invoke(app, ["check", "--facts", str(collection), "--json", sentence])
        for figure in json.loads(result.stdout)["figures"]:
            if figure["verdict"] != "supported":
                wrong.append(f"{figure['text']}: {figure['verdict']} ({figure['note']})")
    assert wrong == []
