"""Tests never write outside a temporary folder: the index of a large file, which loanfacts
keeps in ~/.cache/loanfacts by default, goes to a folder of the test's own (conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from loanfacts.index import folder


def test_every_test_has_its_own_cache_folder_and_home(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """What the CLI would write to, in process or in a subprocess, lies under pytest's
    temporary folder."""
    temporary = tmp_path_factory.getbasetemp().resolve()
    for where in (folder.cache_dir(os.environ), Path.home(), Path(os.environ["XDG_CACHE_HOME"])):
        assert where.resolve().is_relative_to(temporary), where


@pytest.mark.skipif(shutil.which("head") is None, reason="the test it runs needs head(1)")
def test_a_test_that_builds_an_index_leaves_home_untouched(tmp_path: Path) -> None:
    """Run a test that builds an index (a 300 KB facts file piped into `head`) in a pytest of
    its own whose HOME is an empty folder and which has no cache variables set: without the
    conftest fixture the index would land in HOME/.cache/loanfacts."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LOANFACTS_CACHE_DIR", "XDG_CACHE_HOME", "LOANFACTS_CACHE_MIN_BYTES")
    }
    env["HOME"] = str(home)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-q",
            "--basetemp",
            str(tmp_path / "basetemp"),
            "tests/test_pipes_signals.py::test_closed_pipe_is_quiet_with_output_larger_than_the_pipe[args0]",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout, done.stdout
    assert list(home.iterdir()) == []
    # the index was built, in the test's own cache folder
    assert list((tmp_path / "basetemp").glob("cache*/index-*.sqlite"))
