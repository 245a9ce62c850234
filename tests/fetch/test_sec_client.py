import itertools
import json
import re
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from ingest.http.fetcher import FetchError
from ingest.sources.config import load_sources
from ingest.sources.sec.client import (
    SecClient,
    SecFetchError,
    SecForbiddenError,
    SecResponseError,
    SecUserAgentError,
)
from ingest.sources.sec.companyfacts import SecParseError, parse_companyfacts
from tests.conftest import REPO_ROOT
from tests.fetch.loopback import LOOPBACK_HOSTS, LoopbackServer, Response

USER_AGENT = "Infratrack Tests tests@example.com"
CIK = 789019
FACTS_PATH = "/api/xbrl/companyfacts/CIK0000789019.json"
SUBMISSIONS_PATH = "/submissions/CIK0000789019.json"
FACTS = json.dumps({"cik": CIK, "entityName": "MICROSOFT CORP", "facts": {}}).encode()
FACTS_V2 = json.dumps({"cik": CIK, "entityName": "MICROSOFT CORPORATION", "facts": {}}).encode()
SEC_UA = re.compile(r"[A-Za-z].*\s\S+@\S+\.\w+")


class FakeClock:
    """A monotonic clock that only moves when the client sleeps, so waits are exact and instant."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def never_waiting_clock():
    # Every reading a second after the last: the rate limiter never sleeps, so only retry delays
    # reach the recorded sleeps.
    return itertools.count().__next__


def sec_route(
    body: bytes,
    etag: str | None = None,
    last_modified: str | None = None,
    blocked: frozenset[str] = frozenset(),
):
    """Answers like data.sec.gov: 403 without a 'Name email' User-Agent, 304 on a matching ETag."""

    def answer(handler: BaseHTTPRequestHandler) -> Response:
        agent = handler.headers.get("User-Agent", "")
        if not SEC_UA.fullmatch(agent) or agent in blocked:
            return (
                403,
                {"Content-Type": "text/html"},
                b"<h1>Your Request Originates from an Undeclared Automated Tool</h1>",
            )
        headers = {"Content-Type": "application/json"}
        if etag:
            headers["ETag"] = etag
        if last_modified:
            headers["Last-Modified"] = last_modified
        if etag and handler.headers.get("If-None-Match") == etag:
            return 304, headers, b""
        return 200, headers, body

    return answer


def sent_headers(server: LoopbackServer) -> list[dict[str, str]]:
    return [
        {name.lower(): value for name, value in headers.items()} for _, headers in server.requests
    ]


def client_for(server: LoopbackServer, **overrides) -> SecClient:
    settings = {
        "base_url": server.base_url,
        "timeout_seconds": 2.0,
        "max_retries": 2,
        "backoff_seconds": 0.01,
        "sleep": lambda _seconds: None,
        "clock": never_waiting_clock(),
        "allow_private_hosts": LOOPBACK_HOSTS,
    }
    settings.update(overrides)
    return SecClient(USER_AGENT, **settings)


@pytest.fixture(scope="module")
def shared_server():
    # One server for the module: each shutdown waits out serve_forever's 0.5 s poll.
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def server(shared_server):
    shared_server.routes.clear()
    shared_server.requests.clear()
    return shared_server


def test_companyfacts_sends_user_agent_and_returns_body(server):
    server.routes[FACTS_PATH] = sec_route(FACTS)
    with client_for(server) as client:
        response = client.companyfacts(CIK)
    assert (response.url, response.status, response.content) == (server.url(FACTS_PATH), 200, FACTS)
    assert response.from_cache is False
    assert sent_headers(server)[0]["user-agent"] == USER_AGENT


def test_submissions_url(server):
    body = json.dumps({"cik": str(CIK), "name": "MICROSOFT CORP", "filings": {"recent": {}}})
    server.routes[SUBMISSIONS_PATH] = sec_route(body.encode())
    with client_for(server) as client:
        response = client.submissions(CIK)
    assert response.status == 200 and json.loads(response.content)["cik"] == str(CIK)
    assert [path for path, _ in server.requests] == [SUBMISSIONS_PATH]


def test_too_many_requests_then_success_honours_retry_after(server):
    slept: list[float] = []
    server.sequence(FACTS_PATH, [(429, {"Retry-After": "0"}, b""), (200, {}, FACTS)])
    with client_for(server, sleep=slept.append, backoff_seconds=5.0) as client:
        assert client.companyfacts(CIK).content == FACTS
    assert [path for path, _ in server.requests] == [FACTS_PATH, FACTS_PATH]
    # Retry-After wins over the 5 s backoff.
    assert slept == [0.0]


def test_server_errors_back_off_exponentially_then_give_up(server):
    slept: list[float] = []
    server.route(FACTS_PATH, status=503, body=b"busy")
    with (
        client_for(server, sleep=slept.append, max_retries=2, backoff_seconds=0.25) as client,
        pytest.raises(SecFetchError) as error,
    ):
        client.companyfacts(CIK)
    assert error.value.status == 503 and "3 attempts" in error.value.reason
    assert isinstance(error.value, FetchError)
    assert slept == [0.25, 0.5]
    assert len(server.requests) == 3


def test_not_found_is_not_retried(server):
    with client_for(server) as client, pytest.raises(SecFetchError) as error:
        client.companyfacts(CIK)
    assert error.value.status == 404
    assert len(server.requests) == 1


def test_loopback_route_refuses_requests_without_a_named_user_agent(server):
    # The route stands in for the SEC, so first show it behaves like the SEC.
    import httpx

    server.routes[FACTS_PATH] = sec_route(FACTS)
    assert httpx.get(server.url(FACTS_PATH)).status_code == 403
    assert httpx.get(server.url(FACTS_PATH), headers={"User-Agent": USER_AGENT}).status_code == 200


@pytest.mark.parametrize(
    "agent",
    [None, "", "   ", "python-httpx/0.28.1", "Jane Doe", "jane@example.com", "1 jane@example.com"],
)
def test_client_refuses_to_be_built_without_a_proper_user_agent(server, agent):
    with pytest.raises(SecUserAgentError, match="INFRATRACK_SEC_USER_AGENT"):
        SecClient(agent, base_url=server.base_url)
    with pytest.raises(SecUserAgentError, match="403"):
        SecClient(agent)
    assert server.requests == []


@pytest.mark.parametrize(
    "agent", ["Jane Doe jane@example.com", "infratrack/0.1 (Jane Doe; jane.doe@example.co.uk)"]
)
def test_named_user_agents_are_accepted(agent):
    with SecClient(agent) as client:
        assert client.user_agent == agent


def test_forbidden_is_a_clear_error_and_not_retried(server):
    blocked = "Blocked Person blocked@example.com"
    server.routes[FACTS_PATH] = sec_route(FACTS, blocked=frozenset({blocked}))
    client = SecClient(
        blocked,
        base_url=server.base_url,
        max_retries=3,
        allow_private_hosts=LOOPBACK_HOSTS,
        sleep=lambda _s: None,
    )
    with client, pytest.raises(SecForbiddenError) as error:
        client.companyfacts(CIK)
    assert error.value.status == 403
    assert "User-Agent" in str(error.value) and blocked in str(error.value)
    assert len(server.requests) == 1


def test_second_fetch_is_revalidated_and_served_from_cache(server, tmp_path):
    modified = "Wed, 29 Oct 2025 20:00:00 GMT"
    server.routes[FACTS_PATH] = sec_route(FACTS, etag='"v1"', last_modified=modified)
    with client_for(server, cache_dir=tmp_path / "cache") as client:
        first = client.companyfacts(CIK)
        second = client.companyfacts(CIK)
    assert (first.status, first.from_cache) == (200, False)
    assert (second.status, second.from_cache, second.content) == (304, True, FACTS)
    assert second.fetched_at >= first.fetched_at
    first_sent, second_sent = sent_headers(server)
    assert "if-none-match" not in first_sent
    assert second_sent["if-none-match"] == '"v1"'
    assert second_sent["if-modified-since"] == modified
    assert sorted(p.name.split(".", 1)[1] for p in (tmp_path / "cache").iterdir()) == [
        "body",
        "meta.json",
    ]


def test_changed_document_replaces_the_cached_copy(server, tmp_path):
    server.routes[FACTS_PATH] = sec_route(FACTS, etag='"v1"')
    with client_for(server, cache_dir=tmp_path) as client:
        client.companyfacts(CIK)
        server.routes[FACTS_PATH] = sec_route(FACTS_V2, etag='"v2"')
        changed = client.companyfacts(CIK)
        again = client.companyfacts(CIK)
    assert (changed.status, changed.from_cache, changed.content) == (200, False, FACTS_V2)
    assert (again.from_cache, again.content) == (True, FACTS_V2)
    assert sent_headers(server)[2]["if-none-match"] == '"v2"'


def test_without_cache_dir_every_fetch_is_unconditional(server):
    server.routes[FACTS_PATH] = sec_route(FACTS, etag='"v1"')
    with client_for(server) as client:
        assert not client.companyfacts(CIK).from_cache
        assert not client.companyfacts(CIK).from_cache
    assert all("if-none-match" not in headers for headers in sent_headers(server))


def test_malformed_json_is_an_error_and_keeps_the_good_cached_copy(server, tmp_path):
    cache = tmp_path / "cache"
    server.routes[FACTS_PATH] = sec_route(FACTS, etag='"v1"')
    with client_for(server, cache_dir=cache) as client:
        client.companyfacts(CIK)
        before = {path.name: path.read_bytes() for path in cache.iterdir()}
        # A truncated download under a new ETag, as a dropped connection behind a proxy gives.
        server.routes[FACTS_PATH] = sec_route(b'{"cik": 789019, "facts": {"us-gaap', etag='"v2"')
        with pytest.raises(SecResponseError, match="not valid JSON") as error:
            client.companyfacts(CIK)
        assert isinstance(error.value, SecParseError) and error.value.status == 200
        assert {path.name: path.read_bytes() for path in cache.iterdir()} == before
        # The good copy is still what gets revalidated and served.
        server.routes[FACTS_PATH] = sec_route(FACTS_V2, etag='"v1"')
        recovered = client.companyfacts(CIK)
    assert (recovered.from_cache, recovered.content) == (True, FACTS)
    assert sent_headers(server)[-1]["if-none-match"] == '"v1"'


def test_json_of_the_wrong_shape_is_an_error(server, tmp_path):
    server.routes[FACTS_PATH] = sec_route(b'{"error": "no such CIK"}')
    with (
        client_for(server, cache_dir=tmp_path) as client,
        pytest.raises(SecResponseError, match="'facts'"),
    ):
        client.companyfacts(CIK)
    assert list(tmp_path.iterdir()) == []


def test_rate_limit_spaces_requests(server):
    clock = FakeClock()
    server.routes[FACTS_PATH] = sec_route(FACTS)
    with client_for(server, max_requests_per_second=2, sleep=clock.sleep, clock=clock) as client:
        for _ in range(3):
            client.companyfacts(CIK)
    assert clock.slept == pytest.approx([0.5, 0.5])
    assert sum(clock.slept) == pytest.approx(1.0)


def test_rate_limit_does_not_wait_once_the_interval_has_passed(server):
    clock = FakeClock()
    server.routes[FACTS_PATH] = sec_route(FACTS)
    with client_for(server, max_requests_per_second=2, sleep=clock.sleep, clock=clock) as client:
        client.companyfacts(CIK)
        clock.now += 0.4
        client.companyfacts(CIK)
        clock.now += 5.0
        client.companyfacts(CIK)
    assert clock.slept == pytest.approx([0.1])


def test_retries_count_against_the_rate_limit(server):
    clock = FakeClock()
    server.sequence(FACTS_PATH, [(429, {"Retry-After": "0"}, b""), (200, {}, FACTS)])
    with client_for(server, max_requests_per_second=4, sleep=clock.sleep, clock=clock) as client:
        client.companyfacts(CIK)
    assert clock.slept == pytest.approx([0.0, 0.25])


def test_sample_sources_read_from_the_mirror_without_user_agent():
    config = load_sources(REPO_ROOT / "sources" / "default.yml")
    assert config.sec_user_agent is None
    with SecClient.from_sources(config) as client:
        response = client.companyfacts(CIK)
        assert response.url == f"https://data.sec.gov/api/xbrl/companyfacts/CIK{CIK:010d}.json"
        assert parse_companyfacts(response.content)
        # The sample's catch-all mirror keeps even unmirrored files off the network.
        with pytest.raises(SecFetchError) as error:
            client.submissions(CIK)
    assert error.value.status == 404


def test_unmirrored_url_is_never_fetched_anonymously(sample_dir):
    mirrors = {"https://data.sec.gov/api/xbrl/companyfacts/": sample_dir / "sec"}
    with SecClient(None, mirrors=mirrors) as client:
        assert client.companyfacts(CIK).status == 200
        with pytest.raises(SecUserAgentError, match="INFRATRACK_SEC_USER_AGENT"):
            client.submissions(CIK)


def test_file_base_url_needs_no_user_agent(tmp_path: Path):
    folder = tmp_path / "api" / "xbrl" / "companyfacts"
    folder.mkdir(parents=True)
    (folder / f"CIK{CIK:010d}.json").write_bytes(FACTS)
    with SecClient(None, base_url=tmp_path.as_uri()) as client:
        assert client.companyfacts(CIK).content == FACTS
        with pytest.raises(SecFetchError) as error:
            client.companyfacts(1)
    assert error.value.status == 404
