"""What an index was built by, so that an index made by other code is never trusted.

The key hashes the source of every module of the package (whatever shapes a row: the
tokenizer, the normal forms, the audit rules, the models), with the versions of what reads
and writes the rows: Python (its Unicode tables decide casefold and \\w), pydantic-core and
SQLite. No number to bump by hand, so nothing to forget. About a millisecond per look-up.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_key() -> str:
    import pydantic_core

    digest = hashlib.sha256()
    for versions in (sys.version, pydantic_core.__version__, sqlite3.sqlite_version):
        digest.update(versions.encode() + b"\0")
    for source in sorted(PACKAGE.rglob("*.py")):
        digest.update(source.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(source.read_bytes() + b"\0")
    return digest.hexdigest()
