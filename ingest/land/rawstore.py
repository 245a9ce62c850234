"""The raw layer: append-only Parquet files, one folder per table, partitioned by source and
fetch date (`<root>/<table>/source=<name>/fetch_date=<YYYY-MM-DD>/part-<hash>.parquet`).

Raw files are written once and never edited. A row whose key is already stored is not written
again, so a second refresh on the same inputs adds nothing. Files land under a temporary name
and are renamed into place, so a reader never sees half a file. The analysts' reviews are raw
rows too, numbered in the order they were recorded (`RawStore.next_in_sequence`). Ingest never
opens the DuckDB warehouse: the writer lock there belongs to dbt alone.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from ingest.land.atomic import replacing
from ingest.land.keys import stable_id


class RawSchemaError(ValueError):
    """A row that does not fit its raw table's schema."""


@dataclass(frozen=True)
class RawTable:
    name: str
    columns: tuple[tuple[str, str], ...]  # (column, DuckDB type)
    key: str  # the column that identifies a row

    @property
    def column_names(self) -> list[str]:
        return [c for c, _ in self.columns]


# The fields of a fact (docs/fact_contract.md) that both an extracted fact and an analyst's
# correction of one carry, in this order.
FACT_FIELD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("entity", "VARCHAR"),
    ("metric", "VARCHAR"),
    ("value", "DOUBLE"),
    ("unit", "VARCHAR"),
    ("bound", "VARCHAR"),
    ("period", "VARCHAR"),
    ("kind", "VARCHAR"),
)
RAW_DOCUMENTS = RawTable(
    "raw_documents",
    (
        ("document_id", "VARCHAR"),
        ("source_name", "VARCHAR"),
        ("feed_url", "VARCHAR"),
        ("url", "VARCHAR"),
        ("final_url", "VARCHAR"),
        ("fetched_at", "TIMESTAMPTZ"),
        ("fetch_date", "DATE"),
        ("http_status", "INTEGER"),
        ("content_sha256", "VARCHAR"),
        ("encoding", "VARCHAR"),
        ("title", "VARCHAR"),
        ("published_on", "DATE"),
        ("language", "VARCHAR"),
        ("main_text", "VARCHAR"),
        ("text_simhash64", "BIGINT"),
        ("html", "VARCHAR"),
        # Lineage of a page read from a news-crawl archive: the WARC file and the record's offset.
        ("archive_name", "VARCHAR"),
        ("archive_offset", "BIGINT"),
        # What kind of source stated the text (SOURCE_TYPES; rows from before it are news) and,
        # for a company's own statement, the issuer and the filing it came in.
        ("source_type", "VARCHAR"),
        ("subject_entity", "VARCHAR"),
        ("filing_id", "VARCHAR"),
        ("filing_date", "DATE"),
    ),
    "document_id",
)
# news: an article; press_release: an issuer's earnings release (8-K exhibit 99.1);
# exchange_announcement: a results announcement filed with a stock exchange (PDF).
SOURCE_TYPES = ("news", "press_release", "exchange_announcement")
RAW_FETCH_ERRORS = RawTable(
    "raw_fetch_errors",
    (
        ("error_id", "VARCHAR"),
        ("source_name", "VARCHAR"),
        ("source_type", "VARCHAR"),
        ("url", "VARCHAR"),
        ("stage", "VARCHAR"),
        ("reason", "VARCHAR"),
        ("http_status", "INTEGER"),
        ("occurred_at", "TIMESTAMPTZ"),
        ("fetch_date", "DATE"),
    ),
    "error_id",
)
RAW_EXTRACTED_FACTS = RawTable(
    "raw_extracted_facts",
    (
        ("fact_id", "VARCHAR"),
        ("document_id", "VARCHAR"),
        ("extractor_version", "VARCHAR"),
        ("ordinal", "INTEGER"),
        *FACT_FIELD_COLUMNS,
        ("yoy", "DOUBLE"),
        ("segment", "VARCHAR"),
        ("precision", "VARCHAR"),
        ("evidence", "VARCHAR"),
        ("char_start", "INTEGER"),
        ("char_end", "INTEGER"),
        ("confidence", "DOUBLE"),
        ("entity_type", "VARCHAR"),
        # Where in a PDF the figure stands: its page (1-based) and, when read from a table, the
        # cell ("<row label> | <column label>").
        ("evidence_page", "INTEGER"),
        ("evidence_cell", "VARCHAR"),
        ("extracted_at", "TIMESTAMPTZ"),
        ("fetch_date", "DATE"),
    ),
    "fact_id",
)
RAW_SEC_FACTS = RawTable(
    "raw_sec_facts",
    (
        ("vintage_id", "VARCHAR"),
        ("cik", "BIGINT"),
        ("entity_name", "VARCHAR"),
        ("taxonomy", "VARCHAR"),
        ("tag", "VARCHAR"),
        ("unit", "VARCHAR"),
        ("period_start", "DATE"),
        ("period_end", "DATE"),
        ("value", "DOUBLE"),
        ("accn", "VARCHAR"),
        ("fy", "INTEGER"),
        ("fp", "VARCHAR"),
        ("form", "VARCHAR"),
        ("filed", "DATE"),
        ("frame", "VARCHAR"),
        ("source_url", "VARCHAR"),
        ("fetched_at", "TIMESTAMPTZ"),
        ("content_sha256", "VARCHAR"),
        ("fetch_date", "DATE"),
    ),
    "vintage_id",
)
RAW_FX_RATES = RawTable(
    "raw_fx_rates",
    (
        ("rate_id", "VARCHAR"),
        ("rate_date", "DATE"),
        ("currency", "VARCHAR"),
        ("units_per_eur", "DOUBLE"),
        ("source_url", "VARCHAR"),
        ("fetched_at", "TIMESTAMPTZ"),
        ("content_sha256", "VARCHAR"),
        ("fetch_date", "DATE"),
    ),
    "rate_id",
)
# One row per source read by a refresh: a feed, a discovery query, the article list of the
# sources file, or an issuer a filings adapter reads. What it listed and what became of it;
# `infratrack status` sums these per source, and a query's next window starts at its last
# successful window's end. (`source_ref`, not `source`: the folder's `source=` is a column too.)
SOURCE_KINDS = ("feed", "query", "list", "issuer")
RAW_SOURCE_RUNS = RawTable(
    "raw_source_runs",
    (
        ("run_id", "VARCHAR"),
        ("source_name", "VARCHAR"),
        ("source_kind", "VARCHAR"),
        ("source_ref", "VARCHAR"),
        ("started_at", "TIMESTAMPTZ"),
        ("succeeded", "BOOLEAN"),
        ("error", "VARCHAR"),
        ("found", "INTEGER"),
        ("already_landed", "INTEGER"),
        ("skipped_before_fetch", "INTEGER"),
        ("fetched", "INTEGER"),
        ("relevant", "INTEGER"),
        ("window_start", "TIMESTAMPTZ"),
        ("window_end", "TIMESTAMPTZ"),
        ("fetch_date", "DATE"),
    ),
    "run_id",
)
# Analyst reviews, written by `infratrack review` one row (one part file) each, never edited: a
# later review of the same fact or entity supersedes an earlier one, which stays as history.
# Their key is a sequence number, so "later" never depends on clocks; the partition's fetch date
# is the day (UTC) the review was recorded.
RAW_FACT_REVIEWS = RawTable(
    "raw_fact_reviews",
    (
        ("review_seq", "BIGINT"),
        ("fact_id", "VARCHAR"),
        ("action", "VARCHAR"),
        # The fields a correction replaces; null where the review leaves the extracted one.
        *FACT_FIELD_COLUMNS,
        ("segment", "VARCHAR"),
        ("reviewer", "VARCHAR"),
        ("reviewed_at", "TIMESTAMPTZ"),
        ("reason", "VARCHAR"),
        ("fetch_date", "DATE"),
    ),
    "review_seq",
)
RAW_ENTITY_MERGES = RawTable(
    "raw_entity_merges",
    (
        ("merge_seq", "BIGINT"),
        ("from_entity", "VARCHAR"),
        ("into_entity", "VARCHAR"),
        ("reviewer", "VARCHAR"),
        ("reviewed_at", "TIMESTAMPTZ"),
        ("reason", "VARCHAR"),
        ("fetch_date", "DATE"),
    ),
    "merge_seq",
)
RAW_TABLES = {
    t.name: t
    for t in (
        RAW_DOCUMENTS,
        RAW_FETCH_ERRORS,
        RAW_EXTRACTED_FACTS,
        RAW_SEC_FACTS,
        RAW_FX_RATES,
        RAW_SOURCE_RUNS,
        RAW_FACT_REVIEWS,
        RAW_ENTITY_MERGES,
    )
}


class RawStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def table_dir(self, table: RawTable) -> Path:
        return self.root / table.name

    def glob(self, table: RawTable) -> str:
        return str(self.table_dir(table) / "**" / "*.parquet")

    def ensure_tables(self) -> None:
        """Give every table a zero-row schema file, so readers (dbt) find a table before any data
        and every column of it, also one added after older part files were written."""
        for table in RAW_TABLES.values():
            schema_file = self.table_dir(table) / "_schema.parquet"
            if not schema_file.exists() or self._columns(schema_file) != table.column_names:
                self._write(table, pd.DataFrame(columns=table.column_names), schema_file)

    @staticmethod
    def _columns(path: Path) -> list[str]:
        # The footer alone, by pyarrow: a DuckDB connection costs 60 ms, on every run's start.
        return list(pq.read_schema(path).names)

    def _files(self, table: RawTable) -> list[Path]:
        folder = self.table_dir(table)
        return sorted(folder.rglob("*.parquet")) if folder.exists() else []

    def read(self, table: RawTable, columns: Sequence[str] | None = None) -> pd.DataFrame:
        files = self._files(table)
        names = list(columns or table.column_names)
        if not files:
            return pd.DataFrame(columns=names)
        select = ", ".join(f'"{c}"' for c in names)
        with duckdb.connect() as con:
            return con.execute(
                f"SELECT {select} FROM read_parquet(?, union_by_name = true)",
                [[str(f) for f in files]],
            ).df()

    def keys(self, table: RawTable) -> set[str]:
        return self.distinct(table, table.key)

    def distinct(self, table: RawTable, column: str) -> set[str]:
        """The distinct values of one column, read without loading the others."""
        if column not in table.column_names:
            raise ValueError(f"{table.name} has no column {column!r}")
        files = self._files(table)
        if not files:
            return set()
        with duckdb.connect() as con:
            rows = con.execute(
                f'SELECT DISTINCT "{column}" FROM read_parquet(?, union_by_name = true)',
                [[str(f) for f in files]],
            ).fetchall()
        return {value for (value,) in rows if value is not None}

    @contextlib.contextmanager
    def unextracted_documents(
        self, extractor_version: str, batch_size: int
    ) -> Iterator[tuple[int, int, Iterator[list[dict[str, Any]]]]]:
        """(documents stored, documents not yet read at `extractor_version`, their texts in
        batches). Only keys are compared; texts are streamed, never all in memory."""
        self.ensure_tables()
        documents = self._files(RAW_DOCUMENTS)
        facts = self._files(RAW_EXTRACTED_FACTS)
        with duckdb.connect() as con:
            con.execute("SET TimeZone = 'UTC'")
            con.execute(
                "CREATE TABLE done AS SELECT DISTINCT document_id FROM read_parquet(?, "
                "union_by_name = true) WHERE extractor_version = ?",
                [[str(f) for f in facts], extractor_version],
            )
            # Parameters, not a view: a view's definition cannot take the file list as one.
            documents_from = "FROM read_parquet($files, union_by_name = true) d"
            pending = (
                f"{documents_from} WHERE NOT EXISTS "
                "(SELECT 1 FROM done WHERE done.document_id = d.document_id)"
            )
            files = {"files": [str(f) for f in documents]}
            [(total,)] = con.execute(f"SELECT count(*) {documents_from}", files).fetchall()
            [(unread,)] = con.execute(f"SELECT count(*) {pending}", files).fetchall()
            reader = con.sql(
                "SELECT document_id, main_text, published_on, fetched_at, source_type, "
                f"subject_entity {pending}",
                params=files,
            ).to_arrow_reader(batch_size)

            def batches() -> Iterator[list[dict[str, Any]]]:
                for record_batch in reader:
                    yield record_batch.to_pylist()

            yield int(total), int(unread), batches()

    @contextlib.contextmanager
    def next_in_sequence(self, table: RawTable) -> Iterator[int]:
        """The next number of `table`'s key (one above the largest landed; 1 on an empty table),
        with an exclusive lock on the table's sequence held until the block ends. Land the row
        numbered so inside the block: two writers at once, in one process or several, never draw
        the same number, and the one that draws later lands after the other has landed."""
        self.root.mkdir(parents=True, exist_ok=True)
        # A lock file beside the tables, not in one: readers glob the table folders for Parquet.
        with (self.root / f".{table.name}.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield 1 + int(self.newest(table, table.key) or 0)

    def count(self, table: RawTable) -> int:
        files = self._files(table)
        if not files:
            return 0
        with duckdb.connect() as con:
            row = con.execute(
                "SELECT count(*) FROM read_parquet(?)", [[str(f) for f in files]]
            ).fetchall()
        return int(row[0][0])

    def newest(self, table: RawTable, column: str) -> Any:
        """The largest value of `column` (None when the table has no rows), computed by DuckDB
        over that one column; timestamps come back in UTC."""
        if column not in table.column_names:
            raise ValueError(f"{table.name} has no column {column!r}")
        files = self._files(table)
        if not files:
            return None
        with duckdb.connect() as con:
            con.execute("SET TimeZone = 'UTC'")
            row = con.execute(
                f'SELECT max("{column}") FROM read_parquet(?, union_by_name = true)',
                [[str(f) for f in files]],
            ).fetchall()
        return row[0][0]

    def append(
        self,
        table: RawTable,
        rows: Iterable[Mapping[str, Any]],
        source_name: str,
        fetch_date: date,
        known: set[str] | None = None,
    ) -> int:
        """Write the rows whose key is new as one part file; returns how many were written.

        `known` is the caller's set of stored keys, read once and kept current here, so landing
        in many batches does not re-read the table's keys for each one."""
        if known is None:
            known = self.keys(table)
        fresh: dict[str, Mapping[str, Any]] = {}
        columns = set(table.column_names)
        for row in rows:
            if unknown := row.keys() - columns:
                # A misspelt field would otherwise land as a null column and vanish.
                raise RawSchemaError(f"{table.name} has no column {', '.join(sorted(unknown))}")
            key = row[table.key]
            if key not in known and key not in fresh:
                fresh[key] = row
        if not fresh:
            return 0
        frame = pd.DataFrame([{c: r.get(c) for c in table.column_names} for r in fresh.values()])
        digest = stable_id(*sorted(fresh))[:16]
        safe_source = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in source_name)
        target = (
            self.table_dir(table)
            / f"source={safe_source}"
            / f"fetch_date={fetch_date.isoformat()}"
            / f"part-{digest}.parquet"
        )
        self._write(table, frame, target)
        known.update(fresh)
        return len(fresh)

    def _write(self, table: RawTable, frame: pd.DataFrame, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in table.columns)
        # Two backfill processes may write the same schema file at once: each its own temporary.
        with replacing(target) as temporary, duckdb.connect() as con:
            con.execute("SET TimeZone = 'UTC'")
            con.register("incoming", frame)
            con.execute(f"COPY (SELECT {casts} FROM incoming) TO '{temporary}' (FORMAT parquet)")
