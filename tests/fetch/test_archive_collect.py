"""A day's news-crawl archive lands like fetched pages: only relevant pages in the tracked
languages, each with its WARC file and record offset, and a second reading adds nothing."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ingest.land.rawstore import RAW_DOCUMENTS, RAW_FETCH_ERRORS, RawStore
from ingest.sources.archive import read_record_at
from ingest.sources.archive.collect import collect_archives
from ingest.sources.config import SourcesConfigError, load_sources
from tests.fetch.test_fetch import ARTICLE_ZH

DAY = date(2025, 2, 24)
ARTICLE_EN = (
    b"<html lang='en'><head><title>Microsoft lifts AI spending</title></head><body><article>"
    b"<h1>Microsoft lifts AI spending</h1>"
    b"<p>Microsoft plans to spend about $80 billion on AI-enabled data centers in fiscal 2025, "
    b"the company said on Friday, as demand for cloud compute keeps rising.</p>"
    b"<p>More than half of the spending will be in the United States, it said, and the build-out "
    b"covers GPU clusters, servers and the power to run them.</p></article></body></html>"
)
ARTICLE_FILM = (
    b"<html lang='en'><head><title>A quiet summer film</title></head><body><article>"
    b"<h1>A quiet summer film</h1><p>The director's new film follows two sisters across a long "
    b"summer by the sea, with long takes and very little dialogue.</p><p>Critics praised the "
    b"lead performances and the score, which is played on a single piano.</p></article>"
    b"</body></html>"
)


def write_archive(path: Path, pages: list[tuple[str, bytes]]) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": f"{DAY.isoformat()}T08:00:00Z"},
                )
            )


def test_a_days_archive_lands_relevant_pages_with_their_offsets(tmp_path):
    archives = tmp_path / "archives"
    archives.mkdir()
    write_archive(
        archives / "CC-NEWS-20250224080000-00001.warc.gz",
        [
            ("https://news.example/alibaba.html", ARTICLE_ZH),
            ("https://news.example/film.html", ARTICLE_FILM),
            ("https://news.example/microsoft.html", ARTICLE_EN),
        ],
    )
    # Another day's archive is not this partition's.
    write_archive(
        archives / "CC-NEWS-20250225080000-00001.warc.gz",
        [("https://news.example/next-day.html", ARTICLE_EN)],
    )
    (archives / "CC-NEWS-20250224090000-00002.warc.gz").write_bytes(b"\x1f\x8b not a gzip member")
    sources = tmp_path / "sources.yml"
    sources.write_text("name: crawl\narchives:\n  warc: ['archives/CC-NEWS-*.warc.gz']\n")
    config = load_sources(sources)
    store = RawStore(tmp_path / "raw")

    report = collect_archives(config, store, DAY)

    documents = store.read(RAW_DOCUMENTS).set_index("url")
    assert sorted(documents.index) == [
        "https://news.example/alibaba.html",
        "https://news.example/microsoft.html",
    ]
    assert report.landed == 2 and report.skipped_filtered == 1
    assert set(documents["language"]) == {"en", "zh"}
    for url, row in documents.iterrows():
        assert row["archive_name"] == "CC-NEWS-20250224080000-00001.warc.gz"
        record = read_record_at(archives / row["archive_name"], int(row["archive_offset"]))
        assert record.url == url
    errors = store.read(RAW_FETCH_ERRORS)
    assert errors["stage"].tolist() == ["archive"]
    assert "CC-NEWS-20250224090000-00002.warc.gz" in errors["url"].iloc[0]

    again = collect_archives(config, store, DAY)
    assert again.landed == 0
    assert store.count(RAW_DOCUMENTS) == 2


def test_archive_patterns_are_local_warc_files_only(tmp_path):
    for pattern in ("https://data.commoncrawl.org/crawl-data/x.warc.gz", "/etc/passwd"):
        sources = tmp_path / "sources.yml"
        sources.write_text(f"archives:\n  warc: ['{pattern}']\n")
        with pytest.raises(SourcesConfigError, match=r"archives\.warc\.0"):
            load_sources(sources)
