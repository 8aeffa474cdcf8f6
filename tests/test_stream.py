"""The first look-up in a large file, answered from the file (index/stream.py) while its index
is built in the background: the same bytes as from the built index and from the whole file
(--no-cache), for every look-up command and format; and the detached builder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS, generator
from loanfacts import index as lfindex
from loanfacts.cli import app
from loanfacts.index import build as index_build
from loanfacts.index import folder, stream
from loanfacts.lookup import query

ID = "manufacturing-loans-balance-3"
REF = "ref-china-high-tech-enterprise-loans-2024-7"
COMMANDS: list[tuple[list[str], tuple[str, ...]]] = [
    # (argv, formats: "" is the table)
    (["show", ID], ("", "--json", "jsonl", "csv", "markdown")),
    (["show", "manufacturing"], ("", "--json", "jsonl", "csv", "markdown")),
    (["search", "supply", "chain"], ("", "--json", "jsonl", "csv", "markdown")),
    (["list", "--topic", "manufacturing"], ("", "--json", "jsonl", "csv", "markdown")),
    (["show", REF], ("", "--json")),
    (["show", "high-tech", "growth"], ("", "--json")),
    (["show", "制造业"], ("--json",)),
    (["show", "9000"], ("--json",)),
    (["show", "balance"], ("--json",)),
    (["show", "manufacturing", "--unit", "yi"], ("",)),
    (["show", "manufacturing", "--source", "henan-manufacturing-loans-2025"], ("--json",)),
    (["show", "manufacturing", "--source", "no-such-document"], ("--json",)),
    (["show", "manufacturing", "share"], ("--json",)),
    (["show", "manufacturng"], ("--json",)),  # did you mean
    (["show", "prior", "year", "manufacturing"], ("--json",)),
    (["show", "no-such-id-9"], ("--json",)),
    (["search", "高技术"], ("--json",)),
    (["search", "manufacturing", "zzzq"], ("--json",)),  # which word matched nothing
    (["list"], ("--json", "csv")),
    (["list", "--measure", "yoy_growth", "--sort", "value"], ("--json",)),
    (["card", ID], ("", "--json", "markdown")),
    (["card", "manufacturing"], ("--json",)),
    (["compare", ID, "high-tech-loans-balance-3"], ("--json",)),
]


def _topic(argv: list[str]) -> str:
    """The words of `show WORDS [--option value ...]`."""
    words = argv[1:]
    return " ".join(words[: next((i for i, w in enumerate(words) if w.startswith("--")), None)])


def _format(fmt: str) -> list[str]:
    if not fmt:
        return []
    return [fmt] if fmt.startswith("--") else ["--format", fmt]


def _clone(count: int, path: Path) -> Path:
    doc = generator().cloned_doc(count, FACTS)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cloned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled facts copied 10 times (every id and topic suffixed per copy)."""
    return _clone(420, tmp_path_factory.mktemp("clone") / "clone.json")


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 40 kB, so that a file of 350 kB is read in several, and a last one."""
    monkeypatch.setattr(stream, "CHUNK_BYTES", 40_000)


@pytest.fixture
def streamed_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files FileScan read (each pass), and no builder left pending after a test."""
    reads: list[Path] = []
    original = stream.FileScan._read

    def spy(self: stream.FileScan, each: object) -> object:
        reads.append(self.path)
        return original(self, each)  # type: ignore[arg-type]

    monkeypatch.setattr(stream.FileScan, "_read", spy)
    return reads


@pytest.fixture(autouse=True)
def _nothing_pending() -> Iterator[None]:
    yield
    lfindex._PENDING.clear()


