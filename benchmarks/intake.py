"""How long extract and coverage take on a report: the seed report (where ../shared is) and
my own report repeated to 10 and 100 times its length, side by side with `show --json`.

    python benchmarks/intake.py

Every case is a fresh process through the installed entry point; cases run round-robin so
that noise on a shared machine falls on all alike, and the table shows medians of wall time.
Standard library only, plus the installed `loanfacts`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OWN = ROOT / "tests" / "data" / "lakeshire-green-lending.txt"
OWN_FACTS = ROOT / "tests" / "data" / "lakeshire-green-lending.facts.json"
SEED = ROOT.parent / "shared" / "source" / "henan-manufacturing-loans-2025.txt"
BIN = Path(sys.executable).parent / "loanfacts"
REPEATS = 5


def repeated(times: int, folder: Path) -> Path:
    """My report with its body paragraphs repeated: `times` × 13 paragraphs, 31 figures each."""
    lines = [line for line in OWN.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = folder / f"own-x{times}.txt"
    path.write_text("\n".join([lines[0], *lines[1:] * times]) + "\n", encoding="utf-8")
    return path


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="loanfacts-intake-"))
    cases: dict[str, list[str]] = {"show --json (reference)": ["show", "manufacturing", "--json"]}
    if SEED.is_file():
        cases["extract, seed report"] = ["extract", str(SEED), "-d", "seed"]
        cases["coverage, seed report"] = [
            "coverage",
            str(SEED),
            "-d",
            "henan-manufacturing-loans-2025",
        ]
    cases["extract, own report"] = ["extract", str(OWN), "-d", "own"]
    cases["coverage, own report"] = [
        "coverage",
        str(OWN),
        "-d",
        "lakeshire-green-lending-2025",
        "--facts",
        str(OWN_FACTS),
        "--json",
    ]
    for times in (10, 100):
        report = repeated(times, folder)
        draft = folder / f"draft-x{times}.json"
        made = subprocess.run(  # noqa: S603
            [str(BIN), "extract", str(report), "-d", "big"],  # our own entry point
            capture_output=True,
            check=True,
        )
        draft.write_bytes(made.stdout)
        cases[f"extract, own report x{times}"] = ["extract", str(report), "-d", "big"]
        cases[f"coverage, own report x{times}"] = [
            "coverage",
            str(report),
            "-d",
            "big",
            "--facts",
            str(draft),
            "--json",
        ]
    times_taken: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(REPEATS):
        for name, args in cases.items():
            start = time.perf_counter()
            subprocess.run([str(BIN), *args], capture_output=True, check=False)  # noqa: S603  # our own entry point
            times_taken[name].append(time.perf_counter() - start)
    reference = statistics.median(times_taken["show --json (reference)"])
    print("| case | median (s) | × show --json |\n|---|---|---|")
    for name, taken in times_taken.items():
        median = statistics.median(taken)
        print(f"| {name} | {median:.3f} | {median / reference:.2f} |")


if __name__ == "__main__":
    main()
