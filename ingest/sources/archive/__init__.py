"""News-crawl archives: reading the HTML pages stored in WARC files (Common Crawl's CC-NEWS) and
the day each archive covers. `warc` reads records; `http_message` the HTTP response inside one;
`names` the day an archive's file name gives; `collect` lands a day's relevant pages.

Like every source package it must not import `ingest.warehouse`, `ingest.serve`, `ingest.review`
or `ingest.evaluate`.
"""

from ingest.sources.archive.names import archive_day
from ingest.sources.archive.warc import (
    ArchiveError,
    ArchiveRecord,
    ArchiveSkip,
    read_record_at,
    read_warc,
)

__all__ = [
    "ArchiveError",
    "ArchiveRecord",
    "ArchiveSkip",
    "archive_day",
    "read_record_at",
    "read_warc",
]
