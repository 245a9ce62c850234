"""The WARC reader on archives the tests write with warcio's own writer: the pages it returns,
the responses it passes over and why, damaged files, and re-reading a record at its offset."""

from __future__ import annotations

import gzip
import io
import random
import tracemalloc
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ingest.sources.archive import (
    ArchiveError,
    ArchiveRecord,
    ArchiveSkip,
    archive_day,
    read_record_at,
    read_warc,
)
from ingest.sources.archive.http_message import MAX_HEADER_BYTES

WARC_DATE = "2025-03-04T05:06:07Z"
FETCHED_AT = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
CAP = 50_000

EN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Data centre plans</title></head><body>GPU</body></html>"
)
ZH_PAGE = "<html><head><meta charset='gbk'><title>数据中心</title></head><body>算力</body></html>"
ZH_UTF8_PAGE = "<html><head><title>資料中心</title></head><body>資本支出</body></html>"
HTML = (("Content-Type", "text/html; charset=utf-8"),)


def chunked(body: bytes, size: int = 7) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    headers: tuple[tuple[str, str], ...] = HTML,
    status: str = "200 OK",
    warc_date: str = WARC_DATE,
) -> None:
    http = StatusAndHeaders(status, list(headers), protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": warc_date},
    )
    writer.write_record(record)


def request(writer: WARCWriter, uri: str) -> None:
    http = StatusAndHeaders(
        "GET / HTTP/1.1", [("Host", "news.example")], protocol="HTTP/1.1", is_http_request=True
    )
    writer.write_record(writer.create_warc_record(uri, "request", http_headers=http))


def write_archive(path: Path, write) -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        write(writer)
    return path


