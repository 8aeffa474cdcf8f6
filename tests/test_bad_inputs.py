"""The bad-input corpus: every malformed facts file gets exit 3 and one located line.

Committed cases live in tests/bad_inputs/ (one file each, named by category). Cases that
cannot sensibly be committed (a folder, a missing path, no permission, invalid UTF-8 made
on purpose, a 2 GiB file, deep nesting, a long path) are made in tmp_path at test time.
"""

from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts.cli import app
from loanfacts.model.store import MAX_BYTES

CORPUS = Path(__file__).resolve().parent / "bad_inputs"

REC0 = "record 0 (id 'widget-balance')"
REC1 = "record 1 (id 'widget-yoy')"
REC2 = "record 2 (id 'gadget-balance')"

# file name -> substrings its one-line error must hold (where, then what)
EXPECTED: dict[str, tuple[str, ...]] = {
    # JSON syntax and truncation
    "syntax-comment.json": ("not valid JSON", "line 1 column 1"),
    "syntax-single-quotes.json": ("not valid JSON", "line 2"),
    "syntax-trailing-comma.json": ("not valid JSON", "line 12"),
    "syntax-truncated.json": ("not valid JSON", "EOF while parsing"),
    "syntax-two-documents.json": ("not valid JSON", "trailing characters"),
    "syntax-unclosed.json": ("not valid JSON", "EOF while parsing"),
    # empty and whitespace-only
    "empty.json": ("file is empty",),
    "empty-whitespace.json": ("file is empty",),
    "empty-bom-only.json": ("file is empty",),
    # wrong top-level shapes
    "shape-list.json": ("top level must be an object with a 'facts' list, not a list",),
    "shape-string.json": ("top level must be an object", "not a string"),
    "shape-number.json": ("top level must be an object", "not a number"),
    "shape-null.json": ("top level must be an object", "not null"),
    "shape-no-facts.json": ("field 'facts'", "required field is missing"),
    "shape-facts-object.json": ("field 'facts'", "must be a list of records, not an object"),
    "shape-facts-string.json": ("field 'facts'", "must be a list of records, not a string"),
    "shape-schema-version-2.json": ("field 'schema_version'", "should be 1"),
    # records of the wrong type
    "record-number.json": ("record 1: must be an object, not a number",),
    "record-string.json": ("record 2: must be an object, not a string",),
    "record-null.json": ("record 0: must be an object, not null",),
    "record-list.json": ("record 1: must be an object, not a list",),
    # missing, extra and misspelled fields
    "field-missing-value.json": (f"{REC0}, field 'value'", "required field is missing"),
    "field-missing-source-text.json": (f"{REC2}, field 'source.text'", "required field"),
    "field-extra.json": (f"{REC1}, field 'colour': unknown field",),
    "field-misspelled.json": (f"{REC2}, field 'value'", "and 1 more", "loanfacts validate"),
    "field-misspelled-nested.json": (f"{REC0}, field 'source.paragrph': unknown field",),
    "field-misspelled-relation.json": (f"{REC0}, field 'relations.growth-of': unknown field",),
    # wrong value types
    "type-value-word.json": (f"{REC0}, field 'value'", "must be a JSON number"),
    "type-value-bool.json": (f"{REC0}, field 'value'",),
    "type-measure-unknown.json": (f"{REC1}, field 'measure'", "'yoy_growth'"),
    "type-aliases-string.json": (f"{REC2}, field 'aliases'", "array"),
    "type-paragraph-word.json": (f"{REC2}, field 'source.paragraph'", "integer"),
    "type-id-not-slug.json": ("record 0 (id 'Widget Balance!'), field 'id'", "pattern"),
    "type-topic-empty.json": (f"{REC0}, field 'topic'", "at least 1 character"),
    # non-finite and absurd numbers
    "number-nan.json": (f"{REC0}, field 'value'", "finite"),
    "number-infinity.json": (f"{REC0}, field 'value'", "finite"),
    "number-overflow.json": (f"{REC0}, field 'value'", "finite"),
    "number-absurd.json": (f"{REC0}, field 'value'", "less than or equal to 1E+15"),
    "number-many-digits.json": ("not valid JSON", "number out of range", "line 16"),
    "number-paragraph-zero.json": (f"{REC1}, field 'source.paragraph'", "greater than"),
    "number-decimals-absurd.json": (f"{REC1}, field 'decimals'", "less than or equal to 15"),
    # impossible dates and periods
    "date-february-30.json": (f"{REC0}, field 'period.date'", "day value"),
    "date-month-13.json": (f"{REC2}, field 'period.date'", "month value"),
    "date-end-before-start.json": (f"{REC1}, field 'period': end 2025-01-01 is before",),
    "date-period-type-unknown.json": (f"{REC1}, field 'period'", "'weekly'"),
    "date-duration-no-end.json": (f"{REC0}, field 'period.end'", "required field"),
    # duplicate ids
    "dup-fact-id.json": (
        "record 2 (id 'widget-balance'), field 'id': duplicate id",
        "first used by record 0",
    ),
    "dup-source-id.json": ("field 'sources.1.id'", "duplicate source id 'corpus-doc'"),
    # broken references between facts
    "ref-part-of-missing.json": (f"{REC2}, field 'relations.part_of'", "'no-such-fact'"),
    "ref-growth-of-missing.json": (f"{REC1}, field 'relations.growth_of'", "unknown fact"),
    "ref-self.json": (f"{REC0}, field 'relations.distributed_over': refers to itself",),
    "ref-unknown-document.json": (f"{REC2}, field 'source.document'", "'other-doc'"),
    # text encodings (a BOM alone is accepted: see test_utf8_bom_is_accepted)
    "enc-latin1.json": ("not valid UTF-8 (byte ",),
    "enc-utf16-le.json": ("file is UTF-16; save it as UTF-8",),
    "enc-utf16-be.json": ("file is UTF-16; save it as UTF-8",),
    "enc-utf16-no-bom.json": ("UTF-16 or UTF-32", "save it as UTF-8"),
    # several problems in one file
    "multi-three-problems.json": (f"{REC0}, field 'value'", "and 2 more"),
}


