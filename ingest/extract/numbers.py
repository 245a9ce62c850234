"""Find quantities in a normalised sentence: money, compute, accelerator counts and power.

Each `Quantity` carries its value converted to the unit the fact contract uses (currency units,
EFLOPS, count, MW) and its character span, so fact assembly can look at the words around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import cn2an

from ingest.extract import accelerators

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
ZH_NUMERAL = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
ZH_MULT = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|兆)"
SEP = r"\s*(?:-|~|至|到|—)\s*"

ZH_MULTIPLIERS = {
    # 兆 is 10^12 in Taiwanese and Hong Kong finance (新台币2.6兆元); as a unit prefix (兆瓦) it
    # never reaches here, the power pattern takes it first.
    "兆": 1e12,
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
}
EN_MULTIPLIERS = {
    "trillion": 1e12,
    "tn": 1e12,
    "t": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
    # Indian English: a crore is ten million, a lakh a hundred thousand.
    "crore": 1e7,
    "lakh": 1e5,
}
EN_WORD_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "half a": 0.5}

ZH_CURRENCY_SUFFIX = {
    "美元": "USD",
    "美金": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "英镑": "GBP",
    "新台币": "TWD",
    "台币": "TWD",
    "新加坡元": "SGD",
    "新元": "SGD",
    "加元": "CAD",
    "加币": "CAD",
    "澳元": "AUD",
    "澳币": "AUD",
    "韩元": "KRW",
    "韩圜": "KRW",
    "日圆": "JPY",
    "卢比": "INR",
    "印度卢比": "INR",
    "林吉特": "MYR",
    "令吉": "MYR",
    "马币": "MYR",
    "英磅": "GBP",
    "瑞士法郎": "CHF",
    "沙特里亚尔": "SAR",
    "里亚尔": "SAR",
    "迪拉姆": "AED",
    "元人民币": "CNY",
    "人民币": "CNY",
    "元": "CNY",
}
ZH_CURRENCY_PREFIX = {
    "人民币": "CNY",
    "RMB": "CNY",
    "美元": "USD",
    "港币": "HKD",
    "港元": "HKD",
    "新台币": "TWD",
    "欧元": "EUR",
}
EN_CURRENCY_PREFIX = {
    "US$": "USD",
    "USD": "USD",
    "$": "USD",
    "RMB": "CNY",
    "CNY": "CNY",
    "Rmb": "CNY",
    "HK$": "HKD",
    "HKD": "HKD",
    "NT$": "TWD",
    "TWD": "TWD",
    "S$": "SGD",
    "SGD": "SGD",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "A$": "AUD",
    "C$": "CAD",
    "₹": "INR",
    "Rs": "INR",
    "RM": "MYR",
    "KRW": "KRW",
    "INR": "INR",
    "¥": "¥",
}
EN_CURRENCY_SUFFIX = {
    "u.s. dollars": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "hong kong dollars": "HKD",
    "hk dollars": "HKD",
    "singapore dollars": "SGD",
    "new taiwan dollars": "TWD",
    "taiwan dollars": "TWD",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "euros": "EUR",
    "euro": "EUR",
    "yen": "JPY",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "won": "KRW",
    "ringgit": "MYR",
    "rupees": "INR",
    "riyals": "SAR",
    "dirhams": "AED",
    "canadian dollars": "CAD",
    "australian dollars": "AUD",
    "swiss francs": "CHF",
}

COMPUTE_UNITS = {
    "zflops": 1e3,
    "zettaflops": 1e3,
    "eflops": 1.0,
    "exaflops": 1.0,
    "ef": 1.0,
    "e": 1.0,
    "pflops": 1e-3,
    "petaflops": 1e-3,
    "pf": 1e-3,
    "p": 1e-3,
    "tflops": 1e-6,
    "teraflops": 1e-6,
}
POWER_UNITS = {
    "gw": 1000.0,
    "gigawatt": 1000.0,
    "gigawatts": 1000.0,
    "吉瓦": 1000.0,
    "千兆瓦": 1000.0,
    "mw": 1.0,
    "megawatt": 1.0,
    "megawatts": 1.0,
    "兆瓦": 1.0,
    "万千瓦": 10.0,
    "千瓦": 1e-3,
    "kw": 1e-3,
    # 瓩 is Taiwan's one-character kilowatt: 千瓩 is a megawatt, 萬瓩 ten.
    "百万瓩": 1000.0,
    "万瓩": 10.0,
    "千瓩": 1.0,
    "瓩": 1e-3,
}


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    dimension: str  # money | compute | count | power
    start: int
    end: int
    range_role: str | None = None  # low | high for the two ends of a range
    implied_bound: str | None = None  # approx for round figures such as 万卡
    vague: bool = False  # 数十亿, 百亿级: an order of magnitude, not a figure


def parse_number(text: str) -> float:
    """An Arabic or Chinese numeral, without multiplier: '3,800' → 3800, '三千八百' → 3800."""
    text = text.strip()
    if re.fullmatch(NUM, text):
        return float(text.replace(",", ""))
    lowered = text.lower()
    if lowered in EN_WORD_NUMBERS:
        return float(EN_WORD_NUMBERS[lowered])
    text = text.replace("〇", "零")
    if text[0] in "十百千万亿":
        text = "一" + text  # 万卡, 十万卡: a bare multiplier counts once
    return float(cn2an.cn2an(text, "smart"))


def _zh_amount(number: str, multiplier: str | None) -> float:
    return parse_number(number) * (ZH_MULTIPLIERS[multiplier] if multiplier else 1.0)


# --- money -------------------------------------------------------------------------------------

_ZH_CUR_SUFFIX = "|".join(sorted(map(re.escape, ZH_CURRENCY_SUFFIX), key=len, reverse=True))
_ZH_CUR_PREFIX = "|".join(sorted(map(re.escape, ZH_CURRENCY_PREFIX), key=len, reverse=True))
_ZH_MONEY = re.compile(
    rf"(?P<pre>{_ZH_CUR_PREFIX})?\s*"
    # "28.87 亿元": some outlets put a space between the figure and its multiplier.
    rf"(?P<n1>{NUM}|{ZH_NUMERAL})(?:\s(?=[万亿千百十兆]))?(?P<m1>{ZH_MULT})?"
    rf"(?:{SEP}(?P<n2>{NUM}|{ZH_NUMERAL})(?:\s(?=[万亿千百十兆]))?(?P<m2>{ZH_MULT})?)?"
    rf"\s*(?P<cur>{_ZH_CUR_SUFFIX})"
)

_EN_MULT = r"(?:trillion|billion|million|thousand|crore|lakh|bln|mln|tn|bn|mn|[bmkBMT])\b"
# Every prefix of EN_CURRENCY_PREFIX, longest first ("RMB" before "RM"), not inside a word.
_EN_PREFIX = (
    r"(?<![A-Za-z])(?:"
    + "|".join(map(re.escape, sorted(EN_CURRENCY_PREFIX, key=len, reverse=True)))
    + ")"
)
_EN_SUFFIX = "|".join(sorted(map(re.escape, EN_CURRENCY_SUFFIX), key=len, reverse=True))
_EN_NUM = rf"(?:{NUM}|a|one|two|three|four|five|half a)"
_EN_MONEY_PREFIXED = re.compile(
    rf"(?P<pre>{_EN_PREFIX})\s?(?P<n1>{NUM})\s?(?P<m1>{_EN_MULT}|{ZH_MULT})?"
    rf"(?:\s*(?:-|to|and)\s*(?:{_EN_PREFIX})?\s?(?P<n2>{NUM})\s?(?P<m2>{_EN_MULT}|{ZH_MULT})?)?"
    rf"(?:\s(?P<post>{_EN_SUFFIX})\b)?",
)
_EN_MONEY_SUFFIXED = re.compile(
    rf"\b(?P<n1>{_EN_NUM})\s?(?P<m1>{_EN_MULT})?"
    rf"(?:\s*(?:-|to|and)\s*(?P<n2>{NUM})\s?(?P<m2>{_EN_MULT})?)?"
    rf"\s(?:U\.S\.\s)?(?P<post>{_EN_SUFFIX})\b",
    re.IGNORECASE,
)


def _en_multiplier(token: str | None) -> float:
    if not token:
        return 1.0
    return ZH_MULTIPLIERS.get(token) or EN_MULTIPLIERS[token.lower()]


_JAPAN = re.compile(r"Japan|Tokyo|\byen\b|日本|日元")
_CHINA = re.compile(r"China|Chinese|\byuan\b|RMB|中国|人民币|元")
_TAIWAN = re.compile(r"台湾|台灣|台北|新北|桃园|桃園|高雄|台中|台南|新台币|新台幣|Taiwan")
_HONG_KONG = re.compile(r"香港|港元|港币|港幣|Hong Kong")
# Characters written only in traditional script: a document with them is from Taiwan, Hong Kong
# or Macau.
_TRADITIONAL = re.compile(r"[們個來時會說於與為國業發經資電產際頭實營億萬機體點關這]")


@dataclass(frozen=True)
class Locale:
    """What a document's bare currency signs mean: ¥ (yen or yuan) and 元 (yuan or NT$)."""

    yen: bool = False
    yuan: str = "CNY"


