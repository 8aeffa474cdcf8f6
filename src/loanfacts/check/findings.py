"""The audit's doubt carried into `check`: each checked figure gets the findings of the fact or
derived figure it was compared with, as `derive` carries them (rule, severity, strength, the
fact they are about, message). The verdict stays what it is (the text matches the facts);
the findings say how far the facts themselves can be trusted.

One entry point, `attach`, called once at the end of a check run. The audit is run (or read
from the index) only when a figure was compared with a fact the audit names: most texts
never pay for it.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from loanfacts.analysis.evidence import fixed, num
from loanfacts.analysis.plausibility import FITS, YI_RULE
from loanfacts.model.kinds import HEDGE, Qualifier

if TYPE_CHECKING:
    from collections.abc import Sequence

    from loanfacts.analysis.derive import Derived, InputFinding
    from loanfacts.analysis.evidence import Finding
    from loanfacts.check.results import Checked, CheckResult
    from loanfacts.lookup.base import Lookup

__all__ = ["attach", "doubted"]

YI_SUFFIX = ".yi-reading"


def _derivation_name(derived_id: str) -> str:
    """`manufacturing-loans-balance.prior-year-balance.yi-reading` -> `prior-year-balance`
    (fact ids are slugs: they hold no dot)."""
    return derived_id.split(".")[1]


def _derived(base: Lookup, ids: set[str], findings: list[Finding]) -> dict[str, Derived]:
    """The derived figures named, run again with the audit's findings (check's own run of
    the derivations carries none), and their 亿 readings."""
    from loanfacts.analysis import derive

    if not ids:
        return {}
    names = frozenset(_derivation_name(i) for i in ids)
    result = derive.run(base.facts, base.reference_ids, only=names, findings=findings)
    return {d.id: d for d in result.derived}


def _audit(base: Lookup, ids: Sequence[str]) -> list[Finding]:
    """The audit's findings naming any of ids, from the file or from its index."""
    from loanfacts.model.store import FactBase

    if isinstance(base, FactBase):
        from loanfacts.analysis import audit

        wanted = set(ids)
        return [f for f in audit.run(base) if wanted & set(f.ids)]
    from loanfacts.index.select import Candidates

    if isinstance(base, Candidates):
        return base.audit_findings(ids)
    return []


def _yi_text(target_id: str, findings: list[Finding], derived: dict[str, Derived]) -> str | None:
    """The report's figure under the 亿 reading ("more than 900 billion yuan"), when the
    audit doubts its "billion"."""
    for finding in findings:
        if finding.rule != YI_RULE:
            continue
        for figure in finding.evidence.get("figures", []):
            if figure["id"] == target_id:
                hedge = HEDGE[Qualifier(figure["qualifier"])]
                return f"{hedge}{num(Decimal(figure['yi_reading_billion']))} billion yuan"
    other = derived.get(target_id + YI_SUFFIX)
    if other is not None:
        return f"≈ {fixed(other.point)} {other.unit_label}"
    return None


def _evidence_line(findings: list[Finding], subject: str) -> str:
    """The evidence for the 亿 reading in one line: the strongest finding it explains, worded
    from its evidence, and the names of the others."""
    from loanfacts.analysis.evidence import Strength

    fitting = sorted(
        (f for f in findings if f.evidence.get(FITS) and subject in f.about),
        key=lambda f: (f.strength is not Strength.STRONG, "limit" not in f.evidence),
    )
    if not fitting:
        return ""
    first, others = fitting[0], fitting[1:]
    ev: dict[str, Any] = first.evidence
    if "limit" in ev:
        share = ev.get("share_lower") or ev["share_of_all_loans"]
        line = (
            f"as printed, at least {fixed(Decimal(share), 1)}% of the region's loans of all "
            f"kinds, against a limit of {fixed(Decimal(ev['limit']), 1)}%"
        )
    else:
        line = f"as printed, a regional share {fixed(Decimal(ev['ratio']), 2)} times its output's"
    line += f" ({first.rule}, {first.strength.value})"
    named = sorted({f"{f.rule}, {f.strength.value}" for f in others})
    return line + (f"; also {'; '.join(named)}" if named else "")


def _note(item: Checked, carried: list[Finding], derived: dict[str, Derived]) -> str:
    """The check's note, with the other reading where the audit doubts the fact's scale."""
    if item.target is None:
        return item.note
    yi = _yi_text(item.target.id, carried, derived)
    if yi is None:
        return item.note
    subject = item.target.id.split(".")[0]
    if item.verdict.value == "scale":
        evidence = _evidence_line(carried, subject)
        return (
            f"{item.note} The audit favours the 亿 reading ({yi})"
            + (f": {evidence}" if evidence else "")
            + "."
        )
    return (
        f"{item.note}; {item.verdict.value} as printed; if 'billion' means 亿, the report's "
        f"figure is {yi}"
    )


def attach(base: Lookup, result: CheckResult) -> CheckResult:
    """Each checked figure with the findings of what it was compared with (the fact; for a
    derived figure, its inputs)."""
    from loanfacts.analysis.audit import rules_naming
    from loanfacts.analysis.derive import by_subject, travelling

    targets = [c.target for c in result.checked if c.target is not None]
    fact_ids = {t.id for t in targets if not t.derived}
    derived_ids = {t.id for t in targets if t.derived}
    first_inputs = {i.split(".")[0] for i in derived_ids}
    if not rules_naming(base, sorted(fact_ids | first_inputs)) and not derived_ids:
        return result  # no fact compared with is named by the audit: no audit to run
    derived = _derived(base, derived_ids, [])
    inputs = fact_ids | {i for d in derived.values() if d.id in derived_ids for i in d.inputs}
    if not rules_naming(base, sorted(inputs)):
        return result
    findings = _audit(base, sorted(inputs))
    about = by_subject(findings)
    if derived_ids:
        derived = _derived(base, derived_ids | {i + YI_SUFFIX for i in derived_ids}, findings)
    checked: list[Checked] = []
    for item in result.checked:
        target = item.target
        if target is None:
            checked.append(item)
            continue
        ids = derived[target.id].inputs if target.derived and target.id in derived else (target.id,)
        carried: tuple[InputFinding, ...] = travelling(ids, about)
        rules = {f.rule for f in carried}
        mine = [f for f in findings if f.rule in rules and set(ids) & set(f.about)]
        checked.append(replace(item, findings=carried, note=_note(item, mine, derived)))
    return replace(result, checked=checked)


def doubted(result: CheckResult) -> int:
    """How many figures were compared with a fact the audit has findings on."""
    return sum(1 for c in result.checked if c.findings)
