"""Organisations no lexicon knows: names the sentence itself shows to be organisations.

Real coverage of AI infrastructure names neoclouds, data-centre developers, funds, supercomputers
and provincial compute hubs faster than any list grows. A name is taken when its form says so:
- English: a run of capitalised words that is the subject of a verb ("Nscale said", "Humain will
  deploy"), takes a possessive ("IREN's fleet"), or ends in an organisation word ("Stack
  Infrastructure", "GMI Cloud");
- Chinese: a run of Chinese characters ending in an organisation word (润泽科技, 贵安超算中心),
  cut where a function word or a verb begins.
Each found name gets a canonical spelling (legal suffixes dropped, simplified characters), so
trivial variants fold together. The lexicons are data files beside this module.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.extract.entities import (
    AMBIGUOUS_ALIASES,
    Mention,
    entity_type,
    is_brand_use,
    is_tracked,
    lexicon_rows,
    lexicon_words,
)

# An apostrophe stays inside a name only before a capital (Dell'Oro), never a possessive 's.
_LATIN_WORD = r"(?:[A-Z][\w&.-]*(?:'[A-Z][\w&.-]*)*(?<![.-])|\d+[A-Z][\w-]*|x[A-Z][\w-]*)"
# "Hut 8": a short number may close a name.
_LATIN_NAME = re.compile(
    rf"{_LATIN_WORD}(?:(?: | of | & | and | de ){_LATIN_WORD})*(?: \d{{1,2}}\b(?![,.]\d))?"
)
_NAME_SHAPE = re.compile(r"^[A-Z0-9]{2,}$|[a-z][A-Z]|\d|^x[A-Z]")
_REPORTING_VERBS = frozenset(
    {
        "said",
        "says",
        "announced",
        "unveiled",
        "reported",
        "disclosed",
        "revealed",
        "confirmed",
        "signed",
        "raised",
        "secured",
        "plans",
        "expects",
    }
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,40}")
# A Chinese name's body starts after these: function words, verbs of saying and doing, and the
# words that introduce a name without being part of it.
_CJK_BREAKS = re.compile(
    r".*(?:的|在|和|与|及|为|将|已|是|对|从|向|由|于|把|被|等|了|并|也|都|还|又|其|该|这|此|"
    r"宣布|表示|称|计划|投资|建设|推出|发布|完成|携手|联合|旗下|子公司|合作|中标|签约|落地|"
    r"位于|包括|成为|拥有|打造|启动|建成|投运|上线|部署|采购|订购|向|给|同|跟|据|而|以|"
    r"今年|去年|明年|目前|近日|日前|此前|同时|另外|其中|国内|全国|全球|我国|多家|一家|"
    r"记者|报道|消息|公告|显示|预计|预测|估计|第|最|合计|一座|超大规模|大型|首个|首座|"
    r"当季|当期|本季|年底|年末|年初|季度|月|日|年|[0-9一二两三四五六七八九十几多数]+家|家|个|"
    r"设立|成立|组建|筹建|新设|注册|涵盖|覆盖|服务|支持|提供|吸引|带动|推动|促进|助力|面向|针对|"
    r"通过|利用|依托|借助|引入|批出|获批|资助|调研|走进|探访|促使|使得|令|让|正)"
)
_GENERIC_BODIES = frozenset(
    {
        "本",
        "该",
        "这",
        "那",
        "我",
        "贵司",
        "各",
        "某",
        "母",
        "子",
        "总",
        "分",
        "新",
        "大",
        "上市",
        "头部",
        "龙头",
    }
)


@lru_cache(maxsize=1)
def _lexicons() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    words = lexicon_words("org_words.txt") | frozenset(_weak_org_words())
    latin = frozenset(w for w in words if w.isascii())
    chinese = frozenset(w for w in words if not w.isascii())
    return latin, chinese, lexicon_words("subject_verbs.txt"), lexicon_words("not_names.txt")


def _overlaps(start: int, end: int, taken: list[Mention]) -> bool:
    return any(m.start < end and start < m.end for m in taken)


def _latin_names(sentence: str, taken: list[Mention]) -> list[Mention]:
    org_words, _, verbs, not_names = _lexicons()
    found = []
    for match in _LATIN_NAME.finditer(sentence):
        words = match.group(0).split(" ")
        start = match.start()
        # Openers, months and acronyms of the trade are not names: drop them from the front.
        while words and (words[0] in not_names or words[0] in _CONNECTORS):
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[-1] in _CONNECTORS:
            words = words[:-1]
        if not words or all(w in not_names for w in words):
            continue
        # "Dallas Pkwy": a name that ends in a word that is never a name's end is no name.
        if words[-1] in not_names and words[-1] not in org_words:
            continue
        name = " ".join(words)
        end = start + len(name)
        if _overlaps(start, end, taken) or (start and sentence[start - 1].isalnum()):
            continue
        after = sentence[end : end + 40]
        # "Hut 8 has signed": the verb after an auxiliary says as much as the verb itself.
        next_word = (
            re.match(r"(?:'s\b|,)?\s*(?:(?:has|have|had|is|was|will|would)\s+)?(\w+)", after)
            or [None, ""]
        )[1]
        last_two = " ".join(words[-2:])
        appositive = _APPOSITIVE.match(after)
        # "Saudi Arabian firm DataVolt", "the operator Yondr": a kind of organisation before it.
        noun_before = _NOUN_BEFORE.search(sentence[max(0, start - 24) : start])
        is_org = (
            (noun_before is not None and noun_before.group(1).lower() in _org_nouns())
            or _AGENT_BEFORE.search(sentence[max(0, start - 24) : start]) is not None
            or _TICKER_AFTER.match(sentence, end) is not None
            or words[-1] in org_words
            or last_two in org_words
            or after.startswith("'s ")
            or next_word in verbs
            or (
                appositive is not None
                and any(w.lower() in _org_nouns() for w in appositive.group(1).split())
            )
        )
        # One capitalised word opening a sentence is as often a noun ("Construction began") as a
        # name: it counts only with a name's shape or a verb of reporting after it.
        opening_word = len(words) == 1 and sentence[:start].strip(" \"'(") == ""
        if opening_word and not (_NAME_SHAPE.search(name) or next_word in _REPORTING_VERBS):
            continue
        if not is_org or is_brand_use(sentence, end):
            continue
        if _is_person(sentence, start, end):
            continue  # "said Jimmy Yan, CEO of DayOne": a person speaks for an owner
        # A ministry's long name ("Ministry of Economy, Trade and Industry") is the government's,
        # which the country names; analysts at a firm estimate others' figures.
        if _GOVERNMENT_OR_ANALYSTS_BEFORE.search(sentence[max(0, start - 60) : start]):
            continue
        # "AI Bridging Cloud Infrastructure (ABCI)": the acronym is the name in use.
        acronym = _ACRONYM_AFTER.match(sentence, end)
        canonical = acronym.group(1) if acronym else canonical_name(name)
        found.append(Mention(start, end, canonical, None, name))
    return found


@lru_cache(maxsize=1)
def _person_roles() -> tuple[re.Pattern[str], re.Pattern[str]]:
    roles = "|".join(
        re.escape(w) for w in sorted(lexicon_words("person_roles.txt"), key=len, reverse=True)
    )
    before = re.compile(rf"\b(?:{roles})\.?\s+(?:\w+\s+){{0,2}}$", re.I)
    after = re.compile(rf"^,?\s+(?:the\s+)?(?:\w+(?:'s)?\s+){{0,3}}(?:{roles})\b", re.I)
    return before, after


def _is_person(sentence: str, start: int, end: int) -> bool:
    """A name with a person's role right before or after it ("CEO Jimmy Yan", "Fakhroo, the
    company's chairman")."""
    before, after = _person_roles()
    return bool(
        before.search(sentence[max(0, start - 40) : start]) or after.match(sentence[end : end + 50])
    )


