"""`loanfacts topics`: every topic once, with aliases, ids and counts, in every format."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.lookup import query
from loanfacts.model.store import FactBase


def test_topics_cover_every_fact_once(base: FactBase) -> None:
    """Topics in file order; their ids together are all ids, each once."""
    topics = query.topics(base.facts)
    assert topics[0].name == "manufacturing loans"
    ids = [i for t in topics for i in t.ids]
    assert sorted(ids) == sorted(f.id for f in base.facts)
    assert len({t.name for t in topics}) == len(topics)


def test_topic_aliases_merged_without_repeats(base: FactBase) -> None:
    """A topic's aliases come from all its figures, each once, not repeating the topic."""
    manufacturing = query.topics(base.facts)[0]
    assert "制造业" in manufacturing.aliases and "yoy" in manufacturing.aliases
    assert len(set(manufacturing.aliases)) == len(manufacturing.aliases)
    assert "manufacturing loans" not in manufacturing.aliases
    assert manufacturing.measures == ("balance", "yoy_growth", "gap")


def test_topics_json(runner: CliRunner) -> None:
    """JSON: an array of objects with topic, count, aliases, ids, measures, reference."""
    result = runner.invoke(app, ["topics", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    first = data[0]
    assert set(first) == {"topic", "count", "aliases", "ids", "measures", "reference"}
    assert first["count"] == len(first["ids"]) == 3
    assert not first["reference"]
    assert any(t["reference"] for t in data)


def test_topics_jsonl_csv_markdown_table(runner: CliRunner) -> None:
    """The other formats carry the same topics."""
    jsonl = runner.invoke(app, ["topics", "-f", "jsonl"]).stdout.splitlines()
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["topics", "-f", "csv"]).stdout)))
    md = runner.invoke(app, ["topics", "-f", "markdown"]).stdout.splitlines()
    table = runner.invoke(app, ["topics"]).stdout
    assert len(jsonl) == len(rows) == len(md) - 2
    assert rows[0]["topic"] == "manufacturing loans" and rows[0]["count"] == "3"
    assert "制造业" in rows[0]["aliases"]
    assert md[0] == "| topic | figures | aliases | ids |"
    assert "high-tech industry loans" in table and "topic(s)" in table


def test_topics_look_each_fact_up_once(base: FactBase) -> None:
    """`topics` asks for the id table once per topic: it is built once per file, not each
    time (which made `topics` quadratic: 31 s at 40,000 facts)."""
    from loanfacts.model import store

    fresh = store.FactBase(path=base.path, file=base.file)
    assert fresh.by_id() is fresh.by_id()
    assert len(fresh.by_id()) == len(base.facts)
