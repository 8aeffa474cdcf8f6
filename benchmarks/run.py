"""How fast loanfacts answers, side by side with the floor the mandated libraries set, with
jq and DuckDB doing the same selections, and (--before) with an older version of itself.

    python benchmarks/run.py                  # 1k, 10k, 100k and 1M records; ~40 minutes
    python benchmarks/run.py --quick          # fewer repeats, up to 100k records
    python benchmarks/run.py --sizes 100000 --clone 100000 --before /tmp/old-checkout

Every case is a fresh process; cases measured together run round-robin (one of each, then
again) so that noise on a shared machine falls on all of them alike; the table shows medians
and ratios from the same run. Peak memory is the child's ru_maxrss from wait4. Bytecode is
cached as after `pip install` (PYTHONDONTWRITEBYTECODE is dropped for the children and a
warm-up run writes it). "first" runs start from an empty cache folder (the index is built);
"later" runs find it. Files: benchmarks/generate.py's synthetic facts (N records), and with
--clone the bundled facts copied to N records with their relations (the audit then meets the
reference figures thousands of times). --before DIR times the source checkout in DIR (its
`src`, with this Python) on the same commands, in the same rounds. jq, where installed, and
DuckDB, with the `bench` extra, make the same selections on the same file.
"""

from __future__ import annotations

import argparse
import importlib.util
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
SENTENCE = "High-tech loans reached 1,610.12 billion yuan by June 30, up 14.99%"


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
    cache: Path | None = None  # emptied before each run ("first" runs)

    def run(self, base_env: Mapping[str, str]) -> None:
        env = {**base_env, **self.env}
        if self.cache is not None:
            shutil.rmtree(self.cache, ignore_errors=True)
        argv = ["/bin/sh", "-c", " ".join(self.argv)] if self.piped else list(self.argv)
        start = time.perf_counter()
        proc = subprocess.Popen(  # noqa: S603
            argv,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        err = proc.stderr.read() if proc.stderr else b""
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1, 141) and not self.failed:  # 1: nothing matched
            self.failed = f"exit {proc.returncode}: {err.decode(errors='replace')[:200]}"
        self.times.append(elapsed)
        self.peaks.append(usage.ru_maxrss * 1024)
        if self.cache is not None:
            settled(self.cache)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def settled(cache: Path, timeout: float = 300) -> None:
    """Wait for the index a first look-up left to its background builder (index/stream.py),
    untimed: the next run finds the machine quiet, and later runs find the index."""
    deadline = time.monotonic() + timeout
    time.sleep(0.5)  # the builder starts once the look-up has written its answer
    while time.monotonic() < deadline and (
        not list(cache.glob("index-*~loanfacts.sqlite")) or list(cache.glob(".index-*.tmp"))
    ):
        time.sleep(0.2)


@dataclass
class Row:
    """A line of the table: a case, and the same case run by the older version."""

    group: str
    case: Case
    before: Case | None = None


def round_robin(
    cases: Sequence[Case], repeat: int, env: Mapping[str, str], slow_repeat: int | None = None
) -> None:
    """Run every case `repeat` times (slow ones `slow_repeat` times), interleaved: one run of
    each, then again."""
    for round_ in range(repeat):
        for case in cases:
            if case.slow and slow_repeat is not None and round_ >= slow_repeat:
                continue
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
    one, five, fifteen = os.getloadavg()
    load = f", load average {one:.2f} {five:.2f} {fifteen:.2f}"
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {ram}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}{load}"
    )


def versions() -> str:
    from importlib.metadata import version

    import pydantic
    import typer

    jq = shutil.which("jq")
    jq_version = (
        subprocess.run(  # noqa: S603
            [jq, "--version"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if jq
        else "not installed"
    )
    duck = version("duckdb") if importlib.util.find_spec("duckdb") else "not installed"
    return (
        f"typer {typer.__version__}, pydantic {pydantic.VERSION}, rich {version('rich')}, "
        f"{jq_version}, duckdb {duck}"
    )


def loanfacts_argv() -> list[str]:
    found = shutil.which("loanfacts", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "loanfacts"]


def startup_cases(lf: list[str]) -> list[Case]:
    completion = {
        "_LOANFACTS_COMPLETE": "complete_bash",
        "COMP_WORDS": "loanfacts show manu",
        "COMP_CWORD": "2",
    }
    floor = [sys.executable, str(HERE / "typer_floor.py"), "show", "manufacturing"]
    return [
        Case(
            "floor: python -c 'import typer, pydantic'",
            [sys.executable, "-c", "import typer, pydantic"],
        ),
        Case("typer alone, prints [] (typer_floor.py --json)", [*floor, "--json"]),
        Case("typer alone, prints a one-row rich table (typer_floor.py)", floor),
        Case("show manufacturing --json", [*lf, "show", "manufacturing", "--json"]),
        Case("show manufacturing (table)", [*lf, "show", "manufacturing"]),
        Case("--help", [*lf, "--help"]),
        Case("completion: show manu<TAB>", lf, env=completion),
    ]


def facts_file(folder: Path, size: int, clone: bool = False) -> Path:
    path = folder / (f"clone-{size}.json" if clone else f"facts-{size}.json")
    if not path.exists():
        extra = ["--clone", str(HERE.parent / "facts.json")] if clone else []
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(size),
                "-o",
                str(path),
                *extra,
            ],
            check=True,
        )
    return path


