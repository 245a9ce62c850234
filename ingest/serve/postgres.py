"""Copy the marts of the published DuckDB warehouse into a PostgreSQL schema, for BI tools that
speak PostgreSQL rather than DuckDB.

Each publish builds the whole schema afresh in a staging schema and swaps it in inside the same
transaction, so a reader of `<schema>` sees the previous publish or the new one, never a mix, and a
publish that fails anywhere leaves the previous schema as it was. Tables, keys and comments come
from the mart catalogue (`ingest.serve.catalog`), so the dbt docs describe the PostgreSQL copy too.

The schema is owned by the publisher and replaced whole each time: objects added to it by hand
(tables, grants) do not survive the next publish, which is why the read-only grant is a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from ingest.serve.catalog import Column, Mart, mart_catalog
from ingest.warehouse.files import connect_read_only

SCHEMA_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,50}$")
# A publish replaces the schema whole, so it must never be one PostgreSQL or its users rely on.
RESERVED_SCHEMAS = frozenset({"public", "information_schema"})
# Marks a schema as made by a publish, so the next publish knows it may replace it.
SCHEMA_COMMENT_PREFIX = "The infratrack marts, published"
STAGING_SUFFIX = "__staging"
OLD_SUFFIX = "__old"
# Rows held in memory at once while streaming a mart from DuckDB into COPY.
BATCH_ROWS = 5_000
CONNECT_TIMEOUT_S = 10
# The swap needs exclusive locks on the old tables; a BI query holding them for longer than this
# fails the publish (rolled back, old schema intact) rather than queueing every reader behind it.
LOCK_TIMEOUT = "60s"

_SCALAR_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    # HUGEINT is 128-bit: only numeric holds every value.
    "HUGEINT": "numeric",
    "DOUBLE": "double precision",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}


class PublishError(RuntimeError):
    """The publish could not be done; the message is one line and never holds a password."""


@dataclass(frozen=True)
class PublishSummary:
    schema: str
    # host:port/database, without user or password, for the CLI to say where it published.
    target: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def postgres_type(duckdb_type: str) -> str:
    """The PostgreSQL type for a DuckDB column type of the marts (`VARCHAR[]` → `text[]`)."""
    scalar = duckdb_type.removesuffix("[]")
    # Nested lists would need rectangular multi-dimensional arrays, which DuckDB does not promise.
    if scalar in _SCALAR_TYPES:
        return _SCALAR_TYPES[scalar] + ("[]" if scalar != duckdb_type else "")
    raise PublishError(f"no PostgreSQL type is mapped for the DuckDB type {duckdb_type}")


def validate_schema_name(schema: str) -> None:
    if not SCHEMA_PATTERN.fullmatch(schema):
        raise PublishError(
            f"invalid schema name {schema!r}: use lower-case letters, digits and underscores, "
            "starting with a letter or underscore, at most 51 characters"
        )
    if schema in RESERVED_SCHEMAS or schema.startswith("pg_"):
        raise PublishError(f"invalid schema name {schema!r}: it belongs to PostgreSQL")


def _schema_comment_text(warehouse: Path) -> str:
    published_at = datetime.now(UTC).isoformat(timespec="seconds")
    return (
        f"{SCHEMA_COMMENT_PREFIX} from {warehouse.name} at {published_at}. "
        "Replaced whole by each publish: do not keep your own objects here."
    )


def describe_target(url: str) -> str:
    """host:port/database of a connection string, for messages: never the user's password."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error:
        # The parser's message quotes the string, password and all.
        raise PublishError(
            "the PostgreSQL URL cannot be parsed (postgresql://user@host:port/db)"
        ) from None
    host = params.get("host") or params.get("hostaddr") or "(default host)"
    return f"{host}:{params.get('port') or 5432}/{params.get('dbname') or params.get('user') or ''}"


def _redact(message: str, url: str) -> str:
    password = conninfo_to_dict(url).get("password")
    if password:
        message = message.replace(str(password), "***")
    return " ".join(message.split())


def _connect(url: str, target: str) -> psycopg.Connection[Any]:
    params: dict[str, Any] = {"application_name": "infratrack publish"}
    if "connect_timeout" not in conninfo_to_dict(url):
        params["connect_timeout"] = CONNECT_TIMEOUT_S
    try:
        return psycopg.connect(url, **params)
    except psycopg.Error as exc:
        raise PublishError(
            f"cannot connect to PostgreSQL at {target}: {_redact(str(exc), url)}"
        ) from None


