"""How fresh the raw layer is: each source's newest `fetched_at` against the longest it may go
without new rows. The thresholds live here, once; the Dagster freshness checks and
`infratrack status` both read them through `staleness`.

The offline sample never changes, so on a sources file that only reads local files and mirrors
every table is exempt. A table whose kind of source the sources file does not list at all (a
news-only file has no filings) is not judged either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ingest.land.rawstore import RAW_DOCUMENTS, RAW_FX_RATES, RAW_SEC_FACTS, RawStore, RawTable
from ingest.sources.config import SourcesConfig

EXEMPT_OFFLINE = "exempt: offline sample sources"


@dataclass(frozen=True)
class FreshnessRule:
    label: str
    table: RawTable
    column: str
    max_age: timedelta
    listed: Callable[[SourcesConfig], bool]  # does the sources file name sources of this kind?


# News feeds publish many times a day; companyfacts and the ECB rates change at most daily.
FRESHNESS_RULES = (
    FreshnessRule(
        "news",
        RAW_DOCUMENTS,
        "fetched_at",
        timedelta(hours=2),
        lambda c: bool(c.feeds or c.articles or c.discovery),
    ),
    FreshnessRule(
        "filings", RAW_SEC_FACTS, "fetched_at", timedelta(days=2), lambda c: bool(c.sec_filers)
    ),
    FreshnessRule(
        "FX rates", RAW_FX_RATES, "fetched_at", timedelta(days=2), lambda c: bool(c.fx_files)
    ),
)


class State(StrEnum):
    FRESH = "fresh"
    STALE = "stale"
    EMPTY = "empty"  # never landed a row: as stale as it gets
    EXEMPT = "exempt"
    NOT_LISTED = "not_listed"


@dataclass(frozen=True)
class Staleness:
    label: str
    table: str
    state: State
    newest: datetime | None
    age: timedelta | None
    max_age: timedelta
    message: str

    @property
    def is_stale(self) -> bool:
        return self.state in (State.STALE, State.EMPTY)


def format_age(age: timedelta) -> str:
    """An age a person reads at a glance: 45 min, 3 h 05 min, 2 h, 2 d 04 h."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours:02d} h" if hours else f"{days} d"


def judge(rule: FreshnessRule, store: RawStore, config: SourcesConfig, now: datetime) -> Staleness:
    """One rule judged at `now` (timezone-aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")

    def judged(
        state: State, message: str, newest: datetime | None = None, age: timedelta | None = None
    ) -> Staleness:
        return Staleness(rule.label, rule.table.name, state, newest, age, rule.max_age, message)

    limit = f"max {format_age(rule.max_age)}"
    newest = store.newest(rule.table, rule.column)
    # A clock that ran behind the fetcher's must not make data look older than now.
    age = max(now - newest, timedelta(0)) if newest is not None else None
    if config.is_offline:
        return judged(State.EXEMPT, EXEMPT_OFFLINE, newest, age)
    if not rule.listed(config):
        message = f"not judged: {config.name} lists no {rule.label}"
        return judged(State.NOT_LISTED, message, newest, age)
    if newest is None or age is None:
        return judged(State.EMPTY, f"no {rule.label} landed yet ({limit})")
    return judged(
        State.STALE if age > rule.max_age else State.FRESH,
        f"newest {rule.column} {newest:%Y-%m-%d %H:%M} UTC, {format_age(age)} old ({limit})",
        newest,
        age,
    )


def staleness(store: RawStore, config: SourcesConfig, now: datetime) -> list[Staleness]:
    """Every freshness rule judged at `now` (timezone-aware), in FRESHNESS_RULES order."""
    return [judge(rule, store, config, now) for rule in FRESHNESS_RULES]
