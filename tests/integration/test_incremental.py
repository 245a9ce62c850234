"""An incremental refresh builds the warehouse a rebuild would. Land a synthetic page and its
copy, refresh the sample; land more (a newer version of a page a content farm copied, two late
copies of the synthetic page under old fetch dates, a newer extractor's reading of another page)
and correct a fact as an analyst; refresh incrementally; rebuild with `infratrack refresh
--full-refresh`. Every mart and every incremental model must match row for row, and the
incremental build must have kept the rows it had."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ingest.land.keys import sha256, stable_id
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_EXTRACTED_FACTS, RawStore
from ingest.review.log import record_review
from orchestration.cli import main
from orchestration.project import DBT_PROJECT_DIR
from tests.repo_files import changed_files, tracked_file_hashes

pytestmark = pytest.mark.integration

INCREMENTAL_MODELS = (
    "staging.stg_news__documents",
    "staging.stg_news__extracted_facts",
    "intermediate.int_news_documents_simhash_matches",
)
# When a build wrote a row: the one column an incremental build and a rebuild must differ in.
BUILD_TIME_COLUMNS = {"loaded_at"}
# A page of the sample that a content-farm page copies (7 SimHash bits apart).
COPIED_PAGE = "doc-inkz3800a.html"
REREAD_PAGE = "northwind-compute-amarillo-campus.html"
# Synthetic pages with no figures, far (in SimHash bits) from every page of the sample: a page,
# its copy, and later a copy dated between the two and a copy dated before both.
PAGE_SIMHASH = 0x5A5A0F0F3C3C9696
SYNTHETIC_PAGES = {
    "page": (date(2025, 3, 1), PAGE_SIMHASH),
    "copy": (date(2025, 3, 3), PAGE_SIMHASH ^ 0b11111),
    "copy_between": (date(2025, 3, 2), PAGE_SIMHASH ^ 0b100000),
    "copy_before": (date(2025, 2, 28), PAGE_SIMHASH ^ (0xFF << 40)),
}


@dataclass(frozen=True)
class Landed:
    """Document ids of what landed, by role."""

    ids: dict[str, str]
    new_reading_ids: frozenset[str]


@dataclass(frozen=True)
class Builds:
    data_dir: Path
    first: Path
    incremental: Path
    full: Path
    landed: Landed
    schema_change: subprocess.CompletedProcess
    # Tracked files of the checkout that the refreshes and the review changed (none may).
    changed_tracked_files: list[str]


def synthetic_page(name: str) -> dict:
    published, simhash = SYNTHETIC_PAGES[name]
    url = f"https://www.copydesk.example/{published:%Y/%m/%d}/{name.replace('_', '-')}.html"
    text = f"A page written for the incremental test ({name}); it reports no figure."
    fetched = datetime.combine(published, datetime.min.time(), UTC) + timedelta(hours=6)
    return {
        "document_id": stable_id(url, sha256(text.encode())),
        "source_name": "copydesk",
        "feed_url": None,
        "url": url,
        "final_url": url,
        "fetched_at": fetched,
        "fetch_date": fetched.date(),
        "http_status": 200,
        "content_sha256": sha256(text.encode()),
        "encoding": "utf-8",
        "title": name,
        "published_on": published,
        "language": "en",
        "main_text": text,
        "text_simhash64": simhash,
        "html": f"<p>{text}</p>",
    }


def land_before_the_first_refresh(store: RawStore) -> dict[str, str]:
    """A page and its copy, so the first build holds a copy whose original stays."""
    pages = [synthetic_page("page"), synthetic_page("copy")]
    assert store.append(RAW_DOCUMENTS, pages, "copydesk", date(2025, 3, 3)) == 2
    return {"page": pages[0]["document_id"], "copy": pages[1]["document_id"]}


def _row(frame: pd.DataFrame, url_suffix: str) -> dict:
    (row,) = frame[frame["url"].str.endswith(url_suffix)].to_dict("records")
    return row


def land_between_the_refreshes(store: RawStore) -> tuple[dict[str, str], frozenset[str]]:
    """Straight into the raw layer: a newer version of the copied page (its copy must find a new
    original), two copies of the synthetic page landed late under their old fetch dates (one
    dated before it, one between it and its copy), and a newer extractor's reading of a page."""
    now = datetime.now(UTC)
    documents = store.read(RAW_DOCUMENTS)
    copied = _row(documents, COPIED_PAGE)
    text = copied["main_text"] + " Updated: the desk added a note on the timing of the spend."
    new_version = copied | {
        "document_id": stable_id(copied["url"], sha256(text.encode())),
        "content_sha256": sha256(text.encode()),
        "main_text": text,
        "text_simhash64": copied["text_simhash64"] ^ 0b11,
        "published_on": copied["published_on"] + timedelta(days=1),
        "fetched_at": now,
        "fetch_date": now.date(),
    }
    assert store.append(RAW_DOCUMENTS, [new_version], "sample", now.date()) == 1
    late = {name: synthetic_page(name) for name in ("copy_between", "copy_before")}
    for page in late.values():
        assert store.append(RAW_DOCUMENTS, [page], "copydesk", page["fetch_date"]) == 1

    # A newer extractor reads another page: one figure doubles, the last one is gone.
    reread = _row(documents, REREAD_PAGE)
    facts = store.read(RAW_EXTRACTED_FACTS)
    old_reading = facts[facts["document_id"] == reread["document_id"]].sort_values("ordinal")
    assert len(old_reading) >= 2, "the page to read again has facts"
    newer = old_reading["extractor_version"].max() + ".1"
    first_ordinal = old_reading["ordinal"].min()
    new_reading = [
        fact
        | {
            "fact_id": stable_id(fact["document_id"], newer, fact["ordinal"]),
            "extractor_version": newer,
            "value": fact["value"] * (2 if fact["ordinal"] == first_ordinal else 1),
            "extracted_at": now,
            "fetch_date": now.date(),
        }
        for fact in old_reading.to_dict("records")[:-1]
    ]
    landed = store.append(RAW_EXTRACTED_FACTS, new_reading, "extractor", now.date())
    assert landed == len(new_reading)
    ids = {
        "copied": copied["document_id"],
        "new_version": new_version["document_id"],
        "reread": reread["document_id"],
        **{name: page["document_id"] for name, page in late.items()},
    }
    return ids, frozenset(f["fact_id"] for f in new_reading)


