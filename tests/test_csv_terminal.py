"""CSV on a terminal is inert; into a pipe or a file it keeps the data exactly (issue 21,
defect 8)."""

from __future__ import annotations

import io
import sys

import pytest

from loanfacts.render.csv import write_csv

HOSTILE = "a\x1b[2J\x1b]52;c;aGk=\x07\x1b]8;;http://x\x1b\\link\x9b31m\u202egnp.exe b"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_csv_to_a_terminal_strips_controls(monkeypatch: pytest.MonkeyPatch) -> None:
    out = Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    write_csv([{"text": HOSTILE}], ["text"])
    written = out.getvalue()
    assert not any(ch in written for ch in "\x1b\x07\x9b\u202e")
    assert written.startswith("text\n") and "link" in written


def test_csv_into_a_pipe_keeps_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    write_csv([{"text": HOSTILE}], ["text"])
    assert HOSTILE in out.getvalue()
