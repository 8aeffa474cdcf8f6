"""What says that an index row, and the facts file it came from, are as they were.

Small and free of heavy imports: every look-up reads these; only a build needs build.py.
"""

from __future__ import annotations

import os
import zlib

BATCH = 5000  # records validated at once, building or streaming (tests patch it)
RACY_NS = 2 * 10**9  # a file changed this close to its build is hashed at every use


def crc(raw: bytes, extra: str = "") -> int:
    """The checksum a row carries over what answers are made of (README: the index)."""
    return zlib.crc32(extra.encode(), zlib.crc32(raw))


def stamp(st: os.stat_result) -> dict[str, str]:
    """What says, without reading a byte, that a file is as it was: size, times, identity.
    A same-size edit with its modification time set back still moves the change time, which
    no user can set (README: the index)."""
    return {
        "size": str(st.st_size),
        "mtime_ns": str(st.st_mtime_ns),
        "ctime_ns": str(st.st_ctime_ns),
        "inode": f"{st.st_dev}:{st.st_ino}",
    }
