"""How fast loanfacts answers, side by side with the floor the mandated libraries set.

    python benchmarks/run.py            # 1k, 10k, 100k and 1M records (the 1M part takes minutes)
    python benchmarks/run.py --quick    # fewer repeats, up to 100k records

Every case is a fresh process; cases measured together run round-robin (one of each, then
again) so that noise on a shared machine falls on all of them alike; the table shows medians.
Peak memory is the child's ru_maxrss from wait4. Bytecode is cached as after `pip install`
(PYTHONDONTWRITEBYTECODE is dropped for the children and a warm-up run writes it). "first"
runs start from an empty cache folder (the index is built); "later" runs find it. jq, where
installed, does the same selection on the same file as a reference. Standard library only,
plus the installed `loanfacts`.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (1_000, 10_000, 100_000, 1_000_000)


@dataclass
class Case:
    """One command line to time; `piped` runs it through sh (for a pipe)."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict)
    piped: bool = False
    slow: bool = False  # a reference that reads the whole file: fewer runs
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    failed: str = ""

    def run(self, base_env: Mapping[str, str]) -> None:
        env = {**base_env, **self.env}
        argv = ["/bin/sh", "-c", " ".join(self.argv)] if self.piped else list(self.argv)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,  # noqa: S603
                                stderr=subprocess.PIPE)
        err = proc.stderr.read() if proc.stderr else b""
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1) and not self.failed:  # 1: nothing matched
            self.failed = f"exit {proc.returncode}: {err.decode(errors='replace')[:200]}"
        self.times.append(elapsed)
        self.peaks.append(usage.ru_maxrss * 1024)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def round_robin(cases: Sequence[Case], repeat: int, env: Mapping[str, str],
                before: Mapping[str, Path] | None = None, slow_repeat: int | None = None
                ) -> None:
    """Run every case `repeat` times (slow ones `slow_repeat` times), interleaved: one run of
    each, then again; `before` names cases whose cache folder is emptied before each run."""
    for round_ in range(repeat):
        for case in cases:
            if case.slow and slow_repeat is not None and round_ >= slow_repeat:
                continue
            if before and case.name in before:
                shutil.rmtree(before[case.name], ignore_errors=True)
            case.run(env)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
        ram = f"{int(mem) / 1024**2:.1f} GiB RAM"
    except OSError:
        ram = "RAM unknown"
    return (f"{os.cpu_count()} CPUs ({cpu}), {ram}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def loanfacts_argv() -> list[str]:
    found = shutil.which("loanfacts", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "loanfacts"]


def startup_cases(lf: list[str]) -> list[Case]:
    completion = {"_LOANFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "loanfacts show manu",
                  "COMP_CWORD": "2"}
    return [
        Case("floor: python -c 'import typer, pydantic'",
             [sys.executable, "-c", "import typer, pydantic"]),
        Case("typer alone: empty command with show's options (typer_floor.py)",
             [sys.executable, str(HERE / "typer_floor.py"), "show", "manufacturing", "--json"]),
        Case("show manufacturing --json", [*lf, "show", "manufacturing", "--json"]),
        Case("show manufacturing (table)", [*lf, "show", "manufacturing"]),
        Case("--help", [*lf, "--help"]),
        Case("completion: show manu<TAB>", lf, env=completion),
    ]


def facts_file(folder: Path, size: int) -> Path:
    path = folder / f"facts-{size}.json"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(size),  # noqa: S603
                        "-o", str(path)], check=True)
    return path


def last_topic(path: Path) -> str:
    """The topic of the file's last record: the one an unindexed scan finds last."""
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 8192))
        tail = fh.read().decode("utf-8", errors="replace")
    return str(re.findall(r'"topic":\s*"([^"]+)"', tail)[-1])


