"""A derived SQLite index of a facts file, so that look-ups in a large file stay interactive.

facts.json stays the source of truth. The index is a cache in the user's cache folder
(folder.py), one file per facts file, holding each record's JSON text exactly as the file has
it with a checksum, what `show`, `list --topic` and `search` match on (query.py's own texts,
cut into words by words.py), the "did you mean" vocabulary, the relations, and the audit of
the whole file. One concern a module: reader.py (the file, record by record), build.py
(validating and writing), lookup.py (the records a query can match), folder.py (the
folder), key.py (the code an index was built by).

An index is used only when it was built by this code (key.py) from the file as it is now:
the file's size, times and identity as when it was built (a same-size edit with its time set
back still moves the change time), or failing that its SHA-256. A missing, stale or unreadable
index is rebuilt: once the answer is written, by a detached builder (`start_builds`; the
look-up answers from the file meanwhile, stream.py), or first with LOANFACTS_INDEX=foreground;
one found damaged while read is deleted and the file answers instead; when the folder cannot
be written the command runs uncached.

When the index pays, decided by measurement (later `show --json`, medians of 9-11 runs, 2-vCPU
EPYC, Python 3.11): index vs whole file 253 vs 230 ms for the bundled 26 kB file, 243 vs 238
ms at 76 kB, 244 vs 248 ms at 229 kB, 246 vs 307 ms at 758 kB, 240 vs 895 ms at 7.6 MB. Below
store.INDEX_MIN_BYTES (256 KiB, about the break-even) opening SQLite costs more than it saves,
so small files, the bundled one among them, are read whole and leave nothing in the cache
folder ($LOANFACTS_CACHE_MIN_BYTES overrides it; the tests set 0).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path

from loanfacts.index import folder
from loanfacts.index.key import code_key
from loanfacts.index.reader import Digest
from loanfacts.index.rows import stamp
from loanfacts.index.select import Candidates, Index, Stream, Unread
from loanfacts.model.errors import IndexDamaged, NotIndexable
from loanfacts.model.store import index_pays

ENV_MODE = "LOANFACTS_INDEX"  # "foreground": build before answering, as scripts may want
FOREGROUND = "foreground"
_PENDING: dict[Path, Path] = {}  # index -> facts file, to build once the answer is written
_AT_EXIT: list[bool] = []  # whether start_builds is registered to run at exit

__all__ = [
    "Candidates",
    "Index",
    "IndexDamaged",
    "Stream",
    "Unread",
    "existing_index",
    "open_index",
    "start_builds",
]


def _open_verified(target: Path, facts: Path) -> Index | None:
    """The index at target if this code built it from facts as the file is now, else None.

    Opened read-only and immutable: SQLite then writes nothing beside the file (no -wal or
    -shm, even for a database in WAL mode someone put at that path) and takes no locks; a
    builder replaces the file whole, never writes into it. Only a regular file the user holds
    alone is opened (folder.open_own: no FIFO, device or socket, no other user's file), and
    it must still be that file once SQLite has opened it."""
    fd = folder.open_own(target)
    if fd is None:
        return None
    try:
        owned = os.fstat(fd)
        st = facts.stat()
        uri = f"{target.absolute().as_uri()}?mode=ro&immutable=1"
        con = sqlite3.connect(uri, uri=True, isolation_level=None)
    except (OSError, sqlite3.Error):
        return None
    finally:
        os.close(fd)
    try:
        now = os.lstat(target)
        if (now.st_dev, now.st_ino) != (owned.st_dev, owned.st_ino):
            raise ValueError("replaced while opened")
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        same = meta.get("racy") == "0" and all(meta.get(k) == v for k, v in stamp(st).items())
        fresh = (
            meta.get("key") == code_key()
            and meta.get("size") == str(st.st_size)
            and (same or meta.get("sha256") == Digest.of_file(facts))
        )
        if fresh:
            index_st = target.stat()
            folder.used(target)
            return Index(con, facts, target, (index_st.st_dev, index_st.st_ino))
    except (sqlite3.Error, OSError, ValueError):
        pass
    con.close()
    return None


def existing_index(facts: Path, env: Mapping[str, str]) -> Index | None:
    """A verified index of facts if one is already built; never builds (shell completion
    must answer at once, and a million-record build takes a while)."""
    try:
        own = folder.own_dir(folder.cache_dir(env), create=False)
        return _open_verified(folder.index_path(own, facts), facts)
    except (OSError, RuntimeError):
        return None


def open_index(
    facts: Path,
    env: Mapping[str, str],
    warn: Callable[[str], None] | None = None,
    defer: bool = False,
) -> Index | None:
    """A verified index of facts, built if need be; None when the file is better read whole
    (small, invalid, unusual) or the cache cannot be used (then the caller runs uncached).
    With `defer` (a caller that can answer from the file chunk by chunk, stream.py), a
    missing or stale index is built after the answer, in the background (start_builds),
    unless LOANFACTS_INDEX=foreground; None meanwhile. A cache folder the user does not hold
    alone is told to `warn` (one line)."""
    if not index_pays(facts, env):
        return None
    try:
        target = folder.index_path(folder.own_dir(folder.cache_dir(env)), facts)
    except folder.Untrusted as exc:
        if warn is not None:
            warn(str(exc))
        return None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to find ~/.cache in
        return None
    found = _open_verified(target, facts)
    if found is not None:
        return found
    if defer and env.get(ENV_MODE) != FOREGROUND:
        if not _AT_EXIT:  # a library call: at exit; the command line starts it earlier
            import atexit

            atexit.register(start_builds, dict(env))
            _AT_EXIT.append(True)
        _PENDING[target] = facts  # built once the answer is written (start_builds)
        return None
    from loanfacts.index.build import build_once

    try:
        build_once(facts, target, env)
    except NotIndexable:
        return None
    except (sqlite3.Error, OSError):
        return None  # a read-only or full cache folder
    return _open_verified(target, facts)


def start_builds(env: Mapping[str, str]) -> None:
    """Start, detached, a builder for each index a look-up found missing or stale (it was
    answered from the file meanwhile): its own session, so a Ctrl-C or the terminal closing
    does not reach it, no standard streams, and at most one builder at a time (the builder
    takes the cache folder's lock, index/build.py). Called once the answer is written."""
    import subprocess
    import sys

    from loanfacts.index.build import busy

    while _PENDING:
        target, facts = _PENDING.popitem()
        if busy(target.parent):
            continue  # a builder is at work; a later look-up starts the next one
        with suppress(OSError, ValueError):
            subprocess.Popen(  # noqa: S603  # our own module, with paths as arguments
                [sys.executable, "-m", "loanfacts.index.build", str(facts), str(target)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
                env={**os.environ, **env},  # a library call may give a few variables only
            )
