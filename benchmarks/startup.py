"""Start-up against Typer alone, paired: `loanfacts show manufacturing` (--json and table)
beside benchmarks/typer_floor.py with the same options, each a fresh process, interleaved
(one of each, in a shuffled order, then again) so that load on a shared machine falls on all
four alike. Prints the medians of wall time and of CPU time (user + sys from wait4, the fairer
measure when other work shares the cores) and their ratios to the floor.

    python benchmarks/startup.py --runs 40
    python benchmarks/startup.py --runs 40 --before /tmp/old-checkout   # also an older src

Bytecode is cached as after `pip install` (PYTHONDONTWRITEBYTECODE dropped, one warm-up
round); the bundled facts' cache is written by the warm-up into a private temporary folder.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENTRY = "import sys; from loanfacts._entry import main; sys.argv[0] = 'loanfacts'; main()"


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + sys) seconds of one run of argv."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"exit {os.waitstatus_to_exitcode(status)}: {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs of each case (default 30)")
    parser.add_argument("--before", type=Path, help="a source checkout to time beside")
    args = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1"}
    for name in ("PYTHONDONTWRITEBYTECODE", "LOANFACTS_FACTS", "LOANFACTS_CACHE_MIN_BYTES"):
        env.pop(name, None)
    cache = Path(tempfile.mkdtemp(prefix="loanfacts-startup-"))
    env["LOANFACTS_CACHE_DIR"] = str(cache / "cache")
    found = shutil.which("loanfacts", path=str(Path(sys.executable).parent))
    lf = [found] if found else [sys.executable, "-m", "loanfacts"]
    floor = [sys.executable, str(HERE / "typer_floor.py"), "show", "manufacturing"]
    show = ["show", "manufacturing"]
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "floor --json": ([*floor, "--json"], env),
        "loanfacts --json": ([*lf, *show, "--json"], env),
        "floor table": (floor, env),
        "loanfacts table": ([*lf, *show], env),
    }
    if args.before is not None:
        old = {**env, "PYTHONPATH": str(args.before.resolve() / "src")}
        old["LOANFACTS_CACHE_DIR"] = str(cache / "before")
        entry = [sys.executable, "-c", ENTRY]  # what the console script runs
        cases["before --json"] = ([*entry, *show, "--json"], old)
        cases["before table"] = ([*entry, *show], old)
    got: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    try:
        for argv, case_env in cases.values():  # warm-up: bytecode and the bundled cache
            timed(argv, case_env)
        names = list(cases)
        for _ in range(args.runs):
            random.shuffle(names)
            for name in names:
                got[name].append(timed(*cases[name]))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    load = os.getloadavg()
    print(f"{args.runs} runs of each, interleaved; load average {load[0]:.2f} {load[1]:.2f}")
    print("| case | wall median | CPU median | wall ÷ floor | CPU ÷ floor |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in got.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        base = got["floor --json" if "json" in name else "floor table"]
        bwall = statistics.median(w for w, _ in base)
        bcpu = statistics.median(c for _, c in base)
        print(
            f"| {name} | {wall * 1000:.1f} ms | {cpu * 1000:.1f} ms | "
            f"{wall / bwall:.3f} | {cpu / bcpu:.3f} |"
        )


if __name__ == "__main__":
    main()
