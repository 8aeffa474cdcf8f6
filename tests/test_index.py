"""The index in the cache folder: same answers as the file read whole, never stale, never
corrupt, and never in the way (read-only or broken cache folders run uncached)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS, generator
from loanfacts import index as lfindex
from loanfacts.cli import app
from loanfacts.index import build as index_build
from loanfacts.index import folder, key, reader
from loanfacts.index import rows as index_rows
from loanfacts.lookup import query
from loanfacts.model import store
from loanfacts.model.errors import NotIndexable


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "facts-800.json"
    doc = generator().facts_doc(800)
    # sources after facts, compact: the index must not depend on the usual layout
    path.write_text(
        json.dumps(
            {"facts": doc["facts"], "sources": doc["sources"], "schema_version": 1},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def built_indexes(tmp_path_factory: pytest.TempPathFactory, generated: Path) -> Path:
    """The indexes of the bundled and the generated file, built once a session (a worker)."""
    folder = tmp_path_factory.mktemp("built-cache")
    env = {
        **os.environ,
        "LOANFACTS_CACHE_DIR": str(folder),
        "LOANFACTS_CACHE_MIN_BYTES": "0",
        "LOANFACTS_INDEX": "foreground",
    }
    for path in (FACTS, generated):
        index = lfindex.open_index(path, env)
        assert index is not None
        index.con.close()
    return folder


@pytest.fixture
def indexed_cache(cache_env: Path, built_indexes: Path) -> dict[str, int]:
    """cache_env holding a copy of both indexes (a copy is still the index of its file, which
    has not changed): what each index file is, to prove that none was built again."""
    cache_env.mkdir(mode=0o700, exist_ok=True)
    for built in indexes(built_indexes):
        shutil.copy2(built, cache_env / built.name)
    return {p.name: p.stat().st_ino for p in indexes(cache_env)}


def used_not_rebuilt(cache_env: Path, before: dict[str, int]) -> bool:
    return {p.name: p.stat().st_ino for p in indexes(cache_env)} == before and len(before) == 2


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


def indexes(folder: Path) -> list[Path]:
    return sorted(folder.glob("index-*.sqlite")) if folder.is_dir() else []


SHOW = [
    "manufacturing",
    "制造业",
    "high-tech",
    "loans",
    "7+28+N",
    "manufacturing-loans-balance",
    "manufacturing loanz",
    "zz",
    "余额",
    "% ",
    "Shandong",
    "年",
]
SEARCH = [
    ["supply", "chain"],
    ["7+28+N"],
    ["制造"],
    ["余额", "growth"],
    ["13.43%"],
    ["zz"],
    ["loans", "balance"],
    [","],
    ["high-tech", "manufacturing", "balance"],
    ["m"],
]
LIST = [
    [],
    ["--topic", "manufacturing"],
    ["--topic", "制造业"],
    ["--measure", "yoy_growth"],
    ["--sort", "topic"],
    ["--sort", "date"],
    ["--sort", "value"],
    ["--sort", "id"],
    ["--date", "2025-06-30"],
    ["--topic", "loans", "--sort", "topic"],
    ["--topic", "zz"],
    ["--entity", "henan"],
]
# issue 12's look-ups: several words, word forms, measure words, questions, numbers, derived
# words, and the messages when nothing matched
LOOKUPS = [
    *(
        ["show", topic]
        for topic in [
            "clean energy",
            "visit",
            "client",
            "loan",
            "balance",
            "growth",
            "high-tech growth",
            "制造业余额",
            "all loans",
            "how many bank visits",
            "141",
            "3563.91",
            "9,000",
            "prior year",
            "per client",
            "clean energy growth",
            "hi tech",
            "banks",
            "national share",
            "Agriculture",
            "agriculture balances",
            "export loan",
        ]
    ),
    ["show", "manufacturing", "--source", "nope"],
    ["show", "manufacturing", "--source", "luoyang-daily-2025"],
    *(
        ["search", *words]
        for words in [
            ["how", "many", "bank", "visits"],
            ["3563.91"],
            ["clients"],
            ["industries"],
            ["manufacturng"],
            ["supply", "luoyang"],
            ["agricultural", "balances"],
        ]
    ),
    *(
        ["list", *args]
        for args in [
            ["--topic", "balance"],
            ["--topic", "visit"],
            ["--topic", "agriculture loan"],
            ["--topic", "clean energy", "--measure", "count"],
            ["--source", "nope"],
            ["--measure", "count", "--date", "2025-01-01"],
            ["--topic", "manufacturng"],
            ["--topic", "growth", "--measure", "balance"],
        ]
    ),
]


def commands(extra: list[str]) -> Iterator[list[str]]:
    for topic in SHOW:
        yield ["show", topic, *extra]
    for terms in SEARCH:
        yield ["search", *terms, *extra]
    for args in LIST:
        yield ["list", *args, *extra]


# one command per writer path: show (a list of records), search (scored), list in file order
# (streamed from the index for JSON, JSON Lines and CSV) and list sorted (built whole)
WRITER_PATHS = [
    ["show", "manufacturing"],
    ["search", *SEARCH[0]],
    ["list"],
    ["list", "--sort", "value"],
]


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_same_output_with_and_without_index(
    cache_env: Path, indexed_cache: dict[str, int], generated: Path, which: str
) -> None:
    """Every show, search and list answer (stdout bytes, stderr, exit status) is the same
    from the index as from the file read whole (JSON: the selection, in full)."""
    path = FACTS if which == "bundled" else generated
    for cmd in commands([]):
        args = [*cmd, "--json", "--facts", str(path)]
        assert run(*args) == run(*args, "--no-cache"), args
    assert used_not_rebuilt(cache_env, indexed_cache)


@pytest.mark.parametrize("which", ["bundled", "generated"])
@pytest.mark.parametrize(
    "fmt",
    [["--format", "csv"], ["--format", "table"], ["--format", "jsonl"], ["--json", "--unit", "yi"]],
)
def test_same_output_in_every_format(
    cache_env: Path, indexed_cache: dict[str, int], generated: Path, which: str, fmt: list[str]
) -> None:
    """Each writer writes the same bytes from the index as from the whole file: one command
    per writer path (the selection itself is held equal above, in JSON)."""
    path = FACTS if which == "bundled" else generated
    for cmd in WRITER_PATHS:
        if "--unit" in fmt and cmd[0] == "search":
            continue  # search has no --unit
        args = [*cmd, *fmt, "--facts", str(path)]
        assert run(*args) == run(*args, "--no-cache"), args
    assert used_not_rebuilt(cache_env, indexed_cache)


@pytest.mark.parametrize("which", ["bundled", "generated"])
@pytest.mark.parametrize("fmt", [["--json"], ["--format", "markdown"]])
def test_same_lookups_with_and_without_index(
    cache_env: Path, indexed_cache: dict[str, int], generated: Path, which: str, fmt: list[str]
) -> None:
    """Issue 12's look-ups answer the same through the index as through the whole file:
    the selection (JSON; markdown takes the path that reads the candidates whole), the
    message and the exit status."""
    path = FACTS if which == "bundled" else generated
    for cmd in LOOKUPS:
        args = [*cmd, *fmt, "--facts", str(path)]
        assert run(*args) == run(*args, "--no-cache"), args
    assert used_not_rebuilt(cache_env, indexed_cache)


def test_index_is_used_and_no_cache_leaves_none(cache_env: Path, generated: Path) -> None:
    """--no-cache reads the file whole and writes nothing; without it an index appears."""
    run("show", "manufacturing", "--facts", str(generated), "--no-cache")
    assert indexes(cache_env) == []
    run("show", "manufacturing", "--facts", str(generated))
    assert len(indexes(cache_env)) == 1


def test_small_files_are_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the threshold the index does not pay; the bundled file is read directly."""
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LOANFACTS_CACHE_MIN_BYTES", raising=False)
    assert run("show", "manufacturing", "--json")[0] == 0
    assert indexes(tmp_path) == []


