"""The period rules of `ingest.reference.periods` and the EDGAR folder URL of
`ingest.reference.sec_archives` as DuckDB functions, so that dbt's models read a period label or
link a filing with the extractor's and the fetcher's own code rather than a copy of it in SQL.

dbt's connection gets them through the plugin named in `dbt_project/profiles.yml`
(`orchestration.dbt_functions`). Models that call them are tables, so a reader of the published
warehouse never needs them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
from duckdb.func import SPECIAL

from ingest.reference import periods, sec_archives


@dataclass(frozen=True)
class WarehouseFunction:
    name: str
    function: Callable[..., Any]
    parameters: tuple[str, ...]
    returns: str
    # Arguments after these may be null (an optional quarter); a null one of these gives null.
    required: int = 2

    def null_guarded(self) -> Callable[..., Any]:
        """The function, giving null when a required argument is null (with the function's own
        signature, which DuckDB reads for the number of parameters)."""

        @functools.wraps(self.function)
        def guarded(*arguments: Any) -> Any:
            if any(argument is None for argument in arguments[: self.required]):
                return None
            return self.function(*arguments)

        return guarded


def _period_label(fiscal_year: int, fy_end_month: int, quarter: int | None) -> str:
    return periods.period_label(fiscal_year, fy_end_month, quarter=quarter)


WAREHOUSE_FUNCTIONS = (
    WarehouseFunction("period_start_date", periods.period_start, ("VARCHAR", "BIGINT"), "DATE"),
    WarehouseFunction("period_end_date", periods.period_end, ("VARCHAR", "BIGINT"), "DATE"),
    WarehouseFunction(
        "fiscal_year_start_date", periods.fiscal_year_start, ("BIGINT", "BIGINT"), "DATE"
    ),
    WarehouseFunction(
        "fiscal_year_end_date", periods.fiscal_year_end, ("BIGINT", "BIGINT"), "DATE"
    ),
    WarehouseFunction("fiscal_year_of", periods.fiscal_year_of, ("DATE", "BIGINT"), "BIGINT"),
    WarehouseFunction(
        "fiscal_period_label", _period_label, ("BIGINT", "BIGINT", "BIGINT"), "VARCHAR"
    ),
    WarehouseFunction(
        "sec_filing_folder_url", sec_archives.filing_folder_page, ("BIGINT", "VARCHAR"), "VARCHAR"
    ),
)


def register_warehouse_functions(connection: duckdb.DuckDBPyConnection) -> None:
    """Registers every function of WAREHOUSE_FUNCTIONS on the connection (and its cursors)."""
    for spec in WAREHOUSE_FUNCTIONS:
        # "special": the function sees nulls (and may return one: a string that is no label).
        connection.create_function(
            spec.name,
            spec.null_guarded(),
            list(spec.parameters),
            spec.returns,
            null_handling=SPECIAL,
            side_effects=False,
        )
