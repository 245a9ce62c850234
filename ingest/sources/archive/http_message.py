"""The HTTP response stored inside a WARC response record: its status line and headers, read
under a size budget, and its body, de-chunked and decoded under a size cap.

The headers and body were written by whichever server the crawler visited, so nothing here reads
an unbounded line or holds more than the cap: a header block over `MAX_HEADER_BYTES` or a body
that decodes to more than the cap is refused with a reason instead of read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from warcio.statusandheaders import StatusAndHeadersParser

from ingest.http.body import decode_capped

# Real servers send a few kilobytes of headers; this leaves room for cookie-heavy sites.
MAX_HEADER_BYTES = 128 * 1024
# How much of the stored body is read at a time.
READ_SIZE = 64 * 1024
# A chunk-size line is a hex number and optional extensions; anything longer is not one.
MAX_CHUNK_LINE_BYTES = 1024
# Plain hex digits only: int(x, 16) would also take "0x1f", "+1f" and "1_f".
CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")

HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# What an HTML document may start with, after a BOM and whitespace, when no type is declared.
HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title")


class Stream(Protocol):
    def read(self, length: int | None = None) -> bytes: ...

    def readline(self, length: int | None = None) -> bytes: ...


class MessageError(Exception):
    """The stored HTTP message cannot be read; `reason` is short and human."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ResponseHead:
    status: int
    content_type: str | None
    content_encoding: str
    chunked: bool

    @property
    def media_type(self) -> str | None:
        if self.content_type is None:
            return None
        return self.content_type.split(";", 1)[0].strip().lower() or None


class _HeaderBudget:
    """Hands the header parser one line at a time, never more than the bytes left in budget."""

    def __init__(self, stream: Stream, budget: int) -> None:
        self._stream = stream
        self._left = budget

    def readline(self) -> bytes:
        if self._left <= 0:
            raise MessageError(f"HTTP headers over {MAX_HEADER_BYTES} bytes")
        line = self._stream.readline(self._left)
        self._left -= len(line)
        return line


def read_head(stream: Stream) -> ResponseHead:
    """Parse the status line and headers at the start of `stream`, leaving it at the body."""
    parser = StatusAndHeadersParser(["HTTP/"], verify=False)
    try:
        parsed = parser.parse(_HeaderBudget(stream, MAX_HEADER_BYTES))
    except EOFError as exc:
        raise MessageError("empty HTTP response") from exc
    code = parsed.get_statuscode()
    if not parsed.protocol.upper().startswith("HTTP/") or not (code.isascii() and code.isdigit()):
        raise MessageError("invalid HTTP status line")
    if len(code) != 3:
        raise MessageError("invalid HTTP status line")
    transfer = [
        token.strip()
        for token in (parsed.get_header("transfer-encoding") or "").lower().split(",")
        if token.strip()
    ]
    unsupported = [token for token in transfer if token not in {"chunked", "identity"}]
    if unsupported:
        raise MessageError(f"unsupported Transfer-Encoding {', '.join(unsupported)!r}")
    return ResponseHead(
        status=int(code),
        content_type=parsed.get_header("content-type"),
        content_encoding=parsed.get_header("content-encoding") or "",
        chunked="chunked" in transfer,
    )


def read_body(stream: Stream, head: ResponseHead, max_bytes: int) -> bytes:
    """The body after de-chunking and content decoding; BodyTooLarge (from ingest.http.body) once
    it passes `max_bytes`, BodyError or MessageError when it cannot be decoded."""
    raw = _dechunked(stream) if head.chunked else _blocks(stream)
    return decode_capped(raw, head.content_encoding, max_bytes)


def looks_like_html(content: bytes) -> bool:
    """Whether a body with no declared type opens like an HTML document."""
    start = content[:1024].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    return start.startswith(HTML_OPENINGS)


def _blocks(stream: Stream) -> Iterator[bytes]:
    while block := stream.read(READ_SIZE):
        yield block


def _dechunked(stream: Stream) -> Iterator[bytes]:
    """The chunk data of a chunked body, a block at a time however large a chunk claims to be.

    A body whose first line is not a chunk size was stored already de-chunked (some crawlers keep
    the header), so it is passed through whole; a body that breaks off before its last chunk
    ends where it breaks off, as a browser would show it."""
    first = stream.readline(MAX_CHUNK_LINE_BYTES)
    size = _chunk_size(first)
    if size is None:
        yield first
        yield from _blocks(stream)
        return
    while size:
        left = size
        while left:
            block = stream.read(min(left, READ_SIZE))
            if not block:
                return
            left -= len(block)
            yield block
        if stream.readline(MAX_CHUNK_LINE_BYTES).strip():
            raise MessageError("corrupt chunked body: chunk longer than its size")
        line = stream.readline(MAX_CHUNK_LINE_BYTES)
        if not line:
            return
        size = _chunk_size(line)
        if size is None:
            raise MessageError("corrupt chunked body: invalid chunk size")


def _chunk_size(line: bytes) -> int | None:
    digits = line.split(b";", 1)[0].strip()
    return int(digits, 16) if CHUNK_SIZE.fullmatch(digits) else None
