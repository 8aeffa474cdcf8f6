"""The cache folder: where indexes live, private to the user, and kept to a size.

$LOANFACTS_CACHE_DIR, else $XDG_CACHE_HOME/loanfacts, else ~/.cache/loanfacts; created 0700
(the indexes hold the facts files' contents). One index per facts file, named by a hash of
the file's absolute path. A build also tidies the folder (`tidy`): temporary files of builders
that died, indexes of facts files that are gone or changed, indexes unused for 30 days, and
then the least recently used until the folder holds at most $LOANFACTS_CACHE_MAX_BYTES
(4 GiB by default); the index just built always stays.

Trust (docs/faults.md): an index is read only when it is a regular file owned by the user and
writable by no one else, in a folder of the same kind (`own_dir`). In a folder others can
write to, or one of another user (/tmp, a shared drive), the indexes go in a private 0700
subfolder `.loanfacts-UID`; when that subfolder is not the user's alone the file answers and a
line on stderr says why (`Untrusted`). The tidy-up deletes only files with loanfacts' own
mark: the name (`index-<24 hex>~loanfacts.sqlite`, `.index-<pid>-<random>.tmp`) and the
contents (an index's meta table with the code key and the facts path; an empty or SQLite
temporary file), owned by the user; never a file it cannot read as its own.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

# the trust rules live apart, so that the bundled file's cache reads them without SQLite
from loanfacts.model.cachedir import (
    ENV_DIR,
    Untrusted,
    cache_dir,
    open_own,
    own_dir,
    owned,
    prepare,
)

# what other modules read of the folder through this module
__all__ = [
    "ENV_DIR",
    "INDEX_NAME",
    "Untrusted",
    "budget",
    "cache_dir",
    "index_path",
    "open_own",
    "own_dir",
    "owned",
    "prepare",
    "sweep",
    "tidy",
    "used",
]

ENV_MAX_BYTES = "LOANFACTS_CACHE_MAX_BYTES"
MAX_BYTES = 4 * 1024**3
UNUSED_DAYS = 30
DAY = 86400


INDEX_NAME = re.compile(r"index-[0-9a-f]{24}~loanfacts\.sqlite")
TEMP_NAME = re.compile(r"\.index-(\d+)-[a-z0-9_]+\.tmp")
SQLITE_MAGIC = b"SQLite format 3\0"


def index_path(folder: Path, facts: Path) -> Path:
    """One index per facts file, named by a hash of its absolute path, with a mark no user
    would pick (the tidy-up deletes nothing else)."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(facts))).hexdigest()[:24]
    return folder / f"index-{key}~loanfacts.sqlite"


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
        named = TEMP_NAME.fullmatch(leftover.name)
        if named is None or not _marked_temporary(leftover):
            continue
        with suppress(OSError):
            if not _alive(int(named[1])) or leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _marked_temporary(path: Path) -> bool:
    """A builder's temporary file: the user's, regular, empty or an SQLite database."""
    fd = open_own(path)
    if fd is None:
        return False
    try:
        head = os.read(fd, len(SQLITE_MAGIC))
    except OSError:
        return False
    finally:
        os.close(fd)
    return head in (b"", SQLITE_MAGIC)


def _facts_of(index: Path) -> tuple[str, str, str] | None:
    """(facts path, size, mtime) an index was built from, or None when it cannot be read as
    loanfacts' own (its meta table with a code key and the facts path)."""
    fd = open_own(index)
    if fd is None:
        return None
    os.close(fd)
    try:
        con = sqlite3.connect(f"{index.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        if not re.fullmatch(r"[0-9a-f]{64}", str(meta.get("key", ""))):
            return None
        return meta["path"], meta["size"], meta["mtime_ns"]
    except (sqlite3.Error, KeyError):
        return None
    finally:
        con.close()


def _stale(built: tuple[str, str, str]) -> bool:
    """An index whose facts file is gone or has changed since (it would be rebuilt anyway)."""
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
    until the folder fits its budget; `keep` (the index just built) always stays. Only
    files with loanfacts' mark (name and meta) are counted or deleted."""
    sweep(folder)
    cutoff = time.time() - UNUSED_DAYS * DAY
    found: list[tuple[float, int, Path]] = []
    for index in folder.glob("index-*~loanfacts.sqlite"):
        if index == keep or not INDEX_NAME.fullmatch(index.name):
            continue
        built = _facts_of(index)
        if built is None:
            continue  # not one it can read as its own: left as it is
        with suppress(OSError):
            st = index.stat()
            if st.st_mtime < cutoff or _stale(built):
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
