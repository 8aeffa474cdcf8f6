"""Where a first look-up's time goes when it answers from the file (index/stream.py), phase
by phase, in one process (CPU seconds), then the first pass read by two processes (wall).

    python benchmarks/first_phases.py FACTS.json ID [TOPIC]

Phases of `show ID --json` before its index exists: cutting the file into chunks, validating
them (pydantic), the rules across records (store.Integrity), a stub of each record, the
audit of the answer (the links between stubs, the usual dates of balances, the 亿 doubt, the
facts read again and the rules). With TOPIC, the names and keys of every record a topic
needs, and the topic's answer.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from loanfacts.index import stream
from loanfacts.lookup import query
from loanfacts.model.store import Integrity, no_gc


def _phases(path: Path, fid: str, topic: str | None) -> list[tuple[str, float]]:
    clock = time.process_time
    phases: list[tuple[str, float]] = []
    scan = stream.FileScan(path)
    data = scan._mapped()
    with no_gc():
        start = clock()
        cuts = list(stream._cuts(data, stream._Layout()))
        phases.append((f"cut into {len(cuts)} chunks", clock() - start))
        start = clock()
        chunks = [stream._valid(data, part) for part in cuts]
        phases.append(("validate (pydantic, validate_json per chunk)", clock() - start))
        start = clock()
        integrity = Integrity()
        for facts in chunks:
            integrity.add(facts)
        phases.append(("rules across records (Integrity)", clock() - start))
        start = clock()
        shared: dict[object, object] = {}
        stubs = [stream._Stub.of(fact, shared) for facts in chunks for fact in facts]
        phases.append((f"a stub of each of {len(stubs):,} records", clock() - start))
        if topic is not None:
            start = clock()
            for facts in chunks:
                query.lexicon_names(facts)
            phases.append(("names of every topic (lexicon_names)", clock() - start))
            start = clock()
            seen: dict[tuple[str, ...], str] = {}
            for facts in chunks:
                [query.key_parts(fact, seen) for fact in facts]
            phases.append(("keys of every record (key_parts)", clock() - start))
        del chunks, stubs
    start = clock()
    answer = stream.FileScan(path).for_show(fid)
    whole = clock() - start
    start = clock()
    answer.audit_rules([f.id for f in answer.facts])
    phases.append(("the answer's audit (links, dates, 亿 doubt, rules)", clock() - start))
    phases.append((f"show {fid}: the whole pass, as run", whole))
    if topic is not None:
        start = clock()
        found = stream.FileScan(path).for_show(topic)
        phases.append((f"show {topic!r}: the whole pass, as run", clock() - start))
        start = clock()
        found.audit_rules([f.id for f in found.facts])
        phases.append((f"its audit ({len(found.facts)} facts)", clock() - start))
    return phases


def main() -> None:
    path, fid = Path(sys.argv[1]), sys.argv[2]
    topic = sys.argv[3] if len(sys.argv) > 3 else None
    stream.PARALLEL_CHUNKS = 10**9  # one process: each phase's CPU
    for name, seconds in _phases(path, fid, topic):
        print(f"{seconds:8.3f} s  {name}")
    stream.PARALLEL_CHUNKS = 32
    start = time.perf_counter()
    stream.FileScan(path).for_show(fid)
    print(f"{time.perf_counter() - start:8.3f} s  show {fid}: the pass by two processes (wall)")


if __name__ == "__main__":
    main()
