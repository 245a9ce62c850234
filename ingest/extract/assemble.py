"""Fact assembly: turn the quantities of a text into facts of the contract (docs/fact_contract.md).

For each quantity the extractor decides, from the words around it, what it measures, whose it
is, which period it covers, whether it is a plan, an actual or a forecast, how exact it is and
how fast it grew; then scores how sure it is. It reads one sentence at a time and carries a
little context between sentences (the company last named, the last period, a third-party
source), which is how "该公司" and "the company" resolve.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache

from ingest.extract import cues, issuer_text
from ingest.extract.entities import (
    CONTEXT_ENTITY,
    COUNTRY_IN_CONTEXT,
    DATA_DIR,
    PLACE_TYPES,
    ROLES,
    Mention,
    entity_type,
    find_mentions,
    find_site,
    fiscal_year_end_month,
    is_forecaster,
    is_supplier,
    is_tracked,
    lexicon_rows,
    whole_revenue_counts,
)
from ingest.extract.names import absorb, find_names
from ingest.extract.numbers import Locale, Quantity, document_locale, find_quantities
from ingest.extract.periods import PeriodMention, find_periods, resolve
from ingest.extract.tables import table_sentences
from ingest.extract.textnorm import normalise
from ingest.extract.units import Unit, has_bare_figure, heading_unit, unit_statement, with_unit
from ingest.reference.periods import period_end, period_label
from ingest.reference.vocabulary import METRIC_OF_DIMENSION, MONEY_METRICS, STOCK_METRICS

# Bump on every change to extraction: raw facts are kept per version, a new version re-reads
# every document, and staging reads the newest, compared as text: keep the
# zero-padded date form.
EXTRACTOR_VERSION = "2026.11.29.9.7"
# The fields of a fact in the contract (docs/fact_contract.md), in its order.
CONTRACT_FIELDS = (
    "entity",
    "metric",
    "value",
    "unit",
    "bound",
    "period",
    "kind",
    "yoy",
    "segment",
    "precision",
)
# Money below this is a price or a salary, never an infrastructure programme.
MIN_MONEY_VALUE = 1e6


@dataclass
class Fact:
    entity: str
    metric: str
    value: float
    unit: str
    bound: str
    period: str | None
    kind: str
    yoy: float | None
    segment: str | None
    precision: str | None
    evidence: str
    confidence: float
    char_start: int = 0
    char_end: int = 0
    sentence_index: int = 0
    # The seed's type of a tracked entity; for one of the open world: company, supplier,
    # country or region (see entities.entity_type).
    entity_type: str = "company"
    # The features the confidence was computed from (see `signals`).
    signals: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["value"] = int(self.value) if float(self.value).is_integer() else round(self.value, 6)
        return data


@dataclass
class _Context:
    entity: str | None = None
    segment: str | None = None
    period: str | None = None
    site: str | None = None
    metric: str | None = None
    quarter: str | None = None
    published: date = date(2000, 1, 1)
    locale: Locale = field(default_factory=Locale)  # what its bare ¥ and 元 mean
    # How often each country was named so far, nationality adjectives included: whose "the
    # government" it is.
    countries: Counter[str] = field(default_factory=Counter)
    recent: list[str] = field(default_factory=list)  # organisations named so far, last is latest

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    third_party_sentence: int = -10
    seen: set[str] = field(default_factory=set)


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    original: str
    text: str
    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    # In an issuer's own text: where it names itself ("we", "本公司"), and whether the sentence
    # states its outlook.
    own_spans: tuple[tuple[int, int], ...] = ()
    outlook: bool = False

    @cached_property
    def periods(self) -> list[PeriodMention]:
        # Only sentences with a figure need their periods: computed on first use.
        return find_periods(self.text)


_ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.K|Inc|Corp|Co|Ltd|Mr|Ms|Mrs|Dr|St|No|vs|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|approx|est|Bn|bn|mn)\.)$"
)


# "...France and Sweden.Mistral plans": scraped text loses the space after a full stop; a word
# of two lower-case letters before it keeps "U.S." and "N.V." whole.
# "…三类 [2] - 通用算力…": a bulleted summary scraped onto one line breaks at each bullet.
_SENTENCE_END = re.compile(
    r"[。！？!?\n]|\.(?=[\u4e00-\u9fff])|\.(?=[ \t]+[A-Z\"'“(])|(?<=[a-z]{2})\.(?=[A-Z][a-z])"
    r"|(?<=[\]\u4e00-\u9fff]) (?=- [\u4e00-\u9fff])|(?<=\[\d\]|\d\d\]) (?=[\u4e00-\u9fff])"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: Chinese end marks, English full stops before a capital, line breaks and the
    bullets of a list run onto one line."""
    spans = []
    start = 0
    length = len(text)
    for match in _SENTENCE_END.finditer(text):
        i = match.start()
        if text[i] == "." and (
            (text[i - 1 : i].isdigit() and "\u4e00" <= text[i + 1 : i + 2] <= "\u9fff")
            or _ABBREVIATIONS.search(text[max(start, i - 12) : i + 1])
        ):
            continue
        end = i + 1
        while end < length and text[end] in "”\"'）)":
            end += 1
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, length))
    return spans


