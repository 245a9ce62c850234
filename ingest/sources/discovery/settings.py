"""The `discovery:` block of a sources file, once validated (see ingest/sources/config.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GDELT_DOC_ENDPOINT = "https://api.gdeltproject.org/api/v2/doc/doc"
# The languages the extractor reads, and the names GDELT's `sourcelang:` operator knows them by.
INDEX_LANGUAGES = {"en": "english", "zh": "chinese"}
# GDELT answers at most 250 articles a query and searches the last three months.
MAX_RECORDS_LIMIT = 250
MAX_WINDOW_HOURS = 24 * 90
# GDELT asks for one request every five seconds.
DEFAULT_DELAY_SECONDS = 5.0


@dataclass(frozen=True)
class DiscoveryQuery:
    query: str
    language: str  # a key of INDEX_LANGUAGES


@dataclass(frozen=True)
class DiscoverySettings:
    queries: tuple[DiscoveryQuery, ...]
    endpoint: str = GDELT_DOC_ENDPOINT
    window_hours: int = 24
    max_records: int = 75
    delay_seconds: float = DEFAULT_DELAY_SECONDS
    # A folder of recorded index answers served instead of the endpoint (the offline sample).
    recorded: Path | None = None
