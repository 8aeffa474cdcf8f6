"""Text as the reader saw it: the one home of normalisation before figures are read.

- `has_han`: the one test for Chinese characters (Han ideographs, the CJK blocks).
- `simplified`: traditional characters read as simplified (萬億 -> 万亿, 個百分點 -> 个百分点),
  by OpenCC, one character for one, so offsets into the text stay valid.
- `fold_digits`: Arabic-Indic and fullwidth digits and separators as ASCII, one for one.
- `strip_format`: format characters (Unicode Cf: zero-width space and joiners, word joiner,
  soft hyphen, byte-order mark) removed, with a map back to the offsets of the printed text,
  so that "9\u200b13.43%" reads 913.43% while the figure's text keeps what was printed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

#: Han ideographs: the CJK Unified Ideographs with extension A, and the compatibility block
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: a run of them (a Chinese name within a text)
HAN_RUN = re.compile(HAN.pattern + "+")

_DIGITS = {
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic
    **{0x06F0 + i: str(i) for i in range(10)},  # Extended Arabic-Indic (Persian, Urdu)
    **{0xFF10 + i: str(i) for i in range(10)},  # fullwidth
    0x066B: ".",  # Arabic decimal separator
    0x066C: ",",  # Arabic thousands separator
    0xFF0E: ".",  # fullwidth full stop, between digits a decimal point
    0xFF05: "%",  # fullwidth percent sign
    0x066A: "%",  # Arabic percent sign
}
_FORMAT = re.compile(
    r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def has_han(text: str) -> bool:
    """Whether the text holds a Chinese character: the one home of this test."""
    return HAN.search(text) is not None


@cache
def _t2s() -> Callable[[str], str]:
    import opencc  # only a text with Chinese characters pays for it

    converter: Callable[[str], str] = opencc.OpenCC("t2s").convert
    return converter


def simplified(text: str) -> str:
    """Traditional characters as simplified, one character for one (same length, same
    offsets); a text without Chinese characters is returned as it is."""
    if not has_han(text):
        return text
    convert = _t2s()
    whole = convert(text)
    if len(whole) == len(text):
        return whole
    # a phrase rule changed the length: convert character by character instead
    out = []
    for char in text:
        one = convert(char) if HAN.match(char) else char
        out.append(one if len(one) == 1 else char)
    return "".join(out)


def fold_digits(text: str) -> str:
    """Arabic-Indic and fullwidth digits, decimal and thousands separators as ASCII, one
    character for one: `١٣٫٤٣` -> `13.43`, `１３．４３％` -> `13.43%`."""
    return text.translate(_DIGITS)


def has_format(text: str) -> bool:
    """Whether the text holds a format character strip_format would remove (a search, no
    offset map: most texts have none, and the map costs about 36 bytes a character)."""
    return _FORMAT.search(text) is not None


def strip_format(text: str) -> tuple[str, list[int]]:
    """The text without format characters, and for each of its offsets (and its end) the
    offset in the text as printed."""
    if _FORMAT.search(text) is None:
        return text, list(range(len(text) + 1))
    kept: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        if _FORMAT.match(char) is None:
            kept.append(char)
            where.append(i)
    where.append(len(text))
    return "".join(kept), where


def is_format_char(char: str) -> bool:
    """A character that prints nothing and may split a number (Unicode category Cf)."""
    return unicodedata.category(char) == "Cf"
