"""The DuckDB functions dbt's models call for period labels give what the extractor's Python
gives, on every label form and fiscal year end, because they are the same code."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from ingest.reference.periods import fiscal_year_of, period_bounds, period_label
from ingest.reference.sec_archives import filing_folder_url
from ingest.warehouse.functions import register_warehouse_functions

LABELS = [
    *(
        f"{prefix}{year}{part}"
        for prefix in ("", "FY")
        for year in (2024, 2025, 2026)
        for part in ("", "Q1", "Q2", "Q3", "Q4", "H1", "H2")
    ),
    "2025-2027",
    "asof:2024-12-31",
    "not a label",
]


@pytest.fixture
def connection():
    connection = duckdb.connect(":memory:")
    register_warehouse_functions(connection)
    yield connection
    connection.close()


def test_period_bounds_in_sql_equal_python(connection):
    rows = connection.execute(
        "select label, fy_end, period_start_date(label, fy_end), period_end_date(label, fy_end) "
        "from unnest(?) as l(label), range(1, 13) as m(fy_end)",
        [LABELS],
    ).fetchall()
    assert len(rows) == len(LABELS) * 12
    for label, fy_end, start, end in rows:
        assert period_bounds(label, fy_end) == ((start, end) if start else None), (label, fy_end)


def test_fiscal_labels_and_years_in_sql_equal_python(connection):
    rows = connection.execute(
        "select fy_end, quarter, fiscal_period_label(2025, fy_end, quarter), "
        "fiscal_year_of(date '2025-08-15', fy_end), fiscal_year_start_date(2025, fy_end), "
        "fiscal_year_end_date(2025, fy_end) "
        "from range(1, 13) as m(fy_end), (values (null), (1), (4)) as q(quarter)"
    ).fetchall()
    assert len(rows) == 36
    for fy_end, quarter, label, fiscal_year, start, end in rows:
        assert label == period_label(2025, fy_end, quarter=quarter)
        assert fiscal_year == fiscal_year_of(date(2025, 8, 15), fy_end)
        assert (start, end) == period_bounds(period_label(2025, fy_end), fy_end)
    june = {quarter: label for fy_end, quarter, label, *_ in rows if fy_end == 6}
    assert june == {None: "FY2025", 1: "FY2025Q1", 4: "FY2025Q4"}
    december = {quarter: label for fy_end, quarter, label, *_ in rows if fy_end == 12}
    assert december == {None: "2025", 1: "2025Q1", 4: "2025Q4"}


def test_null_arguments_give_null(connection):
    assert connection.execute(
        "select period_end_date(null, 6), period_end_date('FY2025', null), "
        "fiscal_period_label(null, 6, 1)"
    ).fetchone() == (None, None, None)


def test_a_filing_links_to_its_folder_on_the_archives(connection):
    url = connection.execute(
        "select sec_filing_folder_url(789019, '0000950170-25-061046')"
    ).fetchone()[0]
    assert url == "https://www.sec.gov/Archives/edgar/data/789019/000095017025061046/"
    assert url == filing_folder_url(789019, "0000950170-25-061046") + "/"
