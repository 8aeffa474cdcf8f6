"""Shared fixtures: the bundled facts, a CliRunner, a pinned terminal for tables, and a home
and cache folder of each test's own, so that no test writes outside a temporary folder."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from loanfacts.model import store
from loanfacts.model.store import FactBase

ROOT = Path(__file__).resolve().parent.parent


def generator() -> ModuleType:
    """benchmarks/generate.py, the one maker of synthetic and cloned facts files."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FACTS = ROOT / "facts.json"
# the files whose tests build indexes, wheels and sdists, start processes or generate many
# cases: marked `slow`, left out of the fast profile (`-m "not slow"`, CONTRIBUTING.md)
SLOW_FILES = frozenset(
    {
        "test_entrypoint.py",
        "test_fuzz.py",
        "test_index.py",
        "test_index_paths.py",
        "test_index_unicode.py",
        "test_packaging.py",
        "test_pipes_signals.py",
        "test_screenshots.py",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables at a fixed width and without colour, whatever the machine running the tests."""
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("LOANFACTS_FACTS", raising=False)


@pytest.fixture(autouse=True)
def _temporary_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The index of a large facts file goes to a temporary cache folder, never to the user's
    ~/.cache/loanfacts. HOME and XDG_CACHE_HOME move too, for code (or a test) that looks past
    $LOANFACTS_CACHE_DIR; subprocesses inherit all three."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # an index is built before the answer, as before: no detached builder outlives a test
    # (tests/test_stream.py unsets it to test the background build)
    monkeypatch.setenv("LOANFACTS_INDEX", "foreground")


@pytest.fixture(scope="session")
def base() -> FactBase:
    return store.load(FACTS)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cache_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every file indexed, whatever its size, into a fresh cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(folder))
    monkeypatch.setenv("LOANFACTS_CACHE_MIN_BYTES", "0")
    return folder


def whole_cut(fact: object) -> str:
    """search.index_words as it was, the text cut whole: what the field-by-field cut must
    equal (test_speed), and the text the index looked a Chinese term up in (test_index_words)."""
    from loanfacts.lookup.query import figures, fold
    from loanfacts.model.models import Fact
    from loanfacts.text.words import WORD

    assert isinstance(fact, Fact)
    texts = [
        fact.id.replace("-", " "),
        fact.topic,
        " | ".join(fact.aliases),
        " | ".join(fact.tags),
        fact.entity,
        fact.source.text,
        fact.description,
    ]
    joined = " ".join("\x01".join(texts).casefold().replace("_", " ").split())
    seen = set(WORD.findall(joined))
    folded = {fold(w) for w in seen}
    return "\x01".join([joined, " ".join(figures(fact)), " ".join(sorted(folded - seen))])
