"""The submissions index parser and the exhibit 99.1 locator, on well-formed and hostile input."""

import json
from datetime import date

import pytest

from ingest.sources.filings.exhibits import (
    FilingIndexError,
    document_url,
    exhibit_by_name,
    exhibit_by_type,
    filing_index_page_url,
    filing_index_url,
    parse_filing_index,
)
from ingest.sources.filings.submissions import (
    MAX_FILINGS_PER_PAGE,
    FilingsParseError,
    earnings_releases,
    parse_older_page,
    parse_submissions,
)


def recent(**overrides: list) -> dict:
    table = {
        "accessionNumber": ["0001326801-25-000030", "0001326801-25-000017", "0001326801-25-000009"],
        "filingDate": ["2025-04-30", "2025-01-29", "2025-01-10"],
        "form": ["8-K", "10-K", "8-K"],
        "items": ["2.02,9.01", "", "5.02"],
        "primaryDocument": ["meta-20250430.htm", "meta-20241231.htm", "meta-20250110.htm"],
    }
    table.update(overrides)
    return table


def submissions(cik: object = "0001326801", **overrides: list) -> bytes:
    document = {
        "cik": cik,
        "name": "Sample Filer",
        "filings": {
            "recent": recent(**overrides),
            "files": [
                {"name": "CIK0001326801-submissions-001.json", "filingCount": 10},
                {"name": "https://evil.example/page.json"},
                {"name": "../../etc/passwd"},
                "not an object",
            ],
        },
    }
    return json.dumps(document).encode()


def test_earnings_releases_are_the_8ks_with_item_2_02():
    page = parse_submissions(submissions(), expected_cik=1326801)
    assert page.cik == 1326801 and len(page.filings) == 3 and page.skipped_rows == 0
    [release] = earnings_releases(page.filings)
    assert release.accession == "0001326801-25-000030"
    assert release.filing_date == date(2025, 4, 30)
    assert release.items == ("2.02", "9.01")
    # Only the SEC's own page names are followed.
    assert page.older_pages == ["CIK0001326801-submissions-001.json"]


def test_an_amended_release_counts_and_releases_come_newest_first():
    page = parse_submissions(
        submissions(form=["8-K", "8-K/A", "8-K"], items=["2.02", "2.02", "2.02,7.01"])
    )
    assert [f.accession for f in earnings_releases(page.filings)] == [
        "0001326801-25-000030",
        "0001326801-25-000017",
        "0001326801-25-000009",
    ]


def test_an_older_page_has_its_arrays_at_the_top_level():
    content = json.dumps(recent(items=["2.02", "", "2.02"])).encode()
    filings, skipped = parse_older_page(content, 1326801)
    assert skipped == 0
    assert len(earnings_releases(filings)) == 2


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"cik": "1326801", "filings": ', "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b"[1, 2, 3]", "not an object"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (json.dumps({"cik": "1326801", "filings": []}).encode(), "'filings' is not an object"),
        (json.dumps({"cik": True, "filings": {}}).encode(), "not a CIK"),
        (json.dumps({"cik": "13x", "filings": {}}).encode(), "not a CIK"),
        (json.dumps({"cik": -5, "filings": {}}).encode(), "not a CIK"),
        (json.dumps({"cik": "1", "filings": {"recent": "x"}}).encode(), "not an object"),
        (submissions(form="8-K"), "'form' is not an array"),
        (submissions(form=["8-K"]), "differ in length"),
        (
            json.dumps({"cik": "1", "filings": {"recent": {"form": []}}}).encode(),
            "lacks 'accessionNumber'",
        ),
    ],
)
def test_malformed_submissions_are_refused(content, message):
    with pytest.raises(FilingsParseError, match=message):
        parse_submissions(content)


def test_another_filers_index_is_refused():
    with pytest.raises(FilingsParseError, match="asked for CIK 789019"):
        parse_submissions(submissions(), expected_cik=789019)


def test_absurd_sizes_are_refused():
    rows = MAX_FILINGS_PER_PAGE + 1
    huge = {name: [None] * rows for name in ("accessionNumber", "filingDate", "form")}
    with pytest.raises(FilingsParseError, match="more than any filer has"):
        parse_older_page(json.dumps(huge).encode(), 1)
    with pytest.raises(FilingsParseError, match="larger than"):
        parse_submissions(b" " * 50_000_001)


def test_rows_with_wrong_types_are_skipped_not_guessed():
    page = parse_submissions(
        submissions(
            accessionNumber=["0001326801-25-000030", 12345, "../../x"],
            filingDate=["2025-02-30", "2025-01-29", "2025-01-10"],
            items=["2.02", ["2.02"], "2.02"],
        )
    )
    # A February 30th, a numeric accession, a path for an accession: nothing survives.
    assert page.filings == [] and page.skipped_rows == 3
    page = parse_submissions(submissions(items=["2.02; DROP TABLE", None, "5.02"]))
    assert [f.accession for f in page.filings] == [
        "0001326801-25-000017",
        "0001326801-25-000009",
    ]


