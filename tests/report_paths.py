"""The reports extract and coverage are tested on: three made-up ones in tests/data with their
records written by hand, and the seed report, read from ../shared where it is (never copied
into the project)."""

from __future__ import annotations

import pytest

from conftest import ROOT

DATA = ROOT / "tests" / "data"
OWN = DATA / "lakeshire-green-lending.txt"
OWN_FACTS = DATA / "lakeshire-green-lending.facts.json"
OWN_DOC = "lakeshire-green-lending-2025"
HELD_OUT = DATA / "dunmore-county-credit.txt"
HELD_OUT_FACTS = DATA / "dunmore-county-credit.facts.json"
BLIND = DATA / "harrowgate-farm-credit.txt"  # measured once before any change made for it
BLIND_FACTS = DATA / "harrowgate-farm-credit.facts.json"
SEED = ROOT.parent / "shared" / "source" / "henan-manufacturing-loans-2025.txt"
SEED_DOC = "henan-manufacturing-loans-2025"
needs_seed = pytest.mark.skipif(
    not SEED.is_file(), reason=f"the seed report is not at {SEED} (../shared absent)"
)
