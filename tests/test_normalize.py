"""text/normalize.py: the one home of normalisation, one character for one where offsets matter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from loanfacts.text.normalize import fold_digits, has_han, simplified, strip_format


def test_traditional_read_as_simplified() -> None:
    assert simplified("貸款餘額9.04萬億元，高1.5個百分點") == "贷款余额9.04万亿元，高1.5个百分点"
    assert simplified("loans 9 trillion") == "loans 9 trillion"


def test_digits_of_other_scripts_fold_to_ascii() -> None:
    assert fold_digits("١٣٫٤٣%") == "13.43%"
    assert fold_digits("۱۲۳") == "123"
    assert fold_digits("１３．４３％") == "13.43%"


def test_format_characters_are_removed_with_a_map_back() -> None:
    text = "topped 9\u200b13.43%\u00ad!"
    clean, where = strip_format(text)
    assert clean == "topped 913.43%!"
    assert [text[i] for i in where[:-1]] == list(clean)
    assert where[-1] == len(text)


def test_the_one_han_test() -> None:
    assert has_han("制造业") and has_han("萬") and not has_han("loans ١٣ ％")


@given(st.text())
def test_simplified_and_folded_keep_every_offset(text: str) -> None:
    assert len(simplified(text)) == len(text)
    assert len(fold_digits(text)) == len(text)


@given(st.text())
def test_strip_format_maps_every_kept_character(text: str) -> None:
    clean, where = strip_format(text)
    assert len(where) == len(clean) + 1
    assert all(text[i] == c for i, c in zip(where, clean, strict=False))
    assert where == sorted(where)
