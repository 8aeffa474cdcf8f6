"""The figure recognizer's scanner (see figures.py): normalised text, the numbers in it, and
the spans that are context rather than figures (names, dates, ordinals). Pure, no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from loanfacts.model.errors import UsageError
from loanfacts.recognize import figwords as w
from loanfacts.recognize.sentences import title_like
from loanfacts.recognize.textdates import DateRef, find_dates
from loanfacts.text.normalize import fold_digits


class SkipKind(StrEnum):
    DATE = "date"
    YEAR = "year"
    ORDINAL = "ordinal"
    NAME = "name"
    WORD = "number word"  # a number word that counts nothing named ("two new", "three key")
    CLOCK = "clock time"  # "Updated: 2021-10-14 14:15"
    PART = "part of the release"  # "made up of three parts": the document's own parts


@dataclass(frozen=True, slots=True)
class Skip:
    """A number read as context: a date, a year, an ordinal or part of a name."""

    text: str
    start: int
    end: int
    kind: SkipKind
    context: str  # the date phrase, the span of time or the name it belongs to


# --- normalising ----------------------------------------------------------------------------

# minus signs and odd spaces, one character for one, so that offsets into the scanned text
# are offsets into the text as given (digits of other scripts: text.normalize.fold_digits)
_NORMAL = str.maketrans(
    {
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3000": " ",
    }
)
# control characters print nothing: an escape sequence (CSI or OSC, as ECMA-48 writes them),
# then any other C0/C1 control but tab and line feed. The scanner reads each as spaces of its
# own length ("\x1b[0m" is no "0m"); paragraphs.py drops them from a report's text.
CONTROLS = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def _blank_controls(text: str) -> str:
    if not CONTROLS.search(text):
        return text
    return CONTROLS.sub(lambda m: " " * len(m.group()), text)


# --- names and ordinals ------------------------------------------------------------------

_QUOTED = re.compile(
    r"\"[^\"\n]{1,160}\"|“[^”\n]{1,160}”|「[^」\n]{1,160}」|《[^》\n]{1,160}》"
    r"|『[^』\n]{1,160}』|‘[^’\n]{1,160}’"
)
_PLUS_NAME = re.compile(r"(?<![\w+])\d+(?:\s*\+\s*(?:\d+|[A-Za-z]\w*))+(?![\w+])")
_GLUED = re.compile(
    r"(?<![\w.])(?:[A-Za-z]+-?\d[A-Za-z\d-]*|\d+(?:\.\d+)?[A-Za-z][A-Za-z\d-]*)"
    r"(?![\w])"
)
_GLUED_OK = re.compile(
    r"\d+(?:\.\d+)?(?:bn|mn|tn|bln|mln|trn|k|m|b|pp|ppts?|pps?|bps?|pct"
    r"|st|nd|rd|th)",
    re.I,
)
# "1.66t" is trillion only as money: before a currency word ("1.66t yuan") or after a symbol
# ("$1.66t"); elsewhere ("Form 5t") a number glued to a t is a name
_GLUED_T = re.compile(r"\d+(?:\.\d+)?t", re.I)
_MONEY_AFTER = re.compile(rf"[ \t]*{w.CURRENCY_AFTER}", re.I)
_MONEY_BEFORE = re.compile(rf"{w.CURRENCY_BEFORE}[ \t]*$", re.I)
_ORDINAL = re.compile(
    r"(?<![\w.])\d+(?:st|nd|rd|th)\b|第\s*(?:\d+|[一二三四五六七八九十百]+)"
    r"|\b(?:No|Nos|Art|Article|Section|Chapter|Item|Rank|Page|Table|Figure|Fig"
    r"|Chart|Annex|Paragraph|Para|Clause|Rule|Step|Phase|Round|Tier|Vol|Volume)"
    r"\.?\s*\d+\b|#\d+\b",
    re.I,
)
_FIGURE_IN_QUOTES = re.compile(r"[亿万元%]|百分点")


def _trillion_money(scan: str, m: re.Match[str]) -> bool:
    """Whether a glued "1.66t" is trillion: a currency word right after it, or a symbol
    right before it."""
    return bool(
        _GLUED_T.fullmatch(m.group())
        and (
            _MONEY_AFTER.match(scan, m.end())
            or _MONEY_BEFORE.search(scan, max(0, m.start() - 8), m.start())
        )
    )


def _is_name(content: str) -> bool:
    """Whether quoted text is a title (a campaign, a plan) rather than a quoted figure."""
    if content.startswith("《"):
        return True
    inner = content[1:-1]
    if not re.search(r"\d|[一二三四五六七八九十百千万]", inner):
        return False
    if _FIGURE_IN_QUOTES.search(inner) or re.search(r"\d\s*(?:per|bn|billion|million)", inner):
        return bool(re.fullmatch(r"[\d+\sA-Za-z]*", inner))
    words = re.findall(r"[A-Za-z][\w'-]*", inner)
    if words and all(word[0].isupper() for word in words):  # "Seed 100", "Hundred Banks"
        return True
    return title_like(inner) or bool(_PLUS_NAME.search(inner)) or not re.search("[a-z]", inner)


def alternation(words: Iterable[str]) -> str:
    """A regular expression alternation, longest first (so "seventeen" wins over "seven")."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_WORD = rf"(?:{alternation(w.NUMBER_WORDS)})\b"
