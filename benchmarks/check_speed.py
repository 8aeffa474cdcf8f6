"""How fast `loanfacts check` answers, each case in a fresh process, round-robin, medians.

    python benchmarks/check_speed.py            # ~3 minutes (builds a 100,000-fact index once)
    python benchmarks/check_speed.py --quick    # fewer repeats, no 100,000-fact file

Cases: one sentence against the bundled facts beside `show manufacturing --json` (the goal:
within 1.3x); a 2,000-word draft (goal: under 1 s); one sentence against 100,000 synthetic
facts (benchmarks/generate.py) after the index is built (goal: under 1 s), with the first run
that builds it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = str(Path(sys.executable).parent / "loanfacts")
SENTENCE = "High-tech loans reached 1,610.12 billion yuan by June 30, up 14.99%"
# sentences written for this benchmark; a draft repeats them to the length asked for
DRAFT_SENTENCES = [
    "Manufacturing loans in the province topped 9 trillion yuan by June 2025, up 13.4%.",
    "That pace beat the growth of all loans by 6.46 percentage points.",
    "Long-term lending to factories came to 3,563.91 billion yuan, a rise of 8.35%.",
    "Bankers called on firms 9.43 million times and signed intentions worth 124 billion yuan.",
    "In the first half of 2025 new manufacturing loans grew 21.38% while rates fell 0.64 "
    "points.",
    "Fee cuts saved companies more than 20 billion yuan over the same months.",
    "High-tech loans stood at 1,610.12 billion yuan, up 14.99%, and clean energy loans at "
    "1,853.54 billion yuan on May 30.",
    "Pulink lent 38.32 billion yuan to 141 clients under its supply chain scheme.",
    "制造业贷款余额突破9000亿元，同比增长13.43%。",
    "Editors should treat every one of these numbers with the care the report itself asks for, "
    "and compare them with the regional totals before they print a headline about them.",
]


def draft(words: int) -> str:
    out: list[str] = []
    count = 0
    index = 0
    while count < words:
        sentence = DRAFT_SENTENCES[index % len(DRAFT_SENTENCES)]
        out.append(sentence)
        count += len(sentence.split())
        index += 1
        if index % 4 == 0:
            out.append("\n\n")
    return " ".join(out)


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([BIN, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # noqa: S603  # our own command
                   check=False)
    return time.perf_counter() - start


def round_robin(cases: dict[str, list[str]], env: dict[str, str], repeats: int
                ) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, args in cases.items():
            times[name].append(run(args, env))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    repeats = 5 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "LOANFACTS_CACHE_DIR": str(folder / "cache"), "NO_COLOR": "1"}
        env.pop("LOANFACTS_FACTS", None)
        text = draft(2000)
        (folder / "draft.md").write_text(text, encoding="utf-8")
        cases = {
            "show manufacturing --json": ["show", "manufacturing", "--json"],
            "check ONE SENTENCE --json": ["check", SENTENCE, "--json"],
            "check --file draft.md --json (2,000 words)":
                ["check", "--file", str(folder / "draft.md"), "--json"],
        }
        medians = round_robin(cases, env, repeats)
        show = medians["show manufacturing --json"]
        print(f"{'case':<58} {'median':>8} {'x show':>7}")
        for name, value in medians.items():
            print(f"{name:<58} {value:>7.3f}s {value / show:>7.2f}")
        print(f"draft: {len(text.split())} words, {text.count('%')} percent signs")
        if quick:
            return
        facts = folder / "facts-100k.json"
        subprocess.run([sys.executable, str(HERE / "generate.py"), "100000", "-o", str(facts)],  # noqa: S603
                       check=True, stdout=subprocess.DEVNULL)
        sentence = "Export loans in Dingbi rose 5% and stood at 120 billion yuan."
        args = ["check", "--facts", str(facts), sentence, "--json"]
        first = run(args, env)
        later = round_robin({"100,000": args}, env, repeats)["100,000"]
        print(f"{'100,000 facts: check one sentence (first run, builds the index)':<58} "
              f"{first:>7.3f}s")
        print(f"{'100,000 facts: check one sentence (index built)':<58} {later:>7.3f}s")


if __name__ == "__main__":
    main()