def document_locale(document: str) -> Locale:
    """¥ is the yen in a story that speaks of Japan more than of China; 元 is the New Taiwan
    dollar in a traditional-script story from Taiwan."""
    yen = len(_JAPAN.findall(document)) > len(_CHINA.findall(document))
    # Hong Kong press writes 港元 for its own dollar and a bare 元 for the mainland's yuan.
    taiwanese = bool(_TRADITIONAL.search(document)) and len(_TAIWAN.findall(document)) > len(
        _HONG_KONG.findall(document)
    )
    return Locale(yen, "TWD" if taiwanese else "CNY")


def _yen_or_yuan(sentence: str, locale: Locale) -> str:
    """¥ is the yen in a sentence about Japan, the yuan in one about China; a sentence that says
    neither follows its document ("the government intends to invest ¥1 trillion", in a story on
    Japan)."""
    if _JAPAN.search(sentence):
        return "JPY"
    if _CHINA.search(sentence.replace("¥", "")):
        return "CNY"
    return "JPY" if locale.yen else "CNY"


def _money_quantities(sentence: str, locale: Locale) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _ZH_MONEY.finditer(sentence):
        n1, m1, n2, m2 = match.group("n1", "m1", "n2", "m2")
        cur = match.group("cur")
        pre = match.group("pre")
        if cur == "元" and pre and pre in ZH_CURRENCY_PREFIX:
            currency = ZH_CURRENCY_PREFIX[pre]
        elif cur == "元" and not (m1 or m2) and not re.search(r"[万亿千百]", n1):
            continue  # "5元" is a price, not a programme
        elif cur == "元" and not pre:
            currency = locale.yuan  # 台积电投资160亿元 in a Taiwanese story is NT$
        else:
            currency = ZH_CURRENCY_SUFFIX[cur]
        if n1 in {"万", "亿", "千", "百"} and re.search(
            r"(?:单位|[:：(（])\s*$", sentence[max(0, match.start() - 4) : match.start()]
        ):
            continue  # "（单位：亿元）" names the unit of a table, it is not an amount
        vague = sentence[max(0, match.start() - 1) : match.start()] in {"数", "几", "上"} or (
            sentence[match.end() : match.end() + 1] == "级"
        )
        try:
            if n2:
                high = _zh_amount(n2, m2)
                low = _zh_amount(n1, m1 or m2)
                found.append(
                    Quantity(low, currency, "money", match.start(), match.end(), "low", vague=vague)
                )
                found.append(
                    Quantity(
                        high, currency, "money", match.start(), match.end(), "high", vague=vague
                    )
                )
            else:
                found.append(
                    Quantity(
                        _zh_amount(n1, m1),
                        currency,
                        "money",
                        match.start(),
                        match.end(),
                        vague=vague,
                    )
                )
        except (ValueError, KeyError):
            continue
    for pattern in (_EN_MONEY_PREFIXED, _EN_MONEY_SUFFIXED):
        for match in pattern.finditer(sentence):
            if any(q.start <= match.start() < q.end for q in found):
                continue
            pre = match.groupdict().get("pre")
            post = (match.group("post") or "").lower()
            currency = EN_CURRENCY_PREFIX[pre] if pre else EN_CURRENCY_SUFFIX.get(post, "USD")
            if currency == "¥":
                currency = _yen_or_yuan(sentence, locale)
            n1, m1, n2, m2 = match.group("n1", "m1", "n2", "m2")
            if (
                pattern is _EN_MONEY_SUFFIXED
                and not m1
                and not m2
                and n1.lower() in EN_WORD_NUMBERS
            ):
                continue
            try:
                joined_by_and = n2 and re.search(
                    r"\sand\s", sentence[match.end("n1") : match.start("n2")]
                )
                if (
                    joined_by_and
                    and "between" not in sentence[max(0, match.start() - 9) : match.start()]
                ):
                    # "$12 billion and $20 billion ... respectively": two figures, not a range.
                    second = sentence.rindex("and", match.end("n1"), match.start("n2")) + 3
                    found.append(
                        Quantity(
                            parse_number(n1) * _en_multiplier(m1 or m2),
                            currency,
                            "money",
                            match.start(),
                            match.end("m1") if m1 else match.end("n1"),
                        )
                    )
                    found.append(
                        Quantity(
                            parse_number(n2) * _en_multiplier(m2 or m1),
                            currency,
                            "money",
                            second + len(sentence[second:]) - len(sentence[second:].lstrip()),
                            match.end(),
                        )
                    )
                elif n2:
                    high = parse_number(n2) * _en_multiplier(m2 or m1)
                    low = parse_number(n1) * _en_multiplier(m1 or m2)
                    found.append(
                        Quantity(low, currency, "money", match.start(), match.end(), "low")
                    )
                    found.append(
                        Quantity(high, currency, "money", match.start(), match.end(), "high")
                    )
                else:
                    value = parse_number(n1) * _en_multiplier(m1)
                    found.append(Quantity(value, currency, "money", match.start(), match.end()))
            except (ValueError, KeyError):
                continue
    return found


