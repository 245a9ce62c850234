"""Pages per second through the news-archive path on one core: reading a CC-NEWS-style
`.warc.gz` (one gzip member per record) and judging each page's relevance.

The archive is written here from the bundled sample pages (repeated, with a 404 and a PDF every
tenth record so the skips are exercised too), about the record mix of a CC-NEWS file but smaller.
Reading and judging are timed apart, with the peak Python memory of a read.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
import tracemalloc
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ingest.relevance import judge
from ingest.sources.archive import ArchiveRecord, read_warc
from ingest.sources.news.encoding import decode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SITES = ROOT / "sources" / "sample" / "sites"


def write_archive(path: Path, records: int) -> None:
    pages = sorted(SAMPLE_SITES.rglob("*.html"))
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number in range(records):
            page = pages[number % len(pages)]
            status, content_type, body = "200 OK", "text/html; charset=utf-8", page.read_bytes()
            if number % 10 == 8:
                status = "404 Not Found"
            elif number % 10 == 9:
                content_type, body = "application/pdf", b"%PDF-1.7\n" + body
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            url = f"https://{page.parent.name}/{number}/{page.name}"
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
            )
            writer.write_record(record)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "CC-NEWS-20250101000000-00001.warc.gz"
        write_archive(path, args.records)
        size = path.stat().st_size

        started = time.perf_counter()
        items = list(read_warc(path))
        read_seconds = time.perf_counter() - started
        pages = [item for item in items if isinstance(item, ArchiveRecord)]
        texts = [decode(page.content, page.content_type)[0] for page in pages]

        started = time.perf_counter()
        relevant = sum(judge(None, text).relevant for text in texts)
        judge_seconds = time.perf_counter() - started

        tracemalloc.start()
        for _ in read_warc(path):
            pass
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    print(f"archive: {args.records} records, {size / 1e6:.1f} MB compressed")
    print(
        f"read:    {len(items) / read_seconds:,.0f} records/s, {size / 1e6 / read_seconds:.1f} MB/s"
        f" ({len(pages)} pages, {len(items) - len(pages)} skips), peak {peak / 1e6:.1f} MB"
    )
    print(
        f"judge:   {len(texts) / judge_seconds:,.0f} pages/s on whole HTML"
        f" ({relevant} of {len(texts)} relevant)"
    )


if __name__ == "__main__":
    main()
