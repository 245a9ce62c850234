import json

import pytest

from ingest.http.politeness import MAX_DOCUMENT_BYTES
from orchestration.cli import main


def test_extract_seed_article(seed_text, capsys):
    from tests.conftest import SEED_FILE

    assert main(["extract", str(SEED_FILE), "--published", "2025-03-04"]) == 0
    facts = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    metrics = {f["metric"] for f in facts}
    assert metrics >= {"capex", "compute", "accelerators", "revenue"}
    assert {
        "entity": "Alibaba",
        "value": 380000000000,
        "unit": "CNY",
        "period": "2025-2027",
    }.items() <= next(
        f for f in facts if f["entity"] == "Alibaba" and f["value"] == 380000000000
    ).items()


def test_extract_html_file_as_table(sample_dir, capsys):
    page = (
        sample_dir
        / "sites"
        / "www.techwire.example"
        / "2025"
        / "01"
        / "03"
        / "microsoft-80-billion-ai-data-centres.html"
    )
    assert main(["extract", str(page), "--published", "2025-01-03", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "Microsoft" in out and "FY2025" in out


def test_extract_errors_are_one_line(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "none.txt"), "--published", "2025-03-04"]) == 2
    assert capsys.readouterr().err.strip().startswith("infratrack: error: no such file")
    text = tmp_path / "a.txt"
    text.write_text("x")
    assert main(["extract", str(text), "--published", "March 4"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_refresh_rejects_a_bad_sources_file(tmp_path, capsys):
    bad = tmp_path / "bad.yml"
    bad.write_text("nonsense: 1\n")
    assert main(["refresh", "--sources", str(bad)]) == 2
    assert "bad.yml:1: nonsense: unknown key" in capsys.readouterr().err


def test_extract_refuses_a_file_above_the_size_limit(tmp_path, capsys):
    big = tmp_path / "big.html"
    with big.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    assert main(["extract", str(big), "--published", "2025-01-01"]) == 2
    assert "documents above 5,000,000 bytes are refused" in capsys.readouterr().err


def test_the_dbt_version_is_read_without_running_dbt(monkeypatch):
    """`dbt --version` asks PyPI for the latest release: the resource must not run it."""
    import dagster_dbt.core.resource

    from orchestration.defs.resources import build_resources

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"ran {args}")

    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", no_subprocess)
    assert build_resources()["dbt"]._cli_version.major == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-02-01", "2025-01-01", "is before --from"),
        ("2025-01-01", "2045-01-01", "more than the 3660 one backfill takes"),
        ("2025-13-01", "2025-01-01", "dates are YYYY-MM-DD"),
        ("yesterday", "2025-01-01", "dates are YYYY-MM-DD"),
    ],
)
def test_backfill_refuses_a_range_that_is_not_one(start, end, message, capsys):
    assert main(["backfill", "--from", start, "--to", end, "--land-only"]) == 2
    assert message in capsys.readouterr().err


FACT_ID = "0123456789abcdef0123456789abcdef"
FILING_FACT_ID = "fedcba9876543210fedcba9876543210"


@pytest.fixture
def published_data_dir(tmp_path, monkeypatch):
    """A data folder whose published warehouse holds one news fact, one filing fact and two
    entities: enough for `infratrack review` to find what it reviews."""
    import duckdb

    data_dir = tmp_path / "data"
    (data_dir / "published").mkdir(parents=True)
    with duckdb.connect(str(data_dir / "published" / "infratrack.duckdb")) as con:
        con.execute(
            "create table fct_capex as select * from (values "
            f"('{FACT_ID}', 'Alphabet', 'news'), ('{FILING_FACT_ID}', 'Alphabet', 'filing')"
            ") as t(fact_id, entity, source_type)"
        )
        con.execute(
            "create table dim_company as select * from (values "
            "('Northwind Compute', 'discovered'), ('黔云智算科技', 'discovered')"
            ") as t(entity, origin)"
        )
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(data_dir))
    return data_dir


def test_a_review_is_recorded_in_the_data_folder(published_data_dir, capsys):
    from ingest.review.log import reviews_of

    command = ["review", "correct", FACT_ID, "value=75000000000", "--by", "Ana", "--why", "typo"]
    assert main(command) == 0
    table = published_data_dir / "raw" / "raw_fact_reviews"
    assert f"recorded as review 1 in {table}." in capsys.readouterr().out
    assert [(r["action"], r["value"]) for r in reviews_of(FACT_ID)] == [("correct", 75e9)]
    merge = ["review", "merge", "黔云智算科技", "Northwind Compute", "--by", "Ana", "--why", "same"]
    assert main(merge) == 0
    merges = published_data_dir / "raw" / "raw_entity_merges"
    assert f"recorded as merge 1 in {merges}." in capsys.readouterr().out


def test_a_filing_fact_is_not_reviewed(published_data_dir, capsys):
    from ingest.land.rawstore import RAW_FACT_REVIEWS, RawStore

    command = ["review", "reject", FILING_FACT_ID, "--by", "Ana", "--why", "wrong"]
    assert main(command) == 2
    assert "only extracted news facts are reviewed" in capsys.readouterr().err
    assert RawStore(published_data_dir / "raw").count(RAW_FACT_REVIEWS) == 0
