"""Text in a facts file is data: never rich markup, never terminal control.

Tables and error messages print it inert (markup literally, no ESC, C1 or bidi control
reaching the terminal); JSON keeps it exact, escaped by JSON.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.render import clean
from loanfacts.render.json import dumps, write_json

MARKUP = "[bold]B[/bold] [link=http://e]L[/link] [red on white]R[/]"
SEQUENCES = {
    "sgr colour": "\x1b[31mRED\x1b[0m",
    "clear screen": "\x1b[2J",
    "cursor home": "\x1b[H",
    "cursor up": "\x1b[5A",
    "save/restore cursor": "\x1b7\x1b8",
    "osc 8 hyperlink": "\x1b]8;;http://e\x1b\\LINK\x1b]8;;\x1b\\",
    "osc title": "\x1b]0;pwned\x07",
    "c1 csi": "\x9b31m",
    "c1 osc": "\x9d0;t\x9c",
    "bidi override": "\u202eevil\u202c",
    "bidi isolate": "\u2066x\u2069",
    "arabic letter mark": "\u061c",
    "line separator": "a\u2028b",
    "bell and nul": "\x07\x00",
    "backspace and carriage return": "abc\x08\x08\rX",
    "delete": "\x7f",
}
HOSTILE = f"{MARKUP} " + " ".join(SEQUENCES.values()) + " end"
# what must never reach a terminal raw: C0 (but newline), DEL, C1, bidi and line separators
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]"
)


def _fact(fid: str, **extra: Any) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "id": fid,
        "topic": f"hostile {HOSTILE}",
        "measure": "balance",
        "entity": HOSTILE,
        "value": 5,
        "unit": "yuan",
        "scale": "billion",
        "period": {"type": "instant", "date": "2025-06-30"},
        "description": HOSTILE,
        "source": {"document": "doc", "paragraph": 1, "text": f"5 billion {HOSTILE}"},
        "aliases": ["hostile", HOSTILE],
        "tags": [HOSTILE],
    }
    fact.update(extra)
    return fact


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    facts = [
        _fact("hostile-balance"),
        _fact(
            "hostile-yoy",
            measure="yoy_growth",
            value=5,
            unit="%",
            scale=None,
            relations={"growth_of": "hostile-balance"},
        ),
        _fact("hostile-other", topic="other", unit=f"yuan {HOSTILE}"[:60]),
    ]
    doc = {"sources": [{"id": "doc", "title": HOSTILE, "note": HOSTILE}], "facts": facts}
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal (tables still stop at layout.MAX_WIDTH and wrap at spaces)."""
    monkeypatch.setenv("COLUMNS", "2000")


def _assert_inert(text: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
    assert not found, f"raw control characters reached the terminal: {found}"


@pytest.mark.parametrize("name", sorted(SEQUENCES))
def test_clean_removes_each_sequence_introducer(name: str) -> None:
    """Each sequence loses the bytes a terminal acts on; what is left is plain text."""
    _assert_inert(clean(SEQUENCES[name]))


def test_clean_keeps_markup_and_text() -> None:
    """clean() strips controls only: brackets, words and Chinese stay as they are."""
    assert clean(MARKUP) == MARKUP
    assert clean("制造业 9,000 billion") == "制造业 9,000 billion"
    assert clean("a\tb\nc") == "a b c"


@pytest.mark.parametrize(
    "args",
    [
        ["show", "hostile"],
        ["list"],
        ["search", "hostile"],
        ["derive"],
        ["derive", "hostile"],
        ["compare", "hostile-balance", "hostile-other"],
    ],
)
@pytest.mark.usefixtures("wide")
def test_tables_print_hostile_text_inert(
    runner: CliRunner, hostile_file: Path, args: list[str]
) -> None:
    """Tables show markup literally and never pass a control character through."""
    result = runner.invoke(app, [*args, "--facts", str(hostile_file)])
    assert result.exit_code == 0, result.stderr
    _assert_inert(result.stdout)
    _assert_inert(result.stderr)
    if args[0] in ("show", "list", "search"):  # wrapped at spaces: each tag whole, as typed
        assert all(tag in result.stdout for tag in MARKUP.split())


@pytest.mark.usefixtures("wide")
def test_compare_warning_is_inert(runner: CliRunner, hostile_file: Path) -> None:
    """A warning quotes a unit from the file; it is one clean line on stderr."""
    result = runner.invoke(
        app, ["compare", "hostile-balance", "hostile-other", "--facts", str(hostile_file)]
    )
    assert "loanfacts: warning: " in result.stderr
    assert "[bold]B[/bold]" in result.stderr
    _assert_inert(result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "hostile", "--json"],
        ["list", "--json"],
        ["search", "hostile", "--json"],
        ["show", "hostile", "-f", "jsonl"],
    ],
)
def test_json_keeps_hostile_text_exact(
    runner: CliRunner, hostile_file: Path, args: list[str]
) -> None:
    """JSON gives back every string exactly, with the risky characters escaped."""
    result = runner.invoke(app, [*args, "--facts", str(hostile_file)])
    assert result.exit_code == 0, result.stderr
    _assert_inert(result.stdout.replace("\n", ""))
    if "jsonl" in args:
        records = [json.loads(line) for line in result.stdout.split("\n") if line]
    else:
        records = json.loads(result.stdout)
    balance = next(r for r in records if r["id"] == "hostile-balance")
    assert balance["entity"] == HOSTILE
    assert balance["description"] == HOSTILE
    assert balance["topic"] == f"hostile {HOSTILE}"
    assert balance["source"]["text"] == f"5 billion {HOSTILE}"
    assert balance["aliases"] == ["hostile", HOSTILE]