def _deep(tmp: Path) -> Path:
    path = tmp / "deep.json"
    path.write_text('{"facts": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return path


def _deep_objects(tmp: Path) -> Path:
    path = tmp / "deep-objects.json"
    path.write_text('{"facts": [' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "]}")
    return path


def _huge_file(tmp: Path) -> Path:
    """A sparse file past the size limit: refused by its size, never read."""
    path = tmp / "huge.json"
    with path.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    return path


def _huge_text(tmp: Path) -> Path:
    doc = json.loads((CORPUS / "field-extra.json").read_text())
    del doc["facts"][1]["colour"]
    doc["facts"][1]["description"] = "x" * 5_000_000
    path = tmp / "huge-text.json"
    path.write_text(json.dumps(doc))
    return path


def _huge_names(tmp: Path) -> Path:
    """A megabyte id, field name and period type: the message quotes them cut short."""
    doc = json.loads((CORPUS / "field-extra.json").read_text())
    doc["facts"][0]["id"] = "x" * 1_000_000
    doc["facts"][0]["period"]["type"] = "w" * 1_000_000
    path = tmp / "huge-names.json"
    path.write_text(json.dumps(doc))
    return path


def _invalid_utf8(tmp: Path) -> Path:
    path = tmp / "invalid-utf8.json"
    path.write_bytes(b'{"facts": [], "x": "\xff\xfe\xc3\x28"}')
    return path


def _utf32(tmp: Path) -> Path:
    path = tmp / "utf32.json"
    path.write_bytes('{"facts": []}'.encode("utf-32-le"))
    return path


def _folder(tmp: Path) -> Path:
    path = tmp / "facts-folder.json"
    path.mkdir()
    return path


def _missing(tmp: Path) -> Path:
    return tmp / "no-such-facts.json"


def _dangling_link(tmp: Path) -> Path:
    path = tmp / "dangling.json"
    path.symlink_to(tmp / "nowhere.json")
    return path


def _link_loop(tmp: Path) -> Path:
    first, second = tmp / "loop-a.json", tmp / "loop-b.json"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def _long_name(tmp: Path) -> Path:
    return tmp / ("n" * 5_000 + ".json")


def _device(tmp: Path) -> Path:
    return Path(os.devnull)


def _endless_device(tmp: Path) -> Path:
    """/dev/zero reports size 0 and never ends: refused after MAX_BYTES, not read forever."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    return Path("/dev/zero")


GENERATED: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "nesting-deep-lists": (_deep, ("JSON nested too deeply",)),
    "nesting-deep-objects": (_deep_objects, ("JSON nested too deeply",)),
    "size-over-limit": (_huge_file, ("file too large",)),
    "size-huge-text-field": (_huge_text, (f"{REC1}, field 'description'", "at most 2000")),
    "size-huge-names": (_huge_names, ("record 0 (id 'xxxxxxxx", "…'), field 'id'", "and 2 more")),
    "enc-invalid-utf8": (_invalid_utf8, ("not valid UTF-8 (byte 20)",)),
    "enc-utf32": (_utf32, ("UTF-16 or UTF-32",)),
    "notfile-folder": (_folder, ("is a directory, not a facts file",)),
    "notfile-missing": (_missing, ("no such file",)),
    "notfile-dangling-link": (_dangling_link, ("no such file",)),
    "notfile-link-loop": (_link_loop, ("cannot read", "symbolic links")),
    "notfile-name-too-long": (_long_name, ("cannot read", "too long")),
    "notfile-device": (_device, ("file is empty",)),
    "notfile-endless-device": (_endless_device, ("file too large (over ",)),
}


def _check_show(runner: CliRunner, path: Path, expected: tuple[str, ...]) -> str:
    result = runner.invoke(app, ["show", "manufacturing", "--facts", str(path)])
    assert result.exit_code == 3, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    line = result.stderr.rstrip("\n")
    assert line.startswith(f"loanfacts: error: {path}: "), line
    for part in expected:
        assert part in line, (part, line)
    assert isinstance(result.exception, SystemExit)
    return line


def _check_validate(runner: CliRunner, path: Path, first: str) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 3
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    as_json = runner.invoke(app, ["validate", str(path), "--json"])
    assert as_json.exit_code == 3
    payload = json.loads(as_json.stdout)
    assert payload["valid"] is False and payload["file"] == str(path)
    assert payload["problems"], payload
    # the first problem validate lists is the one show reported
    problem = payload["problems"][0]
    where = []
    if problem["index"] is not None:
        where.append(f"record {problem['index']}")
    if problem["field"]:
        where.append(f"field {problem['field']!r}")
    assert all(w in first for w in where), (where, first)
    assert problem["message"] in first


def test_corpus_is_complete() -> None:
    """Every committed file has an expected answer and every expectation has its file."""
    files = {p.name for p in CORPUS.iterdir()}
    assert files == set(EXPECTED)
    assert len(EXPECTED) + len(GENERATED) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_committed_bad_input(runner: CliRunner, name: str) -> None:
    """A hand-edited file gone wrong: exit 3, one line naming file, record and field."""
    path = CORPUS / name
    line = _check_show(runner, path, EXPECTED[name])
    _check_validate(runner, path, line)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_bad_input(runner: CliRunner, tmp_path: Path, name: str) -> None:
    """Inputs too big, too odd or too machine-specific to commit get the same answer."""
    make, expected = GENERATED[name]
    path = make(tmp_path)
    line = _check_show(runner, path, expected)
    _check_validate(runner, path, line)


def test_messages_stay_short(runner: CliRunner, tmp_path: Path) -> None:
    """Megabyte names from the file are cut, so the line and validate stay readable."""
    path = _huge_names(tmp_path)
    result = runner.invoke(app, ["show", "x", "--facts", str(path)])
    assert len(result.stderr) < 1000
    problems = json.loads(runner.invoke(app, ["validate", str(path), "--json"]).stdout)
    assert all(len(json.dumps(p)) < 1000 for p in problems["problems"])


def test_no_read_permission(runner: CliRunner, tmp_path: Path) -> None:
    """A file the user may not read is reported as such (root can read anything: skipped)."""
    path = tmp_path / "locked.json"
    path.write_bytes(FACTS.read_bytes())
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as a user who can read a mode-000 file (root)")
    line = _check_show(runner, path, ("permission denied",))
    _check_validate(runner, path, line)


def test_no_read_permission_simulated(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same answer when reading fails with EACCES, so root runs check the message too."""
    path = tmp_path / "locked.json"
    path.write_bytes(FACTS.read_bytes())
    real = pathlib.Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    line = _check_show(runner, path, ("permission denied",))
    _check_validate(runner, path, line)


def test_utf8_bom_is_accepted(runner: CliRunner, tmp_path: Path) -> None:
    """Windows editors save UTF-8 with a byte-order mark; that file is fine."""
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + FACTS.read_bytes())
    shown = runner.invoke(app, ["show", "manufacturing", "--facts", str(path), "--json"])
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)
    checked = runner.invoke(app, ["validate", str(path)])
    assert checked.exit_code == 0
    assert checked.stdout.startswith(f"{path}: valid, ")