# --- compute -----------------------------------------------------------------------------------

_COMPUTE_UNIT = r"(?:ZFLOPS|zettaflops|EFLOPS|exaflops|PFLOPS|petaflops|TFLOPS|teraflops|EF|PF|E|P)"
_COMPUTE = re.compile(
    rf"(?P<n1>{NUM})(?P<m1>{ZH_MULT})?(?:{SEP}(?P<n2>{NUM})(?P<m2>{ZH_MULT})?)?\s?"
    rf"(?P<unit>{_COMPUTE_UNIT})(?:s)?(?![A-Za-z])",
    re.IGNORECASE,
)
# 每秒670亿亿次 / 670亿亿次每秒: "亿亿次" is 10^16 operations per second, 0.01 EFLOPS.
_ZH_YIYI = re.compile(rf"(?P<n1>{NUM}|{ZH_NUMERAL}?)(?P<m1>万|千)?亿亿次")


def _compute_quantities(sentence: str) -> list[Quantity]:
    found = []
    for match in _COMPUTE.finditer(sentence):
        unit = match.group("unit").lower()
        # A bare "E"/"P" is only a unit in a compute sentence ("5000P算力"), never in "Q4 P".
        if unit in {"e", "p", "ef", "pf"} and not re.search(r"算力|智算|计算|compute", sentence):
            continue
        factor = COMPUTE_UNITS[unit]
        n1, m1, n2, m2 = match.group("n1", "m1", "n2", "m2")
        if n2:
            found.append(
                Quantity(
                    _zh_amount(n1, m1 or m2) * factor,
                    "EFLOPS",
                    "compute",
                    match.start(),
                    match.end(),
                    "low",
                )
            )
            found.append(
                Quantity(
                    _zh_amount(n2, m2) * factor,
                    "EFLOPS",
                    "compute",
                    match.start(),
                    match.end(),
                    "high",
                )
            )
        else:
            found.append(
                Quantity(
                    _zh_amount(n1, m1) * factor, "EFLOPS", "compute", match.start(), match.end()
                )
            )
    for match in _ZH_YIYI.finditer(sentence):
        if not re.search(r"\d", match.group("n1") or "") and not match.group("m1"):
            # "每秒百亿亿次" (or "亿亿次" alone) spells out what an EFLOPS is; it is no figure.
            continue
        number = match.group("n1") or "一"
        value = parse_number(number) * (
            ZH_MULTIPLIERS[match.group("m1")] if match.group("m1") else 1.0
        )
        found.append(Quantity(value * 0.01, "EFLOPS", "compute", match.start(), match.end()))
    return found