def _run(runner: CliRunner, argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    done = runner.invoke(app, argv, env=env)
    return done.exit_code, done.stdout, done.stderr


def test_three_ways_same_bytes(
    runner: CliRunner,
    cloned: Path,
    tmp_path: Path,
    small_chunks: None,
    streamed_reads: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every look-up command in every format: streamed first answer, built index, whole file."""
    monkeypatch.delenv("LOANFACTS_INDEX")
    common = {"LOANFACTS_CACHE_MIN_BYTES": "0"}
    fresh = {**common, "LOANFACTS_CACHE_DIR": str(tmp_path / "never-built")}
    indexed = {
        **common,
        "LOANFACTS_CACHE_DIR": str(tmp_path / "built"),
        "LOANFACTS_INDEX": "foreground",
    }
    facts = ["--facts", str(cloned)]
    assert lfindex.open_index(cloned, {**os.environ, **indexed}) is not None
    for argv, formats in COMMANDS:
        for fmt in formats:
            line = [*argv, *facts, *_format(fmt)]
            before = len(streamed_reads)
            first = _run(runner, line, fresh)
            lfindex._PENDING.clear()
            if argv[0] == "search" or (
                argv[0] == "show" and (fmt or not query.looks_like_id(_topic(argv)))
            ):
                assert len(streamed_reads) > before, line  # answered from the file
                assert not (tmp_path / "never-built").exists(), line  # built later
            elif argv[0] in ("list", "card", "show"):  # built first, as before (show: a card)
                assert list((tmp_path / "never-built").glob("index-*")), line
            shutil.rmtree(tmp_path / "never-built", ignore_errors=True)
            from_index = _run(runner, line, indexed)
            uncached = [] if argv[0] == "compare" else ["--no-cache"]  # compare reads it whole
            whole = _run(runner, [*line, *uncached], fresh)
            assert first == whole, line
            assert from_index == whole, line


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "two-processes"])
def test_chunks_cut_between_records(
    parallel: bool, cloned: Path, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every record comes out once, in file order, whatever the chunk size, read by one
    process or by two (the child's half handed back): the stubs, the positions of the ids
    and of each chunk's first record, and what the pass made of each chunk."""
    forked: list[int] = []
    fork = stream._Child.fork

    def spy(work: Callable[[], object]) -> stream._Child:
        child = fork(work)
        forked.append(child.pid)
        return child

    monkeypatch.setattr(stream._Child, "fork", spy)
    monkeypatch.setattr(stream, "PARALLEL_CHUNKS", 2 if parallel else 10**9)
    scan = stream.FileScan(cloned)
    read, made = scan._read(lambda facts: [f.id for f in facts])
    expected = [f["id"] for f in json.loads(cloned.read_text(encoding="utf-8"))["facts"]]
    assert bool(forked) is parallel
    assert len(scan.parts) > 4
    assert [i for ids in made for i in ids] == expected
    assert [s.id for s in read.stubs] == expected
    assert read.integrity.first == {fid: at for at, fid in enumerate(expected)}
    assert read.integrity.count == len(expected)
    assert read.integrity.holds(read.file.sources)
    found = scan.facts_at(range(len(expected)))
    assert [found[at].id for at in range(len(expected))] == expected


def test_a_problem_in_the_childs_half_is_unstreamable(
    cloned: Path, tmp_path: Path, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A duplicate id across the halves, or a bad record in the child's half: the file is
    read whole (Unstreamable), as with one process."""
    monkeypatch.setattr(stream, "PARALLEL_CHUNKS", 2)
    doc = json.loads(cloned.read_text(encoding="utf-8"))
    twin = tmp_path / "twin.json"
    twin.write_text(
        json.dumps({**doc, "facts": [*doc["facts"], doc["facts"][0]]}), encoding="utf-8"
    )
    with pytest.raises(stream.Unstreamable):
        stream.FileScan(twin)._read(lambda facts: None)
    bad = tmp_path / "bad.json"
    facts = [*doc["facts"]]
    facts[-5] = {**facts[-5], "value": "lots"}
    bad.write_text(json.dumps({**doc, "facts": facts}), encoding="utf-8")
    with pytest.raises(stream.Unstreamable):
        stream.FileScan(bad)._read(lambda facts: None)


def test_a_failed_child_leaves_its_half_to_the_parent(
    cloned: Path, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child that dies without an answer (killed, out of memory): the parent reads that
    half itself, and the answer is the same."""
    monkeypatch.setattr(stream, "PARALLEL_CHUNKS", 2)
    fork = stream._Child.fork
    monkeypatch.setattr(stream._Child, "fork", lambda work: fork(lambda: os._exit(9)))
    read, made = stream.FileScan(cloned)._read(len)
    expected = json.loads(cloned.read_text(encoding="utf-8"))["facts"]
    assert sum(made) == len(expected) == len(read.stubs)


@pytest.mark.parametrize(
    "layout",
    [
        "compact, sources after the facts",
        "a string holding '},{'",
        "a duplicate id",
        "a relation to no fact",
        "not JSON at the end",
        "empty facts",
        "a value a double cannot keep",
        "not UTF-8",
    ],
)
def test_odd_files_answer_as_the_whole_file(
    runner: CliRunner,
    tmp_path: Path,
    small_chunks: None,
    monkeypatch: pytest.MonkeyPatch,
    layout: str,
) -> None:
    """A file in another layout streams or is read whole; a file with a problem is worded as
    the whole file words it: the same bytes and status either way."""
    monkeypatch.delenv("LOANFACTS_INDEX")
    doc = json.loads(_clone(210, tmp_path / "base.json").read_text(encoding="utf-8"))
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if layout.startswith("compact"):
        text = json.dumps(
            {"facts": doc["facts"], "sources": doc["sources"], "schema_version": 1},
            ensure_ascii=False,
        )
    elif layout.startswith("a string"):
        doc["facts"][150]["description"] = 'a "quote" },{ and } , { inside'
        text = json.dumps(doc, ensure_ascii=False, indent=1)
    elif layout == "a duplicate id":
        doc["facts"][200]["id"] = doc["facts"][3]["id"]
        text = json.dumps(doc, ensure_ascii=False, indent=1)
    elif layout == "a relation to no fact":
        doc["facts"][100]["relations"] = {"part_of": "nothing-here"}
        text = json.dumps(doc, ensure_ascii=False, indent=1)
    elif layout == "not JSON at the end":
        text = text[:-3]
    elif layout == "a value a double cannot keep":
        text = text.replace('"value": 9000', '"value": 9000.0000000000000001', 1)
    elif layout == "not UTF-8":
        text = text.replace("manufacturing", "manufactur\udcffng", 1)
    else:
        text = json.dumps({**doc, "facts": []})
    path = tmp_path / "facts.json"
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    env = {"LOANFACTS_CACHE_MIN_BYTES": "0", "LOANFACTS_CACHE_DIR": str(tmp_path / "cache")}
    for argv in (["show", ID, "--json"], ["show", "manufacturing"], ["search", "supply"]):
        line = [*argv, "--facts", str(path)]
        assert _run(runner, line, env) == _run(runner, [*line, "--no-cache"], env), line


def _wait_for_index(cache: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not list(cache.glob("index-*~loanfacts.sqlite")) or list(cache.glob(".index-*.tmp")):
        assert time.monotonic() < deadline, "the builder did not finish"
        time.sleep(0.05)


def test_background_build(cloned: Path, tmp_path: Path) -> None:
    """The first look-up answers from the file and returns; a detached builder then writes
    the index (0700 folder), which later look-ups read, with the same bytes."""
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k != "LOANFACTS_INDEX"}
    env.update(LOANFACTS_CACHE_DIR=str(cache), LOANFACTS_CACHE_MIN_BYTES="0")
    argv = [sys.executable, "-m", "loanfacts", "show", ID, "--json", "--facts", str(cloned)]
    first = subprocess.run(argv, env=env, capture_output=True, check=True, timeout=60)
    whole = subprocess.run([*argv, "--no-cache"], env=env, capture_output=True, check=True)
    assert first.stdout == whole.stdout and first.stderr == b""
    _wait_for_index(cache)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert lfindex.existing_index(cloned, env) is not None
    later = subprocess.run(argv, env=env, capture_output=True, check=True, timeout=60)
    assert later.stdout == whole.stdout


def test_one_builder_at_a_time(cloned: Path, tmp_path: Path) -> None:
    """While a builder holds the folder's lock, another gives up at once (the look-up that
    started it answers from the file); a foreground build waits for it. A dead builder's lock
    goes with it (flock)."""
    cache = tmp_path / "cache"
    folder.prepare(cache)
    target = folder.index_path(cache, cloned)
    held = index_build._locked(cache, wait=False)
    assert held is not None
    try:
        assert index_build.busy(cache)
        assert not index_build.build_once(cloned, target, {}, wait=False)
        assert not target.exists()
    finally:
        os.close(held)
    assert not index_build.busy(cache)
    assert index_build.build_once(cloned, target, {}, wait=False)
    assert target.exists()


def test_builder_main_is_quiet_on_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "facts.json"
    bad.write_text('{"facts": [1]}', encoding="utf-8")
    cache = tmp_path / "cache"
    done = subprocess.run(
        [sys.executable, "-m", "loanfacts.index.build", str(bad), str(cache / "index.sqlite")],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (1, b"", b"")
    assert not list(cache.glob(".index-*.tmp"))


def test_a_cut_inside_a_string_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A boundary found inside a string leaves a chunk that is not JSON: never a wrong split;
    the look-up then reads the file whole."""
    doc = json.loads(_clone(84, tmp_path / "base.json").read_text(encoding="utf-8"))
    doc["facts"][60]["description"] = "odd },{ text"
    path = tmp_path / "facts.json"
    path.write_bytes(json.dumps(doc, ensure_ascii=False, indent=1).encode())
    raw = path.read_bytes()
    start = raw.index(b'"facts": [') + len(b'"facts": [')
    monkeypatch.setattr(stream, "CHUNK_BYTES", raw.index(b"},{ text") - start - 5)
    with pytest.raises(stream.Unstreamable):
        stream.FileScan(path)._read(lambda facts: None)


@pytest.mark.parametrize("which", ["bundled", "cloned"])
def test_flags_of_every_fact_as_the_whole_file(which: str, cloned: Path) -> None:
    """The ⚑ rules of each fact alone, streamed (its closure, the support facts of its
    regions the audit reads, its documents' balances and "billion" figures) and over the
    whole file: the same, for every fact (the clone repeats every region's totals)."""
    from loanfacts.analysis import audit
    from loanfacts.model.store import load

    path = FACTS if which == "bundled" else cloned
    base = load(path)
    whole = audit.rules_by_fact(audit.run(base))
    streamed = stream.FileScan(path).for_show(base.facts[0].id)
    flagged = 0
    for fact in base.facts:
        expected = {fact.id: whole[fact.id]} if fact.id in whole else {}
        assert streamed.audit_rules([fact.id]) == expected, fact.id
        flagged += bool(expected)
    assert flagged >= 5  # the files have flags to compare


SUPPORT_TAGS = {"all-loans-total", "all-loans-growth", "gdp"}


@pytest.mark.parametrize(
    ("seed", "untagged"),
    [(1, False), (2, False), (3, True)],
    ids=["shuffled-1", "shuffled-2", "untagged"],
)
def test_document_wide_flags_as_the_whole_file(
    seed: int, untagged: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules over a whole document, streamed: the usual date of its balances counted
    over the whole file, and the 亿 doubt borne out by one of its "billion" figures found a
    batch at a time (batches of 1, 2, 4...). The clone's records in a random order (which
    of a date's balances comes first, which billion figure bears the doubt out, change);
    untagged, no region has a total, so no billion figure bears it out and the search
    reads them all. Every fact's flags are the whole file's."""
    import random

    from loanfacts.analysis import audit
    from loanfacts.analysis.plausibility import YI_RULE
    from loanfacts.model.store import load

    doc = generator().cloned_doc(250, FACTS)  # the last copy cut short
    random.Random(seed).shuffle(doc["facts"])  # noqa: S311 (an order, not a secret)
    if untagged:
        for fact in doc["facts"]:
            fact["tags"] = [t for t in fact.get("tags", []) if t not in SUPPORT_TAGS]
    path = tmp_path / "shuffled.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(stream, "CHUNK_BYTES", 20_000)
    monkeypatch.setattr(stream, "FIRST_BATCH", 1)
    base = load(path)
    whole = audit.rules_by_fact(audit.run(base))
    doubted = [f.id for f in base.facts if YI_RULE in whole.get(f.id, [])]
    assert bool(doubted) is not untagged  # the doubt is borne out, or not, as meant
    assert any("date-differs" in rules for rules in whole.values())
    streamed = stream.FileScan(path).for_show(base.facts[0].id)
    for fact in base.facts:
        expected = {fact.id: whole[fact.id]} if fact.id in whole else {}
        assert streamed.audit_rules([fact.id]) == expected, fact.id


def test_the_child_ends_with_its_parent(tmp_path: Path) -> None:
    """A parent killed while its child reads (SIGKILL, or Ctrl-C, which ends loanfacts with
    os._exit) leaves no child reading on: the kernel kills it (PR_SET_PDEATHSIG)."""
    script = (
        "import time\n"
        "from loanfacts.index import stream\n"
        "child = stream._Child.fork(lambda: time.sleep(60))\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=tmp_path)
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    assert _alive(pid)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie, ended but not yet reaped, does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.parametrize(
    "argv",
    [
        ["show", ID, "--json"],
        ["show", "manufacturing", "--json"],
        ["show", "9000", "--json"],
        ["show", "manufacturng", "--json"],
        ["show", "no-such-id-9", "--json"],
        ["search", "supply", "chain", "--json"],
    ],
    ids=["id", "topic", "number", "did-you-mean", "no-such-id", "search"],
)
def test_two_processes_answer_as_the_whole_file(
    argv: list[str],
    runner: CliRunner,
    cloned: Path,
    tmp_path: Path,
    small_chunks: None,
    streamed_reads: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Streamed look-ups with every pass read by two processes: the bytes, messages and exit
    status of --no-cache."""
    monkeypatch.delenv("LOANFACTS_INDEX")
    monkeypatch.setattr(stream, "PARALLEL_CHUNKS", 2)
    env = {"LOANFACTS_CACHE_MIN_BYTES": "0", "LOANFACTS_CACHE_DIR": str(tmp_path / "cache")}
    line = [*argv, "--facts", str(cloned)]
    first = _run(runner, line, env)
    assert streamed_reads  # answered from the file
    assert first == _run(runner, [*line, "--no-cache"], env)
