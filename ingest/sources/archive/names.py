"""The day a news-crawl archive covers, read from its file name.

Common Crawl names its news archives `CC-NEWS-<YYYYMMDDhhmmss>-<serial>.warc.gz`; other archives
are recognised by the first date in their name. The patterns below are the only place those
name shapes are known.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

# Tried in order; the first match that is a real calendar date wins. A date must start a run of
# digits (so the middle of a serial number is never read as one) but may run on into a time.
ARCHIVE_NAME_DATES = (
    re.compile(r"CC-NEWS-(\d{4})(\d{2})(\d{2})"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})|(?<!\d)(\d{4})-(\d{2})-(\d{2})"),
)


def archive_day(path: Path) -> date | None:
    """The day the archive at `path` covers, from its file name alone; None when it names none."""
    for pattern in ARCHIVE_NAME_DATES:
        for match in pattern.finditer(path.name):
            year, month, day = (int(part) for part in match.groups() if part is not None)
            try:
                return date(year, month, day)
            except ValueError:
                continue
    return None
