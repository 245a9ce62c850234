"""The SEC step end to end on loopback: vintages land once, a 304 adds nothing, a malformed
document is recorded and skipped, and no User-Agent means no request at all."""

from pathlib import Path

from ingest.land.rawstore import RAW_FETCH_ERRORS, RAW_SEC_FACTS, RawStore
from ingest.sources.config import load_sources
from ingest.sources.sec.client import SecClient
from ingest.sources.sec.collect import collect_sec
from tests.fetch.loopback import LOOPBACK_HOSTS, LoopbackServer

SAMPLE = Path(__file__).resolve().parents[2] / "sources" / "sample" / "sec" / "CIK0000789019.json"
USER_AGENT = "Test Analyst test@example.com"


def sec_route(body: bytes, etag: str):
    def answer(handler):
        if "@" not in handler.headers.get("User-Agent", ""):
            return 403, {}, b"Your request has been identified as part of a network automated tool"
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"ETag": etag, "Content-Type": "application/json"}, body

    return answer


def sources(tmp_path: Path, server: LoopbackServer, user_agent: str = "") -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(
        "name: loopback\n"
        f"sec:\n  user_agent: '{user_agent}'\n  companyfacts:\n"
        f"    - {{cik: 789019, url: '{server.url('/CIK0000789019.json')}'}}\n"
        f"    - {{cik: 1, url: '{server.url('/CIK0000000001.json')}'}}\n"
        "politeness: {max_retries: 0, timeout_seconds: 2, backoff_seconds: 0.01,"
        " allow_private_hosts: ['127.0.0.1']}\n"
    )
    return path


def test_vintages_land_once_and_bad_documents_are_recorded(tmp_path):
    with LoopbackServer() as server:
        server.routes["/CIK0000789019.json"] = sec_route(SAMPLE.read_bytes(), '"v1"')
        server.route("/CIK0000000001.json", body=b'{"cik": 1, "facts": ')
        config = load_sources(sources(tmp_path, server, USER_AGENT))
        store = RawStore(tmp_path / "raw")
        client = SecClient(
            USER_AGENT,
            base_url=server.base_url,
            cache_dir=tmp_path / "cache",
            allow_private_hosts=LOOPBACK_HOSTS,
            sleep=lambda _s: None,
        )
        first = collect_sec(config, store, client)
        assert first.landed > 100 and first.failed == 1
        assert store.read(RAW_FETCH_ERRORS)["stage"].tolist() == ["parse"]
        again = collect_sec(
            config,
            store,
            SecClient(
                USER_AGENT,
                base_url=server.base_url,
                cache_dir=tmp_path / "cache",
                allow_private_hosts=LOOPBACK_HOSTS,
                sleep=lambda _s: None,
            ),
        )
        assert again.landed == 0
        assert store.count(RAW_SEC_FACTS) == first.landed
        revalidations = [h for path, h in server.requests if path == "/CIK0000789019.json"]
        assert revalidations[-1].get("If-None-Match") == '"v1"'


def test_without_user_agent_nothing_is_requested(tmp_path):
    with LoopbackServer() as server:
        config = load_sources(sources(tmp_path, server))
        store = RawStore(tmp_path / "raw")
        report = collect_sec(config, store)
        assert report.failed == 2 and report.landed == 0
        assert server.requests == []
        assert "User-Agent" in store.read(RAW_FETCH_ERRORS)["reason"].iloc[0]