# --- accelerators ------------------------------------------------------------------------------

_CHIP_WORDS_ZH = rf"(?:AI)?(?:{accelerators.zh_count_nouns()})"
_ZH_CARDS = re.compile(
    # "1万颗辉达Blackwell Ultra架构GB300 GPU": the maker and model can stand between.
    rf"(?P<n1>{NUM}|{ZH_NUMERAL})(?:\s(?=[万亿千百十]))?(?P<m1>{ZH_MULT})?\s?(?P<cl>张|块|枚|颗|片|台)"
    rf"(?:[A-Za-z0-9\u4e00-\u9fff ]{{0,30}}?)(?P<chip>{_CHIP_WORDS_ZH})"
)
# "部署了20万颗GPU……目标是扩展到100万颗": the classifier alone, the chip named earlier.
_ZH_BARE_CLASSIFIER = re.compile(
    rf"(?P<n1>{NUM}|{ZH_NUMERAL})(?:\s(?=[万亿千百十]))?(?P<m1>{ZH_MULT})?\s?(?P<chip>张|块|颗|枚)(?![\w\u4e00-\u9fff]{{0,6}}(?:{accelerators.zh_chip_words()}))"
)
_CHIP_NEARBY = re.compile(accelerators.zh_context_words())
# 万卡集群, 三万卡, 10万卡: a round card count written as one compound word.
_ZH_CARD_COMPOUND = re.compile(
    rf"(?P<n1>{NUM}|[一二两三四五六七八九十]+)?(?P<m1>万|千)(?P<chip>{accelerators.zh_counter_words()})"
)
_EN_CHIPS = accelerators.en_count_nouns()
_EN_CARDS = re.compile(
    # Not a year ("2024 年从英伟达购买约 23 万张 GPU": a Chinese run is one \w+ "word").
    rf"(?<![\$\w.])(?P<n1>{NUM})(?!\s?年)\s?(?P<m1>million|k|thousand)?\s(?:of\s)?(?:[\w-]+(?:'s)?\s){{0,3}}?(?P<chip>{_EN_CHIPS})\b"
)
_EN_CLUSTER = re.compile(
    rf"(?<![\$\w.])(?P<n1>{NUM})\s?(?P<m1>k)?-(?:{accelerators.en_counter_words()})\b"
)


