import json

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
    assert "unknown section" in capsys.readouterr().err
