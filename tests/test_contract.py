"""The JSON contract: every key every command writes with --json is a key of a TypedDict of
model/records.py, every key a TypedDict requires is written, and every value has the type
the TypedDict gives it (as pipx's result contract does). The golden files under tests/golden/
pin values; this pins the shape, for every command and for every golden file."""

from __future__ import annotations

import json
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import (
    Any,
    Literal,
    NotRequired,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from loanfacts.cli import app
from loanfacts.model import records as R

GOLDEN = ROOT / "tests" / "golden"
LAKESHIRE = ROOT / "tests" / "data" / "lakeshire-green-lending"


def problems(value: object, kind: Any, where: str = "$") -> list[str]:
    """What in `value` (parsed JSON) breaks the type `kind`; [] when it conforms."""
    origin = get_origin(kind)
    if kind is Any or kind is object:
        return []
    if is_typeddict(kind):
        return record_problems(value, kind, where)
    if origin in (Union, types.UnionType):
        found = [problems(value, arm, where) for arm in get_args(kind)]
        return [] if any(not p for p in found) else min(found, key=len)
    if origin is Literal:
        return [] if value in get_args(kind) else [f"{where}: {value!r} not in {get_args(kind)}"]
    if origin in (list, tuple, typing.Sequence) or kind is list:
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, not an array"]
        arm = get_args(kind)[0] if get_args(kind) else Any
        return [p for i, item in enumerate(value) for p in problems(item, arm, f"{where}[{i}]")]
    if origin is dict or kind is dict:
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not an object"]
        arm = get_args(kind)[1] if get_args(kind) else Any
        return [p for k, item in value.items() for p in problems(item, arm, f"{where}.{k}")]
    if kind is type(None):
        return [] if value is None else [f"{where}: {value!r}, not null"]
    if kind in (Decimal, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r}, not a number"]
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r}, not an integer"]
    if kind in (str, bool):
        return [] if isinstance(value, kind) else [f"{where}: {value!r}, not {kind.__name__}"]
    raise AssertionError(f"{where}: the contract test does not know the type {kind!r}")


def record_problems(value: object, kind: Any, where: str) -> list[str]:
    """A TypedDict's keys: none but its own, each it requires, each of its type. (Which keys
    are NotRequired is read from the hints: records.py's annotations are strings, which the
    class itself cannot read.)"""
    if not isinstance(value, dict):
        return [f"{where}: {type(value).__name__}, not an object ({kind.__name__})"]
    hints = get_type_hints(kind, include_extras=True)
    optional = {k for k, h in hints.items() if get_origin(h) is NotRequired or not kind.__total__}
    out = [f"{where}.{k}: no key of {kind.__name__}" for k in value if k not in hints]
    out += [
        f"{where}.{k}: missing ({kind.__name__})"
        for k in hints
        if k not in value and k not in optional
    ]
    for key, item in value.items():
        if key in hints:
            hint = hints[key]
            out += problems(
                item,
                get_args(hint)[0] if key in optional and get_origin(hint) is NotRequired else hint,
                f"{where}.{key}",
            )
    return out


# every command that writes JSON, with the TypedDict of what it writes
COMMANDS: dict[str, tuple[list[str], Any]] = {
    "show": (["show", "manufacturing"], list[R.FactRecord]),
    "show-unit": (["show", "manufacturing", "--unit", "yi"], list[R.FactRecord]),
    "list": (["list"], list[R.FactRecord]),
    "search": (["search", "supply", "chain"], list[R.FactRecord]),
    "card": (["card", "manufacturing-loans-balance"], R.CardRecord),
    "topics": (["topics"], list[R.TopicRecord]),
    "compare": (["compare", "manufacturing", "high-tech"], R.ComparisonRecord),
    "derive": (["derive"], R.DerivationsRecord),
    "audit": (["audit"], list[R.FindingRecord]),
    "validate": (["validate"], R.ValidationRecord),
    "check": (
        ["check", "Manufacturing loans exceeded 9,000 billion yuan, up 13.43%; 141 clients."],
        R.CheckPayload,
    ),
    "coverage": (
        [
            "coverage",
            f"{LAKESHIRE}.txt",
            "-d",
            "lakeshire-green-lending-2025",
            "--facts",
            f"{LAKESHIRE}.facts.json",
        ],
        R.CoverageRecord,
    ),
}
# extract writes a facts file, held to its JSON Schema by tests/test_schema.py; schema writes
# that schema


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_json_keeps_to_its_record(runner: CliRunner, name: str) -> None:
    argv, kind = COMMANDS[name]
    result = runner.invoke(app, [*argv, "--json"])
    assert result.exit_code in (0, 1), result.stderr
    payload = json.loads(result.stdout)
    assert payload, f"{name}: an empty answer proves no key"
    assert problems(payload, kind) == []


GOLDEN_KINDS: dict[str, Any] = {
    "check": R.CheckPayload,
    "compare": R.ComparisonRecord,
    "coverage": R.CoverageRecord,
    "derive": R.DerivationsRecord,
    "list": list[R.FactRecord],
    "search": list[R.FactRecord],
    "show": list[R.FactRecord],
}


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_file_keeps_to_its_record(path: Path) -> None:
    kind = GOLDEN_KINDS[path.stem.split("-")[0]]
    assert problems(json.loads(path.read_text(encoding="utf-8")), kind) == []


def test_the_contract_catches_a_stray_key_a_missing_key_and_a_wrong_type() -> None:
    good = {"type": "instant", "date": "2025-06-30"}
    assert problems(good, R.PeriodRecord) == []
    assert problems({**good, "extra": 1}, R.InstantRecord) == ["$.extra: no key of InstantRecord"]
    assert problems({"type": "instant"}, R.InstantRecord) == ["$.date: missing (InstantRecord)"]
    assert problems({"type": "instant", "date": 7}, R.InstantRecord) == ["$.date: 7, not str"]