def everything(writer: WARCWriter) -> None:
    """One record of every kind the reader must tell apart."""
    request(writer, "https://news.example/en")
    response(writer, "https://news.example/en", EN_PAGE)
    response(
        writer,
        "http://news.example/zh-gbk",
        ZH_PAGE.encode("gbk"),
        (("Content-Type", "text/html; charset=GBK"),),
    )
    response(writer, "https://news.example/zh-utf8", ZH_UTF8_PAGE.encode(), HTML)
    response(
        writer,
        "https://news.example/gzipped",
        gzip.compress(EN_PAGE),
        (*HTML, ("Content-Encoding", "gzip")),
    )
    response(
        writer,
        "https://news.example/deflated",
        zlib.compress(EN_PAGE),
        (*HTML, ("Content-Encoding", "deflate")),
    )
    response(
        writer,
        "https://news.example/chunked",
        chunked(EN_PAGE),
        (*HTML, ("Transfer-Encoding", "chunked")),
    )
    response(
        writer,
        "https://news.example/chunked-gzipped",
        chunked(gzip.compress(EN_PAGE)),
        (*HTML, ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")),
    )
    response(writer, "https://news.example/untyped", EN_PAGE, ())
    response(
        writer, "https://news.example/xhtml", EN_PAGE, (("Content-Type", "application/xhtml+xml"),)
    )
    response(writer, "https://news.example/missing", b"<html>gone</html>", HTML, "404 Not Found")
    response(writer, "https://news.example/moved", b"", HTML, "301 Moved Permanently")
    response(
        writer,
        "https://news.example/report.pdf",
        b"%PDF-1.7\n",
        (("Content-Type", "application/pdf"),),
    )
    response(writer, "https://news.example/untyped.bin", b"\x00\x01binary", ())
    response(writer, "file:///etc/passwd", b"<html>root:x:0:0</html>")
    response(writer, "javascript:alert(document.cookie)", b"<html></html>")
    response(writer, "https://news.example/huge", b"<html>" + b"x" * (CAP * 4) + b"</html>")
    response(
        writer,
        "https://news.example/bomb",
        gzip.compress(b"<html>" + b"\0" * (CAP * 40)),
        (*HTML, ("Content-Encoding", "gzip")),
    )
    response(
        writer,
        "https://news.example/huge-chunked",
        chunked(b"<html>" + b"y" * (CAP * 2), 4096),
        (*HTML, ("Transfer-Encoding", "chunked")),
    )
    response(
        writer, "https://news.example/brotli", b"\x8b\x03\x80", (*HTML, ("Content-Encoding", "br"))
    )
    response(writer, "https://news.example/empty", b"", HTML)
    response(writer, "https://news.example/bad-date", EN_PAGE, HTML, warc_date="yesterday")
    response(writer, "https://news.example/last", EN_PAGE)


EXPECTED = [
    ("https://news.example/en", EN_PAGE),
    ("http://news.example/zh-gbk", ZH_PAGE.encode("gbk")),
    ("https://news.example/zh-utf8", ZH_UTF8_PAGE.encode()),
    ("https://news.example/gzipped", EN_PAGE),
    ("https://news.example/deflated", EN_PAGE),
    ("https://news.example/chunked", EN_PAGE),
    ("https://news.example/chunked-gzipped", EN_PAGE),
    ("https://news.example/untyped", EN_PAGE),
    ("https://news.example/xhtml", EN_PAGE),
    ("https://news.example/missing", "HTTP 404"),
    ("https://news.example/moved", "HTTP 301"),
    ("https://news.example/report.pdf", "not an HTML page"),
    ("https://news.example/untyped.bin", "not an HTML page"),
    ("file:///etc/passwd", "unsupported URL scheme"),
    ("javascript:alert(document.cookie)", "unsupported URL scheme"),
    ("https://news.example/huge", f"record over {CAP} bytes"),
    ("https://news.example/bomb", f"record over {CAP} bytes"),
    ("https://news.example/huge-chunked", f"record over {CAP} bytes"),
    ("https://news.example/brotli", "unsupported Content-Encoding 'br'"),
    ("https://news.example/empty", "empty body"),
    ("https://news.example/bad-date", "invalid WARC-Date"),
    ("https://news.example/last", EN_PAGE),
]


def outcome(item: ArchiveRecord | ArchiveSkip) -> tuple[str | None, bytes | str]:
    if isinstance(item, ArchiveRecord):
        return item.url, item.content
    return item.url, item.reason


@pytest.fixture(params=["CC-NEWS-20250304050607-00001.warc.gz", "news.warc"])
def archive(request, tmp_path) -> Path:
    return write_archive(tmp_path / request.param, everything)


def test_pages_are_returned_and_other_responses_skipped_with_the_reason(archive):
    items = list(read_warc(archive, max_record_bytes=CAP))
    assert [outcome(item) for item in items] == EXPECTED
    pages = [item for item in items if isinstance(item, ArchiveRecord)]
    assert {page.archive for page in items} == {archive.name}
    assert all(page.fetched_at == FETCHED_AT for page in pages)
    assert all(page.http_status == 200 for page in pages)
    assert pages[1].content_type == "text/html; charset=GBK"
    assert pages[1].content.decode("gbk") == ZH_PAGE
    assert pages[7].content_type is None


def test_offsets_and_lengths_tile_the_file(archive):
    items = [item for item in read_warc(archive, max_record_bytes=CAP)]
    offsets = [item.offset for item in items]
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    pages = [item for item in items if isinstance(item, ArchiveRecord)]
    last = pages[-1]
    gap = 0 if archive.name.endswith(".gz") else len(b"\r\n\r\n")
    assert last.offset + last.length + gap == archive.stat().st_size


def test_every_page_reads_back_the_same_at_its_offset(archive):
    pages = [
        item for item in read_warc(archive, max_record_bytes=CAP) if isinstance(item, ArchiveRecord)
    ]
    assert len(pages) == 10
    for page in pages:
        assert read_record_at(archive, page.offset, max_record_bytes=CAP) == page


def test_re_reading_where_there_is_no_page_says_why(archive):
    items = list(read_warc(archive, max_record_bytes=CAP))
    not_found = next(item for item in items if item.url == "https://news.example/missing")
    with pytest.raises(ArchiveError, match="HTTP 404"):
        read_record_at(archive, not_found.offset)
    with pytest.raises(ArchiveError, match="no response record at offset 0"):
        read_record_at(archive, 0)  # the warcinfo record
    with pytest.raises(ArchiveError, match="corrupt archive"):
        read_record_at(archive, items[0].offset + 3)
    for outside in (-1, archive.stat().st_size, 10**15):
        with pytest.raises(ArchiveError, match="outside"):
            read_record_at(archive, outside)


@pytest.mark.parametrize("name", ["cut.warc.gz", "cut.warc"])
def test_a_file_cut_mid_record_keeps_the_records_before_then_says_truncated(tmp_path, name):
    whole = write_archive(tmp_path / f"whole-{name}", everything)
    items = list(read_warc(whole, max_record_bytes=CAP))
    last = items[-1]
    cut = tmp_path / name
    cut.write_bytes(whole.read_bytes()[: last.offset + last.length // 2])
    read = list(read_warc(cut, max_record_bytes=CAP))
    assert [outcome(item) for item in read[:-1]] == EXPECTED[:-1]
    assert read[-1].reason.startswith("truncated archive"), read[-1]
    assert isinstance(read[-1], ArchiveSkip) and read[-1].offset == last.offset


@pytest.mark.parametrize("name", ["cut.warc.gz", "cut.warc"])
def test_a_file_cut_inside_the_warc_headers_says_truncated(tmp_path, name):
    whole = write_archive(
        tmp_path / f"whole-{name}", lambda writer: response(writer, "https://a.example/", EN_PAGE)
    )
    (page,) = read_warc(whole)
    cut = tmp_path / name
    cut.write_bytes(whole.read_bytes()[: page.offset + 40])
    (skip,) = read_warc(cut)
    assert skip.reason.startswith("truncated archive"), skip


def test_a_corrupt_gzip_member_ends_the_file_after_the_good_records(tmp_path):
    path = write_archive(tmp_path / "damaged.warc.gz", everything)
    items = list(read_warc(path, max_record_bytes=CAP))
    third = items[2]
    data = bytearray(path.read_bytes())
    data[third.offset + 30 : third.offset + 60] = b"\xff" * 30
    path.write_bytes(bytes(data))
    read = list(read_warc(path, max_record_bytes=CAP))
    assert [outcome(item) for item in read[:2]] == EXPECTED[:2]
    assert len(read) == 3
    assert read[2] == ArchiveSkip(
        path.name, third.offset, None, f"corrupt archive: no WARC record at offset {third.offset}"
    )


@pytest.mark.parametrize("name", ["garbage.warc.gz", "garbage.warc"])
def test_garbage_bytes_are_one_corrupt_archive_skip(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(random.Random(7).randbytes(5000))
    (skip,) = read_warc(path)
    assert skip == ArchiveSkip(name, 0, None, "corrupt archive: no WARC record at offset 0")


def test_an_arc_file_is_not_read_as_warc(tmp_path):
    path = tmp_path / "old.arc"
    path.write_bytes(b"http://a.example/ 1.2.3.4 20250101000000 text/html 5\n<html\n")
    (skip,) = read_warc(path)
    assert skip.reason == "corrupt archive: no WARC record at offset 0"


@pytest.mark.parametrize("name", ["empty.warc.gz", "empty.warc"])
def test_an_empty_file_is_one_skip(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert list(read_warc(path)) == [ArchiveSkip(name, None, None, "empty archive")]


def test_a_whole_file_gzip_is_refused_after_its_first_record(tmp_path):
    plain = write_archive(
        tmp_path / "plain.warc",
        lambda writer: [response(writer, f"https://a.example/{n}", EN_PAGE) for n in range(3)],
    )
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    items = list(read_warc(whole))
    assert items[-1].reason == "corrupt archive: a gzip member holds more than one record"


def raw_record(headers: str, block: bytes) -> bytes:
    return headers.replace("\n", "\r\n").encode() + b"\r\n" + block + b"\r\n\r\n"


def hand_written(path: Path, *records: bytes) -> Path:
    path.write_bytes(b"".join(records))
    return path


def http_record(uri: str, http: bytes, date: str = WARC_DATE) -> bytes:
    head = (
        f"WARC/1.0\nWARC-Type: response\nWARC-Target-URI: {uri}\nWARC-Date: {date}\n"
        f"Content-Type: application/http; msgtype=response\nContent-Length: {len(http)}\n"
    )
    return raw_record(head, http)


GOOD = http_record(
    "https://a.example/good", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>ok</html>"
)


@pytest.mark.parametrize(
    ("http", "reason"),
    [
        (b"", "empty HTTP response"),
        (b"\r\n\r\n<html></html>", "invalid HTTP status line"),
        (b"SMTP/1.0 200 OK\r\n\r\n<html></html>", "invalid HTTP status line"),
        (b"HTTP/1.1 2000 OK\r\n\r\n<html></html>", "invalid HTTP status line"),
        (b"HTTP/1.1 OK\r\n\r\n<html></html>", "invalid HTTP status line"),
        (
            b"HTTP/1.1 200 OK\r\nX: " + b"a" * MAX_HEADER_BYTES + b"\r\n\r\n<html>",
            f"HTTP headers over {MAX_HEADER_BYTES} bytes",
        ),
        (
            b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * (MAX_HEADER_BYTES // 6 + 1) + b"\r\n<html>",
            f"HTTP headers over {MAX_HEADER_BYTES} bytes",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: compress\r\n\r\n<html>",
            "unsupported Transfer-Encoding 'compress'",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\n<html\r\nzz\r\nmore\r\n0\r\n\r\n",
            "corrupt chunked body: invalid chunk size",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"2\r\n<html>\r\n0\r\n\r\n",
            "corrupt chunked body: chunk longer than its size",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
            b"\x1f\x8b\x08\x00garbage-not-deflate",
            "corrupt compressed body",
        ),
    ],
)
def test_hostile_http_messages_are_skipped_with_the_reason(tmp_path, http, reason):
    path = hand_written(tmp_path / "hostile.warc", http_record("https://a.example/x", http), GOOD)
    skip, page = read_warc(path)
    assert isinstance(skip, ArchiveSkip) and skip.reason.startswith(reason), skip
    assert page.url == "https://a.example/good"


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("ftp://a.example/page.html", "unsupported URL scheme"),
        ("data:text/html,<html>", "unsupported URL scheme"),
        ("news.example/no-scheme", "unsupported URL scheme"),
        ("http:///no-host", "invalid URL"),
        ("https://a.example/\x7f", "invalid URL"),
        ("https://[::1/broken", "invalid URL"),
        ("https://a.example/" + "p" * 5000, "URL over 4096 characters"),
    ],
)
def test_hostile_target_uris_are_skipped(tmp_path, uri, reason):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html></html>"
    path = hand_written(tmp_path / "uris.warc", http_record(uri, http), GOOD)
    skip, page = read_warc(path)
    assert skip.reason == reason
    assert len(skip.url) <= 4096
    assert page.url == "https://a.example/good"


def test_a_chunked_header_over_an_unchunked_body_is_read_as_stored(tmp_path):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n<html>as stored</html>"
    (page,) = read_warc(
        hand_written(tmp_path / "dechunked.warc", http_record("https://a.example/", http))
    )
    assert page.content == b"<html>as stored</html>"


def test_a_warc_date_without_a_zone_is_utc_and_one_with_an_offset_is_converted(tmp_path):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html></html>"
    path = hand_written(
        tmp_path / "dates.warc",
        http_record("https://a.example/1", http, "2025-03-04T05:06:07"),
        http_record("https://a.example/2", http, "2025-03-04T13:06:07+08:00"),
    )
    assert [page.fetched_at for page in read_warc(path)] == [FETCHED_AT, FETCHED_AT]


def test_a_record_without_a_content_length_ends_the_file(tmp_path):
    broken = raw_record(
        "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: https://a.example/\n", b"HTTP/1.1 200 OK"
    )
    path = hand_written(tmp_path / "nolength.warc", GOOD, broken, GOOD)
    page, skip = read_warc(path)
    assert page.url == "https://a.example/good"
    assert (
        skip.reason.startswith("corrupt archive: record at offset")
        and "Content-Length" in skip.reason
    )


def test_a_record_longer_than_its_content_length_ends_the_file(tmp_path):
    short = GOOD.replace(b"Content-Length: 59", b"Content-Length: 50")
    assert short != GOOD
    path = hand_written(tmp_path / "short.warc", GOOD, short, GOOD)
    page, skip = read_warc(path)
    assert page.url == "https://a.example/good"
    assert (
        skip.reason.startswith("corrupt archive: record at offset")
        and "runs on past" in skip.reason
    )


def test_an_oversized_body_is_never_held_whole(tmp_path):
    huge = b"<html>" + b"z" * 50_000_000
    path = write_archive(
        tmp_path / "huge.warc.gz", lambda writer: response(writer, "https://a.example/", huge)
    )
    bomb = gzip.compress(b"<html>" + b"\0" * 50_000_000)
    bombed = write_archive(
        tmp_path / "bomb.warc",
        lambda writer: response(
            writer, "https://a.example/", bomb, (*HTML, ("Content-Encoding", "gzip"))
        ),
    )
    for archive in (path, bombed):
        tracemalloc.start()
        (skip,) = read_warc(archive, max_record_bytes=100_000)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert skip.reason == "record over 100000 bytes"
        # The archive's own gzip members are inflated a block at a time (a few MB at most here).
        assert peak < 20_000_000, (archive.name, peak)


def test_memory_does_not_grow_with_the_number_of_records(tmp_path):
    page = b"<html>" + b"n" * 20_000 + b"</html>"

    def many(writer: WARCWriter) -> None:
        for n in range(400):
            response(writer, f"https://a.example/{n}", page)

    path = write_archive(tmp_path / "many.warc.gz", many)
    tracemalloc.start()
    count = sum(isinstance(item, ArchiveRecord) for item in read_warc(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 400
    assert peak < 1_000_000, peak


def test_mutated_archives_never_raise(tmp_path):
    source = write_archive(tmp_path / "source.warc.gz", everything).read_bytes()
    plain = write_archive(tmp_path / "source.warc", everything).read_bytes()
    rng = random.Random(20250304)
    for trial in range(150):
        data = bytearray(source if trial % 2 else plain)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"mutated{trial % 2}.warc"
        path.write_bytes(bytes(data[: rng.randint(len(data) // 2, len(data))]))
        items = list(read_warc(path, max_record_bytes=CAP))
        assert all(isinstance(item, ArchiveRecord | ArchiveSkip) for item in items)
        damaged = [i for i, item in enumerate(items) if "archive" in getattr(item, "reason", "")]
        assert damaged in ([], [len(items) - 1]), [item.reason for item in items]


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("CC-NEWS-20250101123456-00001.warc.gz", date(2025, 1, 1)),
        ("CC-NEWS-20241231235959-05123.warc.gz", date(2024, 12, 31)),
        ("crawl-2025-02-28.warc", date(2025, 2, 28)),
        ("news_20250315.warc.gz", date(2025, 3, 15)),
        ("x-20251399-then-2025-03-01.warc.gz", date(2025, 3, 1)),
        ("CC-NEWS-20251340000000-00001.warc.gz", None),
        ("serial-120250101.warc.gz", None),
        ("2025-02-30.warc", None),
        ("archive.warc.gz", None),
    ],
)
def test_archive_day_comes_from_the_file_name(name, day):
    assert archive_day(Path("/somewhere/2024-01-01") / name) == day


def test_a_missing_file_is_an_error_not_a_skip(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(read_warc(tmp_path / "absent.warc.gz"))
    with pytest.raises(FileNotFoundError):
        read_record_at(tmp_path / "absent.warc.gz", 0)
