"""What a figure is about and whose it is, from the words around it: the nearest noun phrase
made a topic ("new medium-term loans of the city's banks to the steel industry" is new
medium-term steel loans), and the sector or bank a sentence names. English and Chinese; plain word
lists, no language model.

A rate right after a balance has no noun of its own ("up 13.43% year-on-year"): it is about
what the figure before it was about, so `topic` answers None and extract carries the topic on.
"""

from __future__ import annotations

import re

from loanfacts.intake.measure_words import Window, words_of
from loanfacts.intake.report_figures import COUNT, PERCENT, POINTS, Figure
from loanfacts.text.normalize import has_han

LEAD_WORDS = frozenset(
    {
        "exceeded",
        "exceeds",
        "exceed",
        "reached",
        "reach",
        "reaches",
        "topped",
        "tops",
        "top",
        "passed",
        "hit",
        "stood",
        "stands",
        "at",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "amounted",
        "amounting",
        "amounts",
        "to",
        "came",
        "come",
        "totaling",
        "totalling",
        "totalled",
        "totaled",
        "of",
        "by",
        "about",
        "around",
        "roughly",
        "some",
        "nearly",
        "almost",
        "over",
        "under",
        "more",
        "than",
        "less",
        "least",
        "approximately",
        "just",
        "up",
        "down",
        "rose",
        "grew",
        "fell",
        "increased",
        "decreased",
        "worth",
        "had",
        "has",
        "have",
        "a",
        "an",
        "the",
        "total",
        "combined",
        "broke",
        "breaks",
        "surpassed",
        "exceeding",
        "close",
        "reaching",
        "hitting",
        "with",
        "and",
        "estimated",
        "only",
        "still",
        "further",
        "another",
        "additional",
        "extra",
        "them",
        "it",
        "its",
        "in",
        "for",
        "from",
        "on",
        "as",
        "rise",
        "decline",
        "increase",
        "decrease",
        "fall",
        "drop",
        "achieved",
        "recorded",
        "registered",
        "posted",
        "saw",
        "see",
        "sees",
        "made",
        "make",
        "makes",
        "numbered",
        "number",
        "counted",
        "visited",
        "served",
        "backed",
        "supported",
        "helped",
        "lent",
        "disbursed",
        "issued",
        "provided",
        "granted",
        "pledging",
        "pledged",
        "agreed",
        "received",
        "fined",
        "joined",
        "signed",
        "sent",
        "including",
        "included",
        "which",
        "while",
        "whereas",
        "that",
        "those",
        "these",
        "this",
        "there",
        "then",
        "also",
        "both",
        "respectively",
        "all",
        "together",
        "altogether",
        "reportedly",
        "totals",
        "same",
        "went",
        "go",
        "goes",
        "got",
        "gets",
        "get",
        "took",
        "take",
        "takes",
        "gave",
        "give",
        "gives",
        "held",
        "holds",
        "hold",
        "kept",
        "keep",
        "ran",
        "run",
        "set",
        "put",
        "rises",
        "grows",
        "falls",
        "stays",
        "stay",
        "remains",
        "remain",
        "became",
        "become",
        "becomes",
        "lends",
        "lend",
        "owes",
        "owe",
        "owned",
        "pays",
        "pay",
        "paid",
        "won",
        "win",
        "brought",
        "bring",
        "brings",
        "cut",
        "cuts",
        "led",
        "leads",
        "lead",
        "met",
        "meet",
        "grown",
        "risen",
        "shrunk",
        "done",
        "taken",
        "given",
        "seen",
        "gone",
        "having",
        "being",
        "wrote",
        "written",
        "numbers",
    }
)
# words that end a noun phrase going leftwards: verbs, conjunctions, clause openers
STOP_WORDS = LEAD_WORDS - {
    "of",
    "to",
    "the",
    "a",
    "an",
    "total",
    "in",
    "for",
    "on",
    "and",
    "all",
    "combined",
    "new",
    "same",
}
MEASURE_NOUNS = frozenset(
    {
        "growth",
        "rate",
        "rates",
        "average",
        "interest",
        "increase",
        "decrease",
        "decline",
        "rise",
        "fall",
        "change",
        "pace",
        "percentage",
        "points",
        "point",
        "share",
        "proportion",
        "year-on-year",
        "yoy",
        "annual",
        "speed",
        "figure",
        "level",
        "balance",
        "amount",
        "sum",
        "value",
        "total",
        "ratio",
        "gap",
        "margin",
        "cut",
        "drop",
        "reduction",
        "loan",
        "year",
        "years",
        "month",
        "months",
        "quarter",
        "quarters",
        "half",
        "period",
        "time",
    }
)
NOUN_ING = frozenset(
    {
        "manufacturing",
        "banking",
        "lending",
        "financing",
        "funding",
        "housing",
        "building",
        "mining",
        "farming",
        "processing",
        "shipping",
        "clothing",
        "printing",
        "training",
        "engineering",
        "accounting",
        "outstanding",
        "borrowing",
        "spending",
        "saving",
        "savings",
        "offering",
        "pricing",
        "marketing",
        "retailing",
        "wholesaling",
        "leasing",
        "insuring",
    }
)
ADJECTIVES = frozenset(
    {
        "new",
        "long-term",
        "medium-term",
        "short-term",
        "medium-",
        "total",
        "average",
        "outstanding",
        "inclusive",
        "green",
        "overall",
        "net",
        "fresh",
        "additional",
        "cumulative",
        "annual",
    }
)
RECIPIENT_NOUNS = frozenset(
    {
        "industry",
        "industries",
        "sector",
        "sectors",
        "enterprises",
        "firms",
        "companies",
        "projects",
        "businesses",
        "clients",
        "customers",
        "field",
        "fields",
    }
)
DROP_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "its",
        "their",
        "our",
        "all",
        "outstanding",
        "total",
        "such",
        "these",
        "those",
        "this",
        "that",
    }
)


