"""Is text work linear? Each input family of issue 21 timed at three sizes, with its growth
exponent (the slope of log time over log size; 1 is linear, 2 quadratic), then 1 MB of dense
figures through `check` and the peak memory per input byte of the worst family.

    python benchmarks/linearity.py            # sizes 1x, 2x, 4x of each family's base
    python benchmarks/linearity.py --quick    # smaller bases (a smoke run, about 10 s)

Passes (exit 0) when every exponent is at most 1.2, the 1 MB check takes at most 10 s and
memory stays at most 30 bytes per input byte; exit 1 otherwise.
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts.json"
MAX_EXPONENT = 1.2
MAX_CHECK_SECONDS = 10.0
MAX_BYTES_PER_BYTE = 30.0


def _table(n: int) -> str:
    rows = n // 10 or 1
    return "\n".join(" ".join(f"{r * 10 + c}.{c}" for c in range(10)) for r in range(rows))


def _draft(n: int) -> str:
    return "".join(
        f"Loans to sector {i % 7} rose {i % 50}.{i % 10}% to {i % 900} billion yuan in June. "
        for i in range(n)
    )


#: (name, unit text, how many units at 1x, how the family's text is made from a count)
FAMILIES: list[tuple[str, int, Callable[[int], str]]] = [
    ('"5%, " one sentence', 1000, lambda n: "5%, " * n),
    ("pasted table, 10 numbers a line", 1000, _table),
    (
        '"loans rose 5% by June 30, 2025 and "',
        300,
        lambda n: "loans rose 5% by June 30, 2025 and " * n,
    ),
    ("one long line of figures", 2000, lambda n: "growth 5.1% balance 9,000 billion yuan " * n),
    ("九 repeated", 20000, lambda n: "九" * n),
    ('"loans. " lowercase', 5000, lambda n: "loans. " * n),
    ("number words", 1000, lambda n: "loans rose twenty-three percent, " * n),
    ("bare numbers", 3000, lambda n: "1 2 3 " * n),
    ("a draft of many sentences", 400, _draft),
    ("years: bare and labelled", 1000, lambda n: "In 2025 the plan 2024 ran; " * n),
    ('"1,1,1,..."', 20000, lambda n: "1," * n),
]


def _recognize(text: str) -> None:
    from loanfacts.recognize.figures import recognize

    recognize(text)


def _extract(text: str) -> None:
    from loanfacts.intake.extract import document
    from loanfacts.intake.report_figures import read_report
    from loanfacts.recognize.paragraphs import parse

    document(read_report(parse(text.encode(), "bench.txt")), "bench", None)


def _timed(work: Callable[[str], None], text: str) -> float:
    started = time.perf_counter()
    work(text)
    return time.perf_counter() - started


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) over log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def growth(name: str, make: Callable[[int], str], base: int, work: Callable[[str], None]) -> float:
    sizes, seconds = [], []
    work(make(max(1, base // 8)))  # warm: imports and caches
    for factor in (1, 2, 4):
        text = make(base * factor)
        sizes.append(len(text))
        seconds.append(min(_timed(work, text) for _ in range(2)))
    slope = exponent(sizes, seconds)
    shown = ", ".join(f"{s / 1024:.0f} KB {t:.2f} s" for s, t in zip(sizes, seconds, strict=True))
    print(f"  {name:<42} {shown:<48} exponent {slope:.2f}", flush=True)
    return slope


def dense_check(size: int) -> float:
    from loanfacts.check.verdicts import checker_for
    from loanfacts.model import store

    checker = checker_for(store.load(FACTS))
    unit = "Manufacturing loans exceeded 9,000 billion yuan, up 13.43%; "
    text = unit * (size // len(unit))
    started = time.perf_counter()
    checker.check(text)
    return time.perf_counter() - started


def peak_memory(family: int, size: int) -> float:
    """Peak RSS of a fresh process recognizing `size` bytes of a family, less what it held
    before (this script run with --memory)."""
    out = subprocess.run(  # noqa: S603  # this script, run again
        [sys.executable, __file__, "--memory", str(family), str(size)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    length, before, after = (int(x) for x in out)
    return (after - before) * 1024 / length


def _memory_child(family: int, size: int) -> None:
    import resource

    from loanfacts.recognize.figures import recognize

    recognize("5% and 6%")
    _, _, make = FAMILIES[family]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # the text itself counts
    text = make(max(1, size // len(make(1))))
    recognize(text)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(len(text.encode()), before, after)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--memory"]:
        _memory_child(int(argv[1]), int(argv[2]))
        return 0
    quick = "--quick" in argv
    scale = 4 if quick else 1
    worst = 0.0
    print("recognizer (figures.recognize):")
    for name, base, make in FAMILIES:
        worst = max(worst, growth(name, make, max(1, base // scale), _recognize))
    print("extract (parse, read_report, document):")
    worst = max(
        worst,
        growth(
            "paragraphs of one topic",
            lambda n: "Manufacturing loans rose 5% to 9 billion yuan.\n\n" * n,
            max(1, 500 // scale),
            _extract,
        ),
    )
    size = (1 << 20) // (8 if quick else 1)
    seconds = dense_check(size)
    print(f"check of {size // 1024} KB of dense figures: {seconds:.1f} s (at most 10)")
    per_byte = 0.0
    for family, size in ((len(FAMILIES) - 1, 4 << 20), (0, 1 << 20), (len(FAMILIES) - 3, 1 << 20)):
        used = peak_memory(family, size // scale)
        print(f"  peak memory, {FAMILIES[family][0]}: {used:.1f} bytes per input byte", flush=True)
        per_byte = max(per_byte, used)
    print(f"peak memory: {per_byte:.1f} bytes per input byte (at most {MAX_BYTES_PER_BYTE})")
    print(f"worst exponent: {worst:.2f} (at most {MAX_EXPONENT})")
    ok = worst <= MAX_EXPONENT and seconds <= MAX_CHECK_SECONDS and per_byte <= MAX_BYTES_PER_BYTE
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
