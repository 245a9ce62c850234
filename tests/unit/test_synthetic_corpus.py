"""The synthetic benchmark corpus: deterministic articles spread evenly over days, hosts and
languages; served over real HTTP on 127.0.0.x; written as WARC files; read back by the
extractor."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, date, timedelta
from pathlib import Path

import httpx
import lxml.html
import pytest
import yaml
from warcio.archiveiterator import ArchiveIterator

from benchmarks.synthetic.check import check_articles
from benchmarks.synthetic_corpus import (
    CorpusServer,
    SyntheticCorpus,
    write_sources_file,
    write_warcs,
)
from ingest.sources.config import load_sources
from ingest.sources.news.feeds import parse_feed

START = date(2025, 1, 1)
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus() -> SyntheticCorpus:
    return SyntheticCorpus(articles=120, days=3, start=START, hosts=4, seed=7)


@pytest.fixture(scope="module")
def server(corpus: SyntheticCorpus):
    with CorpusServer(corpus) as running:
        yield running


def _digest(corpus: SyntheticCorpus, indexes: range) -> str:
    digest = hashlib.sha256()
    for index in indexes:
        digest.update(corpus.article(index).html)
    return digest.hexdigest()


_TEXT = "//article/h1//text() | //article/h2//text() | //article/p[not(@class)]//text()"


def _article_text(page: lxml.html.HtmlElement) -> str:
    return "".join(page.xpath(_TEXT))


# --- the corpus --------------------------------------------------------------------------------


def test_an_article_is_a_pure_function_of_seed_and_index_in_any_process() -> None:
    corpus = SyntheticCorpus(1000, 30, START, 50, seed=3)
    here = _digest(corpus, range(0, 1000, 97))
    script = (
        "import hashlib\n"
        "from datetime import date\n"
        "from benchmarks.synthetic.corpus import SyntheticCorpus\n"
        "corpus = SyntheticCorpus(1000, 30, date(2025, 1, 1), 50, seed=3)\n"
        "digest = hashlib.sha256()\n"
        "for index in range(0, 1000, 97):\n"
        "    digest.update(corpus.article(index).html)\n"
        "print(digest.hexdigest())\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == here
    # Order of calls does not matter, and another seed gives other articles.
    assert corpus.article(500) == SyntheticCorpus(1000, 30, START, 50, seed=3).article(500)
    assert (
        corpus.article(500).html != SyntheticCorpus(1000, 30, START, 50, seed=4).article(500).html
    )


@pytest.mark.parametrize("hosts", [10, 7])
def test_articles_spread_evenly_over_days_hosts_and_languages(hosts: int) -> None:
    corpus = SyntheticCorpus(articles=840, days=6, start=START, hosts=hosts)
    per_day: Counter[date] = Counter()
    per_host: Counter[str] = Counter()
    languages_per_day: Counter[tuple[date, str]] = Counter()
    languages_per_host: Counter[tuple[str, str]] = Counter()
    seen = []
    for day in corpus.days():
        for article in corpus.articles_on(day):
            assert article.day == day
            assert article.path.startswith(f"/{day:%Y/%m/%d}/")
            seen.append(article.index)
            per_day[day] += 1
            per_host[article.host] += 1
            languages_per_day[day, article.language] += 1
            languages_per_host[article.host, article.language] += 1
    assert seen == list(range(840))
    assert set(per_day.values()) == {140}
    assert (
        sorted(per_host) == sorted(corpus.hosts) == sorted(f"127.0.0.{2 + n}" for n in range(hosts))
    )
    assert max(per_host.values()) - min(per_host.values()) <= 1
    for day in corpus.days():
        assert abs(languages_per_day[day, "en"] - languages_per_day[day, "zh"]) <= 2
    for host in corpus.hosts:
        assert abs(languages_per_host[host, "en"] - languages_per_host[host, "zh"]) <= 1


def test_pages_carry_the_metadata_the_pipeline_reads_and_one_to_three_figures() -> None:
    corpus = SyntheticCorpus(articles=400, days=4, start=START, hosts=5)
    off_topic = 0
    for article in (corpus.article(i) for i in range(len(corpus))):
        page = lxml.html.fromstring(article.html)
        assert page.get("lang") == ("en" if article.language == "en" else "zh-CN")
        (published,) = page.xpath("//meta[@property='article:published_time']/@content")
        assert published.startswith(article.day.isoformat())
        assert article.published_at.astimezone(UTC).date() == article.day
        assert page.xpath("//nav") and page.xpath("//footer")
        assert len(page.xpath("//article/p")) >= 3
        assert article.title and page.xpath("string(//h1)") == article.title
        assert 2000 <= len(_article_text(page).encode()) <= 6000
        if article.facts:
            assert 1 <= len(article.facts) <= 3
            assert len({fact.entity for fact in article.facts}) == len(
                {fact.template for fact in article.facts}
            )
        else:
            off_topic += 1
            assert article.topic.startswith("off-topic:")
    assert 0.05 <= off_topic / len(corpus) <= 0.15


def test_stated_figures_appear_in_the_page_text() -> None:
    corpus = SyntheticCorpus(articles=60, days=2, start=START, hosts=3)
    for article in (corpus.article(i) for i in range(len(corpus))):
        text = _article_text(lxml.html.fromstring(article.html))
        for fact in article.facts:
            if fact.unit == "EFLOPS":
                assert f"{fact.value:g} EFLOPS" in text
            elif article.language == "zh":
                assert f"{fact.value / 1e8:g}亿" in text
            else:
                assert f"{fact.value / 1e9:g} billion" in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"articles": -1}, "articles"),
        ({"articles": True}, "articles"),
        ({"days": 0}, "days"),
        ({"hosts": 0}, "hosts"),
        ({"hosts": 254}, "hosts"),
        ({"seed": -5}, "seed"),
        ({"start": "2025-01-01"}, "start"),
    ],
)
def test_corpus_refuses_bad_arguments(arguments: dict, message: str) -> None:
    valid = {"articles": 10, "days": 2, "start": START, "hosts": 2}
    with pytest.raises(ValueError, match=message):
        SyntheticCorpus(**(valid | arguments))


def test_article_indexes_outside_the_corpus_are_refused(corpus: SyntheticCorpus) -> None:
    with pytest.raises(IndexError):
        corpus.article(len(corpus))
    with pytest.raises(IndexError):
        corpus.article(-1)
    with pytest.raises(TypeError):
        corpus.article("3")  # type: ignore[arg-type]


def test_find_answers_only_the_host_and_path_an_article_has(corpus: SyntheticCorpus) -> None:
    article = corpus.article(13)
    assert corpus.find(article.host, article.path) == article
    other_host = next(h for h in corpus.hosts if h != article.host)
    other_day = article.day + timedelta(days=1)
    for host, path in [
        (other_host, article.path),
        (article.host, article.path.replace(f"{article.day:%Y/%m/%d}", f"{other_day:%Y/%m/%d}")),
        (article.host, article.path.replace("article-0", "article-00")),
        (article.host, article.path + "?x=1"),
        (article.host, "/2025/01/01/article-999999.html"),
        (article.host, "/2025/01/01/../../etc/passwd"),
        ("127.0.0.1", article.path),
        ("127.0.0.²", article.path),
        ("localhost", article.path),
    ]:
        assert corpus.find(host, path) is None, (host, path)


# --- the server --------------------------------------------------------------------------------


def test_server_serves_each_hosts_feed_and_the_articles_byte_for_byte(
    corpus: SyntheticCorpus, server: CorpusServer
) -> None:
    day = corpus.days()[1]
    with httpx.Client() as client:
        for host in server.hosts:
            response = client.get(server.feed_url(host, day))
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
            items = parse_feed(response.content, str(response.url))
            expected = [a for a in corpus.articles_on(day) if a.host == host]
            assert sorted(i.url for i in items) == sorted(server.article_url(a) for a in expected)
            for article in expected:
                page = client.get(server.article_url(article))
                assert page.status_code == 200
                assert page.headers["content-type"] == "text/html; charset=utf-8"
                assert int(page.headers["content-length"]) == len(article.html)
                assert page.content == article.html
        whole = parse_feed(client.get(server.feed_url(server.hosts[0])).content, "http://x/")
    assert len(whole) == sum(1 for a in range(len(corpus)) if corpus.host_of(a) == server.hosts[0])


def test_server_counts_every_get_by_full_url(corpus: SyntheticCorpus) -> None:
    with CorpusServer(corpus) as server, httpx.Client() as client:
        article = corpus.article(5)
        url = server.article_url(article)
        for _ in range(2):
            client.get(url)
        client.get(server.feed_url(article.host))
        robots = f"http://{article.host}:{server.port}/robots.txt"
        client.get(robots)
        assert server.requests == Counter({url: 2, server.feed_url(article.host): 1, robots: 1})


@pytest.mark.parametrize(
    "path",
    [
        "/robots.txt",
        "/",
        "/feed/2025-13-45.xml",
        "/feed/2024-12-31.xml",
        "/feed/2025-01-01",
        "/feed.xml.bak",
        "/2025/01/01/article-999999.html",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/" + "a" * 5000,
    ],
)
def test_server_answers_404_to_anything_else(server: CorpusServer, path: str) -> None:
    response = httpx.get(f"http://{server.hosts[0]}:{server.port}{path}")
    assert response.status_code == 404
    assert response.headers["content-type"].endswith("charset=utf-8")


def test_an_article_is_not_served_by_another_host(
    corpus: SyntheticCorpus, server: CorpusServer
) -> None:
    article = corpus.article(2)
    other = next(h for h in server.hosts if h != article.host)
    assert httpx.get(f"http://{other}:{server.port}{article.path}").status_code == 404


def test_server_holds_more_than_a_hundred_connections_at_once(
    corpus: SyntheticCorpus, server: CorpusServer
) -> None:
    article = corpus.article(0)
    host = article.host
    connections = [socket.create_connection((host, server.port), timeout=10) for _ in range(120)]
    try:
        request = f"GET {article.path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        for connection in connections:
            connection.sendall(request.encode())
        for connection in connections:
            received = b""
            while chunk := connection.recv(65536):
                received += chunk
            assert received.startswith(b"HTTP/1.1 200 ")
            assert received.endswith(article.html)
    finally:
        for connection in connections:
            connection.close()


def test_latency_delays_each_answer(corpus: SyntheticCorpus) -> None:
    with CorpusServer(corpus, latency_seconds=0.3) as server:
        started = time.monotonic()
        assert httpx.get(server.feed_url(server.hosts[0], START)).status_code == 200
        assert time.monotonic() - started >= 0.3


def test_server_shuts_down_its_threads_and_idle_connections(corpus: SyntheticCorpus) -> None:
    running_before = set(threading.enumerate())
    with CorpusServer(corpus) as server:
        host, port = server.hosts[0], server.port
        idle = socket.create_connection((host, port), timeout=10)
        idle.sendall(f"GET /robots.txt HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        answer = b""
        while not answer.endswith(b"not found\n"):
            answer += idle.recv(65536)
        assert answer.startswith(b"HTTP/1.1 404 ")
    try:
        # The server closed the kept-alive connection instead of waiting for its next request.
        assert idle.recv(65536) == b""
    finally:
        idle.close()
    assert not set(threading.enumerate()) - running_before
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((host, port), timeout=5)


@pytest.mark.parametrize(
    "arguments",
    [
        {"latency_seconds": -1},
        {"latency_seconds": float("nan")},
        {"latency_seconds": "1"},
        {"latency_seconds": 61},
        {"port": -1},
        {"port": 70000},
        {"port": True},
    ],
)
def test_server_refuses_bad_arguments(corpus: SyntheticCorpus, arguments: dict) -> None:
    with pytest.raises(ValueError):
        CorpusServer(corpus, **arguments)


def test_urls_of_unknown_hosts_are_refused(server: CorpusServer) -> None:
    with pytest.raises(ValueError, match="not one of"):
        server.feed_url("127.0.0.1")


# --- the sources file --------------------------------------------------------------------------


def test_sources_file_is_accepted_by_the_config_loader(
    tmp_path: Path, corpus: SyntheticCorpus, server: CorpusServer
) -> None:
    days = corpus.days()[:2]
    path = write_sources_file(tmp_path / "synthetic.yml", server, days, delay_per_host_seconds=0.5)
    config = load_sources(path)
    assert config.feeds == [server.feed_url(h, d) for h in server.hosts for d in days]
    assert config.politeness.allow_private_hosts == tuple(
        f"{h}:{server.port}" for h in server.hosts
    )
    assert config.politeness.delay_per_host_seconds == 0.5
    assert config.politeness.max_retries == 0
    assert "max_concurrency" not in yaml.safe_load(path.read_text())["politeness"]
    whole = load_sources(write_sources_file(tmp_path / "all.yml", server))
    assert whole.feeds == [server.feed_url(h) for h in server.hosts]


def test_sources_file_carries_max_concurrency_only_when_given(
    tmp_path: Path, server: CorpusServer
) -> None:
    path = write_sources_file(tmp_path / "s.yml", server, max_concurrency=8)
    assert yaml.safe_load(path.read_text())["politeness"]["max_concurrency"] == 8
    for bad in (0, 65, True, 2.0):
        with pytest.raises(ValueError, match="max_concurrency"):
            write_sources_file(tmp_path / "bad.yml", server, max_concurrency=bad)  # type: ignore[arg-type]


# --- WARC files --------------------------------------------------------------------------------


def test_warc_files_hold_a_warcinfo_and_a_request_and_response_per_article(
    tmp_path: Path, corpus: SyntheticCorpus
) -> None:
    paths = write_warcs(corpus, tmp_path)
    assert [p.name for p in paths] == [
        f"CC-NEWS-{d:%Y%m%d}000000-00000.warc.gz" for d in corpus.days()
    ]
    for path, day in zip(paths, corpus.days(), strict=True):
        expected = {
            f"https://news-{int(a.host.rsplit('.', 1)[1]):02d}.synthetic.example{a.path}": a
            for a in corpus.articles_on(day)
        }
        types = []
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                types.append(record.rec_type)
                assert record.rec_headers.get_header("WARC-Date").startswith(day.isoformat())
                if record.rec_type == "response":
                    article = expected[record.rec_headers.get_header("WARC-Target-URI")]
                    assert record.http_headers.get_statuscode() == "200"
                    assert record.content_stream().read() == article.html
        assert types == ["warcinfo"] + ["request", "response"] * len(expected)


def test_warc_files_are_reproducible_and_limited_to_the_days_asked(
    tmp_path: Path, corpus: SyntheticCorpus
) -> None:
    day = corpus.days()[2]
    (first,) = write_warcs(corpus, tmp_path / "a", days=[day])
    (second,) = write_warcs(corpus, tmp_path / "b", days=[day])
    assert first.name == f"CC-NEWS-{day:%Y%m%d}000000-00000.warc.gz"
    assert first.read_bytes() == second.read_bytes()
    with pytest.raises(ValueError, match="outside the corpus"):
        write_warcs(corpus, tmp_path / "c", days=[day + timedelta(days=1)])


# --- the extractor reads the figures back ------------------------------------------------------


def test_the_extractor_finds_most_intended_facts() -> None:
    corpus = SyntheticCorpus(articles=200, days=30, start=START, hosts=50, seed=11)
    check = check_articles(corpus.article(i) for i in range(len(corpus)))
    assert check.intended > 300
    assert check.unparsed_pages == 0
    assert check.share_found >= 0.8, check.missed_by_template
