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
    # nor are the names of the lexicon and the facts' keys worked out again: the cache keeps
    # them
    monkeypatch.setattr("loanfacts.lookup.query.name_phrase", refused)
    monkeypatch.setattr("loanfacts.lookup.query.fact_keys", refused)
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


# what a cached `show --json` that finds its figures has no use for: the audit, SQLite and
# rich; the other commands' modules; "did you mean" and search; pickle.py (the C unpickler
# reads the cache)
NOT_FOR_SHOW_JSON = (
    "loanfacts.analysis.audit",
    "sqlite3",
    "rich",
    "loanfacts.cli.analysis",
    "loanfacts.cli.files",
    "loanfacts.cli.text",
    "loanfacts.cli.reports",
    "loanfacts.lookup.hints",
    "loanfacts.lookup.search",
    "loanfacts.lookup.suggest",
    "pickle",
)
# the Unicode classes compiled only for a text that holds an unprintable character, and the
# pattern read only when a file is validated
NOT_COMPILED = (
    "loanfacts.render._unsafe",
    "loanfacts.model.jsontext._risky",
    "loanfacts.model.store._long_value",
    "loanfacts.model.models._iso_date",
)


def test_show_json_imports_no_audit_once_cached(tmp_path: Path) -> None:
    """`show --json` of the bundled file, its cache written: none of NOT_FOR_SHOW_JSON is
    imported and none of NOT_COMPILED compiled."""
    env = {**os.environ, "LOANFACTS_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("LOANFACTS_CACHE_MIN_BYTES", None)
    env.pop("LOANFACTS_FACTS", None)
    code = (
        "import sys, importlib; from loanfacts.cli import main; sys.argv = ['loanfacts', "
        "'show', 'manufacturing', '--json']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {NOT_FOR_SHOW_JSON!r} if m in sys.modules), file=sys.stderr)\n"
        f"for name in {NOT_COMPILED!r}:\n"
        "    module, _, function = name.rpartition('.')\n"
        "    if getattr(importlib.import_module(module), function).cache_info().currsize:\n"
        "        print('compiled', name, file=sys.stderr)\n"
    )
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
    assert done.stdout.startswith("[\n  {")
    assert done.stderr.strip().splitlines() == ["[]"]


def test_command_modules_hold_what_they_register() -> None:
    """cli.COMMAND_MODULES, by which a call imports its command's module alone, names each
    module's commands in the order they register (the order of --help)."""
    from typer.main import get_command_name

    from loanfacts import cli

    got: dict[str, list[str]] = {}
    for info in cli.app.registered_commands:
        module = getattr(info.callback, "__module__", "").removeprefix("loanfacts.cli.")
        name = info.name or get_command_name(getattr(info.callback, "__name__", ""))
        got.setdefault(module, []).append(name)
    assert got == {module: list(names) for module, names in cli.COMMAND_MODULES.items()}
    assert list(got) == list(cli.COMMAND_MODULES)


def test_the_whole_app_keeps_its_order_after_one_command() -> None:
    """A command of the last module run alone first (in a fresh process): the whole app asked
    for afterwards lists its commands in the order of --help all the same."""
    code = (
        "from loanfacts import cli\n"
        "narrowed = cli.invoked(['merge', '--help'])\n"
        "print(' '.join(i.callback.__name__ for i in narrowed.registered_commands))\n"
        "print(' '.join(i.name or i.callback.__name__ for i in cli.app.registered_commands))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    alone, whole = done.stdout.splitlines()
    assert alone == "merge_command"
    assert whole.split() == [n for names in _command_modules().values() for n in names]


def _command_modules() -> dict[str, tuple[str, ...]]:
    from loanfacts.cli import COMMAND_MODULES

    return COMMAND_MODULES


@pytest.mark.parametrize("pattern", ["loanfacts.render.UNSAFE", "loanfacts.model.jsontext.RISKY"])
def test_what_is_escaped_or_removed_is_unprintable(pattern: str) -> None:
    """render.clean and jsontext.dumps leave a printable text as it is, without compiling
    their class: every character of it must be one str.isprintable refuses."""
    import importlib
    import re

    module, _, name = pattern.rpartition(".")
    compiled = re.compile(getattr(importlib.import_module(module), name))
    chars = [chr(c) for c in range(0x3000) if compiled.fullmatch(chr(c))]
    assert len(chars) > 40
    assert [c for c in chars if c.isprintable()] == []


def test_show_with_the_cached_keys_is_show_without(cache_env: Path) -> None:
    """query.show given every fact's keys (the bundled cache) picks what it picks working
    them out, for every name, tag and id of the bundled file, their words and measure words."""
    from loanfacts.lookup import query

    base = bundled.base(store.bundled_path(), os.environ)
    assert base.keys is not None
    assert base.names == frozenset(query.lexicon_pairs(base.facts))
    assert base.keys == {f.id: query.fact_keys(f) for f in base.facts}
    lexicon = query.FileLexicon(base.facts)
    texts = {"balance", "growth", "high-tech growth", "3563.91", "prior year", "no such thing"}
    for fact in base.facts:
        for text in (fact.id, fact.topic, *fact.aliases, *fact.tags):
            texts |= {text, *text.split()}
    assert len(texts) > 100
    for text in sorted(texts):
        assert query.show(base.facts, text, lexicon, base.keys) == query.show(
            base.facts, text, lexicon
        ), text


@pytest.mark.parametrize(
    ("argv", "taken"),
    [(["--help"], False), (["-h"], False), (["show", "x", "--json"], True), ([], True)],
)
def test_preload_takes_typers_parsing_ahead_unless_help_alone(argv: list[str], taken: bool) -> None:
    """cli.preload imports pydantic's schema machinery, which Typer imports to read any
    command's parameters (with the collector off, in the console entry), except for
    `--help` alone, which never needs it."""
    code = (
        "import sys; from loanfacts.cli import preload\n"
        f"preload({argv!r})\n"
        "print('typer._adapters' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(taken)
