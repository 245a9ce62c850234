"""The PostgreSQL publish against a real throwaway server: what arrives, that a publish replaces
the one before whole, that a failed publish changes nothing, and that bad input fails clearly."""

from __future__ import annotations

import shutil
import socket
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

from ingest.serve.catalog import Mart, mart_catalog
from ingest.serve.postgres import PublishError, postgres_type, publish_postgres
from ingest.warehouse.files import MART_TABLES, connect_read_only
from tests.serve import postgres_server as server_module
from tests.serve.postgres_server import postgres_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def marts(published: Path) -> list[Mart]:
    with connect_read_only(published) as duck:
        return mart_catalog(duck)


def _query(url: str, query: str, params: Any = None) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchall()


def _duck_rows(warehouse: Path, mart: Mart) -> list[tuple[Any, ...]]:
    columns = ", ".join(f'"{name}"' for name in mart.column_names)
    with connect_read_only(warehouse) as duck:
        return duck.execute(f'select {columns} from "{mart.name}" order by "{mart.key}"').fetchall()


def _pg_rows(url: str, schema: str, mart: Mart) -> list[tuple[Any, ...]]:
    columns = ", ".join(f'"{name}"' for name in mart.column_names)
    # COLLATE "C" orders text by bytes, as DuckDB does.
    return _query(
        url,
        f'select {columns} from "{schema}"."{mart.name}" order by "{mart.key}" collate "C"',
    )


def _counts(url: str, schema: str) -> dict[str, int]:
    return {
        table: _query(url, f'select count(*) from "{schema}"."{table}"')[0][0]
        for table in MART_TABLES
    }


def _table_oids(url: str, schema: str) -> dict[str, int]:
    rows = _query(
        url,
        "select c.relname, c.oid::bigint from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = %s and c.relkind = 'r'",
        [schema],
    )
    return dict(rows)


def _schemas_like(url: str, schema: str) -> set[str]:
    rows = _query(url, "select nspname from pg_namespace where starts_with(nspname, %s)", [schema])
    return {row[0] for row in rows}


def _shown(error: BaseException) -> str:
    """The messages a traceback of `error` shows: its own and those of the causes it chains."""
    messages = []
    current: BaseException | None = error
    while current is not None:
        messages.extend(traceback.format_exception_only(current))
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "".join(messages)


def _broken_copy(published: Path, tmp_path: Path, statement: str) -> Path:
    copy = tmp_path / "broken.duckdb"
    shutil.copyfile(published, copy)
    with duckdb.connect(str(copy)) as duck:
        duck.execute(statement)
    return copy


def test_publish_copies_every_mart_with_its_key_types_and_comments(
    published: Path, pg_url: str, marts: list[Mart]
) -> None:
    summary = publish_postgres(published, pg_url)

    assert summary.schema == "infratrack"
    assert set(_query(pg_url, "select 1 from pg_namespace where nspname = 'infratrack'")) == {(1,)}
    tables = _query(
        pg_url,
        "select table_name from information_schema.tables "
        "where table_schema = 'infratrack' and table_type = 'BASE TABLE'",
    )
    assert {row[0] for row in tables} == set(MART_TABLES)

    with connect_read_only(published) as duck:
        duck_counts = {
            table: duck.execute(f'select count(*) from "{table}"').fetchall()[0][0]
            for table in MART_TABLES
        }
    assert all(count > 0 for count in duck_counts.values())
    assert _counts(pg_url, "infratrack") == duck_counts
    assert summary.rows == duck_counts

    keys = _query(
        pg_url,
        """
        select c.conrelid::regclass::text, a.attname
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
        where c.contype = 'p' and c.connamespace = 'infratrack'::regnamespace
        """,
    )
    assert sorted(keys) == sorted((f"infratrack.{m.name}", m.key) for m in marts)

    # PostgreSQL spells some types its own way (timestamptz is `timestamp with time zone`).
    canonical = {
        duck_type: _query(pg_url, "select %s::regtype::text", [postgres_type(duck_type)])[0][0]
        for duck_type in {c.type for m in marts for c in m.columns}
    }
    for mart in marts:
        table = f"infratrack.{mart.name}"
        [(table_comment,)] = _query(
            pg_url, "select obj_description(%s::regclass, 'pg_class')", [table]
        )
        assert table_comment == mart.description
        columns = _query(
            pg_url,
            "select a.attname, col_description(a.attrelid, a.attnum), format_type(a.atttypid, a.atttypmod) "
            "from pg_attribute a where a.attrelid = %s::regclass and a.attnum > 0 and not a.attisdropped "
            "order by a.attnum",
            [table],
        )
        assert [name for name, _, _ in columns] == mart.column_names
        for column, (_, comment, pg_type) in zip(mart.columns, columns, strict=True):
            expected = column.description
            if column.unit:
                expected = f"{expected} (unit: {column.unit})"
            assert comment == expected, f"{mart.name}.{column.name}"
            assert pg_type == canonical[column.type], f"{mart.name}.{column.name}"

    # The marts are small: compare every value, not a sample.
    for mart in marts:
        assert _pg_rows(pg_url, "infratrack", mart) == _duck_rows(published, mart), mart.name


