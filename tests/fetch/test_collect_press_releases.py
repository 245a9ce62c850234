"""Earnings releases end to end on loopback: the submissions index, each filing's index and its
exhibit 99.1 are served by a local server; releases land once as press_release documents with
their issuer, accession and filing date, and a filing with no usable exhibit is recorded."""

import json
from datetime import date
from pathlib import Path

from ingest.land.rawstore import RAW_DOCUMENTS, RAW_FETCH_ERRORS, RawStore
from ingest.sources.config import load_sources
from ingest.sources.filings.landing import collect_press_releases
from ingest.sources.sec.client import SecClient
from tests.fetch.loopback import LOOPBACK_HOSTS, LoopbackServer

SAMPLE = Path(__file__).resolve().parents[2] / "sources" / "sample" / "sec" / "archives"
EXHIBIT = SAMPLE / "1326801" / "000132680125000080" / "meta-20250730xexhibit991.htm"
USER_AGENT = "Test Analyst test@example.com"
ARCHIVE = "/Archives/edgar/data/1326801"

RELEASES = [
    # (accession, filed, items, form)
    ("0001326801-25-000080", "2025-07-30", "2.02,9.01", "8-K"),
    ("0001326801-25-000062", "2025-05-29", "5.07", "8-K"),
    ("0001326801-25-000030", "2025-04-30", "2.02,9.01", "8-K"),
    ("0001326801-25-000017", "2025-01-30", "", "10-K"),
    ("0001326801-25-000010", "2025-01-29", "2.02", "8-K"),
]


def submissions() -> bytes:
    recent = {
        "accessionNumber": [r[0] for r in RELEASES],
        "filingDate": [r[1] for r in RELEASES],
        "items": [r[2] for r in RELEASES],
        "form": [r[3] for r in RELEASES],
        "primaryDocument": ["main.htm"] * len(RELEASES),
    }
    return json.dumps({"cik": "0001326801", "filings": {"recent": recent, "files": []}}).encode()


def listing(*names: str) -> bytes:
    return json.dumps(
        {"directory": {"item": [{"name": n, "type": "text.gif"} for n in names]}}
    ).encode()


FIRST_QUARTER = b"""<html><head><title>Exhibit 99.1</title></head><body>
<h1>Sample Filer Reports First Quarter 2025 Results</h1>
<p>Capital expenditures, including principal payments on finance leases, were $13.69 billion for
the first quarter of 2025, as the company kept building data centers for its AI work.</p>
<p>We expect full-year 2025 capital expenditures to be in the range of $64-72 billion.</p>
</body></html>"""

INDEX_PAGE = b"""<html><body><table class="tableFile">
<tr><td>1</td><td>8-K</td><td><a href="%s/000132680125000030/main.htm">main.htm</a></td><td>8-K</td></tr>
<tr><td>2</td><td>PRESS RELEASE</td><td><a href="%s/000132680125000030/q1pr.htm">q1pr.htm</a></td>
<td>EX-99.1</td></tr></table></body></html>""" % (ARCHIVE.encode(), ARCHIVE.encode())


def serve(server: LoopbackServer) -> None:
    def sec(body: bytes, content_type: str):
        def answer(handler):
            if "@" not in handler.headers.get("User-Agent", ""):
                return 403, {}, b"automated tool"
            return 200, {"Content-Type": content_type}, body

        return answer

    routes = {
        "/submissions/CIK0001326801.json": (submissions(), "application/json"),
        # Named as exhibit 99.1.
        f"{ARCHIVE}/000132680125000080/index.json": (
            listing("main.htm", "meta-20250730xexhibit991.htm", "meta-20250730.xsd"),
            "application/json",
        ),
        f"{ARCHIVE}/000132680125000080/meta-20250730xexhibit991.htm": (
            EXHIBIT.read_bytes(),
            "text/html",
        ),
        # Named otherwise: the index page's document type says which file it is.
        f"{ARCHIVE}/000132680125000030/index.json": (
            listing("main.htm", "q1pr.htm"),
            "application/json",
        ),
        f"{ARCHIVE}/000132680125000030/0001326801-25-000030-index.htm": (INDEX_PAGE, "text/html"),
        f"{ARCHIVE}/000132680125000030/q1pr.htm": (FIRST_QUARTER, "text/html"),
        # A hostile listing: its only exhibit is off the archives, and no index page exists.
        f"{ARCHIVE}/000132680125000010/index.json": (
            listing("https://evil.example/ex991.htm", "../../ex991.htm"),
            "application/json",
        ),
    }
    for path, (body, content_type) in routes.items():
        server.routes[path] = sec(body, content_type)