def index(*names: object) -> bytes:
    items = [{"name": n, "type": "text.gif", "size": "1"} for n in names]
    return json.dumps({"directory": {"name": "/Archives/edgar/data/1", "item": items}}).encode()


@pytest.mark.parametrize(
    "name",
    [
        "meta-20250430xexhibit991.htm",
        "msft-ex99_1.htm",
        "amzn-20250430xex991.htm",
        "d123456dex991.htm",
        "q1-2025-ex-99.1.html",
        "exhibit9901.htm",
    ],
)
def test_exhibit_99_1_is_found_by_its_name(name):
    names = parse_filing_index(index("0001-25-000030-index-headers.html", "main.htm", name))
    assert exhibit_by_name(names) == name


def test_no_or_several_named_exhibits_leave_the_type_to_decide():
    assert exhibit_by_name(["a-ex99.htm", "a-ex9910.htm", "a-ex991.pdf", "r1.htm"]) is None
    assert exhibit_by_name(["a-ex991.htm", "b-exhibit991.htm"]) is None


def test_hostile_index_entries_never_become_urls():
    names = parse_filing_index(
        index(
            "https://evil.example/ex991.htm",
            "../../../ex991.htm",
            "/etc/ex991.htm",
            "sub/dir-ex991.htm",
            None,
            42,
            "ok-ex991.htm",
        )
    )
    assert names == ["ok-ex991.htm"]
    for bad in ("https://evil.example/x.htm", "..", "a/../b.htm", "a b.htm", "x" * 300):
        with pytest.raises(FilingIndexError):
            document_url(1326801, "0001326801-25-000030", bad)


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"directory": {"item": "x"}}',
        b'{"directory": []}',
        b"[]",
        b" " * 5_000_001,
        json.dumps({"directory": {"item": [{}] * 10_001}}).encode(),
    ],
)
def test_malformed_filing_indexes_are_refused(content):
    with pytest.raises(FilingIndexError):
        parse_filing_index(content)


def test_urls_are_built_on_the_archives():
    archives = "https://www.sec.gov/Archives/edgar/data"
    assert filing_index_url(1326801, "0001326801-25-000030") == (
        f"{archives}/1326801/000132680125000030/index.json"
    )
    assert filing_index_page_url(1326801, "0001326801-25-000030") == (
        f"{archives}/1326801/000132680125000030/0001326801-25-000030-index.htm"
    )
    assert document_url(1326801, "0001326801-25-000030", "q1pr.htm", "http://127.0.0.1:9/A") == (
        "http://127.0.0.1:9/A/1326801/000132680125000030/q1pr.htm"
    )


INDEX_PAGE = b"""<html><body><table class="tableFile">
<tr><th>Seq</th><th>Description</th><th>Document</th><th>Type</th><th>Size</th></tr>
<tr><td>1</td><td>8-K</td><td><a href="/ix?doc=/Archives/edgar/data/1/2/main.htm">main.htm</a></td>
<td>8-K</td><td>30000</td></tr>
<tr><td>2</td><td>PRESS RELEASE</td>
<td><a href="/Archives/edgar/data/1045810/000104581025000023/q4fy25pr.htm">q4fy25pr.htm</a></td>
<td>EX-99.1</td><td>90000</td></tr>
</table></body></html>"""


def test_exhibit_99_1_is_found_by_its_document_type():
    assert exhibit_by_type(INDEX_PAGE) == "q4fy25pr.htm"
    # Only the file name of the link counts: another host's link still names a file here.
    offsite = INDEX_PAGE.replace(
        b"/Archives/edgar/data/1045810/000104581025000023/q4fy25pr.htm",
        b"https://evil.example/steal/pr.htm",
    )
    assert exhibit_by_type(offsite) == "pr.htm"
    assert exhibit_by_type(INDEX_PAGE.replace(b"EX-99.1", b"EX-99.2")) is None
    assert exhibit_by_type(b"\x00\x01 garbage <<<") is None
    assert exhibit_by_type(INDEX_PAGE.replace(b"q4fy25pr.htm", b"..")) is None


def test_sources_file_names_filers_whose_releases_land(tmp_path):
    from ingest.sources.config import SourcesConfigError, load_sources

    path = tmp_path / "sources.yml"
    path.write_text("sec:\n  submissions:\n    - 1326801\n")
    config = load_sources(path)
    assert [f.url for f in config.submissions] == [
        "https://data.sec.gov/submissions/CIK0001326801.json"
    ]
    assert config.releases_per_filer == 8 and not config.is_offline
    path.write_text("sec:\n  submissions: [1326801]\n  releases_per_filer: 0\n")
    with pytest.raises(SourcesConfigError, match=r":3: sec.releases_per_filer"):
        load_sources(path)
    path.write_text("sec:\n  submissions: [{cik: 1, url: 'ftp://x/CIK1.json'}]\n")
    with pytest.raises(
        SourcesConfigError, match=r"sec\.submissions\.0\.url: .*'ftp' is not allowed"
    ):
        load_sources(path)