def test_json_dumps_round_trips_every_sequence() -> None:
    """The JSON renderer escapes but never alters: json.loads gives the original back."""
    for text in [HOSTILE, *SEQUENCES.values()]:
        out = dumps({"t": text})
        _assert_inert(out.replace("\n", ""))
        assert json.loads(out) == {"t": text}


def test_csv_keeps_text_exact(runner: CliRunner, hostile_file: Path) -> None:
    """CSV is data for spreadsheets, like JSON: text stays exact (see the issue-4 note)."""
    result = runner.invoke(app, ["show", "hostile", "-f", "csv", "--facts", str(hostile_file)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["entity"] == HOSTILE


def test_error_message_with_hostile_id_is_inert(runner: CliRunner, tmp_path: Path) -> None:
    """An invalid id is quoted in the error: one inert line, markup printed literally."""
    doc = {"facts": [_fact(f"bad {HOSTILE}")]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(app, ["show", "x", "--facts", str(path)])
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "[bold]B[/bold]" in result.stderr and "field 'id'" in result.stderr
    _assert_inert(result.stderr)


@pytest.mark.usefixtures("wide")
def test_validate_with_hostile_field_names_is_inert(runner: CliRunner, tmp_path: Path) -> None:
    """Unknown field names come from the file; validate's table shows them inert."""
    doc = {"facts": [_fact("ok-id", **{f"x{seq}": 1 for seq in SEQUENCES.values()})]}
    path = tmp_path / "fields.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    table = runner.invoke(app, ["validate", str(path)])
    assert table.exit_code == 3
    assert f"{len(SEQUENCES)} problem(s)" in table.stdout
    _assert_inert(table.stdout)
    as_json = runner.invoke(app, ["validate", str(path), "--json"])
    fields = {p["field"] for p in json.loads(as_json.stdout)["problems"]}
    assert fields == {f"x{seq}" for seq in SEQUENCES.values()}


def test_hostile_argument_and_path_in_messages_are_inert(runner: CliRunner, tmp_path: Path) -> None:
    """A topic typed (or pasted) with escapes, or a file name with them, prints inert."""
    result = runner.invoke(app, ["show", f"x{HOSTILE}"])
    assert result.exit_code == 1
    _assert_inert(result.stderr)
    odd = tmp_path / "odd\x1b[2J\u202ename.json"
    missing = runner.invoke(app, ["show", "x", "--facts", str(odd)])
    assert missing.exit_code == 3 and "no such file" in missing.stderr
    _assert_inert(missing.stderr)
    odd.write_text('{"facts": []}', encoding="utf-8")
    valid = runner.invoke(app, ["validate", str(odd)])
    assert valid.exit_code == 0
    _assert_inert(valid.stdout)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(items=st.lists(_JSON_VALUES, max_size=5))
def test_a_list_is_written_an_item_at_a_time_as_whole(items: list[Any]) -> None:
    """write_json writes a list an item at a time (a large answer is never one string): the
    same text as the whole list's, escapes of controls and separators included."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        write_json(items)
    assert out.getvalue() == dumps(items) + "\n"