def test_comments_carry_units_and_lists_arrive_as_arrays(
    published: Path, pg_url: str, marts: list[Mart]
) -> None:
    publish_postgres(published, pg_url, schema="bi_units")

    [(comment,)] = _query(
        pg_url,
        "select col_description(attrelid, attnum) from pg_attribute "
        "where attrelid = 'bi_units.fct_capex'::regclass and attname = 'value_usd'",
    )
    assert comment.endswith("(unit: USD)")
    [(ids, array_type)] = _query(
        pg_url,
        "select source_ids, pg_typeof(source_ids)::text from bi_units.fct_capex "
        "where cardinality(source_ids) > 0 limit 1",
    )
    assert array_type == "text[]"
    assert isinstance(ids, list) and ids and all(isinstance(value, str) for value in ids)


def test_second_publish_replaces_the_first(published: Path, pg_url: str) -> None:
    publish_postgres(published, pg_url, schema="bi_twice")
    first_counts = _counts(pg_url, "bi_twice")
    with psycopg.connect(pg_url) as conn:
        conn.execute("insert into bi_twice.dim_company (entity) values ('Junk Holdings')")
        conn.execute("create table bi_twice.scratch (x int)")
    assert _counts(pg_url, "bi_twice")["dim_company"] == first_counts["dim_company"] + 1

    publish_postgres(published, pg_url, schema="bi_twice")

    assert _counts(pg_url, "bi_twice") == first_counts
    assert _query(pg_url, "select 1 from bi_twice.dim_company where entity = 'Junk Holdings'") == []
    assert set(_table_oids(pg_url, "bi_twice")) == set(MART_TABLES)
    assert _schemas_like(pg_url, "bi_twice") == {"bi_twice"}