def test_validate_lists_every_problem(runner: CliRunner) -> None:
    """One validate run shows all problems, so a person fixes the file in one pass."""
    path = CORPUS / "multi-three-problems.json"
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 3
    problems = json.loads(result.stdout)["problems"]
    located = [(p["index"], p["id"], p["field"]) for p in problems]
    assert located == [
        (0, "widget-balance", "value"),
        (1, "widget-yoy", "colour"),
        (2, "gadget-balance", "period.date"),
    ]
    table = runner.invoke(app, ["validate", str(path)])
    assert table.exit_code == 3
    assert "3 problem(s)" in table.stdout
    for _index, record_id, field in located:
        assert record_id in table.stdout and field in table.stdout
    assert table.stderr == ""


def test_validate_lists_every_problem_of_each_kind(runner: CliRunner) -> None:
    """A misspelt field is two problems (unknown name, missing value); both are listed."""
    result = runner.invoke(app, ["validate", str(CORPUS / "field-misspelled.json"), "--json"])
    problems = json.loads(result.stdout)["problems"]
    assert {(p["field"], p["message"]) for p in problems} == {
        ("value", "required field is missing"),
        ("vaule", "unknown field"),
    }


def test_validate_csv_lists_every_problem(runner: CliRunner) -> None:
    """CSV output has one row per problem under a fixed header."""
    result = runner.invoke(
        app, ["validate", str(CORPUS / "multi-three-problems.json"), "-f", "csv"]
    )
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[0] == "index,id,field,message,level"
    assert len(lines) == 4