def query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def build_after_a_column_vanished(data_dir: Path, target: Path) -> subprocess.CompletedProcess:
    """Drop a column of an incremental model's table and build that model incrementally."""
    with duckdb.connect(str(data_dir / "warehouse" / "infratrack.duckdb")) as con:
        con.execute("alter table staging.stg_news__documents drop column title")
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "run",
            "--select",
            "stg_news__documents",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ, INFRATRACK_DATA_DIR=str(data_dir)),
        check=False,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    path = tmp_path_factory.mktemp("data")
    snapshots = tmp_path_factory.mktemp("snapshots")
    published = path / "published" / "infratrack.duckdb"
    tracked_before = tracked_file_hashes()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INFRATRACK_DATA_DIR", str(path))
        patch.setenv("DAGSTER_HOME", str(path / "dagster_home"))
        store = RawStore(path / "raw")
        synthetic = land_before_the_first_refresh(store)
        assert main(["refresh", "--quiet"]) == 0
        shutil.copyfile(published, snapshots / "first.duckdb")
        ids, new_reading_ids = land_between_the_refreshes(store)
        ((misprint,),) = query(
            published,
            "select fact_id from fct_capex where entity = 'Alphabet' and value_native = 57e9",
        )
        # Into this data folder's raw layer: $INFRATRACK_DATA_DIR is the test's folder.
        record_review(misprint, "correct", "Test Analyst", "misprint", {"value": "75000000000"})
        assert main(["refresh", "--quiet"]) == 0
        shutil.copyfile(published, snapshots / "incremental.duckdb")
        schema_change = build_after_a_column_vanished(path, snapshots / "dbt_target")
        assert main(["refresh", "--quiet", "--full-refresh"]) == 0
    return Builds(
        path,
        snapshots / "first.duckdb",
        snapshots / "incremental.duckdb",
        published,
        Landed(synthetic | ids, new_reading_ids),
        schema_change,
        changed_files(tracked_before, tracked_file_hashes()),
    )


def compared_tables(database: Path) -> list[str]:
    marts = [
        f"main.{name}"
        for (name,) in query(
            database,
            "select table_name from information_schema.tables "
            "where table_schema = 'main' and table_type = 'BASE TABLE' order by 1",
        )
    ]
    return marts + list(INCREMENTAL_MODELS)


def test_incremental_refresh_equals_a_full_rebuild(builds):
    tables = compared_tables(builds.full)
    assert len(tables) >= 13, "ten marts and three incremental models"
    assert compared_tables(builds.incremental) == tables
    with duckdb.connect() as con:
        con.execute(f"attach '{builds.incremental}' as incremental (read_only)")
        con.execute(f"attach '{builds.full}' as full_rebuild (read_only)")
        for table in tables:
            schema, name = table.split(".")
            described = [
                con.execute(
                    "select column_name, data_type from duckdb_columns() where database_name = ? "
                    "and schema_name = ? and table_name = ? order by column_index",
                    [database, schema, name],
                ).fetchall()
                for database in ("incremental", "full_rebuild")
            ]
            assert described[0] == described[1], f"{table}: columns differ"
            columns = [c for c, _ in described[1] if c not in BUILD_TIME_COLUMNS]
            select = ", ".join(f'"{c}"' for c in columns)
            for left, right in (("incremental", "full_rebuild"), ("full_rebuild", "incremental")):
                extra = con.execute(
                    f"select count(*) from (select {select} from {left}.{table} "
                    f"except all select {select} from {right}.{table})"
                ).fetchall()[0][0]
                assert extra == 0, f"{table}: {extra} rows of the {left} build not in the other"
            (rows,) = con.execute(f"select count(*) from incremental.{table}").fetchall()[0]
            assert rows > 0, f"{table} is empty: the comparison proves nothing"


