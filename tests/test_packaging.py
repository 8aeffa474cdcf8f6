"""What we ship: a wheel with the licence, the data and the type marker; an sdist that holds
everything its own tests read; and a CI script that runs README's test command without
touching the developer's .venv."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

# in the repository but not needed by the tests, so not in the sdist (hatchling adds
# .gitignore itself)
REPOSITORY_ONLY = {".gitattributes"}
GIT = shutil.which("git")
BASH = shutil.which("bash")
SKIPPED_PARTS = {
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "build",
    "dist",
}


def _build(kind: str, out: Path) -> Path:
    """Build with hatchling's PEP 517 hooks, as pip and `python -m build` do, from ROOT."""
    code = f"import sys; from hatchling.build import build_{kind}; print(build_{kind}(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return out / done.stdout.strip().splitlines()[-1]


def _source_files() -> set[str]:
    """The checkout's files: git's list (tracked, and new files git does not ignore) where
    there is one, else (in an unpacked sdist) what is on disk, without tool caches and
    virtual environments."""
    if (ROOT / ".git").exists() and GIT:
        listed = (
            subprocess.run(
                [GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=ROOT,
                capture_output=True,
                check=True,
            )
            .stdout.decode()
            .split("\0")
        )
        return {name for name in listed if name and (ROOT / name).is_file()}
    return {
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*")
        if path.is_file()
        and not SKIPPED_PARTS & set(path.relative_to(ROOT).parts)
        and path.suffix != ".pyc"
        and path.name != "PKG-INFO"
    }


def test_wheel_ships_licence_data_and_type_marker(tmp_path: Path) -> None:
    wheel = _build("wheel", tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        licence = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
        assert archive.read(licence) == (ROOT / "LICENSE").read_bytes()
        assert archive.read("loanfacts/data/facts.json") == (ROOT / "facts.json").read_bytes()
        assert "loanfacts/py.typed" in names
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    text = metadata.decode()
    assert "License-Expression: MIT" in text and "License-File: LICENSE" in text
    assert "Requires-Dist: typer>=0.28" in text


def test_sdist_holds_everything_the_tests_read(tmp_path: Path) -> None:
    """Every file of the checkout but git's own is in the sdist: tests, benchmarks/ and
    docs/ (test_quality type-checks benchmarks/, test_screenshots reads docs/), the facts
    file, README (test_readme), the licence and .ci/run."""
    sdist = _build("sdist", tmp_path)
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (top,) = (tmp_path / "unpacked").iterdir()
    shipped = {p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_file()}
    assert "PKG-INFO" in shipped
    assert shipped - {"PKG-INFO"} == _source_files() - REPOSITORY_ONLY


def test_licence_is_mit() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted" in text
    assert re.search(r'^license = "MIT"$', (ROOT / "pyproject.toml").read_text(), re.M)


def test_tools_that_run_as_tests_are_pinned() -> None:
    """ruff, mypy and the stubs mypy reads: a new release must not change the verdict."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for tool in ("mypy", "ruff", "types-jsonschema"):
        assert re.search(rf'"{tool}==[0-9][^"]*"', pyproject), tool


# --- .ci/run -------------------------------------------------------------------------------

FAKE_PYTHON3 = """#!/usr/bin/env bash
# stands in for python3: `python3 -m venv DIR` makes DIR/bin/pip and DIR/bin/python, which
# record their arguments; python exits with $FAKE_PYTEST_STATUS
set -eu
[ "$1" = -m ] && [ "$2" = venv ] || exit 99
echo "venv $3" >> "$CI_LOG"
mkdir -p "$3/bin"
printf '#!/usr/bin/env bash\\necho "pip $*" >> "$CI_LOG"\\n' > "$3/bin/pip"
printf '#!/usr/bin/env bash\\necho "python $*" >> "$CI_LOG"\\nexit "$FAKE_PYTEST_STATUS"\\n' \\
    > "$3/bin/python"
chmod +x "$3/bin/pip" "$3/bin/python"
"""


def _run_ci(tmp_path: Path, status: int) -> tuple[int, list[str], Path]:
    checkout = tmp_path / "checkout"
    (checkout / ".ci").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / ".ci" / "run", checkout / ".ci" / "run")
    (checkout / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
    (checkout / ".venv" / "bin" / "mine").write_text("the developer's own venv\n")
    fake = tmp_path / "fakebin"
    fake.mkdir(exist_ok=True)
    (fake / "python3").write_text(FAKE_PYTHON3)
    (fake / "python3").chmod(0o755)
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    log = tmp_path / f"log-{status}"
    env = {
        **os.environ,
        "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}",
        "TMPDIR": str(temp),
        "CI_LOG": str(log),
        "FAKE_PYTEST_STATUS": str(status),
    }
    assert BASH is not None
    done = subprocess.run(
        [BASH, str(checkout / ".ci" / "run")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return done.returncode, log.read_text().splitlines(), checkout


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_ci_runs_readme_steps_in_a_temporary_venv(tmp_path: Path) -> None:
    status, log, checkout = _run_ci(tmp_path, 0)
    assert status == 0
    venv = log[0].removeprefix("venv ")
    assert Path(venv).parent == tmp_path / "tmp"
    assert log[1:] == ["pip install -q .[test]", "python -m pytest"]
    assert not Path(venv).exists(), "the temporary venv is removed"
    assert (checkout / ".venv" / "bin" / "mine").read_text() == "the developer's own venv\n"


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_ci_fails_when_a_test_fails(tmp_path: Path) -> None:
    status, log, _ = _run_ci(tmp_path, 1)
    assert status == 1 and log[-1] == "python -m pytest"


def test_ci_and_readme_run_the_same_command() -> None:
    """README's test command is .ci/run's last line with .venv for the temporary "$venv"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (command,) = [
        c
        for c in re.findall(r"```sh\n(.*?)\n```", readme, re.S)
        if "pytest" in c and "benchmarks" not in c
    ]
    last = (ROOT / ".ci" / "run").read_text().rstrip("\n").splitlines()[-1]
    assert re.sub(r'"\$venv([^"]*)"', r".venv\1", last) == command
