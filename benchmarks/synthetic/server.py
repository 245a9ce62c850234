"""The synthetic corpus served over HTTP from many loopback addresses at once.

One ThreadingHTTPServer per host (127.0.0.2, 127.0.0.3, ...), all on one port: the whole of
127.0.0.0/8 is loopback on Linux, so each host is a distinct site to the fetcher, with its own
politeness delay and robots.txt. Pages are made from the corpus on each request, never held.
Each host answers:

- `/feed.xml`: RSS 2.0 of all its articles, newest first; `/feed/YYYY-MM-DD.xml`: of one day;
- the path of each of its articles (`/2025/01/03/article-000123.html`);
- 404 for everything else, `/robots.txt` included (a 4xx robots.txt allows all).
"""

from __future__ import annotations

import contextlib
import errno
import math
import re
import socket
import sys
import threading
import time
import urllib.parse
from collections import Counter
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from benchmarks.synthetic.corpus import SyntheticArticle, SyntheticCorpus
from benchmarks.synthetic.feed import FeedItem, render_rss
from benchmarks.synthetic.page import site_name

MAX_LATENCY_SECONDS = 60.0
# Idle keep-alive connections are closed after this, so handler threads do not pile up.
IDLE_CONNECTION_SECONDS = 30
# Random port choices that collide with a port in use on one of the addresses before giving up.
BIND_ATTEMPTS = 20
_DAY_FEED = re.compile(r"/feed/(\d{4}-\d{2}-\d{2})\.xml", re.ASCII)
HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


class _HostServer(ThreadingHTTPServer):
    # The default backlog of 5 drops connections when a hundred clients connect at once.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], owner: CorpusServer) -> None:
        self.owner = owner
        self.host = address[0]
        # Open connections and the threads serving them, so that closing the server can wake
        # the threads waiting on idle keep-alive connections and wait for them to end.
        self.connections: set[socket.socket] = set()
        self.handler_threads: set[threading.Thread] = set()
        self.handlers_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"corpus-handler-{self.host}",
            daemon=True,
        )
        with self.handlers_lock:
            self.connections.add(request)
            self.handler_threads = {t for t in self.handler_threads if t.is_alive()}
            self.handler_threads.add(thread)
        thread.start()

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # A client closing an idle keep-alive connection is how connections end, not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def shutdown_request(self, request) -> None:  # type: ignore[no-untyped-def]
        with self.handlers_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def end_connections(self, timeout: float) -> None:
        """Close every open connection and wait for the threads that served them."""
        with self.handlers_lock:
            connections, threads = list(self.connections), list(self.handler_threads)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(timeout)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_CONNECTION_SECONDS
    # Headers and body go out in two writes; with Nagle's algorithm the second waits for the
    # client's delayed ACK (40 ms) on a kept-alive connection.
    disable_nagle_algorithm = True
    server: _HostServer

    def do_GET(self) -> None:
        owner = self.server.owner
        host = self.server.host
        owner._count(f"{owner.base_url(host)}{self.path}")
        if owner.latency_seconds:
            time.sleep(owner.latency_seconds)
        status, content_type, body = owner._answer(host, self.path)
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


def _checked_latency(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value <= MAX_LATENCY_SECONDS
    ):
        raise ValueError(f"latency_seconds must be from 0 to {MAX_LATENCY_SECONDS}, got {value!r}")
    return float(value)


class CorpusServer:
    """Serves `corpus` on all its hosts while inside a `with` block."""

    def __init__(
        self, corpus: SyntheticCorpus, latency_seconds: float = 0.0, port: int = 0
    ) -> None:
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise ValueError(f"port must be from 0 to 65535, got {port!r}")
        self.corpus = corpus
        self.latency_seconds = _checked_latency(latency_seconds)
        self.port = port
        self.hosts: list[str] = corpus.hosts
        self.requests: Counter[str] = Counter()
        self._requests_lock = threading.Lock()
        self._servers: list[_HostServer] = []
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> CorpusServer:
        if self._servers:
            raise RuntimeError("this CorpusServer is already serving")
        self._servers = self._bind_all()
        self.port = self._servers[0].server_address[1]
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.2},
                name=f"corpus-server-{server.host}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        # Each serve_forever loop notices a shutdown only at its next poll: ask them all at once.
        stoppers = [threading.Thread(target=server.shutdown) for server in self._servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in self._servers:
            server.server_close()
            # A handler may be sleeping the latency before it writes to its closed connection.
            server.end_connections(timeout=self.latency_seconds + 5)
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []

    def _bind_all(self) -> list[_HostServer]:
        """One server per host on one port; with port 0, the kernel's choice for the first host
        is tried on the others and another is drawn when one of them has it taken."""
        for _ in range(BIND_ATTEMPTS if self.port == 0 else 1):
            servers: list[_HostServer] = []
            try:
                port = self.port
                for host in self.hosts:
                    servers.append(_HostServer((host, port), self))
                    port = servers[0].server_address[1]
                return servers
            except OSError as exc:
                for server in servers:
                    server.server_close()
                if self.port != 0 or exc.errno != errno.EADDRINUSE:
                    raise
        raise OSError(errno.EADDRINUSE, f"no port free on all {len(self.hosts)} hosts")

    def _count(self, url: str) -> None:
        with self._requests_lock:
            self.requests[url] += 1

    def base_url(self, host: str) -> str:
        if host not in self.hosts:
            raise ValueError(f"{host!r} is not one of this server's hosts")
        return f"http://{host}:{self.port}"

    def feed_url(self, host: str, day: date | None = None) -> str:
        if day is None:
            return f"{self.base_url(host)}/feed.xml"
        return f"{self.base_url(host)}/feed/{day.isoformat()}.xml"

    def article_url(self, article: SyntheticArticle) -> str:
        return f"{self.base_url(article.host)}{article.path}"

    def _answer(self, host: str, target: str) -> tuple[int, str, bytes]:
        path = urllib.parse.urlsplit(target).path if target.startswith("/") else ""
        if path == "/feed.xml":
            return 200, RSS, self._feed(host, None)
        day_feed = _DAY_FEED.fullmatch(path)
        if day_feed is not None:
            try:
                day = date.fromisoformat(day_feed.group(1))
            except ValueError:
                day = None
            if day is not None and day in self.corpus.days():
                return 200, RSS, self._feed(host, day)
        article = self.corpus.find(host, path)
        if article is not None:
            return 200, HTML, article.html
        return 404, "text/plain; charset=utf-8", b"not found\n"

    def _feed(self, host: str, day: date | None) -> bytes:
        indexes = list(self.corpus.indexes_at(host, day))
        articles = (self.corpus.article(i) for i in reversed(indexes))
        items = (FeedItem(a.title, self.article_url(a), a.published_at) for a in articles)
        octet = int(host.rsplit(".", 1)[1])
        return render_rss(site_name("en", octet), f"{self.base_url(host)}/", items)
