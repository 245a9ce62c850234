from datetime import date

import pytest

from ingest.extract.documents import extract_documents
from ingest.http.fetcher import Fetcher, FetchError, Politeness
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_EXTRACTED_FACTS, RAW_FETCH_ERRORS, RawStore
from ingest.sources.config import load_sources
from ingest.sources.news.collect import collect_news
from ingest.sources.news.encoding import decode
from tests.fetch.loopback import LOOPBACK_HOSTS, LoopbackServer

ARTICLE_ZH = (
    "<html><head><meta charset='gbk'><title>阿里巴巴加码AI</title>"
    "<meta property='article:published_time' content='2025-02-24T10:00:00+08:00'></head><body>"
    "<nav>首页 科技 财经</nav><article><h1>阿里巴巴加码AI</h1>"
    "<p>2025年2月24日，阿里巴巴宣布未来三年将投入3800亿元，用于建设云和AI硬件基础设施，总额超过过去十年的总和。</p>"
    "<p>阿里巴巴表示，这笔投资将主要用于数据中心、服务器和自研芯片，以满足快速增长的人工智能需求。</p>"
    "<p>分析人士认为，这一计划将带动国内算力产业链的需求，并加快云计算市场的竞争。</p>"
    "</article><footer>客服电话 400-820-1234</footer></body></html>"
).encode("gbk")


def fast_fetcher(**overrides) -> Fetcher:
    settings = {
        "timeout_seconds": 2.0,
        "delay_per_host_seconds": 0.0,
        "max_retries": 2,
        "backoff_seconds": 0.01,
        "allow_private_hosts": LOOPBACK_HOSTS,
    }
    settings.update(overrides)
    return Fetcher(Politeness(**settings))


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


def test_gbk_page_decodes(server):
    server.route("/zh.html", body=ARTICLE_ZH, headers={"Content-Type": "text/html"})
    with fast_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/zh.html"))
    html, encoding = decode(result.content, result.content_type)
    assert encoding == "gb18030"
    assert "3800亿元" in html


def test_redirect_is_followed_and_final_url_kept(server):
    server.route("/old", status=301, headers={"Location": "/zh.html"})
    server.route("/zh.html", body=ARTICLE_ZH)
    with fast_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/old"))
    assert result.url == server.url("/old")
    assert result.final_url == server.url("/zh.html")
    assert result.status == 200


def test_not_found_is_an_error_with_status(server):
    with fast_fetcher() as fetcher, pytest.raises(FetchError) as error:
        fetcher.fetch(server.url("/missing"))
    assert error.value.status == 404
    assert "404" in error.value.reason


def test_timeout_is_an_error_after_retries(server):
    server.slow("/slow", seconds=1.5)
    with (
        fast_fetcher(timeout_seconds=0.3, max_retries=1) as fetcher,
        pytest.raises(FetchError, match="timeout"),
    ):
        fetcher.fetch(server.url("/slow"))


def test_too_many_requests_then_success(server):
    server.sequence("/busy", [(429, {"Retry-After": "0"}, b""), (200, {}, b"ok")])
    with fast_fetcher() as fetcher:
        assert fetcher.fetch(server.url("/busy")).content == b"ok"
    assert [path for path, _ in server.requests if path != "/robots.txt"] == ["/busy", "/busy"]


def test_user_agent_is_sent(server):
    server.route("/ua", body=b"ok")
    with fast_fetcher(user_agent="infratrack-test you@example.com") as fetcher:
        fetcher.fetch(server.url("/ua"))
    assert server.requests[0][1]["User-Agent"] == "infratrack-test you@example.com"


def _sleeps_between_two_fetches(server, delay_per_host_seconds: float) -> list[float]:
    """What a fetcher sleeps between two fetches of one page (sleeping recorded, not done)."""
    server.route("/a", body=b"a")
    slept: list[float] = []
    politeness = Politeness(
        delay_per_host_seconds=delay_per_host_seconds,
        max_retries=0,
        allow_private_hosts=LOOPBACK_HOSTS,
    )
    with Fetcher(politeness, sleep=slept.append) as fetcher:
        fetcher.fetch(server.url("/a"))
        fetcher.fetch(server.url("/a"))
    return slept


def test_delay_between_requests_to_one_host(server):
    slept = _sleeps_between_two_fetches(server, 5.0)
    assert len(slept) == 1 and 4.0 < slept[0] <= 5.0


