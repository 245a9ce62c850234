"""`infratrack export` and `infratrack sql --format parquet` on the warehouse a real refresh built:
every mart's rows, every column documented, and an export that replaces the last one whole."""

from __future__ import annotations

import csv
import json

import duckdb
import pyarrow.parquet as pq

from ingest.warehouse.files import MART_TABLES
from orchestration.cli import main


def _mart_counts(published) -> dict[str, int]:
    with duckdb.connect(str(published), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in MART_TABLES}


def test_export_writes_every_mart_with_its_rows(published, tmp_path, capsys):
    out = tmp_path / "export"
    assert main(["export", str(out), "--csv"]) == 0
    assert "exported 10 marts" in capsys.readouterr().out
    counts = _mart_counts(published)
    assert counts["fct_capex"] > 0 and counts["dim_company"] > 0
    for table, count in counts.items():
        assert pq.read_table(out / f"{table}.parquet").num_rows == count, table
        with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            assert sum(1 for _ in csv.reader(handle)) == count + 1, table
    with (out / "fct_capex.csv").open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert isinstance(json.loads(row["source_urls"]), list)
    capex = pq.read_table(out / "fct_capex.parquet")
    assert str(capex.schema.field("source_urls").type) == "list<element: string>"


def test_data_dictionary_documents_every_column_with_its_type_and_unit(published, tmp_path):
    out = tmp_path / "export"
    assert main(["export", str(out)]) == 0
    document = json.loads((out / "data_dictionary.json").read_text("utf-8"))
    tables = {t["table"]: t for t in document["tables"]}
    assert list(tables) == list(MART_TABLES)
    with duckdb.connect(str(published), read_only=True) as con:
        for name, table in tables.items():
            described = con.execute(f"describe {name}").fetchall()
            assert [(c["column"], c["type"]) for c in table["columns"]] == [
                (row[0], row[1]) for row in described
            ]
            assert table["description"], name
            assert all(c["description"] for c in table["columns"]), name
    capex_columns = {c["column"]: c for c in tables["fct_capex"]["columns"]}
    # A column the marts share is written once as a dbt docs block: every mart carries its
    # rendered text, never the doc() call.
    assert not any("doc(" in c["description"] for t in tables.values() for c in t["columns"])
    shared = capex_columns["evidence"]["description"]
    assert shared.startswith("The sentence of the first report")
    for mart in ("fct_revenue", "fct_compute_capacity", "fct_accelerator_counts"):
        columns = {c["column"]: c for c in tables[mart]["columns"]}
        assert columns["evidence"]["description"] == shared, mart
    assert tables["fct_capex"]["key"] == "fact_id"
    assert capex_columns["value_usd"]["unit"] == "USD"
    assert capex_columns["entity"]["unit"] is None
    compute = {c["column"]: c for c in tables["fct_compute_capacity"]["columns"]}
    assert compute["capacity_eflops"]["unit"].startswith("EFLOPS")
    markdown = (out / "data_dictionary.md").read_text("utf-8")
    assert "## fct_power_capacity" in markdown
    assert "| `value_usd` |" not in markdown and "| value_usd | DOUBLE | USD |" in markdown


def test_a_second_export_replaces_the_first_whole(published, tmp_path):
    out = tmp_path / "export"
    assert main(["export", str(out), "--csv"]) == 0
    assert main(["export", str(out)]) == 0
    assert not list(out.glob("*.csv"))  # the earlier export's CSV files went with it
    assert len(list(out.glob("*.parquet"))) == len(MART_TABLES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]  # no temporary folders left


def test_export_refuses_a_folder_of_other_files(published, tmp_path, capsys):
    keep = tmp_path / "notes"
    keep.mkdir()
    (keep / "mine.txt").write_text("keep me", encoding="utf-8")
    assert main(["export", str(keep)]) == 2
    assert "is not an infratrack export" in capsys.readouterr().err
    assert [p.name for p in keep.iterdir()] == ["mine.txt"]


def test_sql_parquet_output_has_the_marts_rows(published, tmp_path):
    out = tmp_path / "capex.parquet"
    assert (
        main(["sql", "select * from fct_capex", "--format", "parquet", "--output", str(out)]) == 0
    )
    assert pq.read_table(out).num_rows == _mart_counts(published)["fct_capex"]
