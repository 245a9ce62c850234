"""`infratrack sql` reads the warehouse and nothing else: each refused statement gets a one-line
reason, and the connection itself cannot reach the disk."""

from __future__ import annotations

import duckdb
import pytest

from ingest.warehouse.query import QueryRefused, run_query
from orchestration.cli import main


@pytest.fixture
def warehouse(tmp_path):
    """A warehouse with a mart table and a staging view over a raw Parquet file, as dbt builds."""
    raw = tmp_path / "raw" / "raw_extracted_facts"
    raw.mkdir(parents=True)
    path = tmp_path / "published.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table fct_capex as select 'Microsoft' as entity, 80e9 as value_usd")
        con.execute(f"copy (select 1 as fact_id) to '{raw / 'part-0.parquet'}' (format parquet)")
        con.execute("create schema staging")
        con.execute(
            f"create view staging.stg_facts as select * from read_parquet('{raw}/*.parquet')"
        )
    return path


def test_queries_over_the_marts_run(warehouse):
    result = run_query(warehouse, "select entity, value_usd from fct_capex")
    assert result.columns == ["entity", "value_usd"]
    assert result.rows == [("Microsoft", 80e9)]
    assert run_query(warehouse, "describe fct_capex").rows
    assert run_query(warehouse, "with t as (select 1 as x) select x from t").rows == [(1,)]


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("COPY fct_capex TO '{tmp}/out.csv'", "refused COPY: COPY reads or writes files"),
        ("EXPORT DATABASE '{tmp}/export'", "refused EXPORT: EXPORT DATABASE writes files"),
        ("ATTACH '{tmp}/other.duckdb' AS other", "refused ATTACH: ATTACH opens another database"),
        ("INSTALL httpfs", "refused INSTALL: extensions cannot be installed or loaded"),
        ("LOAD parquet", "refused LOAD: extensions cannot be installed or loaded"),
        ("SET enable_external_access = true", "refused SET: settings are locked"),
        ("PRAGMA enable_profiling", "refused PRAGMA"),
        ("CREATE TABLE planted AS SELECT 1", "refused CREATE: the warehouse is read-only"),
        ("select 1; COPY fct_capex TO '{tmp}/x.csv'", "refused COPY"),
        ("select * from read_csv('/etc/passwd')", "reaches outside the warehouse"),
        ("select * from read_text('/etc/passwd')", "reaches outside the warehouse"),
        ("select * from glob('/etc/*')", "reaches outside the warehouse"),
        ("select * from '{tmp}/raw/raw_extracted_facts/part-0.parquet'", "reaches outside"),
        ("select * from staging.stg_facts", "reaches outside the warehouse"),
    ],
)
def test_statements_that_touch_the_disk_are_refused(warehouse, tmp_path, sql, reason):
    with pytest.raises(QueryRefused) as refused:
        run_query(warehouse, sql.format(tmp=tmp_path))
    assert reason in str(refused.value)
    assert "\n" not in str(refused.value)
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "export").exists()


def test_the_planted_fact_attack_writes_nothing(warehouse, tmp_path, capsys):
    """A COPY into the raw layer would be published by the next refresh; it must not happen."""
    target = tmp_path / "raw" / "raw_extracted_facts" / "planted.parquet"
    query = f"COPY (select 'Microsoft' as entity, 999e9 as value) TO '{target}' (FORMAT parquet)"
    assert main(["sql", "--warehouse", str(warehouse), query]) == 2
    assert capsys.readouterr().err.startswith("infratrack: error: refused COPY:")
    assert not target.exists()


def test_a_long_query_is_stopped_at_the_timeout(warehouse):
    slow = "select count(*) from range(3000000000) a, range(10) b where (a.range * b.range) % 7 = 3"
    with pytest.raises(QueryRefused, match="timeout"):
        run_query(warehouse, slow, timeout_seconds=0.5)