def last_record(path: Path) -> tuple[str, str]:
    """The topic and id of the file's last record: what an unindexed scan finds last."""
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 16384))
        tail = fh.read().decode("utf-8", errors="replace")
    topic = re.findall(r'"topic":\s*"([^"]+)"', tail)[-1]
    fid = re.findall(r'"id":\s*"([^"]+)"', tail)[-1]
    return str(topic), str(fid)


def lookups(
    lf: list[str], path: Path, cache: Path, label: str = ""
) -> tuple[list[Case], list[Case]]:
    """(first runs, later runs) of loanfacts on one facts file."""
    topic, fid = last_record(path)
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", topic) if w != "loans"][:2]
    words.append("balance")
    facts = ["--facts", str(path)]
    env = {"LOANFACTS_CACHE_DIR": str(cache)}
    q = shlex.quote
    first = [
        Case(
            f"{label}show '{topic}' (first)",
            [*lf, "show", topic, *facts, "--json"],
            env=env,
            cache=cache,
        ),
        Case(
            f"{label}show {fid} --json (first)",
            [*lf, "show", fid, *facts, "--json"],
            env=env,
            cache=cache,
        ),
    ]
    later = [
        Case(f"{label}show '{topic}'", [*lf, "show", topic, *facts, "--json"], env=env),
        Case(
            f"{label}search {' '.join(words)}", [*lf, "search", *words, *facts, "--json"], env=env
        ),
        Case(
            f"{label}list --json | head",
            [" ".join(map(q, [*lf, "list", *facts, "--json"])), "| head -n 20"],
            env=env,
            piped=True,
        ),
        Case(f"{label}show {fid} (the card)", [*lf, "show", fid, *facts], env=env),
        Case(f"{label}show {fid} --json", [*lf, "show", fid, *facts, "--json"], env=env),
        Case(f"{label}check one sentence", [*lf, "check", *facts, SENTENCE, "--json"], env=env),
        Case(
            f"{label}show no-such-topic (did you mean)",
            [*lf, "show", "no-such-topic", *facts],
            env=env,
        ),
        Case(
            f"{label}show '{topic}' --no-cache",
            [*lf, "show", topic, *facts, "--json", "--no-cache"],
            env=env,
            slow=True,
        ),
    ]
    return first, later


def kept(cases: tuple[list[Case], list[Case]], skip: list[str]) -> tuple[list[Case], list[Case]]:
    """(first, later) without the cases --skip names."""
    first, later = cases
    return (
        [c for c in first if not any(s in c.name for s in skip)],
        [c for c in later if not any(s in c.name for s in skip)],
    )


def references(path: Path) -> list[Case]:
    """jq and DuckDB making the same selections."""
    topic, _ = last_record(path)
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", topic) if w != "loans"][:2]
    words.append("balance")
    cases = []
    jq = shutil.which("jq")
    if jq:
        # test(...; "i"): jq 1.6's ascii_downcase takes minutes on a million records
        literal = ["".join(c if c.isalnum() else f"[{c}]" for c in w) for w in words]
        contains = " and ".join(f'test("{w}"; "i")' for w in literal)
        q = shlex.quote
        cases += [
            Case(
                "jq: same show selection",
                [jq, "--arg", "t", topic, "[.facts[] | select(.topic == $t)]", str(path)],
                slow=True,
            ),
            Case(
                "jq: same search selection",
                [
                    jq,
                    f"[.facts[] | select([.id, .topic, .entity, .description, .source.text,"
                    f' .aliases[], (.tags // [])[]] | join(" ") | {contains})]',
                    str(path),
                ],
                slow=True,
            ),
            Case(
                "jq: list | head",
                [q(jq), "-c", "'.facts[]'", q(str(path)), "| head -n 20"],
                piped=True,
                slow=True,
            ),
        ]
    if importlib.util.find_spec("duckdb"):
        duck = [sys.executable, str(HERE / "duckdb_select.py"), str(path)]
        cases += [
            Case("duckdb: same show selection", [*duck, "show", topic], slow=True),
            Case("duckdb: same search selection", [*duck, "search", *words], slow=True),
            Case("duckdb: first 20 records", [*duck, "head"], slow=True),
        ]
    return cases