def size_cases(lf: list[str], path: Path, jq: str | None) -> tuple[list[Case], list[Case]]:
    """(first runs, later runs) for one facts file."""
    topic = last_topic(path)
    sector, city = topic.split(" loans in ")
    words = [city.lower(), sector.split()[0], "balance"]
    facts = ["--facts", str(path)]
    q = shlex.quote
    first = [Case(f"show '{topic}' (first)", [*lf, "show", topic, *facts, "--json"])]
    later = [
        Case(f"show '{topic}'", [*lf, "show", topic, *facts, "--json"]),
        Case(f"search {' '.join(words)}", [*lf, "search", *words, *facts, "--json"]),
        Case("list --json | head", [" ".join(map(q, [*lf, "list", *facts, "--json"])),
                                    "| head -n 20"], piped=True),
        Case(f"show '{topic}' --no-cache", [*lf, "show", topic, *facts, "--json",
                                              "--no-cache"], slow=True),
    ]
    if jq:
        # test(...; "i"): jq 1.6's ascii_downcase takes minutes on a million records
        literal = ["".join(c if c.isalnum() else f"[{c}]" for c in w) for w in words]
        contains = " and ".join(f'test("{w}"; "i")' for w in literal)
        later += [
            Case("jq: same show selection",
                 [jq, "--arg", "t", topic, "[.facts[] | select(.topic == $t)]", str(path)],
                 slow=True),
            Case("jq: same search selection",
                 [jq, f"[.facts[] | select([.id, .topic, .entity, .description, .source.text,"
                      f" .aliases[], (.tags // [])[]] | join(\" \") | {contains})]",
                  str(path)], slow=True),
            Case("jq: list | head", [q(jq), "-c", "'.facts[]'", q(str(path)), "| head -n 20"],
                 piped=True, slow=True),
        ]
    return first, later


def table(rows: list[tuple[str, Case]], floor: float) -> str:
    out = ["| case | median | × floor | peak memory | runs |", "|---|---:|---:|---:|---:|"]
    for group, case in rows:
        note = f" ⚠ {case.failed}" if case.failed else ""
        name = f"{group}{case.name}{note}".replace("|", "\\|")  # a Markdown table cell
        out.append(f"| {name} | {case.median:.3f} s | "
                   f"{case.median / floor:.2f} | {max(case.peaks) / 1024**2:.0f} MB | "
                   f"{len(case.times)} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark loanfacts; prints a table.")
    parser.add_argument("--quick", action="store_true",
                        help="5 repeats, sizes up to 100,000 (a minute or two)")
    parser.add_argument("--sizes", help="comma-separated record counts (default 1k..1M)")
    parser.add_argument("--repeat", type=int, help="runs per case (default 15, quick 5)")
    parser.add_argument("--first-repeat", type=int,
                        help="first (cold-cache) runs per size (default 3; 1 at 1M)")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "loanfacts-bench",
                        help="where generated files and the benchmark's cache folder live")
    args = parser.parse_args(argv)
    repeat = args.repeat or (5 if args.quick else 15)
    sizes = ([int(s) for s in args.sizes.split(",")] if args.sizes
             else [s for s in SIZES if not args.quick or s <= 100_000])
    args.workdir.mkdir(parents=True, exist_ok=True)
    cache = args.workdir / "cache"
    env = {**os.environ, "LOANFACTS_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    env.pop("LOANFACTS_FACTS", None)
    # time the tool as installed, with its bytecode cached (pip compiles it at install; an
    # editable install writes it on first use, which the warm-up below is)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    lf = loanfacts_argv()
    jq = shutil.which("jq")

    print(f"machine: {machine()}", file=sys.stderr)
    start = startup_cases(lf)
    round_robin(startup_cases(lf), 1, env)  # warm-up, not counted
    round_robin(start, repeat, env)
    floor = start[0].median
    rows: list[tuple[str, Case]] = [("", c) for c in start]
    for size in sizes:
        path = facts_file(args.workdir, size)
        print(f"{size:,} records ({path.stat().st_size / 1e6:.0f} MB) ...", file=sys.stderr)
        first, later = size_cases(lf, path, jq)
        firsts = args.first_repeat or (1 if size >= 1_000_000 else 3)
        round_robin(first, firsts, env, before={c.name: cache for c in first})
        big = size >= 1_000_000
        round_robin(later, max(3, repeat // 3) if big else repeat, env,
                    slow_repeat=1 if big else 3)
        rows += [(f"{size:,}: ", c) for c in first + later]

    print(f"Machine: {machine()}")
    print(f"Command: python benchmarks/run.py {' '.join(argv or sys.argv[1:])}".rstrip())
    print(f"Floor median: {floor:.3f} s; jq: {'yes' if jq else 'not installed'}\n")
    print(table(rows, floor))


if __name__ == "__main__":
    main()
