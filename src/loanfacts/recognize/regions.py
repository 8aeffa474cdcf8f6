"""Whose figure: the places a text names, read as regions (the frame's first part).

Pure, no facts, no I/O. A place is named in English ("Henan", "Henan Province", "China's",
"the country's", "nationwide") or in Chinese (河南, 全国, 我国, 上海, 沪); traditional characters
are read as simplified first (text/normalize.py). Regions are canonical English names, the
same a fact's `region` field holds.

How a figure gets its region (`region_at`): the place named last before the figure in its own
sentence (a region named earlier in the sentence carries forward); failing that, the first
place named after it in the same sentence. Where the sentence names none, the region is
unknown (None): never assumed to be the facts' region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loanfacts.text.normalize import simplified

#: canonical name -> (English names, Chinese names). English names match whole words, with
#: an optional possessive; "the country's", "nationwide" and 全国/我国 name China, as the
#: press of China writes them.
_PLACES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "China": (
        (
            "China",
            "PRC",
            "Chinese mainland",
            "mainland China",
            "the country",
            "nationwide",
            "national",
            "the nation",
            "countrywide",
        ),
        ("全国", "我国", "中国", "全国性", "国内"),
    ),
    # provinces and province-level cities
    "Henan": (("Henan",), ("河南", "豫")),
    "Shanghai": (("Shanghai",), ("上海", "沪")),
    "Beijing": (("Beijing",), ("北京",)),
    "Tianjin": (("Tianjin",), ("天津",)),
    "Chongqing": (("Chongqing",), ("重庆",)),
    "Anhui": (("Anhui",), ("安徽", "皖")),
    "Shandong": (("Shandong",), ("山东", "鲁")),
    "Jiangsu": (("Jiangsu",), ("江苏",)),
    "Zhejiang": (("Zhejiang",), ("浙江",)),
    "Guangdong": (("Guangdong",), ("广东", "粤")),
    "Fujian": (("Fujian",), ("福建",)),
    "Hubei": (("Hubei",), ("湖北",)),
    "Hunan": (("Hunan",), ("湖南",)),
    "Hebei": (("Hebei",), ("河北",)),
    "Shanxi": (("Shanxi",), ("山西",)),
    "Shaanxi": (("Shaanxi",), ("陕西",)),
    "Jiangxi": (("Jiangxi",), ("江西",)),
    "Sichuan": (("Sichuan",), ("四川",)),
    "Yunnan": (("Yunnan",), ("云南",)),
    "Guizhou": (("Guizhou",), ("贵州",)),
    "Guangxi": (("Guangxi",), ("广西",)),
    "Liaoning": (("Liaoning",), ("辽宁",)),
    "Jilin": (("Jilin",), ("吉林",)),
    "Heilongjiang": (("Heilongjiang",), ("黑龙江",)),
    "Inner Mongolia": (("Inner Mongolia",), ("内蒙古",)),
    "Xinjiang": (("Xinjiang",), ("新疆",)),
    "Tibet": (("Tibet", "Xizang"), ("西藏",)),
    "Gansu": (("Gansu",), ("甘肃",)),
    "Qinghai": (("Qinghai",), ("青海",)),
    "Ningxia": (("Ningxia",), ("宁夏",)),
    "Hainan": (("Hainan",), ("海南",)),
    "Hong Kong": (("Hong Kong",), ("香港",)),
    "Macao": (("Macao", "Macau"), ("澳门",)),
    "Taiwan": (("Taiwan",), ("台湾",)),
    # cities
    "Zhengzhou": (("Zhengzhou",), ("郑州",)),
    "Luoyang": (("Luoyang",), ("洛阳",)),
    "Qingdao": (("Qingdao",), ("青岛",)),
    "Shenzhen": (("Shenzhen",), ("深圳",)),
    "Guangzhou": (("Guangzhou",), ("广州",)),
    "Hangzhou": (("Hangzhou",), ("杭州",)),
    "Nanjing": (("Nanjing",), ("南京",)),
    "Wuhan": (("Wuhan",), ("武汉",)),
    "Huai'an": (("Huai'an", "Huaian"), ("淮安",)),
    "Suzhou": (("Suzhou",), ("苏州",)),
    "Xi'an": (("Xi'an",), ("西安",)),
    "Chengdu": (("Chengdu",), ("成都",)),
    # other economies
    "United Kingdom": (
        ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain", "British"),
        ("英国",),
    ),
    "United States": (("United States", "U.S.", "USA", "America"), ("美国",)),
    "India": (("India", "Indian"), ("印度",)),
    "Japan": (("Japan", "Japanese"), ("日本",)),
    "Euro area": (("euro area", "eurozone", "euro zone"), ("欧元区",)),
    "Germany": (("Germany", "German"), ("德国",)),
}

#: where a place lies, for a reader who asks whether a city's figure is the province's
PARENT = {
    **{
        name: "China"
        for name in _PLACES
        if name
        not in {
            "China",
            "United Kingdom",
            "United States",
            "India",
            "Japan",
            "Euro area",
            "Germany",
        }
    },
    "Zhengzhou": "Henan",
    "Luoyang": "Henan",
    "Qingdao": "Shandong",
    "Shenzhen": "Guangdong",
    "Guangzhou": "Guangdong",
    "Hangzhou": "Zhejiang",
    "Nanjing": "Jiangsu",
    "Suzhou": "Jiangsu",
    "Huai'an": "Jiangsu",
    "Wuhan": "Hubei",
    "Xi'an": "Shaanxi",
    "Chengdu": "Sichuan",
}

# words after a place name that make it no region of a figure: "US dollars", "China
# Merchants Bank", "UK-based"
_NOT_AFTER = re.compile(
    r"[\s-]*(?:dollars?|Merchants|Development Bank|Construction Bank|Commercial Bank|Bank|Daily)\b"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a text: its span and its canonical region."""

    start: int
    end: int
    region: str