def _copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


def test_changed_file_is_not_served_stale(cache_env: Path, tmp_path: Path) -> None:
    """A new figure in the file shows at once, from a rebuilt index."""
    path = _copy(FACTS, tmp_path / "facts.json")
    before = run("show", "manufacturing-loans-balance", "--json", "--facts", str(path))
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["facts"][0]["value"] = 9100
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    after = run("show", "manufacturing-loans-balance", "--json", "--facts", str(path))
    assert before != after
    assert json.loads(after[1])[0]["value"] == 9100
    assert after == run(
        "show", "manufacturing-loans-balance", "--json", "--facts", str(path), "--no-cache"
    )


def test_same_size_and_mtime_new_content(cache_env: Path, tmp_path: Path) -> None:
    """Size and modification time only pre-check: equal ones with new bytes still rebuild."""
    path = _copy(FACTS, tmp_path / "facts.json")
    run("show", "manufacturing", "--json", "--facts", str(path))
    st = path.stat()
    raw = path.read_bytes()
    changed = raw.replace(b'"value": 9000,', b'"value": 9001,', 1)
    assert changed != raw and len(changed) == len(raw)
    path.write_bytes(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    code, out, _ = run("show", "manufacturing-loans-balance", "--json", "--facts", str(path))
    assert code == 0 and json.loads(out)[0]["value"] == 9001


@pytest.mark.parametrize("damage", ["truncate", "invalid", "duplicate-id", "not-json"])
def test_broken_file_gives_same_error(cache_env: Path, tmp_path: Path, damage: str) -> None:
    """A truncated or invalid file is refused (exit 3, one line) exactly as without the
    index, even when an index of its valid version exists."""
    path = _copy(FACTS, tmp_path / "facts.json")
    assert run("show", "manufacturing", "--facts", str(path))[0] == 0
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "invalid":
        path.write_bytes(raw.replace(b'"measure": "balance"', b'"measure": "stock"', 1))
    elif damage == "duplicate-id":
        path.write_bytes(
            raw.replace(
                b'"id": "manufacturing-loans-yoy"', b'"id": "manufacturing-loans-balance"', 1
            )
        )
    else:
        path.write_bytes(b"{" + raw)
    for cmd in (["show", "manufacturing"], ["search", "loans"], ["list"]):
        cached = run(*cmd, "--facts", str(path))
        direct = run(*cmd, "--facts", str(path), "--no-cache")
        assert cached == direct
        assert cached[0] == 3 and cached[2].count("\n") == 1


@pytest.mark.parametrize("garbage", [b"", b"not a database at all" * 100, "truncated"])
def test_corrupt_index_is_rebuilt(cache_env: Path, generated: Path, garbage: bytes | str) -> None:
    """A damaged index file is ignored and replaced; answers stay right."""
    args = ["search", "manufacturing", "balance", "--json", "--facts", str(generated)]
    expected = run(*args, "--no-cache")
    assert run(*args) == expected
    [index] = indexes(cache_env)
    if garbage == "truncated":
        index.write_bytes(index.read_bytes()[:8192])
    else:
        assert isinstance(garbage, bytes)
        index.write_bytes(garbage)
    assert run(*args) == expected
    with sqlite3.connect(index) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_index_built_by_other_code_is_rebuilt(cache_env: Path, generated: Path) -> None:
    """An index whose code key differs (another version, or a changed tokenizer or audit
    rule) is not trusted: rebuilt."""
    args = ["show", "manufacturing", "--json", "--facts", str(generated)]
    expected = run(*args)
    [index] = indexes(cache_env)
    with sqlite3.connect(index) as con:
        con.execute("UPDATE meta SET value = 'other code' WHERE key = 'key'")
    assert run(*args) == expected
    with sqlite3.connect(index) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()[0] == (
            key.code_key()
        )


def test_code_key_follows_every_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key hashes the source of the package's modules: an edit to any of them (here the
    tokenizer) gives another key, with no number to bump by hand."""
    copy = tmp_path / "loanfacts"
    shutil.copytree(key.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(key, "PACKAGE", copy)
    key.code_key.cache_clear()
    before = key.code_key()
    words = copy / "text" / "words.py"
    words.write_text(words.read_text(encoding="utf-8").replace("+.%-", "+.%-/"), encoding="utf-8")
    key.code_key.cache_clear()
    assert key.code_key() != before
    key.code_key.cache_clear()


def test_concurrent_builders(tmp_path: Path, generated: Path) -> None:
    """Two processes building the same index at once both answer right, and the index left
    behind is whole and verified."""
    env = {
        **os.environ,
        "LOANFACTS_CACHE_DIR": str(tmp_path / "cache"),
        "LOANFACTS_CACHE_MIN_BYTES": "0",
        "NO_COLOR": "1",
    }
    argv = [
        sys.executable,
        "-m",
        "loanfacts",
        "search",
        "loans",
        "balance",
        "--json",
        "--facts",
        str(generated),
    ]
    procs = [
        subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outs = [p.communicate() for p in procs]
    expected = subprocess.run([*argv, "--no-cache"], env=env, capture_output=True, check=True)
    assert all(p.returncode == 0 for p in procs)
    assert all(out == (expected.stdout, expected.stderr) for out in outs)
    assert len(indexes(tmp_path / "cache")) == 1
    assert not list((tmp_path / "cache").glob(".index-*"))  # no temporary files left
    assert lfindex.open_index(generated, env) is not None


def test_concurrent_build_calls(tmp_path: Path, generated: Path) -> None:
    """index.build racing itself in two processes: the later os.replace wins whole."""
    target = tmp_path / "cache" / "index-x.sqlite"
    code = (
        "import sys; from pathlib import Path; from loanfacts.index import build; "
        "build.build(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(generated), str(target)])
        for _ in range(2)
    ]
    assert [p.wait() for p in procs] == [0, 0]
    with sqlite3.connect(target) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    assert count == 800


def test_read_only_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated: Path
) -> None:
    """A cache folder that cannot be written means running uncached, not failing; an index
    already there is still read."""
    folder = tmp_path / "ro"
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(folder))
    monkeypatch.setenv("LOANFACTS_CACHE_MIN_BYTES", "0")
    args = ["show", "manufacturing", "--json", "--facts", str(generated)]
    expected = run(*args, "--no-cache")
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if not os.access(folder, os.W_OK):  # root writes anyway; the next test covers that
            assert run(*args) == expected
            assert indexes(folder) == []
        folder.chmod(stat.S_IRWXU)
        assert run(*args) == expected  # builds
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        assert run(*args) == expected  # reads the index it cannot rewrite
    finally:
        folder.chmod(stat.S_IRWXU)


def test_unwritable_cache_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated: Path
) -> None:
    """A cache folder that cannot exist (its parent is a file) fails for any user, root
    included: the command runs uncached."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setenv("LOANFACTS_CACHE_MIN_BYTES", "0")
    args = ["search", "loans", "--json", "--facts", str(generated)]
    assert run(*args) == run(*args, "--no-cache")


