"""SSE periodic reports end to end on loopback: the bulletin query and the PDFs served by a real
server; the query carries the exchange's Referer, a good PDF lands once with its issuer and
filing id, bad ones are recorded and skipped, and the extraction step gives its facts page and
cell. The sources file's SSE keys are checked with their lines."""

import json
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ingest.extract.documents import extract_documents
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_EXTRACTED_FACTS, RAW_FETCH_ERRORS, RawStore
from ingest.sources.config import SourcesConfigError, load_sources
from ingest.sources.exchanges.collect import collect_announcements
from ingest.sources.exchanges.samplepdf import CHINA_MOBILE_2026Q1, announcement_pdf
from ingest.sources.exchanges.sse import REQUEST_HEADERS, bulletin_query_url
from tests.fetch.loopback import LoopbackServer

FROM, TO = date(2026, 1, 1), date(2026, 12, 31)
GOOD = "/disclosure/listedinfo/announcement/c/new/2026-04-21/600941_20260421_Q1SM.pdf"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sources(tmp_path: Path, server: LoopbackServer) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(
        "name: loopback\n"
        "exchanges:\n"
        "  issuers: [Tencent, China Mobile]\n"
        "  markets: [SSE]\n"
        f"  from_date: {FROM}\n  to_date: {TO}\n"
        f"  sse_query_url: '{server.base_url}'\n"
        f"  sse_static_url: '{server.base_url}/'\n"
        "  max_pdf_bytes: 50000\n"
        "politeness: {max_retries: 0, timeout_seconds: 2, delay_per_host_seconds: 0,"
        " allow_private_hosts: ['127.0.0.1']}\n"
    )
    return path


def bulletin(title: str, link: str) -> dict:
    return {
        "SECURITY_CODE": "600941",
        "TITLE": title,
        "SSEDATE": "2026-04-21",
        "URL": link,
        "BULLETIN_TYPE": "第一季度季报",
    }


def serve(server: LoopbackServer) -> str:
    records = [
        bulletin("中国移动2026年第一季度报告", GOOD),
        bulletin("中国移动2026年第一季度报告（更新版）", "/c/new/missing.pdf"),
        bulletin("中国移动2025年年度报告", "/c/new/html.pdf"),
        bulletin("中国移动2025年半年度报告", "https://elsewhere.example/c/x.pdf"),
        bulletin("中国移动2025年年度报告摘要", "/c/new/summary.pdf"),
    ]
    body = json.dumps({"pageHelp": {"total": len(records)}, "result": records}, ensure_ascii=False)
    query = path_of(bulletin_query_url(server.base_url, "600941", FROM, TO))
    server.route(query, body=f"jsonpCallback({body})".encode())
    server.route(GOOD, body=announcement_pdf(CHINA_MOBILE_2026Q1))
    server.route("/c/new/html.pdf", body=b"<html>please enable javascript</html>")
    return query


def test_sse_reports_land_once_and_failures_are_recorded(tmp_path):
    with LoopbackServer() as server:
        query = serve(server)
        config = load_sources(sources(tmp_path, server))
        store = RawStore(tmp_path / "raw")
        report = collect_announcements(config, store)
        # Tencent has no SSE code: only China Mobile's reports are asked for.
        assert [p for p, _ in server.requests if "queryCompanyBulletin" in p] == [query]
        assert not any(p.endswith("summary.pdf") for p, _ in server.requests)
        referers = {p: h.get("Referer") for p, h in server.requests}
        assert referers[query] == referers[GOOD] == REQUEST_HEADERS["Referer"]
        assert (report.landed, report.attempted, report.failed) == (1, 3, 3)
        errors = store.read(RAW_FETCH_ERRORS)
        reasons = dict(
            zip(errors["url"].map(lambda u: u.rsplit("/", 1)[-1]), errors["reason"], strict=True)
        )
        assert "404" in reasons["missing.pdf"]
        assert "not a PDF" in reasons["html.pdf"]
        assert "off the exchange" in next(r for r in errors["reason"] if "x.pdf" in r)

        document = store.read(RAW_DOCUMENTS).iloc[0]
        assert document["url"] == server.base_url + GOOD
        assert document["source_type"] == "exchange_announcement"
        assert (document["subject_entity"], document["filing_id"]) == (
            "China Mobile",
            "600941_20260421_Q1SM",
        )
        assert str(document["filing_date"])[:10] == "2026-04-21"
        assert document["language"] == "zh"

        fetched = len(server.requests)
        again = collect_announcements(config, store)
        assert again.landed == 0 and again.skipped_known == 1
        assert not any(p == GOOD for p, _ in server.requests[fetched:])

    extract_documents(store)
    facts = store.read(RAW_EXTRACTED_FACTS)
    capex = facts[(facts["metric"] == "capex") & (facts["period"] == "2026Q1")].iloc[0]
    assert (capex["entity"], capex["value"], capex["unit"]) == ("China Mobile", 29.8e9, "CNY")
    assert (capex["evidence_page"], capex["evidence_cell"]) == (2, "资本开支 | 2026年第一季度")
    cloud = facts[(facts["metric"] == "revenue") & (facts["period"] == "2026Q1")].iloc[0]
    assert (cloud["segment"], cloud["value"], cloud["evidence_page"]) == ("cloud", 30.1e9, 2)


@pytest.mark.parametrize(
    ("lines", "where", "message"),
    [
        ("  markets: [HKEX, NYSE]\n", "sources.yml:3: exchanges.markets.1", "'HKEX' or 'SSE'"),
        ("  markets: []\n", "sources.yml:3: exchanges.markets", "at least 1"),
        ("  sse_static_url: ftp://static.sse.com.cn\n", "sources.yml:3:", "not allowed"),
    ],
)
def test_the_sse_keys_of_the_sources_file_are_checked(tmp_path, lines, where, message):
    path = tmp_path / "sources.yml"
    path.write_text("exchanges:\n  issuers: [China Mobile]\n" + lines)
    with pytest.raises(SourcesConfigError) as raised:
        load_sources(path)
    assert where in str(raised.value) and message in str(raised.value)


def test_sse_is_asked_only_when_a_market_names_it(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text("exchanges:\n  issuers: [China Mobile]\n")
    config = load_sources(path)
    assert config.exchanges is not None and config.exchanges.markets == ("HKEX",)
    assert config.exchanges.sse_static_url == "https://static.sse.com.cn"
