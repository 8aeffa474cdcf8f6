"""The paragraph convention: each line is a paragraph, blank lines end one and are not
counted, the title is paragraph 1; and a report that cannot be read says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loanfacts.model.errors import ExitCode, ReportError
from loanfacts.recognize import paragraphs


def numbered(text: str) -> list[tuple[int, str]]:
    return [(p.number, p.text) for p in paragraphs.split(text)]


def test_each_line_is_a_paragraph_and_the_title_is_one() -> None:
    assert numbered("Title\nFirst body line.\nSecond.") == [
        (1, "Title"),
        (2, "First body line."),
        (3, "Second."),
    ]


def test_blank_lines_end_a_paragraph_and_are_not_counted() -> None:
    """Blank lines, and lines of spaces or tabs only, separate; they never take a number."""
    text = "\n\nTitle\n\n   \nOne\n\t\nTwo\n\n"
    assert numbered(text) == [(1, "Title"), (2, "One"), (3, "Two")]


def test_windows_line_ends_and_a_byte_order_mark() -> None:
    assert numbered("\ufeffTitle\r\nOne\r\n\r\nTwo\r\n") == [(1, "Title"), (2, "One"), (3, "Two")]


def test_only_a_line_feed_ends_a_line() -> None:
    """A form feed or a Unicode line separator inside a line does not start a paragraph
    (str.splitlines would split there)."""
    assert numbered("Title\nOne\x0cstill one\u2028and still one") == [
        (1, "Title"),
        (2, "One still one\u2028and still one"),
    ]


def test_control_characters_are_no_part_of_a_paragraph() -> None:
    """Escape sequences print nothing: "\x1b[0m" must never read as the figure "0m"."""
    assert numbered("Ti\x1b[31mtle\x1b[0m\nA\tB\x1b]0;title\x07C\x7f\x85D\n\x1b[2K\n") == [
        (1, "Title"),
        (2, "A BC D"),
    ]


def test_line_numbers_are_kept() -> None:
    found = paragraphs.split("Title\n\nOne\n\n\nTwo")
    assert [p.line for p in found] == [1, 3, 6]


@given(
    st.lists(
        st.text(
            st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="\n\r"), min_size=1
        ).filter(lambda s: s.strip() != ""),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.integers(min_value=1, max_value=3), min_size=12, max_size=12),
)
def test_any_lines_with_any_blank_gaps_number_in_order(lines: list[str], gaps: list[int]) -> None:
    """However many blank lines stand between them, the lines are paragraphs 1..n."""
    text = "".join(line + "\n" * gap for line, gap in zip(lines, gaps, strict=False))
    got = paragraphs.split(text)
    assert [p.number for p in got] == list(range(1, len(lines) + 1))
    assert [p.text for p in got] == [line.strip() for line in lines]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfeT\x00i\x00", "is UTF-16; save it as UTF-8"),
        (b"Title\n\xe9t\xe9\n", "is not valid UTF-8 (byte 6)"),
        (b"", "is empty: no paragraph to read"),
        (b"\n  \n\t\n", "is empty: no paragraph to read"),
        (b"Title\nA\x00B\n", "holds NUL bytes: not a text file"),
    ],
)
def test_unreadable_reports_say_why(raw: bytes, message: str) -> None:
    with pytest.raises(ReportError) as caught:
        paragraphs.parse(raw, "r.txt")
    assert str(caught.value) == f"r.txt: {message}"
    assert caught.value.exit_code is ExitCode.DATA


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="no such file"):
        paragraphs.read(tmp_path / "missing.txt")
    with pytest.raises(ReportError, match="is a directory, not a report"):
        paragraphs.read(tmp_path)


def test_report_paragraph_lookup(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Title\n\nBody 7 billion yuan.\n", encoding="utf-8")
    report = paragraphs.read(path)
    assert report.title == "Title"
    body = report.paragraph(2)
    assert body is not None and body.text == "Body 7 billion yuan."
    assert report.paragraph(3) is None and report.paragraph(0) is None
