"""Companies' own statements filed with the SEC: the submissions index of a filer, the 8-K
earnings releases in it (Item 2.02), where each filing's exhibit 99.1 is, and their landing as
`press_release` documents (`landing.collect_press_releases`).

Like every source package it must not import `ingest.warehouse`, `ingest.serve`, `ingest.review`
or `ingest.evaluate`.
"""

from ingest.sources.filings.exhibits import FilingIndexError, exhibit_by_name, exhibit_by_type
from ingest.sources.filings.submissions import (
    Filing,
    FilingsParseError,
    earnings_releases,
    parse_older_page,
    parse_submissions,
)

__all__ = [
    "Filing",
    "FilingIndexError",
    "FilingsParseError",
    "earnings_releases",
    "exhibit_by_name",
    "exhibit_by_type",
    "parse_older_page",
    "parse_submissions",
]
