"""Every example of the documentation runs as shown: README.md, CONTRIBUTING.md and every
docs/*.md (a new page is picked up by being there).

- A `$ loanfacts ...` line of a ```console block runs, and its output (stdout, then stderr) is
  compared line by line with the lines under it, up to a `...`. Without a pipe, redirection or
  other shell syntax it runs in-process (CliRunner); otherwise through the shell, with the
  installed entry point first on PATH.
- A ```pycon block runs as a doctest; the blocks of one page share their names.

Each page runs in a temporary folder holding my-facts.json (a file with three problems) and
tests/data (the reports to extract).
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from loanfacts.cli import app

BIN = Path(sys.executable).parent
SHELL = re.compile(r"[|<>;&$`*]")  # a command with any of these needs a shell


def pages() -> list[Path]:
    return [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def examples() -> list[tuple[str, str, list[str]]]:
    """(page, command, the lines shown under it) for every console example."""
    found = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
            lines = block.rstrip("\n").split("\n")
            starts = [i for i, line in enumerate(lines) if line.startswith("$ ")]
            for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
                name = str(page.relative_to(ROOT))
                found.append((name, lines[start][2:], lines[start + 1 : end]))
    return found


EXAMPLES = examples()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(
        ROOT / "tests" / "bad_inputs" / "multi-three-problems.json", tmp_path / "my-facts.json"
    )
    shutil.copytree(ROOT / "tests" / "data", tmp_path / "tests" / "data")  # reports to extract
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("LOANFACTS_FACTS", raising=False)
    return tmp_path


def run(command: str, cwd: Path) -> list[str]:
    """The command's output lines, stdout then stderr, as a reader would see them."""
    if command.startswith("loanfacts ") and not SHELL.search(command):
        result = CliRunner().invoke(app, shlex.split(command)[1:], env={"COLUMNS": "100"})
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        out = result.stdout + result.stderr
    else:
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
        done = subprocess.run(  # noqa: S602
            command,
            shell=True,
            cwd=cwd,
            env=env,
            capture_output=True,  # the documentation's own commands
            text=True,
            check=False,
            timeout=60,
        )
        out = done.stdout + done.stderr
    return [line.rstrip() for line in out.rstrip("\n").split("\n")] if out else []


@pytest.mark.parametrize(
    ("page", "command", "expected"), EXAMPLES, ids=[f"{p}: {c}" for p, c, _ in EXAMPLES]
)
def test_example_runs_as_shown(page: str, command: str, expected: list[str], workdir: Path) -> None:
    if "jq" in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    got = run(command, workdir)
    shown = expected[: expected.index("...")] if "..." in expected else expected
    if not shown:
        assert got == [] or not command.startswith("loanfacts "), command
        return
    assert got[: len(shown)] == [line.rstrip() for line in shown], f"{page}: {command}"


PYCON = [p for p in pages() if "```pycon" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("page", PYCON, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples_run_as_shown(page: Path, workdir: Path) -> None:
    text = page.read_text(encoding="utf-8")
    names: dict[str, object] = {}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for number, block in enumerate(re.findall(r"```pycon\n(.*?)```", text, flags=re.S)):
        test = doctest.DocTestParser().get_doctest(block, names, f"{page.name}[{number}]", None, 0)
        runner.run(test, clear_globs=False)
        names.update(test.globs)  # a DocTest works on a copy: the next block sees these names
    assert runner.summarize(verbose=False).failed == 0


def test_every_page_is_read() -> None:
    """README, CONTRIBUTING and docs/api.md at least: a page lost from the list is caught."""
    names = {str(p.relative_to(ROOT)) for p in pages()}
    assert {"README.md", "CONTRIBUTING.md", "docs/api.md"} <= names
    assert any(p == "docs/api.md" for p, *_ in [(str(p.relative_to(ROOT)),) for p in PYCON])
