"""`infratrack export DIR`: every mart as Parquet (and CSV on request) plus a data dictionary, for
BI tools and notebooks that read files.

The export is built in a temporary folder beside DIR and moved into place, so a reader sees the
previous export or the new one, never half of one. An existing DIR is replaced only when it is
empty or holds an earlier export (its `data_dictionary.json`): pointed at a folder of other files
by mistake, the command refuses instead of deleting them.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingest.serve.catalog import Mart, mart_catalog
from ingest.serve.render import render_markdown
from ingest.warehouse.files import connect_read_only

DICTIONARY_JSON = "data_dictionary.json"
DICTIONARY_MARKDOWN = "data_dictionary.md"


class ExportError(RuntimeError):
    """An export that cannot be written; the message is one line."""


@dataclass(frozen=True)
class ExportSummary:
    directory: Path
    rows: dict[str, int]
    files: list[str]


def _quote_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _csv_select(mart: Mart) -> str:
    """Lists as JSON arrays (["a","b"]), which every CSV reader can parse back."""
    columns = [
        f'to_json("{c.name}")::varchar as "{c.name}"' if c.type.endswith("[]") else f'"{c.name}"'
        for c in mart.columns
    ]
    return f"select {', '.join(columns)} from main.{mart.name}"


def dictionary(marts: list[Mart], rows: dict[str, int], warehouse: Path) -> dict:
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warehouse": warehouse.name,
        "tables": [
            {
                "table": mart.name,
                "description": mart.description,
                "key": mart.key,
                "rows": rows[mart.name],
                "columns": [
                    {
                        "column": c.name,
                        "type": c.type,
                        "unit": c.unit,
                        "description": c.description,
                    }
                    for c in mart.columns
                ],
            }
            for mart in marts
        ],
    }


def dictionary_markdown(document: dict) -> str:
    lines = ["# infratrack data dictionary", "", f"Generated {document['generated_at']}.", ""]
    for table in document["tables"]:
        lines += [
            f"## {table['table']}",
            "",
            table["description"].replace("\n", " "),
            "",
            f"Key: `{table['key']}`. Rows: {table['rows']:,}.",
            "",
            render_markdown(
                ["column", "type", "unit", "description"],
                [[c["column"], c["type"], c["unit"], c["description"]] for c in table["columns"]],
            ),
        ]
    return "\n".join(lines)


def _write_marts(
    con: duckdb.DuckDBPyConnection, marts: list[Mart], folder: Path, with_csv: bool
) -> dict[str, int]:
    rows = {}
    for mart in marts:
        rows[mart.name] = con.execute(f"select count(*) from main.{mart.name}").fetchall()[0][0]
        # DuckDB streams COPY to the file: a mart never has to fit in memory.
        con.execute(
            f"copy (select * from main.{mart.name}) to "
            f"{_quote_path(folder / f'{mart.name}.parquet')} (format parquet)"
        )
        if with_csv:
            con.execute(
                f"copy ({_csv_select(mart)}) to {_quote_path(folder / f'{mart.name}.csv')} "
                "(format csv, header)"
            )
    return rows


def _replaceable(directory: Path) -> bool:
    if not directory.exists():
        return True
    if not directory.is_dir():
        return False
    return not any(directory.iterdir()) or (directory / DICTIONARY_JSON).is_file()


def export_marts(warehouse: Path, directory: Path, with_csv: bool = False) -> ExportSummary:
    """Write every mart of `warehouse` into `directory` (replacing an earlier export there)."""
    directory = directory.resolve()
    if not _replaceable(directory):
        raise ExportError(
            f"{directory} exists and is not an infratrack export (no {DICTIONARY_JSON}); "
            "choose an empty or new folder"
        )
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = directory.with_name(f".{directory.name}.building-{os.getpid()}")
    retired = directory.with_name(f".{directory.name}.retired-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    try:
        with connect_read_only(warehouse) as con:
            marts = mart_catalog(con)
            rows = _write_marts(con, marts, building, with_csv)
        document = dictionary(marts, rows, warehouse)
        (building / DICTIONARY_JSON).write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (building / DICTIONARY_MARKDOWN).write_text(dictionary_markdown(document), encoding="utf-8")
        if directory.exists():
            os.replace(directory, retired)
        os.replace(building, directory)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        if retired.exists() and not directory.exists():
            os.replace(retired, directory)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return ExportSummary(directory, rows, sorted(p.name for p in directory.iterdir()))
