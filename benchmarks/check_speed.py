"""How fast `loanfacts check` answers, each case in a fresh process, round-robin, medians.

    python benchmarks/check_speed.py            # ~3 minutes (builds a 100,000-fact index once)
    python benchmarks/check_speed.py --quick    # fewer repeats, no 100,000-fact file
    python benchmarks/check_speed.py --baseline OLD/src   # the same cases on another tree too

Cases: one sentence against the bundled facts beside `show manufacturing --json` (the goal:
within 1.3x); a 2,000-word draft (goal: under 1 s); one sentence against 100,000 synthetic
facts (benchmarks/generate.py) after the index is built (goal: under 1 s), with the first run
that builds it and `show` on the same index beside it.

Each case prints the median wall time and the median CPU time (user + system) of its process:
on a machine other jobs load, wall time stretches with the load while CPU time much less, so
both are shown with the load average before and after. `--baseline` runs every check case a
second time with PYTHONPATH set to another source tree (with its facts.json beside its src/),
in the same round-robin, so that an older and a newer `check` are measured side by side.
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
    "In the first half of 2025 new manufacturing loans grew 21.38% while rates fell 0.64 points.",
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


Case = tuple[list[str], dict[str, str]]  # arguments, environment


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of the command; a run that fails
    (exit status above 1: a usage error or an unreadable facts file) stops the benchmark,
    as its time would mean nothing."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [BIN, *args],
        env=env,
        stdout=subprocess.DEVNULL,  # our own command
        stderr=subprocess.PIPE,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode > 1:
        sys.exit(
            f"{' '.join(args[:2])}: exit status {done.returncode}: "
            f"{done.stderr.decode(errors='replace').strip()}"
        )
    after = os.times()
    return wall, (
        after.children_user - before.children_user + after.children_system - before.children_system
    )


def round_robin(cases: dict[str, Case], repeats: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time of each case, the cases taking turns."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, (args, env) in cases.items():
            times[name].append(run(args, env))
    return {
        name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for name, values in times.items()
    }


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def table(medians: dict[str, tuple[float, float]], reference: str) -> None:
    wall0, cpu0 = medians[reference]
    print(f"{'case':<62} {'wall':>7} {'x':>5} {'cpu':>7} {'x':>5}")
    for name, (wall, cpu) in medians.items():
        print(f"{name:<62} {wall:>6.3f}s {wall / wall0:>5.2f} {cpu:>6.3f}s {cpu / cpu0:>5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=0)
    parser.add_argument("--baseline", metavar="SRC", help="another source tree to time too")
    options = parser.parse_args()
    repeats = options.repeats or (5 if options.quick else 15)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "LOANFACTS_CACHE_DIR": str(folder / "cache"), "NO_COLOR": "1"}
        env.pop("LOANFACTS_FACTS", None)
        old = (
            {**env, "PYTHONPATH": str(Path(options.baseline).resolve())}
            if options.baseline
            else None
        )
        text = draft(2000)
        (folder / "draft.md").write_text(text, encoding="utf-8")
        checks = {
            "check ONE SENTENCE --json": ["check", SENTENCE, "--json"],
            "check --file draft.md --json (2,000 words)": [
                "check",
                "--file",
                str(folder / "draft.md"),
                "--json",
            ],
        }
        cases: dict[str, Case] = {
            "show manufacturing --json": (["show", "manufacturing", "--json"], env)
        }
        for name, args in checks.items():
            cases[name] = (args, env)
            if old is not None:
                cases[f"{name} [baseline]"] = (args, old)
        print(f"load average before: {load()}; {repeats} runs of each case, round-robin")
        table(round_robin(cases, repeats), "show manufacturing --json")
        print(
            f"draft: {len(text.split())} words, {text.count('%')} percent signs; load "
            f"average after: {load()}"
        )
        if options.quick:
            return
        facts = folder / "facts-100k.json"
        subprocess.run(  # noqa: S603
            [sys.executable, str(HERE / "generate.py"), "100000", "-o", str(facts)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        sentence = "Export loans in Dingbi rose 5% and stood at 120 billion yuan."
        args = ["check", "--facts", str(facts), sentence, "--json"]
        first, _ = run(args, env)
        print(f"100,000 facts: check one sentence, first run (builds the index): {first:.3f}s")
        big: dict[str, Case] = {
            "100,000 facts: show export loans in dingbi --json": (
                ["show", "--facts", str(facts), "export loans in dingbi", "--json"],
                env,
            ),
            "100,000 facts: check one sentence (index built)": (args, env),
        }
        print(f"load average before: {load()}")
        table(round_robin(big, repeats), "100,000 facts: show export loans in dingbi --json")
        print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
