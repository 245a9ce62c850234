"""`infratrack report`: the published marts as one self-contained HTML page (charts and sortable
tables, every script and style inline, nothing fetched) that opens offline in any browser."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from ingest.land.atomic import write_atomically
from ingest.serve.catalog import mart_catalog
from ingest.serve.report import queries
from ingest.serve.report.page import ReportData, ReportSummary, render_report
from ingest.warehouse.files import connect_read_only

__all__ = ["ReportData", "ReportSummary", "load_report_data", "render_report", "write_report"]


def load_report_data(con: duckdb.DuckDBPyConnection, warehouse: str = "") -> ReportData:
    return ReportData(
        capex_plan_vs_actual=queries.capex_plan_vs_actual(con),
        guidance_history=queries.guidance_history(con),
        compute_capacity=queries.compute_capacity(con),
        cloud_revenue=queries.cloud_revenue(con),
        discovered=queries.discovered_entities(con),
        newest=queries.newest_facts(con),
        review=queries.facts_needing_review(con),
        conflicts=queries.open_conflicts(con),
        marts={mart.name: mart for mart in mart_catalog(con)},
        warehouse=warehouse,
        generated_at=datetime.now(),
    )


def write_report(warehouse: Path, out: Path) -> ReportSummary:
    """Render the report of the published warehouse at `warehouse` to `out`, atomically: a reader
    (or a browser refreshing the page) sees the old file or the new one, never half of one."""
    with connect_read_only(warehouse) as con:
        data = load_report_data(con, warehouse=warehouse.name)
    html, summary = render_report(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Not mkstemp: its 0600 would make the report unreadable to anyone else on the machine.
    write_atomically(out, html)
    return summary
