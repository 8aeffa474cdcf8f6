"""What `check` finds, apart from how: the verdicts, a checked figure and the whole result.
check/verdicts.py makes them and check/findings.py adds the audit's findings to them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loanfacts.analysis.derive import InputFinding
    from loanfacts.check.targets import Target
    from loanfacts.recognize.figures import Figure, Recognized


class Verdict(StrEnum):
    """The verdict names are the JSON contract."""

    SUPPORTED = "supported"
    CONSISTENT = "consistent"
    CONTRADICTED = "contradicted"
    SCALE = "scale"
    UNIT = "unit"
    DATE = "date"
    UNKNOWN = "unknown"


PASSING = frozenset({Verdict.SUPPORTED, Verdict.CONSISTENT})


@dataclass(frozen=True)
class Checked:
    figure: Figure
    sentence: str
    verdict: Verdict
    target: Target | None
    note: str
    findings: tuple[InputFinding, ...] = ()  # the audit's, on the fact (check/findings.py)


@dataclass(frozen=True)
class CheckResult:
    text: str
    recognized: Recognized
    checked: list[Checked]

    def summary(self) -> dict[str, int]:
        """Figures by verdict, and `doubted`: those compared with a fact the audit doubts."""
        counts = dict.fromkeys((v.value for v in Verdict), 0)
        for item in self.checked:
            counts[item.verdict.value] += 1
        counts["doubted"] = sum(1 for item in self.checked if item.findings)
        return counts

    @property
    def passed(self) -> bool:
        return bool(self.checked) and all(c.verdict in PASSING for c in self.checked)
