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
import stat
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


INDEX_NAME = re.compile(r"index-[0-9a-f]{24}~loanfacts\.sqlite")
TEMP_NAME = re.compile(r"\.index-(\d+)-[a-z0-9_]+\.tmp")
SQLITE_MAGIC = b"SQLite format 3\0"


class Untrusted(OSError):
    """A cache folder the user does not hold alone: the file answers instead."""


def index_path(folder: Path, facts: Path) -> Path:
    """One index per facts file, named by a hash of its absolute path, with a mark no user
    would pick (the tidy-up deletes nothing else)."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(facts))).hexdigest()[:24]
    return folder / f"index-{key}~loanfacts.sqlite"


def _uid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1


def owned(st: os.stat_result) -> bool:
    """The user's, and writable by no one else (group and others cannot write)."""
    return (_uid() == -1 or st.st_uid == _uid()) and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def own_dir(base: Path, create: bool = True) -> Path:
    """Where this user's indexes live under the cache folder `base`: `base` itself when it is
    the user's alone (or does not exist yet: `prepare` makes it 0700), else a private 0700
    subfolder of it. Untrusted when that subfolder exists and is not the user's alone."""
    try:
        st = os.stat(base)
    except FileNotFoundError:
        return base
    if owned(st) and stat.S_ISDIR(st.st_mode):
        return base
    private = base / f".loanfacts-{_uid()}"
    if create:
        with suppress(FileExistsError):
            private.mkdir(mode=0o700)
    try:
        sub = os.lstat(private)
    except FileNotFoundError:
        return private  # nothing built there yet; a look-up finds no index
    if not (stat.S_ISDIR(sub.st_mode) and owned(sub)):
        raise Untrusted(
            f"the cache folder {private} is not yours alone (owner uid {sub.st_uid}, mode "
            f"{stat.S_IMODE(sub.st_mode):o}); answering from the file"
        )
    return private


def open_own(index: Path) -> int | None:
    """A read-only descriptor of the index when it is a regular file the user holds alone;
    None otherwise (missing, a link, a FIFO, device or socket, another user's, writable by
    others). O_NONBLOCK: opening a FIFO does not wait for a writer."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(index, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode) or not owned(st):
        os.close(fd)
        return None
    return fd


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
