"""The facts of a stored exchange announcement (see `paged_text`), each with its page and, for a
table figure, its cell: what the extraction step runs for an exchange announcement.

The running text is read by the news extractor (`extract_facts`), offsets kept, so a sentence's
page is where it stands. Tables are read here, row by row: a row whose label names a target
figure (data/table_rows.tsv: capital expenditure, cloud revenue) gives one fact per column whose
header names a period, scaled by the unit the table or the lines above it state ("RMB in
millions", "人民币百万元", "单位：亿元", read by the extractor's `units`). A table's figures
are the issuer's own and reported, so they are `actual` unless the column is after the filing.
Imports only the extractor and the stored form (`ingest.land.paged_text`), like the rest of the
extraction step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ingest.extract.assemble import Fact, confidence_of, extract_facts, signals
from ingest.extract.entities import entity_type, fiscal_year_end_month, is_tracked, lexicon_rows
from ingest.extract.numbers import find_quantities
from ingest.extract.periods import find_periods, resolve
from ingest.extract.units import Unit, heading_unit, unit_statement
from ingest.land.paged_text import (
    PAGE_BREAK,
    StoredRow,
    StoredTable,
    page_at,
    running_text,
    stored_tables,
)
from ingest.reference.periods import fiscal_year_of, period_end, period_label

# Lines above a table searched for its unit statement ("(RMB in millions)").
_UNIT_LOOKBACK_LINES = 4
_AMOUNT = re.compile(
    r"^(?P<open>[(（])?\s*-?(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*[)）]?$"
)
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_MONTHS_EN = {"three": 3, "six": 6, "nine": 9, "twelve": 12}
_MONTHS_ZH = {
    "三个月": 3,
    "三個月": 3,
    "六个月": 6,
    "六個月": 6,
    "九个月": 9,
    "九個月": 9,
    "年度": 12,
}
_ENDED_EN = re.compile(
    r"\b(?P<span>three|six|nine|twelve) months ended (?P<d>\d{1,2}) (?P<m>[A-Za-z]+),? (?P<y>20\d{2})"
    r"|\byear ended (?P<yd>\d{1,2}) (?P<ym>[A-Za-z]+),? (?P<yy>20\d{2})",
    re.I,
)
_ENDED_ZH = re.compile(
    r"截至(?P<y>20\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日止(?P<span>三个月|三個月|六个月|六個月|九个月|九個月|年度)"
)
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


@dataclass
class LocatedFact:
    fact: Fact
    page: int | None  # 1-based; None for a text without pages
    cell: str | None  # "<row label> | <column label>" for a table figure


@lru_cache(maxsize=1)
def _row_metrics() -> dict[str, tuple[str, str | None]]:
    return {
        label.casefold(): (metric, segment or None)
        for label, metric, segment in lexicon_rows("table_rows.tsv")
    }


def row_metric(label: str) -> tuple[str, str | None] | None:
    """(metric, segment) of a row label, or None: note marks and brackets are dropped first, and
    a bilingual label ("资本开支 Capital expenditure") is read in either language."""
    key = " ".join(_BRACKETED.sub(" ", label).strip(" *:：").casefold().split())
    chinese = "".join(_CJK.findall(key))
    latin = " ".join(_CJK.sub(" ", key).strip(" *:：").split())
    return next(
        (_row_metrics()[k] for k in (key, chinese, latin) if k in _row_metrics()),
        None,
    )


def _span_label(months: int, end: date, fy_end: int) -> str | None:
    year = fiscal_year_of(end, fy_end)
    quarter = ((end.month - fy_end - 1) % 12) // 3 + 1
    if months == 12:
        return period_label(year, fy_end)
    if months == 3:
        return period_label(year, fy_end, quarter=quarter)
    if months == 6 and quarter in {2, 4}:
        return period_label(year, fy_end, half=quarter // 2)
    return None  # nine months: no label of the contract


def column_period(header: str, published: date, fy_end: int) -> str | None:
    """The period a column header names: "2025", "2025年", "Q3 2025", "Three months ended 30
    September 2025", "截至2025年6月30日止六个月"."""
    for match in _ENDED_EN.finditer(header):
        try:
            if match.group("span"):
                months = _MONTHS_EN[match.group("span").casefold()]
                end = _end_date(match.group("y"), match.group("m"), match.group("d"))
            else:
                months = 12
                end = _end_date(match.group("yy"), match.group("ym"), match.group("yd"))
        except (KeyError, ValueError):
            continue
        return _span_label(months, end, fy_end)
    for match in _ENDED_ZH.finditer(header):
        try:
            end = date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        except ValueError:
            continue
        return _span_label(_MONTHS_ZH[match.group("span")], end, fy_end)
    for mention in find_periods(header):
        label = resolve(mention, published, fy_end)
        if label and not label.startswith("asof:"):
            return label
    return None