def sources(tmp_path: Path, server: LoopbackServer) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(
        "name: loopback\n"
        f"sec:\n  user_agent: '{USER_AGENT}'\n  submissions:\n"
        f"    - {{cik: 1326801, url: '{server.url('/submissions/CIK0001326801.json')}'}}\n"
        "politeness: {max_retries: 0, timeout_seconds: 2, backoff_seconds: 0.01,"
        " allow_private_hosts: ['127.0.0.1']}\n"
    )
    return path


def client(server: LoopbackServer) -> SecClient:
    return SecClient(
        USER_AGENT,
        base_url=server.base_url,
        archives_url=server.url("/Archives/edgar/data"),
        allow_private_hosts=LOOPBACK_HOSTS,
        sleep=lambda _s: None,
    )


def test_releases_land_once_with_their_issuer_and_filing(tmp_path):
    with LoopbackServer() as server:
        serve(server)
        config = load_sources(sources(tmp_path, server))
        store = RawStore(tmp_path / "raw")
        first = collect_press_releases(config, store, client(server))
        assert (first.attempted, first.landed, first.failed) == (3, 2, 1)
        rows = store.read(RAW_DOCUMENTS).sort_values("filing_id")
        assert rows["source_type"].tolist() == ["press_release", "press_release"]
        assert rows["subject_entity"].tolist() == ["Meta", "Meta"]
        assert rows["filing_id"].tolist() == ["0001326801-25-000030", "0001326801-25-000080"]
        filed = [d.date() for d in rows["filing_date"]]
        assert filed == [date(2025, 4, 30), date(2025, 7, 30)]
        assert [d.date() for d in rows["published_on"]] == filed
        assert rows["url"].str.endswith("/q1pr.htm").iloc[0]
        assert "$17.01 billion" in rows["main_text"].iloc[1]
        [error] = store.read(RAW_FETCH_ERRORS).to_dict("records")
        assert error["source_type"] == "press_release"
        # No listed name is usable, so the index page is asked for, and it does not exist.
        assert error["url"].endswith("/000132680125000010/0001326801-25-000010-index.htm")
        assert (error["stage"], error["http_status"]) == ("fetch", 404)
        # Nothing off the archives was asked for, and every request named a person.
        assert not any("evil" in path or ".." in path for path, _ in server.requests)
        assert all("@" in headers.get("User-Agent", "") for _, headers in server.requests)

        asked_before = len(server.requests)
        again = collect_press_releases(config, store, client(server))
        assert (again.landed, again.skipped_known, again.failed) == (0, 2, 1)
        # Landed accessions are not fetched again; only the failed one is tried again.
        assert [path.rsplit("/", 2)[-2:] for path, _ in server.requests[asked_before:]] == [
            ["submissions", "CIK0001326801.json"],
            ["000132680125000010", "index.json"],
            ["000132680125000010", "0001326801-25-000010-index.htm"],
        ]
        assert store.count(RAW_DOCUMENTS) == 2
        assert store.count(RAW_FETCH_ERRORS) == 1


def test_a_malformed_index_is_recorded_and_no_release_is_fetched(tmp_path):
    with LoopbackServer() as server:
        server.route("/submissions/CIK0001326801.json", body=b'{"cik": "0001326801", "filings": ')
        config = load_sources(sources(tmp_path, server))
        store = RawStore(tmp_path / "raw")
        report = collect_press_releases(config, store, client(server))
        assert (report.landed, report.failed) == (0, 1)
        assert store.read(RAW_FETCH_ERRORS)["stage"].tolist() == ["parse"]
        assert [path for path, _ in server.requests] == ["/submissions/CIK0001326801.json"]


def test_another_filers_index_is_not_landed_under_this_one(tmp_path):
    with LoopbackServer() as server:
        other = json.loads(submissions())
        other["cik"] = "0000789019"
        server.route("/submissions/CIK0001326801.json", body=json.dumps(other).encode())
        config = load_sources(sources(tmp_path, server))
        store = RawStore(tmp_path / "raw")
        report = collect_press_releases(config, store, client(server))
        assert report.landed == 0
        assert "asked for CIK 1326801" in store.read(RAW_FETCH_ERRORS)["reason"].iloc[0]


def test_without_user_agent_nothing_is_requested(tmp_path):
    with LoopbackServer() as server:
        path = sources(tmp_path, server)
        path.write_text(path.read_text().replace(USER_AGENT, ""))
        store = RawStore(tmp_path / "raw")
        report = collect_press_releases(load_sources(path), store)
        assert (report.attempted, report.failed, report.landed) == (1, 1, 0)
        assert server.requests == []
