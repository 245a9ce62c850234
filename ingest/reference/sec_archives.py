"""Where a filing lives in the SEC's EDGAR archives: one home for the folder URL template, which
the exhibit fetcher follows and the marts link to (dbt calls `sec_filing_folder_url` through
`ingest.warehouse.functions`)."""

from __future__ import annotations

# Filing folders (indexes, exhibits) are served from www.sec.gov, not data.sec.gov.
DEFAULT_ARCHIVES_URL = "https://www.sec.gov/Archives/edgar/data"


def filing_folder_url(cik: int, accession: str, archives_url: str = DEFAULT_ARCHIVES_URL) -> str:
    """`<archives>/<cik>/<accession without dashes>`: the folder of one filing."""
    return f"{archives_url.rstrip('/')}/{int(cik)}/{accession.replace('-', '')}"


def filing_folder_page(cik: int, accession: str) -> str:
    """The folder's page on the live archives, as a reader opens it (with its trailing slash)."""
    return f"{filing_folder_url(cik, accession)}/"
