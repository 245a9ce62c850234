"""Ad-hoc SQL that can only read the warehouse.

Two layers, because either alone has holes: the statements are checked against an allowlist
first (so each refusal gets a one-line reason), and the connection itself is opened read-only with
external access disabled and its configuration locked (so a statement the check lets through still
cannot read or write a file, attach a database, install an extension or change a setting).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from ingest.warehouse.files import connect_read_only

SANDBOX_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    # Last: every setting above is then fixed for the life of the connection.
    "lock_configuration": True,
}

_ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
_REASONS = {
    duckdb.StatementType.COPY: "COPY reads or writes files; use --format and --output for files",
    duckdb.StatementType.EXPORT: "EXPORT DATABASE writes files",
    duckdb.StatementType.ATTACH: "ATTACH opens another database; only the warehouse is queried",
    duckdb.StatementType.DETACH: "DETACH changes the attached databases",
    duckdb.StatementType.LOAD: "extensions cannot be installed or loaded",
    duckdb.StatementType.SET: "settings are locked",
    duckdb.StatementType.VARIABLE_SET: "settings are locked",
    duckdb.StatementType.PRAGMA: "pragmas are not queries",
    duckdb.StatementType.CALL: "procedure calls are not queries",
}


class QueryRefused(ValueError):
    """A statement `infratrack sql` will not run; the message is one line."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    # The same result with its column types, for Parquet output; only when asked for.
    arrow: pa.Table | None = None


def check_read_only(sql: str) -> None:
    """Raise QueryRefused unless every statement in `sql` is a query."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"SQL error: {str(exc).splitlines()[0]}") from exc
    if not statements:
        raise QueryRefused("no SQL statement given")
    for statement in statements:
        if statement.type in _ALLOWED:
            continue
        keyword = (statement.query.split() or ["?"])[0].upper()[:20]
        reason = _REASONS.get(statement.type, "the warehouse is read-only")
        raise QueryRefused(f"refused {keyword}: {reason}; infratrack sql only runs queries")


def connect_sandboxed(path: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse file, read-only, with no way to reach the disk or the network."""
    return connect_read_only(path, config=SANDBOX_CONFIG)


def run_query(
    path: Path, sql: str, timeout_seconds: float | None = None, as_arrow: bool = False
) -> QueryResult:
    """Run a read-only query on the warehouse at `path`; QueryRefused on a refused statement,
    on a query that reaches outside the warehouse or runs past the timeout. `as_arrow`: the
    result as an Arrow table (typed, for Parquet) instead of rows."""
    check_read_only(sql)
    with connect_sandboxed(path) as con:
        timer = threading.Timer(timeout_seconds, con.interrupt) if timeout_seconds else None
        if timer is not None:
            timer.start()
        try:
            if as_arrow:
                relation = con.sql(sql)
                if relation is None:
                    return QueryResult([], [])
                return QueryResult(list(relation.columns), [], relation.to_arrow_table())
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if cursor.description else []
        except duckdb.PermissionException as exc:
            raise QueryRefused(
                "refused: the query reaches outside the warehouse (files, or a staging view over "
                "the raw Parquet files); query the marts"
            ) from exc
        except duckdb.InterruptException as exc:
            raise QueryRefused(f"query stopped after the {timeout_seconds:g} s timeout") from exc
        except duckdb.Error as exc:
            raise QueryRefused(f"SQL error: {str(exc).splitlines()[0]}") from exc
        finally:
            if timer is not None:
                timer.cancel()
    return QueryResult(columns, rows)