_GOVERNMENT_OR_ANALYSTS_BEFORE = re.compile(
    r"(?:Ministry|Department|Office|Bureau|Commission|Administration) of (?:[A-Z][\w-]*,? (?:and )?)*$|"
    r"(?i:\b(?:analysts?|economists?|strategists?) (?:at|from|with) )$"
)
_NOUN_BEFORE = re.compile(r"\b([a-z][a-z-]+) $")
# "Applied Digital (NASDAQ: APLD)": a listed company's exchange and ticker.
_TICKER_AFTER = re.compile(
    r"\s?\((?:NASDAQ|NYSE|NYSE American|TSX|TSXV|ASX|LSE|AIM|HKEX|SEHK|TWSE|TPEx|KRX|KOSDAQ|NSE|BSE|"
    r"SGX|TSE|OTC\w*|Euronext|Nasdaq)\s?:\s?[A-Z0-9.]{1,8}\)",
    re.I,
)
# "developed by HUMAIN", "operated by Khazna": who builds or runs the site.
_AGENT_BEFORE = re.compile(
    r"\b(?:developed|built|operated|owned|run|constructed|managed|funded|backed) by $"
)
# ", a GPU cloud start-up backed by ...": the appositive's head noun, within a few words.
_APPOSITIVE = re.compile(r"^(?:,| -) (?:a|an|the) ((?:[\w-]+ ?){1,6})")


