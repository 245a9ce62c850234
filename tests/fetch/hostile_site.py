"""A site on 127.0.0.1 that serves what a hostile but fair tester would: a compression bomb, a
50 MB page, a drip-feed, binary bytes as HTML, a truncated body, a redirect loop, a redirect to the
cloud metadata address, a feed with entity expansion, a wrong charset label, 429s with Retry-After,
links to local files and out of a mirror, and two good pages among them.

Used by tests/fetch/test_hostile_inputs.py and by `make bench-hostile`, which runs a whole refresh
against it under /usr/bin/time. Every page is written here by the project.
"""

from __future__ import annotations

import functools
import gzip
import time
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.fetch.loopback import LoopbackServer

BOMB_DECODED_BYTES = 256 * 1024 * 1024
BIG_PAGE_BYTES = 50 * 1024 * 1024
# A link-local address: the cloud metadata service. The guard refuses it before connecting.
METADATA_URL = "http://169.254.169.254/latest/meta-data/"

GOOD_EN = (
    b"<html><head><title>Northwind Cloud expands</title>"
    b"<meta property='article:published_time' content='2025-04-02T09:00:00Z'></head><body>"
    b"<article><h1>Northwind Cloud expands</h1>"
    b"<p>Microsoft said on Wednesday it plans to spend $80 billion on AI-enabled data centres in "
    b"fiscal 2025, more than half of it in the United States, as demand for cloud capacity grows.</p>"
    b"<p>The company did not break the figure down by site, but said construction had started at "
    b"several campuses and that the spending would be spread across the fiscal year.</p>"
    b"</article></body></html>"
)
GOOD_ZH = (
    "<html><head><meta charset='gbk'><title>智算快讯</title>"
    "<meta property='article:published_time' content='2025-07-10T08:00:00+08:00'></head><body>"
    "<article><h1>智算快讯</h1>"
    "<p>截至今年6月底，中国电信智算规模达到35EFLOPS，较年初增长超过40%，新建的智算中心已陆续投入运营。</p>"
    "<p>公司表示，下半年还将继续推进算力网络建设，服务更多行业客户的大模型训练和推理需求。</p>"
    "</article></body></html>"
).encode("gbk")


