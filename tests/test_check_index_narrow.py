"""`check` from the index of a large file (issue 20, item 5): a name of another region whose
own facts the first look-up already read is not looked up again. Differential: on a cloned
file (every subject under thousands of numbered topics in several regions), the facts
narrowed are those the narrowing gave before (each such name looked up), and `check --json`
through the index prints what it prints from the whole file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS, generator
from loanfacts.check import from_index
from loanfacts.check.targets import READER_WORDS, strip_region
from loanfacts.cli import app
from loanfacts.index import Candidates, Index, open_index
from loanfacts.model import store
from loanfacts.text.normalize import simplified
from loanfacts.text.words import NameFinder, norm

SENTENCES = (
    "High-tech loans reached 1,610.12 billion yuan by June 30, up 14.99%",
    "Manufacturing loans rose 12.3% to 950 billion yuan",
    "Inclusive small and micro loans grew 20.1% year on year",
    "河南省制造业贷款余额增长12.3%",
    "Loans to the private economy stood at 2.1 trillion yuan",
    "All loans in Henan reached 9.8 trillion yuan",
)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clone") / "clone.json"
    doc = generator().cloned_doc(1500, FACTS)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _before(index: Index, text: str) -> tuple[Candidates, set[str]]:
    """narrow_index as it was, every name of another region looked up; and those of them
    whose own facts the first look-up read (the names passed over now)."""
    read = simplified(text)
    with index.guard():
        vocabulary = frozenset(word for (word,) in index.con.execute("SELECT word FROM vocab"))
    readers = {w: n for n, words in READER_WORDS.items() for w in words if n in vocabulary}
    outright = from_index.named_in(read, vocabulary)
    names = set(outright) | from_index.bagged_in(read, vocabulary, outright)
    names |= {readers[w] for _s, _e, w in NameFinder(frozenset(readers)).find(read)}
    first = index.for_names(sorted(names))
    keys = {strip_region(norm(f.topic), f.region) for f in first.facts}
    keys.discard("")
    more = from_index.elsewhere(vocabulary - names, keys)
    skipped = more & from_index.vocabulary_of(first.facts)
    return (index.for_names(sorted(names | more)) if more else first), skipped


def _records(base: object, text: str) -> list[dict[str, object]]:
    from loanfacts.check import verdicts

    return [dict(r) for r in verdicts.records(verdicts.check(base, text))]  # type: ignore[arg-type]


def test_narrowed_facts_check_as_before(clone: Path, cache_env: Path) -> None:
    """The facts narrowed now are among those narrowed before (which also held the rows
    whose keys merely contain a name of another region, `show`'s wider net), and every
    figure gets the same verdict and fact from both and from the whole file."""
    env = {"LOANFACTS_CACHE_DIR": str(cache_env), "LOANFACTS_CACHE_MIN_BYTES": "0"}
    index = open_index(clone, env)
    assert index is not None
    whole = store.load(clone)
    skipped = 0
    for text in SENTENCES:
        old, passed_over = _before(index, text)
        new = from_index.narrow_index(index, text)
        assert {f.id for f in new.facts} <= {f.id for f in old.facts}, text
        assert all(new.flags[i] == old.flags[i] for i in new.flags), text
        expected = _records(whole, text)
        assert _records(new, text) == expected, text
        assert _records(old, text) == expected, text
        skipped += len(passed_over)
    assert skipped > 100  # not vacuous: the names the new narrowing passes over


@pytest.mark.parametrize("text", SENTENCES[:3])
def test_check_through_the_index_is_check_of_the_file(
    clone: Path, cache_env: Path, runner: CliRunner, text: str
) -> None:
    args = ["check", "--facts", str(clone), text, "--json"]
    whole = runner.invoke(app, [*args, "--no-cache"])
    indexed = runner.invoke(app, args, env={"LOANFACTS_INDEX": "foreground"})
    assert whole.exit_code == indexed.exit_code
    assert json.loads(indexed.stdout) == json.loads(whole.stdout)
    assert any(cache_env.iterdir())  # the index was built and used
