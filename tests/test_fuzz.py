"""Property tests: whatever bytes, JSON or arguments arrive, only documented outcomes.

The loader ends in a FactsFile or a list of problems (FactsFileError from `load`); the CLI
ends with a status in {0, 1, 2, 3} and never a traceback. Example counts are small by
default so the suite stays fast; LOANFACTS_FUZZ_EXAMPLES=N raises them for a long run.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts.cli import app
from loanfacts.model import store
from loanfacts.model.errors import FactsFileError, Problem
from loanfacts.model.models import FactsFile, Measure, Qualifier, Scale

LONG_RUN = int(os.environ.get("LOANFACTS_FUZZ_EXAMPLES", "0"))
STATUSES = {0, 1, 2, 3}


def examples(default: int) -> Callable[[Any], Any]:
    """Settings for one property: `default` examples, or the long-run count when set."""
    return settings(
        max_examples=LONG_RUN or default,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- JSON values, arbitrary and almost-facts ---------------------------------------------

SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)

IDS = ["a-balance", "a-yoy", "b-balance", "b-yoy", "c-count", "d-gap", "e-amount"]
DATES = st.dates().map(lambda d: d.isoformat()) | st.text(max_size=12)
DECIMALS_TEXT = st.decimals(
    min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False, places=4
).map(str)


@st.composite
def near_fact(draw: st.DrawFn, fid: str) -> dict[str, Any]:
    """A fact record that is often valid and sometimes just wrong, in every field."""
    value: Any = draw(
        st.integers(-(10**15), 10**15)
        | st.floats(-1e15, 1e15)
        | st.sampled_from([0, -0.0, 1e-30, 1e15, -100, -100.5, -99.999])
        | st.just("12.5")
        | SCALARS
    )
    period: Any = draw(
        st.one_of(
            st.none(),
            st.fixed_dictionaries({"type": st.just("instant"), "date": DATES}),
            st.fixed_dictionaries({"type": st.just("duration"), "start": DATES, "end": DATES}),
            JSON,
        )
    )
    fact: dict[str, Any] = {
        "id": draw(st.sampled_from(IDS) | st.just(fid) | st.text(max_size=8)),
        "topic": draw(st.sampled_from(["alpha", "beta", "制造业"]) | st.text(max_size=20)),
        "measure": draw(st.sampled_from([m.value for m in Measure]) | st.text(max_size=5)),
        "entity": draw(st.sampled_from(["Example"]) | st.text(max_size=10)),
        "value": value,
        "unit": draw(
            st.sampled_from(["yuan", "%", "percentage points", "clients", ""]) | st.text(max_size=8)
        ),
        "description": "Made-up record for property tests.",
        "source": {
            "document": draw(st.sampled_from(["doc", "other"])),
            "paragraph": draw(st.none() | st.integers(-2, 100_002)),
            "text": draw(DECIMALS_TEXT | st.text(max_size=12)),
        },
    }
    optional = {
        "scale": st.none() | st.sampled_from([s.value for s in Scale]),
        "qualifier": st.sampled_from([q.value for q in Qualifier]) | st.text(max_size=5),
        "decimals": st.none() | st.integers(-20, 20),
        "period": st.just(period),
        "aliases": st.lists(st.text(max_size=8), max_size=3),
        "relations": st.dictionaries(
            st.sampled_from(["growth_of", "part_of", "gap_of", "distributed_over", "typo"]),
            st.sampled_from(IDS) | st.text(max_size=6),
            max_size=2,
        ),
        "versus": st.none() | st.text(max_size=10),
        "extra": JSON,
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            fact[key] = draw(strategy)
    for key in draw(st.lists(st.sampled_from(sorted(fact)), max_size=2)):
        fact.pop(key, None)  # missing fields
    return fact


@st.composite
def near_file(draw: st.DrawFn) -> Any:
    """A document shaped almost like a facts file (sometimes exactly like one)."""
    facts = [draw(near_fact(fid)) for fid in draw(st.lists(st.sampled_from(IDS), max_size=6))]
    doc: dict[str, Any] = {"facts": facts}
    if draw(st.booleans()):
        doc["sources"] = [
            {"id": "doc", "title": "Doc"},
            {"id": "other", "title": "Other", "kind": "reference"},
        ]
    if draw(st.booleans()):
        doc["schema_version"] = draw(st.sampled_from([1, 2, "1"]))
    return draw(st.sampled_from([doc, doc, doc, facts, {"facts": doc}]))


def _outcome(raw: bytes) -> tuple[FactsFile | None, list[Problem]]:
    """check_bytes must return, never raise; a file is given only without problems."""
    file, problems = store.check_bytes(raw)
    assert (file is None) == bool(problems)
    assert all(isinstance(p, Problem) and p.render() for p in problems)
    assert all("\n" not in p.render() for p in problems)
    return file, problems


@examples(300)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(raw: bytes) -> None:
    """Random bytes give facts or problems, nothing else."""
    _outcome(raw)


@examples(200)
@given(JSON)
def test_arbitrary_json(doc: Any) -> None:
    """Any JSON document (NaN and Infinity included) gives facts or problems."""
    _outcome(json.dumps(doc).encode())


@examples(150)
@given(near_file(), st.sampled_from(["", "\ufeff"]))
def test_almost_facts(doc: Any, bom: str) -> None:
    """Documents shaped nearly like facts files: problems are located or the file loads."""
    _file, problems = _outcome((bom + json.dumps(doc, ensure_ascii=False)).encode())
    for problem in problems:
        if problem.index is not None:
            assert isinstance(doc, dict)
            assert 0 <= problem.index < len(doc["facts"])


@examples(100)
@given(near_file())
def test_load_raises_only_the_documented_error(doc: Any) -> None:
    """store.load gives a FactBase or raises FactsFileError carrying every problem."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "facts.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        try:
            base = store.load(path)
        except FactsFileError as exc:
            assert exc.problems and str(path) in str(exc)
        else:
            assert isinstance(base, store.FactBase)


