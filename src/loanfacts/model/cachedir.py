"""The cache folder's trust rules, for the index (index/folder.py) and the bundled file's
cache (bundled.py) alike, with the standard library alone (no SQLite: `show` of the bundled
file reads its cache through these at start-up).

$LOANFACTS_CACHE_DIR, else $XDG_CACHE_HOME/loanfacts, else ~/.cache/loanfacts. A file there is
read only when it is a regular file owned by the user and writable by no one else, in a
folder of the same kind (`own_dir`); in a folder others can write to, the files go in a
private 0700 subfolder `.loanfacts-UID`, and when that subfolder is not the user's alone
`Untrusted` says why and the facts file answers.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

__all__ = ["ENV_DIR", "Untrusted", "cache_dir", "open_own", "own_dir", "owned", "prepare"]

ENV_DIR = "LOANFACTS_CACHE_DIR"


def cache_dir(env: Mapping[str, str]) -> Path:
    explicit = env.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "loanfacts"


class Untrusted(OSError):
    """A cache folder the user does not hold alone: the file answers instead."""


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