def _column_types(marts: Sequence[Mart]) -> dict[tuple[str, str], str]:
    """Every column's PostgreSQL type, mapped before connecting so an unmapped type fails early."""
    types = {}
    for mart in marts:
        for column in mart.columns:
            try:
                types[mart.name, column.name] = postgres_type(column.type)
            except PublishError as exc:
                raise PublishError(f"{mart.name}.{column.name}: {exc}") from None
    return types


def _column_comment(column: Column) -> str:
    if column.unit is None:
        return column.description
    unit = f"(unit: {column.unit})"
    return f"{column.description} {unit}" if column.description else unit


def _duck_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_table(
    cur: psycopg.Cursor[Any], schema: str, mart: Mart, types: dict[tuple[str, str], str]
) -> None:
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(types[mart.name, c.name]))
        for c in mart.columns
    )
    table = sql.Identifier(schema, mart.name)
    cur.execute(sql.SQL("CREATE TABLE {} ({})").format(table, columns))
    # COMMENT is a utility statement, which takes no bind parameters: sql.Literal quotes the text.
    if mart.description:
        cur.execute(
            sql.SQL("COMMENT ON TABLE {} IS {}").format(table, sql.Literal(mart.description))
        )
    for column in mart.columns:
        comment = _column_comment(column)
        if comment:
            cur.execute(
                sql.SQL("COMMENT ON COLUMN {} IS {}").format(
                    sql.Identifier(schema, mart.name, column.name), sql.Literal(comment)
                )
            )


def _batches(duck: duckdb.DuckDBPyConnection, mart: Mart) -> Iterable[list[tuple[Any, ...]]]:
    columns = ", ".join(_duck_ident(name) for name in mart.column_names)
    result = duck.execute(f"select {columns} from main.{_duck_ident(mart.name)}")
    while batch := result.fetchmany(BATCH_ROWS):
        yield batch


def _load_table(
    cur: psycopg.Cursor[Any],
    duck: duckdb.DuckDBPyConnection,
    schema: str,
    mart: Mart,
    types: dict[tuple[str, str], str],
) -> int:
    """Copy one mart's rows, then add its key and check its count; returns the count."""
    table = sql.Identifier(schema, mart.name)
    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
        table, sql.SQL(", ").join(sql.Identifier(name) for name in mart.column_names)
    )
    with cur.copy(copy_sql) as copy:
        # Binary COPY sends each value in its column's exact type, so nothing is re-parsed as text.
        copy.set_types([types[mart.name, c.name] for c in mart.columns])
        for batch in _batches(duck, mart):
            for values in batch:
                copy.write_row(values)
    # Adding the key after the load builds its index once instead of row by row.
    cur.execute(
        sql.SQL("ALTER TABLE {} ADD PRIMARY KEY ({})").format(table, sql.Identifier(mart.key))
    )
    expected = _duck_count(duck, mart.name)
    cur.execute(sql.SQL("SELECT count(*) FROM {}").format(table))
    counted = cur.fetchone()
    loaded = int(counted[0]) if counted else -1
    if loaded != expected:
        raise PublishError(
            f"{mart.name}: {loaded} rows arrived in PostgreSQL but the warehouse has {expected}"
        )
    return loaded


def _duck_count(duck: duckdb.DuckDBPyConnection, table: str) -> int:
    row = duck.execute(f"select count(*) from main.{_duck_ident(table)}").fetchone()
    return int(row[0]) if row else 0


def _schema_comment(cur: psycopg.Cursor[Any], schema: str) -> str | None:
    """The comment on `schema`, "" when it has none, None when there is no such schema."""
    cur.execute(
        "SELECT coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace "
        "WHERE nspname = %s",
        [schema],
    )
    row = cur.fetchone()
    return None if row is None else str(row[0])