def table(rows: list[Row], floor: float) -> str:
    out = [
        "| case | median | × floor | peak memory | runs | before | before ÷ now |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        case = row.case
        note = f" ⚠ {case.failed}" if case.failed else ""
        name = f"{row.group}{case.name}{note}".replace("|", "\\|")  # a Markdown table cell
        before = ""
        if row.before is not None and row.before.times:
            b = row.before
            flag = f" ⚠ {b.failed[:60]}" if b.failed else ""
            before = (
                f" {b.median:.3f} s, {max(b.peaks) / 1024**2:.0f} MB{flag} | "
                f"{b.median / case.median:.2f}"
            )
        else:
            before = " | "
        out.append(
            f"| {name} | {case.median:.3f} s | {case.median / floor:.2f} | "
            f"{max(case.peaks) / 1024**2:.0f} MB | {len(case.times)} |{before} |"
        )
    return "\n".join(out)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark loanfacts; prints a table.")
    parser.add_argument(
        "--quick", action="store_true", help="5 repeats, sizes up to 100,000 (a few minutes)"
    )
    parser.add_argument("--sizes", help="comma-separated record counts (default 1k..1M)")
    parser.add_argument("--clone", help="comma-separated record counts of cloned bundled facts")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="a source checkout of an older version to time beside this one",
    )
    parser.add_argument("--repeat", type=int, help="runs per case (default 15, quick 5)")
    parser.add_argument(
        "--first-repeat", type=int, help="first (cold-cache) runs per size (default 3; 1 at 1M)"
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="WORDS",
        help="leave out the cases whose name holds these words (e.g. 'check one sentence')",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "loanfacts-bench",
        help="where generated files and the benchmark's cache folders live",
    )
    return parser.parse_args(argv)


@dataclass
class Runners:
    """How to start this version, and the older one (--before) if any."""

    now: list[str]
    before: list[str] | None
    before_env: dict[str, str]


def measure_file(
    runners: Runners,
    path: Path,
    label: str,
    big: bool,
    args: argparse.Namespace,
    env: Mapping[str, str],
) -> list[Row]:
    """Every case on one facts file, this version beside the older one and the references."""
    repeat = args.repeat or (5 if args.quick else 15)
    first, later = kept(lookups(runners.now, path, args.workdir / "cache"), args.skip)
    old_first: list[Case] = []
    old_later: list[Case] = []
    if runners.before is not None:
        old_first, old_later = kept(
            lookups(runners.before, path, args.workdir / "cache-before"), args.skip
        )
        for case in old_first + old_later:
            case.env = {**case.env, **runners.before_env}
            case.slow = case.slow or big
    round_robin(first + old_first, args.first_repeat or (1 if big else 3), env)
    refs = references(path)
    round_robin(
        later + old_later + refs,
        max(3, repeat // 3) if big else repeat,
        env,
        slow_repeat=1 if big else 3,
    )
    olds: list[Case | None] = [*old_first, *old_later] or [None] * len(first + later)
    rows = [Row(label, case, before) for case, before in zip(first + later, olds, strict=True)]
    return rows + [Row(label, case) for case in refs]


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    repeat = args.repeat or (5 if args.quick else 15)
    sizes = (
        [int(s) for s in args.sizes.split(",") if s]
        if args.sizes is not None
        else [s for s in SIZES if not args.quick or s <= 100_000]
    )
    files = [(size, False) for size in sizes]
    files += [(int(s), True) for s in args.clone.split(",")] if args.clone else []
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("LOANFACTS_FACTS", None)
    # time the tool as installed, with its bytecode cached (pip compiles it at install; an
    # editable install writes it on first use, which the warm-up below is)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    lf = loanfacts_argv()
    runners = Runners(lf, None, {})
    if args.before is not None:
        runners = Runners(
            lf,
            [sys.executable, "-m", "loanfacts"],
            {"PYTHONPATH": str(args.before.resolve() / "src")},
        )

    print(f"machine: {machine()}", file=sys.stderr)
    start = startup_cases(lf)
    start_old = (
        []
        if runners.before is None
        else [
            Case(c.name, [*runners.before, *c.argv[len(lf) :]], env={**c.env, **runners.before_env})
            for c in startup_cases(lf)[3:]
        ]
    )
    round_robin(startup_cases(lf) + start_old, 1, env)  # warm-up, not counted
    for case in start_old:
        case.times.clear()
        case.peaks.clear()
    round_robin(start + start_old, repeat, env)
    floor = start[0].median
    rows = [Row("", c) for c in start[:3]]
    rows += [Row("", c, start_old[n] if start_old else None) for n, c in enumerate(start[3:])]
    for size, clone in files:
        path = facts_file(args.workdir, size, clone)
        label = f"{size:,}{' cloned' if clone else ''}: "
        print(f"{label}{path.stat().st_size / 1e6:.0f} MB ...", file=sys.stderr)
        rows += measure_file(runners, path, label, size >= 1_000_000, args, env)

    print(f"Machine: {machine()}")
    print(f"Versions: {versions()}")
    print(f"Command: python benchmarks/run.py {' '.join(argv or sys.argv[1:])}".rstrip())
    json_floor, table_floor = start[1].median, start[2].median
    print(
        f"Floor median: {floor:.3f} s. Start-up against Typer alone: show --json "
        f"{start[3].median / json_floor:.2f}×, table {start[4].median / table_floor:.2f}×\n"
    )
    print(table(rows, floor))


if __name__ == "__main__":
    main()