def test_refresh_records_failures_and_goes_on(server, tmp_path):
    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
        f"<item><title>AI data center capex: ok</title><link>{server.url('/zh.html')}</link></item>"
        f"<item><title>AI data center capex: moved</title><link>{server.url('/old')}</link></item>"
        f"<item><title>AI data center capex: gone</title><link>{server.url('/gone.html')}</link></item>"
        f"<item><title>AI data center capex: empty</title><link>{server.url('/empty.html')}</link></item>"
        "</channel></rss>"
    ).encode()
    server.route("/feed.xml", body=feed, headers={"Content-Type": "application/rss+xml"})
    server.route("/zh.html", body=ARTICLE_ZH)
    server.route("/old", status=302, headers={"Location": "/zh.html"})
    server.route("/empty.html", body=b"<html><body><nav>login to read</nav></body></html>")
    sources = tmp_path / "sources.yml"
    sources.write_text(
        f"name: loopback\nnews:\n  feeds: ['{server.url('/feed.xml')}', '{server.url('/no-feed.xml')}']\n"
        "politeness: {delay_per_host_seconds: 0, max_retries: 0, timeout_seconds: 2,"
        " allow_private_hosts: ['127.0.0.1']}\n"
    )
    config = load_sources(sources)
    store = RawStore(tmp_path / "raw")
    with fast_fetcher(max_retries=0) as fetcher:
        first = collect_news(config, fetcher, store)
    assert (first.attempted, first.landed, first.failed) == (4, 2, 3)
    errors = store.read(RAW_FETCH_ERRORS).sort_values("url")
    assert sorted(zip(errors.stage, errors.http_status.fillna(0).astype(int), strict=True)) == [
        ("feed", 404),
        ("fetch", 404),
        ("parse", 200),
    ]
    extracted = extract_documents(store)
    assert extracted.landed >= 1
    facts = store.read(RAW_EXTRACTED_FACTS)
    assert (facts.entity == "Alibaba").any() and (facts.value == 380e9).any()

    with fast_fetcher(max_retries=0) as fetcher:
        second = collect_news(config, fetcher, store)
    assert second.landed == 0 and second.skipped_known == 2
    assert store.count(RAW_DOCUMENTS) == 2
    assert store.count(RAW_FETCH_ERRORS) == 3
    assert extract_documents(store).landed == 0
    assert store.read(RAW_DOCUMENTS).published_on.dt.date.tolist() == [date(2025, 2, 24)] * 2


def test_robots_txt_is_respected(server):
    server.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n")
    server.route("/private/page.html", body=b"secret")
    server.route("/public/page.html", body=b"ok")
    with fast_fetcher() as fetcher:
        assert fetcher.fetch(server.url("/public/page.html")).content == b"ok"
        with pytest.raises(FetchError, match=r"robots\.txt"):
            fetcher.fetch(server.url("/private/page.html"))
    assert [path for path, _ in server.requests].count("/robots.txt") == 1
    assert "/private/page.html" not in [path for path, _ in server.requests]


def test_robots_wildcards_and_end_anchors(server):
    server.route(
        "/robots.txt",
        body=b"User-agent: *\nDisallow: /*.pdf$\nDisallow: /drafts/*/private\nAllow: /drafts/*/private/ok\n",
    )
    for path in (
        "/report.pdf",
        "/report.pdf?x=1",
        "/drafts/2025/private/a",
        "/drafts/2025/private/ok",
    ):
        server.route(path, body=b"page")
    with fast_fetcher() as fetcher:
        for path in ("/report.pdf", "/drafts/2025/private/a"):
            with pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
                fetcher.fetch(server.url(path))
        # `$` anchors the end: with a query string the path no longer ends in .pdf.
        assert fetcher.fetch(server.url("/report.pdf?x=1")).content == b"page"
        # The longest matching rule wins.
        assert fetcher.fetch(server.url("/drafts/2025/private/ok")).content == b"page"


def test_robots_rules_for_our_user_agent_win_over_the_wildcard(server):
    server.route(
        "/robots.txt",
        body=b"User-agent: *\nDisallow: /\n\nUser-agent: infratrack-test\nAllow: /\n",
    )
    server.route("/page", body=b"ok")
    with fast_fetcher(user_agent="infratrack-test/1.0 (you@example.com)") as fetcher:
        assert fetcher.fetch(server.url("/page")).content == b"ok"
    with (
        fast_fetcher(user_agent="otherbot/2.0") as fetcher,
        pytest.raises(FetchError, match="robots"),
    ):
        fetcher.fetch(server.url("/page"))


def test_a_4xx_robots_txt_allows_everything(server):
    server.route("/robots.txt", status=404, body=b"not here")
    server.route("/page", body=b"ok")
    with fast_fetcher() as fetcher:
        assert fetcher.fetch(server.url("/page")).content == b"ok"


def test_crawl_delay_slows_requests_to_its_host(server):
    server.route("/robots.txt", body=b"User-agent: *\nCrawl-delay: 7\n")
    slept = _sleeps_between_two_fetches(server, 1.0)
    assert len(slept) == 1 and 6.0 < slept[0] <= 7.0


@pytest.mark.parametrize(
    ("robots", "reason"),
    [
        # A 5xx robots.txt says the site is unreachable: RFC 9309 disallows all of it.
        ((503, b"down"), r"robots\.txt answered HTTP 503"),
        # A crawl delay of a day would stall the refresh: the host is skipped instead.
        ((200, b"User-agent: *\nCrawl-delay: 86400\n"), r"asks 86400 s between.*host is skipped"),
    ],
)
def test_robots_that_refuse_the_site_stop_before_any_page(server, robots, reason):
    status, body = robots
    server.route("/robots.txt", status=status, body=body)
    server.route("/page", body=b"ok")
    with fast_fetcher() as fetcher, pytest.raises(FetchError, match=reason):
        fetcher.fetch(server.url("/page"))
    assert "/page" not in [path for path, _ in server.requests]
