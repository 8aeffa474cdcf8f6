"""The words the figure recognizer reads (figures.py): units, scales, qualifiers, signs and
measures, in English and Chinese. Data only, so that the lists can grow without touching the
scanner, and so that check, extract and coverage read one vocabulary."""

from __future__ import annotations

from loanfacts.model.kinds import Measure, Qualifier, Scale


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# scale words as typed -> (Scale, extra factor): 千亿 is a thousand 亿 (no Scale of its own)
SCALES: dict[str, tuple[Scale, int]] = {
    "thousand": (Scale.THOUSAND, 1),
    "k": (Scale.THOUSAND, 1),
    "million": (Scale.MILLION, 1),
    "mn": (Scale.MILLION, 1),
    "mln": (Scale.MILLION, 1),
    "billion": (Scale.BILLION, 1),
    "bn": (Scale.BILLION, 1),
    "bln": (Scale.BILLION, 1),
    "trillion": (Scale.TRILLION, 1),
    "tn": (Scale.TRILLION, 1),
    "trn": (Scale.TRILLION, 1),
    "trln": (Scale.TRILLION, 1),
    "万亿": (Scale.WANYI, 1),
    "亿": (Scale.YI, 1),
    "万": (Scale.WAN, 1),
    "千亿": (Scale.YI, 1000),
    "百亿": (Scale.YI, 100),
    "十亿": (Scale.YI, 10),
    "千万": (Scale.WAN, 1000),
    "百万": (Scale.WAN, 100),
    "十万": (Scale.WAN, 10),
    "千": (Scale.THOUSAND, 1),
}
SCALE_PATTERN = (
    r"(?:trillion|billion|million|thousand|trln|trn|tn|bln|bn|mln|mn)\b"
    r"|万亿|千亿|百亿|十亿|千万|百万|十万|亿|万"
)

# money: before the number, after it
CURRENCY_BEFORE = r"(?:RMB|CNY|¥|￥|US\$|\$|USD)"
CURRENCY_AFTER = (
    r"(?:(?:Chinese\s+)?yuan\b|renminbi\b|RMB\b|CNY\b|元|人民币|块"
    r"|(?:US\s+)?dollars?\b|USD\b)"
)
NON_YUAN = ("$", "dollar", "usd", "us$")

PERCENT_AFTER = r"(?:%|per\s?cent\b|percent\b|pct\b)"
POINTS_AFTER = (
    r"(?:percentage[\s-]points?\b|percent(?:age)?[\s-]?pts?\b|pp\b|ppts?\b"
    r"|basis[\s-]points?\b|bps?\b|points?\b|pts?\b|个百分点|百分点)"
)

# count nouns (English, singular and plural) and Chinese measure words
COUNT_NOUNS = _words("""
client clients customer customers firm firms company companies enterprise enterprises
business businesses bank banks branch branches institution institutions time times visit
visits project projects initiative initiatives measure measures people person persons
household households account accounts case cases transaction transactions contract contracts
product products sme smes employee employees job jobs unit units city cities county counties
park parks cluster clusters programme programmes program programs plan plans policy policies
member members outlet outlets borrower borrowers farmer farmers loan loans deal deals
applicant applicants factory factories plant plants school schools hospital hospitals
village villages town towns province provinces region regions industry industries sector
sectors startup startups platform platforms channel channels site sites event events
meeting meetings seminar seminars visitor visitors worker workers staff
""")
CN_COUNT = r"(?:家企业|户企业|家|户|次|项|个|笔|人次|人|名|件|条|所|座|台|辆|批)"

