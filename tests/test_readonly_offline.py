"""Read-only and offline, proven: no command changes the facts file or uses the network."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts.cli import app

# every command, in every output format, each with a facts file given by --facts
COMMANDS: list[list[str]] = []
for fmt in ([], ["--json"], ["-f", "jsonl"], ["-f", "csv"]):
    COMMANDS += [
        ["show", "manufacturing", *fmt],
        ["show", "no-such-topic", *fmt],
        ["list", *fmt],
        ["list", "--measure", "yoy_growth", "--sort", "value", *fmt],
        ["search", "supply", "chain", *fmt],
        ["compare", "manufacturing", "high-tech", *fmt],
        ["derive", *fmt],
        ["derive", "manufacturing", "--unit", "yi", *fmt],
    ]
COMMANDS += [["validate"], ["validate", "--json"], ["validate", "-f", "csv"]]


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the folder with its bytes and modification time (ns)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _facts_args(args: list[str], path: Path) -> list[str]:
    if args[0] == "validate":
        return [args[0], str(path), *args[1:]]
    return [*args, "--facts", str(path)]


@pytest.fixture
def facts_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    copy = folder / "facts.json"
    shutil.copy2(FACTS, copy)
    # an mtime well in the past, so a rewrite within the same clock tick would still show
    os.utime(copy, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    return copy


def test_no_command_changes_the_facts_file(runner: CliRunner, facts_copy: Path) -> None:
    """All commands in all formats leave the file byte-identical, its mtime unchanged and
    nothing new beside it (no lock, backup or cache files)."""
    before = _snapshot(facts_copy.parent)
    runs = [_facts_args(args, facts_copy) for args in COMMANDS]
    for args in [*runs, ["schema"], ["--version"], ["--help"]]:
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1), (args, result.stderr)
    assert _snapshot(facts_copy.parent) == before
    assert facts_copy.read_bytes() == FACTS.read_bytes()


def test_env_var_path_is_read_only_too(
    runner: CliRunner, facts_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file named by LOANFACTS_FACTS is treated the same way."""
    monkeypatch.setenv("LOANFACTS_FACTS", str(facts_copy))
    before = _snapshot(facts_copy.parent)
    for args in (["list", "--json"], ["derive"], ["validate"]):
        assert runner.invoke(app, args).exit_code == 0
    assert _snapshot(facts_copy.parent) == before


def test_installed_entry_point_leaves_the_file_alone(facts_copy: Path) -> None:
    """The real process too (interpreter start-up, bytecode, no hidden writes)."""
    before = _snapshot(facts_copy.parent)
    env = {k: v for k, v in os.environ.items() if k != "LOANFACTS_FACTS"}
    for args in (["list", "--json"], ["derive"], ["validate"]):
        done = subprocess.run(
            [sys.executable, "-m", "loanfacts", *_facts_args(args, facts_copy)],
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert _snapshot(facts_copy.parent) == before


def test_a_read_only_file_is_enough(runner: CliRunner, facts_copy: Path) -> None:
    """Mode 0444 (as on a shared drive): every command works."""
    facts_copy.chmod(0o444)
    for args in COMMANDS:
        result = runner.invoke(app, _facts_args(args, facts_copy))
        assert result.exit_code in (0, 1), (args, result.stderr)


class NetworkUsed(AssertionError):
    """Raised by the guards below: a command tried to reach the network."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way to open a connection or look up a name raises and is recorded."""
    attempts: list[str] = []

    def guard(name: str) -> Any:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            attempts.append(name)
            raise NetworkUsed(f"{name} called with {args!r}")

        return refuse

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, guard(f"socket.{name}"))
    for name in (
        "create_connection",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "getnameinfo",
    ):
        monkeypatch.setattr(socket, name, guard(name))
    return attempts


def test_guard_works(no_network: list[str]) -> None:
    """The guard itself catches a connection attempt (so a pass below means something)."""
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    with socket.socket() as sock, pytest.raises(NetworkUsed):
        sock.connect(("127.0.0.1", 9))
    assert no_network == ["create_connection", "socket.connect"]


def test_no_command_uses_the_network(
    runner: CliRunner, facts_copy: Path, no_network: list[str]
) -> None:
    """All commands, all formats, plus help, version and schema: no connection, no DNS."""
    for args in COMMANDS:
        result = runner.invoke(app, _facts_args(args, facts_copy))
        assert result.exit_code in (0, 1), (args, result.stderr, result.exception)
    for args in (
        ["schema"],
        ["--version"],
        ["--help"],
        ["show", "--help"],
        ["show", "manufacturing"],
        ["derive", "--json"],
    ):
        result = runner.invoke(app, args)  # the bundled file
        assert result.exit_code == 0, (args, result.stderr, result.exception)
    assert no_network == []


def test_schema_is_valid_json_offline(runner: CliRunner, no_network: list[str]) -> None:
    """schema is generated from the models, not fetched."""
    result = runner.invoke(app, ["schema"])
    assert json.loads(result.stdout)["title"] == "FactsFile"
    assert no_network == []
