"""Score extract's drafts against hand-written expectations (issue 18).

A drafted record is matched to an expected figure by paragraph and printed text: the same
text, else one text containing the other with the same first number (a draft of "$256.92
billion" may print "256.92 billion"). Each draft is matched once, in reading order.

- recall: expected figures with a matched draft;
- all fields right: matched figures whose signed value, unit, currency, scale, qualifier and
  period end all equal the expectation's (over the expected figures, so a miss counts wrong);
- not figures: drafts matched to no expected figure.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from loanfacts.cli import app
from loanfacts.model.kinds import currency_of

FIELDS = ("value", "unit", "currency", "scale", "qualifier", "period_end")
EXTRA_FIELDS = ("measure", "region")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass
class Score:
    expected: int
    drafted: int
    found: int = 0
    right: int = 0
    fields: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    not_figures: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def accuracy(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    def line(self, name: str) -> str:
        extra = ", ".join(
            f"{k} {v / max(1, self.found):.1%}" for k, v in self.fields.items() if k in EXTRA_FIELDS
        )
        return (
            f"{name}: recall {self.recall:.1%} ({self.found}/{self.expected}), all fields right "
            f"{self.accuracy:.1%} ({self.right}/{self.expected}), not figures drafted "
            f"{len(self.not_figures)} ({self.drafted} drafted); among found: {extra}"
        )


def _first_number(text: str) -> str | None:
    m = _NUMBER.search(text)
    return m.group().replace(",", "") if m else None


def _period_end(period: Any) -> str | None:
    if not isinstance(period, dict):
        return None
    end = period.get("end") or period.get("date")
    return str(end) if end else None


def fields_of(record: dict[str, Any]) -> dict[str, Any]:
    unit = record.get("unit")
    currency = record.get("currency")
    if currency is None and isinstance(unit, str):
        implied = currency_of(unit)
        currency = implied.value if implied else None
    return {
        "value": Decimal(str(record.get("value"))),
        "unit": unit,
        "currency": currency,
        "scale": record.get("scale"),
        "qualifier": record.get("qualifier", "exact"),
        "period_end": _period_end(record.get("period")),
        "measure": record.get("measure"),
        "region": record.get("region"),
    }


def where(record: dict[str, Any]) -> tuple[int, str]:
    source = record.get("source") or {}
    paragraph: Any = record.get("paragraph", source.get("paragraph"))
    return int(paragraph), str(record.get("text", source.get("text")))


def score(drafted: list[dict[str, Any]], expected: list[dict[str, Any]]) -> Score:
    out = Score(len(expected), len(drafted))
    used: set[int] = set()

    def find(paragraph: int, text: str, loose: bool) -> int | None:
        for i, d in enumerate(drafted):
            if i in used:
                continue
            p, t = where(d)
            if p != paragraph:
                continue
            if t == text or (
                loose and (t in text or text in t) and _first_number(t) == _first_number(text)
            ):
                return i
        return None

    pairs: list[tuple[dict[str, Any], int | None]] = []
    for want in expected:
        p, t = where(want)
        i = find(p, t, loose=False)
        if i is not None:
            used.add(i)
        pairs.append((want, i))
    for n, (want, i) in enumerate(pairs):
        if i is None:
            p, t = where(want)
            j = find(p, t, loose=True)
            if j is not None:
                used.add(j)
                pairs[n] = (want, j)
    for want, i in pairs:
        key = where(want)
        if i is None:
            out.problems.append(f"missed: p{key[0]} {key[1]!r}")
            continue
        out.found += 1
        a, b = fields_of(drafted[i]), fields_of(want)
        wrong = [k for k in FIELDS if a[k] != b[k]]
        for k in (*FIELDS, *EXTRA_FIELDS):
            out.fields[k] = out.fields.get(k, 0) + (a[k] == b[k])
        if not wrong:
            out.right += 1
        else:
            out.problems.append(
                f"wrong: p{key[0]} {key[1]!r}: "
                + ", ".join(f"{k} {a[k]!s} (expected {b[k]!s})" for k in wrong)
            )
    for i, d in enumerate(drafted):
        if i not in used:
            p, t = where(d)
            out.not_figures.append(f"p{p} {t!r}")
            out.problems.append(f"not a figure: p{p} {t!r}")
    return out


def extract(runner: CliRunner, report: Path, document: str, *options: str) -> dict[str, Any]:
    """The draft of a report, with each option the command knows (an option it does not
    know yet is dropped, so that the same test measured the code before it had them)."""
    args = list(options)
    while True:
        result = runner.invoke(app, ["extract", str(report), "-d", document, "--json", *args])
        if result.exit_code == 2 and "no such option" in result.stderr.lower():
            name = next((a for a in args if a.startswith("--") and a in result.stderr), None)
            if name is None:
                raise AssertionError(result.stderr)
            at = args.index(name)
            takes_value = at + 1 < len(args) and not args[at + 1].startswith("--")
            del args[at : at + (2 if takes_value else 1)]
            continue
        assert result.exit_code in (0, 1), result.stderr
        doc: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
        return doc
