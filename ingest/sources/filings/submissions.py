"""A filer's submissions index (data.sec.gov/submissions/CIK##########.json): its filings, and
which of them are 8-K earnings releases.

The index holds the newest filings under `filings.recent` as parallel arrays (form,
accessionNumber, filingDate, items, primaryDocument...) and names older pages under
`filings.files`; each older page holds the same arrays at its top level. The document comes from
the network, so every array and every value is checked: a wrong type, a malformed accession or
date, or arrays of unequal length make the page unreadable (`FilingsParseError`) or the one row
skipped, never a row with a made-up field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

# A submissions page of a large filer is a few megabytes; far beyond is not one.
MAX_SUBMISSIONS_BYTES = 50_000_000
# The recent page holds at least a year or 1,000 filings; older pages about 2,000 each.
MAX_FILINGS_PER_PAGE = 100_000
EARNINGS_ITEM = "2.02"  # Results of Operations and Financial Condition
EARNINGS_FORMS = frozenset({"8-K", "8-K/A"})

_ACCESSION = re.compile(r"\d{10}-\d{2}-\d{6}")
_ITEM = re.compile(r"\d{1,2}\.\d{2}")
_OLDER_PAGE = re.compile(r"CIK\d{10}-submissions-\d{3}\.json")
_ARRAYS = ("accessionNumber", "filingDate", "form")


class FilingsParseError(ValueError):
    """A submissions page that is not one."""


@dataclass(frozen=True)
class Filing:
    cik: int
    accession: str  # 0001326801-25-000017
    form: str
    filing_date: date
    items: tuple[str, ...]  # 8-K items ("2.02", "9.01"); empty for other forms
    primary_document: str | None

    @property
    def is_earnings_release(self) -> bool:
        return self.form in EARNINGS_FORMS and EARNINGS_ITEM in self.items


@dataclass(frozen=True)
class SubmissionsPage:
    cik: int
    filings: list[Filing]
    older_pages: list[str]  # file names of older pages, as listed under filings.files
    skipped_rows: int  # rows with a malformed value


def _load(content: bytes, what: str) -> dict[str, Any]:
    if len(content) > MAX_SUBMISSIONS_BYTES:
        raise FilingsParseError(f"{what} is larger than {MAX_SUBMISSIONS_BYTES} bytes")
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise FilingsParseError(f"{what} is not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise FilingsParseError(f"{what} is JSON but not an object")
    return document


def _cik(value: Any) -> int:
    """The index writes its CIK as a string ("0001326801"); older tools as a number."""
    if isinstance(value, bool):
        raise FilingsParseError(f"cik {value!r} is not a CIK")
    if isinstance(value, int) and 0 < value < 10**10:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and 0 < len(value) <= 10:
        return int(value)
    raise FilingsParseError(f"cik {value!r} is not a CIK")


def _items(value: Any) -> tuple[str, ...] | None:
    if value is None or value == "":
        return ()
    if not isinstance(value, str) or len(value) > 200:
        return None
    items = tuple(part.strip() for part in value.split(","))
    return items if all(_ITEM.fullmatch(item) for item in items) else None


def _filing(cik: int, arrays: dict[str, list[Any]], row: int) -> Filing | None:
    accession = arrays["accessionNumber"][row]
    form = arrays["form"][row]
    filed = arrays["filingDate"][row]
    items = _items(arrays["items"][row] if "items" in arrays else None)
    primary = arrays["primaryDocument"][row] if "primaryDocument" in arrays else None
    if not (isinstance(accession, str) and _ACCESSION.fullmatch(accession)):
        return None
    if not (isinstance(form, str) and 0 < len(form) <= 20):
        return None
    if items is None or not (primary is None or (isinstance(primary, str) and len(primary) < 300)):
        return None
    try:
        filing_date = (
            date.fromisoformat(filed) if isinstance(filed, str) and len(filed) == 10 else None
        )
    except ValueError:
        return None
    if filing_date is None:
        return None
    return Filing(cik, accession, form, filing_date, items, primary or None)


def parse_filings(cik: int, table: Any, what: str = "submissions") -> tuple[list[Filing], int]:
    """(filings, rows skipped) of one table of parallel arrays (filings.recent or an older page)."""
    if not isinstance(table, dict):
        raise FilingsParseError(f"{what}: the filings table is not an object")
    arrays: dict[str, list[Any]] = {}
    for name in (*_ARRAYS, "items", "primaryDocument"):
        if name not in table:
            if name in _ARRAYS:
                raise FilingsParseError(f"{what}: the filings table lacks {name!r}")
            continue
        column = table[name]
        if not isinstance(column, list):
            raise FilingsParseError(f"{what}: {name!r} is not an array")
        arrays[name] = column
    lengths = {len(column) for column in arrays.values()}
    if len(lengths) != 1:
        raise FilingsParseError(f"{what}: the filings arrays differ in length ({sorted(lengths)})")
    (rows,) = lengths
    if rows > MAX_FILINGS_PER_PAGE:
        raise FilingsParseError(f"{what}: {rows} filings on one page, more than any filer has")
    filings = [_filing(cik, arrays, row) for row in range(rows)]
    kept = [f for f in filings if f is not None]
    return kept, rows - len(kept)


def parse_submissions(content: bytes, expected_cik: int | None = None) -> SubmissionsPage:
    """The filings of a submissions index; FilingsParseError when it is not one, or is another
    filer's (its releases would be landed under the wrong company)."""
    document = _load(content, "submissions")
    cik = _cik(document.get("cik"))
    if expected_cik is not None and cik != expected_cik:
        raise FilingsParseError(f"submissions of CIK {cik}, asked for CIK {expected_cik}")
    filings_section = document.get("filings")
    if not isinstance(filings_section, dict):
        raise FilingsParseError("submissions: 'filings' is not an object")
    filings, skipped = parse_filings(cik, filings_section.get("recent"), "submissions")
    files = filings_section.get("files", [])
    if not isinstance(files, list):
        raise FilingsParseError("submissions: 'filings.files' is not an array")
    older = [
        entry["name"]
        for entry in files
        if isinstance(entry, dict)
        and isinstance(entry.get("name"), str)
        # Only the page names the SEC uses: a name is joined onto the SEC's URL.
        and _OLDER_PAGE.fullmatch(entry["name"])
    ]
    return SubmissionsPage(cik, filings, older, skipped)


def parse_older_page(content: bytes, cik: int) -> tuple[list[Filing], int]:
    """(filings, rows skipped) of an older submissions page (the arrays at its top level)."""
    return parse_filings(cik, _load(content, "submissions page"), "submissions page")


def earnings_releases(filings: list[Filing]) -> list[Filing]:
    """The 8-Ks that report results (Item 2.02), newest first, one per accession."""
    unique = {f.accession: f for f in filings if f.is_earnings_release}
    return sorted(unique.values(), key=lambda f: (f.filing_date, f.accession), reverse=True)