def test_validate_shows_warnings_and_stays_valid(runner: CliRunner, tmp_path: Path) -> None:
    """A reference source without a publisher: listed in JSON, table, CSV; exit status 0."""
    doc = json.loads(FACTS.read_text(encoding="utf-8"))
    next(s for s in doc["sources"] if s["id"] == "luoyang-daily-2025").pop("publisher")
    path = tmp_path / "f.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    as_json = runner.invoke(app, ["validate", str(path), "--json"])
    assert as_json.exit_code == 0
    payload = json.loads(as_json.stdout)
    assert payload["valid"] is True and payload["problems"] == []
    assert [(w["id"], w["field"]) for w in payload["warnings"]] == [
        ("luoyang-daily-2025", "sources.5.publisher")
    ]
    table = runner.invoke(app, ["validate", str(path)])
    assert table.exit_code == 0
    assert table.stdout.startswith(f"{path}: valid, 42 facts, 1 warning(s)")
    assert "names no publisher" in " ".join(table.stdout.split())
    rows = runner.invoke(app, ["validate", str(path), "-f", "csv"]).stdout.splitlines()
    assert rows[0] == "index,id,field,message,level" and rows[1].endswith(",warning")
    bundled = json.loads(runner.invoke(app, ["validate", "--json"]).stdout)
    assert bundled["valid"] is True and bundled["warnings"] == []


def test_unreadable_facts_option_says_what_the_variable_says(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--facts FILE and LOANFACTS_FACTS=FILE for a file the user may not read: the same one
    line and exit 3 (--facts used to give a usage block and exit 2). os.access and open are
    made to refuse as they do for a user other than root."""
    path = tmp_path / "locked.json"
    path.write_bytes(FACTS.read_bytes())
    real_open, real_access = pathlib.Path.open, os.access

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    def no_access(name: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        return False if Path(name) == path else real_access(name, mode, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    monkeypatch.setattr(os, "access", no_access)
    by_option = runner.invoke(app, ["show", "manufacturing", "--facts", str(path)])
    by_variable = runner.invoke(app, ["show", "manufacturing"], env={"LOANFACTS_FACTS": str(path)})
    expected = f"loanfacts: error: {path}: permission denied\n"
    assert (by_option.exit_code, by_option.stderr) == (3, expected)
    assert (by_variable.exit_code, by_variable.stderr) == (3, expected)
    validate = runner.invoke(app, ["validate", str(path)])
    assert validate.exit_code == 3 and "Usage" not in validate.stderr


@pytest.mark.parametrize("args", [["show", "manufacturing", "--json"], ["validate"]])
def test_empty_facts_option_means_the_bundled_file(runner: CliRunner, args: list[str]) -> None:
    """`--facts ''` agrees with LOANFACTS_FACTS='' and with neither: the bundled file (it used
    to read the current folder, `.: is a directory`)."""
    plain = runner.invoke(app, args)
    assert plain.exit_code == 0
    assert runner.invoke(app, [*args, "--facts", ""]).stdout == plain.stdout
    assert runner.invoke(app, args, env={"LOANFACTS_FACTS": ""}).stdout == plain.stdout
