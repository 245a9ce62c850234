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
