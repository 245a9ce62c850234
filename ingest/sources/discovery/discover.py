"""The discovery step: every query of the sources file sent to the index for its next window.

Each query gives its articles (with the title the index saw, for the relevance gate before
fetching) and its tally; a query the index refuses or cannot answer is a failed tally, and the
other queries go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ingest.land.rawstore import RawStore
from ingest.sources.discovery.gdelt import DiscoveryError, GdeltClient, IndexedArticle, lineage
from ingest.sources.discovery.runs import SourceTally
from ingest.sources.discovery.settings import DiscoverySettings
from ingest.sources.discovery.window import last_answered_ends, next_window


@dataclass(frozen=True)
class QueryAnswer:
    tally: SourceTally
    articles: list[IndexedArticle]


def discover(
    settings: DiscoverySettings, store: RawStore, client: GdeltClient, now: datetime
) -> list[QueryAnswer]:
    answered_ends = last_answered_ends(store)
    answers = []
    for query in settings.queries:
        source = lineage(settings.endpoint, query)
        window = next_window(source, now, settings.window_hours, answered_ends)
        tally = SourceTally("query", source, now, window=window)
        try:
            found = client.search(query, window.start, window.end, now=now)
        except DiscoveryError as exc:
            tally.failed(exc.reason)
            answers.append(QueryAnswer(tally, []))
            continue
        answers.append(QueryAnswer(tally, found.articles))
    return answers
