"""The bundled facts against the report: every figure present, findable, and as printed."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from conftest import ROOT
from loanfacts.lookup import query, search
from loanfacts.model.store import FactBase

REPORT = ROOT.parent / "shared" / "source" / "henan-manufacturing-loans-2025.txt"

# id: (value, unit label, date or period end, qualifier, paragraph), read off the report by hand
EXPECTED = {
    "manufacturing-loans-balance": ("9000", "billion yuan", "2025-06-30", "lower_bound", 2),
    "manufacturing-loans-yoy": ("13.43", "%", "2025-06-30", "exact", 2),
    "manufacturing-loans-growth-gap": ("6.46", "percentage points", "2025-06-30", "exact", 2),
    "manufacturing-long-term-loans-balance": ("3563.91", "billion yuan", "2025-06-30", "exact", 3),
    "manufacturing-long-term-loans-yoy": ("8.35", "%", "2025-06-30", "exact", 3),
    "enterprise-visits-count": ("9.43", "million visits", "2025-06-30", "exact", 5),
    "cooperation-intentions-amount": ("124", "billion yuan", "2025-06-30", "exact", 5),
    "new-manufacturing-loans-yoy": ("21.38", "%", "2025-06-30", "exact", 6),
    "new-manufacturing-loans-rate-change": ("-0.64", "percentage points", "2025-06-30", "exact", 6),
    "fee-cut-savings-amount": ("20", "billion yuan", "2025-06-30", "lower_bound", 6),
    "tech-finance-initiatives-count": ("5", "initiatives", None, "exact", 7),
    "high-tech-loans-balance": ("1610.12", "billion yuan", "2025-06-30", "exact", 7),
    "high-tech-loans-yoy": ("14.99", "%", "2025-06-30", "exact", 7),
    "clean-energy-loans-balance": ("1853.54", "billion yuan", "2025-05-30", "exact", 8),
    "pulink-credit-amount": ("38.32", "billion yuan", None, "exact", 10),
    "pulink-clients-count": ("141", "clients", None, "exact", 10),
}

# what a user would type, and the figure it must bring up first or among the results
LOOKUPS = [
    ("manufacturing", "manufacturing-loans-balance"),
    ("制造业", "manufacturing-loans-yoy"),
    ("各项贷款", "manufacturing-loans-growth-gap"),
    ("long-term", "manufacturing-long-term-loans-balance"),
    ("中长期贷款", "manufacturing-long-term-loans-yoy"),
    ("visits", "enterprise-visits-count"),
    ("cooperation intentions", "cooperation-intentions-amount"),
    ("new loans", "new-manufacturing-loans-yoy"),
    ("interest rate", "new-manufacturing-loans-rate-change"),
    ("减费让利", "fee-cut-savings-amount"),
    ("action plan", "tech-finance-initiatives-count"),
    ("high-tech", "high-tech-loans-balance"),
    ("高技术产业", "high-tech-loans-yoy"),
    ("clean energy", "clean-energy-loans-balance"),
    ("supply chain", "pulink-credit-amount"),
    ("Pufa Bank", "pulink-clients-count"),
]


def test_every_report_figure_and_no_other(base: FactBase) -> None:
    report = {f.id for f in base.facts if not base.is_reference(f)}
    assert report == set(EXPECTED)


@pytest.mark.parametrize("fid", sorted(EXPECTED))
def test_figure_as_published(base: FactBase, fid: str) -> None:
    value, unit, end, qualifier, paragraph = EXPECTED[fid]
    fact = base.by_id()[fid]
    assert fact.value == Decimal(value)
    assert fact.unit_label == unit
    assert (fact.period.end.isoformat() if fact.period else None) == end
    assert fact.qualifier.value == qualifier
    assert fact.source.paragraph == paragraph


@pytest.mark.skipif(not REPORT.exists(), reason="the shared report is not beside the checkout")
@pytest.mark.parametrize("fid", sorted(EXPECTED))
def test_printed_text_stands_in_its_paragraph(base: FactBase, fid: str) -> None:
    """Provenance is checkable: the text as printed is in the paragraph the fact names."""
    paragraphs = REPORT.read_text(encoding="utf-8").splitlines()
    fact = base.by_id()[fid]
    assert fact.source.paragraph is not None
    assert fact.source.text in paragraphs[fact.source.paragraph - 1]


@pytest.mark.parametrize(("typed", "fid"), LOOKUPS)
def test_findable_by_what_a_user_types(base: FactBase, typed: str, fid: str) -> None:
    shown = [f.id for f in query.show(base.facts, typed)]
    searched = [h.fact.id for h in search.search(base.facts, typed)]
    assert fid in shown or fid in searched


def test_reference_facts_name_their_sources(base: FactBase) -> None:
    documents = {s.id: s for s in base.file.sources}
    for fact in base.facts:
        if base.is_reference(fact):
            assert documents[fact.source.document].kind.value == "reference"
            assert fact.id.startswith("ref-")


def test_no_report_sentence_copied() -> None:
    """Descriptions are our own words: no run of nine words is shared with the report."""
    if not REPORT.exists():
        pytest.skip("the shared report is not beside the checkout")

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z]+", text.lower())

    src = words(REPORT.read_text(encoding="utf-8"))
    grams = {" ".join(src[i : i + 9]) for i in range(len(src) - 8)}
    ours = words((ROOT / "facts.json").read_text(encoding="utf-8"))
    copied = [
        " ".join(ours[i : i + 9])
        for i in range(len(ours) - 8)
        if " ".join(ours[i : i + 9]) in grams
    ]
    assert copied == []


def test_reference_sources_name_publisher_date_and_address(base: FactBase) -> None:
    """Complete provenance: who published it, when, where; what could not be found is
    listed in `not_found` and explained in the note."""
    for source in base.file.sources:
        if source.kind.value != "reference":
            continue
        assert source.publisher or "publisher" in source.not_found, source.id
        assert source.published or "published" in source.not_found, source.id
        assert source.address and source.address.startswith("http"), source.id
        assert source.language in ("zh", "en"), source.id
        if source.not_found:
            assert source.note, source.id


def test_reference_text_in_the_source_language(base: FactBase) -> None:
    """A Chinese source's figure is held as printed there ("9.38万亿元"); an English rendering
    sits beside it in `text_en`."""
    languages = {s.id: s.language for s in base.file.sources}
    chinese = [f for f in base.facts if languages[f.source.document] == "zh"]
    assert len(chinese) >= 20
    for fact in chinese:
        assert not re.search("[A-Za-z]", fact.source.text), fact.id
        if re.search("[万亿萬億]", fact.source.text):
            assert fact.source.text_en, fact.id
    assert base.by_id()["ref-henan-all-loans-2024"].source.text == "9.38万亿元"
    assert base.by_id()["ref-henan-all-loans-2024"].source.text_en == "9.38 trillion yuan"


def test_rate_cut_says_what_it_is_compared_with(base: FactBase) -> None:
    """The report does not say; the record says so, and what is most likely."""
    fact = base.by_id()["new-manufacturing-loans-rate-change"]
    assert fact.versus is not None and fact.versus.startswith("not stated in the report")
    assert "does not say what the rate is compared with" in fact.description


def test_new_reference_figures_name_their_sources(base: FactBase) -> None:
    """GDP for China and Henan (2023), Henan and Luoyang (2022), national loan totals and
    Henan's legal-person units, each from a source record with publisher and date."""
    documents = {s.id: s for s in base.file.sources}
    expected = {
        "ref-china-gdp-2023": "126.06",
        "ref-henan-gdp-2023": "5.91",
        "ref-henan-gdp-2022": "61345.05",
        "ref-luoyang-gdp-2022": "5675.2",
        "ref-china-all-loans-2024": "255.32",
        "ref-china-clean-energy-loans-2024": "9.04",
        "ref-china-high-tech-enterprise-loans-2024": "16.02",
        "ref-henan-legal-entities-2023": "209.7",
    }
    for fid, value in expected.items():
        fact = base.by_id()[fid]
        assert fact.value == Decimal(value)
        assert documents[fact.source.document].kind.value == "reference"