COMPLEMENTS = frozenset(
    {
        "low",
        "high",
        "stable",
        "steady",
        "strong",
        "flat",
        "unchanged",
        "firm",
        "robust",
        "solid",
        "weak",
        "higher",
        "lower",
        "level",
    }
)
ADJECTIVE_ED = frozenset(
    {
        "specialized",
        "specialised",
        "advanced",
        "listed",
        "registered",
        "limited",
        "secured",
        "unsecured",
        "mixed",
        "related",
        "designated",
        "affiliated",
        "qualified",
        "dedicated",
        "integrated",
        "red",
        "shared",
        "need",
        "feed",
        "seed",
        "speed",
        "bed",
    }
)


def _strip_lead(words: list[str]) -> list[str]:
    """Drop the verbs, qualifiers and particles between a noun phrase and its figure."""
    while words and (
        words[-1] in LEAD_WORDS
        or words[-1] in COMPLEMENTS
        or _verb_ing(words[-1])
        or _verb_ed(words[-1])
        or _adverb(words[-1])
    ):
        words = words[:-1]
    return words


#: words in -ly that are nouns or adjectives of a subject, not adverbs
_LY_NOUNS = frozenset({"supply", "family", "assembly", "monopoly", "anomaly", "july", "italy"})


def _adverb(word: str) -> bool:
    """ "fell marginally to", "rose sharply to": an adverb between a verb and its figure."""
    return word.endswith("ly") and len(word) > 4 and word not in _LY_NOUNS


def _verb_ing(word: str) -> bool:
    return word.endswith("ing") and word not in NOUN_ING and "-" not in word


def _verb_ed(word: str) -> bool:
    return word.endswith("ed") and len(word) > 4 and word not in ADJECTIVE_ED and "-" not in word


def _noun_phrase(text: str) -> list[str]:
    """The noun phrase that ends the text, leftwards until a verb, a conjunction or a clause
    boundary: "all banks had lent new loans to small firms" gives "new loans to small firms"."""
    clause = re.split(r"[,;:()\"“”]|\.(?!\d)|—|–", text)[-1]
    words = _strip_lead(words_of(clause))
    phrase: list[str] = []
    at = len(words)
    while at:
        at -= 1
        word = words[at]
        if word == "by" and at and _verb_ed(words[at - 1]) and at > 1:
            # "loans extended by lenders in X": the agent goes, the loans stay
            phrase, at = [], at - 1
            continue
        if word in STOP_WORDS or _verb_ing(word) or _verb_ed(word):
            break
        phrase.insert(0, word)
    while phrase and phrase[0] in {"of", "to", "and", "in", "for", "on"}:
        phrase = phrase[1:]
    return phrase


def _is_measure_only(words: list[str]) -> bool:
    content = [w for w in words if w not in DROP_WORDS and w not in LEAD_WORDS]
    return not content or all(w in MEASURE_NOUNS for w in content)


