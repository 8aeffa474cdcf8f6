"""The bundled facts file, validated once: kept in the user's cache folder with the audit's
rules naming each fact (the ⚑ of `show`), the names of its lexicon and each fact's keys, so
that a look-up in it neither validates the file, nor imports the audit, nor reads every name
again (start-up, issue 20).

Trust as the index's (model/cachedir.py): the cache is read only from the user's own folder
(0700 when made here, a private `.loanfacts-UID` subfolder in a folder others can write to)
and only when it is a regular file the user holds alone. It is used only when it was written
by this code, from the file as it is now: the key is the Python and pydantic-core versions and
every module's path, size and modification time (a module rewritten moves its time), beside
the file's own size, times and identity; and its contents' SHA-256 matches. A cache that is
missing, damaged, stale or not ours is passed over (the file answers) and written again.
`--no-cache` reads the file.
"""

from __future__ import annotations

import hashlib
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loanfacts.model.cachedir import Untrusted, cache_dir, open_own, own_dir, prepare

if TYPE_CHECKING:
    from collections.abc import Mapping

    from loanfacts.model.store import FactBase

__all__ = ["base", "cache_path"]

MAGIC = b"loanfacts bundled facts 4\n"
PACKAGE = Path(__file__).resolve().parent


def cache_path(folder: Path, facts: Path) -> Path:
    """One cache per bundled file (a source checkout and an install keep apart), with a mark
    no user would pick; the index's tidy-up leaves it alone."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(facts))).hexdigest()[:24]
    return folder / f"bundled-{key}~loanfacts.pickle"


def _modules(folder: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                out += _modules(entry.path)
            elif entry.name.endswith(".py"):
                st = entry.stat(follow_symlinks=False)
                out.append((entry.path, st.st_size, st.st_mtime_ns))
    return out


def code_stamp() -> str:
    """What the cache was written by: the versions that shape a validated model and every
    module of the package by its stamp (a quarter of a millisecond; reading them all, as the
    index's key does, costs several)."""
    import pydantic_core

    stamps = sorted(_modules(os.fspath(PACKAGE)))
    text = f"{sys.version}\0{pydantic_core.__version__}\0{stamps!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def _file_stamp(facts: Path) -> list[int]:
    st = os.stat(facts)
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _header(key: Mapping[str, Any], payload: bytes) -> bytes:
    """The line after MAGIC: what the cache was written by and from (key) and its payload's
    SHA-256, words apart (no word holds a space; no JSON to parse, nor json to import, for
    a table)."""
    words = [key["code"], *map(str, key["file"]), hashlib.sha256(payload).hexdigest()]
    return " ".join(words).encode()


def _read(target: Path, key: dict[str, Any]) -> Any:
    """The cached (file, flags, names, keys), or None: not ours, damaged, or of other code
    or another state of the file."""
    fd = open_own(target)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as stream:
        raw = stream.read()
    if not raw.startswith(MAGIC):
        return None
    header, _, payload = raw[len(MAGIC) :].partition(b"\n")
    if header != _header(key, payload):
        return None
    # the C unpickler that pickle.py wraps: importing pickle.py costs more than this read
    from _pickle import loads

    return loads(payload)  # unpickled: the user's own file, checked whole above


def _write(folder: Path, target: Path, key: dict[str, Any], kept: object) -> None:
    import pickle

    payload = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
    header = _header(key, payload)
    prepare(folder)
    temporary = folder / f".bundled-{os.getpid()}-{os.urandom(6).hex()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(MAGIC + header + b"\n" + payload)
        os.replace(temporary, target)
    finally:
        with suppress(OSError):
            temporary.unlink()


def base(facts: Path, env: Mapping[str, str]) -> FactBase:
    """The bundled file's FactBase with its flags: from the cache, else validated (a file
    with problems raises as store.load does) and cached."""
    from loanfacts.model.store import FactBase

    try:
        folder: Path | None = own_dir(cache_dir(env))
    except (Untrusted, OSError):
        folder = None
    try:
        key = {"code": code_stamp(), "file": _file_stamp(facts)}
    except OSError:
        folder = None
        key = {}
    if folder is not None:
        target = cache_path(folder, facts)
        kept = None
        with suppress(Exception):  # whatever a damaged cache raises, the file answers
            kept = _read(target, key)
        if isinstance(kept, tuple) and len(kept) == 4:
            from loanfacts.model.models import FactsFile

            file, flags, names, keys = kept
            if (
                isinstance(file, FactsFile)
                and isinstance(flags, dict)
                and isinstance(names, frozenset)
                and isinstance(keys, dict)
            ):
                return FactBase(path=facts, file=file, flags=flags, names=names, keys=keys)
    from loanfacts.analysis.audit import rules_by_fact, run
    from loanfacts.lookup.query import fact_keys, lexicon_pairs
    from loanfacts.model import store

    loaded = store.load(facts)
    flags = rules_by_fact(run(loaded))
    names = frozenset(lexicon_pairs(loaded.facts))
    keys = {f.id: fact_keys(f) for f in loaded.facts}
    if folder is not None:
        with suppress(OSError):
            kept = (loaded.file, flags, names, keys)
            _write(folder, cache_path(folder, facts), key, kept)
    return FactBase(path=facts, file=loaded.file, flags=flags, names=names, keys=keys)