def test_publish_recovers_from_a_staging_schema_a_crash_left(published: Path, pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        conn.execute("create schema bi_crash__staging")
        conn.execute("create table bi_crash__staging.fct_capex (leftover int)")

    publish_postgres(published, pg_url, schema="bi_crash")

    assert set(_table_oids(pg_url, "bi_crash")) == set(MART_TABLES)
    assert _schemas_like(pg_url, "bi_crash") == {"bi_crash"}


def test_failed_publish_leaves_the_previous_schema_unchanged(
    published: Path, pg_url: str, tmp_path: Path
) -> None:
    publish_postgres(published, pg_url, schema="bi_keep")
    counts, oids = _counts(pg_url, "bi_keep"), _table_oids(pg_url, "bi_keep")
    # dim_source loads last, so every other mart is already in staging when its key fails.
    assert MART_TABLES[-1] == "dim_source"
    broken = _broken_copy(
        published, tmp_path, "insert into dim_source select * from dim_source limit 1"
    )

    with pytest.raises(PublishError, match=r"dim_source.*(duplicate|unique)") as failure:
        publish_postgres(broken, pg_url, schema="bi_keep")

    assert "\n" not in str(failure.value)
    assert _counts(pg_url, "bi_keep") == counts
    assert _table_oids(pg_url, "bi_keep") == oids
    assert _schemas_like(pg_url, "bi_keep") == {"bi_keep"}
    # The connection was not left holding locks: the next good publish goes through.
    assert publish_postgres(published, pg_url, schema="bi_keep").rows == counts


def test_unmapped_type_fails_clearly_and_changes_nothing(
    published: Path, pg_url: str, tmp_path: Path
) -> None:
    publish_postgres(published, pg_url, schema="bi_types")
    oids = _table_oids(pg_url, "bi_types")
    broken = _broken_copy(
        published, tmp_path, "alter table fct_capex add column lag interval default interval 1 day"
    )

    with pytest.raises(PublishError, match=r"fct_capex\.lag.*INTERVAL"):
        publish_postgres(broken, pg_url, schema="bi_types")

    assert _table_oids(pg_url, "bi_types") == oids
    assert _schemas_like(pg_url, "bi_types") == {"bi_types"}


@pytest.mark.parametrize("duckdb_type", ["STRUCT(a INTEGER)", "VARCHAR[][]", "DECIMAL(18,3)"])
def test_types_without_a_mapping_are_refused(duckdb_type: str) -> None:
    with pytest.raises(PublishError, match="no PostgreSQL type"):
        postgres_type(duckdb_type)


def test_readonly_role_can_read_but_not_write(published: Path, pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        conn.execute("drop role if exists bi_reader")
        conn.execute("create role bi_reader login")

    publish_postgres(published, pg_url, schema="bi_grants", readonly_role="bi_reader")

    reader_url = pg_url.replace("postgresql://postgres@", "postgresql://bi_reader@")
    assert _query(reader_url, "select count(*) from bi_grants.dim_company")[0][0] > 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _query(reader_url, "delete from bi_grants.dim_company")


def test_views_built_on_the_schema_stop_the_publish_instead_of_being_dropped(
    published: Path, pg_url: str
) -> None:
    publish_postgres(published, pg_url, schema="bi_viewed")
    with psycopg.connect(pg_url) as conn:
        conn.execute("create schema if not exists reports")
        conn.execute("create view reports.companies as select entity from bi_viewed.dim_company")

    with pytest.raises(PublishError, match=r"reports\.companies"):
        publish_postgres(published, pg_url, schema="bi_viewed")

    assert _query(pg_url, "select count(*) from reports.companies")[0][0] > 0
    assert _schemas_like(pg_url, "bi_viewed") == {"bi_viewed"}


def test_a_schema_the_publish_did_not_make_is_never_replaced(published: Path, pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        conn.execute("create schema team_tables")
        conn.execute("create table team_tables.budget as select 42 as amount")

    with pytest.raises(PublishError, match="not made by an infratrack publish"):
        publish_postgres(published, pg_url, schema="team_tables")

    assert _query(pg_url, "select amount from team_tables.budget") == [(42,)]
    assert _schemas_like(pg_url, "team_tables") == {"team_tables"}


@pytest.mark.parametrize(
    "schema",
    [
        "",
        "Infratrack",
        "1marts",
        "bi-marts",
        "bi;drop schema public",
        "x" * 52,
        "public",
        "pg_temp",
    ],
)
def test_invalid_schema_name_is_refused_before_connecting(published: Path, schema: str) -> None:
    # Nothing listens on this URL: a connection attempt would fail with another message.
    with pytest.raises(PublishError, match="invalid schema name"):
        publish_postgres(published, "postgresql://nobody@127.0.0.1:1/none", schema=schema)


def test_closed_port_fails_fast_without_showing_the_password(published: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://analyst:Sup3r-Secret-pw@127.0.0.1:{port}/warehouse"

    started = time.monotonic()
    with pytest.raises(PublishError, match=rf"cannot connect to PostgreSQL at 127\.0\.0\.1:{port}"):
        publish_postgres(published, url)
    assert time.monotonic() - started < 5

    # A CLI or a log shows the chained causes too, not only the message.
    with pytest.raises(PublishError) as failure:
        publish_postgres(published, url)
    assert "Sup3r-Secret-pw" not in _shown(failure.value)
    assert "\n" not in str(failure.value)


def test_unparseable_url_is_refused_without_echoing_it(published: Path) -> None:
    with pytest.raises(PublishError, match="cannot be parsed") as failure:
        publish_postgres(published, "host=127.0.0.1 password=Sup3r-Secret-pw dbname")
    assert "Sup3r-Secret-pw" not in _shown(failure.value)


def test_the_server_fixture_skips_when_postgresql_is_not_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server_module, "find_bindir", lambda: None)
    with pytest.raises(pytest.skip.Exception, match="binaries not found"), postgres_server():
        pass


def test_cli_publish_reports_what_it_published(published, pg_url, capsys, monkeypatch):
    from orchestration.cli import main

    monkeypatch.delenv("INFRATRACK_POSTGRES_URL", raising=False)
    assert main(["publish"]) == 2
    assert "give --postgres URL" in capsys.readouterr().err
    monkeypatch.setenv("INFRATRACK_POSTGRES_URL", pg_url)
    assert main(["publish", "--schema", "cli_marts"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"published {len(MART_TABLES)} marts (")
    assert "to schema cli_marts at 127.0.0.1:" in out
    with connect_read_only(published) as duck:
        expected = {
            t: duck.execute(f"select count(*) from {t}").fetchall()[0][0] for t in MART_TABLES
        }
    assert _counts(pg_url, "cli_marts") == expected
    assert f"({sum(expected.values()):,} rows)" in out
