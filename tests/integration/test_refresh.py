"""End to end on the embedded default: sample sources → raw Parquet → dbt on DuckDB → marts,
through the `infratrack` CLI, into a temporary data folder."""

import contextlib
import io
import json

import duckdb
import pytest

from ingest.land.rawstore import RawStore
from ingest.review.log import reviews_of
from orchestration.cli import main
from tests.refreshes import copy_data_dir
from tests.repo_files import changed_files, tracked_file_hashes

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, sample_data_dir):
    """From the shared refresh of the sample: refresh again, correct a fact the way an analyst
    would, refresh again (the rebuild must keep both the row counts and the correction). The
    reviews land in this data folder; the checkout's tracked files must stay as they were."""
    path = copy_data_dir(sample_data_dir, tmp_path_factory.mktemp("refresh") / "data")
    tracked_before = tracked_file_hashes()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INFRATRACK_DATA_DIR", str(path))
        patch.setenv("DAGSTER_HOME", str(path / "dagster_home"))
        first_counts = table_counts(path)
        first_content = mart_content(path)
        FIRST_CONFLICTS.extend(query(path, "select * from fct_fact_conflicts"))
        assert main(["refresh", "--quiet"]) == 0
        SECOND_COUNTS.update(table_counts(path))
        SAME_CONTENT.append(mart_content(path) == first_content)
        (misprint,) = query(
            path,
            "select fact_id from fct_capex where entity = 'Alphabet' and value_native = 57e9",
        )
        REVIEWED["fact_id"] = misprint["fact_id"]
        review = [
            "review",
            "correct",
            misprint["fact_id"],
            "value=75000000000",
            "--by",
            "Test Analyst",
            "--why",
            "content-farm misprint of the 75bn guidance",
        ]
        with contextlib.redirect_stdout(io.StringIO()) as said:
            assert main(review) == 0
        REVIEW_MESSAGES.append(said.getvalue())
        DISCOVERED.extend(
            query(path, "select * from dim_company where origin = 'discovered' order by entity")
        )
        merge = [
            "review",
            "merge",
            "黔云智算科技",
            "Northwind Compute",
            "--by",
            "Test Analyst",
            "--why",
            "a merge applied on every build (two fictional outlets' names for one firm)",
        ]
        assert main(merge) == 0
        assert main(["refresh", "--quiet"]) == 0
        CHANGED_TRACKED_FILES.extend(changed_files(tracked_before, tracked_file_hashes()))
        patch.setattr("tests.integration.test_refresh.FIRST_COUNTS", first_counts, raising=False)
        yield path


REVIEWED: dict[str, str] = {}
REVIEW_MESSAGES: list[str] = []
CHANGED_TRACKED_FILES: list[str] = []
DISCOVERED: list[dict] = []
FIRST_CONFLICTS: list[dict] = []
SECOND_COUNTS: dict[str, int] = {}
SAME_CONTENT: list[bool] = []


def mart_content(path) -> dict[str, int]:
    """A fingerprint of every mart's rows: a rebuild on the same raw data must not change one."""
    with duckdb.connect(str(path / "published" / "infratrack.duckdb"), read_only=True) as con:
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' and table_type = 'BASE TABLE'"
        ).fetchall()
        return {
            t: con.execute(f"select bit_xor(hash({t})) from {t}").fetchall()[0][0]
            for (t,) in tables
        }


FIRST_COUNTS: dict[str, int] = {}