_DIGIT_WORD = rf"(?:{alternation(w.DIGIT_WORDS)})\b"
# a span of time: "12 months", "three years", "a 30-day loan", "十个月", "3年"; at most nine
# number words, so that a long run of them is not searched to its end from each of its words
_CLOCK = re.compile(r"(?<![\d:.,])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])")


def clock_times(text: str) -> list[tuple[int, int]]:
    """Where the text prints a time of day ("14:15", "09:30"): never a figure."""
    return [m.span() for m in _CLOCK.finditer(text)]


_DURATION = re.compile(
    rf"(?<![\w.,])(?:\d+(?:\.\d+)?|{_WORD}(?:[\s-]+{_WORD}){{0,8}})[ \t-]+"
    r"(?:(?:calendar|consecutive|straight|full|working|business)[ \t]+)?"
    rf"(?P<unit>{alternation(w.TIME_UNITS)})\b"
    rf"|(?<![\d.零〇一二两三四五六七八九十百千])(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百]+)"
    rf"[ \t]*{w.CN_TIME_UNITS}",
    re.I,
)
_CORE = re.compile(
    rf"""
    (?P<d>(?<![A-Za-z0-9_.,])(?P<neg>-)?(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?))
  | (?P<w>\b(?:an?\s+(?=(?:hundred|thousand|million|billion|trillion)\b))?{_WORD}
        (?:(?:\s+and\s+|[\s-]+){_WORD})*(?:\s+point(?:\s+{_DIGIT_WORD})+)?
      | \ban?(?=\s+(?:million|billion|trillion)\b))
  | (?P<c>(?:百分之)?[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二两三四五六七八九]+)?)
  | (?P<pc>百分之(?=\d))
    """,
    re.X | re.I,
)
CJK_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")


_DIGITS = re.compile(r"\d+(?:\.\d+)?")
MAX_DIGITS = 40  # digits of a number read as a figure; the facts' values stay under 1e15


def _short_enough(number: str) -> str:
    """The number, unless it has more digits than any figure (Python refuses to turn a
    string of over 4,300 digits into an int, and Decimal overflows past a million)."""
    digits = sum(ch.isdigit() for ch in number[: MAX_DIGITS * 2 + 2])
    if digits > MAX_DIGITS:
        count = sum(ch.isdigit() for ch in number)
        raise UsageError(
            f"the text holds a number of {count:,} digits; "
            f"loanfacts reads numbers of at most {MAX_DIGITS} digits"
        )
    return number


MAX_NUMERAL = 40  # characters of a Chinese numeral, or words of an English one, read at most


def _words_value(text: str) -> Decimal:
    """English number words to a number, via text2num ("one hundred and forty-one" -> 141)."""
    from text_to_num import text2num  # type: ignore[import-untyped]  # ships no types

    low = " ".join(text.casefold().replace("-", " ").split())
    if low.count(" ") >= MAX_NUMERAL:
        raise ValueError("a run of number words this long is no figure")
    whole, _, frac = low.partition(" point ")
    if whole in ("a", "an"):
        whole = "one"
    whole = re.sub(r"^an? (?=hundred|thousand)", "one ", whole)
    digits = "".join(w.DIGIT_WORDS[d] for d in frac.split())
    return Decimal(f"{text2num(whole, 'en')}{'.' + digits if digits else ''}")


def _chinese_value(text: str) -> Decimal:
    """A Chinese numeral to a number, via cn2an for the whole part (九千 -> 9000)."""
    whole, _, frac = text.partition("点")
    if len(text) > MAX_NUMERAL:
        raise ValueError("a run of numerals this long is no figure")  # cn2an is quadratic
    if whole in ("", "零", "〇"):
        number = "0"
    else:
        # 0.35 s to import: only for text that holds a numeral; it ships no types
        from cn2an import cn2an  # type: ignore[import-untyped]

        number = str(int(cn2an(whole, "normal")))
    digits = "".join(w.CN_DIGITS[ch] for ch in frac)
    return Decimal(f"{number}{'.' + digits if digits else ''}")


@dataclass
class Core:
    start: int
    end: int
    number: str
    value: Decimal
    decimals: int
    negative: bool
    percent_before: bool


