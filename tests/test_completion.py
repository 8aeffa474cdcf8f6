"""Shell completion: topic names, aliases and ids, read straight from the facts file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS
from loanfacts.cli import app
from loanfacts.lookup import complete


def _bash(runner: CliRunner, words: str, env: dict[str, str] | None = None) -> list[str]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    result = runner.invoke(
        app,
        [],
        prog_name="loanfacts",
        env={
            "_LOANFACTS_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_names_topics_aliases_ids() -> None:
    """Topics, aliases, then ids, each once."""
    names = [n for n, _ in complete.names(FACTS)]
    assert "manufacturing" in names and "制造业" in names and "hi-tech" in names
    assert "manufacturing loans" in names and "manufacturing-loans-balance" in names
    assert len(names) == len(set(names))
    assert names.index("manufacturing loans") < names.index("manufacturing")
    assert names.index("manufacturing") < names.index("manufacturing-loans-balance")


def test_bash_gets_escaped_names() -> None:
    """bash inserts candidates as they are: spaces and quotes are escaped for it alone."""
    pairs = [("manufacturing loans", "topic"), ("it's (x)", "alias"), ("制造业", "alias")]
    assert [w for w, _ in complete.for_shell(pairs, "bash")] == [
        "manufacturing\\ loans",
        "it\\'s\\ \\(x\\)",
        "制造业",
    ]
    assert complete.for_shell(pairs, "zsh") == pairs


def test_ids_only() -> None:
    """For `card`, ids alone, each with its topic and measure as help."""
    pairs = complete.names(FACTS, ids_only=True)
    ids = {f["id"] for f in json.loads(FACTS.read_text())["facts"]}
    assert {n for n, _ in pairs} == ids
    assert dict(pairs)["high-tech-loans-yoy"] == "high-tech industry loans · yoy growth"


def test_matching_is_a_prefix() -> None:
    """What was typed must start the name."""
    names = complete.names(FACTS)
    assert {n for n, _ in complete.matching(names, "high-tech-")} == {
        "high-tech-loans-balance",
        "high-tech-loans-yoy",
    }
    assert complete.matching(names, "HIGH-") == []
    assert complete.matching(names, "zzz") == []


def test_broken_or_missing_file_completes_nothing(tmp_path: Path) -> None:
    """Completion never fails loudly: a bad file gives no candidates."""
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert complete.names(bad) == []
    assert complete.names(tmp_path / "missing.json") == []
    odd = tmp_path / "odd.json"
    odd.write_text('{"facts": [1, {"id": "x"}, {"topic": "t", "aliases": [3, "a"]}]}')
    assert [n for n, _ in complete.names(odd)] == ["t", "a"]


def test_bash_completes_a_spaced_topic(runner: CliRunner) -> None:
    """`show manufacturing<Tab>` in bash offers the topic, escaped so it stays one word."""
    assert "manufacturing\\ loans" in _bash(runner, "loanfacts show manufacturing")


def test_zsh_completion_with_help(runner: CliRunner) -> None:
    """zsh gets each candidate with its help text, spaces kept inside quotes."""
    result = runner.invoke(
        app,
        [],
        prog_name="loanfacts",
        env={
            "_LOANFACTS_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": "loanfacts show high-t",
        },
    )
    assert '"high-tech-loans-balance":"high-tech industry loans · balance"' in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("loanfacts show manu", "manufacturing-loans-balance"),
        ("loanfacts compare manufacturing hi", "high-tech"),
        ("loanfacts derive 制造", "制造业"),
        ("loanfacts card high-tech-loans-b", "high-tech-loans-balance"),
    ],
)
def test_bash_completion_through_the_app(runner: CliRunner, words: str, expected: str) -> None:
    """The app answers typer's completion request for each command's argument."""
    assert expected in _bash(runner, words)


def test_card_completes_ids_only(runner: CliRunner) -> None:
    """`card` offers ids, not aliases."""
    offered = _bash(runner, "loanfacts card manu")
    assert "manufacturing" not in offered and "manufacturing-loans-yoy" in offered


def test_completion_reads_facts_option(runner: CliRunner, tmp_path: Path) -> None:
    """A --facts typed before the word is the file completion reads."""
    other = tmp_path / "f.json"
    other.write_text('{"facts": [{"id": "zeta-balance", "topic": "zeta", "aliases": []}]}')
    assert _bash(runner, f"loanfacts show --facts {other} ze") == ["zeta", "zeta-balance"]
    assert _bash(runner, "loanfacts show ze", env={"LOANFACTS_FACTS": str(other)}) == [
        "zeta",
        "zeta-balance",
    ]


def test_candidates_need_no_validation() -> None:
    """What keeps a Tab press cheap (timings live in benchmarks/): finding candidates parses
    the file with json alone, importing neither pydantic nor rich."""
    code = (
        "import sys; from pathlib import Path; import loanfacts.lookup.complete as c; "
        f"c.matching(c.names(Path({str(FACTS)!r})), 'manu'); "
        "print(sorted(m for m in ('pydantic', 'rich') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_indexed_file_completes_from_its_index(runner: CliRunner, tmp_path: Path) -> None:
    """A file read through the index completes from it (no parse of the whole file), the
    same words for `show`; none before an index exists, so a Tab press never builds one."""
    env = {"LOANFACTS_CACHE_DIR": str(tmp_path / "cache"), "LOANFACTS_CACHE_MIN_BYTES": "0"}
    words = f"loanfacts show --facts {FACTS} manu"
    assert _bash(runner, words, env) == _bash(runner, words)  # not indexed yet: file read
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())
    assert runner.invoke(app, ["show", "x", "--facts", str(FACTS)], env=env).exit_code == 1
    from_index = _bash(runner, words, env)
    assert "manufacturing" in from_index and "manufacturing-loans-yoy" in from_index
    assert set(from_index) <= set(_bash(runner, words))
    ids = _bash(runner, f"loanfacts card --facts {FACTS} manu", env)
    assert "manufacturing-loans-yoy" in ids and "manufacturing" not in ids


def test_huge_unindexed_file_completes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size one Tab press may parse, and with no index yet: nothing, at once."""
    monkeypatch.setattr(complete, "MAX_READ_BYTES", 10)
    assert complete.names(FACTS) == []
