"""The sign a figure's own words give it, where the nearest change word misleads (issue 18);
the recognizer reads it for `check` and `extract` alike (it stood in intake/ before):
"0.2 percentage points lower than", "a 4.87-trillion-yuan drop", "a 4.14-trillion-yuan rise"
after a drop, "a decrease of 121 billion yuan", "a net repayment ... of £0.1 billion",
同比少增1210亿元, 同比分别少增600亿元、436亿元, 增速比上月末低0.2个百分点.

A level reached after a fall ("fell to £0.6 billion") keeps its sign: only words that make
the figure itself a change, right beside it, decide. None: the words say nothing here.
"""

from __future__ import annotations

import re

_AFTER = re.compile(
    r"\s*(?:(?P<down>lower|below|less|smaller|down|drop|decline|decrease|fall|reduction|"
    r"contraction)|(?P<up>higher|above|more|up|rise|increase|gain|jump))\b",
    re.IGNORECASE,
)
_BEFORE_DOWN = re.compile(
    r"(?:\b(?:a|an)\s+(?:decrease|drop|decline|reduction|fall|contraction)\s+of"
    r"|\b(?:decreased|declined|dropped|fell|down|shrank|contracted)\s+by"
    r"|\bnet\s+repayments?\b[^.;]{0,80}\bof)\s*$",
    re.IGNORECASE,
)
_BEFORE_UP = re.compile(
    r"(?:\b(?:a|an)\s+(?:increase|rise|gain)\s+of|\b(?:increased|rose|grew|up)\s+by)\s*$",
    re.IGNORECASE,
)
# 至少 (at least) and 最低 (the lowest) are no fall
_ZH_DOWN = re.compile(r"(?:少增|减少|下降|降低|回落|(?<![最至])低|(?<![至减])少)(?:了)?\s*$")
_ZH_UP = re.compile(r"(?:多增|增加|增长|上升|提高|高|多)(?:了)?\s*$")
# the figures of a list that shares its verb: 少增600亿元、436亿元和227亿元
_LISTED = re.compile(
    r"(?:\d[\d,.]*\s*(?:万亿|亿|万|千)?\s*(?:元|美元|%|个百分点)?\s*[、和及与,，]\s*)+$"
)


def sign_of(text: str, start: int, end: int) -> int | None:
    """-1 or 1 when the words beside the figure at [start, end) of `text` say it is a fall
    or a rise, else None."""
    after = _AFTER.match(text, end)
    if after is not None and not text[end : after.end()].strip().startswith(("than",)):
        if after.group("down"):
            return -1
        if after.group("up") and after.group("up").casefold() in {"higher", "above", "rise"}:
            return 1
    before = text[max(0, start - 120) : start]
    if _BEFORE_DOWN.search(before):
        return -1
    if _BEFORE_UP.search(before):
        return 1
    near = _LISTED.sub("", before[-40:])
    if _ZH_DOWN.search(near[-8:]):
        return -1
    if _ZH_UP.search(near[-8:]):
        return 1
    return None
