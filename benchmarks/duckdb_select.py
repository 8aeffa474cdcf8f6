"""The selections the benchmark times with jq, made by DuckDB instead (`read_json` plus a
filter): what a data person reaches for on a large JSON file. Prints the chosen records as
JSON lines. Needs the `bench` extra: pip install -e ".[bench]".

    python benchmarks/duckdb_select.py FILE show "export loans in Dingbi"
    python benchmarks/duckdb_select.py FILE search dingbi export balance
    python benchmarks/duckdb_select.py FILE head
"""

from __future__ import annotations

import sys

import duckdb

# the facts file is one JSON object: read it whole (up to the tool's own size limit), with
# every record seen before the schema is settled
FACTS = (
    "(SELECT unnest(facts) AS f FROM read_json(?, maximum_object_size=1073741824, sample_size=-1))"
)
SEARCHED = (
    "lower(concat_ws(' ', f.id, f.topic, f.entity, f.description, f.source.text, "
    "array_to_string(f.aliases, ' '), array_to_string(coalesce(f.tags, []), ' ')))"
)


def main(argv: list[str]) -> None:
    path, kind, *words = argv
    if kind == "show":
        sql = f"SELECT to_json(f) FROM {FACTS} WHERE f.topic = ?"  # noqa: S608
        args = [path, " ".join(words)]
    elif kind == "search":
        tests = " AND ".join(f"contains({SEARCHED}, ?)" for _ in words) or "true"
        sql, args = f"SELECT to_json(f) FROM {FACTS} WHERE {tests}", [path, *words]  # noqa: S608
    else:
        sql, args = f"SELECT to_json(f) FROM {FACTS} LIMIT 20", [path]  # noqa: S608
    for (row,) in duckdb.connect().execute(sql, args).fetchall():
        sys.stdout.write(row + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
