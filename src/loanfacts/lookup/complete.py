"""Shell completion candidates: topic names, aliases and ids, read with as little work as
possible.

Completion runs the program on every Tab press, so this reads the facts file with `json` alone
(no validation: a broken file simply completes nothing) and imports nothing heavy. A large
file completes from its SQLite index when one has been built (cli/); a file too large to
parse at once and not yet indexed completes nothing rather than stall the shell.
Names with spaces ("manufacturing loans") are offered too; bash inserts a candidate as typed,
so for bash they are backslash-escaped (zsh and fish quote candidates themselves). Typer keeps
only candidates that start with the typed word as it arrives unescaped, so in bash such a name
completes while the typed part has no space yet (`manu<Tab>`); ids always complete.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

Candidate = tuple[str, str]


MAX_READ_BYTES = 32 * 1024**2  # larger files complete from their index, once it is built


def _facts(path: Path) -> list[dict[str, Any]]:
    try:
        if path.stat().st_size > MAX_READ_BYTES:
            return []  # parsing it would take seconds on every Tab press
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return []
    facts = doc.get("facts") if isinstance(doc, dict) else None
    return [f for f in facts if isinstance(f, dict)] if isinstance(facts, list) else []


def names(path: Path, ids_only: bool = False) -> list[Candidate]:
    """(word, help) pairs: topics, then aliases, then ids, each once, in file order."""
    facts = _facts(path)
    topics: dict[str, str] = {}
    aliases: dict[str, str] = {}
    ids: dict[str, str] = {}
    for fact in facts:
        topic, fid = fact.get("topic"), fact.get("id")
        if not isinstance(topic, str):
            continue
        if isinstance(fid, str):
            ids.setdefault(fid, f"{topic} · {str(fact.get('measure', '')).replace('_', ' ')}")
        topics.setdefault(topic, "topic")
        for alias in fact.get("aliases") or []:
            if isinstance(alias, str):
                aliases.setdefault(alias, f"alias of {topic}")
    groups = [ids] if ids_only else [topics, aliases, ids]
    seen: set[str] = set()
    out: list[Candidate] = []
    for group in groups:
        for word, help_text in group.items():
            if word in seen or not word.strip() or "\n" in word:
                continue
            seen.add(word)
            out.append((word, help_text))
    return out


def matching(candidates: list[Candidate], incomplete: str) -> list[Candidate]:
    """Candidates that start with what was typed, case and all (typer keeps only those)."""
    return [c for c in candidates if c[0].startswith(incomplete)]


_BASH_SPECIAL = re.compile(r"([^\w\-.+,:@%/=^])")


def for_shell(candidates: list[Candidate], shell: str) -> list[Candidate]:
    """Candidates as the shell must receive them: bash needs spaces and quotes escaped."""
    if shell != "bash":
        return candidates
    return [(_BASH_SPECIAL.sub(r"\\\1", word), help_text) for word, help_text in candidates]
