"""`infratrack status`: the health of a data folder at a glance. Each asset's last
materialization, the status of the run that last tried it and its rows; fetch errors and failed
runs of the last 24 hours; stale sources (ingest/warehouse/freshness.py); each feed's, query's and issuer's
yield over the last week, with a warning for one quiet for a week (ingest/sources/discovery/health.py);
the review queue.

It only reads: the Dagster instance (opened only if a refresh or the UI installed its config), the
raw Parquet files and the published warehouse, read-only. A data folder no refresh has touched
gets one clear sentence, not a traceback.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from ingest.land.rawstore import RAW_FETCH_ERRORS, RAW_TABLES, RawStore
from ingest.review.log import awaiting_review
from ingest.serve.render import render_table
from ingest.sources.config import SourcesConfig
from ingest.sources.discovery.health import SourceHealth, source_health
from ingest.warehouse.files import MART_TABLES, DataPaths, connect_read_only
from ingest.warehouse.freshness import Staleness, format_age, staleness
from orchestration.dagster_home import CONFIG_NAME
from orchestration.failures import failure_reason

HEALTHY, UNHEALTHY = 0, 1
LOOKBACK = timedelta(hours=24)
# The newest run of each job is looked for among this many recent runs (a week of schedules).
RECENT_RUNS = 500
FINISHED = [
    dg.DagsterRunStatus.SUCCESS,
    dg.DagsterRunStatus.FAILURE,
    dg.DagsterRunStatus.CANCELED,
]
# In the order a refresh writes them.
RAW_ASSET_TABLES = (
    "raw_documents",
    "raw_extracted_facts",
    "raw_sec_facts",
    "raw_fx_rates",
    "raw_fetch_errors",
)
PUBLISHED_KEY = dg.AssetKey("published_warehouse")
NO_REFRESH = "no refresh yet in {root}: run `make run` (or `infratrack refresh`)"


@dataclass(frozen=True)
class AssetStatus:
    asset: str
    last_materialized_at: datetime | None
    last_run_status: str | None  # of the newest run that planned to materialize it
    last_run_id: str | None
    rows: int | None


@dataclass(frozen=True)
class FailedRun:
    job: str
    run_id: str
    ended_at: datetime | None
    reason: str


@dataclass
class StatusReport:
    data_dir: Path
    checked_at: datetime
    sources: str
    refreshed: bool
    assets: list[AssetStatus] = field(default_factory=list)
    freshness: list[Staleness] = field(default_factory=list)
    fetch_errors: dict[str, int] = field(default_factory=dict)  # by stage, in the lookback
    failed_runs: list[FailedRun] = field(default_factory=list)  # in the lookback
    newest_runs: dict[str, FailedRun | None] = field(default_factory=dict)  # job -> failure
    review_queue: dict[str, int] | None = None  # fact mart -> facts awaiting review
    source_health: list[SourceHealth] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Worth a look, not a failure: sources whose pages yielded no facts for a week."""
        return [source.warning for source in self.source_health if source.is_quiet]

    @property
    def problems(self) -> list[str]:
        if not self.refreshed:
            return [NO_REFRESH.format(root=self.data_dir)]
        stale = [f"{s.label} stale: {s.message}" for s in self.freshness if s.is_stale]
        failed = [
            f"the last {job} run {run.run_id[:8]} failed: {run.reason}"
            for job, run in sorted(self.newest_runs.items())
            if run is not None
        ]
        return stale + failed

    @property
    def exit_code(self) -> int:
        return UNHEALTHY if self.problems else HEALTHY

    def to_dict(self) -> dict[str, Any]:
        return {
            "data_dir": str(self.data_dir),
            "checked_at": self.checked_at.isoformat(),
            "sources": self.sources,
            "refreshed": self.refreshed,
            "healthy": not self.problems,
            "problems": self.problems,
            "warnings": self.warnings,
            "assets": [
                {
                    "asset": a.asset,
                    "last_materialized_at": _iso(a.last_materialized_at),
                    "last_run_status": a.last_run_status,
                    "last_run_id": a.last_run_id,
                    "rows": a.rows,
                }
                for a in self.assets
            ],
            "freshness": [
                {
                    "source": s.label,
                    "table": s.table,
                    "state": s.state.value,
                    "stale": s.is_stale,
                    "newest_fetched_at": _iso(s.newest),
                    "age_seconds": s.age.total_seconds() if s.age is not None else None,
                    "max_age_seconds": s.max_age.total_seconds(),
                    "detail": s.message,
                }
                for s in self.freshness
            ],
            "sources_7d": [
                {
                    "kind": h.kind,
                    "source": h.source,
                    "found": h.found,
                    "fetched": h.fetched,
                    "relevant": h.relevant,
                    "facts": h.facts,
                    "last_success": _iso(h.last_success),
                    "last_fact_page_at": _iso(h.last_fact_page_at),
                    "state": h.state.value,
                }
                for h in self.source_health
            ],
            "fetch_errors_24h": self.fetch_errors,
            "failed_runs_24h": [
                {"job": r.job, "run_id": r.run_id, "ended_at": _iso(r.ended_at), "reason": r.reason}
                for r in self.failed_runs
            ],
            "review_queue": (
                None
                if self.review_queue is None
                else {"total": sum(self.review_queue.values()), "by_mart": self.review_queue}
            ),
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment is not None else "-"


def _utc(timestamp: float | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if timestamp is not None else None


def collect_status(
    paths: DataPaths,
    sources: SourcesConfig,
    dagster_home: Path,
    now: datetime | None = None,
) -> StatusReport:
    """The status of the data folder at `paths` judged at `now` (default: the present)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    store = RawStore(paths.raw)
    mart_rows, queue = _warehouse_counts(paths.published)
    report = StatusReport(
        data_dir=paths.root,
        checked_at=now,
        sources=f"{sources.name} ({'offline sample' if sources.is_offline else 'live'})",
        refreshed=False,
        freshness=staleness(store, sources, now),
        fetch_errors=_fetch_errors(store, now),
        review_queue=queue,
        source_health=source_health(store, sources, now),
    )
    with _instance(dagster_home) as instance:
        ran = instance is not None and bool(instance.get_run_records(limit=1))
        report.refreshed = ran or paths.published.exists()
        if not report.refreshed:
            return report
        rows = [
            *((dg.AssetKey(["raw", t]), store.count(RAW_TABLES[t])) for t in RAW_ASSET_TABLES),
            *((dg.AssetKey(["main", m]), mart_rows.get(m)) for m in MART_TABLES),
            (PUBLISHED_KEY, None),
        ]
        report.assets = [_asset_status(instance, key, count) for key, count in rows]
        if instance is not None:
            report.failed_runs = _failed_runs(instance, now)
            report.newest_runs = _newest_runs(instance)
    return report


def _instance(home: Path) -> contextlib.AbstractContextManager[dg.DagsterInstance | None]:
    """The Dagster instance of `home`, or None when no refresh or UI ever set it up (opening
    one would create it)."""
    if not (home / CONFIG_NAME).is_file():
        return contextlib.nullcontext()
    return dg.DagsterInstance.from_config(str(home))


def _warehouse_counts(published: Path) -> tuple[dict[str, int], dict[str, int] | None]:
    if not published.exists():
        return {}, None
    rows: dict[str, int] = {}
    with connect_read_only(published) as con:
        for mart in MART_TABLES:
            try:
                rows[mart] = con.execute(f"select count(*) from {mart}").fetchall()[0][0]
            except duckdb.CatalogException:
                continue  # a warehouse built by an older release lacks the newer marts
        try:
            queue: dict[str, int] | None = awaiting_review(con)
        except duckdb.CatalogException:
            queue = None
    return rows, queue


def _fetch_errors(store: RawStore, now: datetime) -> dict[str, int]:
    errors = store.read(RAW_FETCH_ERRORS, ["stage", "occurred_at"])
    if errors.empty:
        return {}
    recent = errors[errors["occurred_at"] >= now - LOOKBACK]
    return dict(sorted(Counter(recent["stage"].fillna("unknown")).items()))


def _asset_status(
    instance: dg.DagsterInstance | None, key: dg.AssetKey, rows: int | None
) -> AssetStatus:
    if instance is None:
        return AssetStatus(key.to_user_string(), None, None, None, rows)
    event = instance.get_latest_materialization_event(key)
    planned = instance.get_latest_planned_materialization_info(key)
    record = instance.get_run_record_by_id(planned.run_id) if planned else None
    return AssetStatus(
        key.to_user_string(),
        _utc(event.timestamp) if event else None,
        record.dagster_run.status.value.lower() if record else None,
        planned.run_id if planned else None,
        rows,
    )


def _failed_runs(instance: dg.DagsterInstance, now: datetime) -> list[FailedRun]:
    records = instance.get_run_records(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE], updated_after=now - LOOKBACK),
    )
    return [_failed(instance, record) for record in records]


def _newest_runs(instance: dg.DagsterInstance) -> dict[str, FailedRun | None]:
    """The newest finished run of each job: its failure, or None when it did not fail."""
    newest: dict[str, FailedRun | None] = {}
    records = instance.get_run_records(filters=dg.RunsFilter(statuses=FINISHED), limit=RECENT_RUNS)
    for record in records:
        job = record.dagster_run.job_name
        if job not in newest:
            failed = record.dagster_run.status == dg.DagsterRunStatus.FAILURE
            newest[job] = _failed(instance, record) if failed else None
    return newest


def _failed(instance: dg.DagsterInstance, record: Any) -> FailedRun:
    run = record.dagster_run
    entries = instance.all_logs(
        run.run_id, of_type={dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.RUN_FAILURE}
    )
    events = [e.dagster_event for e in entries if e.dagster_event is not None]
    return FailedRun(run.job_name, run.run_id, _utc(record.end_time), failure_reason(events))


def render(report: StatusReport, width: int | None) -> str:
    """The report as text for a terminal `width` columns wide (its own when None)."""
    return "\n".join(_sections(report, width)) + "\n"


def _sections(report: StatusReport, width: int | None) -> Iterator[str]:
    yield (
        f"infratrack status of {report.data_dir} at {_when(report.checked_at)}, "
        f"sources: {report.sources}"
    )
    problems = report.problems
    if not report.refreshed:
        yield from problems
        return
    noun = "problem" if len(problems) == 1 else "problems"
    yield f"UNHEALTHY: {len(problems)} {noun}" if problems else "healthy"
    yield from (f"  - {p}" for p in problems)
    yield from (f"  warning: {w}" for w in report.warnings)

    def table(columns: list[str], rows: list[list[Any]]) -> str:
        return render_table(columns, rows, width, row_count=False).rstrip()

    yield "\nassets"
    yield table(
        ["asset", "last materialized", "last run", "rows"],
        [
            [a.asset, _when(a.last_materialized_at), a.last_run_status or "-", a.rows]
            for a in report.assets
        ],
    )
    yield "\nfreshness"
    yield table(
        ["source", "table", "state", "newest fetched", "age", "max age"],
        [
            [
                s.label,
                s.table,
                s.state.value,
                _when(s.newest),
                format_age(s.age) if s.age is not None else "-",
                format_age(s.max_age),
            ]
            for s in report.freshness
        ],
    )
    yield "\nsources in the last 7 days"
    if report.source_health:
        yield table(
            ["kind", "source", "found", "fetched", "relevant", "facts", "last success", "state"],
            [
                [
                    h.kind,
                    h.source,
                    h.found,
                    h.fetched,
                    h.relevant,
                    h.facts,
                    _when(h.last_success),
                    h.state.value,
                ]
                for h in report.source_health
            ],
        )
    else:
        yield "no source read in the last 7 days"
    yield "\nfailures in the last 24 h"
    errors = ", ".join(f"{stage} {n}" for stage, n in report.fetch_errors.items()) or "none"
    yield f"fetch errors by stage: {errors}"
    if report.failed_runs:
        yield table(
            ["failed run", "job", "ended", "reason"],
            [[r.run_id[:8], r.job, _when(r.ended_at), r.reason] for r in report.failed_runs],
        )
    else:
        yield "failed runs: none"
    yield "\nreview queue"
    if report.review_queue is None:
        yield "no published warehouse to count it in"
    else:
        total = sum(report.review_queue.values())
        by_mart = ", ".join(f"{m} {n}" for m, n in report.review_queue.items() if n)
        yield f"{total} facts await review{f' ({by_mart})' if by_mart else ''}: `infratrack review list`"


def render_json(report: StatusReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
