"""The index is really used, across batch boundaries, and refuses what the file refuses.

These fail when the faster path is silently skipped: store.load (the whole file) is made to
fail, so only answers from the index get through. Batch sizes are patched small, so that
records on both sides of a boundary meet every rule across records.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts.cli import app
from loanfacts.index import folder, reader
from loanfacts.index import rows as index_rows
from loanfacts.model import store

ROWS = 800


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    from conftest import generator

    generated: dict[str, Any] = generator().facts_doc(ROWS)
    return generated


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


INDEXED = [
    ["show", "manufacturing loans in Anan", "--json"],
    ["show", "Yangan"],
    ["show", "no such thing"],
    ["search", "export", "balance", "--json"],
    ["list", "--json"],
    ["list", "-f", "csv"],
    ["list", "--topic", "export"],
    ["list", "--sort", "id", "--json"],
    ["card", "agriculture-xinan-2021q5-yoy"],
    ["card", "agriculture-xinan-2021q5-yoy", "--json"],
    ["card", "no-such-id"],
    ["show", "agriculture-xinan-2021q5-yoy"],
]


@pytest.mark.parametrize("cmd", INDEXED, ids=" ".join)
def test_look_ups_answer_from_the_index_alone(
    cache_env: Path,
    tmp_path: Path,
    doc: dict[str, Any],
    cmd: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every look-up the index serves answers as the file does without reading the file
    whole (which this test forbids once the index exists)."""
    path = write(tmp_path / "facts.json", doc)
    expected = run(*cmd, "--facts", str(path), "--no-cache")
    run("show", "x", "--facts", str(path))  # builds the index
    monkeypatch.setattr(store, "load", _refuse)
    assert run(*cmd, "--facts", str(path)) == expected


def _refuse(path: Path) -> store.FactBase:
    raise AssertionError(f"the file was read whole: {path}")