@cache
def _patterns() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], dict[str, str]]:
    english: dict[str, str] = {}
    chinese: dict[str, str] = {}
    for region, (en, zh) in _PLACES.items():
        english.update({name.casefold(): region for name in en})
        chinese.update({name: region for name in zh})
    en_names = sorted(english, key=len, reverse=True)
    en_re = re.compile(
        r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in en_names) + r")(?:['’]s)?(?![\w])",
        re.IGNORECASE,
    )
    zh_re = re.compile("|".join(re.escape(n) for n in sorted(chinese, key=len, reverse=True)))
    return en_re, english, zh_re, chinese


_PROPER = {"national", "nationwide", "countrywide", "the country", "the nation"}


def mentions(text: str) -> list[Mention]:
    """Every place the text names, in order (one linear pass per script)."""
    en_re, english, zh_re, chinese = _patterns()
    found: list[Mention] = []
    for m in en_re.finditer(text):
        name = re.sub(r"['’]s$", "", m.group(0))
        key = name.casefold()
        # a proper noun is capitalised as printed; "china" in lower case is crockery
        if key not in _PROPER and not name[:1].isupper():
            continue
        if _NOT_AFTER.match(text, m.end()):
            continue
        found.append(Mention(m.start(), m.end(), english[key]))
    if any(c >= "\u3400" for c in text):
        simple = simplified(text)
        found.extend(
            Mention(m.start(), m.end(), chinese[m.group(0)]) for m in zh_re.finditer(simple)
        )
        found.sort(key=lambda m: m.start)
    return found


def region_at(sentence: str, start: int, end: int | None = None) -> str | None:
    """The region of the figure at [start, end) of its sentence: the place named last before
    it, else the first named after it; None where the sentence names no place."""
    found = mentions(sentence)
    before = [m for m in found if m.end <= start]
    if before:
        return before[-1].region
    after = [m for m in found if m.start >= (end if end is not None else start)]
    return after[0].region if after else None


def within(region: str, wider: str) -> bool:
    """Whether `region` lies inside `wider` (Luoyang inside Henan inside China), or is it."""
    here: str | None = region
    while here is not None:
        if here == wider:
            return True
        here = PARENT.get(here)
    return False


def names_of(region: str) -> tuple[str, ...]:
    """The words that name a region, English (case folded) and Chinese; () for one unknown."""
    en, zh = _PLACES.get(region, ((), ()))
    return (*(n.casefold() for n in en), *zh)


def is_place(word: str) -> bool:
    """Whether a word (any case) is a place's English name: "henan", "china"."""
    return word.casefold() in _patterns()[1]


@cache
def _place_runs() -> frozenset[str]:
    """The runs of word characters (`\\w+`) of every English place word, and the `s` of a
    possessive."""
    return frozenset(
        {"s"}
        | {run for en, _zh in _PLACES.values() for w in en for run in _RUN.findall(w.casefold())}
    )


def other_runs(name: str) -> tuple[str, ...]:
    """The runs of word characters of a lower-case name that are no place word's: on a Latin
    name `strip_places` takes out whole runs of place words and nothing else, so these, in
    order, are the runs of its stripped form."""
    places = _place_runs()
    return tuple(r for r in _RUN.findall(name) if r not in places)


_RUN = re.compile(r"\w+")


def strip_places(name: str) -> str:
    """A lower-case name without the words of any place ("china manufacturing loans" ->
    "manufacturing loans"; "洛阳制造业贷款" -> "制造业贷款"), spaces collapsed."""
    for region in _PLACES:
        for word in names_of(region):
            if word.isascii():
                name = re.sub(rf"(?<![\w]){re.escape(word)}(?:['’]s)?(?![\w])", " ", name)
            else:
                name = name.replace(word, "")
    return " ".join(name.split())