@lru_cache(maxsize=1)
def _weak_org_words() -> dict[str, re.Pattern[str]]:
    return {word: re.compile(follows) for word, follows in lexicon_rows("weak_org_words.tsv")}


@lru_cache(maxsize=1)
def _org_nouns() -> frozenset[str]:
    return lexicon_words("org_nouns.txt")


_CONNECTORS = frozenset({"of", "&", "and", "de"})
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9-]{1,9})\)")
_FACILITY = ("中心",)
# Organisation words that also name a kind ("房地产咨询公司"), and a name starting right after.
_KIND_WORDS = frozenset({"公司", "集团", "企业"})
_NAME_AFTER = re.compile(r"\s?(?:[A-Z]|“|\"|「|[\u4e00-\u9fff]{2,8}\s?\(\s?[A-Z])")
# 万卡智算中心, 十万卡集群: a size, not a name.
_COUNT_BODY = re.compile(r"[0-9一二两三四五六七八九十百千万亿几数多超近约]+[卡台P]级?")
# 区域性智算中心, 省级数据中心, 超大型园区: a kind of facility, not a name.
_ADJECTIVE_ENDINGS = ("性", "级", "型", "式")
_GENERIC_AFTER = re.compile(r"巨头|企业|行业|产业|公司|股|板块|园|城|部门|领域|龙头|类|型")


def _chinese_names(sentence: str, taken: list[Mention]) -> list[Mention]:
    """Each run of Chinese characters can hold several names ("由南京天昱信息技术有限公司与北京铱灵
    智能科技有限公司合资建设"): after one, the search goes on from its end."""
    found = []
    for run in _CJK_RUN.finditer(sentence):
        offset = run.start()
        while offset < run.end():
            mention = _leftmost_chinese_name(sentence, offset, run.end(), taken)
            if mention is None:
                break
            found.append(mention)
            offset = mention.end
    return found


_LEGAL_TAIL = re.compile(r"(?:\(集团\))?(?:股份有限公司|有限责任公司|有限公司|股份公司)")


