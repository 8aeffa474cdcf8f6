"""`loanfacts schema` is as strict as `loanfacts validate`: the `jsonschema` library, run with
the schema over the bundled file, every file of tests/bad_inputs/ and edits of the bundled
file, accepts and refuses what validate does, and flags the same records. Where a schema cannot
agree (rules across records), the difference is named below, and in README."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import FACTS, ROOT
from loanfacts.cli import app
from loanfacts.model import store

BAD = ROOT / "tests" / "bad_inputs"

# Files validate refuses and the schema accepts: rules no JSON Schema can state.
NOT_IN_THE_SCHEMA = {
    "date-end-before-start.json": "a duration's end before its start compares two fields",
    "dup-fact-id.json": "unique fact ids compare records",
    "dup-source-id.json": "unique source ids compare records",
    "ref-growth-of-missing.json": "a relation must name a fact of the same file",
    "ref-part-of-missing.json": "a relation must name a fact of the same file",
    "ref-self.json": "a relation must name another fact",
    "ref-unknown-document.json": "source.document must name one of the file's sources",
}
# Files both refuse, at different places: NaN and Infinity are not JSON, so an editor flags
# the syntax, while validate (whose parser reads them) names the record and field.
REFUSED_ELSEWHERE = {"number-infinity.json", "number-nan.json"}


def _schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.stderr
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def _as_python_regexes(node: Any) -> Any:
    """JSON Schema patterns are ECMA-262 regular expressions, as editors run them, where `$`
    ends the string; Python's `$` (which jsonschema uses) also matches before a final
    newline, so the test reads a final `$` as `\\Z`."""
    if isinstance(node, dict):
        return {
            k: re.sub(r"\$$", r"\\Z", v)
            if k == "pattern" and isinstance(v, str)
            else _as_python_regexes(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_as_python_regexes(v) for v in node]
    return node


VALIDATOR = Draft202012Validator(
    _as_python_regexes(_schema()), format_checker=Draft202012Validator.FORMAT_CHECKER
)


def _reject(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


def schema_verdict(raw: bytes) -> set[int | None]:
    """The records (None: the file as a whole) the schema flags; empty when it accepts.
    A file that is not JSON (UTF-8, with or without a byte-order mark) is flagged whole."""
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_constant=_reject)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError among them
        return {None}
    flagged: set[int | None] = set()
    for error in VALIDATOR.iter_errors(document):
        path = list(error.absolute_path)
        record = path[1] if path[:1] == ["facts"] and len(path) > 1 else None
        flagged.add(record if isinstance(record, int) else None)
    return flagged


def validate_verdict(raw: bytes) -> set[int | None]:
    return {p.index for p in store.check_bytes(raw)[1]}


def test_the_schema_is_a_valid_draft_2020_12_schema_with_an_id() -> None:
    schema = _schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:loanfacts:facts-file:1"
    fact = schema["$defs"]["Fact"]["properties"]
    assert fact["value"] == {
        "type": "number",
        "minimum": -(10**15),
        "maximum": 10**15,
        "title": "Value",
    }
    assert fact["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    assert schema["$defs"]["Instant"]["properties"]["date"]["format"] == "date"
    assert "unique" in schema["description"]


def test_bundled_facts_pass_both() -> None:
    raw = FACTS.read_bytes()
    assert validate_verdict(raw) == set() == schema_verdict(raw)


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.json")))
def test_bad_input_refused_by_both(name: str) -> None:
    raw = (BAD / name).read_bytes()
    by_validate, by_schema = validate_verdict(raw), schema_verdict(raw)
    assert by_validate, "every file in bad_inputs is refused by validate"
    if name in NOT_IN_THE_SCHEMA:
        assert by_schema == set(), f"the schema now catches {name}: drop it from the list"
    elif name in REFUSED_ELSEWHERE:
        assert by_schema == {None}
    else:
        assert by_schema == by_validate


def test_the_allow_list_names_only_files_that_exist() -> None:
    names = {p.name for p in BAD.glob("*.json")}
    assert set(NOT_IN_THE_SCHEMA) | REFUSED_ELSEWHERE <= names


BUNDLED = json.loads(FACTS.read_text(encoding="utf-8"))


def _edit(change: Callable[[dict[str, Any]], None]) -> bytes:
    document = copy.deepcopy(BUNDLED)
    change(document)
    return json.dumps(document, ensure_ascii=False).encode()


def _fact(**fields: Any) -> Callable[[dict[str, Any]], None]:
    """Set (or, with ..., remove) fields of the first fact; dotted names reach inside."""

    def change(document: dict[str, Any]) -> None:
        for dotted, value in fields.items():
            *parents, last = dotted.split("__")
            target = document["facts"][0]
            for key in parents:
                target = target[key]
            if value is ...:
                del target[last]
            else:
                target[last] = value

    return change


def _top(**fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document.update(fields)

    return change


# (name, edit, whether validate accepts it): the schema must answer the same
EDITS: list[tuple[str, Callable[[dict[str, Any]], None], bool]] = [
    ("value in quotes", _fact(value="9000"), False),
    ("value a word", _fact(value="lots"), False),
    ("value true", _fact(value=True), False),
    ("value with a fraction", _fact(value=9000.5), True),
    ("value at the limit", _fact(value=10**15), True),
    ("value past the limit", _fact(value=-(10**15) - 1), False),
    ("date as a timestamp", _fact(period__date=1751241600), False),
    ("date with a time", _fact(period__date="2025-06-30T00:00:00"), False),
    ("date without dashes", _fact(period__date="20250630"), False),
    ("date without zero padding", _fact(period__date="2025-6-30"), False),
    ("date that does not exist", _fact(period__date="2025-02-29"), False),
    ("period null", _fact(period=None), True),
    ("period of an unknown type", _fact(period={"type": "weekly", "date": "2025-06-30"}), False),
    (
        "instant with a start",
        _fact(period={"type": "instant", "date": "2025-06-30", "start": "2025-01-01"}),
        False,
    ),
    ("paragraph in quotes", _fact(source__paragraph="2"), False),
    ("paragraph true", _fact(source__paragraph=True), False),
    ("paragraph 2.0", _fact(source__paragraph=2.0), True),
    ("paragraph 2.5", _fact(source__paragraph=2.5), False),
    ("paragraph null", _fact(source__paragraph=None), True),
    ("paragraph too large", _fact(source__paragraph=100_001), False),
    ("decimals in quotes", _fact(decimals="2"), False),
    ("decimals 16", _fact(decimals=16), False),
    ("measure in capitals", _fact(measure="BALANCE"), False),
    ("scale unknown", _fact(scale="bn"), False),
    ("scale null", _fact(scale=None), True),
    ("qualifier null", _fact(qualifier=None), False),
    ("id with capitals", _fact(id="Manufacturing"), False),
    ("id with a final newline", _fact(id="manufacturing\n"), False),
    ("id too long", _fact(id="a" * 121), False),
    ("unit empty", _fact(unit=""), False),
    ("topic too long", _fact(topic="x" * 2001), False),
    ("alias empty", _fact(aliases=[""]), False),
    ("alias a number", _fact(aliases=[1]), False),
    ("101 tags", _fact(tags=["x"] * 101), False),
    ("relations null", _fact(relations=None), False),
    ("relation not a slug", _fact(relations={"growth_of": "Bad Id"}), False),
    ("versus empty", _fact(versus=""), False),
    ("description missing", _fact(description=...), False),
    ("unknown top-level field", _top(colour="red"), False),
    ("schema_version true", _top(schema_version=True), False),
    ("schema_version in quotes", _top(schema_version="1"), False),
    ("schema_version 1.0", _top(schema_version=1.0), True),
    ("sources null", _top(sources=None), False),
    ("source kind unknown", lambda d: d["sources"][0].update(kind="blog"), False),
    (
        "source published with a time",
        lambda d: d["sources"][1].update(published="2025-09-25T10:00:00"),
        False,
    ),
]


@pytest.mark.parametrize(("name", "change", "valid"), EDITS, ids=[e[0] for e in EDITS])
def test_edit_answered_alike(
    name: str, change: Callable[[dict[str, Any]], None], valid: bool
) -> None:
    raw = _edit(change)
    by_validate, by_schema = validate_verdict(raw), schema_verdict(raw)
    assert (by_validate == set()) is valid, by_validate
    assert by_schema == by_validate


def test_schema_takes_json_only(runner: CliRunner) -> None:
    """No --facts (it describes any file); --json and -f json are accepted, other formats
    are a usage error rather than JSON under another name."""
    plain = runner.invoke(app, ["schema"]).stdout
    assert runner.invoke(app, ["schema", "--json"]).stdout == plain
    assert runner.invoke(app, ["schema", "-f", "json"]).stdout == plain
    csv = runner.invoke(app, ["schema", "-f", "csv"])
    assert csv.exit_code == 2 and csv.stdout == ""
    assert runner.invoke(app, ["schema", "--facts", str(FACTS)]).exit_code == 2
