"""Period expressions: find them in a normalised sentence and resolve them to contract labels.

Labels: `2025`, `FY2025`, `2025Q4`, `FY2025Q3`, `2025H1`, `2025-2027`, `asof:2024-12-31`.
Relative expressions resolve from the publication date; fiscal quarters named without a year
resolve with the company's fiscal calendar (the latest such quarter already over for reported
figures, the next one for guidance). Companies whose fiscal year is the calendar year get calendar
labels, so `FY2025` of Alphabet and `2025` compare equal.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

ZH_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
EN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
EN_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "ten": 10,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
}
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    kind: str  # see _resolve
    # Each kind's pattern fixes which groups it fills; resolve() reads them by position.
    groups: tuple[Any, ...]
    refers_back: bool = False  # 该季度 / the quarter: the period of the figure before


def _n(token: str) -> int:
    token = token.strip()
    if token.isdigit():
        return int(token)
    if token in ZH_DIGITS:
        return ZH_DIGITS[token]
    return EN_NUMBERS.get(token.lower(), EN_ORDINALS.get(token.lower(), 0))


def _year(token: str) -> int:
    token = token.strip("'")
    return int(token) if len(token) == 4 else 2000 + int(token)


Y = r"(20\d{2})"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("asof_ym", re.compile(rf"截至{Y}年(\d{{1,2}})月(?:底|末|份)?")),
    ("asof_y_end", re.compile(rf"(?:截至|到){Y}年(?:底|末)")),
    ("asof_rel_ym", re.compile(r"截至(去年|今年)(\d{1,2})月(?:底|末)?")),
    ("asof_rel_end", re.compile(r"截至(去年|今年)(?:底|末)")),
    ("asof_md_zh", re.compile(r"截至(\d{1,2})月(?:(\d{1,2})日|底|末)")),
    (
        "asof_md_en",
        re.compile(
            r"\bas of (January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?) (\d{1,2})(?:,? (20\d{2}))?",
            re.I,
        ),
    ),
    (
        "asof_end_en",
        re.compile(
            rf"\b(?:as of|at|by) (?:the )?(?:end(?:-| of )(?:(?:the )?year )?|late |year-end ){Y}",
            re.I,
        ),
    ),
    ("asof_end_this_en", re.compile(r"\b(?:as of|at|by) the end of (last|this|next) year", re.I)),
    (
        "fy_q_zh",
        re.compile(
            rf"{Y}(?:财年|会计年度|财政年度)(?:的)?第?([一二三四1-4])(?:财季|季度|财政季度|季)"
        ),
    ),
    ("fy_q_zh_tail", re.compile(rf"{Y}财年(?:的)?(?:第([一二三四1-4])财季)")),
    ("fy_zh", re.compile(rf"{Y}(?:财年|会计年度)|{Y}财政年度")),
    (
        "fy_ending_en",
        re.compile(
            r"\bfiscal year (?:ending|that ends|which ends|to) (?:in |on )?(January|March|May|June|September)(?: (?:\d{1,2},? )?(20\d{2}))?",
            re.I,
        ),
    ),
    ("fy_rel_zh", re.compile(r"(本|上|下一?|新)(?:个)?财年")),
    ("fq_zh", re.compile(r"第([一二三四])(?:个)?财季|第([一二三四])财政季度")),
    (
        "fy_q_en",
        re.compile(
            r"\bfiscal (first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?: of (?:fiscal )?(?:year )?'?(20\d{2}|\d{2}))?",
            re.I,
        ),
    ),
    (
        "fy_q_en2",
        re.compile(
            r"\b(?:Q([1-4]) (?:of )?(?:fiscal|FY) ?'?(20\d{2}|\d{2})|(?:fiscal|FY) ?'?(20\d{2}|\d{2}) ?Q([1-4]))\b",
            re.I,
        ),
    ),
    ("fy_q_en3", re.compile(r"\bfiscal Q([1-4]),? '?(20\d{2}|\d{2})\b", re.I)),
    (
        "fy_q_of_en",
        re.compile(
            r"\b(first|second|third|fourth)[- ]quarter of (?:its )?(?:fiscal|FY) ?(?:year )?'?(20\d{2}|\d{2})\b",
            re.I,
        ),
    ),
    ("fy_en", re.compile(r"\b(?:fiscal(?: year)?|FY) ?'?(20\d{2}|\d{2})\b", re.I)),
    (
        "fy_rel_en",
        re.compile(
            r"\b(this|next|last|the current|the coming|the next|the prior) fiscal year\b", re.I
        ),
    ),
    (
        "span_y_y",
        re.compile(rf"{Y}年?\s*(?:-|~|至|到|to|through|and)\s*(20\d{{2}}|\d{{2}})(?![\d%])(?:年)?"),
    ),
    (
        "through_year",
        re.compile(
            r"\b(?:through|until|till)(?: the end of)? (20\d{2})\b|(?:到|至)(20\d{2})年(?:前|为止)",
            re.I,
        ),
    ),
    (
        "span_plan_zh",
        re.compile(r"(?<![\d])([三四五十\d])年(?=[^,;。]{0,12}(?:计划|投资|投入|规划))"),
    ),
    (
        "span_plan_en",
        re.compile(
            r"\b(two|three|four|five|ten|\d)-year\b(?= (?:plan|program|programme|commitment|investment|spending|capex|budget))",
            re.I,
        ),
    ),
    (
        "span_next_zh",
        re.compile(r"未来([一二两三四五六七八九十\d]+)年|([一二两三四五六七八九十\d]+)年(?:内|间)"),
    ),
    (
        "span_next_en",
        re.compile(
            r"\bover the (?:next|coming) (two|three|four|five|six|ten|\d) (?:years|yrs)|\b(?:over|in|within) (two|three|four|five|\d) (?:years|yrs)\b|\bin the next (two|three|four|five|\d) (?:years|yrs)",
            re.I,
        ),
    ),
    ("half_zh", re.compile(rf"(?:{Y}年|(今年|去年|明年))?(上|下)半年")),
    (
        "half_en",
        re.compile(
            r"\b(first|second) half(?: of)? (?:(20\d{2})|(this|last|next) year)|\b(H[12]) ?(20\d{2})|\b(20\d{2}) ?(H[12])",
            re.I,
        ),
    ),
    (
        "quarter_zh",
        re.compile(rf"(?:{Y}年|(今年|去年|明年))(?:第)?([一二三四1-4])季度|{Y}年?Q([1-4])"),
    ),
    ("quarter_bare_zh", re.compile(r"(?:第)?([一二三四1-4])季(?:度)?(?!末)")),
    (
        "quarter_en",
        re.compile(
            r"\b(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?: of)? (20\d{2})|\bQ([1-4]) ?(20\d{2})|\b(20\d{2}) ?Q([1-4])\b|\b([1-4])Q ?'?(\d{2})\b",
            re.I,
        ),
    ),
    (
        "quarter_month_en",
        re.compile(r"\bthe (March|June|September|December) quarter(?: of (20\d{2}))?", re.I),
    ),
    (
        "quarter_months_en",
        re.compile(
            r"\b(?:January|April|July|October)[- ](March|June|September|December) quarter", re.I
        ),
    ),
    ("quarter_bare_en", re.compile(r"\b(first|second|third|fourth)[- ]quarter\b", re.I)),
    ("quarter_months_zh", re.compile(rf"{Y}年(1|4|7|10)[-至~](3|6|9|12)月")),
    ("asof_year_end_en", re.compile(rf"\b(?:end-|year-end |end of ){Y}\b", re.I)),
    ("asof_year_end_zh", re.compile(rf"{Y}年(?:底|末)")),
    (
        "prior_same_period",
        re.compile(
            r"去年同期|上年同期|\b(?:in )?the (?:same quarter|same period|year-earlier quarter|year-ago quarter|year-earlier period)(?: (?:a|one) year (?:earlier|ago|before))?|\ba year (?:earlier|ago)\b",
            re.I,
        ),
    ),
    (
        "same_period",
        re.compile(
            r"该季度|当季|本季度|本季|季内|该季|\bthe (?:same )?(?:quarter|period)\b|\bin the period\b",
            re.I,
        ),
    ),
    (
        "months_to_en",
        re.compile(
            r"\b(?:three|3) months (?:to|ended|ending|through) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (\d{1,2})(?:,? (20\d{2}))?",
            re.I,
        ),
    ),
    ("year_zh", re.compile(rf"{Y}年(?![0-9]{{1,2}}月)|{Y}(?=年?全年)")),
    (
        "asof_rel_year_end_zh",
        re.compile(r"(?:到|至|截至)?(今年|明年|去年)?年?(?:年底|年末)(?:前)?"),
    ),
    ("rel_year_zh", re.compile(r"(今年|明年|去年|昨年)(?!\d{1,2}月)")),
    (
        "year_en",
        re.compile(
            rf"\b(?:in|for|of|during|through|by|to) (?:calendar )?{Y}\b|\b{Y}(?= (?:capex|capital|spending|budget|revenue|guidance|outlay|investment|plan))|(?<=\b[Ii]n )(20\d{{2}})",
            re.I,
        ),
    ),
    (
        "rel_year_en",
        re.compile(
            r"\b(this|next|last) year\b|\b(?:the|this) current year\b|\bthe (coming) year\b|"
            r"\bthe (year ahead)\b|\bfull[- ]year\b",
            re.I,
        ),
    ),
    ("year_bare", re.compile(r"(?<![\d.,$])(20[12]\d)(?![\d,%])")),
    ("full_year", re.compile(r"全年|\bfull[- ]year\b|\bthe (?:whole|entire) year\b", re.I)),
]


# A literal each pattern cannot match without: checked first, it skips most patterns for most
# sentences (period detection was a fifth of extraction time).
_NEEDS: dict[str, str | tuple[str, ...]] = {
    "asof_ym": "截至",
    "asof_y_end": "年",
    "asof_rel_ym": "截至",
    "asof_rel_end": "截至",
    "asof_md_zh": "截至",
    "asof_md_en": "as of",
    "asof_end_en": ("end", "late "),
    "asof_end_this_en": "end",
    "fy_q_zh": "年",
    "fy_q_zh_tail": "财年",
    "fy_zh": "年",
    "fy_ending_en": "fiscal",
    "fy_rel_zh": "财年",
    "fq_zh": "第",
    "fy_q_en": "fiscal",
    "fy_q_en2": ("fy", "fiscal"),
    "fy_q_of_en": "quarter",
    "fy_q_en3": "fiscal q",
    "fy_en": ("fy", "fiscal"),
    "fy_rel_en": ("fiscal", "ahead"),
    "span_y_y": ("-", "~", "至", "到", "to", "through", "and"),
    "through_year": ("through", "until", "till", "到", "至"),
    "span_plan_zh": "年",
    "span_plan_en": "-year",
    "span_next_zh": "年",
    "span_next_en": "",
    "half_zh": "半年",
    "half_en": ("half", "h1", "h2"),
    "quarter_zh": ("季", "q"),
    "quarter_bare_zh": "季",
    "quarter_en": ("quarter", "q"),
    "quarter_month_en": "quarter",
    "quarter_months_en": "quarter",
    "quarter_bare_en": "quarter",
    "quarter_months_zh": "月",
    "asof_year_end_en": "end",
    "asof_year_end_zh": "年",
    "prior_same_period": ("同期", "same", "year-", "ago", "earlier"),
    "same_period": ("季", "quarter", "period"),
    "months_to_en": "months",
    "asof_rel_year_end_zh": "年",
    "year_zh": "年",
    "rel_year_zh": "年",
    "year_en": "",
    "rel_year_en": "year",
    "year_bare": "",
    "full_year": ("全年", "full", "whole", "entire"),
}


_LATIN = re.compile(r"[A-Za-z]")
_YEAR = re.compile(r"20\d{2}")
# Patterns that cannot match without a four-digit year: skipped for sentences without one.
_NEEDS_YEAR = frozenset(
    {
        "asof_ym",
        "asof_y_end",
        "fy_q_zh",
        "fy_q_zh_tail",
        "fy_zh",
        "span_y_y",
        "year_zh",
        "year_en",
        "year_bare",
        "quarter_months_zh",
        "asof_year_end_en",
        "asof_year_end_zh",
        "asof_end_en",
    }
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def find_periods(sentence: str) -> list[PeriodMention]:
    """Period mentions in reading order; an earlier, more specific pattern masks later ones."""
    taken: list[tuple[int, int]] = []
    found: list[PeriodMention] = []
    latin = _LATIN.search(sentence) is not None
    cjk = _CJK.search(sentence) is not None
    year = _YEAR.search(sentence) is not None
    lowered = sentence.lower()
    for kind, pattern in PATTERNS:
        if (kind.endswith("_en") and not latin) or (kind.endswith("_zh") and not cjk):
            continue
        if kind in _NEEDS_YEAR and not year:
            continue
        needed = _NEEDS.get(kind, "")
        if needed and not any(
            word in lowered for word in ((needed,) if isinstance(needed, str) else needed)
        ):
            continue
        for match in pattern.finditer(sentence):
            span = (match.start(), match.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            found.append(
                PeriodMention(span[0], span[1], kind, match.groups(), kind == "same_period")
            )
    return sorted(found, key=lambda p: p.start)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def fiscal_quarter_end(fiscal_year: int, quarter: int, fy_end_month: int) -> date:
    start_month = fy_end_month % 12 + 1
    start_year = fiscal_year - 1 if fy_end_month != 12 else fiscal_year
    month_index = start_month - 1 + quarter * 3 - 1
    return _last_day(start_year + month_index // 12, month_index % 12 + 1)


def fiscal_year_of(day: date, fy_end_month: int) -> int:
    return day.year if fy_end_month == 12 or day.month <= fy_end_month else day.year + 1


def _fy_label(fiscal_year: int, fy_end_month: int, quarter: int | None = None) -> str:
    prefix = "" if fy_end_month == 12 else "FY"
    return f"{prefix}{fiscal_year}" + (f"Q{quarter}" if quarter else "")


def _nearest_fiscal_quarter(quarter: int, published: date, fy_end_month: int, forward: bool) -> str:
    candidates = [
        (fiscal_quarter_end(fy, quarter, fy_end_month), fy)
        for fy in range(published.year - 1, published.year + 3)
    ]
    if forward:
        upcoming = [c for c in candidates if c[0] >= published]
        _end, fy = min(upcoming)
    else:
        past = [c for c in candidates if c[0] < published]
        _end, fy = max(past)
    return _fy_label(fy, fy_end_month, quarter)


def _nearest_calendar_quarter(quarter: int, published: date, forward: bool) -> str:
    return _nearest_fiscal_quarter(quarter, published, 12, forward)


def _relative_year(word: str, published: date) -> int:
    word = word.lower()
    if word in {"去年", "昨年", "last", "上"}:
        return published.year - 1
    if word in {"明年", "next", "下", "下一", "the next", "the coming", "coming", "year ahead"}:
        return published.year + 1
    return published.year


def resolve(
    mention: PeriodMention, published: date, fy_end_month: int = 12, forward: bool = False
) -> str | None:
    """The contract label of a period mention, or None when it names no usable period."""
    g = mention.groups
    kind = mention.kind
    fiscal_now = fiscal_year_of(published, fy_end_month)
    if kind == "asof_ym":
        return f"asof:{_last_day(int(g[0]), int(g[1])).isoformat()}"
    if kind == "asof_y_end":
        return f"asof:{g[0]}-12-31"
    if kind == "asof_rel_ym":
        return f"asof:{_last_day(_relative_year(g[0], published), int(g[1])).isoformat()}"
    if kind == "asof_rel_end":
        return f"asof:{_relative_year(g[0], published)}-12-31"
    if kind == "asof_rel_year_end_zh":
        return f"asof:{_relative_year(g[0] or '今年', published)}-12-31"
    if kind == "asof_md_zh":
        month = int(g[0])
        day = date(published.year, month, int(g[1])) if g[1] else _last_day(published.year, month)
        if day > published:
            day = (
                date(day.year - 1, day.month, day.day)
                if g[1]
                else _last_day(published.year - 1, month)
            )
        return f"asof:{day.isoformat()}"
    if kind == "asof_md_en":
        month = (
            MONTHS[g[0].lower().rstrip(".")[:3]]
            if g[0].lower().rstrip(".")[:3] in MONTHS
            else MONTHS[g[0].lower()]
        )
        year = int(g[2]) if g[2] else published.year
        day = date(year, month, int(g[1]))
        if not g[2] and day > published:
            day = date(year - 1, month, int(g[1]))
        return f"asof:{day.isoformat()}"
    if kind == "asof_end_en":
        return f"asof:{g[0]}-12-31"
    if kind == "asof_end_this_en":
        return f"asof:{_relative_year(g[0], published)}-12-31"
    if kind in {"fy_q_zh", "fy_q_zh_tail"}:
        return _fy_label(int(g[0]), fy_end_month, _n(g[1]))
    if kind == "fy_ending_en":
        month = MONTHS[g[0].lower()]
        year = (
            int(g[1])
            if g[1]
            else (
                published.year
                if _last_day(published.year, month) >= published
                else published.year + 1
            )
        )
        return _fy_label(fiscal_year_of(_last_day(year, month), fy_end_month), fy_end_month)
    if kind == "fy_zh":
        return _fy_label(int(g[0] or g[1]), fy_end_month)
    if kind == "fy_rel_zh":
        offset = {"本": 0, "上": -1, "下": 1, "下一": 1, "新": 1}[g[0]]
        return _fy_label(fiscal_now + offset, fy_end_month)
    if kind == "fq_zh":
        return _nearest_fiscal_quarter(_n(g[0] or g[1]), published, fy_end_month, forward)
    if kind == "fy_q_en":
        quarter = _n(g[0])
        if g[1]:
            return _fy_label(_year(g[1]), fy_end_month, quarter)
        return _nearest_fiscal_quarter(quarter, published, fy_end_month, forward)
    if kind == "fy_q_en2":
        quarter = int(g[0] or g[3])
        return _fy_label(_year(g[1] or g[2]), fy_end_month, quarter)
    if kind == "fy_q_of_en":
        return _fy_label(_year(g[1]), fy_end_month, _n(g[0]))
    if kind == "fy_q_en3":
        return _fy_label(_year(g[1]), fy_end_month, int(g[0]))
    if kind == "fy_en":
        return _fy_label(_year(g[0]), fy_end_month)
    if kind == "fy_rel_en":
        word = g[0].lower()
        offset = {
            "this": 0,
            "the current": 0,
            "next": 1,
            "the coming": 1,
            "the next": 1,
            "last": -1,
            "the prior": -1,
        }[word]
        return _fy_label(fiscal_now + offset, fy_end_month)
    if kind == "through_year":
        last = int(g[0] or g[1])
        return f"{published.year}-{last}" if published.year < last <= published.year + 30 else None
    if kind in {"span_plan_zh", "span_plan_en"}:
        years = _n(g[0])
        return f"{published.year}-{published.year + years - 1}" if years > 1 else None
    if kind == "quarter_months_zh":
        return f"{g[0]}Q{int(g[2]) // 3}"
    if kind in {"asof_year_end_en", "asof_year_end_zh"}:
        return f"asof:{g[0]}-12-31"
    if kind == "span_y_y":
        first, last = int(g[0]), _year(g[1]) if len(g[1]) == 4 else 2000 + int(g[1])
        return f"{first}-{last}" if first < last <= first + 20 else None
    if kind in {"span_next_zh", "span_next_en"}:
        years = _n(next(x for x in g if x))
        return f"{published.year}-{published.year + years - 1}" if years > 1 else None
    if kind == "half_zh":
        year = int(g[0]) if g[0] else _relative_year(g[1] or "今年", published)
        return f"{year}H{1 if g[2] == '上' else 2}"
    if kind == "half_en":
        if g[0]:
            year = int(g[1]) if g[1] else _relative_year(g[2], published)
            return f"{year}H{1 if g[0].lower() == 'first' else 2}"
        if g[3]:
            return f"{g[4]}{g[3].upper()}"
        return f"{g[5]}{g[6].upper()}"
    if kind == "quarter_zh":
        if g[0] or g[1]:
            year = int(g[0]) if g[0] else _relative_year(g[1], published)
            return f"{year}Q{_n(g[2])}"
        return f"{g[3]}Q{g[4]}"
    if kind == "quarter_bare_zh":
        return _nearest_calendar_quarter(_n(g[0]), published, forward)
    if kind == "quarter_en":
        if g[0]:
            return f"{g[1]}Q{_n(g[0])}"
        if g[2]:
            return f"{g[3]}Q{g[2]}"
        if g[4]:
            return f"{g[4]}Q{g[5]}"
        return f"20{g[7]}Q{g[6]}"
    if kind == "quarter_month_en":
        month = MONTHS[g[0].lower()]
        if g[1]:
            year = int(g[1])
        else:
            year = (
                published.year
                if _last_day(published.year, month) < published
                else published.year - 1
            )
        quarter_end = _last_day(year, month)
        fiscal_year = fiscal_year_of(quarter_end, fy_end_month)
        fiscal_quarter = next(
            q
            for q in range(1, 5)
            if fiscal_quarter_end(fiscal_year, q, fy_end_month) == quarter_end
        )
        return _fy_label(fiscal_year, fy_end_month, fiscal_quarter)
    if kind == "months_to_en":
        month = MONTHS[g[0].lower()[:3]]
        year = (
            int(g[2])
            if g[2]
            else (
                published.year
                if _last_day(published.year, month) < published
                else published.year - 1
            )
        )
        quarter_end = _last_day(year, month)
        fiscal_year = fiscal_year_of(quarter_end, fy_end_month)
        ending_here = [
            q
            for q in range(1, 5)
            if fiscal_quarter_end(fiscal_year, q, fy_end_month) == quarter_end
        ]
        return _fy_label(fiscal_year, fy_end_month, ending_here[0]) if ending_here else None
    if kind == "full_year":
        # The year of the report: a plan's current year; results published early in a year
        # are of the year before.
        if forward or published.month > 3:
            return (
                _fy_label(fiscal_now, fy_end_month) if fy_end_month != 12 else str(published.year)
            )
        return (
            _fy_label(fiscal_now - 1, fy_end_month)
            if fy_end_month != 12
            else str(published.year - 1)
        )
    if kind == "quarter_months_en":
        month = MONTHS[g[0].lower()]
        year = (
            published.year if _last_day(published.year, month) < published else published.year - 1
        )
        quarter_end = _last_day(year, month)
        fiscal_year = fiscal_year_of(quarter_end, fy_end_month)
        fiscal_quarter = next(
            q
            for q in range(1, 5)
            if fiscal_quarter_end(fiscal_year, q, fy_end_month) == quarter_end
        )
        return _fy_label(fiscal_year, fy_end_month, fiscal_quarter)
    if kind == "quarter_bare_en":
        return (
            _nearest_calendar_quarter(_n(g[0]), published, forward)
            if fy_end_month == 12
            else (_nearest_fiscal_quarter(_n(g[0]), published, fy_end_month, forward))
        )
    if kind == "year_zh":
        return str(g[0] or g[1])
    if kind == "rel_year_zh":
        token = g[0] if g else None
        return str(_relative_year(token or "今年", published))
    if kind == "year_en":
        return next(x for x in g if x)
    if kind == "rel_year_en":
        word = next((x for x in g if x), "this").lower()
        return str(_relative_year(word, published))
    if kind == "year_bare":
        return g[0]
    return None


def period_end(label: str, fy_end_month: int = 12) -> date | None:
    """The last day of a labelled period (used to tell reported figures from plans)."""
    if label.startswith("asof:"):
        return date.fromisoformat(label[5:])
    if match := re.fullmatch(r"FY(\d{4})Q([1-4])", label):
        return fiscal_quarter_end(int(match.group(1)), int(match.group(2)), fy_end_month)
    if match := re.fullmatch(r"FY(\d{4})", label):
        return fiscal_quarter_end(int(match.group(1)), 4, fy_end_month)
    if match := re.fullmatch(r"(\d{4})Q([1-4])", label):
        return _last_day(int(match.group(1)), int(match.group(2)) * 3)
    if match := re.fullmatch(r"(\d{4})H([12])", label):
        return _last_day(int(match.group(1)), 6 if match.group(2) == "1" else 12)
    if match := re.fullmatch(r"(\d{4})-(\d{4})", label):
        return date(int(match.group(2)), 12, 31)
    if match := re.fullmatch(r"(\d{4})", label):
        return date(int(match.group(1)), 12, 31)
    return None
