"""The polite fetcher a sources file asks for: its politeness settings and its mirrors."""

from __future__ import annotations

from dataclasses import replace

from ingest.http.fetcher import Fetcher
from ingest.sources.config import SourcesConfig


def fetcher_for(config: SourcesConfig, user_agent: str | None = None) -> Fetcher:
    politeness = (
        replace(config.politeness, user_agent=user_agent) if user_agent else config.politeness
    )
    return Fetcher(politeness, config.mirrors)
