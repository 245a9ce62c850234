"""The marts as readers see them: each table's description, key and columns, with each column's
description (from the dbt docs, their one home), unit (from its name) and type (from the warehouse
itself, as dbt's catalog reads it).

Exports, the data dictionary, the PostgreSQL publish and the report all describe the marts through
this module, so a column documented once in the dbt project is documented everywhere: a column the
marts share in `dbt_project/models/marts/_docs.md` (a docs block each, referred to from
`_marts.yml`), a column of one mart in `_marts.yml` itself. The manifest holds the rendered text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from ingest.warehouse.files import MART_TABLES, REPO_ROOT

MANIFEST_PATH = REPO_ROOT / "dbt_project" / "target" / "manifest.json"
UNITS_FILE = Path(__file__).parent / "data" / "column_units.tsv"


class CatalogError(RuntimeError):
    """The dbt manifest is missing or does not describe a mart."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    unit: str | None


@dataclass(frozen=True)
class Mart:
    name: str
    description: str
    key: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@lru_cache(maxsize=1)
def _unit_rules() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    exact: dict[str, str] = {}
    suffixes: list[tuple[str, str]] = []
    for line in UNITS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("column\t"):
            continue
        name, unit = line.split("\t")
        if name.startswith("*"):
            suffixes.append((name[1:], unit))
        else:
            exact[name] = unit
    return exact, tuple(suffixes)


def column_unit(name: str) -> str | None:
    """The unit a column's values are in, from its name (`value_usd` → USD), or None."""
    exact, suffixes = _unit_rules()
    if name in exact:
        return exact[name]
    return next((unit for suffix, unit in suffixes if name.endswith(suffix)), None)


def _model_docs(manifest: dict) -> dict[str, tuple[str, dict[str, str], str | None]]:
    """Per model name: its description, its column descriptions and its key (the column with a
    `unique` test)."""
    keys: dict[str, str] = {}
    for node in manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and metadata.get("name") == "unique":
            model = node.get("attached_node") or next(iter(node["depends_on"]["nodes"]), "")
            keys[model.rsplit(".", 1)[-1]] = metadata["kwargs"]["column_name"]
    docs = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        columns = {name: col.get("description", "") for name, col in node["columns"].items()}
        docs[node["name"]] = (node.get("description", ""), columns, keys.get(node["name"]))
    return docs


def load_manifest(path: Path = MANIFEST_PATH) -> dict:
    if not path.exists():
        raise CatalogError(f"no dbt manifest at {path}: run `make prepare` (or `dbt parse`)")
    return json.loads(path.read_text(encoding="utf-8"))


def mart_catalog(con: duckdb.DuckDBPyConnection, manifest_path: Path = MANIFEST_PATH) -> list[Mart]:
    """Every mart of the warehouse behind `con`, in `MART_TABLES` order, with its columns in
    table order."""
    docs = _model_docs(load_manifest(manifest_path))
    marts = []
    for table in MART_TABLES:
        if table not in docs:
            raise CatalogError(f"the dbt manifest has no model {table}: run `make prepare`")
        description, column_docs, key = docs[table]
        if key is None:
            raise CatalogError(f"{table} has no column with a unique test: every mart needs a key")
        types = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'main' and table_name = ? order by ordinal_position",
            [table],
        ).fetchall()
        if not types:
            raise CatalogError(f"the warehouse has no table {table}: run `infratrack refresh`")
        marts.append(
            Mart(
                name=table,
                description=description.strip(),
                key=key,
                columns=tuple(
                    Column(name, data_type, column_docs.get(name, "").strip(), column_unit(name))
                    for name, data_type in types
                ),
            )
        )
    return marts
