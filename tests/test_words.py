"""The one token stream (words.py): the fast path for ASCII gives what the pattern gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from loanfacts.text.words import is_cjk, norm, token_text, tokens


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x17F), max_size=60) | st.text(max_size=30))
def test_token_text_reads_back_as_the_tokens(text: str) -> None:
    """Split on white space, the stored text is exactly tokens() of the normal form, ASCII
    (the byte table) or not (the pattern); SQLite's ascii tokenizer splits it so too."""
    normalised = norm(text)
    assert token_text(normalised).split() == tokens(normalised)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=6))
def test_is_cjk_is_the_pattern_it_replaces(text: str) -> None:
    """is_cjk reads the highest code point (no regex to compile at start-up): the same answer
    as the character class it replaced."""
    assert is_cjk(text) == (re.search("[^\x00-\u2e7f]", text) is not None)
