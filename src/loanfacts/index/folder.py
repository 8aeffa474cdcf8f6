"""The cache folder: where indexes live, private to the user, and kept to a size.

$LOANFACTS_CACHE_DIR, else $XDG_CACHE_HOME/loanfacts, else ~/.cache/loanfacts; created 0700
(the indexes hold the facts files' contents). One index per facts file, named by a hash of
the file's absolute path. A build also tidies the folder (`tidy`): temporary files of builders
that died, indexes of facts files that are gone or changed, indexes unused for 30 days, and
then the least recently used until the folder holds at most $LOANFACTS_CACHE_MAX_BYTES
(4 GiB by default); the index just built always stays.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

ENV_DIR = "LOANFACTS_CACHE_DIR"
ENV_MAX_BYTES = "LOANFACTS_CACHE_MAX_BYTES"
MAX_BYTES = 4 * 1024**3
UNUSED_DAYS = 30
DAY = 86400


def cache_dir(env: Mapping[str, str]) -> Path:
    explicit = env.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "loanfacts"


def index_path(folder: Path, facts: Path) -> Path:
    """One index per facts file, named by a hash of its absolute path."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(facts))).hexdigest()[:24]
    return folder / f"index-{key}.sqlite"


def prepare(folder: Path) -> None:
    """Create the folder readable by its owner alone; a folder that exists is left as it is
    (it may be one the user chose, such as /tmp)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        folder.mkdir(mode=0o700)


def used(index: Path) -> None:
    """Mark an index as used now (its modification time), for least-recently-used eviction;
    the index's contents never change after its build."""
    with suppress(OSError):
        os.utime(index)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def sweep(folder: Path) -> None:
    """Remove the temporary files of builders that died (SIGKILL, a power cut): their process
    is gone, or the file is a day old (another machine's, on a shared folder)."""
    cutoff = time.time() - DAY
    for leftover in folder.glob(".index-*.tmp"):
        parts = leftover.name.split("-")
        pid = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None
        with suppress(OSError):
            if (pid is not None and not _alive(pid)) or leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _facts_of(index: Path) -> tuple[str, str, str] | None:
    """(facts path, size, mtime) an index was built from, or None when it cannot be read."""
    try:
        con = sqlite3.connect(f"{index.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        return meta["path"], meta["size"], meta["mtime_ns"]
    except (sqlite3.Error, KeyError):
        return None
    finally:
        con.close()


def _stale(index: Path) -> bool:
    """An index whose facts file is gone or has changed since (it would be rebuilt anyway),
    or one that cannot be read."""
    built = _facts_of(index)
    if built is None:
        return True
    path, size, mtime_ns = built
    try:
        st = os.stat(path)
    except OSError:
        return True
    return (str(st.st_size), str(st.st_mtime_ns)) != (size, mtime_ns)


def budget(env: Mapping[str, str]) -> int:
    try:
        return int(env.get(ENV_MAX_BYTES, MAX_BYTES))
    except ValueError:
        return MAX_BYTES


def tidy(folder: Path, keep: Path, env: Mapping[str, str]) -> None:
    """After a build: delete stale and long-unused indexes, then the least recently used
    until the folder fits its budget; `keep` (the index just built) always stays."""
    sweep(folder)
    cutoff = time.time() - UNUSED_DAYS * DAY
    found: list[tuple[float, int, Path]] = []
    for index in folder.glob("index-*.sqlite"):
        if index == keep:
            continue
        with suppress(OSError):
            st = index.stat()
            if st.st_mtime < cutoff or _stale(index):
                index.unlink()
            else:
                found.append((st.st_mtime, st.st_size, index))
    total = sum(size for _, size, _ in found)
    with suppress(OSError):
        total += keep.stat().st_size
    for _, size, index in sorted(found):  # oldest use first
        if total <= budget(env):
            break
        with suppress(OSError):
            index.unlink()
            total -= size
