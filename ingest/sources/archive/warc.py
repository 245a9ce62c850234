"""Reading news-crawl WARC archives (Common Crawl's CC-NEWS) page by page.

A WARC file holds one record per crawler event; only `response` records of HTML pages are
wanted. The reader streams a file record by record (`.warc.gz` with one gzip member per record,
as Common Crawl writes them, or plain `.warc`), so memory does not grow with the file. Every
response it passes over is reported as an `ArchiveSkip` with the reason; a damaged file (a cut-off
record, a corrupt gzip member, bytes that are not WARC) ends with one skip saying so, after every
record before the damage. Each page keeps the offset and length of its record as stored, so
`read_record_at` can re-read it later to check where a fact came from.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ingest.http.body import BodyError, BodyTooLarge
from ingest.http.politeness import MAX_DOCUMENT_BYTES
from ingest.sources.archive.http_message import (
    HTML_MEDIA_TYPES,
    MessageError,
    looks_like_html,
    read_body,
    read_head,
)

# Compressed bytes warcio inflates at a time. zlib inflates up to about 1,000 times its input, so
# warcio's default of 16 KB lets one record of a repeated byte become 17 MB in a single read;
# 4 KB keeps that under the page cap, at about a third more reading time on ordinary archives.
WARC_BLOCK_BYTES = 4096
# Longer target URIs are not pages anyone links to; they are kept out of skip rows too.
MAX_URL_CHARS = 4096
PAGE_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class ArchiveRecord:
    archive: str  # the WARC file's name, never its path
    offset: int  # of the record in the file as stored (the gzip member's offset in .warc.gz)
    length: int  # of the record in the file as stored
    url: str  # WARC-Target-URI, always http(s)
    fetched_at: datetime  # WARC-Date, UTC
    http_status: int
    content_type: str | None  # the HTTP Content-Type header
    content: bytes  # the body without transfer and content encoding


@dataclass(frozen=True)
class ArchiveSkip:
    archive: str
    offset: int | None
    url: str | None
    reason: str


class ArchiveError(Exception):
    """No page could be read where one was expected; `reason` is short and human."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_warc(
    path: Path, max_record_bytes: int = MAX_DOCUMENT_BYTES
) -> Iterator[ArchiveRecord | ArchiveSkip]:
    """The HTML pages in the archive at `path`, a record at a time, and a skip for every response
    passed over; a damaged archive ends with one skip saying so. Bad data never raises; a file
    that cannot be opened does (OSError)."""
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size == 0:
            yield ArchiveSkip(path.name, None, None, "empty archive")
            return
        for outcome in _outcomes(stream, path.name, max_record_bytes, size):
            if outcome is not None:
                yield outcome


def read_record_at(
    path: Path, offset: int, max_record_bytes: int = MAX_DOCUMENT_BYTES
) -> ArchiveRecord:
    """The page whose record starts at `offset` (as `read_warc` reported it), read again."""
    size = path.stat().st_size
    if not 0 <= offset < size:
        raise ArchiveError(f"offset {offset} is outside {path.name} ({size} bytes)")
    with path.open("rb") as stream:
        stream.seek(offset)
        for outcome in _outcomes(stream, path.name, max_record_bytes):
            if isinstance(outcome, ArchiveRecord):
                return outcome
            if isinstance(outcome, ArchiveSkip):
                raise ArchiveError(f"no page at offset {offset} of {path.name}: {outcome.reason}")
            break
    raise ArchiveError(f"no response record at offset {offset} of {path.name}")


@dataclass(frozen=True)
class _Page:
    url: str
    fetched_at: datetime
    http_status: int
    content_type: str | None
    content: bytes