def test_the_incremental_build_kept_the_rows_it_had(builds):
    """Rows of the first refresh keep its load time; only what landed was written again."""
    ids = builds.landed.ids
    (first_load,) = query(
        builds.first, "select distinct loaded_at from staging.stg_news__documents"
    )
    (documents,) = query(builds.first, "select count(*) from staging.stg_news__documents")
    written = query(
        builds.incremental,
        "select loaded_at, list(document_id order by document_id), count(*) "
        "from staging.stg_news__documents group by 1 order by 1",
    )
    assert [(load, n) for load, _, n in written][:1] == [(first_load[0], documents[0])]
    assert set(written[1][1]) == {ids["new_version"], ids["copy_between"], ids["copy_before"]}
    facts_written = query(
        builds.incremental,
        "select distinct document_id from staging.stg_news__extracted_facts "
        f"where loaded_at > '{first_load[0]}'",
    )
    assert {d for (d,) in facts_written} == {ids["new_version"], ids["reread"]}
    matches_written = query(
        builds.incremental,
        "select document_id from intermediate.int_news_documents_simhash_matches "
        f"where loaded_at > '{first_load[0]}'",
    )
    # The arrivals, the copy whose original was replaced, the page an arrival now precedes, and
    # the page's copy (an arrival is close to it, but later than the original it keeps).
    (copy_of_copied,) = query(
        builds.first,
        "select document_id from intermediate.int_news_documents_near_duplicates "
        f"where original_document_id = '{ids['copied']}'",
    )
    assert {d for (d,) in matches_written} == {
        ids["new_version"],
        ids["copy_between"],
        ids["copy_before"],
        copy_of_copied[0],
        ids["page"],
        ids["copy"],
    }
    # The rebuild wrote every row again, at once.
    for model in INCREMENTAL_MODELS:
        (rebuilt,) = query(builds.full, f"select distinct loaded_at from {model}")
        assert rebuilt[0] > written[1][0], model


def test_what_landed_reached_the_marts(builds):
    """The landed rows changed the marts (so the equality above compares something)."""
    ids = builds.landed.ids
    first = dict(query(builds.first, "select source_id, near_duplicate_of from dim_source"))
    now = dict(query(builds.incremental, "select source_id, near_duplicate_of from dim_source"))
    assert first[ids["copy"]] == ids["page"] and first[ids["page"]] is None
    (copy_of_copied,) = [source for source, original in first.items() if original == ids["copied"]]
    # Its original was replaced by a newer version of its page: the copy points at that one.
    assert now[copy_of_copied] == ids["new_version"]
    # A copy dated before the page is now the page's original; the copy dated between them
    # does not take the page's copy from the page.
    assert now[ids["page"]] == ids["copy_before"]
    assert now[ids["copy"]] == ids["page"]
    assert now[ids["copy_between"]] == ids["copy_before"]
    readings = query(
        builds.incremental,
        "select distinct extractor_version from staging.stg_news__extracted_facts "
        f"where document_id = '{ids['reread']}'",
    )
    assert len(readings) == 1 and readings[0][0].endswith(".1")
    facts = query(
        builds.incremental, "select extracted_fact_id from staging.stg_news__extracted_facts"
    )
    assert {fact for (fact,) in facts} >= builds.landed.new_reading_ids
    assert not query(
        builds.incremental,
        "select 1 from fct_capex where entity = 'Alphabet' and value_native = 57e9",
    )


def test_a_model_whose_columns_changed_fails_until_a_full_refresh(builds):
    """on_schema_change = fail: a table whose columns no longer match its model stops the build
    with the reason (here the table lost a column, as when the model gains one); the
    --full-refresh that followed rebuilt it whole."""
    assert builds.schema_change.returncode != 0
    assert "out of sync" in builds.schema_change.stdout
    columns = "select column_name from duckdb_columns() where table_name = 'stg_news__documents'"
    assert ("title",) in query(builds.full, columns)
    assert sorted(query(builds.full, columns)) == sorted(query(builds.incremental, columns))


def test_a_review_survives_a_full_refresh(builds):
    """The correction recorded between the refreshes is in the raw layer, so the rebuild of
    every model from the whole raw layer applies it like the incremental build did."""
    sql = (
        "select count(*) filter (where value_native = 57e9), list(review_state) filter "
        "(where value_native = 75e9 and period_label = '2025' and reviewer = 'Test Analyst') "
        "from fct_capex where entity = 'Alphabet'"
    )
    assert query(builds.first, sql) == [(1, None)]
    assert query(builds.full, sql) == [(0, ["corrected"])]
    assert query(builds.incremental, sql) == query(builds.full, sql)


def test_the_refreshes_and_the_review_left_the_checkout_alone(builds):
    assert builds.changed_tracked_files == []
