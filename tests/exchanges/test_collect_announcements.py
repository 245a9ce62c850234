"""Exchange announcements end to end on loopback: the list, the look-up and the PDFs served by a
real server; a good PDF lands once with its issuer and filing, bad ones are recorded and
skipped, and the extraction step gives its facts page and cell."""

import json
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from ingest.extract.documents import extract_documents
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_EXTRACTED_FACTS, RAW_FETCH_ERRORS, RawStore
from ingest.sources.config import load_sources
from ingest.sources.exchanges.collect import collect_announcements
from ingest.sources.exchanges.hkex import stock_id_url, title_search_url
from ingest.sources.exchanges.samplepdf import CHINA_MOBILE_2025, announcement_pdf
from tests.fetch.loopback import LoopbackServer

FROM, TO = "2026-01-01", "2026-12-31"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sources(tmp_path: Path, server: LoopbackServer) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(
        "name: loopback\n"
        "exchanges:\n"
        "  issuers: [China Mobile]\n"
        f"  from_date: {FROM}\n  to_date: {TO}\n"
        f"  base_url: '{server.base_url}'\n"
        "  max_pdf_bytes: 50000\n"
        "politeness: {max_retries: 0, timeout_seconds: 2, delay_per_host_seconds: 0,"
        " allow_private_hosts: ['127.0.0.1']}\n"
    )
    return path


def record(news_id: str, link: str) -> dict:
    return {
        "NEWS_ID": news_id,
        "STOCK_CODE": "00941",
        "TITLE": "ANNUAL RESULTS ANNOUNCEMENT 年度业绩公告",
        "DATE_TIME": "19/03/2026 12:00",
        "FILE_LINK": link,
    }


def serve(server: LoopbackServer) -> None:
    server.route(
        path_of(stock_id_url(server.base_url, "00941")),
        body=b'callback({"stockInfo":[{"stockId":941,"code":"00941"}]});',
    )
    good = announcement_pdf(CHINA_MOBILE_2025)
    records = [
        record("1", "/sehk/good.pdf"),
        record("2", "/sehk/html.pdf"),
        record("3", "/sehk/truncated.pdf"),
        record("4", "/sehk/huge.pdf"),
        record("5", "https://elsewhere.example/sehk/x.pdf"),
    ]
    listing = title_search_url(server.base_url, 941, date(2026, 1, 1), date(2026, 12, 31))
    server.route(path_of(listing), body=json.dumps({"result": json.dumps(records)}).encode())
    server.route("/sehk/good.pdf", body=good, headers={"Content-Type": "application/pdf"})
    server.route("/sehk/html.pdf", body=b"<html>maintenance</html>")
    server.route("/sehk/truncated.pdf", body=good[: len(good) // 3])
    server.route("/sehk/huge.pdf", body=b"%PDF-1.4\n" + b"0" * 200_000)


def test_announcements_land_once_and_failures_are_recorded(tmp_path):
    with LoopbackServer() as server:
        serve(server)
        config = load_sources(sources(tmp_path, server))
        store = RawStore(tmp_path / "raw")
        report = collect_announcements(config, store)
        assert (report.landed, report.attempted, report.failed) == (1, 4, 4)
        errors = store.read(RAW_FETCH_ERRORS)
        reasons = dict(
            zip(errors["url"].map(lambda u: u.rsplit("/", 1)[-1]), errors["reason"], strict=True)
        )
        assert "not a PDF" in reasons["html.pdf"]
        assert "unreadable PDF" in reasons["truncated.pdf"]
        assert "bytes" in reasons["huge.pdf"]
        assert "off the exchange" in next(r for r in errors["reason"] if "x.pdf" in r)
        assert set(errors["source_type"]) == {"exchange_announcement"}

        document = store.read(RAW_DOCUMENTS).iloc[0]
        assert document["source_type"] == "exchange_announcement"
        assert (document["subject_entity"], document["filing_id"]) == ("China Mobile", "1")
        assert str(document["filing_date"])[:10] == "2026-03-19"
        assert document["main_text"].count("\f") == 1

        fetched = len(server.requests)
        again = collect_announcements(config, store)
        assert again.landed == 0 and again.skipped_known == 1
        assert not any(p == "/sehk/good.pdf" for p, _ in server.requests[fetched:])

    extract_documents(store)
    facts = store.read(RAW_EXTRACTED_FACTS)
    capex = facts[(facts["metric"] == "capex") & (facts["period"] == "2025")].iloc[0]
    assert (capex["entity"], capex["value"], capex["unit"]) == ("China Mobile", 148.9e9, "CNY")
    assert (capex["evidence_page"], capex["evidence_cell"]) == (
        2,
        "资本开支 Capital expenditure | 2025年",
    )
    compute = facts[facts["metric"] == "compute"].iloc[0]
    assert (compute["value"], compute["precision"], compute["evidence_page"]) == (35.2, "FP16", 1)
    assert pd.isna(compute["evidence_cell"])


def test_the_sources_file_names_only_tracked_issuers(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text("exchanges:\n  issuers:\n    - Tencent\n    - Evil Corp\n")
    try:
        load_sources(path)
    except ValueError as exc:
        assert "sources.yml:4: exchanges.issuers.1:" in str(exc)
        assert "'Evil Corp' is not a tracked exchange issuer" in str(exc)
    else:
        raise AssertionError("an unknown issuer was accepted")
    path.write_text(
        "exchanges:\n  issuers: [Tencent]\n  from_date: 2026-02-01\n  to_date: 2026-01-01\n"
    )
    try:
        load_sources(path)
    except ValueError as exc:
        assert "from_date is after to_date" in str(exc)
    else:
        raise AssertionError("a reversed period was accepted")
