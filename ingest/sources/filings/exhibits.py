"""Where exhibit 99.1 (the press release) of an 8-K filing is: the filing's folder in the EDGAR
archives and the documents it lists.

A filing's folder (`<archives>/<cik>/<accession without dashes>/`) lists its files in
`index.json`. Exhibit 99.1 is usually named after its exhibit number (`meta-...xexhibit991.htm`,
`msft-ex99_1.htm`, `...dex991.htm`); when no name or more than one says so, the filing's index page
(`<accession>-index.htm`) is read, whose table gives each document's type ("EX-99.1"). A file
name from either listing is joined onto the filing's folder only if it is a plain file name, so a
listing cannot send the client off the SEC's archives.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ingest.reference.sec_archives import DEFAULT_ARCHIVES_URL, filing_folder_url

MAX_INDEX_BYTES = 5_000_000
MAX_INDEX_ITEMS = 10_000
EXHIBIT_TYPE = "EX-99.1"

_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_HTML_NAME = re.compile(r".+\.html?", re.I)
# "ex99_1", "ex-99.1", "ex991", "exhibit991", "exhibit99-1", "ex9901": 99.1, not 99.10 or 99.
_EXHIBIT_99_1 = re.compile(r"ex(?:hibit)?[-_.]?99[-_.]?0?1(?!\d)", re.I)


class FilingIndexError(ValueError):
    """A filing listing that cannot be read, or that names no exhibit 99.1."""


def filing_index_url(cik: int, accession: str, archives_url: str = DEFAULT_ARCHIVES_URL) -> str:
    """The folder listing as JSON."""
    return f"{filing_folder_url(cik, accession, archives_url)}/index.json"


def filing_index_page_url(
    cik: int, accession: str, archives_url: str = DEFAULT_ARCHIVES_URL
) -> str:
    """The filing's index page, whose document table names each document's type."""
    return f"{filing_folder_url(cik, accession, archives_url)}/{accession}-index.htm"


def document_url(
    cik: int, accession: str, name: str, archives_url: str = DEFAULT_ARCHIVES_URL
) -> str:
    """The URL of a file in the filing's folder; FilingIndexError for anything but a plain file
    name (a path, a URL, `..`)."""
    if not _FILE_NAME.fullmatch(name) or ".." in name:
        raise FilingIndexError(f"{name[:80]!r} is not a file name in the filing's folder")
    return f"{filing_folder_url(cik, accession, archives_url)}/{name}"


def _check_size(content: bytes, what: str) -> None:
    if len(content) > MAX_INDEX_BYTES:
        raise FilingIndexError(f"{what} is larger than {MAX_INDEX_BYTES} bytes")


def parse_filing_index(content: bytes) -> list[str]:
    """The plain file names a filing's `index.json` lists (other entries are dropped)."""
    _check_size(content, "filing index")
    try:
        document: Any = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise FilingIndexError(f"filing index is not valid JSON: {exc}") from exc
    directory = document.get("directory") if isinstance(document, dict) else None
    items = directory.get("item") if isinstance(directory, dict) else None
    if not isinstance(items, list):
        raise FilingIndexError("filing index lacks a directory.item array")
    if len(items) > MAX_INDEX_ITEMS:
        raise FilingIndexError(f"filing index lists {len(items)} files, more than a filing has")
    names = [item.get("name") for item in items if isinstance(item, dict)]
    return [n for n in names if isinstance(n, str) and _FILE_NAME.fullmatch(n) and ".." not in n]


def exhibit_by_name(names: list[str]) -> str | None:
    """The one HTML file named as exhibit 99.1, or None when none or several are."""
    found = [n for n in names if _HTML_NAME.fullmatch(n) and _EXHIBIT_99_1.search(n)]
    return found[0] if len(found) == 1 else None


def exhibit_by_type(content: bytes) -> str | None:
    """The file name of the EX-99.1 row of a filing's index page, None when it has none."""
    _check_size(content, "filing index page")
    try:
        page = lxml_html.document_fromstring(content, parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return None
    for row in page.iter("tr"):
        cells = [" ".join(cell.text_content().split()) for cell in row.findall("td")]
        if EXHIBIT_TYPE not in cells:
            continue
        for link in row.iter("a"):
            # The link is a path in the archives; only its last part names the file.
            name = str(link.get("href") or "").rsplit("/", 1)[-1]
            if _FILE_NAME.fullmatch(name) and ".." not in name and _HTML_NAME.fullmatch(name):
                return name
    return None