def table_counts(path) -> dict[str, int]:
    with duckdb.connect(str(path / "published" / "infratrack.duckdb"), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()
        counts = {
            name: con.execute(f"select count(*) from {name}").fetchall()[0][0] for (name,) in tables
        }
        counts["raw_documents"] = con.execute(
            "select count(*) from staging.stg_news__documents"
        ).fetchall()[0][0]
        counts["raw_sec"] = con.execute(
            "select count(*) from staging.stg_sec__fact_vintages"
        ).fetchall()[0][0]
        counts["raw_facts"] = con.execute(
            "select count(*) from staging.stg_news__extracted_facts"
        ).fetchall()[0][0]
        counts["errors"] = con.execute(
            "select count(*) from staging.stg_news__fetch_errors"
        ).fetchall()[0][0]
    return counts


def query(data_dir, sql: str) -> list[dict]:
    with duckdb.connect(str(data_dir / "published" / "infratrack.duckdb"), read_only=True) as con:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_second_refresh_changes_no_row_count(data_dir):
    assert FIRST_COUNTS and SECOND_COUNTS == FIRST_COUNTS
    assert SAME_CONTENT == [True], "the marts are rebuilt identically from the same raw data"
    raw_files = list((data_dir / "raw").rglob("part-*.parquet"))
    assert raw_files, "raw landed as Parquet"


def test_alibaba_three_year_plan_with_its_sources(data_dir):
    rows = query(
        data_dir,
        "select * from fct_capex where entity = 'Alibaba' and value_native = 380e9 and period_label = '2025-2027' and kind = 'plan'",
    )
    assert rows
    row = rows[0]
    assert row["currency"] == "CNY"
    assert (str(row["period_start_date"]), str(row["period_end_date"])) == (
        "2025-01-01",
        "2027-12-31",
    )
    assert 45e9 < row["value_usd"] < 60e9
    assert row["fx_rule"] == "rate_at_announcement"
    assert row["n_sources"] >= 2
    assert all(url.startswith("https://") for url in row["source_urls"])


def test_microsoft_plan_from_news_and_actuals_from_filings(data_dir):
    plan = query(
        data_dir,
        "select * from fct_capex where entity = 'Microsoft' and kind = 'plan' and period_label = 'FY2025' and value_native = 80e9",
    )
    assert plan and plan[0]["source_type"] == "news"
    assert (str(plan[0]["period_start_date"]), str(plan[0]["period_end_date"])) == (
        "2024-07-01",
        "2025-06-30",
    )
    quarters = query(
        data_dir,
        "select period_label, value_native from fct_capex where entity = 'Microsoft' and source_type = 'filing' "
        "and period_label like 'FY2025Q%' order by period_label",
    )
    assert [(r["period_label"], r["value_native"]) for r in quarters] == [
        ("FY2025Q1", 14_923e6),
        ("FY2025Q2", 15_804e6),
        ("FY2025Q3", 16_745e6),
        ("FY2025Q4", 17_079e6),
    ]


def test_filings_keep_native_currency_and_skip_convenience_rows(data_dir):
    rows = query(
        data_dir,
        "select currency, fx_rule, value_usd, value_native from fct_capex where entity = 'Alibaba' and source_type = 'filing' and period_label = 'FY2025'",
    )
    assert [r["currency"] for r in rows] == ["CNY"]
    assert rows[0]["fx_rule"] == "period_average"
    assert 0.12 < rows[0]["value_usd"] / rows[0]["value_native"] < 0.15


def test_revenue_compute_accelerators_power(data_dir):
    cloud = query(
        data_dir,
        "select * from fct_revenue where entity = 'Alibaba' and segment = 'cloud' and value_native = 31.7e9",
    )
    assert any(r["period_label"] == "FY2025Q3" and r["kind"] == "actual" for r in cloud)
    assert query(
        data_dir,
        "select 1 from fct_revenue where entity = 'Microsoft' and source_type = 'filing' and period_label = 'FY2025'",
    )
    forecast = query(
        data_dir,
        "select * from fct_compute_capacity where entity = 'China' and capacity_eflops = 1037.3",
    )
    assert any(
        r["kind"] == "forecast" and r["period_label"] == "2025" and r["scope"] == "national_total"
        for r in forecast
    )
    mobile = query(
        data_dir,
        "select * from fct_compute_capacity where entity = 'China Mobile' and capacity_eflops = 29.2",
    )
    assert any(r["precision"] == "FP16" and r["period_label"] == "asof:2024-12-31" for r in mobile)
    assert query(
        data_dir,
        "select 1 from fct_accelerator_counts where entity = 'xAI' and accelerator_count = 200000",
    )
    assert query(
        data_dir, "select 1 from fct_power_capacity where entity = 'Stargate' and power_mw = 1200"
    )


def test_dimensions(data_dir):
    (msft,) = query(data_dir, "select * from dim_company where entity = 'Microsoft'")
    assert (
        msft["fiscal_year_end_month"] == 6
        and msft["sec_cik"] == 789019
        and "微软" in msft["aliases_zh"]
    )
    documents = query(
        data_dir,
        "select source_type, count(*) as n from staging.stg_news__documents group by 1",
    )
    # The sample: 38 news pages, Meta's 8-K release (exhibit 99.1), two HKEX results
    # announcements and China Mobile's first-quarter report filed with SSE.
    landed = {"news": 38, "press_release": 1, "exchange_announcement": 3}
    assert {r["source_type"]: r["n"] for r in documents} == landed
    kinds = query(
        data_dir, "select source_type, count(*) as n from dim_source group by 1 order by 1"
    )
    by_type = {r["source_type"]: r["n"] for r in kinds}
    # Every landed document is a source, beside the filings.
    assert by_type.pop("filing") > 0
    assert by_type == landed


def test_failed_pages_are_recorded(data_dir):
    errors = query(
        data_dir, "select stage, reason from staging.stg_news__fetch_errors order by stage"
    )
    assert [e["stage"] for e in errors] == ["fetch", "parse", "relevance"]


def test_warehouse_opens_in_duckdb_1x_format(data_dir):
    with duckdb.connect(str(data_dir / "published" / "infratrack.duckdb"), read_only=True) as con:
        (version,) = con.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
        ).fetchall()[0]
    assert version is None or version.startswith("v1.")