@lru_cache(maxsize=8192)
def _breaks(text: str, separators: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the clause separators of a sentence (computed once per sentence)."""
    found = list(re.finditer(separators, text))
    return [m.start() for m in found], [m.end() for m in found]


def _clause(text: str, position: int, separators: str) -> tuple[int, int]:
    """Bounds of the clause around a position; a comma inside a number does not split."""
    starts, ends = _breaks(text, separators)
    before = bisect_right(ends, position) - 1
    # A separator that ends at or before the position opens the clause; one starting at or
    # after it closes the clause.
    start = ends[before] if before >= 0 else 0
    following = bisect_left(starts, position)
    return start, starts[following] if following < len(starts) else len(text)


COMMA = r"(?<!\d),|,(?!\d{3}(?!\d))|;|。|:| - |—|\bwhile\b|\bwhereas\b|\bbut\b|但|而"
SEMICOLON = r";|。"


def _nearest(matches: Sequence[tuple[int, int, object]], q: Quantity) -> tuple[int, object] | None:
    best = None
    for start, end, payload in matches:
        distance = q.start - end if end <= q.start else start - q.end
        distance = max(distance, 0)
        if best is None or distance < best[0]:
            best = (distance, payload)
    return best


@lru_cache(maxsize=8192)
def _spans(pattern: re.Pattern[str] | cues.Cue, text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in pattern.finditer(text))


def _cue_matches(
    pattern: re.Pattern[str] | cues.Cue, text: str, lo: int, hi: int, label: str
) -> list[tuple[int, int, object]]:
    return [(s, e, label) for s, e in _spans(pattern, text) if lo <= s and e <= hi]


def _cue_distance(start: int, end: int, q: Quantity) -> int:
    """How far a cue stands from a figure. The metric noun usually comes first ("revenue of $X",
    "资本开支为X"), so any cue before the figure in its clause beats every cue after it ("Free cash
    flow fell to RMB 39bn as spending rose")."""
    if end <= q.start:
        return q.start - end
    return 10_000 + max(start - q.end, 0)


# Bracketed or dashed asides: "(including assets acquired under finance leases)", "HUMAIN - a
# subsidiary of Saudi Arabia's Public Investment Fund - is designed".
_ASIDE = re.compile(r"\([^()]{0,120}\)|\s-\s[^-]{1,100}?\s-\s")


# An aside that describes (", a subsidiary of", "(一家…公司)"), as opposed to one that names
# ("美商威德新(Vantage)", "鸿海(2317)").
_DESCRIPTIVE_ASIDE = re.compile(
    r"(?:\(|\s-\s)\s*(?:a|an|the|which|who|whose|part of|owned by|backed by|一家|旗下|隶属)\b", re.I
)


@lru_cache(maxsize=8192)
def _asides(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _ASIDE.finditer(text))


def _aside_of(
    cue: tuple[int, int, object], q: Quantity, asides: tuple[tuple[int, int], ...]
) -> bool:
    """A cue inside a bracketed aside the figure is not in ("capital expenditures (including
    assets acquired under finance leases) of $37.5 billion") qualifies, it does not name the
    figure."""
    return any(lo <= cue[0] and cue[1] <= hi and not (lo <= q.start < hi) for lo, hi in asides)


def _nearest_cue(text: str, lo: int, hi: int, q: Quantity) -> str | None:
    found = (
        _cue_matches(cues.TRAP, text, lo, hi, "trap")
        + _cue_matches(cues.REVENUE, text, lo, hi, "revenue")
        + _cue_matches(cues.CAPEX, text, lo, hi, "capex")
    )
    asides = _asides(text)
    found = [f for f in found if not (q.start <= f[0] < q.end) and not _aside_of(f, q, asides)]
    if not found:
        found = [
            f
            for f in _cue_matches(cues.WEAK_CAPEX, text, lo, hi, "capex")
            if not (q.start <= f[0] < q.end)
        ]
    if not found:
        return None
    return str(min(found, key=lambda f: _cue_distance(f[0], f[1], q))[2])


def _money_metric(sent: _Sentence, q: Quantity, context: _Context) -> tuple[str | None, bool]:
    """capex, revenue or None (a trap); second value: whether the cue stood in the figure's clause."""
    text = sent.text
    lo, hi = _clause(text, q.start, COMMA)
    label = _nearest_cue(text, lo, hi, q)
    if label is not None:
        return (None if label == "trap" else label), True
    clause = text[lo:hi]
    if cues.UNIT_GROWTH.search(clause) and any(p.search(clause) for p in cues.GROWTH):
        return "revenue", True
    for lo, hi in (_clause(text, q.start, SEMICOLON), (0, len(text))):
        label = _nearest_cue(text, lo, hi, q)
        if label == "trap" and cues.STRONG_CAPEX.search(text[q.end : hi]):
            return "capex", False  # "收购……的16亿美元, 将转投云计算": where the money goes decides
        if label is not None:
            return (None if label == "trap" else label), False
    # "Amazon: about $100bn; $83.0bn in 2024." under a sentence about capital spending.
    if context.metric:
        return context.metric, False
    return None, False


def _invested_in_a_company(sent: _Sentence, q: Quantity) -> bool:
    """ "$13 billion into OpenAI", "向OpenAI投资1000亿美元": a stake in a company, not capex; nor
    is money raised ("$15 billion of debt and equity")."""
    after = sent.text[q.end : q.end + 40]
    if cues.TO_VENTURE_AFTER.match(after) or cues.FINANCING_AFTER.match(after):
        return True
    for m in sent.mentions:
        if entity_type(m.entity) in PLACE_TYPES:
            continue  # "$12 billion in Singapore" is spent there, not put into it
        between = sent.text[q.end : m.start]
        if m.start >= q.end and cues.INTO_COMPANY_AFTER.match(between):
            return True
        if (
            m.start >= q.end
            and cues.TO_COMPANY_AFTER.match(between)
            and entity_type(m.entity) in {"company", "joint_venture"}
        ):
            return True
        if (
            m.end <= q.start
            and cues.TO_COMPANY_BEFORE.search(sent.text[max(0, m.start - 3) : m.start])
            and re.search(r"投资|注资", sent.text[m.end : q.start])
            and q.start - m.end <= 12
        ):
            return True
    return False


def _metric(sent: _Sentence, q: Quantity, context: _Context) -> tuple[str | None, bool]:
    if q.dimension == "money":
        if q.vague or q.value < MIN_MONEY_VALUE:
            return None, False
        if cues.MONEY_CHANGE_BEFORE.search(
            sent.text[max(0, q.start - 16) : q.start]
        ) or cues.MONEY_CHANGE_AFTER.search(sent.text[q.end : q.end + 16]):
            return None, False
        if _invested_in_a_company(sent, q):
            return None, False
        lo, _ = _clause(sent.text, q.start, SEMICOLON)
        if cues.RUN_RATE.search(sent.text[lo : q.start]):
            return None, False
        return _money_metric(sent, q, context)
    lo, hi = _clause(sent.text, q.start, COMMA)
    window = sent.text[max(lo, q.start - 24) : q.start]
    if cues.CAPACITY_CHANGE.search(window) or cues.CAPACITY_CHANGE_AFTER.search(
        sent.text[q.end : q.end + 20]
    ):
        return None, False
    if q.dimension in {"compute", "power"} and (
        cues.PER_UNIT.search(sent.text[max(lo, q.start - 12) : q.start])
        or cues.PER_UNIT.match(sent.text[q.end : min(hi, q.end + 16)].lstrip())
    ):
        return None, False  # "单柜散热可达135KW", "20 PFLOPS per chip": a unit's, not a site's
    if q.dimension == "count" and cues.PER_UNIT.search(sent.text[max(lo, q.start - 4) : q.start]):
        return None, False  # "每台8颗GPU": a server's cards, not a fleet
    if q.dimension == "power" and cues.POWER_TRAP.search(sent.text[lo:hi]):
        return None, False
    if q.dimension == "power" and cues.RACK_AFTER.match(sent.text, q.end):
        return None, False  # "折合2.5kW机柜约3万架", "a 130kW rack": a rack's density
    # A card count beside a market or shipments is an industry figure, not a fleet.
    if q.dimension == "count" and re.search(
        r"市场|market|shipments?|出货|销量|sold", sent.text[lo:hi], re.I
    ):
        return None, False
    return METRIC_OF_DIMENSION[q.dimension], True


CLOUD_SEGMENTS = {
    entity: (cloud, infra) for entity, cloud, infra in lexicon_rows("cloud_segments.tsv")
}
# Entities that are places: a locative ("in India", "在上海") names where, not who.
_US_HYPERSCALERS = {"Microsoft", "Alphabet", "Amazon", "Meta"}
_CN_TELCOS = {"China Mobile", "China Telecom", "China Unicom"}


_LIST_SEPARATOR = re.compile(r"^(?:\s*(?:,|、|和|与|及|以及|&|\band\b|\bas well as\b)\s*)+$", re.I)


def _listed_together(mentions: list[Mention], text: str) -> bool:
    """ "Microsoft, Google, Meta and Amazon will invest...": names in one list are one subject."""
    named = [m for m in mentions if m.entity]
    run = longest = 1
    for a, b in itertools.pairwise(named):
        run = run + 1 if _LIST_SEPARATOR.match(text[a.end : b.start]) else 1
        longest = max(longest, run)
    return longest >= 3


def _aggregate(mentions: list[Mention], clause_text: str, text: str = "") -> str | None:
    names = {m.entity for m in mentions if m.entity}
    if len(names) >= 3 and (
        cues.AGGREGATE.search(clause_text) or (text and _listed_together(mentions, text))
    ):
        if names <= _US_HYPERSCALERS | {"Oracle", "Big Tech", "United States"}:
            return "Big Tech"
        if names <= _CN_TELCOS | {"China telecom operators", "China"}:
            return "China telecom operators"
    return None


def _resolve_mentions(mentions: list[Mention], context: _Context) -> list[Mention]:
    """Epithets count only for a company the text already named; 智能云-style segment names take
    the company named before them."""
    resolved: list[Mention] = []
    for m in mentions:
        if m.is_epithet and m.entity not in context.seen:
            continue
        if m.entity == COUNTRY_IN_CONTEXT:
            if context.country is None:
                continue
            m = replace(m, entity=context.country)
        elif m.entity == CONTEXT_ENTITY:
            owner = next(
                (
                    r.entity
                    for r in reversed(resolved)
                    if r.entity and entity_type(r.entity) == "company"
                ),
                None,
            )
            # "智能云业务收入": the cloud of the last company named that has one, not of the
            # affiliate named just before ("蚂蚁集团推出……").
            owner = (
                owner
                or next((e for e in reversed(context.recent) if e in CLOUD_SEGMENTS), None)
                or context.entity
            )
            if owner is None:
                continue
            m = replace(m, entity=owner)
        resolved.append(m)
    return resolved


@lru_cache(maxsize=8192)
def _sidelined_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where a name is not a figure's owner: partners between 与 and 合作, a dateline."""
    spans = [span.span(1) for span in cues.PARTNER_SPAN.finditer(text)]
    dateline = cues.DATELINE.match(text)
    if dateline:
        spans.append((0, dateline.end()))
    return tuple(spans)


@lru_cache(maxsize=8192)
def _descriptive_asides(text: str) -> tuple[tuple[int, int], ...]:
    """Asides that describe the name before them ("HUMAIN - a subsidiary of Saudi Arabia's
    PIF -")."""
    return tuple((lo, hi) for lo, hi in _asides(text) if _DESCRIPTIVE_ASIDE.match(text, lo))


def _counterparty(text: str, chosen: Mention, mentions: list[Mention]) -> bool:
    """Whether the name is the other party of a deal ("a lease agreement with CoreWeave, the AI
    hyperscaler,"): the cue stands before its first naming in an appositive chain."""
    anchor = chosen
    for m in reversed(mentions):
        if m.entity == chosen.entity and m.end <= anchor.start and anchor.start - m.end <= 30:
            anchor = m
    return bool(cues.COUNTERPARTY_BEFORE.search(text[max(0, anchor.start - 40) : anchor.start]))


def _named_as_where(text: str, m: Mention) -> bool:
    """ "in the United States", "在上海", "运营上海临港…": a place named as where, not whose."""
    return entity_type(m.entity) in PLACE_TYPES and bool(
        cues.LOCATIVE_BEFORE.search(text[max(0, m.start - 8) : m.start])
    )


def _entities(
    sent: _Sentence, q: Quantity, context: _Context, respective: dict[int, Mention]
) -> list[tuple[str, str | None, str]]:
    """[(entity, segment, how)]: how is clause | sentence | context; empty means skip the figure.
    Usually one; "A and B each ordered 230,000 GPUs" gives one per company."""
    if id(q) in respective:
        m = respective[id(q)]
        return [(m.entity, m.segment, "clause")] if m.entity else []
    text = sent.text
    # "19.6 EFLOPS的中国移动": a figure that modifies the name after it is that entity's.
    modified = next((m for m in sent.mentions if m.entity and text[q.end : m.start] == "的"), None)
    if modified is not None:
        return [(modified.entity, modified.segment, "clause")]
    semi_lo, semi_hi = _clause(text, q.start, SEMICOLON)
    comma_lo, comma_hi = _clause(text, q.start, COMMA)
    mentions = [
        m
        for m in sent.mentions
        if not _named_as_where(text, m)
        # "从英伟达购买": the seller of what the sentence's subject bought.
        and not (
            text[max(0, m.start - 1) : m.start] == "从" and cues.BUY_AFTER_SELLER.match(text, m.end)
        )
    ]
    sidelined = [
        *_sidelined_spans(text),
        *((m.start, m.end) for m in mentions if cues.TENANT_AFTER.match(text, m.end)),
        *((lo, hi) for lo, hi in _descriptive_asides(text) if not lo <= q.start < hi),
    ]
    outside = [m for m in mentions if not any(lo <= m.start < hi for lo, hi in sidelined)]
    if outside or context.entity:
        mentions = outside
    before_semi = [m for m in mentions if semi_lo <= m.start and m.end <= q.start]
    aggregate = _aggregate(before_semi, text[semi_lo:semi_hi], text)
    if aggregate:
        return [(aggregate, None, "clause")]
    each = cues.EACH.search(text[comma_lo : q.start])
    if each:
        named = [
            m
            for m in before_semi
            if m.entity and m.start >= comma_lo and m.end <= comma_lo + each.start()
        ]
        if len({m.entity for m in named}) >= 2:
            return [(m.entity, m.segment, "clause") for m in named]
    candidates = before_semi or [m for m in mentions if m.end <= q.start]
    if candidates:
        chosen = candidates[-1]
        # "China Mobile said its capacity in China reached..." belongs to the company.
        if entity_type(chosen.entity) in PLACE_TYPES:
            # A region takes the figure from a tracked company only (中国移动……点亮了庆阳第一个
            # 万卡集群); a province named first is its own figure's subject.
            region = entity_type(chosen.entity) == "region"
            companies_before = [
                m
                for m in candidates
                if m.entity
                and entity_type(m.entity) not in PLACE_TYPES
                # A place in an earlier clause only qualified something there ("阿里次季中国
                # 电商收入……, 维持……投资3800亿元"): the organisation before it is the subject.
                and (m.start >= comma_lo or region or chosen.start < comma_lo)
                and (is_tracked(m.entity) or not region)
            ]
            if companies_before:
                chosen = companies_before[-1]
        subject = next((m for m in mentions if m.entity), None)
        partner = bool(cues.PARTNER_BEFORE.search(text[max(0, chosen.start - 6) : chosen.start]))
        if (
            is_supplier(chosen.entity)
            and (q.dimension != "money" or partner)
            and chosen is not subject
            and not (subject is not None and is_supplier(subject.entity))
        ):
            # "科技部与Nvidia宣布……4 PFLOPS", "10,000 Nvidia chips in the machine": a supplier
            # that is not the sentence's subject sold the capacity; the buyer owns it.
            buyer = subject if subject is not None and subject.end <= q.start else None
            if buyer is None and context.entity and not is_supplier(context.entity):
                return [(context.entity, context.segment, "context")]
            if buyer is not None and entity_type(buyer.entity) not in PLACE_TYPES:
                chosen = buyer
        elif (
            _counterparty(text, chosen, mentions)
            and (subject is None or subject is chosen)
            and context.entity
            and context.entity != chosen.entity
            and entity_type(context.entity) not in PLACE_TYPES
        ):
            # "the first 100MW data center for CoreWeave": the tenant, in a story on its landlord.
            return [(context.entity, context.segment, "context")]
        elif (
            _counterparty(text, chosen, mentions)
            and subject is not None
            and subject is not chosen
            and subject.end <= q.start
            and entity_type(subject.entity) not in PLACE_TYPES
            and entity_type(chosen.entity) not in {"aggregate"}
        ):
            # "TeraWulf announced agreements with Fluidstack to deliver 200 MW", "中国移动携手华为
            # 建设": the counterparty of a deal does not build or spend the figure.
            return [(subject.entity, subject.segment, "sentence")]
        if not chosen.entity:
            # An untracked firm named last: money is its money (SoftBank's $19bn); capacity
            # usually belongs to the tracked partner named first ("OpenAI与AMD……6吉瓦").
            # An untracked firm in another clause is only the object of an earlier verb
            # ("百度完成对YY直播的收购, 宣布将16亿美元……转投"): the subject keeps the figure.
            subject = next((m for m in mentions if m.entity), None)
            if chosen.start >= comma_lo:
                return []  # the untracked firm is the figure's own ("DeepSeek ... using 2,048 chips")
            if subject is not None and subject.end <= q.start:
                return [(subject.entity, subject.segment, "sentence")]
            if q.dimension != "money" and context.entity:
                return [(context.entity, context.segment, "context")]
            return []
        if not is_tracked(chosen.entity) and chosen.start < comma_lo:
            # An organisation of the open world named in another clause is usually the object
            # of an earlier verb (收购YY直播而托管的16亿美元): a tracked subject keeps the figure.
            subject = next(
                (
                    m
                    for m in [*before_semi, *mentions]
                    if m.entity
                    and is_tracked(m.entity)
                    and entity_type(m.entity) not in PLACE_TYPES
                ),
                None,
            )
            if subject is not None and subject.end <= q.start and subject is not chosen:
                return [(subject.entity, subject.segment, "sentence")]
        how = "clause" if chosen.start >= comma_lo else "sentence"
        return [(chosen.entity, chosen.segment, how)]
    after = [m for m in mentions if q.end <= m.start < comma_hi]
    if (
        after
        and entity_type(after[0].entity) in PLACE_TYPES
        # "$3 trillion global capex" qualifies the figure itself.
        and after[0].start - q.end > 12
        and context.entity
        and entity_type(context.entity) not in PLACE_TYPES
    ):
        # "4.0+ GW of planned development across markets worldwide": where, not whose.
        return [(context.entity, context.segment, "context")]
    if (
        after
        and (is_supplier(after[0].entity) or _counterparty(text, after[0], mentions))
        and context.entity
        and not is_supplier(context.entity)
        and context.entity != after[0].entity
    ):
        # "500 megawatts, built using Nvidia's most advanced GPUs": the seller, not the owner.
        return [(context.entity, context.segment, "context")]
    if after:
        return [(after[0].entity, after[0].segment, "clause")] if after[0].entity else []
    if context.entity:
        return [(context.entity, context.segment, "context")]
    return []


def _segment_as_cause(text: str, start: int, end: int) -> bool:
    """ "cloud and AI demand lifted revenue", "受云业务推动": the unit drove the figure."""
    return bool(
        cues.CAUSE_BEFORE.search(text[max(0, start - 14) : start])
        or cues.CAUSE_AFTER.match(text, end)
    )


def _segment_for_revenue(
    sent: _Sentence, q: Quantity, entity: str, segment: str | None
) -> str | None:
    if segment:
        return segment
    lo, _ = _clause(sent.text, q.start, SEMICOLON)
    comma_lo, comma_hi = _clause(sent.text, q.start, COMMA)
    for m in sent.mentions:
        # A segment named after the figure in another clause is a cause ("非网络营销收入68亿元,
        # 主要受人工智能云业务的推动"), not the revenue's unit.
        if (
            m.entity == entity
            and m.segment
            and lo <= m.start < max(q.start, comma_hi)
            and not _segment_as_cause(sent.text, m.start, m.end)
        ):
            return m.segment
    before = sent.text[comma_lo : q.start]
    if re.search(r"数据中心|data[- ]cent(?:er|re)", before, re.I):
        return "data center"
    # The revenue noun and its figure can sit a clause apart ("total cloud revenue, including
    # applications, reached $5.9 billion").
    semi_lo, _ = _clause(sent.text, q.start, SEMICOLON)
    near = sent.text[max(semi_lo, min(comma_lo, q.start - 60)) : q.start]
    cloud_words = [m for m in cues.CLOUD_REVENUE.finditer(near)]
    offset = q.start - len(near)
    if entity in CLOUD_SEGMENTS and any(
        not _segment_as_cause(sent.text, offset + m.start(), offset + m.end()) for m in cloud_words
    ):
        # "cloud infrastructure revenue", "云基础设施收入": the infrastructure unit alone.
        cloud, infrastructure = CLOUD_SEGMENTS[entity]
        return infrastructure if cues.CLOUD_INFRASTRUCTURE.search(near) else cloud
    return None


def _is_comparison(sent: _Sentence, p: PeriodMention) -> bool:
    before = sent.text[max(0, p.start - 14) : p.start]
    if cues.FROM_BEFORE.search(before) and cues.FIGURE_AFTER.match(sent.text, p.end):
        return True
    return bool(cues.COMPARISON_BEFORE.search(before))


def _attached_comparison(sent: _Sentence, p: PeriodMention, q: Quantity) -> bool:
    """ "较2024年的525亿美元": a compared period directly before a figure is that figure's period."""
    return 0 <= q.start - p.end <= 3


def _completion_date(sent: _Sentence, p: PeriodMention) -> bool:
    lo, hi = _clause(sent.text, p.start, COMMA)
    before = sent.text[max(lo, p.start - 30) : p.start]
    after = sent.text[p.end : min(hi, p.end + 6)]
    return bool(cues.COMPLETION.search(before) or cues.COMPLETION.search(after))


def _period_mention(sent: _Sentence, q: Quantity, metric: str) -> PeriodMention | None:
    dateline = cues.DATELINE.match(sent.text)
    usable = [
        p
        for p in sent.periods
        if (not _is_comparison(sent, p) or _attached_comparison(sent, p, q))
        # "New York - December 17, 2025 - Hut 8 has signed": the day the wire was filed.
        and not (dateline and p.end <= dateline.end())
    ]
    # A stock (capacity, cards) is measured at a date; a flow (capex, revenue) over a period,
    # so "(截至2024年12月31日止)" after a fiscal quarter only restates the quarter's end.
    is_stock = metric in STOCK_METRICS
    if not is_stock and any(not p.kind.startswith("asof") for p in usable):
        usable = [p for p in usable if not p.kind.startswith("asof")]
    if is_stock:
        # A capacity is had at a time, never over a span ("未来三年投入" is about money).
        usable = [p for p in usable if not p.kind.startswith("span")]
    else:
        # "an initial investment of EUR10 billion and is set to become operational in 2026": a
        # completion date says when the site is done, not when the money is spent.
        usable = [p for p in usable if not _completion_date(sent, p)]
    # "starts with 230 MW and aims to house 100,000 GPUs by the end of 2026": a later period
    # with a figure of another kind in between belongs to that figure.
    others = [o for o in sent.quantities if o.dimension != q.dimension]
    usable = [
        p
        for p in usable
        if p.start < q.start or not any(q.end <= o.start and o.end <= p.start for o in others)
    ]
    comma_lo, comma_hi = _clause(sent.text, q.start, COMMA)
    semi_lo, _ = _clause(sent.text, q.start, SEMICOLON)
    in_comma = [(p.start, p.end, p) for p in usable if comma_lo <= p.start < comma_hi]
    if in_comma:
        best = _nearest(in_comma, q)
        return best[1] if best else None  # type: ignore[return-value]
    preceding_semi = [p for p in usable if semi_lo <= p.start and p.end <= q.start]
    if preceding_semi:
        return preceding_semi[-1]
    # "spent $22.6 billion on capex, ..., its fiscal second quarter": a period after the figure,
    # with no other figure or company between them, is the figure's.
    _, semi_hi = _clause(sent.text, q.start, SEMICOLON)
    for p in usable:
        if q.end <= p.start < semi_hi and p.kind not in {"year_bare", "full_year"}:
            company_between = any(q.end <= m.start < p.start for m in sent.mentions)
            figure_between = bool(_MAYBE_FIGURE_DIGIT.search(sent.text[q.end : p.start]))
            if not company_between and not figure_between:
                return p
            break
    preceding = [p for p in usable if p.end <= q.start]
    return preceding[-1] if preceding else None


def _period_for_metric(period: str | None, metric: str) -> str | None:
    """A flow is had over a period, not at a date: "capex of $490bn by the end of 2026" is
    2026's capex."""
    if period is None or metric in STOCK_METRICS:
        return period
    year_end = re.fullmatch(r"asof:(\d{4})-12-31", period)
    return year_end.group(1) if year_end else period


def _is_quarter(label: str) -> bool:
    return bool(re.fullmatch(r"(?:FY)?\d{4}Q[1-4]", label))


_COMPARISON_BASE = re.compile(
    r"(?:\bup|\bdown|\brising|\bclimbing|\bincrease|\bcompared) (?:from|with)\s*$|较(?:上年|去年|上一年)(?:同期)?的?\s*$|比(?:上年|去年)(?:同期)?的?\s*$",
    re.I,
)


def _is_comparison_base(sent: _Sentence, q: Quantity) -> bool:
    """ "$75 billion, up from $52.5 billion": the second figure is the year before's."""
    before = sent.text[max(0, q.start - 24) : q.start]
    before = re.sub(
        r"(?:roughly|about|around|nearly|some|approximately|约|近)\s*$",
        "",
        before.rstrip(),
        flags=re.I,
    )
    return bool(_COMPARISON_BASE.search(before.rstrip() + " ")) or bool(
        _COMPARISON_BASE.search(before.rstrip())
    )


def _year_before(label: str) -> str | None:
    match = re.fullmatch(r"(FY)?(\d{4})(Q[1-4]|H[12])?", label)
    if not match:
        return None
    return f"{match.group(1) or ''}{int(match.group(2)) - 1}{match.group(3) or ''}"


def _kind_cues(sent: _Sentence, q: Quantity) -> tuple[str | None, bool, bool]:
    """Explicit tense cue near the figure: (plan|actual|None, third party in the clause, whether
    the cue stood in the figure's own comma clause)."""
    text = sent.text
    comma_lo, comma_hi = _clause(text, q.start, COMMA)
    semi_lo, semi_hi = _clause(text, q.start, SEMICOLON)
    third_party = _third_party_in(sent, semi_lo, semi_hi) and not (
        cues.GUIDANCE_CHANGE.search(text[comma_lo:comma_hi])
        and any(
            comma_lo <= m.start < q.start and m.entity and not is_forecaster(m)
            for m in sent.mentions
        )
    )
    for depth, (lo, hi) in enumerate(((comma_lo, comma_hi), (semi_lo, semi_hi))):
        plan = _cue_matches(cues.PLAN, text, lo, hi, "plan")
        actual = _cue_matches(cues.ACTUAL, text, lo, hi, "actual")
        if plan and not actual:
            return "plan", third_party, depth == 0
        if actual and not plan:
            return "actual", third_party, depth == 0
        if plan and actual:
            if any(m[0] < q.start for m in plan):
                return (
                    "plan",
                    third_party,
                    depth == 0,
                )  # 将进一步点亮: the modal governs the verb after it
            nearest_plan = min(abs(m[0] - q.start) for m in plan)
            nearest_actual = min(abs(m[0] - q.start) for m in actual)
            return ("plan" if nearest_plan <= nearest_actual else "actual"), third_party, depth == 0
    return None, third_party, False


def _third_party_estimate(sent: _Sentence, q: Quantity) -> bool:
    """A broker's or analysts' own number in the figure's clause: "analysts' estimates of $38.1bn",
    "we model $126 billion"."""
    lo, hi = _clause(sent.text, q.start, COMMA)
    return _third_party_in(sent, lo, hi) and bool(cues.ESTIMATE.search(sent.text[lo:hi]))


def _third_party_in(sent: _Sentence, lo: int = 0, hi: int = 1 << 30) -> bool:
    """A research firm, broker or analysts named in [lo, hi) of the sentence."""
    return _third_party_cue(sent, lo, hi) or any(
        lo <= m.start < hi and is_forecaster(m) for m in sent.mentions
    )


def _third_party_cue(sent: _Sentence, lo: int, hi: int) -> bool:
    window = sent.text[lo:hi]
    if not sent.own_spans:
        return bool(cues.THIRD_PARTY.search(window))
    # An issuer's "we expect" is its own guidance, not a broker's "we expect".
    lo = max(lo, 0)
    return any(
        not any(a < lo + end and lo + start < b for a, b in sent.own_spans)
        for start, end in _spans(cues.THIRD_PARTY, window)
    )


_ASOF_GRACE_DAYS = 45


def _kind(
    estimate_in_clause: bool,
    cue: str | None,
    third_party: bool,
    third_party_context: bool,
    entity: str,
    period: str | None,
    published: date,
) -> str:
    end = period_end(period, fiscal_year_end_month(entity)) if period else None
    future = end is None or end >= published
    if estimate_in_clause:
        return "forecast"
    if end is not None and end < published:
        # A period already over is reported, whatever verb the sentence uses.
        return "actual"
    collective = entity_type(entity) in PLACE_TYPES
    if future and (third_party or (third_party_context and collective)) and cue != "actual":
        return "forecast"
    if (
        cue == "actual"
        and end is not None
        and end >= published
        and period
        # "截至今年底已建成" in late December is as good as reported; a date months ahead is not.
        and (not period.startswith("asof:") or (end - published).days > _ASOF_GRACE_DAYS)
    ):
        return "plan"
    if cue:
        return cue
    return "plan" if end is not None and future else "actual"


def _bound(sent: _Sentence, q: Quantity, quantities: list[Quantity]) -> str:
    if q.range_role == "low":
        return "at_least"
    if q.range_role == "high":
        return "at_most"
    before = sent.text[max(0, q.start - 16) : q.start]
    before = cues.CURRENCY_WORDS.sub("", before)
    after = sent.text[q.end : q.end + 8]
    for label, pattern in cues.BOUND_BEFORE:
        if pattern.search(before):
            return label
    for label, pattern in cues.BOUND_AFTER:
        if pattern.search(after):
            return label
    if _is_conversion(sent, q, quantities):
        return "approx"
    return q.implied_bound or "exact"


_CONVERSION_LINK = re.compile(
    r"^\s*(?:\(\s*(?:约合|约|折合|合|相当于|about|around|roughly|approximately|~|≈)?|,?\s*(?:or|i\.e\.|equivalent to|about|roughly)\s*(?:about|roughly|around|some|approximately)?)\s*$",
    re.I,
)


def _converted_from(sent: _Sentence, q: Quantity, quantities: list[Quantity]) -> Quantity | None:
    """The amount this one restates in another currency: "16亿美元（约合人民币110亿元）",
    "RMB 380bn, or about $53 billion"."""
    if q.dimension != "money":
        return None
    for other in quantities:
        if (
            other.dimension == "money"
            and other.unit != q.unit
            and other.end <= q.start <= other.end + 24
        ):
            between = cues.CURRENCY_WORDS.sub("", sent.text[other.end : q.start])
            if _CONVERSION_LINK.match(between):
                return other
    return None


def _is_conversion(sent: _Sentence, q: Quantity, quantities: list[Quantity]) -> bool:
    return _converted_from(sent, q, quantities) is not None


def _growths(sent: _Sentence) -> list[tuple[int, int, float]]:
    found: list[tuple[int, int, float]] = []
    # Every growth rate is a percentage (翻倍 and "doubled" are matched below).
    rates = cues.GROWTH if "%" in sent.text or "percent" in sent.text else ()
    for pattern in rates:
        for m in pattern.finditer(sent.text):
            if m.groupdict().get("neg_qoq") or cues.QOQ_NEARBY.search(
                sent.text[max(0, m.start() - 6) : m.start()]
            ):
                continue
            if any(s <= m.start() < e for s, e, _ in found):
                continue
            value = float(m.group("pct")) / 100
            if cues.NEGATIVE_GROWTH.search(m.group("verb")):
                value = -value
            found.append((m.start(), m.end(), round(value, 6)))
    for pattern, value in cues.GROWTH_WORDS:
        for m in pattern.finditer(sent.text):
            found.append((m.start(), m.end(), value))
    return found


def _assign_growths(sent: _Sentence, quantities: list[Quantity]) -> dict[int, float]:
    assigned: dict[int, float] = {}
    for start, end, value in _growths(sent):
        semi_lo, semi_hi = _clause(sent.text, start, SEMICOLON)
        in_clause = [
            q for q in quantities if semi_lo <= q.start < semi_hi and q.range_role != "high"
        ]
        before = [q for q in in_clause if q.end <= start]
        after = [q for q in in_clause if q.start >= end]
        target = before[-1] if before else (after[0] if after else None)
        if target is not None and id(target) not in assigned:
            assigned[id(target)] = value
            for twin in quantities:
                if twin.start == target.start and twin is not target:
                    assigned[id(twin)] = value
    return assigned


def _respective(sent: _Sentence, quantities: list[Quantity]) -> dict[int, Mention]:
    """ "A and B bought 196,000 and 169,000 respectively": pair names and figures in order, within
    the clause that says so."""
    match = cues.RESPECTIVELY.search(sent.text)
    if not match or not quantities:
        return {}
    lo, hi = _clause(sent.text, match.start(), SEMICOLON)
    comma_lo, _ = _clause(sent.text, match.start(), COMMA)
    singles = [q for q in quantities if q.range_role is None and comma_lo <= q.start < hi]
    if not singles:
        return {}
    first = min(q.start for q in singles)
    named = [
        m
        for m in sent.mentions
        if m.entity and max(lo, comma_lo - 80) <= m.start and m.end <= first
    ]
    named = named[-len(singles) :] if len(named) >= len(singles) else named
    if len(named) != len(singles) or len(named) < 2:
        return {}
    return {id(q): m for q, m in zip(singles, named, strict=True)}


_YEAR_LIST = re.compile(
    r"(?<!\d)(20\d{2})((?:\s*(?:/|、|,|和|及|与|\band\b)\s*(?:20)?\d{2}(?!\d))+)\s*年?"
    r"|(?<!\d)(20\d{2})\s*(?:-|~|至|到|to|through)\s*(20\d{2})\s*年?"
)


def _respective_periods(sent: _Sentence, quantities: list[Quantity]) -> dict[int, str]:
    """ "2025/2026/2027年营业收入分别为95.10亿元/116.85亿元/143.38亿元", "$5bn, $12bn and $20bn in
    2025, 2026 and 2027 respectively": one year for each figure, in order."""
    cue = cues.RESPECTIVELY.search(sent.text)
    if not cue:
        return {}
    singles = [
        q for q in quantities if q.range_role is None and not _is_conversion(sent, q, quantities)
    ]
    for match in _YEAR_LIST.finditer(sent.text):
        if match.group(1):
            years = [int(match.group(1))] + [
                int(y) if len(y) == 4 else 2000 + int(y)
                for y in re.findall(r"\d{2,4}", match.group(2))
            ]
        else:
            first, last = int(match.group(3)), int(match.group(4))
            years = list(range(first, last + 1)) if 0 < last - first <= 10 else []
        if len(years) < 2 or sorted(years) != years:
            continue
        # The years, then 分别为 and the figures; or the figures, the years and "respectively".
        after = [q for q in singles if q.start >= cue.end()][: len(years)]
        before = [q for q in singles if q.end <= match.start()][-len(years) :]
        paired = after if match.end() <= cue.start() and len(after) == len(years) else before
        if len(paired) == len(years) and len({q.dimension for q in paired}) == 1:
            return {id(q): str(year) for q, year in zip(paired, years, strict=True)}
    return {}


def _precision(sent: _Sentence, q: Quantity) -> str | None:
    if q.dimension != "compute":
        return None
    lo, hi = _clause(sent.text, q.start, COMMA)
    match = cues.PRECISION.search(sent.text[lo:hi])
    if not match:
        return None
    return (match.group(1) or match.group(2)).upper()


def _site(sent: _Sentence, q: Quantity, context: _Context) -> str | None:
    if q.dimension == "money":
        return None
    lo, hi = _clause(sent.text, q.start, SEMICOLON)
    site = find_site(sent.text[lo:hi]) or find_site(sent.text)
    if site:
        return site
    if context.site and cues.SITE_BACKREF.search(sent.text):
        return context.site
    return None


def signals(
    how: str,
    metric_in_clause: bool,
    period: str | None,
    cue: str | None,
    ambiguous: bool,
    tracked: bool,
) -> dict[str, float]:
    """What the extractor saw around a figure, as the features its confidence is fitted on."""
    return {
        "entity_in_clause": float(how == "clause"),
        "entity_in_sentence": float(how == "sentence"),
        "metric_in_clause": float(metric_in_clause),
        "period": float(period is not None),
        "tense_cue": float(cue is not None),
        "ambiguous": float(ambiguous),
        "tracked_entity": float(tracked),
    }


@lru_cache(maxsize=1)
def confidence_model() -> dict:
    """Logistic weights fitted on the real-page evaluation set (`infratrack eval --fit-confidence`)."""
    return json.loads((DATA_DIR / "confidence.json").read_text(encoding="utf-8"))


def confidence_of(features: dict[str, float]) -> float:
    """The probability that a fact with these signals is right, as fitted on real pages."""
    model = confidence_model()
    logit = model["intercept"] + sum(
        weight * features.get(name, 0.0) for name, weight in model["weights"].items()
    )
    return round(1.0 / (1.0 + math.exp(-logit)), 3)


_HEADING_CHARS = 40


def _prepare(text: str, issuer: str | None = None) -> list[_Sentence]:
    sentences = []
    unit: Unit | None = None  # of a paragraph under a unit statement ("单位：亿元")
    previous_end = 0
    for index, (start, end) in enumerate(split_sentences(text)):
        original = text[start:end]
        if "\n\n" in text[previous_end:start]:
            unit = None  # a unit statement holds for its paragraph
        previous_end = end
        # A short heading with a bracketed unit and no figure of its own ("资本开支（单位：亿元）").
        heading = len(original.strip()) <= _HEADING_CHARS and not has_bare_figure(original)
        statement = unit_statement(original)
        stated = statement or (heading_unit(original) if heading else None)
        if stated is not None:
            unit = stated
            if statement is not None:
                continue
        # A flattened table is read one cell at a time; its evidence is the whole table.
        readings = table_sentences(original) or [
            with_unit(original, unit) if unit is not None else original
        ]
        for reading in readings:
            normalised = normalise(reading)
            known = find_mentions(normalised)
            mentions = absorb(known, find_names(normalised, known))
            sentences.append(_Sentence(index, start, end, original.strip(), normalised, mentions))
    _remember_names(sentences)
    if issuer:
        for sent in sentences:
            sent.mentions, sent.own_spans = issuer_text.self_references(
                sent.text, issuer, sent.mentions
            )
            sent.outlook = issuer_text.is_outlook(sent.text)
    return sentences


def _remember_names(sentences: list[_Sentence]) -> None:
    """A name the text showed to be an organisation once ("Hut 8 has signed") is one wherever
    the text names it ("Hut 8 has outlined a pathway")."""
    discovered = {
        m.alias: m.entity
        for sent in sentences
        for m in sent.mentions
        if m.entity and not is_tracked(m.entity) and m.entity not in ROLES and len(m.alias) >= 2
    }
    if not discovered:
        return
    pattern = re.compile(
        "|".join(
            (rf"(?<![\w&]){re.escape(alias)}(?![\w&])" if alias.isascii() else re.escape(alias))
            for alias in sorted(discovered, key=len, reverse=True)
        )
    )
    for sent in sentences:
        extra = [
            Mention(match.start(), match.end(), discovered[match.group(0)], None, match.group(0))
            for match in pattern.finditer(sent.text)
            if not any(m.start < match.end() and match.start() < m.end for m in sent.mentions)
        ]
        if extra:
            sent.mentions = sorted([*sent.mentions, *extra], key=lambda m: m.start)


_MAYBE_FIGURE_DIGIT = re.compile(r"\d")
_REPORTING = re.compile(r"业绩|财报|公布|发布|\bresults\b|\bearnings\b|\breported\b", re.I)
_MAYBE_FIGURE = re.compile(r"[0-9一二两三四五六七八九十百千万亿兆]")


def _facts_of_sentence(sent: _Sentence, context: _Context, published: date) -> list[Fact]:
    if not _MAYBE_FIGURE.search(sent.text):
        return []
    quantities = find_quantities(sent.text, context.locale)
    if not quantities:
        return []
    sent.quantities = quantities
    growths = _assign_growths(sent, quantities)
    respective = _respective(sent, quantities)
    respective_periods = _respective_periods(sent, quantities)
    found: list[Fact] = []
    by_quantity: dict[int, Fact] = {}
    for q in quantities:
        metric, metric_in_clause = _metric(sent, q, context)
        if metric is None:
            continue
        cue, third_party, cue_in_clause = _kind_cues(sent, q)
        if sent.outlook:
            cue, cue_in_clause = "plan", True
        mention = _period_mention(sent, q, metric)
        lo, hi = _clause(sent.text, q.start, COMMA)
        ambiguous = len({m.entity for m in sent.mentions if m.entity and lo <= m.start < hi}) > 1
        for entity, segment, how in _entities(sent, q, context, respective):
            if metric in MONEY_METRICS and entity_type(entity) == "supplier":
                # A chipmaker's fabs or a server maker's sales are the supply chain's business,
                # not spending on or revenue from AI infrastructure.
                continue
            if metric == "revenue":
                segment = _segment_for_revenue(sent, q, entity, segment)
                if segment is None and not whole_revenue_counts(entity):
                    # A diversified company's company-wide revenue is in its filings; in news only
                    # its cloud or AI business's revenue is a fact.
                    continue
            if metric == "capex":
                segment = None  # capex belongs to the company; only a named site narrows it
            period: str | None
            if id(q) in respective_periods:
                year = int(respective_periods[id(q)])
                period = period_label(year, fiscal_year_end_month(entity))
            elif mention is not None and mention.refers_back:
                # "the period", "该季度": the quarter just reported, in this sentence or before.
                in_sentence = [f.period for f in found if f.period]
                quarters = [p for p in in_sentence if _is_quarter(p)]
                candidates = [*quarters[-1:], context.quarter, *in_sentence[-1:], context.period]
                period = next((p for p in candidates if p), None)
                if mention.kind == "prior_same_period" and period:
                    period = _year_before(period)
            elif mention is not None:
                forward = cue == "plan" and cue_in_clause
                period = resolve(mention, published, fiscal_year_end_month(entity), forward=forward)
            elif (
                metric in MONEY_METRICS
                and context.period
                # A reporting period carries over; a programme's span belongs to its programme.
                and re.fullmatch(r"(?:FY)?\d{4}(?:Q[1-4]|H[12])?", context.period)
                and (cue != "plan" or not _is_quarter(context.period))
            ):
                # Copy names the period once and reports several figures after it ("plan to spend
                # 289.8 billion yuan in 2025. China Telecom budgets 83.6 billion yuan...").
                period = context.period
            else:
                period = None
            if (
                _is_comparison_base(sent, q)
                and found
                and found[-1].period
                and (period is None or period == found[-1].period)
            ):
                period = _year_before(found[-1].period)
            period = _period_for_metric(period, metric)
            third_party_context = sent.index - context.third_party_sentence <= 2
            found.append(
                Fact(
                    entity=entity,
                    metric=metric,
                    value=q.value,
                    unit=q.unit,
                    bound=_bound(sent, q, quantities),
                    period=period,
                    kind=_kind(
                        _third_party_estimate(sent, q),
                        cue,
                        third_party,
                        third_party_context,
                        entity,
                        period,
                        published,
                    ),
                    yoy=growths.get(id(q)),
                    segment=_site(sent, q, context) or segment,
                    precision=_precision(sent, q),
                    evidence=sent.original,
                    confidence=confidence_of(
                        features := signals(
                            how, metric_in_clause, period, cue, ambiguous, is_tracked(entity)
                        )
                    ),
                    signals=features,
                    entity_type=entity_type(entity),
                    char_start=sent.start,
                    char_end=sent.end,
                    sentence_index=sent.index,
                )
            )
            by_quantity.setdefault(id(q), found[-1])
    _share_periods_with_conversions(sent, quantities, found, by_quantity)
    return found


def _share_periods_with_conversions(
    sent: _Sentence, quantities: list[Quantity], found: list[Fact], by_quantity: dict[int, Fact]
) -> None:
    """An amount and its conversion are one statement: the period either names is both's."""
    for q in quantities:
        source = _converted_from(sent, q, quantities)
        if source is None or id(q) not in by_quantity or id(source) not in by_quantity:
            continue
        converted, original = by_quantity[id(q)], by_quantity[id(source)]
        if converted.entity != original.entity:
            continue
        converted.period = converted.period or original.period
        original.period = original.period or converted.period


def extract_facts(text: str, published: date, issuer: str | None = None) -> list[Fact]:
    """All target facts of a text, in reading order, one per figure (repeats merged).

    `issuer` says the text is that company's own (an earnings release): a figure in a sentence
    that names no one is the issuer's, "we" and "the Company" are the issuer, an outlook is a
    plan, and fiscal periods follow the issuer's calendar."""
    context = _Context(published=published, locale=document_locale(text))
    if issuer:
        context.seen.add(issuer)
    facts: list[Fact] = []
    for sent in _prepare(text, issuer):
        if issuer:
            # What a release reports is the issuer's unless a sentence says otherwise.
            context.entity, context.segment = issuer, None
        if _third_party_in(sent):
            context.third_party_sentence = sent.index
        sent.mentions = _resolve_mentions(sent.mentions, context)
        sentence_facts = _facts_of_sentence(sent, context, published)
        _update_context(context, sent, sentence_facts)
        facts.extend(sentence_facts)
    return merge_repeats(facts)


@lru_cache(maxsize=1)
def _demonyms() -> tuple[re.Pattern[str], dict[str, str]]:
    table = dict(lexicon_rows("demonyms.tsv"))
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b"), table


def _demonym_countries(text: str) -> list[str]:
    pattern, table = _demonyms()
    return [table[m.group(0)] for m in pattern.finditer(text)]


def _update_context(context: _Context, sent: _Sentence, sentence_facts: list[Fact]) -> None:
    targets = [
        m
        for m in sent.mentions
        if m.entity
        # "seven AI factories in Europe": where, not who the story is about.
        and not _named_as_where(sent.text, m)
    ]
    context.seen.update(m.entity for m in targets)
    context.recent.extend(m.entity for m in targets if entity_type(m.entity) not in PLACE_TYPES)
    context.countries.update(m.entity for m in targets if entity_type(m.entity) == "country")
    context.countries.update(_demonym_countries(sent.text))
    companies = [
        m
        for m in targets
        if entity_type(m.entity) not in PLACE_TYPES
        # "This new lease agreement with CoreWeave underpins our commitment": the counterparty
        # is not what the story goes on about.
        and not _counterparty(sent.text, m, targets)
    ]
    owners = [f for f in sentence_facts if entity_type(f.entity) == "aggregate"]
    if owners:
        # "Amazon, Microsoft ... will spend a combined $805 billion": later figures ("those
        # estimates") are the group's, not the first company listed.
        context.entity, context.segment = owners[-1].entity, None
    elif companies and not (
        context.entity
        and entity_type(context.entity) not in PLACE_TYPES
        and cues.ANAPHOR_OPENING.match(sent.text)
    ):
        # A supplier named beside a buyer ("携手辉达", "chips from Nvidia") is the buyer's partner;
        # named alone it replaces only a place or nothing.
        buyers = [m for m in companies if not is_supplier(m.entity)]
        if buyers:
            context.entity, context.segment = buyers[0].entity, buyers[0].segment
        elif context.entity is None or entity_type(context.entity) in PLACE_TYPES:
            context.entity, context.segment = companies[0].entity, companies[0].segment
    elif sentence_facts:
        context.entity = sentence_facts[0].entity
    elif targets and (context.entity is None or entity_type(context.entity) in PLACE_TYPES):
        # A place named in passing ("跻身日本……最大的设施行列") does not replace the
        # organisation the article is about.
        context.entity, context.segment = targets[0].entity, targets[0].segment
    periods = [f.period for f in sentence_facts if f.period]
    if periods:
        context.period = periods[-1]
        context.quarter = next((p for p in reversed(periods) if _is_quarter(p)), context.quarter)
    elif _REPORTING.search(sent.text) and _MAYBE_FIGURE_DIGIT.search(sent.text):
        # "阿里巴巴公布2025财年第三财季业绩": the quarter later figures are reported for.
        fy_end = fiscal_year_end_month(context.entity)
        announced = [p for p in sent.periods if not p.kind.startswith("asof") and not p.refers_back]
        if announced:
            context.period = resolve(announced[0], context.published, fy_end) or context.period
    money = [f.metric for f in sentence_facts if f.metric in MONEY_METRICS]
    if money:
        context.metric = money[-1]
    site = find_site(sent.text)
    if site:
        context.site = site


def merge_repeats(facts: list[Fact]) -> list[Fact]:
    """One fact per figure: an article that repeats "3800亿元" states one fact, not two."""
    kept: list[Fact] = []
    for fact in facts:
        twin = next(
            (
                k
                for k in kept
                if (k.entity, k.metric, k.unit) == (fact.entity, fact.metric, fact.unit)
                and abs(k.value - fact.value) <= 1e-9 * max(abs(k.value), 1)
                and (
                    (k.period == fact.period and k.kind == fact.kind)
                    or k.period is None
                    or fact.period is None
                )
                # A headline's bare "RMB 380bn" is the body's "at least RMB 380bn".
                and (k.bound == fact.bound or "exact" in {k.bound, fact.bound})
            ),
            None,
        )
        if twin is None:
            kept.append(fact)
            continue
        if twin.period is None and fact.period is not None:
            twin.kind = fact.kind
        twin.period = twin.period or fact.period
        if twin.bound == "exact":
            twin.bound = fact.bound
        twin.yoy = twin.yoy if twin.yoy is not None else fact.yoy
        twin.segment = twin.segment or fact.segment
        twin.precision = twin.precision or fact.precision
        twin.confidence = max(twin.confidence, fact.confidence)
    return kept
