"""A dbt-duckdb plugin (named in dbt_project/profiles.yml) that gives dbt's DuckDB connection the
warehouse functions of `ingest.warehouse.functions`."""

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from ingest.warehouse.functions import register_warehouse_functions


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        register_warehouse_functions(conn)