def _end_date(year: str, month: str, day: str) -> date:
    return date(int(year), _MONTH_NAMES[month.casefold()], int(day))


def _stated_unit(text: str) -> Unit | None:
    return unit_statement(text) or heading_unit(text)


def _table_unit(table: StoredTable, text: str, running: str) -> Unit | None:
    """The unit a table's own cells state, or else the lines just above it on its page."""
    for row in table.rows[:3]:
        for cell in row.cells:
            unit = _stated_unit(cell)
            if unit is not None:
                return unit
    page_start = text.rfind(PAGE_BREAK, 0, table.start) + 1
    above = [line for line in running[page_start : table.start].splitlines() if line.strip()]
    for line in reversed(above[-_UNIT_LOOKBACK_LINES:]):
        unit = _stated_unit(line)
        if unit is not None:
            return unit
    return None


def _amount(cell: str, unit: Unit | None) -> tuple[float, str] | None:
    """(value, currency) of a money cell under the table's unit; None for any other cell."""
    match = _AMOUNT.match(cell.strip())
    if match is not None:
        text = f"{unit.before}{match.group('n')}{unit.after}" if unit else match.group("n")
    elif "%" in cell:
        return None
    else:
        text = cell  # a cell that writes its own unit ("人民币1,640亿元")
    money = [q for q in find_quantities(text) if re.fullmatch(r"[A-Z]{3}", q.unit)]
    return (abs(money[0].value), money[0].unit) if money else None


def _header(table: StoredTable, published: date, fy_end: int) -> tuple[int, dict[int, str]]:
    """The index of the header row and the period of each of its columns."""
    for index, row in enumerate(table.rows[:4]):
        periods = {
            j: label
            for j, cell in enumerate(row.cells)
            if j and (label := column_period(cell, published, fy_end))
        }
        if periods:
            return index, periods
    return -1, {}


def _row_facts(
    table: StoredTable,
    row: StoredRow,
    header: StoredRow,
    periods: dict[int, str],
    unit: Unit | None,
    issuer: str,
    published: date,
    text: str,
) -> list[LocatedFact]:
    label = next((c for c in row.cells if c.strip()), "")
    found = row_metric(label)
    if found is None:
        return []
    metric, segment = found
    fy_end = fiscal_year_end_month(issuer)
    facts = []
    for j, period in periods.items():
        if j >= len(row.cells):
            continue
        amount = _amount(row.cells[j], unit)
        if amount is None:
            continue
        end = period_end(period, fy_end)
        kind = "plan" if end is not None and end > published else "actual"
        features = signals("clause", True, period, kind, False, is_tracked(issuer))
        fact = Fact(
            entity=issuer,
            metric=metric,
            value=amount[0],
            unit=amount[1],
            bound="exact",
            period=period,
            kind=kind,
            yoy=None,
            segment=segment,
            precision=None,
            evidence=text[row.start : row.end],
            confidence=confidence_of(features),
            char_start=row.start,
            char_end=row.end,
            entity_type=entity_type(issuer),
            signals=features,
        )
        cell = f"{label.strip()} | {header.cells[j].strip()}"
        facts.append(LocatedFact(fact, table.page, cell))
    return facts


def table_facts(text: str, published: date, issuer: str) -> list[LocatedFact]:
    running = running_text(text)
    fy_end = fiscal_year_end_month(issuer)
    facts: list[LocatedFact] = []
    for table in stored_tables(text):
        index, periods = _header(table, published, fy_end)
        if index < 0:
            continue
        unit = _table_unit(table, text, running)
        header = table.rows[index]
        for row in table.rows[index + 1 :]:
            facts.extend(_row_facts(table, row, header, periods, unit, issuer, published, text))
    return facts


def announcement_facts(text: str, published: date, issuer: str | None) -> list[LocatedFact]:
    """Every fact of a stored announcement: its sentences' and, when its issuer is known, its
    tables' (a table's figures are the issuer's; its rows do not name it)."""
    facts = [
        LocatedFact(fact, page_at(text, fact.char_start), None)
        for fact in extract_facts(running_text(text), published, issuer=issuer)
    ]
    if issuer:
        facts.extend(table_facts(text, published, issuer))
    return facts