def _outcomes(
    stream: BinaryIO, archive: str, max_bytes: int, archive_size: int | None = None
) -> Iterator[ArchiveRecord | ArchiveSkip | None]:
    """One outcome per record: a page, a skip, or None for records that are not responses; a
    damaged record ends the stream with a skip, and so do bytes left over at the end of an
    archive of `archive_size` bytes."""
    iterator = WARCIterator(stream, no_record_parse=True, block_size=WARC_BLOCK_BYTES)
    records = iter(iterator)
    while True:
        start = iterator.offset
        try:
            record = next(records)
        except StopIteration:
            # A gzip member cut off early decompresses to nothing warcio can parse, and it ends
            # quietly: the bytes it leaves behind are the only sign.
            if archive_size is not None and start < archive_size:
                reason = (
                    f"truncated archive: {archive_size - start} bytes at offset {start} "
                    "hold no complete record"
                )
                yield ArchiveSkip(archive, start, None, reason)
            return
        except ArchiveLoadFailed as exc:
            yield ArchiveSkip(archive, start, None, _load_failure(exc, start))
            return
        url = record.rec_headers.get_header("WARC-Target-URI")
        url = url[:MAX_URL_CHARS] if url else None
        if not _is_digits(record.rec_headers.get_header("Content-Length")):
            yield ArchiveSkip(archive, start, url, _missing_length(record, start))
            return
        warnings_before = iterator.err_count
        page = _examine(record, max_bytes) if record.rec_type == "response" else None
        # Reads the rest of the record, so the stored length and any damage are known.
        offset, length = iterator.get_record_offset(), iterator.get_record_length()
        stored = record.raw_stream.tell()
        if stored < record.length:
            reason = (
                f"truncated archive: record at offset {offset} ends after {stored} of its "
                f"{record.length} bytes"
            )
            yield ArchiveSkip(archive, offset, url, reason)
            return
        if iterator.err_count > warnings_before:
            reason = (
                f"corrupt archive: record at offset {offset} runs on past its Content-Length "
                f"of {record.length} bytes"
            )
            yield ArchiveSkip(archive, offset, url, reason)
            return
        if page is None:
            yield None
        elif isinstance(page, str):
            yield ArchiveSkip(archive, offset, url, page)
        else:
            yield ArchiveRecord(
                archive,
                offset,
                length,
                page.url,
                page.fetched_at,
                page.http_status,
                page.content_type,
                page.content,
            )


def _examine(record: ArcWarcRecord, max_bytes: int) -> _Page | str:
    """The page a response record holds, or why it is passed over."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    problem = _url_problem(url)
    if problem:
        return problem
    fetched_at = _utc(record.rec_headers.get_header("WARC-Date"))
    if fetched_at is None:
        return "invalid WARC-Date"
    body = record.raw_stream
    try:
        head = read_head(body)
        if not 200 <= head.status < 300:
            return f"HTTP {head.status}"
        media_type = head.media_type
        if media_type is not None and media_type not in HTML_MEDIA_TYPES:
            return "not an HTML page"
        stored_body = record.length - body.tell()
        if not head.chunked and not head.content_encoding and stored_body > max_bytes:
            return f"record over {max_bytes} bytes"
        content = read_body(body, head, max_bytes)
    except BodyTooLarge:
        return f"record over {max_bytes} bytes"
    except (BodyError, MessageError) as exc:
        return exc.reason
    if media_type is None and not looks_like_html(content):
        return "not an HTML page"
    if not content:
        return "empty body"
    return _Page(url, fetched_at, head.status, head.content_type, content)


def _url_problem(url: str | None) -> str | None:
    if not url:
        return "no target URI"
    if len(url) > MAX_URL_CHARS:
        return f"URL over {MAX_URL_CHARS} characters"
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in PAGE_SCHEMES:
        return "unsupported URL scheme"
    if any(ord(char) <= 32 or ord(char) == 127 for char in url):
        return "invalid URL"
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return "invalid URL"
    return None if host else "invalid URL"


def _utc(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        # WARC dates are UTC by definition; a writer that dropped the "Z" still meant it.
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _is_digits(value: str | None) -> bool:
    digits = (value or "").strip()
    return digits.isascii() and digits.isdigit()


def _missing_length(record: ArcWarcRecord, offset: int) -> str:
    # Without a length the record runs to the end of its gzip member or file: if nothing follows
    # its headers the file was cut inside them.
    if not record.raw_stream.read(1):
        return f"truncated archive: record at offset {offset} ends inside its WARC headers"
    return f"corrupt archive: record at offset {offset} has no valid Content-Length"


def _load_failure(exc: ArchiveLoadFailed, offset: int) -> str:
    if "non-chunked gzip" in str(exc):
        return "corrupt archive: a gzip member holds more than one record"
    return f"corrupt archive: no WARC record at offset {offset}"
