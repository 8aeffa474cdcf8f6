"""Record ids: ASCII slugs of a topic (Chinese spelt through a glossary), made unique."""

from __future__ import annotations

import re

from loanfacts.text.normalize import has_han

# Chinese words an id can be spelt from (ids are ASCII slugs); longest first when read
GLOSSARY = {
    "制造业": "manufacturing",
    "中长期": "long-term",
    "贷款": "loans",
    "存款": "deposits",
    "普惠": "inclusive",
    "小微": "small-micro",
    "绿色": "green",
    "高技术": "high-tech",
    "高新技术": "high-tech",
    "清洁能源": "clean-energy",
    "新发放": "new",
    "平均": "average",
    "利率": "rate",
    "债券": "bonds",
    "发行": "issuance",
    "经营主体": "businesses",
    "企业": "enterprises",
    "科技": "tech",
    "产业": "industry",
    "各项": "all",
    "住户": "household",
    "涉农": "agricultural",
    "农户": "farm-household",
    "民营": "private",
    "外贸": "foreign-trade",
    "供应链": "supply-chain",
    "不良": "non-performing",
    "余额": "balance",
    "信用": "credit",
    "保险": "insurance",
    "融资": "financing",
    "担保": "guarantee",
    "票据": "bills",
    "个人": "personal",
    "住房": "housing",
    "消费": "consumer",
    "基础设施": "infrastructure",
    "银行": "banks",
}
GLOSSARY_LONGEST_FIRST = sorted(GLOSSARY, key=len, reverse=True)


def slug(text: str, limit: int = 60) -> str:
    """An id from a topic: ASCII words joined by hyphens; Chinese through the glossary."""
    if has_han(text):
        words, rest = [], text
        while rest:
            hit = next((zh for zh in GLOSSARY_LONGEST_FIRST if rest.startswith(zh)), None)
            if hit:
                words.append(GLOSSARY[hit])
                rest = rest[len(hit) :]
            else:
                ascii_run = re.match(r"[A-Za-z0-9]+", rest)
                if ascii_run:
                    words.append(ascii_run.group())
                rest = rest[ascii_run.end() if ascii_run else 1 :]
        text = " ".join(words)
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0]
    return out


def document_tag(document: str) -> str:
    """What ties a drafted id to its document: the document id's first two words
    ("r4-zh-shanghai-h1-2025" -> "r4-zh"), a suffix of every id extract drafts."""
    return "-".join(document.split("-")[:2])[:30]


def unique(base: str, taken: set[str], next_n: dict[str, int] | None = None) -> str:
    """base, else base-2, base-3...: the first not taken (and now taken). `next_n` remembers
    per stem where to go on from, so that naming many drafts of one topic is linear, not
    quadratic."""
    counters = {} if next_n is None else next_n
    candidate, n = base, counters.get(base, 2)
    if base in taken:
        candidate = f"{base}-{n}"
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        counters[base] = n + 1
    taken.add(candidate)
    return candidate