class Scanner:
    """The text as scanned, what is taken so far and what was skipped."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.scan = _blank_controls(fold_digits(text).translate(_NORMAL))
        self.taken = bytearray(len(text))
        self.skipped: list[Skip] = []
        self.names: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def skip(self, start: int, end: int, kind: SkipKind, context: str) -> None:
        self.skipped.append(Skip(self.text[start:end], start, end, kind, context))
        self.take(start, end)

    def in_name(self, start: int) -> str | None:
        for lo, hi in self.names:
            if lo <= start < hi:
                return self.text[lo:hi]
        return None

    def mark_context(self) -> list[DateRef]:
        """Names, dates, ordinals and spans of time, in that order: what they take is never a
        figure. Returns the date phrases."""
        scan = self.scan
        for m in _QUOTED.finditer(scan):
            if _is_name(m.group()):
                self.names.append((m.start(), m.end()))
        for m in _PLUS_NAME.finditer(scan):
            self.skip(m.start(), m.end(), SkipKind.NAME, m.group())
        dates = self._mark_dates()
        self._mark_words()
        return dates

    def _mark_dates(self) -> list[DateRef]:
        dates: list[DateRef] = []
        for ref in find_dates(self.scan):
            if not self.free(ref.start, ref.end):
                continue
            name = self.in_name(ref.start)
            if name is not None:
                self.skip(ref.start, ref.end, SkipKind.NAME, name)
                continue
            typed = replace(ref, text=self.text[ref.start : ref.end])
            dates.append(typed)
            if not re.search(r"\d|[一二两三四五六七八九十]", typed.text):
                continue  # "by June", "上半年": a date, but no number to list as skipped
            kind = SkipKind.YEAR if (typed.year and typed.month_from is None) else SkipKind.DATE
            self.skip(ref.start, ref.end, kind, typed.text)
        return dates

    def _mark_words(self) -> None:
        scan = self.scan
        for a, b in clock_times(scan):
            if self.free(a, b):
                self.skip(a, b, SkipKind.CLOCK, self.text[a:b])
        for m in _ORDINAL.finditer(scan):
            if self.free(m.start(), m.end()):
                self.skip(m.start(), m.end(), SkipKind.ORDINAL, m.group())
        for m in _DURATION.finditer(scan):
            if self.free(m.start(), m.end()):
                unit = m.group("unit") or ""
                # "the 14th Five-Year Plan": a span of time in a title is a name
                kind = SkipKind.NAME if unit[:1].isupper() else SkipKind.DATE
                self.skip(m.start(), m.end(), kind, self.text[m.start() : m.end()])
        for m in _GLUED.finditer(scan):
            if (
                self.free(m.start(), m.end())
                and not _GLUED_OK.fullmatch(m.group())
                and not _trillion_money(scan, m)
            ):
                self.skip(m.start(), m.end(), SkipKind.NAME, m.group())

    def cores(self) -> Iterator[Core]:
        """The number cores in text order, made as they are asked for (a list of them all
        held a few hundred bytes per figure at once)."""
        for m in _CORE.finditer(self.scan):
            core = self._core(m)
            if core is not None:
                yield core

    def _core(self, m: re.Match[str]) -> Core | None:
        start, end = m.start(), m.end()
        if m.group("pc"):
            tail = _DIGITS.match(self.scan, end)
            if tail is None:
                return None
            number = _short_enough(tail.group())
            return Core(
                start,
                end + len(number),
                number,
                Decimal(number),
                len(number.partition(".")[2]),
                False,
                True,
            )
        if m.group("d"):
            number = _short_enough(m.group("d"))
            negative = bool(m.group("neg"))
            digits = number.lstrip("-").replace(",", "")
            return Core(
                start, end, number, Decimal(digits), len(digits.partition(".")[2]), negative, False
            )
        if m.group("w"):
            words = m.group("w")
            trimmed = re.sub(r"[\s-]+thousand$", "", words, flags=re.I)
            if trimmed != words and re.fullmatch(r"an?", trimmed, re.I):
                trimmed = words  # "a thousand" stays whole
            try:
                value = _words_value(trimmed)
            except (ValueError, KeyError, InvalidOperation):
                return None
            frac = trimmed.casefold().partition(" point ")[2]
            return Core(
                start, start + len(trimmed), trimmed, value, len(frac.split()), False, False
            )
        raw = m.group("c")
        percent = raw.startswith("百分之")
        body = raw.removeprefix("百分之")
        offset = start + (len(raw) - len(body))
        for suffix in ("万亿", "亿", "万"):  # a trailing scale is a scale, not part of the number
            if body.endswith(suffix) and len(body) > len(suffix) and not body.endswith("点"):
                body = body[: -len(suffix)]
                break
        if not re.search("[零〇一二两三四五六七八九十]", body) or body.endswith("点"):
            return None
        if self.scan[max(0, start - 1) : start] == "第":
            return None
        try:
            value = _chinese_value(body)
        except (ValueError, KeyError, InvalidOperation, TypeError):
            return None
        return Core(
            offset if not percent else start,
            offset + len(body),
            body,
            value,
            len(body.partition("点")[2]),
            False,
            percent,
        )