def test_cli_sql_formats_and_errors(data_dir, capsys, monkeypatch):
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(data_dir))
    assert (
        main(
            [
                "sql",
                "select entity, fiscal_year_end_month from dim_company where entity = 'Alibaba'",
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == {"entity": "Alibaba", "fiscal_year_end_month": 3}
    assert main(["sql", "select count(*) as n from fct_capex", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("n\n")
    assert main(["sql", "selec nothing"]) == 2
    assert "SQL error" in capsys.readouterr().err
    assert main(["sql", "delete from fct_capex"]) == 2
    assert "read-only" in capsys.readouterr().err
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(data_dir / "nowhere"))
    assert main(["sql", "select 1"]) == 2
    assert "no warehouse" in capsys.readouterr().err


def test_analyst_correction_survives_the_rebuild(data_dir):
    # The misprinted $57bn is gone; corrected to $75bn it is the same fact as the other reports.
    assert not query(
        data_dir, "select 1 from fct_capex where entity = 'Alphabet' and value_native = 57e9"
    )
    (row,) = query(
        data_dir,
        "select * from fct_capex where entity = 'Alphabet' and value_native = 75e9 and period_label = '2025' and kind = 'plan'",
    )
    assert (row["review_state"], row["reviewer"]) == ("corrected", "Test Analyst")
    assert "misprint" in row["review_reason"]
    assert any("kuaibao365" in url for url in row["source_urls"])


def test_reviews_land_in_the_data_folder_and_leave_the_checkout_alone(data_dir):
    (review,) = reviews_of(REVIEWED["fact_id"], RawStore(data_dir / "raw"))
    assert (review["action"], review["value"], review["reviewer"]) == (
        "correct",
        75e9,
        "Test Analyst",
    )
    (message,) = REVIEW_MESSAGES
    assert f"recorded as review 1 in {data_dir / 'raw' / 'raw_fact_reviews'}." in message
    assert CHANGED_TRACKED_FILES == [], "a refresh or a review changed tracked files"


def test_low_confidence_facts_are_flagged_for_review(data_dir):
    states = {
        r["review_state"] for r in query(data_dir, "select distinct review_state from fct_capex")
    }
    assert {"auto_accepted", "needs_review", "corrected"} <= states
    low = query(
        data_dir, "select min(confidence) as c from fct_capex where review_state = 'auto_accepted'"
    )
    assert low[0]["c"] >= 0.6


def test_plan_versus_actual(data_dir):
    (msft,) = query(
        data_dir,
        "select * from fct_capex_plan_vs_actual where entity = 'Microsoft' and fiscal_year = 2025",
    )
    assert (msft["plan_low_native"], msft["plan_high_native"]) == (80e9, 80e9)
    assert msft["actual_native"] == 64_551e6 and msft["actual_status"] == "full year"
    assert msft["gap_native"] == pytest.approx(64_551e6 - 80e9)
    assert "PaymentsToAcquirePropertyPlantAndEquipment" in msft["actual_definition"]
    assert (str(msft["period_start_date"]), str(msft["period_end_date"])) == (
        "2024-07-01",
        "2025-06-30",
    )
    (baba,) = query(
        data_dir,
        "select * from fct_capex_plan_vs_actual where entity = 'Alibaba' and fiscal_year = 2025",
    )
    assert baba["currency"] == "CNY" and baba["actual_fx_rule"] == "period_average"
    assert baba["actual_fx_rate_date"] is not None
    assert baba["actual_usd"] == pytest.approx(
        baba["actual_native"] * baba["actual_fx_usd_per_unit"]
    )


def test_one_fact_for_the_same_plan_in_several_articles(data_dir):
    rows = query(
        data_dir,
        "select * from fct_capex where entity = 'Alphabet' and period_label = '2025' and value_native = 75e9 and kind = 'plan'",
    )
    assert len(rows) == 1
    urls = rows[0]["source_urls"]
    assert rows[0]["n_sources"] >= 2
    assert any("techwire.example/2025/02/05" in u for u in urls)
    assert any("caixun.example/usstock/2025-02-06" in u for u in urls)


def test_conflicting_report_is_flagged(data_dir):
    # Before the analyst's correction the content farm's $57bn stood against the $75bn.
    alphabet = [
        c for c in FIRST_CONFLICTS if c["entity"] == "Alphabet" and c["period_label"] == "2025"
    ]
    assert any({c["value_a"], c["value_b"]} == {75e9, 57e9} for c in alphabet)
    # After it, the corrected fact is no longer in conflict with the others.
    now = query(
        data_dir,
        "select * from fct_fact_conflicts where entity = 'Alphabet' and period_label = '2025'",
    )
    assert not any(57e9 in (c["value_a"], c["value_b"]) for c in now)


def test_content_farm_rewrite_is_a_near_duplicate(data_dir):
    (copy,) = query(
        data_dir,
        "select * from dim_source where url like '%kuaibao365.example/news/20250226/3402.html'",
    )
    (original,) = query(
        data_dir, f"select url from dim_source where source_id = '{copy['near_duplicate_of']}'"
    )
    assert original["url"].endswith("doc-inkz3800a.html")
    (plan,) = query(
        data_dir,
        "select n_sources, n_independent_sources from fct_capex where entity = 'Alibaba' and value_native = 380e9 "
        "and period_label = '2025-2027' and kind = 'plan'",
    )
    assert plan["n_independent_sources"] == plan["n_sources"] - 1


def test_guidance_history_keeps_every_revision(data_dir):
    history = query(
        data_dir,
        "select value_native, revision_number from fct_capex_guidance_history "
        "where entity = 'Alphabet' and period_label = '2025' and bound in ('exact', 'approx') order by revision_number",
    )
    values = [h["value_native"] for h in history]
    assert 75e9 in values and values[-1] == 85e9


def test_entities_no_seed_lists_are_discovered(data_dir):
    """The sample names a neocloud, a compute operator and a province that no lexicon lists."""
    found = {row["entity"]: row for row in DISCOVERED}
    assert set(found) == {"Northwind Compute", "黔云智算科技", "贵州"}
    assert found["贵州"]["entity_type"] == "region"
    assert found["Northwind Compute"]["first_seen_url"].endswith(
        "northwind-compute-amarillo-campus.html"
    )
    capex = query(
        data_dir,
        "select value_native, kind, confidence from fct_capex "
        "where entity = 'Northwind Compute' and currency = 'USD'",
    )
    assert [(r["value_native"], r["kind"]) for r in capex] == [(2.4e9, "plan")]
    # Found by its form, not known: its facts are less certain than a tracked company's.
    assert capex[0]["confidence"] < 0.9
    guizhou = query(
        data_dir,
        "select capacity_eflops, bound, period_label from fct_compute_capacity where entity = '贵州'",
    )
    assert [tuple(r.values()) for r in guizhou] == [(60.0, "at_least", "asof:2025-06-30")]


def test_an_entity_merge_survives_the_rebuild(data_dir):
    entities = {r["entity"] for r in query(data_dir, "select entity from dim_company")}
    assert "黔云智算科技" not in entities and "Northwind Compute" in entities
    merged = query(
        data_dir,
        "select capacity_eflops from fct_compute_capacity where entity = 'Northwind Compute'",
    )
    assert [r["capacity_eflops"] for r in merged] == [2.5]
