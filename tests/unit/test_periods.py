from datetime import date

import pytest

from ingest.extract import extract_facts
from ingest.extract.periods import find_periods, resolve
from ingest.extract.textnorm import normalise
from ingest.reference.periods import period_bounds, period_end


def labels(
    text: str, published: date, fy_end_month: int = 12, forward: bool = False
) -> list[str | None]:
    return [resolve(m, published, fy_end_month, forward) for m in find_periods(normalise(text))]


MARCH_2025 = date(2025, 3, 4)


@pytest.mark.parametrize(
    ("text", "fy_end", "expected"),
    [
        ("未来三年将投入", 3, "2025-2027"),
        ("四年内计划投资", 12, "2025-2028"),
        ("截至2024年底", 12, "asof:2024-12-31"),
        ("截止去年11月末", 12, "asof:2024-11-30"),
        ("第三财季财报", 3, "FY2025Q3"),
        ("2025财年第三季度", 3, "FY2025Q3"),
        ("今年", 12, "2025"),
        ("明年", 12, "2026"),
        ("下半年", 12, "2025H2"),
        ("in fiscal 2025", 6, "FY2025"),
        ("the fiscal second quarter", 6, "FY2025Q2"),
        ("the December quarter", 3, "FY2025Q3"),
        ("over the next three years", 12, "2025-2027"),
        ("2025-27", 12, "2025-2027"),
        ("FY25 Q3", 6, "FY2025Q3"),
        ("this fiscal year", 6, "FY2025"),
        ("the fourth quarter of 2024", 12, "2024Q4"),
        ("fiscal 2025", 12, "2025"),
        ("in the year ahead", 12, "2026"),
        ("its fiscal Q2 2025 quarter", 6, "FY2025Q2"),
        ("by late 2024", 12, "asof:2024-12-31"),
        ("in the coming year", 12, "2026"),
        ("the current year", 12, "2025"),
        ("capital spending plans for the year", 12, "2025"),
        ("in Q4", 12, "2024Q4"),
        ("Q4 资本支出", 6, "FY2024Q4"),
    ],
)
def test_resolve(text, fy_end, expected):
    assert labels(text, MARCH_2025, fy_end)[0] == expected


def test_guidance_quarter_looks_forward():
    assert labels("第三财季", MARCH_2025, 3, forward=True)[0] == "FY2026Q3"


@pytest.mark.parametrize(
    ("label", "fy_end", "end"),
    [
        ("FY2025", 6, date(2025, 6, 30)),
        ("FY2025Q3", 3, date(2024, 12, 31)),
        ("2025Q4", 12, date(2025, 12, 31)),
        ("2025H1", 12, date(2025, 6, 30)),
        ("2025-2027", 12, date(2027, 12, 31)),
        ("asof:2024-11-30", 12, date(2024, 11, 30)),
    ],
)
def test_period_end(label, fy_end, end):
    assert period_end(label, fy_end) == end


@pytest.mark.parametrize(
    ("label", "fy_end", "bounds"),
    [
        ("FY2025", 6, (date(2024, 7, 1), date(2025, 6, 30))),
        ("FY2025Q3", 3, (date(2024, 10, 1), date(2024, 12, 31))),
        ("FY2026Q1", 1, (date(2025, 2, 1), date(2025, 4, 30))),
        ("FY2026", 5, (date(2025, 6, 1), date(2026, 5, 31))),
        ("FY2025H2", 6, (date(2025, 1, 1), date(2025, 6, 30))),
        ("FY2025H1", 3, (date(2024, 4, 1), date(2024, 9, 30))),
        ("FY2025", 12, (date(2025, 1, 1), date(2025, 12, 31))),
        # A label without FY is a calendar period, whatever the company's fiscal year.
        ("2025Q1", 6, (date(2025, 1, 1), date(2025, 3, 31))),
        ("2025", 3, (date(2025, 1, 1), date(2025, 12, 31))),
        ("2025H2", 12, (date(2025, 7, 1), date(2025, 12, 31))),
        ("2025-2027", 12, (date(2025, 1, 1), date(2027, 12, 31))),
        ("asof:2024-12-31", 12, (date(2024, 12, 31), date(2024, 12, 31))),
        ("asof:2024-02-30", 12, None),
        ("FY2025Q5", 6, None),
        ("25Q1", 12, None),
        ("", 12, None),
    ],
)
def test_period_bounds(label, fy_end, bounds):
    assert period_bounds(label, fy_end) == bounds


def test_same_time_is_not_same_period():
    assert [m.kind for m in find_periods("百度完成收购的同期,宣布将16亿美元")] == []


def test_the_year_a_figure_grew_from_is_a_comparison():
    text = "2024年,中国电信算力投资将从2023年的195亿元增加到370亿元。"
    facts = extract_facts(text, date(2024, 3, 20))
    assert {f.value: f.period for f in facts}[3.7e10] == "2024"


def test_broker_notes_write_the_quarter_after_a_two_digit_year():
    assert labels("公司25Q3实现营收", date(2025, 11, 20)) == ["2025Q3"]
    assert labels("ready for service in Q4 of 2025", date(2025, 8, 29)) == ["2025Q4"]
