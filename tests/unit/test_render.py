"""How `infratrack sql` lays out a result: terminal tables that fit, numbers grouped and never cut,
and the file formats (CSV, JSON lines, Markdown, Parquet) exact."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import duckdb
import pyarrow.parquet as pq
import pytest

from ingest.serve.render import display_number, render_markdown, render_table, render_text
from orchestration.cli import main

COLUMNS = ["entity", "value_usd", "note"]
ROWS = [
    (
        "Examplecorp",
        80_000_000_000.0,
        "a deliberately long remark that no narrow terminal can hold whole",
    ),
    ("Othercorp", 1234.5, None),
]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (80_000_000_000.0, "80,000,000,000"),
        (1234.5, "1234.5"),
        (2025, "2025"),
        (725.3, "725.3"),
        (1037.3, "1037.3"),
        (12345.67, "12,345.7"),
        (0.35, "0.35"),
        (12, "12"),
        (1_500_000, "1,500,000"),
        (Decimal("2.5"), "2.5"),
        (float("nan"), "nan"),
    ],
)
def test_numbers_are_grouped(value, text):
    assert display_number(value) == text


def test_a_table_fits_a_narrow_terminal_without_cutting_numbers():
    text = render_table(COLUMNS, ROWS, width=60)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert "80,000,000,000" in text and "1234.5" in text
    assert "…" in text  # the long remark is cut, with a mark saying so
    assert lines[-1] == "(2 rows)"


def test_numbers_are_right_aligned_and_text_left_aligned():
    lines = render_table(COLUMNS, ROWS, width=200).splitlines()
    first, second = lines[2], lines[3]
    assert first.index("80,000,000,000") + len("80,000,000,000") == second.index("1234.5") + len(
        "1234.5"
    )
    assert first.startswith("Examplecorp") and second.startswith("Othercorp")


def test_cells_are_data_not_markup():
    text = render_table(["title"], [("[bold]not bold[/bold] :smile:",)], width=80)
    assert "[bold]not bold[/bold] :smile:" in text


def test_csv_and_json_lines_keep_every_value():
    rows = [("Examplecorp", 2.5, ["https://a.example/1", "https://b.example/2"], date(2025, 3, 4))]
    columns = ["entity", "value", "urls", "day"]
    parsed = list(csv.reader(io.StringIO(render_text("csv", columns, rows))))
    assert parsed[0] == columns
    assert parsed[1][:2] == ["Examplecorp", "2.5"]
    assert json.loads(parsed[1][2]) == ["https://a.example/1", "https://b.example/2"]
    assert parsed[1][3] == "2025-03-04"
    (line,) = render_text("json", columns, rows).splitlines()
    assert json.loads(line) == {
        "entity": "Examplecorp",
        "value": 2.5,
        "urls": ["https://a.example/1", "https://b.example/2"],
        "day": "2025-03-04",
    }


def test_markdown_escapes_pipes_and_aligns_numbers():
    text = render_markdown(["name", "n"], [("a | b", 3), ("line\nbreak", None)])
    assert text.splitlines() == [
        "| name | n |",
        "|---|---:|",
        "| a \\| b | 3 |",
        "| line break |  |",
    ]


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "published.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table fct_capex as select * from (values "
            "('Examplecorp', 80e9, ['https://a.example/1'], date '2025-01-03'), "
            "('Othercorp', 5e9, [], date '2025-02-01')) t(entity, value_usd, source_urls, day)"
        )
    return path


def test_sql_writes_parquet_with_column_types(warehouse, tmp_path):
    out = tmp_path / "result.parquet"
    query = "select * from fct_capex order by entity"
    assert (
        main(["sql", query, "--warehouse", str(warehouse), "--format", "parquet", "-o", str(out)])
        == 0
    )
    table = pq.read_table(out)
    assert table.num_rows == 2
    assert str(table.schema.field("source_urls").type) == "list<element: string>"
    assert str(table.schema.field("day").type) == "date32[day]"
    assert table.column("entity").to_pylist() == ["Examplecorp", "Othercorp"]


def test_sql_reads_a_query_file_and_writes_an_output_file(warehouse, tmp_path, capsys):
    query = tmp_path / "q.sql"
    query.write_text("select entity from fct_capex order by entity", encoding="utf-8")
    out = tmp_path / "out.md"
    args = ["sql", "--file", str(query), "--warehouse", str(warehouse), "--format", "markdown"]
    assert main([*args, "--output", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text("utf-8").splitlines()[2:] == ["| Examplecorp |", "| Othercorp |"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "parquet"], "--format parquet writes a file: add --output FILE.parquet"),
        (["--file", "QUERY"], "give a query or --file QUERY.sql, not both"),
        (["--output", "/nonexistent-folder/out.csv"], "no such folder: /nonexistent-folder"),
    ],
)
def test_sql_argument_errors_are_one_line(warehouse, tmp_path, capsys, args, message):
    query = tmp_path / "q.sql"
    query.write_text("select 1", encoding="utf-8")
    args = [str(query) if a == "QUERY" else a for a in args]
    assert main(["sql", "select 1", "--warehouse", str(warehouse), *args]) == 2
    assert capsys.readouterr().err.strip() == f"infratrack: error: {message}"


def test_sql_refuses_a_huge_or_binary_query_file(warehouse, tmp_path, capsys):
    big = tmp_path / "big.sql"
    with big.open("wb") as handle:
        handle.truncate(2_000_000)
    assert main(["sql", "--file", str(big), "--warehouse", str(warehouse)]) == 2
    assert "a query file is smaller" in capsys.readouterr().err
    binary = tmp_path / "binary.sql"
    binary.write_bytes(b"\xff\xfe\x00select")
    assert main(["sql", "--file", str(binary), "--warehouse", str(warehouse)]) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err
