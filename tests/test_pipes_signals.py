"""Pipes and signals through the installed entry point, in real subprocesses.

`loanfacts list | head -1` must end quietly, and Ctrl-C must end with status 130 and one
line. These need a real process: CliRunner has no pipe a reader can close and no signals.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FACTS

SCRIPT = shutil.which("loanfacts", path=str(Path(sys.executable).parent))
ENTRY_POINTS = {"python -m loanfacts": [sys.executable, "-m", "loanfacts"]}
if SCRIPT:
    ENTRY_POINTS["console script"] = [SCRIPT]
HEAD = shutil.which("head")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LOANFACTS_FACTS"}
    env.update(COLUMNS="100", NO_COLOR="1")
    return env


@pytest.fixture(scope="module")
def big_facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled facts 40 times over (about 300 KB of table): more than a pipe holds,
    so the writer really meets a closed pipe instead of finishing into the buffer."""
    doc = json.loads(FACTS.read_text(encoding="utf-8"))
    facts = []
    for copy_no in range(40):
        for fact in doc["facts"]:
            twin = copy.deepcopy(fact)
            twin["id"] = f"{fact['id']}-{copy_no}"
            twin.pop("relations", None)
            facts.append(twin)
    doc["facts"] = facts
    path = tmp_path_factory.mktemp("big") / "big.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _pipe_into_head(cmd: list[str], head_args: list[str]) -> tuple[int, bytes, bytes]:
    """`cmd | head ARGS` as a shell runs it; returns cmd's status, head's output, cmd's
    stderr."""
    assert HEAD is not None
    writer = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    assert writer.stdout is not None and writer.stderr is not None
    reader = subprocess.Popen([HEAD, *head_args], stdin=writer.stdout, stdout=subprocess.PIPE)
    writer.stdout.close()  # only head holds the read end now, as in a shell pipeline
    shown, _ = reader.communicate(timeout=60)
    err = writer.stderr.read()
    writer.stderr.close()
    return writer.wait(timeout=60), shown, err


@pytest.mark.skipif(HEAD is None, reason="needs head(1)")
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize(
    ("args", "head_args"),
    [
        (["list"], ["-1"]),
        (["list", "--json"], ["-c", "10"]),
        (["list", "-f", "csv"], ["-1"]),
        (["list", "-f", "jsonl"], ["-1"]),
        (["derive"], ["-1"]),
        (["schema"], ["-c", "10"]),
    ],
)
def test_closed_pipe_is_quiet(entry: str, args: list[str], head_args: list[str]) -> None:
    """A reader that stops early gets its lines; the writer says nothing about it."""
    status, shown, err = _pipe_into_head([*ENTRY_POINTS[entry], *args], head_args)
    assert err == b"", err.decode(errors="replace")
    assert shown
    # 0 when the last write fitted the pipe, 141 when it met the closed end (as a tool that
    # SIGPIPE ends; never 1, which means "nothing matched")
    assert status in (0, 141)


@pytest.mark.skipif(HEAD is None, reason="needs head(1)")
@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["show", "loans", "-f", "csv"]])
def test_closed_pipe_is_quiet_with_output_larger_than_the_pipe(
    big_facts: Path, args: list[str]
) -> None:
    """With 300 KB to write the writer must meet the closed pipe: still no message."""
    status, shown, err = _pipe_into_head(
        [*ENTRY_POINTS["python -m loanfacts"], *args, "--facts", str(big_facts)], ["-c", "10"]
    )
    assert err == b"", err.decode(errors="replace")
    assert len(shown) == 10
    assert status in (0, 141)


def test_reader_gone_before_anything_is_written() -> None:
    """A reader that closes at once (`| true`): output flushed at exit fails quietly."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [*ENTRY_POINTS["python -m loanfacts"], "show", "manufacturing", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=_env(),
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == 141


def _wait_for_reader(fifo: Path, proc: subprocess.Popen[bytes], timeout: float = 30) -> int:
    """Open the FIFO for writing once the process has opened it for reading.

    A non-blocking open for writing fails with ENXIO while nobody reads, so success
    proves the process is running and blocked reading its facts file.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
        time.sleep(0.02)
    raise AssertionError("the process never opened its facts file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("args", [["show", "manufacturing"], ["list", "--json"], ["validate"]])
def test_ctrl_c_ends_with_130_and_one_line(tmp_path: Path, entry: str, args: list[str]) -> None:
    """SIGINT to a running command (waiting on its facts file): status 130, one line."""
    fifo = tmp_path / "facts.fifo"
    os.mkfifo(fifo)
    flag = [str(fifo)] if args == ["validate"] else ["--facts", str(fifo)]
    proc = subprocess.Popen(
        [*ENTRY_POINTS[entry], *args, *flag],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    writer = _wait_for_reader(fifo, proc)
    try:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        os.close(writer)
    assert proc.returncode == 130
    assert err == b"loanfacts: interrupted\n"
    assert out == b""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_fifo_that_closes_empty_is_a_data_error(tmp_path: Path) -> None:
    """Without the signal, the same FIFO closing with no data is an empty facts file."""
    fifo = tmp_path / "facts.fifo"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [*ENTRY_POINTS["python -m loanfacts"], "show", "x", "--facts", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    os.close(_wait_for_reader(fifo, proc))
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 3
    assert err == f"loanfacts: error: {fifo}: file is empty\n".encode()
    assert out == b""


IMPORT_ORDER_PROBE = """
import builtins, signal, sys
real_import = builtins.__import__

def probe(name, *args, **kwargs):
    if name.split(".")[0] in ("typer", "rich", "pydantic"):
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            sys.stderr.write(f"{name} imported before Ctrl-C is handled\\n")
            sys.stderr.flush()
            raise SystemExit(99)
    return real_import(name, *args, **kwargs)

builtins.__import__ = probe
sys.argv = ["loanfacts", "--version"]
from loanfacts._entry import main
main()
"""


def test_ctrl_c_is_handled_before_the_heavy_imports() -> None:
    """Ctrl-C during start-up (typer, rich, pydantic load) must not print a traceback:
    the entry point installs the handler before importing any of them."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ORDER_PROBE],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("loanfacts ")


def test_entry_points_use_the_early_handler() -> None:
    """Both ways in (console script, python -m) go through loanfacts._entry."""
    main_module = Path(__file__).resolve().parent.parent / "src" / "loanfacts" / "__main__.py"
    assert "loanfacts._entry import main" in main_module.read_text(encoding="utf-8")
    if SCRIPT:
        assert "loanfacts._entry" in Path(SCRIPT).read_text(encoding="utf-8")
