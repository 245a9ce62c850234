"""The period labels of the fact contract and their calendar bounds, for the extractor and the
warehouse alike (dbt calls these functions through the DuckDB functions that
`ingest.warehouse.functions` registers), so a label means the same dates on both sides.

Labels: `2025`, `FY2025`, `2025Q4`, `FY2025Q3`, `2025H1`, `FY2025H1`, `2025-2027`,
`asof:2024-12-31`. A fiscal year FYn ends in month `fy_end_month` of year n and starts the month
after, a year earlier. A company whose fiscal year is the calendar year gets calendar labels, so
`FY2025` of Alphabet is written `2025`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

CALENDAR_YEAR_END_MONTH = 12

_LABEL = re.compile(
    r"(?P<fiscal>FY)?(?P<year>\d{4})(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|-(?P<last_year>\d{4}))?"
)
_ASOF = re.compile(r"asof:(?P<day>\d{4}-\d{2}-\d{2})")


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_start(year: int, month_index: int) -> date:
    """The first day of a month counted from January of `year` (0-based, may pass December)."""
    return date(year + month_index // 12, month_index % 12 + 1, 1)


def fiscal_year_start(fiscal_year: int, fy_end_month: int) -> date:
    """The first day of fiscal year `fiscal_year` (FY2025 of a June year end: 2024-07-01)."""
    return _month_start(fiscal_year - 1, fy_end_month)


def fiscal_year_end(fiscal_year: int, fy_end_month: int) -> date:
    return last_day(fiscal_year, fy_end_month)


def fiscal_quarter_end(fiscal_year: int, quarter: int, fy_end_month: int) -> date:
    start = fiscal_year_start(fiscal_year, fy_end_month)
    last = _month_start(start.year, start.month - 1 + quarter * 3 - 1)
    return last_day(last.year, last.month)


def fiscal_year_of(day: date, fy_end_month: int) -> int:
    """The fiscal year a day falls in (named by the calendar year it ends in)."""
    return day.year if day.month <= fy_end_month else day.year + 1


def period_label(
    fiscal_year: int, fy_end_month: int, quarter: int | None = None, half: int | None = None
) -> str:
    """The label of a fiscal year, quarter or half: FY-prefixed unless the fiscal year is the
    calendar year."""
    prefix = "" if fy_end_month == CALENDAR_YEAR_END_MONTH else "FY"
    part = f"Q{quarter}" if quarter else f"H{half}" if half else ""
    return f"{prefix}{fiscal_year}{part}"


def period_bounds(
    label: str, fy_end_month: int = CALENDAR_YEAR_END_MONTH
) -> tuple[date, date] | None:
    """The first and last day of a labelled period, or None for a string that is no label. A
    label without FY is a calendar period whatever `fy_end_month` is."""
    if match := _ASOF.fullmatch(label):
        try:
            day = date.fromisoformat(match["day"])
        except ValueError:
            return None
        return day, day
    match = _LABEL.fullmatch(label)
    if match is None:
        return None
    year = int(match["year"])
    if match["last_year"]:
        return date(year, 1, 1), date(int(match["last_year"]), 12, 31)
    fy_end = fy_end_month if match["fiscal"] else CALENDAR_YEAR_END_MONTH
    start = fiscal_year_start(year, fy_end)
    if match["quarter"]:
        first_month, months = 3 * (int(match["quarter"]) - 1), 3
    elif match["half"]:
        first_month, months = 6 * (int(match["half"]) - 1), 6
    else:
        first_month, months = 0, 12
    first = _month_start(start.year, start.month - 1 + first_month)
    last = _month_start(first.year, first.month - 1 + months - 1)
    return first, last_day(last.year, last.month)


def period_start(label: str, fy_end_month: int = CALENDAR_YEAR_END_MONTH) -> date | None:
    bounds = period_bounds(label, fy_end_month)
    return bounds[0] if bounds else None


def period_end(label: str, fy_end_month: int = CALENDAR_YEAR_END_MONTH) -> date | None:
    """The last day of a labelled period (the extractor tells reported figures from plans by it)."""
    bounds = period_bounds(label, fy_end_month)
    return bounds[1] if bounds else None