# --- valid but odd files through every command -----------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)


@st.composite
def valid_file(draw: st.DrawFn) -> dict[str, Any]:
    """A valid facts file with odd values: zeros, -100% rates, 1e15, tiny decimals."""
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=7, unique=True))
    facts = []
    for fid in ids:
        start, end = sorted(draw(st.lists(st.dates(), min_size=2, max_size=2)))
        others = [i for i in ids if i != fid]
        fact: dict[str, Any] = {
            "id": fid,
            "topic": draw(st.sampled_from(["alpha", "beta", "制造业"]) | TEXT),
            "measure": draw(st.sampled_from([m.value for m in Measure])),
            "entity": "Example",
            "value": draw(
                st.sampled_from([0, -0.0, 1e-9, 1e15, -1e15, -100, -100.5, -99.999, 141, 13.43])
                | st.integers(-(10**15), 10**15)
                | st.floats(-1e15, 1e15, allow_subnormal=False)  # refused: test_values_kept
            ),
            "unit": draw(st.sampled_from(["yuan", "%", "percentage points", "clients"])),
            "scale": draw(st.none() | st.sampled_from([s.value for s in Scale])),
            "qualifier": draw(st.sampled_from([q.value for q in Qualifier])),
            "decimals": draw(st.none() | st.integers(-15, 15)),
            "period": draw(
                st.sampled_from(
                    [
                        None,
                        {"type": "instant", "date": end.isoformat()},
                        {"type": "duration", "start": start.isoformat(), "end": end.isoformat()},
                    ]
                )
            ),
            "description": "Made-up record for property tests.",
            "source": {
                "document": "doc",
                "paragraph": draw(st.none() | st.integers(1, 9)),
                "text": draw(DECIMALS_TEXT | TEXT),
            },
            "relations": draw(
                st.dictionaries(
                    st.sampled_from(["growth_of", "part_of", "gap_of", "distributed_over"]),
                    st.sampled_from(others),
                    max_size=2,
                )
            )
            if others
            else {},
        }
        facts.append(fact)
    return {"sources": [{"id": "doc", "title": "Doc"}], "facts": facts}


COMMANDS = [
    ["show", "alpha"],
    ["show", "a-balance", "--json"],
    ["list"],
    ["list", "--sort", "value", "--json"],
    ["list", "-f", "csv"],
    ["search", "alpha"],
    ["derive"],
    ["derive", "--json"],
    ["derive", "-f", "csv"],
    ["derive", "--unit", "yi"],
    ["compare", "a-balance", "b-balance"],
    ["compare", "alpha", "beta", "--json"],
    ["show", "alpha", "--unit", "wan"],
]


@examples(60)
@given(valid_file(), st.sampled_from(COMMANDS))
def test_commands_on_generated_files(doc: Any, args: list[str]) -> None:
    """Valid files with odd values (zero, -100%, 1e15, tiny) never crash a command."""
    raw = json.dumps(doc, ensure_ascii=False).encode()
    assert store.check_bytes(raw)[1] == []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "facts.json"
        path.write_bytes(raw)
        result = CliRunner().invoke(app, [*args, "--facts", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in STATUSES, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if "--json" in args and (result.exit_code == 0 or result.stdout):
        json.loads(result.stdout)  # compare with an unknown side prints nothing (status 1)


# --- arbitrary argument lists ----------------------------------------------------------

WORDS = [
    "show",
    "list",
    "search",
    "compare",
    "derive",
    "validate",
    "schema",
    "--json",
    "--format",
    "-f",
    "json",
    "jsonl",
    "csv",
    "table",
    "--unit",
    "-u",
    "yi",
    "万亿",
    "--facts",
    str(FACTS),
    "/nonexistent.json",
    ".",
    "--topic",
    "--measure",
    "balance",
    "--entity",
    "--date",
    "2025-06-30",
    "2025-02-30",
    "--source",
    "--sort",
    "value",
    "id",
    "manufacturing",
    "制造业",
    "high-tech",
    "-h",
    "--help",
    "--version",
    "--",
    "-",
    "",
    " ",
    "[bold]x[/bold]",
    "\x1b[2J",
]
ARGS = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=7)


@examples(150)
@given(ARGS)
def test_arbitrary_arguments(args: list[str]) -> None:
    """Any argument list: a documented exit status and no traceback."""
    assume(not any(a.startswith(("--install-completion", "--show-completion")) for a in args))
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    assert result.exit_code in STATUSES, (args, result.exit_code)
    assert "Traceback" not in result.stdout + result.stderr