# "bought 196,000 and 169,000 respectively" after the chips were named: a large bare number.
_EN_BARE_COUNT = re.compile(
    r"(?<![\$\w.,])(?P<n1>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?(?:million|k)\b)(?!\s?(?:%|percent|MW|GW|megawatts?|gigawatts?|EFLOPS|exaflops|people|employees|jobs|users|shares|customers|homes|square|acres|miles|tonnes|tons))"
)
_EN_CHIP_BEFORE = re.compile(rf"\b(?:{accelerators.en_context_words()})\b")


def _card_count(value: float, start: int, end: int, round_figure: bool) -> Quantity:
    """A count of accelerators; a round figure (万卡, "a 10k-GPU cluster") is approximate."""
    return Quantity(
        value, "count", "count", start, end, implied_bound="approx" if round_figure else None
    )


def _count_quantities(sentence: str) -> list[Quantity]:
    found = []
    for pattern in (_ZH_CARDS, _ZH_CARD_COMPOUND, _ZH_BARE_CLASSIFIER):
        for match in pattern.finditer(sentence):
            if pattern is _ZH_BARE_CLASSIFIER and not _CHIP_NEARBY.search(
                sentence[max(0, match.start() - 40) : match.start()]
            ):
                continue
            n1, m1 = match.group("n1", "m1")
            try:
                value = _zh_amount(n1 or "一", m1)
            except (ValueError, KeyError):
                continue
            round_figure = pattern is _ZH_CARD_COMPOUND or bool(
                re.fullmatch(r"[十百千万亿]+", n1 or "")
            )
            found.append(_card_count(value, match.start(), match.end("chip"), round_figure))
    for match in _EN_BARE_COUNT.finditer(sentence):
        if not _EN_CHIP_BEFORE.search(sentence[max(0, match.start() - 120) : match.start()]):
            continue
        if any(q.start <= match.start() < q.end for q in found):
            continue
        token = match.group("n1").replace(" ", "")
        multiplier = 1e6 if token.endswith("million") else 1e3 if token.endswith("k") else 1.0
        value = parse_number(re.sub(r"(?:million|k)$", "", token)) * multiplier
        if value >= 1000:
            found.append(_card_count(value, match.start(), match.end(), round_figure=False))
    for pattern in (_EN_CARDS, _EN_CLUSTER):
        for match in pattern.finditer(sentence):
            multiplier = {"million": 1e6, "k": 1e3, "thousand": 1e3}.get(
                (match.group("m1") or "").lower(), 1.0
            )
            value = parse_number(match.group("n1")) * multiplier
            if value < 100:
                continue  # "8 GPUs per server" describes a machine, not a fleet
            found.append(_card_count(value, match.start(), match.end(), pattern is _EN_CLUSTER))
    return found


# --- power -------------------------------------------------------------------------------------

_POWER = re.compile(
    # "300-megawatt campus", "1-GW site": the hyphenated adjective form of the same figure.
    rf"(?P<n1>{NUM})(?P<m1>万)?(?:{SEP}(?P<n2>{NUM}))?(?P<plus>\+)?(?:\s?|-)"
    r"(?P<unit>GW|MW|kW|gigawatts?|megawatts?|吉瓦|千兆瓦|兆瓦|万千瓦|千瓦|百万瓩|万瓩|千瓩|瓩)(?![A-Za-z])",
    re.IGNORECASE,
)