LOWER = Qualifier.LOWER_BOUND
UPPER = Qualifier.UPPER_BOUND
APPROX = Qualifier.APPROXIMATE
# words right before a figure (a determiner may stand between): the qualifier they give
QUALIFIER_BEFORE: dict[str, Qualifier] = {
    "more than": LOWER,
    "over": LOWER,
    "exceeded": LOWER,
    "exceeding": LOWER,
    "exceeds": LOWER,
    "exceed": LOWER,
    "topped": LOWER,
    "tops": LOWER,
    "top": LOWER,
    "passed": LOWER,
    "pass": LOWER,
    "passes": LOWER,
    "passing": LOWER,
    "surpassed": LOWER,
    "surpass": LOWER,
    "surpasses": LOWER,
    "surpassing": LOWER,
    "topping": LOWER,
    "crosses": LOWER,
    "cross": LOWER,
    "crossing": LOWER,
    "above": LOWER,
    "at least": LOWER,
    "in excess of": LOWER,
    "upwards of": LOWER,
    "no less than": LOWER,
    "not less than": LOWER,
    "no fewer than": LOWER,
    "not fewer than": LOWER,
    "fewer than": UPPER,
    "broke": LOWER,
    "broke through": LOWER,
    "breaks": LOWER,
    "breaks through": LOWER,
    "break": LOWER,
    "break through": LOWER,
    "crossed": LOWER,
    "beyond": LOWER,
    "nearly": UPPER,
    "almost": UPPER,
    "under": UPPER,
    "less than": UPPER,
    "below": UPPER,
    "up to": UPPER,
    "no more than": UPPER,
    "not more than": UPPER,
    "at most": UPPER,
    "just under": UPPER,
    "short of": UPPER,
    "close to": UPPER,
    "near": UPPER,
    "nears": UPPER,
    "nearing": UPPER,
    "approaches": UPPER,
    "approaching": UPPER,
    "about": APPROX,
    "around": APPROX,
    "roughly": APPROX,
    "some": APPROX,
    "approximately": APPROX,
    "approx.": APPROX,
    "approx": APPROX,
    "circa": APPROX,
    "an estimated": APPROX,
    "estimated": APPROX,
    "~": APPROX,
    "c.": APPROX,
    "突破": LOWER,
    "超过": LOWER,
    "逾": LOWER,
    "超": LOWER,
    "高于": LOWER,
    "多于": LOWER,
    "不少于": LOWER,
    "不低于": LOWER,
    "至少": LOWER,
    "近": UPPER,
    "将近": UPPER,
    "接近": UPPER,
    "不到": UPPER,
    "不足": UPPER,
    "低于": UPPER,
    "少于": UPPER,
    "不超过": UPPER,
    "最多": UPPER,
    "约": APPROX,
    "大约": APPROX,
    "大概": APPROX,
    "约为": APPROX,
}
# words right after a figure
QUALIFIER_AFTER: dict[str, Qualifier] = {
    "or more": LOWER,
    "and more": LOWER,
    "and above": LOWER,
    "or above": LOWER,
    "plus": LOWER,
    "or less": UPPER,
    "and below": UPPER,
    "or so": APPROX,
    "以上": LOWER,
    "多": LOWER,
    "余": LOWER,
    "有余": LOWER,
    "以下": UPPER,
    "以内": UPPER,
    "左右": APPROX,
    "上下": APPROX,
}

# change words: the nearest one before a figure gives its sign
NEGATIVE = _words("""
fell fall falls fallen falling dropped drop drops dropping declined decline declines
declining decreased decrease decreases decreasing down lower lowered slid slipped shrank cut
shrunk shrink contracted narrowed eased reduction 下降 下滑 减少 回落 降低 下调 收窄 降 减
""")
POSITIVE = _words("""
rose rise rises risen rising grew grow grows growing growth increased increase increases
increasing up higher climbed gained jumped surged expanded widened added 增长 增加 上升 提高
上涨 增 升
""")
NEGATIVE_AFTER = frozenset({"lower", "down", "less", "fewer", "smaller"})

