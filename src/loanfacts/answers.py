"""Answers about the whole file, from either kind of base.

A FactBase holds every fact, so the audit and the vocabulary are worked out from it here; the
index's Candidates hold only what one query can match, with what the index worked out over
the whole file when it was built. Above both floors (store below, index beside the analysis),
so neither container reaches up for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import IndexDamaged
from .store import FactBase, load

if TYPE_CHECKING:
    from .index import Candidates


def flags(base: FactBase | Candidates, ids: Sequence[str]) -> dict[str, list[str]]:
    """The audit rules naming each of these facts first (the ⚑ in show and compare)."""
    if isinstance(base, FactBase):
        from . import audit

        named = audit.rules_by_fact(audit.run(base))
    else:
        named = base.flags
    return {fid: named[fid] for fid in ids if fid in named}


def hints(base: FactBase | Candidates, text: str) -> list[str]:
    """"Did you mean" names for text that matched nothing."""
    from .suggest import suggestions

    if isinstance(base, FactBase):
        return suggestions(base.facts, text)
    try:
        return base.hints(text)
    except IndexDamaged:  # answer from the file; the next look-up builds the index again
        base.index.discard()
        return suggestions(load(base.path).facts, text)