def _power_quantities(sentence: str) -> list[Quantity]:
    found = []
    for match in _POWER.finditer(sentence):
        unit = match.group("unit").lower()
        factor = POWER_UNITS[unit]
        if match.group("m1"):
            factor *= 1e4
        n1, n2 = match.group("n1", "n2")
        if n2:
            found.append(
                Quantity(
                    parse_number(n1) * factor, "MW", "power", match.start(), match.end(), "low"
                )
            )
            found.append(
                Quantity(
                    parse_number(n2) * factor, "MW", "power", match.start(), match.end(), "high"
                )
            )
        else:
            # "2.5+ GW": the plus says at least.
            found.append(
                Quantity(
                    parse_number(n1) * factor,
                    "MW",
                    "power",
                    match.start(),
                    match.end(),
                    implied_bound="at_least" if match.group("plus") else None,
                )
            )
    return found


def _merge_split_ranges(quantities: list[Quantity], sentence: str) -> list[Quantity]:
    """'$60 billion to $65 billion', '600亿美元至650亿美元': two matches that form one range."""
    ordered = sorted(quantities, key=lambda q: (q.start, q.range_role != "low"))
    merged = list(ordered)
    for i in range(len(ordered) - 1):
        first, second = ordered[i], ordered[i + 1]
        if first.range_role or second.range_role or first.dimension != second.dimension:
            continue
        if first.unit != second.unit or second.value <= first.value:
            continue
        between = sentence[first.end : second.start]
        before = sentence[max(0, first.start - 9) : first.start].lower()
        if re.fullmatch(r"\s*(?:-|~|至|到|to)\s*", between) or (
            re.fullmatch(r"\s*and\s*", between) and "between" in before
        ):
            merged[merged.index(first)] = replace(first, range_role="low")
            merged[merged.index(second)] = replace(second, range_role="high")
    return merged


# Cheap literal tests that let a sentence skip the pattern families it cannot match.
# A literal prefilter: a sentence with none of these holds no amount of money. Built from the
# currency tables so a new currency is never missed here; prefixes are matched as written
# ("RM", "Rs") and words whole, or "form" and "years" would pass every sentence.
_MAY_BE_MONEY = re.compile(
    _ZH_CUR_SUFFIX
    + "|"
    + "|".join(map(re.escape, sorted(EN_CURRENCY_PREFIX, key=len, reverse=True)))
    + r"|(?i:\b(?:"
    + "|".join(map(re.escape, sorted(EN_CURRENCY_SUFFIX, key=len, reverse=True)))
    + r")\b)"
)
_MAY_BE_COMPUTE = re.compile(r"FLOPS|flops|亿亿次|[\d万亿千]\s?[EP](?![a-z])|\dE|\dP", re.I)
_MAY_BE_POWER = re.compile(r"W|瓦|瓩|watt", re.I)
_MAY_BE_COUNT = re.compile(rf"[张块颗枚片]|{accelerators.any_name()}", re.I)


def find_quantities(sentence: str, locale: Locale = Locale()) -> list[Quantity]:
    """All quantities of a normalised sentence, in reading order; overlapping matches dropped.
    `locale`: what the document's bare ¥ and 元 mean (see `document_locale`)."""
    candidates = (
        (_money_quantities(sentence, locale) if _MAY_BE_MONEY.search(sentence) else [])
        + (_compute_quantities(sentence) if _MAY_BE_COMPUTE.search(sentence) else [])
        + (_power_quantities(sentence) if _MAY_BE_POWER.search(sentence) else [])
        + (_count_quantities(sentence) if _MAY_BE_COUNT.search(sentence) else [])
    )
    kept: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for quantity in candidates:  # earlier detectors win: money before compute before counts
        span = (quantity.start, quantity.end)
        overlaps = any(s < span[1] and span[0] < e and span != (s, e) for s, e in taken)
        # Two patterns may read the same words as the same figure ("7,000 颗 GB300": the Chinese
        # and the English count); a range's two ends share a span but differ in value and role.
        if overlaps or quantity in kept:
            continue
        kept.append(quantity)
        taken.append(span)
    return sorted(
        _merge_split_ranges(kept, sentence), key=lambda q: (q.start, q.range_role != "low")
    )