# measure words: which kind of figure the wording points to (checked in this order)
GAP_WORDS = (
    "faster than",
    "outpaced",
    "outpacing",
    "outpaces",
    "outstripped",
    "higher than",
    "above the",
    "ahead of",
    "more than the",
    "gap",
    "高于",
    "快于",
    "超出",
)
SHARE_WORDS = (
    "share",
    "accounted for",
    "accounting for",
    "accounts for",
    "proportion",
    "of all",
    "of total",
    "占比",
    "比重",
    "占",
)
GROWTH_WORDS = (
    "grew",
    "growth",
    "growing",
    "rose",
    "risen",
    "rise",
    "rising",
    "rises",
    "up",
    "increase",
    "increased",
    "increasing",
    "climbed",
    "climbing",
    "expanded",
    "expanding",
    "gained",
    "year-on-year",
    "year on year",
    "yoy",
    "y/y",
    "year over year",
    "annual",
    "同比",
    "增长",
    "增速",
    "增幅",
    "增加",
)
CHANGE_WORDS = (
    "fell",
    "dropped",
    "declined",
    "decreased",
    "decrease",
    "decline",
    "down",
    "lower",
    "cut",
    "rose",
    "up",
    "increase",
    "change",
    "下降",
    "降低",
    "下调",
    "上升",
    "提高",
    "回落",
)
BALANCE_WORDS = ("outstanding", "balance", "stood at", "stands at", "stock", "余额", "存量")
AMOUNT_WORDS = (
    "totaling",
    "totalling",
    "totaled",
    "totalled",
    "amounting",
    "worth",
    "savings",
    "saved",
    "provided",
    "issued",
    "disbursed",
    "granted",
    "extended",
    "lent",
    "earned",
    "raised",
    "spent",
    "paid",
    "invested",
    "received",
    "累计",
    "发放",
    "共计",
    "合计",
    "节约",
    "让利",
    "金额",
    "averaged",
    "average",
    "per client",
    "each",
    "平均",
    "户均",
)
MEASURES: tuple[tuple[Measure, tuple[str, ...]], ...] = (
    (Measure.GAP, GAP_WORDS),
    (Measure.SHARE, SHARE_WORDS),
    (Measure.YOY_GROWTH, GROWTH_WORDS),
    (Measure.RATE_CHANGE, CHANGE_WORDS),
    (Measure.BALANCE, BALANCE_WORDS),
    (Measure.AMOUNT, AMOUNT_WORDS),
)

# English number words, read by text2num (see figures.py)
NUMBER_WORDS = _words("""
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
ninety hundred thousand
""")
DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
CN_DIGITS = {
    "零": "0",
    "〇": "0",
    "一": "1",
    "二": "2",
    "两": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}

# spans of time: a number before one is a duration ("12 months", "十个月"), never a figure
TIME_UNITS = _words("""
day days week weeks month months quarter quarters year years decade decades
""")
CN_TIME_UNITS = r"(?:个月|个季度|个星期|周|天|年(?![\d\s]*(?:月|度|底|末|初|中)))"
# words before a number that make it part of a programme's name: "the Seed 100 scheme"
NAME_NOUNS = _words("""
scheme programme program plan initiative campaign drive project fund index pact action list
award prize forum summit strategy
""")
# plural-looking words that are no nouns a count can count: verbs, adverbs, pronouns
NOT_NOUNS = _words("""
was has is its this thus less across plus as us yes his hers theirs ours does goes always
remains stands holds means makes takes gives needs helps includes comes seems looks shows
says sees gets sets puts runs lets keeps leads whereas perhaps
""")

# words after a number that end a count noun's modifiers ("141 of the ...")
MODIFIER_STOP = _words("""
of in to and or the a an by for with from at on as than were was is are had have has will which
that this these those more over under about up down per each year-on-year yoy percent cent
points billion million trillion thousand yuan its their who whom such while every
""")
MONTHS = _words("""
january february march april may june july august september october november december
""")
# words a full stop after does not end a sentence
ABBREVIATIONS = _words("""
mr mrs ms dr prof no nos vs etc e.g i.e approx fig jan feb mar apr jun jul aug sep sept oct nov
dec co ltd inc st corp dept est govt u.s
""")
# measure words that some facts carry as aliases but that name no one topic
GENERIC_NAMES = _words("""
balance outstanding growth yoy year-on-year y/y gap rate 同比 余额 增速 增长 百分点
""")
# words that date a claim a year before the figures around it
PRIOR_YEAR = (
    "a year earlier",
    "a year ago",
    "a year before",
    "last year",
    "prior year",
    "previous year",
    "the year before",
    "去年",
    "上年",
    "一年前",
)
