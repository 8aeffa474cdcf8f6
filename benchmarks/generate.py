"""Write a synthetic facts file of N records that vary like the bundled facts.json.

Records come in topics (a sector's loans in a city), each topic a run of figures over
quarters: a balance, its year-on-year growth, the gap to all loans, counts and amounts, with
English and Chinese aliases, tags, relations between them and a source document per city and
year. The output validates with `loanfacts validate`; the same N and seed give the same bytes.

    python benchmarks/generate.py 100000 -o /tmp/facts-100k.json
    python benchmarks/generate.py 100000 --clone facts.json -o /tmp/clone-100k.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SECTORS = [
    ("manufacturing", "制造业"),
    ("high-tech manufacturing", "高技术制造业"),
    ("equipment manufacturing", "装备制造业"),
    ("inclusive small business", "普惠小微"),
    ("green", "绿色"),
    ("clean energy", "清洁能源"),
    ("agriculture", "涉农"),
    ("technology", "科技"),
    ("real estate", "房地产"),
    ("infrastructure", "基础设施"),
    ("consumer", "消费"),
    ("private enterprise", "民营企业"),
    ("export", "外贸"),
    ("strategic emerging industry", "战略性新兴产业"),
    ("digital economy", "数字经济"),
    ("elderly care", "养老产业"),
    ("new energy vehicle", "新能源汽车"),
    ("supply chain", "供应链"),
    ("rural revitalisation", "乡村振兴"),
    ("tourism", "文旅"),
]
SYLLABLES = [
    ("an", "安"),
    ("yang", "阳"),
    ("luo", "洛"),
    ("xin", "新"),
    ("zhou", "州"),
    ("kai", "开"),
    ("feng", "封"),
    ("nan", "南"),
    ("ping", "平"),
    ("ding", "顶"),
    ("shan", "山"),
    ("xu", "许"),
    ("chang", "昌"),
    ("he", "鹤"),
    ("bi", "壁"),
    ("jiao", "焦"),
    ("zuo", "作"),
    ("pu", "濮"),
    ("san", "三"),
    ("men", "门"),
    ("xia", "峡"),
    ("shang", "商"),
    ("qiu", "丘"),
    ("kou", "口"),
    ("zhu", "驻"),
    ("ma", "马"),
    ("dian", "店"),
    ("ji", "济"),
    ("yuan", "源"),
    ("luohe", "漯"),
]
BANKS = [
    "Henan banking sector",
    "Agricultural Bank of China {city} branch",
    "Bank of China {city} branch",
    "{city} Rural Commercial Bank",
    "China Construction Bank {city} branch",
    "{city} banking sector",
]
SOURCES_PER_CITY = 3


def city(index: int) -> tuple[str, str]:
    """A city name in pinyin and in characters, from two syllables; 900 distinct names."""
    first, second = (
        SYLLABLES[index % len(SYLLABLES)],
        SYLLABLES[index // len(SYLLABLES) % len(SYLLABLES)],
    )
    suffix = "" if index < len(SYLLABLES) ** 2 else str(index // len(SYLLABLES) ** 2)
    return (first[0] + second[0] + suffix).capitalize(), first[1] + second[1] + suffix


def quarter_end(serial: int) -> str:
    year, quarter = 2015 + serial // 4 % 11, serial % 4
    return f"{year}-{('03-31', '06-30', '09-30', '12-31')[quarter]}"


def _money(rng: random.Random) -> tuple[float, str, str | None]:
    value = round(rng.uniform(5, 9999), rng.choice([0, 1, 2]))
    scale = rng.choice(["billion", "yi", "wanyi", "million"])
    printed = f"{value:,.{len(str(value).partition('.')[2]) if value % 1 else 0}f}"
    label = {"yi": "亿元", "wanyi": "万亿元"}.get(scale, f"{scale} yuan")
    return value, f"{printed} {label}", scale


def topic_facts(serial: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """One topic: a sector's loans in a city, as figures over a few quarters."""
    sector, sector_zh = SECTORS[serial % len(SECTORS)]
    name, name_zh = city(serial // len(SECTORS))
    topic = f"{sector} loans in {name}"
    slug = f"{sector.replace(' ', '-')}-{name.lower()}"
    document = f"{name.lower()}-banking-{2015 + serial % 11}-{serial % SOURCES_PER_CITY}"
    entity = rng.choice(BANKS).format(city=name)
    aliases = [
        sector,
        f"{sector} loans",
        f"{name} {sector}",
        f"{name_zh}{sector_zh}贷款",
        f"{sector_zh}贷款",
    ]
    for quarter in range(rng.randint(2, 6)):
        day = quarter_end(serial + quarter)
        stem = f"{slug}-{day[:4]}q{quarter + 1}"
        value, printed, scale = _money(rng)
        common = {"topic": topic, "entity": entity, "period": {"type": "instant", "date": day}}
        balance: dict[str, Any] = {
            "id": f"{stem}-balance",
            **common,
            "measure": "balance",
            "value": value,
            "unit": "yuan",
            "scale": scale,
            "description": f"Outstanding {sector} loans of {entity} at {day}.",
            "source": {"document": document, "paragraph": rng.randint(1, 40), "text": printed},
            "aliases": [*aliases, "balance", "余额"],
            "tags": rng.sample(["headline", "province", "city", "quarterly", "policy"], 2),
        }
        if rng.random() < 0.2:
            balance["qualifier"] = "lower_bound"
            balance["source"]["text"] = f"over {printed}"
        yield balance
        growth = round(rng.uniform(-5, 40), 2)
        yield {
            "id": f"{stem}-yoy",
            **common,
            "measure": "yoy_growth",
            "value": growth,
            "unit": "%",
            "description": f"Year-on-year growth of {sector} loans at {day}.",
            "source": {
                "document": document,
                "paragraph": rng.randint(1, 40),
                "text": f"{growth:.2f}%",
            },
            "aliases": [*aliases, "yoy", "growth", "同比"],
            "relations": {"growth_of": f"{stem}-balance"},
        }
        if rng.random() < 0.5:
            gap = round(rng.uniform(0.1, 20), 2)
            yield {
                "id": f"{stem}-gap",
                **common,
                "measure": "gap",
                "value": gap,
                "unit": "percentage points",
                "versus": "all loans (各项贷款)",
                "description": f"How far {sector} loan growth ran ahead of all loans.",
                "source": {"document": document, "text": f"{gap} percentage points"},
                "aliases": [*aliases, "growth gap", "百分点"],
                "relations": {"gap_of": f"{stem}-yoy"},
            }
        if rng.random() < 0.4:
            clients = rng.randint(10, 90000)
            yield {
                "id": f"{stem}-clients",
                "topic": topic,
                "entity": entity,
                "measure": "count",
                "value": clients,
                "unit": "clients",
                "period": {"type": "duration", "start": f"{day[:4]}-01-01", "end": day},
                "description": f"Borrowers served with {sector} loans in {name}.",
                "source": {"document": document, "text": f"{clients:,} clients"},
                "aliases": [*aliases, "clients", "户"],
                "relations": {"distributed_over": f"{stem}-balance"},
            }


def facts_doc(count: int, seed: int = 5) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311  # synthetic data, reproducible on purpose
    facts: list[dict[str, Any]] = []
    serial = 0
    while len(facts) < count:
        facts.extend(topic_facts(serial, rng))
        serial += 1
    del facts[count:]
    ids = {f["id"] for f in facts}
    for fact in facts:  # a cut at `count` may drop a relation's target
        relations = fact.get("relations", {})
        if any(target not in ids for target in relations.values()):
            del fact["relations"]
    documents = sorted({f["source"]["document"] for f in facts})
    sources = [
        {
            "id": doc,
            "title": f"Synthetic banking report {doc}",
            "kind": "reference" if doc.endswith("-2") else "report",
        }
        for doc in documents
    ]
    return {"schema_version": 1, "sources": sources, "facts": facts}


def cloned_doc(count: int, bundled: Path) -> dict[str, Any]:
    """`count` records made of copies of a real facts file: copy n renames every id and topic
    with the suffix `-n` (relations follow their copy), so that the audit meets the file's own
    reference figures thousands of times over, as a merged file of many reports would."""
    doc = json.loads(bundled.read_text(encoding="utf-8"))
    facts: list[dict[str, Any]] = []
    copy = 0
    while len(facts) < count:
        for fact in doc["facts"]:
            twin = {**fact, "id": f"{fact['id']}-{copy}", "topic": f"{fact['topic']} {copy}"}
            if fact.get("relations"):
                twin["relations"] = {k: f"{v}-{copy}" for k, v in fact["relations"].items()}
            facts.append(twin)
        copy += 1
    del facts[count:]
    ids = {f["id"] for f in facts}
    for fact in facts:  # the last copy may be cut short
        if any(target not in ids for target in fact.get("relations", {}).values()):
            del fact["relations"]
    return {**doc, "facts": facts}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of fact records")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--clone",
        type=Path,
        metavar="FACTS",
        help="copy the records of this facts file instead (cloned_doc)",
    )
    args = parser.parse_args(argv)
    doc = cloned_doc(args.count, args.clone) if args.clone else facts_doc(args.count, args.seed)
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
