"""Where each discovery query's next window starts.

The state is the raw layer itself: every run of a query lands a `raw_source_runs` row with the
window it asked for and whether the index answered. The next window starts where the last
answered one ended, less a margin for the index's own lag (an article GDELT saw at 10:05 may
appear in its answers only at 10:20; the overlap's repeats are dropped as already landed), and
never further back than `window_hours` (the first run, or a run after a long pause, looks back
that far and no more). A failed run moves nothing, so the next one asks again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ingest.land.rawstore import RAW_SOURCE_RUNS, RawStore

INDEX_LAG = timedelta(minutes=30)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime


def last_answered_ends(store: RawStore) -> dict[str, datetime]:
    """Query source -> the end of its newest window the index answered."""
    runs = store.read(RAW_SOURCE_RUNS, ["source_kind", "source_ref", "succeeded", "window_end"])
    answered = runs[(runs["source_kind"] == "query") & (runs["succeeded"].fillna(False))]
    ends: dict[str, datetime] = {}
    for source, end in zip(answered["source_ref"], answered["window_end"], strict=True):
        if end is None or end != end:  # NaT
            continue
        moment = end.to_pydatetime() if hasattr(end, "to_pydatetime") else end
        moment = moment.astimezone(UTC)
        if source not in ends or moment > ends[source]:
            ends[source] = moment
    return ends


def next_window(
    source: str, now: datetime, window_hours: int, answered_ends: Mapping[str, datetime]
) -> Window:
    earliest = now - timedelta(hours=window_hours)
    previous_end = answered_ends.get(source)
    if previous_end is None:
        return Window(earliest, now)
    # A clock that ran ahead before must not give an empty or reversed window now.
    start = min(max(previous_end - INDEX_LAG, earliest), now - INDEX_LAG)
    return Window(start, now)
