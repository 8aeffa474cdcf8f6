"""The measurements behind two choices, side by side in one run (medians of N runs):

- "did you mean" on a miss: difflib.get_close_matches over the whole vocabulary (as before)
  against suggest.close_matches (rapidfuzz drops hopeless names, difflib ranks the rest);
- splitting a facts file into records: index/reader.py (the json module's C scanner) against
  ijson's C backend (yajl2_c), which hands out parsed objects, not the records' text.

    python benchmarks/choices.py FACTS.json [--runs 5]

ijson is not a dependency: install it to time it (pip install ijson).
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from loanfacts.index.reader import Reader, read_records
from loanfacts.lookup import suggest
from loanfacts.model import store
from loanfacts.text.words import norm


def median_time(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    base = store.load(args.facts)
    vocab = suggest.vocabulary(base.facts)
    miss = "manufacturng loans in nowhere"
    slow = [vocab[c] for c in difflib.get_close_matches(norm(miss), list(vocab), n=3)]
    same = suggest.close_matches(vocab, miss) == slow
    before = median_time(lambda: difflib.get_close_matches(norm(miss), list(vocab), n=3), args.runs)
    after = median_time(lambda: suggest.close_matches(vocab, miss), args.runs)
    print(
        f"did you mean, {len(vocab):,} names: difflib {before:.3f} s, rapidfuzz + difflib "
        f"{after:.3f} s ({before / after:.0f}x), same answer: {same} {slow}"
    )

    def hand() -> int:
        with args.facts.open("rb") as stream:
            reader = Reader(stream, args.facts.stat().st_size)
            return sum(1 for _ in read_records(reader, []))

    hand_time = median_time(hand, args.runs)
    line = f"records of {args.facts.name}: hand-written reader {hand_time:.3f} s"
    if importlib.util.find_spec("ijson"):
        import ijson

        def parsed() -> int:
            with args.facts.open("rb") as stream:
                return sum(1 for _ in ijson.items(stream, "facts.item", use_float=False))

        line += (
            f", ijson {ijson.backend} {median_time(parsed, args.runs):.3f} s "
            "(objects only: the records' text would still have to be written back)"
        )
    print(line)


if __name__ == "__main__":
    main()
