"""Loading: where the file comes from, and how a bad one is refused whole."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS
from loanfacts.index import build as index_build
from loanfacts.model import store
from loanfacts.model.errors import ExitCode, FactsFileError, NotIndexable


def write(tmp_path: Path, doc: Any, name: str = "f.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def good_doc() -> dict[str, Any]:
    return json.loads(FACTS.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_precedence(tmp_path: Path) -> None:
    """--facts beats LOANFACTS_FACTS beats the bundled file."""
    assert store.resolve_path(tmp_path / "a", {"LOANFACTS_FACTS": "b"}) == tmp_path / "a"
    assert store.resolve_path(None, {"LOANFACTS_FACTS": "b"}) == Path("b")
    assert store.resolve_path(None, {}) == store.bundled_path()


def test_bundled_file_is_the_top_level_one() -> None:
    """One source of truth: the bundled facts equal the repository's facts.json."""
    assert store.bundled_path().read_bytes() == FACTS.read_bytes()


def test_loads_every_report_figure() -> None:
    base = store.load(FACTS)
    report = [f for f in base.facts if not base.is_reference(f)]
    assert len(report) == 16
    assert len(base.facts) - len(report) == 26


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FactsFileError) as err:
        store.load(tmp_path / "nope.json")
    assert "no such file" in str(err.value)
    assert err.value.exit_code is ExitCode.DATA


def test_duplicate_id_names_record(tmp_path: Path) -> None:
    doc = good_doc()
    doc["facts"][3]["id"] = doc["facts"][0]["id"]
    with pytest.raises(FactsFileError) as err:
        store.load(write(tmp_path, doc))
    assert "record 3 (id 'manufacturing-loans-balance'), field 'id': duplicate id" in str(err.value)


def test_broken_reference(tmp_path: Path) -> None:
    doc = good_doc()
    doc["facts"][1]["relations"]["growth_of"] = "no-such-fact"
    with pytest.raises(FactsFileError) as err:
        store.load(write(tmp_path, doc))
    assert "field 'relations.growth_of': refers to unknown fact 'no-such-fact'" in str(err.value)


def test_bad_value_located(tmp_path: Path) -> None:
    """The message names file, record index, id and field in one line."""
    doc = good_doc()
    doc["facts"][2]["value"] = "lots"
    path = write(tmp_path, doc)
    with pytest.raises(FactsFileError) as err:
        store.load(path)
    message = str(err.value)
    assert message.startswith(
        f"{path}: record 2 (id 'manufacturing-loans-growth-gap'), field 'value':"
    )
    assert "\n" not in message


def test_every_problem_collected(tmp_path: Path) -> None:
    doc = good_doc()
    doc["facts"][0]["value"] = None
    doc["facts"][5]["colour"] = "red"
    file, problems = store.check_bytes(json.dumps(doc).encode())
    assert file is None
    assert [(p.index, p.field) for p in problems] == [(0, "value"), (5, "colour")]


def test_byte_order_mark_accepted() -> None:
    file, problems = store.check_bytes(b"\xef\xbb\xbf" + FACTS.read_bytes())
    assert problems == [] and file is not None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "file is empty"),
        (b"{", "not valid JSON"),
        (b"\xff\xfe{\x00", "UTF-16"),
        (b'{"facts": "\xff"}', "not valid UTF-8"),
    ],
)
def test_unreadable_content(raw: bytes, expected: str) -> None:
    _, problems = store.check_bytes(raw)
    assert expected in problems[0].render()


def test_file_is_not_changed(tmp_path: Path) -> None:
    """Loading is read-only."""
    path = write(tmp_path, good_doc())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    store.load(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_bundled_file_has_no_provenance_warning() -> None:
    """Every reference source names its publisher and date, or says why it cannot."""
    assert store.provenance_warnings(store.load(FACTS).file) == []


def _sources(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in doc["sources"]}


def test_reference_source_without_publisher_or_date_warns(tmp_path: Path) -> None:
    """A warning, not a problem: the file stays valid and loads."""
    doc = good_doc()
    luoyang = _sources(doc)["luoyang-daily-2025"]
    del luoyang["publisher"], luoyang["published"]
    feature = _sources(doc)["henan-banking-feature-2025"]
    feature["not_found"] = []
    path = write(tmp_path, doc)
    warnings = store.provenance_warnings(store.load(path).file)
    assert [(w.record_id, w.field) for w in warnings] == [
        ("henan-banking-feature-2025", "sources.1.publisher"),
        ("luoyang-daily-2025", "sources.5.publisher"),
        ("luoyang-daily-2025", "sources.5.published"),
    ]
    assert "names no publication date" in warnings[2].message


def test_not_found_needs_a_note(tmp_path: Path) -> None:
    doc = good_doc()
    del _sources(doc)["henan-banking-feature-2025"]["note"]
    warnings = store.provenance_warnings(store.load(write(tmp_path, doc)).file)
    assert [(w.field, w.message) for w in warnings] == [
        ("sources.1.note", "not_found is given without a note saying why")
    ]


def test_report_sources_are_not_held_to_it(tmp_path: Path) -> None:
    """Only reference sources: the report the file is about may be undated."""
    doc = good_doc()
    report = _sources(doc)["henan-manufacturing-loans-2025"]
    report.pop("publisher"), report.pop("not_found")
    assert store.provenance_warnings(store.load(write(tmp_path, doc)).file) == []


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    """A 2 GB sparse file is refused by its size, through the whole-file path and the index
    build alike: nothing is read (it used to be read whole, being under the 2 GiB then
    allowed). The process may not grow past 1 GB, so reading it would fail otherwise."""
    path = tmp_path / "sparse.json"
    with path.open("wb") as out:
        out.truncate(2_000_000_000)
    env = {**os.environ, "LOANFACTS_CACHE_DIR": str(tmp_path / "cache")}
    for extra in ({"LOANFACTS_CACHE_MIN_BYTES": "0"}, {}):
        done = subprocess.run(
            [sys.executable, "-m", "loanfacts", "show", "x", "--facts", str(path)],
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)),
        )
        assert done.returncode == 3, done.stderr
        assert done.stderr == (
            f"loanfacts: error: {path}: file too large (2000000000 bytes; "
            f"the limit is {store.MAX_BYTES})\n"
        )
    with pytest.raises(NotIndexable):
        index_build.build(path, tmp_path / "index.sqlite")
    assert store.MAX_BYTES == 1024**3  # README: at most 1 GiB
