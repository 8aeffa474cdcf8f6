"""Start-up (issue 20): the bundled facts file validated once and kept, with its ⚑ flags, in
the user's cache folder (bundled.py), under the index's trust rules; and what `show` no
longer pays for (the audit's import, a serializer build)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts import bundled
from loanfacts.cli import app
from loanfacts.model import store
from loanfacts.model.models import Source

COMMANDS = [
    ["show", "manufacturing", "--json"],
    ["show", "manufacturing"],
    ["show", "manufacturing-loans-balance"],
    ["list", "--json"],
    ["search", "high", "tech", "--json"],
    ["show", "no-such-topic"],
]


def _cache(tmp_path: Path) -> Path:
    return bundled.cache_path(tmp_path / "cache", store.bundled_path())


@pytest.fixture
def cache_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LOANFACTS_CACHE_MIN_BYTES", raising=False)
    monkeypatch.delenv("LOANFACTS_FACTS", raising=False)
    return _cache(tmp_path)


def _outputs(runner: CliRunner, extra: list[str]) -> list[tuple[int, str, str]]:
    out = []
    for args in COMMANDS:
        result = runner.invoke(app, [*args, *extra])
        out.append((result.exit_code, result.stdout, result.stderr))
    return out


def test_the_cache_answers_as_the_file(
    runner: CliRunner, cache_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written on the first look-up (0600, in a 0700 folder), read on the next: every output
    the same as --no-cache gives, and the file not validated again, nor audited for the ⚑."""
    whole = _outputs(runner, ["--no-cache"])
    assert not cache_env.exists()
    assert _outputs(runner, []) == whole
    assert stat.S_IMODE(cache_env.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_env.parent.stat().st_mode) == 0o700

    def refused(*_args: object) -> None:
        raise AssertionError("validated or audited again")

    monkeypatch.setattr(store, "load", refused)
    assert _outputs(runner, []) == whole
    # the flags of show, list and search come with the cache (a card runs the audit itself)
    monkeypatch.setattr("loanfacts.analysis.audit.run", refused)
    lookups = [
        i for i, args in enumerate(COMMANDS) if args != ["show", "manufacturing-loans-balance"]
    ]
    got = _outputs(runner, [])
    assert [got[i] for i in lookups] == [whole[i] for i in lookups]


def test_a_damaged_cache_is_passed_over_and_written_again(
    runner: CliRunner, cache_env: Path
) -> None:
    whole = _outputs(runner, ["--no-cache"])
    runner.invoke(app, ["show", "manufacturing"])
    good = cache_env.read_bytes()
    for damaged in (good[:-7], good[:100] + b"x" + good[101:], b"", b"garbage\n" * 3):
        cache_env.write_bytes(damaged)
        assert _outputs(runner, []) == whole
        assert cache_env.read_bytes() == good  # written again, from the file


def test_another_code_or_file_state_is_not_read(
    runner: CliRunner, cache_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner.invoke(app, ["show", "manufacturing"])
    loads: list[Path] = []
    real = store.load

    def counted(path: Path) -> store.FactBase:
        loads.append(path)
        return real(path)

    monkeypatch.setattr(store, "load", counted)
    runner.invoke(app, ["show", "manufacturing"])
    assert loads == []
    monkeypatch.setattr(bundled, "code_stamp", lambda: "other code")
    runner.invoke(app, ["show", "manufacturing"])
    assert len(loads) == 1  # read again from the file, and cached under the new key
    runner.invoke(app, ["show", "manufacturing"])
    assert len(loads) == 1


def test_a_cache_not_the_users_alone_is_not_read(runner: CliRunner, cache_env: Path) -> None:
    """A cache file others may write to is passed over, as an index would be."""
    runner.invoke(app, ["show", "manufacturing"])
    cache_env.chmod(0o666)
    key = {"code": bundled.code_stamp(), "file": bundled._file_stamp(store.bundled_path())}
    assert bundled._read(cache_env, key) is None
    cache_env.chmod(0o600)
    assert bundled._read(cache_env, key) is not None


def test_source_as_a_plain_dict_is_its_json_dump() -> None:
    """views.fact_record writes `dict(source)`: the same as the model's JSON dump, for every
    bundled fact and for a source with every field filled."""
    base = store.load(FACTS)
    for fact in base.facts:
        assert dict(fact.source) == fact.source.model_dump(mode="json")
    full = Source(document="d", paragraph=3, text="9,000 billion yuan", text_en="9 trillion")
    assert dict(full) == full.model_dump(mode="json")


def test_show_json_imports_no_audit_once_cached(tmp_path: Path) -> None:
    """`show --json` of the bundled file, its cache written: the audit, SQLite and rich are
    not imported."""
    env = {**os.environ, "LOANFACTS_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("LOANFACTS_CACHE_MIN_BYTES", None)
    env.pop("LOANFACTS_FACTS", None)
    code = (
        "import sys; from loanfacts.cli import main; sys.argv = ['loanfacts', 'show', "
        "'manufacturing', '--json']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('loanfacts.analysis.audit', 'sqlite3', 'rich') "
        "if m in sys.modules), file=sys.stderr)"
    )
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
    assert done.stderr.strip().splitlines()[-1] == "[]"
