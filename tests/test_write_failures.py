"""Output that cannot be written: a full disk, /dev/full, a closed stdout.

Each ends with one line on stderr and exit status 4, never a traceback and never status 0
(a script must not take a cut file for a whole one) nor 1 ("nothing matched"). A reader that
leaves early (`| head`) is not a failure: that stays quiet (tests/test_pipes_signals.py).
These need real processes: the limits and closed descriptors are the operating system's.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FACTS

LOANFACTS = [sys.executable, "-m", "loanfacts"]
LIMIT = 64 * 1024  # the "disk" fills after this many bytes of output


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LOANFACTS_FACTS"}
    env.update(
        COLUMNS="100",
        NO_COLOR="1",
        LOANFACTS_CACHE_DIR=str(tmp_path / "cache"),
        LOANFACTS_CACHE_MIN_BYTES="0",
    )
    return env


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled facts 30 times over: about 400 KB of JSON output, past the limit."""
    doc = json.loads(FACTS.read_text(encoding="utf-8"))
    facts = []
    for copy_no in range(30):
        for fact in doc["facts"]:
            facts.append(
                {
                    **fact,
                    "id": f"{fact['id']}-{copy_no}",
                    "relations": {
                        k: f"{v}-{copy_no}" for k, v in fact.get("relations", {}).items()
                    },
                }
            )
    doc["facts"] = facts
    path = tmp_path_factory.mktemp("many") / "many.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _disk_full_after(limit: int) -> None:
    """In the child: files grow to `limit` bytes at most, as on a disk that fills up."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["list", "--json", "--no-cache"],
        ["list", "-f", "csv"],
        ["list", "-f", "jsonl"],
        ["list"],
        ["show", "loans", "--json"],
        ["derive", "--json"],
    ],
)
def test_full_disk(tmp_path: Path, many: Path, args: list[str]) -> None:
    out = tmp_path / "out"
    env = _env(tmp_path)
    subprocess.run(
        [*LOANFACTS, "show", "x", "--facts", str(many)], env=env, check=False, capture_output=True
    )  # builds the index before the limit applies
    with out.open("wb") as sink:
        done = subprocess.run(
            [*LOANFACTS, *args, "--facts", str(many)],
            stdout=sink,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
            preexec_fn=lambda: _disk_full_after(LIMIT),
        )
    assert done.returncode == 4, done.stderr.decode()
    assert done.stderr.decode().startswith("loanfacts: error: cannot write the output")
    assert done.stderr.count(b"\n") == 1, done.stderr.decode()
    assert out.stat().st_size <= LIMIT


@pytest.mark.parametrize(
    "args",
    [
        ["show", "manufacturing", "--json"],
        ["show", "manufacturing"],
        ["list", "-f", "csv"],
        ["--help"],
        ["schema"],
    ],
)
def test_dev_full(tmp_path: Path, args: list[str]) -> None:
    with open(os.devnull.replace("null", "full"), "wb") as full:
        done = subprocess.run(
            [*LOANFACTS, *args],
            stdout=full,
            stderr=subprocess.PIPE,
            env=_env(tmp_path),
            timeout=60,
            check=False,
        )
    assert done.returncode == 4, done.stderr.decode()
    assert done.stderr == b"loanfacts: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("args", [["show", "manufacturing", "--json"], ["list"], ["--version"]])
def test_closed_stdout(tmp_path: Path, args: list[str]) -> None:
    done = subprocess.run(
        [*LOANFACTS, *args],
        stderr=subprocess.PIPE,
        env=_env(tmp_path),
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(1),
    )  # as `>&-`
    assert done.returncode == 4, done.stderr.decode()
    assert done.stderr == b"loanfacts: error: cannot write the output: standard output is closed\n"