@functools.cache
def gzip_bomb() -> bytes:
    """256 MB of zeros in about 256 KB of gzip."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(BOMB_DECODED_BYTES >> 20)]
    parts.append(compressor.flush())
    return b"".join(parts)


def _send_head(handler: BaseHTTPRequestHandler, headers: dict[str, str]) -> None:
    handler.send_response(200)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


def _drip(handler: BaseHTTPRequestHandler) -> None:
    _send_head(handler, {"Content-Type": "text/html", "Content-Length": "100000"})
    for _ in range(120):
        handler.wfile.write(b"<")
        handler.wfile.flush()
        time.sleep(0.5)


def _truncated(handler: BaseHTTPRequestHandler) -> None:
    _send_head(handler, {"Content-Type": "text/html", "Content-Length": "10000"})
    handler.wfile.write(GOOD_EN[:100])
    handler.wfile.flush()
    handler.close_connection = True


def _big_chunked(handler: BaseHTTPRequestHandler) -> None:
    """50 MB with no Content-Length (chunked), so only the streamed cap can stop it."""
    _send_head(handler, {"Content-Type": "text/html", "Transfer-Encoding": "chunked"})
    piece = b"<p>" + b"x" * 65_530 + b"</p>"
    for _ in range(BIG_PAGE_BYTES // len(piece)):
        handler.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
    handler.wfile.write(b"0\r\n\r\n")


ENTITY_BOMB_FEED = (
    b'<?xml version="1.0"?><!DOCTYPE rss ['
    b'<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)
    )
    + b']><rss version="2.0"><channel><title>&i;</title>'
    b"<item><title>&i;</title><link>http://127.0.0.1/never</link></item></channel></rss>"
)


@dataclass(frozen=True)
class HostileSite:
    """What the site serves, and which pages must land and which must fail."""

    server: LoopbackServer
    mirror_prefix: str
    mirror_dir: Path

    def url(self, path: str) -> str:
        return self.server.url(path)

    @property
    def hostile_links(self) -> dict[str, str]:
        """Each hostile link in the feed, with a word its failure reason must contain."""
        return {
            self.url("/bomb.html"): "larger than",
            self.url("/big.html"): "larger than",
            self.url("/big-chunked.html"): "larger than",
            self.url("/drip.html"): "deadline",
            self.url("/binary.html"): "no article text",
            self.url("/truncated.html"): "broken off",
            self.url("/loop-a"): "redirect loop",
            self.url("/to-metadata"): "link-local",
            self.url("/always-busy.html"): "deadline",
            # The feed says file:///etc/passwd; feedparser hands it on as file://etc/passwd.
            "file://etc/passwd": "file://",
            self.mirror_prefix + "%2e%2e/secret.html": "escapes the mirror",
        }

    @property
    def good_links(self) -> list[str]:
        return [
            self.url("/good-en.html"),
            self.url("/good-zh.html"),
            self.url("/wrong-charset.html"),
            self.url("/busy-once.html"),
        ]

    def sources_yaml(self) -> str:
        return (
            "name: hostile\n"
            f"mirrors:\n  '{self.mirror_prefix}': {self.mirror_dir / 'site'}\n"
            f"news:\n  feeds:\n    - {self.url('/feed.xml')}\n    - {self.url('/entities.xml')}\n"
            "politeness:\n"
            "  timeout_seconds: 2\n"
            "  request_deadline_seconds: 4\n"
            "  delay_per_host_seconds: 0\n"
            "  max_retries: 2\n"
            "  backoff_seconds: 0.05\n"
            "  allow_private_hosts: ['127.0.0.1']\n"
        )


def serve(server: LoopbackServer, mirror_dir: Path) -> HostileSite:
    """Route every hostile page on `server`; `mirror_dir` gets a mirror folder and, beside it, a
    file that a `..` escape would reach."""
    (mirror_dir / "site").mkdir(parents=True, exist_ok=True)
    (mirror_dir / "secret.html").write_bytes(GOOD_EN.replace(b"$80 billion", b"$999 billion"))
    site = HostileSite(server, "http://mirror.hostile.example/", mirror_dir)

    server.route("/good-en.html", body=GOOD_EN, headers={"Content-Type": "text/html"})
    server.route("/good-zh.html", body=GOOD_ZH, headers={"Content-Type": "text/html"})
    server.route(
        "/wrong-charset.html",
        body=GOOD_ZH.replace(b"charset='gbk'", b""),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    server.route(
        "/bomb.html",
        body=gzip_bomb(),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    server.route(
        "/big.html", body=b"<html>" + b"y" * BIG_PAGE_BYTES, headers={"Content-Type": "text/html"}
    )
    server.raw_routes["/big-chunked.html"] = _big_chunked
    server.raw_routes["/drip.html"] = _drip
    server.raw_routes["/truncated.html"] = _truncated
    server.route(
        "/binary.html",
        body=bytes(range(256)) * 200 + gzip.compress(GOOD_EN),
        headers={"Content-Type": "text/html"},
    )
    server.route("/loop-a", status=302, headers={"Location": "/loop-b"})
    server.route("/loop-b", status=302, headers={"Location": "/loop-a"})
    server.route("/to-metadata", status=302, headers={"Location": METADATA_URL})
    server.sequence(
        "/busy-once.html",
        [(429, {"Retry-After": "1"}, b""), (200, {"Content-Type": "text/html"}, GOOD_EN)],
    )
    server.route("/always-busy.html", status=429, headers={"Retry-After": "30"})
    server.route("/entities.xml", body=ENTITY_BOMB_FEED, headers={"Content-Type": "text/xml"})
    items = "".join(
        f"<item><title>AI data center capex</title><link>{link.replace('&', '&amp;')}</link></item>"
        for link in [*site.hostile_links, *site.good_links]
    )
    server.route(
        "/feed.xml",
        body=f"<?xml version='1.0'?><rss version='2.0'><channel><title>h</title>{items}</channel></rss>".encode(),
        headers={"Content-Type": "application/rss+xml"},
    )
    return site