def test_cache_folder_choice(tmp_path: Path) -> None:
    """$LOANFACTS_CACHE_DIR, else $XDG_CACHE_HOME/loanfacts, else ~/.cache/loanfacts."""
    assert folder.cache_dir({"LOANFACTS_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert folder.cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "loanfacts"
    assert folder.cache_dir({"XDG_CACHE_HOME": "relative"}) == (
        Path.home() / ".cache" / "loanfacts"
    )


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_reader_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Records split across read windows (even inside a Chinese character or a number)
    come out whole; a byte-order mark and odd white space are fine."""
    monkeypatch.setattr(reader, "CHUNK", chunk)
    raw = FACTS.read_bytes().replace(b",\n", b" ,\r\n\t", 40)
    path = tmp_path / "facts.json"
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    target = tmp_path / "index.sqlite"
    index_build.build(path, target)
    doc = json.loads(raw)
    with sqlite3.connect(target) as con:
        rows = [json.loads(r[0]) for r in con.execute("SELECT raw FROM facts ORDER BY idx")]
    assert rows == doc["facts"]


def test_odd_shapes_are_left_to_the_full_check(tmp_path: Path) -> None:
    """Shapes the record reader does not take apart raise NotIndexable, never a wrong
    index."""
    for text in (
        "[]",
        "{}",
        '{"facts": {}}',
        '{"facts": [], "facts": []}',
        '{"facts": []} x',
        '{"facts": [1,]}',
        '{"facts": [{"id": 1}]}',
    ):
        path = tmp_path / "odd.json"
        path.write_text(text)
        with pytest.raises(NotIndexable):
            index_build.build(path, tmp_path / "odd.sqlite")


def test_index_keys_hold_every_folded_key(tmp_path: Path) -> None:
    """The index keeps each fact's folded keys, figures and measure: what query.py matches
    on stands whole in its row, so the rows it selects are a superset."""
    target = tmp_path / "index.sqlite"
    index_build.build(FACTS, target)
    facts = {f.id: f for f in store.load(FACTS).facts}
    with sqlite3.connect(target) as con:
        rows = con.execute("SELECT raw, keys, measure FROM facts JOIN keys USING (idx)").fetchall()
    for raw, keys, measure in rows:
        fact = facts[json.loads(raw)["id"]]
        for each in query.fact_keys(fact).split("\x01"):
            assert each in keys
        assert all(figure in keys for figure in query.figures(fact))
        assert measure == fact.measure.value


def test_damaged_rows_fall_back_to_the_file(cache_env: Path, generated: Path) -> None:
    """An index that passes its checks but fails when read (a table gone) is bypassed."""
    args = ["show", "manufacturing", "--json", "--facts", str(generated)]
    expected = run(*args, "--no-cache")
    assert run(*args) == expected
    [index] = indexes(cache_env)
    with sqlite3.connect(index) as con:
        con.execute("DROP TABLE vocab")
        con.execute("DROP TABLE keys_words")
    assert run(*args) == expected


@pytest.mark.parametrize(
    "cmd",
    [["show", "manufacturing", "--json"], ["list", "--json"], ["search", "balance", "--json"]],
)
def test_a_row_edited_to_text_falls_back_and_is_rebuilt(
    cache_env: Path, generated: Path, cmd: list[str]
) -> None:
    """An edit that changes a value inside the index also turns the record's BLOB into TEXT:
    the file answers (it was a traceback on every run), the index is deleted, the next
    look-up builds it again."""
    args = [*cmd, "--facts", str(generated)]
    expected = run(*args, "--no-cache")
    assert run(*args) == expected
    [index] = indexes(cache_env)
    with sqlite3.connect(index) as con:
        con.execute("UPDATE facts SET raw = replace(raw, 'loans', 'LOANS')")
    assert run(*args) == expected
    assert indexes(cache_env) == []
    assert run(*args) == expected
    assert len(indexes(cache_env)) == 1


@pytest.mark.parametrize(
    "cmd",
    [
        ["show", "manufacturng"],
        ["search", "manufacturng"],
        ["card", "manufacturng"],
        ["show", "manufacturing", "--source", "nope"],
    ],
)
def test_a_hint_from_a_damaged_index_comes_from_the_file(
    cache_env: Path, generated: Path, cmd: list[str]
) -> None:
    """Nothing matched, and the tables the hints read are gone: the hint (and exit status)
    is the whole file's, and the index is deleted."""
    args = [*cmd, "--facts", str(generated)]
    expected = run(*args, "--no-cache")
    assert expected[0] == 1 and "loanfacts:" in expected[2]
    assert run(*args) == expected
    [index] = indexes(cache_env)
    with sqlite3.connect(index) as con:
        con.execute("DROP TABLE vocab")
        con.execute("DROP TABLE ids")
        con.execute("DROP TABLE sources")
    assert run(*args) == expected
    assert indexes(cache_env) == []


def _dead_pid() -> int:
    """A process id no process has now."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            pass
        pid -= 1


def test_leftovers_of_killed_builders_are_swept(cache_env: Path, generated: Path) -> None:
    """At the next build, a temporary file goes when its builder's process is gone (SIGKILL
    leaves no chance to clean up) or it is a day old; one of a live builder stays."""
    cache_env.mkdir()
    dead = cache_env / f".index-{_dead_pid()}-abc.tmp"
    old, live = cache_env / ".index-1-old.tmp", cache_env / f".index-{os.getpid()}-def.tmp"
    for leftover in (dead, old, live):
        leftover.write_bytes(b"")  # as mkstemp leaves it (or an SQLite header)
    os.utime(old, (0, 0))
    run("show", "manufacturing", "--facts", str(generated))
    assert not dead.exists() and not old.exists() and live.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_interrupted_build_leaves_nothing(tmp_path: Path, signum: int) -> None:
    """A build stopped half-way (Ctrl-C, SIGTERM, SIGHUP) deletes its temporary file on the
    way out. The facts file is a FIFO no one writes yet, so the build waits inside."""
    fifo = tmp_path / "facts.fifo"
    os.mkfifo(fifo)
    folder_ = tmp_path / "cache"
    env = {**os.environ, "LOANFACTS_CACHE_DIR": str(folder_), "LOANFACTS_CACHE_MIN_BYTES": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "loanfacts", "show", "x", "--facts", str(fifo)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not list(folder_.glob(".index-*.tmp")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)
    assert not list(folder_.glob(".index-*.tmp"))
    assert out == b""
    if signum == signal.SIGINT:
        assert (proc.returncode, err) == (130, b"loanfacts: interrupted\n")
    else:
        assert (proc.returncode, err) == (-signum, b"")  # ended by the signal, as before


def test_signal_while_the_temporary_file_is_made_leaves_nothing(tmp_path: Path) -> None:
    """A SIGTERM that arrives while the build's temporary file is being made (before it is
    registered for deletion) is held back until it is registered, then deletes it: the race
    a loaded machine once lost (a .tmp left behind)."""
    leftover = tmp_path / "half.tmp"
    script = (
        "import os, signal\n"
        "from loanfacts.cleanup import removed_if_stopped\n"
        "def make():\n"
        f"    open({str(leftover)!r}, 'w').close()\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        f"    return {str(leftover)!r}\n"
        "with removed_if_stopped(make):\n"
        "    pass\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, timeout=60
    )
    assert proc.returncode == -signal.SIGTERM, proc.stderr
    assert not leftover.exists()


@pytest.mark.parametrize("size", [0, 1, 5, 1 << 22, (1 << 22) + 3])
def test_digest_same_read_whole_or_streamed(tmp_path: Path, size: int) -> None:
    """The digest a look-up computes equals the one a build computes chunk by chunk."""
    path = tmp_path / "blob"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    streamed = reader.Digest(size)
    with path.open("rb") as fh:
        while chunk := fh.read(7919):
            streamed.update(chunk)
    assert reader.Digest.of_file(path) == streamed.hexdigest()


@pytest.mark.parametrize("name", ["a#b", "a?b", "a%b", "50% off?#x"])
def test_cache_folder_name_with_uri_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated: Path, name: str
) -> None:
    """A folder name with `#`, `?` or `%` (special in an SQLite URI): the index built once is
    reused, and nothing appears outside the cache folder."""
    parent = tmp_path / "caches"
    parent.mkdir()
    folder = parent / name
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(folder))
    monkeypatch.setenv("LOANFACTS_CACHE_MIN_BYTES", "0")
    args = ["show", "manufacturing", "--json", "--facts", str(generated)]
    expected = run(*args, "--no-cache")
    assert run(*args) == expected
    [index] = indexes(folder)
    built = index.stat().st_ino  # a rebuild writes a new file and renames it over this one
    assert run(*args) == expected
    assert index.stat().st_ino == built  # reused, not rebuilt
    assert sorted(p.name for p in parent.iterdir()) == [name]


ROW_DAMAGE = {
    "row-invalid": "UPDATE facts SET raw = CAST('{\"id\": 1}' AS BLOB)",
    "value-changed": "UPDATE facts SET raw = CAST(replace(CAST(raw AS TEXT), '\"value\": ', "
    "'\"value\": 1') AS BLOB)",
    "flag-removed": "UPDATE facts SET flags = ''",
}
TABLE_DAMAGE = {
    "sources-dropped": "DROP TABLE sources",
    "source-changed": "UPDATE sources SET kind = 'reference'",
    "vocab-dropped": "DROP TABLE vocab",
    "facts-dropped": "DROP TABLE facts",
    "keys-dropped": "DROP TABLE keys",
    "terms-emptied": "DELETE FROM terms",
}
DAMAGED_COMMANDS = [
    ["list", "--json"],
    ["list", "--format", "csv"],
    ["list", "--sort", "id"],
    ["show", "Yangan"],
    ["show", "no such topic"],
    ["search", "loans", "balance"],
]


@pytest.mark.parametrize("damage", [*ROW_DAMAGE, *TABLE_DAMAGE, "pages"])
@pytest.mark.parametrize("cmd", DAMAGED_COMMANDS, ids=" ".join)
def test_damaged_index_answers_from_the_file_and_is_rebuilt(
    cache_env: Path, generated: Path, monkeypatch: pytest.MonkeyPatch, damage: str, cmd: list[str]
) -> None:
    """Any SQLite or validation error, or a row changed inside the index, discards the index:
    the answer is the file's (stdout, stderr and status), with no partial output, and the next
    look-up builds a sound index again. Batches are small and a streamed `list` meets the
    damage only in its last records, after it has read many."""
    monkeypatch.setattr(index_rows, "BATCH", 64)
    args = [*cmd, "--facts", str(generated)]
    expected = run(*args, "--no-cache")
    assert run(*args) == expected
    [index] = indexes(cache_env)
    if damage == "pages":
        raw = bytearray(index.read_bytes())
        start = len(raw) // 3
        raw[start : start + len(raw) // 3] = b"\xa5" * (len(raw) // 3)
        index.write_bytes(bytes(raw))
    else:
        sql = ROW_DAMAGE.get(damage) or TABLE_DAMAGE[damage]
        if damage in ROW_DAMAGE and cmd[0] == "list":
            sql += " WHERE idx >= 700"
        with sqlite3.connect(index) as con:
            con.execute(sql)
    assert run(*args) == expected
    assert run(*args) == expected
    [rebuilt] = indexes(cache_env)
    if cmd == ["show", "no such topic"] and damage != "vocab-dropped":
        return  # it reads no record nor source: the damage is never met; the answer is right
    with sqlite3.connect(rebuilt) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT count(*) FROM sources WHERE kind = 'report'").fetchone()[0]
        last = con.execute("SELECT raw FROM facts WHERE idx = 799").fetchone()[0]
    assert json.loads(last) == json.loads(generated.read_text(encoding="utf-8"))["facts"][799]


@pytest.mark.parametrize(
    "cmd",
    [
        ["show", "caf\udce9"],
        ["show", "loans \udce9"],
        ["search", "caf\udce9"],
        ["search", "\udce9"],
        ["list", "--topic", "caf\udce9"],
    ],
)
def test_undecodable_argument(cache_env: Path, generated: Path, cmd: list[str]) -> None:
    """Bytes that are not UTF-8 in an argument (`show $'caf\\xe9'` reaches Python as a lone
    surrogate) match what they match reading the file whole: no traceback."""
    args = [*cmd, "--facts", str(generated)]
    assert run(*args) == run(*args, "--no-cache")


def test_undecodable_argument_through_the_entry_point(tmp_path: Path, generated: Path) -> None:
    env = {
        **os.environ,
        "LOANFACTS_CACHE_DIR": str(tmp_path / "cache"),
        "LOANFACTS_CACHE_MIN_BYTES": "0",
    }
    argv: list[str | bytes] = [
        sys.executable,
        "-m",
        "loanfacts",
        "show",
        b"caf\xe9",
        "--facts",
        str(generated),
    ]
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith(b"loanfacts: no facts match 'caf")
    assert done.stderr.count(b"\n") == 1


def test_undecodable_completion_prefix(cache_env: Path, generated: Path) -> None:
    run("show", "x", "--facts", str(generated))
    index = lfindex.existing_index(generated, os.environ)
    assert index is not None
    assert index.completions("caf\udce9") == []
    assert index.completions("manufacturing loans in A")  # the index does answer


@pytest.mark.parametrize("planted", ["wal-database", "link-to-wal-database"])
def test_database_planted_at_the_index_path(
    cache_env: Path, generated: Path, tmp_path: Path, planted: str
) -> None:
    """A database in WAL mode put where the index goes (or a link to one elsewhere): opening it
    never writes a -wal or -shm file beside it, and the answers are the file's."""
    args = ["show", "manufacturing", "--json", "--facts", str(generated)]
    expected = run(*args, "--no-cache")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache_env.mkdir()
    target = folder.index_path(cache_env, generated)
    database = elsewhere / "planted.sqlite" if planted.startswith("link") else target
    con = sqlite3.connect(database)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('key', 'x')")
    con.commit()
    con.close()
    if database != target:
        target.symlink_to(database)
    before = sorted(p.name for p in elsewhere.iterdir())
    assert run(*args) == expected
    assert sorted(p.name for p in elsewhere.iterdir()) == before
    assert not list(cache_env.glob("*-wal")) and not list(cache_env.glob("*-shm"))
    assert run(*args) == expected
