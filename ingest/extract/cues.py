"""Cue lexicons the extractor reads around a figure: what it measures, whether it is a plan, a
reported actual or a third party's forecast, how exact it is, and how fast it grew. The word
lists (capex, revenue, traps, plan, actual, third parties) are data files in data/cues/; the
patterns left here read the words right before or after a figure.

Patterns run on normalised text (simplified Chinese, ASCII punctuation). Each list is kept
broad in vocabulary and narrow in form: a cue must be a word that names the thing, not a word
that merely tends to appear near it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from ingest.extract.trie import trie_pattern

CUES_DIR = Path(__file__).resolve().parent / "data" / "cues"

_CJK_LITERAL = re.compile(r"[\u4e00-\u9fff]+")
_HAS_LATIN = re.compile(r"[A-Za-z]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _alternatives(pattern: str) -> list[str]:
    """The top-level branches of `a|b|(c|d)`."""
    branches, depth, current, escaped = [], 0, [], False
    for char in pattern:
        if escaped:
            current.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append("".join(current))
            current = []
            continue
        current.append(char)
    branches.append("".join(current))
    return branches


class Cue:
    """A cue lexicon: Chinese words matched through a prefix trie, the rest as a regular
    expression, and the English part skipped for sentences with no Latin letter. Scanning
    every sentence with one long case-insensitive alternation was the extractor's hot spot."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        branches = _alternatives(pattern)
        words = [b for b in branches if _CJK_LITERAL.fullmatch(b)]
        rest = [b for b in branches if not _CJK_LITERAL.fullmatch(b)]
        self.pattern = pattern
        self._words = re.compile(trie_pattern(words)) if words else None
        # Case-insensitive matching is slow in `re`; lower-casing ASCII letters of the text
        # (which keeps every offset) and of the pattern does the same job several times faster.
        self._fold = bool(flags & re.IGNORECASE)
        # Branches that start at a word boundary share one `\b`: the engine then tries them only
        # at word starts instead of at every character.
        bounded = [b[2:] for b in rest if b.startswith("\\b")]
        unbounded = [b for b in rest if not b.startswith("\\b")]
        joined = "|".join(([rf"\b(?:{'|'.join(bounded)})"] if bounded else []) + unbounded)
        if self._fold:
            assert not re.search(r"\\[A-Z]", joined), "upper-case escapes would change meaning"
            joined = joined.lower()
        self._rest = re.compile(joined, flags & ~re.IGNORECASE) if rest else None

    @classmethod
    def from_lexicon(cls, name: str) -> Cue:
        """A cue lexicon from data/cues/NAME.txt: Chinese words as written, English words and
        phrases matched whole and case-insensitively, `re:` lines as regular expressions."""
        branches = []
        for line in (CUES_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if entry.startswith("re:"):
                branches.append(entry[3:])
            elif _CJK_LITERAL.fullmatch(entry):
                branches.append(entry)
            else:
                branches.append(rf"\b{entry}\b")
        return cls("|".join(branches), re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        found: list[re.Match[str]] = []
        if self._words is not None:
            found.extend(self._words.finditer(text))
        if self._rest is not None and _HAS_LATIN.search(text):
            found.extend(self._rest.finditer(_folded(text) if self._fold else text))
        return iter(sorted(found, key=lambda m: m.start()))

    def search(self, text: str) -> re.Match[str] | None:
        first = self._words.search(text) if self._words is not None else None
        if self._rest is not None and _HAS_LATIN.search(text):
            other = self._rest.search(_folded(text) if self._fold else text)
            if other is not None and (first is None or other.start() < first.start()):
                return other
        return first


# The word lexicons live in data/cues/, each file saying what its words mean.
CAPEX = Cue.from_lexicon("capex")
REVENUE = Cue.from_lexicon("revenue")
WEAK_CAPEX = Cue.from_lexicon("weak_capex")
TRAP = Cue.from_lexicon("trap")
# "$13 billion into OpenAI", "向OpenAI投资": money put into another company is a stake, not capex.
INTO_COMPANY_AFTER = re.compile(r"^\s*(?:of equity\s+)?(?:into|in)\s+$", re.I)
TO_COMPANY_BEFORE = re.compile(r"向\s*$")
# "pledged a further $22.5 billion to OpenAI": money given to a company is a stake in it.
TO_COMPANY_AFTER = re.compile(r"^\s*(?:of equity\s+)?to\s+(?:the\s+)?$", re.I)
# Revenue named as cloud revenue without the unit's name: "cloud revenue", "AI云收入", "雲端營收".
CLOUD_REVENUE = re.compile(r"\bcloud\b|云", re.I)
# A business named as the cause of a figure, not its unit: "driven by cloud", "云业务带动".
CAUSE_BEFORE = re.compile(
    r"(?:受|由于|得益于|\bdriven by|\bthanks to|\bled by|\bdue to)[^,;]{0,10}$", re.I
)
CAUSE_AFTER = re.compile(
    r"[^,;]{0,14}?(?:需求|推动|带动|驱动|拉动|\bdemand\b|\blifted\b|\bdrove\b|\bboosted\b|\bfueled\b|\bpowered\b)",
    re.I,
)
CLOUD_INFRASTRUCTURE = re.compile(r"\bcloud infrastructure\b|\bOCI\b|云基础设施", re.I)
# "从英伟达购买/采购": after a seller's name, the verb of buying.
BUY_AFTER_SELLER = re.compile(r"\s*(?:处)?(?:购买|采购|订购|购入|买入|进口)")
# "$15 billion of debt and equity": financing raised, not money spent.
FINANCING_AFTER = re.compile(
    r"^\s*(?:of|in)\s+(?:new\s+)?(?:debt|equity|financing|funding|loans?)\b", re.I
)
# "committed $19 billion to the venture": equity in a joint venture, not its spending.
TO_VENTURE_AFTER = re.compile(
    r"^\s*(?:of equity\s+)?(?:to|into|in)\s+the\s+(?:joint\s+)?venture\b", re.I
)
# "run-rate revenue", "年化收入": a rate extrapolated from a month, not revenue of a period.
RUN_RATE = re.compile(r"\brun[- ]rate\b|\bannuali[sz]ed\b|年化", re.I)
# "lifting the range by $2 billion", "$10 billion more than planned": a change, not an amount.
MONEY_CHANGE_BEFORE = re.compile(
    r"\bby\s*(?:about|roughly|nearly|some)?\s*$|(?:上调|下调|增加|减少|提高|降低)了?\s*$", re.I
)
MONEY_CHANGE_AFTER = re.compile(
    r"^\s*(?:more|less|higher|lower|above|below|over) than\b|^\s*(?:bigger|larger|smaller)\b", re.I
)
# "in the United States", "在美国": a country named as a place, not as the one reporting.
# "运营上海临港等4个万卡智算中心": a place right after a verb of building or running is where.
LOCATIVE_BEFORE = re.compile(
    r"(?:\bin|\bacross|\bto|\bfor|\bwithin|在|于|到|赴|运营|建设|建成|打造|布局|落地|部署|覆盖|进驻|"
    r"入驻|扩建|新建)\s*(?:the\s+)?$",
    re.I,
)
# Power that is not data-centre capacity (a data centre's draw and a country's data-centre
# demand are; a reactor's output, a regulatory threshold and a typical size are not).
POWER_TRAP = re.compile(
    r"nuclear|reactor|核电|发电|generation capacity|门槛|threshold|一般|typical|平均|on average",
    re.I,
)
# "4.5 gigawatts of additional capacity": the change is named after the figure.
CAPACITY_CHANGE_AFTER = re.compile(
    r"^\s*(?:of\s)?(?:additional|new|more|incremental|extra)\b|^\s*的?(?:新增|增量)", re.I
)
# "新增 5 EFLOPS" or "added 2 GW" is a change in capacity, not the capacity.
CAPACITY_CHANGE = re.compile(
    r"新增|增加了?|扩容|净增|提升了|\badd(?:s|ed|ing)?\b|\bincrease (?:of|by)\b|\bnew capacity\b|\bexpand(?:ed|ing)? by\b|"
    r"\b(?:a|another|an additional) further\b|\bfurther\b|\banother\b|\bbring online\b",
    re.IGNORECASE,
)
RACK_AFTER = re.compile(
    r"\s?(?:的)?(?:标准)?(?:机柜|机架|单柜|/柜|per rack|racks?\b|-per-rack)", re.I
)
PER_UNIT = re.compile(
    r"每张|每块|每颗|每台|每个|单卡|单颗|单芯片|单柜|单机柜|每柜|每机柜|\bper (?:chip|GPU|card|rack)\b|\beach (?:chip|GPU)\b",
    re.I,
)

PLAN = Cue.from_lexicon("plan")
ACTUAL = Cue.from_lexicon("actual")
THIRD_PARTY = Cue.from_lexicon("third_party")
COMPLETION = Cue.from_lexicon("completion")
AGGREGATE = re.compile(
    r"合计|总计|共计|合共|总共|加起来|相加|一共|\btogether\b|\bcombined\b|\bcollectively\b|\bin total\b|\btotal of\b|\bbetween them\b",
    re.I,
)
# A third party's estimate of a figure, even a past one ("beating analysts' estimates of $38bn").
ESTIMATE = re.compile(
    r"estimat|expect|forecast|model|project|consensus|预测|预计|预期|测算|一致预期", re.I
)
RESPECTIVELY = re.compile(r"分别|\brespectively\b", re.I)
# "ByteDance and Tencent each ordered about 230,000": one figure, one fact per company.
EACH = re.compile(r"\beach\b|各自|均为|各", re.I)
# "the cloud unit grew 26% to RMB33.4 billion": a business unit that grew is reporting revenue.
UNIT_GROWTH = re.compile(
    r"云业务|云计算业务|云部门|\bcloud (?:unit|business|division|arm|segment)\b|\bunit\b|\bsegment\b|\bdivision\b",
    re.I,
)
# Verbs that say where money goes; they decide over a deal named earlier in the sentence.
STRONG_CAPEX = re.compile(
    r"转投|改投|投放|投向|用于建设|投入到?|\bredirect(?:ed)?\b|\bpour\b|\bspend\b|\binvest\b", re.I
)
# "GMI Cloud与辉达斥资", "Humain, together with Nvidia,": the name after is a partner.
PARTNER_BEFORE = re.compile(r"(?:与|和|同|携手|联合|联手|\band|\bwith|together with)\s*$", re.I)
# "CoreWeave will serve as anchor tenant for the first 250 MW": a tenant or customer named as such.
TENANT_AFTER = re.compile(
    r"\s+(?:will\s+|would\s+|is\s+)?(?:serve|act|sign)s?(?:ed)?\s+(?:on\s+)?as\s+(?:the\s+|an?\s+)?"
    r"(?:anchor\s+|first\s+|lead\s+)?(?:tenant|customer|client|offtaker)\b",
    re.I,
)
# "New York, United States - December 17, 2025 -": a dateline's place is where the wire was filed.
DATELINE = re.compile(
    r"^\W*(?:[A-Z][\w.]*\s?){1,3}(?:,\s*(?:[A-Z][\w.]*\s?){1,3})?\s*[-–(]+\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{4}-\d{2}-\d{2})"
)
# The other party of a deal: "agreements with Fluidstack", "a lease with CoreWeave", "携手华为".
COUNTERPARTY_BEFORE = re.compile(
    r"\b(?:agreements?|deals?|contracts?|partnership|partnered|partnering|collaborat\w*|leases?|"
    r"relationship|arrangement|tie-up|"
    r"alliance|MoU|memorandum of understanding)(?: \w+){0,3} with\s*$|(?:携手|联合|联手)\s*$|"
    r"\b(?:data cent(?:er|re)|facility|campus|capacity|building|site)s? (?:for|leased to)\s*$|"
    r"\bleased to\s*$|\bhost(?:s|ed|ing)?\s*$",
    re.I,
)
# "该项目已与上海燧原科技、北京城建智控等达成合作": the organisations between 与 and 合作 are partners.
PARTNER_SPAN = re.compile(
    r"(?:与|和|同)([^,;。]{2,60}?)(?:等)?(?:多家企业|企业|公司)?(?:达成|签署|签订|开展|展开|进行|建立)?(?:了)?(?:战略|深度|全面)?合作"
)
# The company's own change to its guidance ("Google已上调2025年CAPEX至…", "Meta raised its
# forecast to…"): its plan, even when a research firm reports it.
GUIDANCE_CHANGE = re.compile(
    r"上调|上修|调升|调高|下调|下修|调降|\b(?:raised|lifted|boosted|increased|cut|lowered|trimmed|narrowed) (?:its|their) (?:\w+ ){0,3}"
    r"(?:guidance|forecast|outlook|plans?|budget|estimates?)\b",
    re.I,
)
# A sentence that opens on the company already in play ("The company saw…", "公司已建成…"): the
# organisations it names later are clients or partners, not the new subject.
ANAPHOR_OPENING = re.compile(
    r"^\W*(?:(?:However|Meanwhile|Separately|Additionally|Also),?\s+)?(?:(?:the|this) (?:company|firm|group|"
    r"operator|start-?up|provider|developer|hyperscaler|cloud provider)\b|it\b|its\b)|"
    r"^\W*(?:同时|此外|另外|目前)?,?(?:该公司|公司|该集团|集团|其)",
    re.I,
)
SITE_BACKREF = re.compile(
    r"这座|该中心|该数据中心|该集群|该园区|该基地|\bthe (?:site|facility|campus|cluster|project)\b",
    re.I,
)

BOUND_BEFORE = [
    (
        "at_least",
        re.compile(
            r"(?:超过|超出|超|逾|高于|不低于|不少于|至少|多于|more than|over|at least|north of|upwards of|in excess of|exceeding|above|greater than|beyond)\s*$",
            re.I,
        ),
    ),
    (
        "at_most",
        re.compile(
            r"(?:最多|至多|不超过|不到|低于|少于|up to|as much as|as many as|under|less than|below|at most|no more than|a maximum of)\s*$",
            re.I,
        ),
    ),
    (
        "approx",
        re.compile(
            r"(?:约合|约为|大约|大概|约|将近|接近|近|about|around|roughly|nearly|almost|approximately|some|close to|an estimated|estimated|circa|~)\s*$",
            re.I,
        ),
    ),
]
BOUND_AFTER = [
    ("at_least", re.compile(r"^\s*(?:以上|多)")),
    ("at_most", re.compile(r"^\s*(?:以内|以下)")),
    ("approx", re.compile(r"^\s*(?:左右|上下|\bor so\b)", re.I)),
]
CURRENCY_WORDS = re.compile(r"(?:人民币|美元|港币|港元|RMB|US\$|HK\$|NT\$|S\$|USD|\$|€|£|¥)\s*$")

GROWTH = [
    re.compile(
        r"(?P<neg_qoq>环比|sequential|quarter[- ]on[- ]quarter|quarter[- ]over[- ]quarter|from the previous quarter)?"
        r"(?:同比|较(?:上年|去年|20\d{2}年)(?:同期)?|比(?:上年|去年)(?:同期)?)?"
        r"(?P<verb>增长|增加|上升|提升|提高|增幅|下降|下滑|减少|下跌)(?:了)?(?:超过|超|逾|近|约|达)?"
        r"(?P<pct>\d+(?:\.\d+)?)%"
    ),
    re.compile(
        r"\b(?P<verb>up|rose|rising|grew|growing|increased?|increasing|jumped|jump|climbed|surged?|gained|"
        r"higher|down|fell|declined?|decreased?|dropped|lower|growth of|an increase of|a rise of)\s"
        r"(?:by\s)?(?:more than |nearly |about |almost |roughly |over |some )?(?P<pct>\d+(?:\.\d+)?)(?:%| percent)"
        r"(?P<neg_qoq>\s(?:sequentially|quarter[- ]over[- ]quarter|quarter[- ]on[- ]quarter|from the (?:previous|prior) quarter))?",
        re.I,
    ),
    re.compile(
        r"(?P<pct>\d+(?:\.\d+)?)(?:%| percent)\s(?P<verb>increase|rise|jump|growth|gain|higher|year[- ]over[- ]year|year[- ]on[- ]year|yoy|decline|drop|lower)",
        re.I,
    ),
]
NEGATIVE_GROWTH = re.compile(
    r"下降|下滑|减少|下跌|down|fell|declin|decreas|dropped|drop|lower", re.I
)
# Growth said in words, as yoy: doubled is +100%; 翻两番 ("doubled twice") is ×4, so +300%.
GROWTH_WORDS = [
    (re.compile(r"翻两番|翻了两番|\bquadrupled\b"), 3.0),
    (re.compile(r"翻倍|翻番|翻了一番|\bdoubled\b|\bdoubling\b"), 1.0),
    (re.compile(r"\btripled\b|增长两倍"), 2.0),
]
QOQ_NEARBY = re.compile(
    r"环比|sequential|quarter[- ]o[nv]e?r?[- ]quarter|previous quarter|prior quarter", re.I
)
COMPARISON_BEFORE = re.compile(
    r"(?:较|比|相比|相较|than|from|versus|vs\.?|compared with|compared to)\s*$", re.I
)

# "从2022年的335亿元提升至452亿元": the year of the starting figure, not of the one reached
# ("从第三财季财报看" is no comparison: a figure must follow the period).
FROM_BEFORE = re.compile(r"(?:从|由)\s*$")
FIGURE_AFTER = re.compile(r"的?\s*\d")

PRECISION = re.compile(
    r"\b(FP16|FP8|BF16|FP32|FP64|INT8|FP4|TF32)\b|(FP16|FP8|BF16|FP32|FP64|INT8|FP4|TF32)", re.I
)
