"""Source health: per feed, discovery query, listed-article set and issuer, what it listed, what
was fetched, what was relevant and how many facts its pages yielded over the last week, and when
it last answered. A source read in the last week whose pages yielded no fact for a week is
quiet: `infratrack status` warns about it and so does a Dagster asset check.

Tallies come from `raw_source_runs`; facts are attributed through each document's lineage (its
`feed_url`: a feed's URL or a query's; none for listed articles) or, for an issuer's own
statements (press releases, exchange announcements), its `subject_entity`. The offline sample
never changes, so on it no source is judged quiet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import pandas as pd

from ingest.land.rawstore import RAW_DOCUMENTS, RAW_EXTRACTED_FACTS, RAW_SOURCE_RUNS, RawStore
from ingest.sources.config import SourcesConfig
from ingest.sources.discovery.runs import LISTED_ARTICLES

QUIET_AFTER = timedelta(days=7)


class SourceState(StrEnum):
    YIELDING = "yielding"
    QUIET = "quiet"  # no fact from its pages for QUIET_AFTER
    NEW = "new"  # first read less than QUIET_AFTER ago: not judged yet
    EXEMPT = "exempt"


@dataclass(frozen=True)
class SourceHealth:
    kind: str
    source: str
    found: int
    fetched: int
    relevant: int
    facts: int
    last_success: datetime | None
    last_fact_page_at: datetime | None  # when the newest page that yielded a fact was fetched
    state: SourceState

    @property
    def is_quiet(self) -> bool:
        return self.state is SourceState.QUIET

    @property
    def warning(self) -> str:
        since = f"since {self.last_fact_page_at:%Y-%m-%d}" if self.last_fact_page_at else "ever"
        return f"{self.kind} {self.source} yielded no facts {since} (quiet for over 7 days)"


def _utc(value: object) -> datetime | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).tz_convert("UTC").to_pydatetime()


def source_health(store: RawStore, config: SourcesConfig, now: datetime) -> list[SourceHealth]:
    """Every source read in the last QUIET_AFTER, judged at `now` (timezone-aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    runs = store.read(RAW_SOURCE_RUNS)
    if runs.empty:
        return []
    runs["started_at"] = pd.to_datetime(runs["started_at"], utc=True)
    since = pd.Timestamp(now - QUIET_AFTER)
    active = runs.loc[runs["started_at"] >= since, ["source_kind", "source_ref"]].drop_duplicates()
    yields = _fact_pages(store)
    health = []
    for kind, source in active.itertuples(index=False):
        own = runs[(runs["source_kind"] == kind) & (runs["source_ref"] == source)]
        recent = own[own["started_at"] >= since]
        pages = yields.get((kind, source), pd.DataFrame(columns=["fetched_at", "facts"]))
        recent_pages = pages[pd.to_datetime(pages["fetched_at"], utc=True) >= since]
        succeeded = own.loc[own["succeeded"].fillna(False).astype(bool), "started_at"]
        last_fact = _utc(pages["fetched_at"].max()) if len(pages) else None
        first_seen = _utc(own["started_at"].min())
        if config.is_offline:
            state = SourceState.EXEMPT
        elif last_fact is not None and last_fact >= now - QUIET_AFTER:
            state = SourceState.YIELDING
        elif first_seen is not None and first_seen > now - QUIET_AFTER:
            state = SourceState.NEW
        else:
            state = SourceState.QUIET
        health.append(
            SourceHealth(
                kind=kind,
                source=source,
                found=int(recent["found"].fillna(0).sum()),
                fetched=int(recent["fetched"].fillna(0).sum()),
                relevant=int(recent["relevant"].fillna(0).sum()),
                facts=int(recent_pages["facts"].sum()) if len(recent_pages) else 0,
                last_success=_utc(succeeded.max()) if len(succeeded) else None,
                last_fact_page_at=last_fact,
                state=state,
            )
        )
    return sorted(health, key=lambda h: (h.kind, h.source))


def _fact_pages(store: RawStore) -> dict[tuple[str, str], pd.DataFrame]:
    """(kind, source) -> its documents that yielded facts: fetched_at and fact count."""
    facts = store.read(RAW_EXTRACTED_FACTS, ["document_id"])
    if facts.empty:
        return {}
    counts = facts.groupby("document_id").size().rename("facts").reset_index()
    documents = store.read(
        RAW_DOCUMENTS, ["document_id", "feed_url", "fetched_at", "source_type", "subject_entity"]
    )
    pages = documents.merge(counts, on="document_id")
    news = pages["source_type"].fillna("news") == "news"
    keyed = {
        "issuer": pages[~news].assign(source=pages["subject_entity"]),
        "list": pages[news & pages["feed_url"].isna()].assign(source=LISTED_ARTICLES),
        "linked": pages[news & pages["feed_url"].notna()].assign(source=pages["feed_url"]),
    }
    grouped: dict[tuple[str, str], pd.DataFrame] = {}
    for kind, frame in keyed.items():
        for source, group in frame.groupby("source"):
            # A lineage URL is a feed's or a query's; which one is told by the runs table.
            for real_kind in ("feed", "query") if kind == "linked" else (kind,):
                grouped[(real_kind, str(source))] = group[["fetched_at", "facts"]]
    return grouped