def compose(words: list[str]) -> str:
    """A noun phrase as a topic: "new medium-term loans to the steel industry" gives "new
    medium-term steel loans"; owners ("of Henan's banking sector") and places
    where the loans sit ("on the books") go."""
    parts = re.split(r"\s+(of|to|for|in|on|at|under|from|among|with)\s+", " ".join(words))
    head = parts[0].split()
    recipient: list[str] = []
    for prep, rest in zip(parts[1::2], parts[2::2], strict=True):
        tail = [w for w in rest.split() if w not in DROP_WORDS]
        if not tail or prep in {"on", "at", "with", "under"}:
            continue
        if _entity_like(tail) and (prep not in {"to", "for"} or _possessive(tail)):
            continue  # an owner ("of Henan's banks"); "loans to non-bank institutions" stay
        if prep in {"to", "for"} and not recipient:
            recipient = [w for w in tail if w not in RECIPIENT_NOUNS] or tail
        elif prep == "of" and _is_measure_only(head):
            head = tail  # "the growth of deposits": the deposits
    head = [w for w in head if w not in DROP_WORDS or w == "total"] or head
    head = [w for w in head if w != "total"] or head
    lead = []
    while head[:-1] and head[0] in ADJECTIVES:
        lead.append(head.pop(0))
    return " ".join([*lead, *recipient, *head]).strip()


def _entity_like(words: list[str]) -> bool:
    text = " ".join(words)
    return bool(
        re.search(
            r"\b(?:banks?|banking|institutions?|sector|province|bureau|office|"
            r"regulators?|lenders?|branch(?:es)?|books)\b|'s\b|’s\b",
            text,
        )
    )


def _possessive(words: list[str]) -> bool:
    return any(w.endswith(("'s", "’s")) for w in words)


def _head_is_entity(words: list[str]) -> bool:
    """ "Lakeshire's rural banks" names whose figure it is, not what it is about."""
    head = re.split(r"\s+(?:of|to|for|in|on|at|under|from|among|with)\s+", " ".join(words))[0]
    return _entity_like(head.split())


def _usable(words: list[str]) -> bool:
    return bool(words) and not _is_measure_only(words) and not _head_is_entity(words)


def _after_of(after: str) -> list[str]:
    """ "41% of green credit went to firms" names green credit after the figure."""
    m = re.match(r"\s*(?:of|in|on)\s+(.{3,60})", after, re.IGNORECASE)
    if not m:
        return []
    phrase: list[str] = []
    for word in words_of(m.group(1)):
        if (
            word in STOP_WORDS
            or _verb_ing(word)
            or _verb_ed(word)
            or word
            in {
                "for",
                "to",
                "by",
                "from",
                "at",
                "than",
                "in",
                "on",
                "over",
                "during",
                "with",
                "as",
                "across",
                "among",
                "under",
                "into",
            }
        ):
            break
        phrase.append(word)
    return phrase if _usable(phrase) else []


def _earlier_clauses(sentence_before: str) -> list[str]:
    """The noun phrase of the nearest earlier clause that is not a participle aside
    ("launched in 2023")."""
    clauses = re.split(r"[;:()\"“”]|,(?!\d)|\.(?!\d)|—|–", sentence_before)[:-1]
    for clause in reversed(clauses):
        first = words_of(clause)[:1]
        if first and (_verb_ed(first[0]) or _verb_ing(first[0])):
            continue
        words = _noun_phrase(clause)
        if _usable(words):
            return words
    return []


def topic(figure: Figure, window: Window, previous_topic: str | None, unit: str = "") -> str | None:
    """The nearest noun phrase naming what the figure is about, or None when the words say
    nothing new (then the figure shares the topic of the figure before it)."""
    if has_han(window.before + window.after):
        return _topic_zh(figure, window)
    if figure.kind == COUNT:
        counted = count_topic(figure, window, unit or figure.unit)
        if counted:
            return counted
    own = _noun_phrase(window.before)
    steps: list[list[str] | None] = [own if _usable(own) else []]
    if figure.kind == PERCENT:
        steps += [_after_of(window.after), None]
    elif figure.kind == POINTS:
        steps += [None, _after_of(window.after)]
    else:
        steps += [_after_of(window.after)]
    steps += [_earlier_clauses(window.sentence_before), None]
    for step in steps:
        if step is None:
            if previous_topic:
                return None
        elif step:
            return compose(step)
    return compose(own) if own and not _is_measure_only(own) else None


NUMBER_WORDS = frozenset(
    {
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
        "dozen",
        "mn",
        "bn",
        "tn",
    }
)


def count_topic(figure: Figure, window: Window, unit: str) -> str | None:
    """A count names what it counts: "141 manufacturing clients" is about manufacturing
    clients; "visited enterprises 9.43 million times" about enterprise visits."""
    if figure.unit.lower() == "times":
        m = re.search(r"[a-z]+(?:ed|d)\s+((?:[a-z-]+\s+){0,2}?[a-z-]+)\s*$", window.before)
        if m and unit != figure.unit:
            return f"{_singular(m.group(1).split()[-1])} {unit}"
        return None
    words = [w for w in words_of(figure.text) if w not in LEAD_WORDS and w not in NUMBER_WORDS]
    return " ".join(words) or None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