@pytest.mark.parametrize("batch", [1, 7, 399, 800, 801])
def test_batch_boundaries(
    cache_env: Path,
    tmp_path: Path,
    doc: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    """Whatever the batch size, the index holds every record whole and in order, relations
    may point to records of a later batch, and streamed output is the file's."""
    monkeypatch.setattr(index_rows, "BATCH", batch)
    first = doc["facts"][0]
    later = dict(
        doc, facts=[dict(first, relations={"part_of": doc["facts"][-1]["id"]}), *doc["facts"][1:]]
    )
    path = write(tmp_path / "facts.json", later)
    for cmd in (["list", "--json"], ["list", "-f", "jsonl"], ["search", "loans", "--json"]):
        expected = run(*cmd, "--facts", str(path), "--no-cache")
        assert run(*cmd, "--facts", str(path)) == expected
    [index] = folder.cache_dir(os.environ).glob("index-*.sqlite")
    with sqlite3.connect(index) as con:
        raws = [json.loads(r) for (r,) in con.execute("SELECT raw FROM facts ORDER BY idx")]
    assert raws == later["facts"]


def _breach(doc: dict[str, Any], rule: str) -> dict[str, Any]:
    """doc with one rule across records broken, between records far apart."""
    facts = [dict(f) for f in doc["facts"]]
    sources = [dict(s) for s in doc["sources"]]
    last = len(facts) - 1
    if rule == "duplicate id":
        facts[last]["id"] = facts[3]["id"]
    elif rule == "duplicate source id":
        sources.append(dict(sources[0]))
    elif rule == "unknown document":
        facts[last]["source"] = dict(facts[last]["source"], document="nowhere")
    elif rule == "unknown relation":
        facts[2]["relations"] = {"growth_of": "no-such-fact"}
    elif rule == "refers to itself":
        facts[last]["relations"] = {"part_of": facts[last]["id"]}
    return {"facts": facts, "sources": sources, "schema_version": 1}


RULES = [
    "duplicate id",
    "duplicate source id",
    "unknown document",
    "unknown relation",
    "refers to itself",
]


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_across_records_through_the_index(
    cache_env: Path, tmp_path: Path, doc: dict[str, Any], rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each rule store.Integrity keeps, broken between records of different batches: the
    command refuses the file exactly as reading it whole does (exit 3, the same line), and
    no index is left of it."""
    monkeypatch.setattr(index_rows, "BATCH", 50)
    path = write(tmp_path / "facts.json", _breach(doc, rule))
    for cmd in (["show", "manufacturing"], ["list", "--json"], ["search", "loans"]):
        expected = run(*cmd, "--facts", str(path), "--no-cache")
        assert expected[0] == 3 and expected[2].count("\n") == 1
        assert run(*cmd, "--facts", str(path)) == expected
    assert not list(cache_env.glob("index-*.sqlite"))


def test_verdict_agrees_with_the_wording(doc: dict[str, Any]) -> None:
    """store.Integrity's streaming verdict holds exactly when its wording finds nothing."""
    from loanfacts.model.models import FactsFile

    for rule in [*RULES, "none"]:
        file = FactsFile.model_validate(_breach(doc, rule))
        check = store.Integrity()
        for start in range(0, len(file.facts), 33):
            check.add(file.facts[start : start + 33])
        assert check.holds(file.sources) == (store.Integrity.problems(file) == []), rule


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_card_from_the_index_equals_the_card_from_the_file(
    cache_env: Path, tmp_path: Path, doc: dict[str, Any], which: str
) -> None:
    """Every fact's card (JSON and table) built from the index's neighbourhood (topic,
    relations, stored findings) is the card built from the whole file."""
    path = FACTS if which == "bundled" else write(tmp_path / "facts.json", doc)
    ids = [f["id"] for f in json.loads(path.read_text(encoding="utf-8"))["facts"]]
    for fid in ids if which == "bundled" else ids[::40]:
        for fmt in (["--json"], ["--format", "markdown"], []):
            args = ["card", fid, *fmt, "--facts", str(path)]
            assert run(*args) == run(*args, "--no-cache"), args


def test_unchanged_file_is_not_hashed(
    cache_env: Path, tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A look-up finds the file unchanged from its size, times and identity, without reading
    it; a file changed within the build's own second (racy) is hashed every time."""
    path = write(tmp_path / "facts.json", doc)
    old = time.time() - 10
    os.utime(path, (old, old))
    time.sleep(0.01)
    # the change time moves with utime: wait until it is past the racy window
    monkeypatch.setattr(index_rows, "RACY_NS", 0)
    args = ["show", "Yangan", "--json", "--facts", str(path)]
    expected = run(*args)
    hashed: list[Path] = []
    real = reader.Digest.of_file

    def counted(target: Path) -> str:
        hashed.append(target)
        return real(target)

    monkeypatch.setattr(reader.Digest, "of_file", staticmethod(counted))
    assert run(*args) == expected
    assert hashed == []
    [index] = cache_env.glob("index-*.sqlite")
    with sqlite3.connect(index) as con:
        con.execute("UPDATE meta SET value = '1' WHERE key = 'racy'")
    assert run(*args) == expected
    assert hashed == [path]


def test_folder_is_private(cache_env: Path, tmp_path: Path, doc: dict[str, Any]) -> None:
    """The cache folder is created 0700, as its index files are 0600."""
    path = write(tmp_path / "facts.json", doc)
    run("show", "x", "--facts", str(path))
    assert cache_env.stat().st_mode & 0o777 == 0o700
    [index] = cache_env.glob("index-*.sqlite")
    assert index.stat().st_mode & 0o777 == 0o600


def test_eviction(
    cache_env: Path, tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a build: an index whose facts file is gone goes, one unused for 30 days goes,
    then the least recently used until the folder fits LOANFACTS_CACHE_MAX_BYTES; the index
    just built stays even when it alone is over."""
    small = dict(doc, facts=doc["facts"][:100])
    paths = [write(tmp_path / f"f{n}.json", small) for n in range(5)]
    for path in paths:
        run("show", "x", "--facts", str(path))
    index_of = {p: folder.index_path(cache_env, p) for p in paths}
    assert all(i.exists() for i in index_of.values())
    paths[0].unlink()  # its index is stale now
    month_ago = time.time() - 31 * 86400
    os.utime(index_of[paths[1]], (month_ago, month_ago))
    for n, path in enumerate(paths[2:]):  # least recently used: paths[2]
        os.utime(index_of[path], (time.time() - 100 + n, time.time() - 100 + n))
    size = index_of[paths[3]].stat().st_size
    monkeypatch.setenv("LOANFACTS_CACHE_MAX_BYTES", str(3 * size))
    newest = write(tmp_path / "new.json", small)
    run("show", "x", "--facts", str(newest))
    left = sorted(cache_env.glob("index-*.sqlite"))
    assert left == sorted(
        [index_of[paths[3]], index_of[paths[4]], folder.index_path(cache_env, newest)]
    )
    monkeypatch.setenv("LOANFACTS_CACHE_MAX_BYTES", "1")
    run("show", "x", "--facts", str(paths[4]))  # used: it is the newest now
    write(paths[3], dict(small, facts=small["facts"][:50]))  # changed: rebuilt, and alone
    run("show", "x", "--facts", str(paths[3]))
    assert list(cache_env.glob("index-*.sqlite")) == [index_of[paths[3]]]
