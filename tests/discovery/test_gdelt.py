"""The GDELT DOC client on a loopback server: the request it sends, and every guard on the answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ingest.http.politeness import Politeness
from ingest.sources.discovery.gdelt import (
    MAX_RESPONSE_BYTES,
    DiscoveryError,
    GdeltClient,
    lineage,
    parse_article_list,
    recorded_file,
)
from ingest.sources.discovery.settings import DiscoveryQuery, DiscoverySettings
from tests.discovery.index_server import IndexServer

NOW = datetime(2025, 7, 16, 12, 0, tzinfo=UTC)
START = datetime(2025, 7, 15, 12, 0, tzinfo=UTC)
QUERY = DiscoveryQuery('"data center" capex', "en")
POLITE = Politeness(allow_private_hosts=("127.0.0.1",), max_retries=1, backoff_seconds=0)


def item(url: object = "https://news.example/a.html", **fields: object) -> dict:
    return {"url": url, "title": "Data center capex rises", "seendate": "20250716T081500Z"} | fields


def answer(items: object) -> bytes:
    return json.dumps({"articles": items}).encode()


def client(endpoint: str, sleeps: list[float] | None = None, max_records: int = 75) -> GdeltClient:
    settings = DiscoverySettings((QUERY,), endpoint, max_records=max_records, delay_seconds=5.0)
    return GdeltClient(settings, POLITE, sleep=(sleeps if sleeps is not None else []).append)


def test_the_request_names_the_query_language_window_and_cap():
    server = IndexServer([(200, "application/json", answer([item()]))])
    with server, client(server.endpoint, max_records=40) as gdelt:
        found = gdelt.search(QUERY, START, NOW, now=NOW)
    assert [a.url for a in found.articles] == ["https://news.example/a.html"]
    assert found.articles[0].seen_at == datetime(2025, 7, 16, 8, 15, tzinfo=UTC)
    assert server.requests == [
        {
            "query": '"data center" capex sourcelang:english',
            "mode": "artlist",
            "format": "json",
            "sort": "datedesc",
            "maxrecords": "40",
            "startdatetime": "20250715120000",
            "enddatetime": "20250716120000",
        }
    ]


def test_requests_are_spaced_by_the_delay():
    sleeps: list[float] = []
    server = IndexServer([(200, "application/json", b"{}")])
    with server, client(server.endpoint, sleeps) as gdelt:
        gdelt.search(QUERY, START, NOW, now=NOW)
        gdelt.search(DiscoveryQuery("算力", "zh"), START, NOW, now=NOW)
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0
    assert server.requests[1]["query"] == "算力 sourcelang:chinese"


def test_a_rate_limit_is_retried_and_an_error_status_raised():
    limited = IndexServer(
        [(429, "text/plain", b"Please limit requests"), (200, "application/json", b"{}")]
    )
    with limited, client(limited.endpoint) as gdelt:
        assert gdelt.search(QUERY, START, NOW, now=NOW).articles == []
    assert len(limited.requests) == 2
    missing = IndexServer([(404, "text/html", b"no")])
    with missing, client(missing.endpoint) as gdelt, pytest.raises(DiscoveryError) as raised:
        gdelt.search(QUERY, START, NOW, now=NOW)
    assert raised.value.status == 404


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"Your search contained a phrase that was too short.", "answered with text, not JSON"),
        (b"<html>busy</html>", "answered with text, not JSON"),
        (b'{"articles": [', "malformed JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "answered with text"),
        (b"{" + b'"a":[' * 100_000, "malformed JSON"),
        (b'{"articles": {"url": "https://x.example/"}}', "'articles' is a dict, not a list"),
        (b'{"articles": "none"}', "'articles' is a str, not a list"),
        (b" " + b"x" * (MAX_RESPONSE_BYTES + 1), "larger than"),
    ],
)
def test_an_answer_that_is_not_an_article_list_is_refused(body, reason):
    with pytest.raises(DiscoveryError) as raised:
        parse_article_list(body, 75, NOW)
    assert reason in raised.value.reason


def test_the_empty_answer_lists_nothing():
    assert parse_article_list(b"{}", 75, NOW).articles == []


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://news.example/a",
        "https://",
        "//news.example/a",
        "https://news.example/a b",
        "https://news.example/" + "a" * 2100,
        42,
        None,
        ["https://news.example/a"],
        {"href": "https://news.example/a"},
    ],
)
def test_items_without_a_web_url_are_dropped(bad):
    found = parse_article_list(answer([item(bad), item("https://news.example/ok")]), 75, NOW)
    assert [a.url for a in found.articles] == ["https://news.example/ok"]
    assert found.rejected == 1


def test_items_of_the_wrong_shape_and_repeats_are_dropped():
    items = ["https://news.example/a", 7, None, [], item(), item()]
    found = parse_article_list(answer(items), 75, NOW)
    assert len(found.articles) == 1 and found.rejected == 5


@pytest.mark.parametrize(
    "seendate",
    ["19700101T000000Z", "20990101T000000Z", "20251340T250000Z", "yesterday", 20250716, None, ""],
)
def test_absurd_or_malformed_dates_are_blanked_not_trusted(seendate):
    (article,) = parse_article_list(answer([item(seendate=seendate)]), 75, NOW).articles
    assert article.seen_at is None


def test_titles_of_the_wrong_type_are_blanked_and_long_ones_cut():
    first, second = parse_article_list(
        answer([item("https://n.example/1", title=["x"]), item(title="GPU\n\t" + "y" * 5000)]),
        75,
        NOW,
    ).articles
    assert first.title is None
    assert (
        second.title is not None and second.title.startswith("GPU y") and len(second.title) == 1000
    )


def test_a_huge_array_is_read_only_up_to_the_cap():
    items = [item(f"https://news.example/{n}") for n in range(5000)]
    found = parse_article_list(answer(items), 250, NOW)
    assert len(found.articles) == 250 and found.truncated == 4750


def test_raw_control_characters_in_titles_are_tolerated():
    body = b'{"articles": [{"url": "https://n.example/1", "title": "AI\x01 data\tcenter"}]}'
    (article,) = parse_article_list(body, 75, NOW).articles
    assert article.title == "AI\x01 data center"


def test_recorded_answers_are_read_from_their_folder(tmp_path):
    settings = DiscoverySettings((QUERY,), recorded=tmp_path)
    recorded_file(tmp_path, QUERY).write_bytes(answer([item()]))
    with GdeltClient(settings) as gdelt:
        assert len(gdelt.search(QUERY, START, NOW, now=NOW).articles) == 1
        with pytest.raises(DiscoveryError, match="no recorded answer zh-"):
            gdelt.search(DiscoveryQuery("算力", "zh"), START, NOW, now=NOW)


def test_the_lineage_of_a_query_is_stable_and_names_it():
    assert lineage("https://api.gdeltproject.org/api/v2/doc/doc", QUERY) == (
        "https://api.gdeltproject.org/api/v2/doc/doc?query=%22data+center%22+capex"
        "+sourcelang%3Aenglish&mode=artlist&format=json"
    )
