"""Where a first look-up's time goes: each phase of an index build timed on its own.

    python benchmarks/build_phases.py FACTS.json

Prints seconds and microseconds per record for: splitting the file into records (reader.py),
validating them (pydantic), the text model (query.fact_keys, query.figures,
search.IndexWords, query.lexicon_pairs), the
vocabulary (suggest.add), the audit (briefs, then the rules), and the whole build
(index/build.py, SQLite included). The difference between the whole and the sum of the
parts is SQLite's share (inserting rows, the search tables, the indexes).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from loanfacts.analysis import audit
from loanfacts.index.build import build
from loanfacts.index.reader import Reader, read_records
from loanfacts.lookup import query, search, suggest
from loanfacts.model import quick
from loanfacts.model.models import Fact, FactsFile
from loanfacts.model.store import no_gc


def main() -> None:
    path = Path(sys.argv[1])
    clock = time.perf_counter
    phases: list[tuple[str, float]] = []
    start = clock()
    head: list[bytes] = []
    with path.open("rb") as stream:
        records = list(read_records(Reader(stream, path.stat().st_size), head))
    phases.append(("split into records (reader.py)", clock() - start))
    start = clock()
    validator = quick.facts()
    facts: list[Fact] = []
    with no_gc():
        for at in range(0, len(records), 5000):
            facts += validator.validate_json(b"[" + b",".join(records[at : at + 5000]) + b"]")
    phases.append(("validate (pydantic, model/quick.py)", clock() - start))
    start = clock()
    named: set[tuple[str, ...]] = set()
    cutter = search.IndexWords()
    for at in range(0, len(facts), 5000):
        fresh = []
        for fact in facts[at : at + 5000]:
            numbers = query.figures(fact)
            cutter.of(fact, numbers)
            "\x01".join([query.fact_keys(fact), *numbers])
            if (fact.topic, *fact.aliases) not in named:
                named.add((fact.topic, *fact.aliases))
                fresh.append(fact)
        query.lexicon_pairs(fresh)
    phases.append(("text model (keys, figures, words, names)", clock() - start))
    start = clock()
    vocab: dict[str, str] = {}
    for fact in facts:
        suggest.add(vocab, fact)
    phases.append(("vocabulary (suggest.add)", clock() - start))
    start = clock()
    with no_gc():
        briefs = [audit.Brief.of(f) for f in facts]
    phases.append(("audit: briefs", clock() - start))
    start = clock()
    sources = FactsFile.model_validate_json(b"{" + b",".join([*head, b'"facts":[]']) + b"}")
    audit.run_briefs(briefs, audit.reference_documents(sources.sources))
    phases.append(("audit: rules", clock() - start))
    with tempfile.TemporaryDirectory() as folder:
        start = clock()
        build(path, Path(folder) / "index.sqlite")
        whole = clock() - start
    parts = sum(seconds for _, seconds in phases)
    phases.append(("SQLite and the rest (whole build minus the parts)", whole - parts))
    phases.append(("whole build (index/build.py)", whole))
    count = len(records)
    print(f"{path.name}: {count:,} records, {path.stat().st_size / 1e6:.0f} MB")
    for name, seconds in phases:
        print(f"  {name:<52} {seconds:7.2f} s {seconds / count * 1e6:7.1f} µs/record")


if __name__ == "__main__":
    main()
