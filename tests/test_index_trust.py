"""The cache trusts only what the user owns (issue 21, defects 1, 3 and 7).

We run as root in CI containers, so "another user" is simulated with os.chown to a uid no one
has; where the tests do not run as root they are skipped.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts.cli import app
from loanfacts.index import build as index_build
from loanfacts.index import folder
from loanfacts.index.rows import stamp

OTHER = 4242  # a uid no one on the machine has: "another user"
as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root"
)


def _show(facts: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["show", "manufacturing-loans-balance", "--json", "--facts", str(facts)]
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim" / "facts.json"
    path.parent.mkdir()
    path.write_bytes(FACTS.read_bytes())
    return path


def _forge(victim: Path, target: Path, work: Path) -> None:
    """What the attacker of issue 21 did: an index of a same-size edited copy, its meta
    carrying the victim file's stamp and path, planted at `target`."""
    text = victim.read_text(encoding="utf-8")
    edited = text.replace('"value": 9000,', '"value": 1111,', 1)
    assert edited != text and len(edited) == len(text)
    copy = work / "copy.json"
    copy.write_text(edited, encoding="utf-8")
    built = work / "forged.sqlite"
    index_build.build(copy, built, {})
    con = sqlite3.connect(built)
    forged = {**stamp(os.stat(victim)), "path": os.path.abspath(victim), "racy": "0"}
    con.executemany("UPDATE meta SET value = ? WHERE key = ?", [(v, k) for k, v in forged.items()])
    con.commit()
    con.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(built, target)
    os.chown(target, OTHER, OTHER)


@as_root
def test_forged_index_in_a_shared_folder_is_not_trusted(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A /tmp-like folder (1777): another user's index planted under the victim's key is never
    read; the victim's own indexes go to a private 0700 subfolder."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(shared))
    monkeypatch.setenv("LOANFACTS_CACHE_MIN_BYTES", "0")
    work = tmp_path / "work"
    work.mkdir()
    _forge(victim, folder.index_path(shared, victim), work)
    code, out, _ = _show(victim)
    assert code == 0 and json.loads(out)[0]["value"] == 9000
    private = shared / f".loanfacts-{os.geteuid()}"
    st = private.lstat()
    assert stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o700
    assert list(private.glob("index-*.sqlite"))
    check = CliRunner().invoke(
        app, ["check", "Manufacturing loans exceeded 1,111 billion yuan", "--facts", str(victim)]
    )
    assert "supported" not in check.stdout


@as_root
def test_private_subfolder_taken_by_another_user(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user made the private subfolder first and planted an index in it: the file
    answers, with one line on stderr."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(shared))
    monkeypatch.setenv("LOANFACTS_CACHE_MIN_BYTES", "0")
    private = shared / f".loanfacts-{os.geteuid()}"
    private.mkdir()
    private.chmod(0o777)
    work = tmp_path / "work"
    work.mkdir()
    _forge(victim, folder.index_path(private, victim), work)
    os.chown(private, OTHER, OTHER)
    code, out, err = _show(victim)
    assert code == 0 and json.loads(out)[0]["value"] == 9000
    assert err.count("\n") == 1 and "answering from the file" in err


@as_root
@pytest.mark.parametrize("whose", ["index", "folder"])
def test_an_index_or_folder_of_another_user_is_not_used(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch, whose: str
) -> None:
    """Not shared, but the folder or the forged index belongs to someone else."""
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    monkeypatch.setenv("LOANFACTS_CACHE_DIR", str(cache))
    monkeypatch.setenv("LOANFACTS_CACHE_MIN_BYTES", "0")
    work = tmp_path / "work"
    work.mkdir()
    if whose == "folder":
        os.chown(cache, OTHER, OTHER)
        target = folder.index_path(cache / f".loanfacts-{os.geteuid()}", victim)
        _forge(victim, folder.index_path(cache, victim), work)
    else:
        target = folder.index_path(cache, victim)
        _forge(victim, target, work)
    code, out, _ = _show(victim)
    assert code == 0 and json.loads(out)[0]["value"] == 9000
    assert not target.exists() or target.stat().st_uid == os.geteuid()


@pytest.mark.parametrize("mode", [0o620, 0o602])
def test_a_group_or_other_writable_index_is_not_used(
    cache_env: Path, victim: Path, tmp_path: Path, mode: int
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    target = folder.index_path(cache_env, victim)
    cache_env.mkdir(mode=0o700)
    _forge(victim, target, work)
    os.chown(target, os.geteuid(), os.getegid())
    target.chmod(mode)
    code, out, _ = _show(victim)
    assert code == 0 and json.loads(out)[0]["value"] == 9000


def test_tidy_leaves_the_users_files(cache_env: Path, victim: Path) -> None:
    """Only files with loanfacts' own mark go: a user's SQLite file and a plain file named
    like an index stay, and so does a leftover-looking file that is not a database."""
    cache_env.mkdir(mode=0o700)
    notes = cache_env / "index-notes.sqlite"
    con = sqlite3.connect(notes)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    plain = cache_env / "index-2024.sqlite"
    plain.write_text("mine\n")
    mine_tmp = cache_env / ".index-1-mynotes0.tmp"
    mine_tmp.write_text("my notes\n")
    os.utime(mine_tmp, (0, 0))
    assert _show(victim)[0] == 0
    assert notes.exists() and plain.exists() and mine_tmp.exists()
    assert len(list(cache_env.glob("index-*~loanfacts.sqlite"))) == 1


def test_tidy_deletes_its_own_stale_index(cache_env: Path, victim: Path, tmp_path: Path) -> None:
    """An index of a facts file that is gone carries the mark and goes."""
    gone = tmp_path / "gone.json"
    gone.write_bytes(victim.read_bytes())
    assert _show(gone)[0] == 0
    [old] = list(cache_env.glob("index-*.sqlite"))
    gone.unlink()
    assert _show(victim)[0] == 0
    assert not old.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_fifo_at_the_index_path_is_skipped(cache_env: Path, victim: Path) -> None:
    """A FIFO where the index goes does not hang the look-up."""
    cache_env.mkdir(mode=0o700)
    os.mkfifo(folder.index_path(cache_env, victim))
    args = ["show", "manufacturing-loans-balance", "--json", "--facts", str(victim)]
    proc = subprocess.run(
        [sys.executable, "-m", "loanfacts", *args],
        check=False,
        capture_output=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["value"] == 9000
