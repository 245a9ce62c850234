"""Hostile pages on a loopback site: each ends as a row in raw_fetch_errors with its reason, memory
stays bounded, and the good pages beside them land."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from ingest.http.fetcher import Fetcher, FetchError, Politeness
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_FETCH_ERRORS, RawStore
from ingest.sources.config import load_sources
from ingest.sources.fetching import fetcher_for
from ingest.sources.news.collect import collect_news
from tests.fetch import hostile_site
from tests.fetch.loopback import LOOPBACK_HOSTS, LoopbackServer

# Pages are capped at 5 MB decoded; the bomb alone would be 256 MB held whole. The peak also
# counts the loopback server's own buffers and the modules a first refresh imports (74-80 MB when
# this module runs alone), so the bound sits between that and the bomb.
PEAK_PYTHON_MEMORY_BYTES = 160 * 1024 * 1024


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    hostile_site.gzip_bomb()
    with LoopbackServer() as server:
        site = hostile_site.serve(server, tmp / "mirror")
        sources = tmp / "sources.yml"
        sources.write_text(site.sources_yaml())
        config = load_sources(sources)
        store = RawStore(tmp / "raw")
        tracemalloc.start()
        started = time.monotonic()
        with fetcher_for(config) as fetcher:
            report = collect_news(config, fetcher, store)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        requested = [path for path, _ in server.requests]
    return {
        "site": site,
        "report": report,
        "documents": store.read(RAW_DOCUMENTS),
        "errors": store.read(RAW_FETCH_ERRORS),
        "peak": peak,
        "elapsed": elapsed,
        "requested": requested,
    }


def test_every_hostile_page_is_an_error_row_with_its_reason(landed):
    errors = landed["errors"].set_index("url")
    for url, reason in landed["site"].hostile_links.items():
        assert url in errors.index, f"{url} left no error row"
        assert reason in errors.loc[url, "reason"], (url, errors.loc[url, "reason"])


def test_a_feed_with_entity_expansion_is_refused(landed):
    errors = landed["errors"].set_index("url")
    entities = landed["site"].url("/entities.xml")
    assert errors.loc[entities, "stage"] == "feed"
    assert "entities" in errors.loc[entities, "reason"]
    assert "/never" not in landed["requested"]


def test_the_good_pages_beside_them_land(landed):
    documents = landed["documents"].set_index("url")
    assert sorted(documents.index) == sorted(landed["site"].good_links)
    # A GBK page labelled UTF-8 is decoded by what its bytes are, not by the label.
    wrong_label = documents.loc[landed["site"].url("/wrong-charset.html")]
    assert wrong_label.encoding == "gb18030" and "35EFLOPS" in wrong_label.main_text
    # A 429 with Retry-After is retried after the wait and lands.
    assert landed["requested"].count("/busy-once.html") == 2


def test_memory_and_time_stay_bounded(landed):
    assert landed["peak"] < PEAK_PYTHON_MEMORY_BYTES
    # The drip-feed is cut at its 4 s deadline and the 30 s Retry-After is not waited for.
    assert landed["elapsed"] < 30


def test_nothing_reaches_the_metadata_address(landed):
    reason = landed["errors"].set_index("url").loc[landed["site"].url("/to-metadata"), "reason"]
    assert "169.254.169.254" in reason and "refused to connect" in reason


def test_the_secret_beside_the_mirror_is_never_read(landed):
    assert not landed["documents"].main_text.str.contains("999 billion").any()


@pytest.mark.parametrize(
    "host",
    ["127.0.0.2", "10.0.0.1", "192.168.1.1", "172.16.0.1", "169.254.169.254", "[::1]", "0.0.0.0"],
)
def test_private_addresses_are_refused_before_connecting(host):
    with Fetcher(Politeness(max_retries=0)) as fetcher, pytest.raises(FetchError) as error:
        fetcher.fetch(f"http://{host}:9/page.html")
    assert "refused to connect" in error.value.reason


def test_a_name_resolving_to_loopback_is_refused_unless_allowed():
    with LoopbackServer() as server:
        server.route("/ok.html", body=b"ok")
        url = server.url("/ok.html").replace("127.0.0.1", "localhost")
        with Fetcher(Politeness(max_retries=0)) as fetcher, pytest.raises(FetchError) as error:
            fetcher.fetch(url)
        assert "loopback" in error.value.reason
        assert server.requests == []
        allowed = Politeness(max_retries=0, allow_private_hosts=("localhost",))
        with Fetcher(allowed) as fetcher:
            assert fetcher.fetch(url).content == b"ok"


def test_allowing_a_host_port_allows_only_that_port():
    with LoopbackServer() as server:
        server.route("/ok.html", body=b"ok")
        port = server.base_url.rsplit(":", 1)[1]
        same_port = Politeness(max_retries=0, allow_private_hosts=(f"127.0.0.1:{port}",))
        with Fetcher(same_port) as fetcher:
            assert fetcher.fetch(server.url("/ok.html")).content == b"ok"
        other_port = Politeness(max_retries=0, allow_private_hosts=("127.0.0.1:1",))
        with Fetcher(other_port) as fetcher, pytest.raises(FetchError, match="refused"):
            fetcher.fetch(server.url("/ok.html"))


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://127.0.0.1/x", "gopher://127.0.0.1/x", "data:text/html,x"]
)
def test_only_http_and_https_are_fetched(url):
    fetcher = Fetcher(Politeness(allow_private_hosts=LOOPBACK_HOSTS))
    with fetcher, pytest.raises(FetchError, match="scheme"):
        fetcher.fetch(url)


def test_a_redirect_to_a_file_url_is_refused():
    with LoopbackServer() as server:
        server.route("/to-file", status=302, headers={"Location": "file:///etc/passwd"})
        fetcher = Fetcher(Politeness(max_retries=0, allow_private_hosts=LOOPBACK_HOSTS))
        with fetcher, pytest.raises(FetchError, match="non-http"):
            fetcher.fetch(server.url("/to-file"))


def test_a_file_url_named_by_the_sources_file_is_read(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(hostile_site.GOOD_EN)
    with Fetcher(Politeness()) as fetcher:
        assert fetcher.fetch(page.as_uri(), trusted=True).content == hostile_site.GOOD_EN
        with pytest.raises(FetchError, match="sources file names them"):
            fetcher.fetch(page.as_uri())