ZH_LEAD = re.compile(
    r"(?:(?:比|较)[^，,。；;]{0,12}?)?(?:同比)?(?:余额|总额|规模|额|达到|达|"
    r"为|是|约|超过|超|逾|近|突破|增长|下降|上升|减少|增加|共计|合计|累计|"
    r"高|低|快|慢)+$"
)
ZH_PREFIX = re.compile(
    r"^(?:截至|截止|其中|全省|全市|全国|全区|全县|本省|本市|本县|我省|该省|"
    r"该市|该县|各类|辖内|共|"
    r"惠及|支持|带动|服务|覆盖|发放|新增)+"
)


_UNCLOSED = re.compile(r"[(（](?![^()（）]*[)）])")


def _topic_zh(figure: Figure, window: Window) -> str | None:
    """Chinese: the stretch since the last comma, less its opening (全省, 截至…) and the verb
    and measure words before the figure (余额, 同比增长, 约)."""
    text = re.split(r"[，,；;。：:、]", window.before)[-1]
    text = _UNCLOSED.split(text)[-1]  # an aside opened and not closed: (其中..., (去年...
    text = text.split("占")[0] if figure.kind == PERCENT else text  # X占全部贷款的35%: X
    text = re.sub(r"(?:19|20)\d{2}\s*年[^，,]*?(?:末|底|全年)?", "", text)
    previous = None
    while text != previous:
        previous = text
        text = ZH_LEAD.sub("", text).strip()
        text = ZH_PREFIX.sub("", text).strip()
    if not text or re.fullmatch(r"(?:增速|增幅|利率|平均利率|比重|占比)", text):
        return None
    return text


# -- entity -----------------------------------------------------------------------------------

_NAMED = re.compile(
    r"\b((?:[A-Z][\w&.-]*\s+){0,4}(?:Bank|Branch|Bureau|Office|Fund|Group|"
    r"Commission|Administration|Association))\b"
)
_POSSESSIVE = re.compile(
    r"\b([A-Z][\w-]*)(?:'s|’s)\s+((?:[a-z-]+\s+){0,2}?(?:banks|banking\s+"
    r"sector|financial\s+institutions|lenders))\b"
)
_SECTOR = re.compile(
    r"\b([A-Z][\w-]*)\s+(banking\s+sector|financial\s+institutions)\b", re.IGNORECASE
)


LEADING = frozenset(
    {
        "while",
        "and",
        "but",
        "the",
        "a",
        "an",
        "as",
        "for",
        "in",
        "of",
        "on",
        "at",
        "by",
        "with",
        "from",
        "under",
        "since",
        "after",
        "before",
        "when",
        "meanwhile",
        "also",
        "both",
        "all",
        "its",
        "their",
        "that",
        "this",
        "these",
        "those",
        "which",
        "where",
        "if",
        "although",
        "though",
        "whereas",
        "example",
        "data",
        "through",
        "via",
        "to",
    }
)


_IN_PLACE = re.compile(
    r"\b(banks|lenders|financial\s+institutions|credit\s+cooperatives)\s+in\s+"
    r"((?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
)


def entities(text: str) -> list[tuple[int, str, bool]]:
    """Whose figures a stretch of text names: (offset, name, named) for "Pufa Bank" (named:
    an institution) and "Henan's banking sector" (written "Henan banking sector")."""
    found: list[tuple[int, str, bool]] = []
    for m in _NAMED.finditer(text):
        # a heading glued to the next sentence ("UpgradingHenan ...") loses its heading
        name = re.sub(r"^\S*[a-z](?=[A-Z])", "", m.group(1)).split()
        while len(name) > 1 and name[0].casefold() in LEADING:
            name = name[1:]
        found.append((m.start(), " ".join(name), True))
    for m in _POSSESSIVE.finditer(text):
        found.append((m.start(), f"{m.group(1)} {' '.join(m.group(2).split())}", False))
    for m in _IN_PLACE.finditer(text):
        place = re.sub(r"^the\s+", "", m.group(2))
        found.append((m.start(), f"{place} {' '.join(m.group(1).split())}", False))
    for m in _SECTOR.finditer(text):
        if m.group(1)[0].isupper():
            found.append((m.start(), f"{m.group(1)} {' '.join(m.group(2).lower().split())}", False))
    return sorted(found)
