"""Period expressions: find them in a normalised sentence and resolve them to contract labels.

Labels are those of `ingest.reference.periods`, which also gives their calendar bounds.
Relative expressions resolve from the publication date; fiscal quarters named without a year
resolve with the company's fiscal calendar (the latest such quarter already over for reported
figures, the next one for guidance). Companies whose fiscal year is the calendar year get calendar
labels, so `FY2025` of Alphabet and `2025` compare equal.

`RULES` is the whole grammar: one row per form, in precedence order (an earlier, more specific
row masks later ones), each with its pattern, the literals it cannot match without, and the
function that turns its named groups into a label.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ingest.reference.periods import (
    fiscal_quarter_end,
    fiscal_year_of,
    last_day,
    period_label,
)

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
# Relative words and the year offset they mean, for calendar and fiscal years alike.
YEAR_OFFSETS = {
    "去年": -1,
    "昨年": -1,
    "last": -1,
    "上": -1,
    "the prior": -1,
    "今年": 0,
    "本": 0,
    "this": 0,
    "the current": 0,
    "明年": 1,
    "next": 1,
    "下": 1,
    "下一": 1,
    "新": 1,
    "the next": 1,
    "the coming": 1,
    "coming": 1,
    "year ahead": 1,
}

Groups = dict[str, str | None]


@dataclass(frozen=True)
class When:
    """What a relative period is relative to."""

    published: date
    fy_end_month: int = 12
    forward: bool = False  # guidance: a quarter named without a year is the next one

    @property
    def fiscal_now(self) -> int:
        return fiscal_year_of(self.published, self.fy_end_month)

    def year(self, word: str | None) -> int:
        return self.published.year + YEAR_OFFSETS.get((word or "this").lower(), 0)


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    kind: str  # the name of the rule that found it
    groups: Groups
    refers_back: bool = False  # 该季度 / the quarter: the period of the figure before


@dataclass(frozen=True)
class Rule:
    kind: str  # prefixes carry meaning downstream: asof* is a date, span* a range of years
    pattern: re.Pattern[str]
    label: Callable[[Groups, When], str | None]
    needs: tuple[str, ...] = ()  # lower-case literals, one of which the sentence must contain
    needs_year: bool = False  # cannot match without a four-digit year
    script: str = ""  # "en" or "zh": skipped for sentences without that script


def _n(token: str | None) -> int:
    token = (token or "").strip()
    if token.isdigit():
        return int(token)
    if token in ZH_DIGITS:
        return ZH_DIGITS[token]
    return EN_NUMBERS.get(token.lower(), EN_ORDINALS.get(token.lower(), 0))


def _year(token: str | None) -> int:
    token = (token or "").strip("'")
    return int(token) if len(token) == 4 else 2000 + int(token)


def _month(name: str | None) -> int:
    name = (name or "").lower().rstrip(".")
    return MONTHS[name] if name in MONTHS else MONTHS[name[:3]]


def _nearest_fiscal_quarter(quarter: int, when: When, fy_end_month: int | None = None) -> str:
    fy_end = when.fy_end_month if fy_end_month is None else fy_end_month
    published = when.published
    candidates = [
        (fiscal_quarter_end(fy, quarter, fy_end), fy)
        for fy in range(published.year - 1, published.year + 3)
    ]
    if when.forward:
        _end, fy = min(c for c in candidates if c[0] >= published)
    else:
        _end, fy = max(c for c in candidates if c[0] < published)
    return period_label(fy, fy_end, quarter)


def _asof(day: date) -> str:
    return f"asof:{day.isoformat()}"


def _last_month_end_before(month: int, when: When) -> date:
    """The latest end of `month` already over at publication (a quarter named by its last month)."""
    year = when.published.year
    return last_day(year if last_day(year, month) < when.published else year - 1, month)


def _fiscal_quarter_ending(quarter_end: date, when: When) -> str | None:
    fiscal_year = fiscal_year_of(quarter_end, when.fy_end_month)
    for quarter in range(1, 5):
        if fiscal_quarter_end(fiscal_year, quarter, when.fy_end_month) == quarter_end:
            return period_label(fiscal_year, when.fy_end_month, quarter)
    return None


def _years_from_now(count: int, when: When) -> str | None:
    year = when.published.year
    return f"{year}-{year + count - 1}" if count > 1 else None


def _asof_month_day_zh(g: Groups, when: When) -> str:
    month, year = int(g["month"] or 0), when.published.year
    day = date(year, month, int(g["day"])) if g["day"] else last_day(year, month)
    if day > when.published:
        day = date(year - 1, month, int(g["day"])) if g["day"] else last_day(year - 1, month)
    return _asof(day)


def _asof_month_day_en(g: Groups, when: When) -> str:
    month, day_of_month = _month(g["month"]), int(g["day"] or 0)
    year = int(g["year"]) if g["year"] else when.published.year
    day = date(year, month, day_of_month)
    if not g["year"] and day > when.published:
        day = date(year - 1, month, day_of_month)
    return _asof(day)


def _fiscal_year_ending(g: Groups, when: When) -> str:
    month = _month(g["month"])
    if g["year"]:
        year = int(g["year"])
    else:
        this_year = when.published.year
        year = this_year if last_day(this_year, month) >= when.published else this_year + 1
    return period_label(fiscal_year_of(last_day(year, month), when.fy_end_month), when.fy_end_month)


def _span(g: Groups, _when: When) -> str | None:
    first, last = int(g["first"] or 0), _year(g["last"])
    return f"{first}-{last}" if first < last <= first + 20 else None


def _through(g: Groups, when: When) -> str | None:
    last, year = int(g["last"] or g["last_zh"] or 0), when.published.year
    return f"{year}-{last}" if year < last <= year + 30 else None


def _half_en(g: Groups, when: When) -> str:
    if g["which"]:
        year = int(g["year"]) if g["year"] else when.year(g["rel"])
        return f"{year}H{1 if g['which'].lower() == 'first' else 2}"
    half, year_text = (g["half"], g["half_year"]) if g["half"] else (g["half2"], g["year2"])
    return f"{year_text}{(half or '').upper()}"


def _quarter_zh(g: Groups, when: When) -> str:
    if g["year"] or g["rel"]:
        year = int(g["year"]) if g["year"] else when.year(g["rel"])
        return f"{year}Q{_n(g['quarter'])}"
    return f"{g['q_year']}Q{g['q']}"


def _quarter_en(g: Groups, _when: When) -> str:
    if g["ordinal"]:
        return f"{g['year']}Q{_n(g['ordinal'])}"
    if g["q"]:
        return f"{g['q_year']}Q{g['q']}"
    if g["year_q"]:
        return f"{g['year_q']}Q{g['q2']}"
    if g["short_year2"]:
        return f"20{g['short_year2']}Q{g['q4']}"  # 25Q3, as Chinese broker notes write it
    return f"20{g['short_year']}Q{g['q3']}"


def _quarter_named_by_month(g: Groups, when: When) -> str | None:
    month = _month(g["month"])
    year = g.get("year")
    quarter_end = last_day(int(year), month) if year else _last_month_end_before(month, when)
    return _fiscal_quarter_ending(quarter_end, when)


def _full_year(_g: Groups, when: When) -> str:
    # The year of the report: a plan's current year; results published early in a year are of
    # the year before.
    current = when.forward or when.published.month > 3
    if when.fy_end_month != 12:
        return period_label(when.fiscal_now - (0 if current else 1), when.fy_end_month)
    return str(when.published.year - (0 if current else 1))


def _quarter_bare(g: Groups, when: When) -> str:
    return _nearest_fiscal_quarter(_n(g["ordinal"]), when)


def _first(*names: str) -> Callable[[Groups, When], str | None]:
    """The first of these groups that matched, as the label."""
    return lambda g, _when: next((g[name] for name in names if g.get(name)), None)


Y = r"20\d{2}"
MONTH_EN = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)


def _rule(
    kind: str,
    pattern: str,
    label: Callable[[Groups, When], str | None],
    needs: str | tuple[str, ...] = (),
    needs_year: bool = False,
    flags: int = 0,
) -> Rule:
    script = kind.rsplit("_", 1)[-1] if kind.endswith(("_en", "_zh")) else ""
    return Rule(
        kind,
        re.compile(pattern, flags),
        label,
        (needs,) if isinstance(needs, str) else needs,
        needs_year,
        script,
    )


RULES: tuple[Rule, ...] = (
    _rule(
        "asof_ym",
        rf"截至(?P<year>{Y})年(?P<month>\d{{1,2}})月(?:底|末|份)?",
        lambda g, w: _asof(last_day(int(g["year"] or 0), int(g["month"] or 0))),
        "截至",
        needs_year=True,
    ),
    _rule(
        "asof_y_end",
        rf"(?:截至|到)(?P<year>{Y})年(?:底|末)",
        lambda g, w: f"asof:{g['year']}-12-31",
        "年",
        needs_year=True,
    ),
    _rule(
        "asof_rel_ym",
        r"截至(?P<rel>去年|今年)(?P<month>\d{1,2})月(?:底|末)?",
        lambda g, w: _asof(last_day(w.year(g["rel"]), int(g["month"] or 0))),
        "截至",
    ),
    _rule(
        "asof_rel_end",
        r"截至(?P<rel>去年|今年)(?:底|末)",
        lambda g, w: f"asof:{w.year(g['rel'])}-12-31",
        "截至",
    ),
    _rule(
        "asof_md_zh",
        r"截至(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日|底|末)",
        _asof_month_day_zh,
        "截至",
    ),
    _rule(
        "asof_md_en",
        rf"\bas of (?P<month>{MONTH_EN}) (?P<day>\d{{1,2}})(?:,? (?P<year>{Y}))?",
        _asof_month_day_en,
        "as of",
        flags=re.I,
    ),
    _rule(
        "asof_end_en",
        rf"\b(?:as of|at|by) (?:the )?(?:end(?:-| of )(?:(?:the )?year )?|late |year-end )(?P<year>{Y})",
        lambda g, w: f"asof:{g['year']}-12-31",
        ("end", "late "),
        needs_year=True,
        flags=re.I,
    ),
    _rule(
        "asof_end_this_en",
        r"\b(?:as of|at|by) the end of (?P<rel>last|this|next) year",
        lambda g, w: f"asof:{w.year(g['rel'])}-12-31",
        "end",
        flags=re.I,
    ),
    _rule(
        "fy_q_zh",
        rf"(?P<year>{Y})(?:财年|会计年度|财政年度)(?:的)?第?(?P<quarter>[一二三四1-4])(?:财季|季度|财政季度|季)",
        lambda g, w: period_label(int(g["year"] or 0), w.fy_end_month, _n(g["quarter"])),
        "年",
        needs_year=True,
    ),
    _rule(
        "fy_zh",
        rf"(?P<year>{Y})(?:财年|会计年度|财政年度)",
        lambda g, w: period_label(int(g["year"] or 0), w.fy_end_month),
        "年",
        needs_year=True,
    ),
    _rule(
        "fy_ending_en",
        rf"\bfiscal year (?:ending|that ends|which ends|to) (?:in |on )?(?P<month>January|March|May|June|September)(?: (?:\d{{1,2}},? )?(?P<year>{Y}))?",
        _fiscal_year_ending,
        "fiscal",
        flags=re.I,
    ),
    _rule(
        "fy_rel_zh",
        r"(?P<rel>本|上|下一?|新)(?:个)?财年",
        lambda g, w: period_label(w.fiscal_now + YEAR_OFFSETS[g["rel"] or "本"], w.fy_end_month),
        "财年",
    ),
    _rule(
        "fq_zh",
        r"第(?P<ordinal>[一二三四])(?:个?财季|财政季度)",
        _quarter_bare,
        "第",
    ),
    _rule(
        "fy_q_en",
        r"\bfiscal (?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?: of (?:fiscal )?(?:year )?'?(?P<year>20\d{2}|\d{2}))?",
        lambda g, w: (
            period_label(_year(g["year"]), w.fy_end_month, _n(g["ordinal"]))
            if g["year"]
            else _nearest_fiscal_quarter(_n(g["ordinal"]), w)
        ),
        "fiscal",
        flags=re.I,
    ),
    _rule(
        "fy_q_en2",
        r"\b(?:Q(?P<q>[1-4]) (?:of )?(?:fiscal|FY) ?'?(?P<year>20\d{2}|\d{2})|(?:fiscal|FY) ?'?(?P<year2>20\d{2}|\d{2}) ?Q(?P<q2>[1-4]))\b",
        lambda g, w: period_label(
            _year(g["year"] or g["year2"]), w.fy_end_month, int(g["q"] or g["q2"] or 0)
        ),
        ("fy", "fiscal"),
        flags=re.I,
    ),
    _rule(
        "fy_q_en3",
        r"\bfiscal Q(?P<q>[1-4]),? '?(?P<year>20\d{2}|\d{2})\b",
        lambda g, w: period_label(_year(g["year"]), w.fy_end_month, int(g["q"] or 0)),
        "fiscal q",
        flags=re.I,
    ),
    _rule(
        "fy_q_of_en",
        r"\b(?P<ordinal>first|second|third|fourth)[- ]quarter of (?:its )?(?:fiscal|FY) ?(?:year )?'?(?P<year>20\d{2}|\d{2})\b",
        lambda g, w: period_label(_year(g["year"]), w.fy_end_month, _n(g["ordinal"])),
        "quarter",
        flags=re.I,
    ),
    _rule(
        "fy_en",
        r"\b(?:fiscal(?: year)?|FY) ?'?(?P<year>20\d{2}|\d{2})\b",
        lambda g, w: period_label(_year(g["year"]), w.fy_end_month),
        ("fy", "fiscal"),
        flags=re.I,
    ),
    _rule(
        "fy_rel_en",
        r"\b(?P<rel>this|next|last|the current|the coming|the next|the prior) fiscal year\b",
        lambda g, w: period_label(
            w.fiscal_now + YEAR_OFFSETS[(g["rel"] or "this").lower()], w.fy_end_month
        ),
        ("fiscal", "ahead"),
        flags=re.I,
    ),
    _rule(
        "span_y_y",
        rf"(?P<first>{Y})年?\s*(?:-|~|至|到|to|through|and)\s*(?P<last>20\d{{2}}|\d{{2}})(?![\d%])(?:年)?",
        _span,
        ("-", "~", "至", "到", "to", "through", "and"),
        needs_year=True,
    ),
    _rule(
        "through_year",
        r"\b(?:through|until|till)(?: the end of)? (?P<last>20\d{2})\b|(?:到|至)(?P<last_zh>20\d{2})年(?:前|为止)",
        _through,
        ("through", "until", "till", "到", "至"),
        flags=re.I,
    ),
    _rule(
        "span_plan_zh",
        r"(?<![\d])(?P<count>[三四五十\d])年(?=[^,;。]{0,12}(?:计划|投资|投入|规划))",
        lambda g, w: _years_from_now(_n(g["count"]), w),
        "年",
    ),
    _rule(
        "span_plan_en",
        r"\b(?P<count>two|three|four|five|ten|\d)-year\b(?= (?:plan|program|programme|commitment|investment|spending|capex|budget))",
        lambda g, w: _years_from_now(_n(g["count"]), w),
        "-year",
        flags=re.I,
    ),
    _rule(
        "span_next_zh",
        r"未来(?P<count>[一二两三四五六七八九十\d]+)年|(?P<count2>[一二两三四五六七八九十\d]+)年(?:内|间)",
        lambda g, w: _years_from_now(_n(g["count"] or g["count2"]), w),
        "年",
    ),
    _rule(
        "span_next_en",
        r"\bover the (?:next|coming) (?P<count>two|three|four|five|six|ten|\d) (?:years|yrs)|\b(?:over|in|within) (?P<count2>two|three|four|five|\d) (?:years|yrs)\b|\bin the next (?P<count3>two|three|four|five|\d) (?:years|yrs)",
        lambda g, w: _years_from_now(_n(g["count"] or g["count2"] or g["count3"]), w),
        flags=re.I,
    ),
    _rule(
        "half_zh",
        rf"(?:(?P<year>{Y})年|(?P<rel>今年|去年|明年))?(?P<half>上|下)半年",
        lambda g, w: (
            f"{int(g['year']) if g['year'] else w.year(g['rel'])}H{1 if g['half'] == '上' else 2}"
        ),
        "半年",
    ),
    _rule(
        "half_en",
        rf"\b(?P<which>first|second) half(?: of)? (?:(?P<year>{Y})|(?P<rel>this|last|next) year)|\b(?P<half>H[12]) ?(?P<half_year>{Y})|\b(?P<year2>{Y}) ?(?P<half2>H[12])",
        _half_en,
        ("half", "h1", "h2"),
        flags=re.I,
    ),
    _rule(
        "quarter_zh",
        rf"(?:(?P<year>{Y})年|(?P<rel>今年|去年|明年))(?:第)?(?P<quarter>[一二三四1-4])季度|(?P<q_year>{Y})年?Q(?P<q>[1-4])",
        _quarter_zh,
        ("季", "q"),
    ),
    _rule(
        "quarter_bare_zh",
        r"(?:第)?(?P<ordinal>[一二三四1-4])季(?:度)?(?!末)",
        lambda g, w: _nearest_fiscal_quarter(_n(g["ordinal"]), w, 12),
        "季",
    ),
    _rule(
        "quarter_en",
        rf"\b(?:the )?(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?: of)? (?P<year>{Y})|\bQ(?P<q>[1-4]) ?(?:of )?(?P<q_year>{Y})|\b(?P<year_q>{Y}) ?Q(?P<q2>[1-4])\b|\b(?P<q3>[1-4])Q ?'?(?P<short_year>\d{{2}})\b|(?<![\d.])(?P<short_year2>[12]\d)Q(?P<q4>[1-4])(?![0-9A-Za-z])",
        _quarter_en,
        ("quarter", "q"),
        flags=re.I,
    ),
    _rule(
        "quarter_month_en",
        rf"\bthe (?P<month>March|June|September|December) quarter(?: of (?P<year>{Y}))?",
        _quarter_named_by_month,
        "quarter",
        flags=re.I,
    ),
    _rule(
        "quarter_months_en",
        r"\b(?:January|April|July|October)[- ](?P<month>March|June|September|December) quarter",
        _quarter_named_by_month,
        "quarter",
        flags=re.I,
    ),
    _rule(
        "quarter_bare_en",
        r"\b(?P<ordinal>first|second|third|fourth)[- ]quarter\b",
        _quarter_bare,
        "quarter",
        flags=re.I,
    ),
    _rule(
        "quarter_bare_q",
        r"(?<![\w-])Q(?P<ordinal>[1-4])(?![\w-])",
        lambda g, w: _nearest_fiscal_quarter(int(g["ordinal"] or 0), w),
        "q",
    ),
    _rule(
        "quarter_months_zh",
        rf"(?P<year>{Y})年(?:1|4|7|10)[-至~](?P<month>3|6|9|12)月",
        lambda g, w: f"{g['year']}Q{int(g['month'] or 0) // 3}",
        "月",
        needs_year=True,
    ),
    _rule(
        "asof_year_end_en",
        rf"\b(?:end-|year-end |end of )(?P<year>{Y})\b",
        lambda g, w: f"asof:{g['year']}-12-31",
        "end",
        needs_year=True,
        flags=re.I,
    ),
    _rule(
        "asof_year_end_zh",
        rf"(?P<year>{Y})年(?:底|末)",
        lambda g, w: f"asof:{g['year']}-12-31",
        "年",
        needs_year=True,
    ),
    _rule(
        "prior_same_period",
        r"去年同期|上年同期|\b(?:in )?the (?:same quarter|same period|year-earlier quarter|year-ago quarter|year-earlier period)(?: (?:a|one) year (?:earlier|ago|before))?|\ba year (?:earlier|ago)\b",
        lambda g, w: None,
        ("同期", "same", "year-", "ago", "earlier"),
        flags=re.I,
    ),
    _rule(
        "same_period",
        r"该季度|当季|本季度|本季|季内|该季|\bthe (?:same )?(?:quarter|period)\b|\bin the period\b",
        lambda g, w: None,
        ("季", "quarter", "period"),
        flags=re.I,
    ),
    _rule(
        "months_to_en",
        rf"\b(?:three|3) months (?:to|ended|ending|through) (?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (?:\d{{1,2}})(?:,? (?P<year>{Y}))?",
        _quarter_named_by_month,
        "months",
        flags=re.I,
    ),
    _rule(
        "year_zh",
        rf"(?P<year>{Y})年(?![0-9]{{1,2}}月)|(?P<year2>{Y})(?=年?全年)",
        _first("year", "year2"),
        "年",
        needs_year=True,
    ),
    _rule(
        "asof_rel_year_end_zh",
        r"(?:到|至|截至)?(?P<rel>今年|明年|去年)?年?(?:年底|年末)(?:前)?",
        lambda g, w: f"asof:{w.year(g['rel'])}-12-31",
        "年",
    ),
    _rule(
        "rel_year_zh",
        r"(?P<rel>今年|明年|去年|昨年)(?!\d{1,2}月)",
        lambda g, w: str(w.year(g["rel"])),
        "年",
    ),
    _rule(
        "year_en",
        rf"\b(?:in|for|of|during|through|by|to) (?:calendar )?(?P<year>{Y})\b|\b(?P<year2>{Y})(?= (?:capex|capital|spending|budget|revenue|guidance|outlay|investment|plan))|(?<=\b[Ii]n )(?P<year3>{Y})",
        _first("year", "year2", "year3"),
        needs_year=True,
        flags=re.I,
    ),
    _rule(
        "rel_year_en",
        r"\b(?P<rel>this|next|last) year\b|\b(?:the|this) current year\b|\bthe (?P<coming>coming) year\b|"
        rf"\bthe (?P<ahead>year ahead)\b|\bfull[- ]year\b|\bfor the year\b(?! (?:ended|ending|to (?:{MONTH_EN})))",
        lambda g, w: str(w.year(g["rel"] or g["coming"] or g["ahead"])),
        "year",
        flags=re.I,
    ),
    _rule(
        "year_bare",
        r"(?<![\d.,$])(?P<year>20[12]\d)(?![\d,%])",
        _first("year"),
        needs_year=True,
    ),
    _rule(
        "full_year",
        r"全年|\bfull[- ]year\b|\bthe (?:whole|entire) year\b",
        _full_year,
        ("全年", "full", "whole", "entire"),
        flags=re.I,
    ),
)
RULES_BY_KIND = {rule.kind: rule for rule in RULES}

_LATIN = re.compile(r"[A-Za-z]")
_YEAR = re.compile(r"20\d{2}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def find_periods(sentence: str) -> list[PeriodMention]:
    """Period mentions in reading order; an earlier, more specific rule masks later ones."""
    taken: list[tuple[int, int]] = []
    found: list[PeriodMention] = []
    has = {
        "en": _LATIN.search(sentence) is not None,
        "zh": _CJK.search(sentence) is not None,
        "": True,
    }
    year = _YEAR.search(sentence) is not None
    lowered = sentence.lower()
    for rule in RULES:
        if not has[rule.script] or (rule.needs_year and not year):
            continue
        # Checking a literal first skips most rules for most sentences.
        if rule.needs and not any(word in lowered for word in rule.needs):
            continue
        for match in rule.pattern.finditer(sentence):
            span = (match.start(), match.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            found.append(
                PeriodMention(
                    span[0], span[1], rule.kind, match.groupdict(), rule.kind == "same_period"
                )
            )
    return sorted(found, key=lambda p: p.start)


def resolve(
    mention: PeriodMention, published: date, fy_end_month: int = 12, forward: bool = False
) -> str | None:
    """The contract label of a period mention, or None when it names no usable period."""
    return RULES_BY_KIND[mention.kind].label(mention.groups, When(published, fy_end_month, forward))