def _leftmost_chinese_name(sentence: str, lo: int, hi: int, taken: list[Mention]) -> Mention | None:
    _, org_words, _, not_names = _lexicons()
    text = sentence[lo:hi]
    # The leftmost organisation word ends the name (黔云智算科技, not 黔云智算科技贵安智算中心);
    # at one position the longest word wins.
    matches = sorted(
        (text.find(suffix), -len(suffix), suffix) for suffix in org_words if suffix in text
    )
    for at, _, suffix in matches:
        head = text[:at]
        cut = _CJK_BREAKS.match(head)
        body = head[cut.end() :] if cut else head
        body = body[-8:]
        if (
            len(body) < 2
            or _COUNT_BODY.fullmatch(body)
            or body in _GENERIC_BODIES
            or body[0] in _GENERIC_BODIES
            or body.endswith(_ADJECTIVE_ENDINGS)
        ):
            continue
        start = lo + at - len(body)
        end = lo + at + len(suffix)
        # A place at the head of an organisation's name (中国信息协会, 贵州省大数据局) is part
        # of the name, not a mention of its own.
        others = [m for m in taken if not (start <= m.start and m.end <= end and _is_place(m))]
        if any(
            m.start == start and m.end == lo + at and entity_type(m.entity) == "country"
            for m in taken
        ):
            continue  # 中国智算中心: the country's centres in general, no one centre
        # A company's own facility (中国移动旗下的苏州智算中心) is its site, not another owner; a
        # company named after it ("服务阿里云、百度等用户") is a customer.
        owner_named = any(m.entity and is_tracked(m.entity) and m.end <= start for m in taken)
        if _overlaps(start, end, others) or (owner_named and suffix.endswith(_FACILITY)):
            continue
        if _GENERIC_AFTER.match(sentence, end):
            continue  # 科技巨头, 科技企业, 数字科技产业园: a kind of company, not a name
        weak = _weak_org_words().get(suffix)
        if weak is not None and not weak.match(sentence, end):
            continue  # 国网云端, 云计算: the word goes on, it is no name's end
        if suffix in _KIND_WORDS and _NAME_AFTER.match(sentence, end):
            continue  # 算力新创公司GMI Cloud: the kind of company, then its name
        tail = _LEGAL_TAIL.match(sentence, end)
        end = tail.end() if tail else end
        name = sentence[start:end]
        if name in not_names:
            continue  # 公有云, 行业云: a kind of business, not a name
        return Mention(start, end, canonical_name(name), None, name)
    return None


def _is_place(mention: Mention) -> bool:
    return entity_type(mention.entity) in {"country", "region"}


def canonical_name(name: str) -> str:
    """The spelling a discovered organisation is stored under: its name without a trailing legal
    form, in simplified characters (normalised text already is)."""
    name = re.sub(
        r"(?:,)?\s+(?:Inc\.?|Corp\.?|Corporation|Ltd\.?|Limited|LLC|plc|N\.V\.|S\.A\.)$", "", name
    )
    return re.sub(r"(?:股份有限公司|有限责任公司|有限公司)$", "", name).strip()


# "YTL公司", "GMI Cloud宣布": a Latin name that Chinese copy follows with an organisation word or
# a verb of doing.
_LATIN_BEFORE_CJK_ORG = re.compile(
    r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9&-]*(?: [A-Z][A-Za-z0-9&-]*)*)\s?"
    r"(?=公司|集团|宣布|表示|计划|提供|投资|建设|推出|发布|拥有|部署|采购|斥资|启用|营运|运营)"
)


def _latin_names_in_chinese(sentence: str, taken: list[Mention]) -> list[Mention]:
    found = []
    _, _, _, not_names = _lexicons()
    for match in _LATIN_BEFORE_CJK_ORG.finditer(sentence):
        start, end = match.span(1)
        words = match.group(1).split(" ")
        if all(w in not_names for w in words) or is_brand_use(sentence, end):
            continue
        if match.group(1) in AMBIGUOUS_ALIASES:
            continue  # find_mentions read it as the common noun ("IDC投资": data-centre capex)
        if len(match.group(1)) >= 2 and not _overlaps(start, end, taken):
            found.append(Mention(start, end, canonical_name(match.group(1)), None, match.group(1)))
    return found


def find_names(sentence: str, known: list[Mention]) -> list[Mention]:
    """Organisations in a normalised sentence that no lexicon mention covers (a place the lexicon
    found at the head of a longer name is the caller's to drop, see `absorb`)."""
    found = _latin_names(sentence, known)
    found += _latin_names_in_chinese(sentence, [*known, *found])
    found += _chinese_names(sentence, [*known, *found])
    return found


def absorb(known: list[Mention], found: list[Mention]) -> list[Mention]:
    """All mentions in reading order, without the places a found name contains."""
    kept = [m for m in known if not any(f.start <= m.start and m.end <= f.end for f in found)]
    return sorted([*kept, *found], key=lambda m: m.start)
