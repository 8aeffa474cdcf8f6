"""The figure recognizer against the libraries the check issue names, measured: correctness on
the phrase set of tests/phrases.py and speed on the source report.

    python benchmarks/recognizer.py            # needs quantulum3 for its rows (pip install)

Prints, for our recognizer: precision and recall of figures on the phrase set (a figure counts
when text, value, unit kind, scale and qualifier all match), and the time to read the report.
For quantulum3: the same on the phrase set (value and kind only, as it has no scale or
qualifier) and its time on the report. For text2num and cn2an: how many of the phrase set's
number words and Chinese numerals they read right, and their import time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
REPORT = ROOT.parent / "shared" / "source" / "henan-manufacturing-loans-2025.txt"

from loanfacts.recognize.figures import recognize  # noqa: E402
from phrases import PHRASES  # noqa: E402

QUALIFIERS = {"exact": "=", "lower_bound": ">", "upper_bound": "<", "approximate": "~"}


def ours() -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(true positives, found, expected) over the phrase set: figures, then skips (the
    numbers read as dates, spans of time, names, ordinals or number words, by text)."""
    tp = found = expected = 0
    skip_tp = skip_found = skip_expected = 0
    for phrase, figures, skipped in PHRASES:
        want = {(t, str(Decimal(v)), u, s, q) for t, v, u, s, q in figures}
        got_all = recognize(phrase)
        got = {
            (
                f.text,
                str(f.value),
                f.unit.value,
                f.scale.value if f.scale else None,
                QUALIFIERS[f.qualifier.value],
            )
            for f in got_all.figures
        }
        tp += len(want & got)
        found += len(got)
        expected += len(want)
        skips = [s.text for s in got_all.skipped]
        skip_tp += sum(min(skips.count(t), skipped.count(t)) for t in set(skipped))
        skip_found += len(skips)
        skip_expected += len(skipped)
    return (tp, found, expected), (skip_tp, skip_found, skip_expected)


def quantulum() -> tuple[int, int, int] | None:
    try:
        from quantulum3 import parser  # optional, untyped; see [tool.mypy] overrides
    except ImportError:
        return None
    kinds = {"percentage": "percent", "percentage point": "points"}
    tp = found = expected = 0
    for phrase, figures, _ in PHRASES:
        want = {(Decimal(v).normalize(), u) for _, v, u, _, _ in figures}
        got = set()
        for q in parser.parse(phrase):
            name = q.unit.name
            kind = kinds.get(
                name,
                "money"
                if "yuan" in name or "dollar" in name
                else "number"
                if name == "dimensionless"
                else "count",
            )
            got.add((Decimal(str(q.value)).normalize(), kind))
        tp += len(
            {
                w
                for w in want
                if any(w[0] == g[0] or w[0].scaleb(9) == g[0] for g in got if g[1] == w[1])
            }
        )
        found += len(got)
        expected += len(want)
    return tp, found, expected


def timed(run: object, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(  # noqa: S603
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs)


def libraries_on_words() -> None:
    from text_to_num import text2num  # type: ignore[import-untyped]  # ships no types

    words = [
        "five",
        "nine",
        "twenty",
        "one hundred and forty-one",
        "twelve thousand",
        "forty-two",
        "three",
        "two",
        "ten",
    ]
    right = sum(
        1
        for w, n in zip(words, [5, 9, 20, 141, 12000, 42, 3, 2, 10], strict=True)
        if text2num(w, "en") == n
    )
    print(
        f"text2num: {right}/{len(words)} number words of the phrase set right; import "
        f"{import_time('text_to_num') * 1000:.0f} ms"
    )
    from cn2an import cn2an  # type: ignore[import-untyped]  # ships no types

    numerals = {"九千": 9000, "五": 5, "九百四十三": 943, "两千": 2000, "三百": 300, "十三": 13}
    right = sum(1 for k, v in numerals.items() if cn2an(k, "normal") == v)
    print(
        f"cn2an: {right}/{len(numerals)} Chinese numerals of the phrase set right; import "
        f"{import_time('cn2an') * 1000:.0f} ms"
    )


def main() -> None:
    (tp, found, expected), (stp, sfound, sexpected) = ours()
    print(f"phrase set: {len(PHRASES)} phrases, {expected} figures, {sexpected} skips")
    print(
        f"ours: precision {tp / found:.1%} ({tp}/{found}), recall {tp / expected:.1%} "
        f"({tp}/{expected})"
    )
    print(
        f"ours, skips: precision {stp / max(sfound, 1):.1%} ({stp}/{sfound}), recall "
        f"{stp / sexpected:.1%} ({stp}/{sexpected})"
    )
    if REPORT.is_file():
        text = REPORT.read_text(encoding="utf-8")
        print(
            f"ours on the report: {len(recognize(text).figures)} figures, median "
            f"{timed(lambda: recognize(text)) * 1000:.1f} ms"
        )
    q = quantulum()
    if q is None:
        print("quantulum3: not installed (pip install quantulum3) - skipped")
    else:
        tp, found, expected = q
        print(
            f"quantulum3 (value and kind only): precision {tp / max(found, 1):.1%} "
            f"({tp}/{found}), recall {tp / expected:.1%} ({tp}/{expected})"
        )
        if REPORT.is_file():
            from quantulum3 import parser

            first = timed(lambda: parser.parse(text), repeats=1)
            print(
                f"quantulum3 on the report: first parse {first:.2f} s, median "
                f"{timed(lambda: parser.parse(text), repeats=3):.2f} s"
            )
    libraries_on_words()


if __name__ == "__main__":
    main()