def _outside_dependents(cur: psycopg.Cursor[Any], schema: str) -> list[str]:
    """Views in other schemas built on the tables of `schema`, which dropping it would drop."""
    cur.execute(
        """
        SELECT DISTINCT view.oid::regclass::text
        FROM pg_depend dep
        JOIN pg_rewrite rule ON dep.classid = 'pg_rewrite'::regclass AND rule.oid = dep.objid
        JOIN pg_class view ON view.oid = rule.ev_class
        JOIN pg_class tab ON dep.refclassid = 'pg_class'::regclass AND tab.oid = dep.refobjid
        JOIN pg_namespace ns ON ns.oid = tab.relnamespace
        WHERE ns.nspname = %s AND view.relnamespace <> tab.relnamespace
        ORDER BY 1
        """,
        [schema],
    )
    return [row[0] for row in cur.fetchall()]


def _check_replaceable(cur: psycopg.Cursor[Any], schema: str) -> None:
    """Refuse, before any work, to drop what is not ours: a schema an earlier publish did not
    make (a mistyped --schema must not wipe a team's tables) or views built on ours (CASCADE
    would drop them silently)."""
    comment = _schema_comment(cur, schema)
    if comment is None:
        return
    if not comment.startswith(SCHEMA_COMMENT_PREFIX):
        raise PublishError(
            f"schema {schema} exists and was not made by an infratrack publish: "
            "publish to another schema, or drop it yourself first"
        )
    dependents = _outside_dependents(cur, schema)
    if dependents:
        raise PublishError(
            f"views outside schema {schema} depend on its tables ({', '.join(dependents)}): "
            "drop them before publishing and create them again after"
        )


def _run(cur: psycopg.Cursor[Any], statement: str, *names: str) -> None:
    """A statement whose only variables are identifiers, each quoted as one."""
    cur.execute(sql.SQL(statement).format(*(sql.Identifier(name) for name in names)))


def _swap(cur: psycopg.Cursor[Any], staging: str, schema: str) -> None:
    old = schema + OLD_SUFFIX
    _run(cur, "DROP SCHEMA IF EXISTS {} CASCADE", old)
    if _schema_comment(cur, schema) is not None:
        _run(cur, "ALTER SCHEMA {} RENAME TO {}", schema, old)
    _run(cur, "ALTER SCHEMA {} RENAME TO {}", staging, schema)
    _run(cur, "DROP SCHEMA IF EXISTS {} CASCADE", old)


def _grant_read(cur: psycopg.Cursor[Any], schema: str, role: str) -> None:
    _run(cur, "GRANT USAGE ON SCHEMA {} TO {}", schema, role)
    _run(cur, "GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}", schema, role)


def publish_postgres(
    warehouse: Path,
    url: str,
    schema: str = "infratrack",
    readonly_role: str | None = None,
) -> PublishSummary:
    """Replace schema `schema` of the PostgreSQL database at `url` with the marts of the DuckDB
    warehouse file `warehouse`, in one transaction; give `readonly_role` read access if named."""
    validate_schema_name(schema)
    target = describe_target(url)
    staging = schema + STAGING_SUFFIX
    duck = connect_read_only(warehouse)
    try:
        marts = mart_catalog(duck)
        types = _column_types(marts)
        rows: dict[str, int] = {}
        with _connect(url, target) as conn:
            step = "starting the transaction"
            try:
                with conn.transaction(), conn.cursor() as cur:
                    step = "preparing the staging schema"
                    # Two publishes to the same schema would fight over staging: take turns.
                    cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [schema])
                    cur.execute(
                        sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT))
                    )
                    _run(cur, "DROP SCHEMA IF EXISTS {} CASCADE", staging)
                    _check_replaceable(cur, schema)
                    _run(cur, "CREATE SCHEMA {}", staging)
                    cur.execute(
                        sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                            sql.Identifier(staging), sql.Literal(_schema_comment_text(warehouse))
                        )
                    )
                    for mart in marts:
                        step = f"loading {mart.name}"
                        _create_table(cur, staging, mart, types)
                        rows[mart.name] = _load_table(cur, duck, staging, mart, types)
                    if readonly_role:
                        step = f"granting read access to {readonly_role}"
                        _grant_read(cur, staging, readonly_role)
                    step = f"replacing schema {schema}"
                    _swap(cur, staging, schema)
            except (psycopg.Error, duckdb.Error) as exc:
                raise PublishError(
                    f"publish to {target} failed while {step}, schema {schema} unchanged: "
                    f"{_redact(str(exc), url)}"
                ) from exc
    finally:
        duck.close()
    return PublishSummary(schema=schema, target=target, rows=rows)
