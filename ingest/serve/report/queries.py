"""The report's SQL: one function per section, each reading the published marts only.

Chart sections return plain records (column name → value) for `charts`; table sections return
typed rows the template renders cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

Record = dict[str, Any]

NEWEST_FACTS_LIMIT = 25

# Aggregates ("Big Tech"), countries and the world are not companies: their plans would set the
# scale of a per-company chart and bury every company in it.
COMPANY_TYPES = ("company", "joint_venture")

# The fact marts as one relation, each measure with its unit, so the tables list facts of every
# metric together without adding values of different units.
_FACTS = """
    select 'capex' as metric, fact_id, entity, segment, kind, bound, period_label,
           value_native as value, currency as unit, first_reported_on, last_reported_on,
           confidence, review_state, source_urls, evidence
    from fct_capex
    union all
    select 'revenue', fact_id, entity, segment, kind, bound, period_label,
           value_native, currency, first_reported_on, last_reported_on,
           confidence, review_state, source_urls, evidence
    from fct_revenue
    union all
    select 'compute', fact_id, entity, segment, kind, bound, period_label,
           capacity_eflops,
           case when coalesce(precision, 'unknown') = 'unknown' then 'EFLOPS (precision unknown)'
                else 'EFLOPS ' || precision end,
           first_reported_on,
           last_reported_on, confidence, review_state, source_urls, evidence
    from fct_compute_capacity
    union all
    select 'accelerators', fact_id, entity, segment, kind, bound, period_label,
           accelerator_count, 'accelerators', first_reported_on, last_reported_on,
           confidence, review_state, source_urls, evidence
    from fct_accelerator_counts
    union all
    select 'power', fact_id, entity, segment, kind, bound, period_label,
           power_mw, 'MW', first_reported_on, last_reported_on,
           confidence, review_state, source_urls, evidence
    from fct_power_capacity
"""


@dataclass(frozen=True)
class FactRow:
    metric: str
    fact_id: str
    entity: str
    segment: str | None
    kind: str
    bound: str
    period_label: str | None
    value: float
    unit: str
    first_reported_on: date | None
    confidence: float | None
    review_state: str
    source_urls: tuple[str, ...]
    evidence: str | None


@dataclass(frozen=True)
class EntityRow:
    entity: str
    entity_type: str | None
    first_seen_on: date | None
    first_seen_url: str | None
    n_facts: int


@dataclass(frozen=True)
class ConflictRow:
    entity: str
    metric: str
    segment: str | None
    period_label: str | None
    kind: str | None
    unit: str
    value_a: float
    source_urls_a: tuple[str, ...]
    value_b: float
    source_urls_b: tuple[str, ...]
    relative_gap: float
    first_reported_on: date | None


def _records(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[Record]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def capex_plan_vs_actual(con: duckdb.DuckDBPyConnection) -> list[Record]:
    """Per company and fiscal year with a plan or an actual in USD."""
    return _records(
        con,
        """
        select p.entity, p.fiscal_year, p.period_label, p.plan_low_usd, p.plan_high_usd,
               p.actual_usd, p.actual_status, p.quarters_reported, p.gap_pct
        from fct_capex_plan_vs_actual p
        join dim_company c using (entity)
        where list_contains(?, c.entity_type)
          and (p.actual_usd is not null or p.plan_low_usd is not null or p.plan_high_usd is not null)
        order by p.entity, p.fiscal_year
        """,
        [list(COMPANY_TYPES)],
    )


def guidance_history(con: duckdb.DuckDBPyConnection) -> list[Record]:
    return _records(
        con,
        """
        select g.entity, g.period_label, g.bound, g.value_usd, g.value_native, g.currency,
               g.first_reported_on, g.revision_number
        from fct_capex_guidance_history g
        join dim_company c using (entity)
        where list_contains(?, c.entity_type)
          and g.value_usd is not null and g.first_reported_on is not null
        order by g.entity, g.period_label, g.first_reported_on, g.revision_number
        """,
        [list(COMPANY_TYPES)],
    )


def compute_capacity(con: duckdb.DuckDBPyConnection) -> list[Record]:
    """Capacity figures placed on the date they describe, or, when the text gave no period, on
    the date they were first reported (`dated_by` says which)."""
    return _records(
        con,
        """
        select entity, segment, kind, bound, period_label, scope,
               coalesce(precision, 'unknown') as precision, capacity_eflops,
               coalesce(period_end_date, first_reported_on) as on_date,
               case when period_end_date is null then 'reported on' else 'period end' end
                   as dated_by
        from fct_compute_capacity
        where coalesce(period_end_date, first_reported_on) is not null and capacity_eflops > 0
        order by precision, entity, segment, on_date
        """,
    )


def cloud_revenue(con: duckdb.DuckDBPyConnection) -> list[Record]:
    """Reported business-line revenue from the news (cloud, AI, data centre); filings carry only
    company-wide revenue, which is not cloud revenue."""
    return _records(
        con,
        """
        select entity, segment, period_label, period_start_date, period_end_date, value_usd,
               yoy_growth, bound
        from fct_revenue
        where source_type = 'news' and kind = 'actual' and value_usd is not null
          and period_start_date is not null and period_end_date is not null
        order by entity, segment, period_end_date
        """,
    )


def _lists(record: Record, *names: str) -> Record:
    return {**record, **{name: tuple(record[name] or ()) for name in names}}


def discovered_entities(con: duckdb.DuckDBPyConnection) -> list[EntityRow]:
    records = _records(
        con,
        f"""
        with facts as ({_FACTS})
        select c.entity, c.entity_type, c.first_seen_on, c.first_seen_url,
               (select count(*) from facts f where f.entity = c.entity) as n_facts
        from dim_company c
        where c.origin = 'discovered'
        order by c.first_seen_on desc nulls last, c.entity
        """,
    )
    return [EntityRow(**r) for r in records]


def _fact_rows(
    con: duckdb.DuckDBPyConnection, where: str, order: str, limit: int | None = None
) -> list[FactRow]:
    records = _records(
        con,
        f"""
        with facts as ({_FACTS})
        select metric, fact_id, entity, segment, kind, bound, period_label, value, unit,
               first_reported_on, confidence, review_state, source_urls, evidence
        from facts where {where} order by {order} limit ?
        """,
        [limit],
    )
    return [FactRow(**_lists(r, "source_urls")) for r in records]


def newest_facts(con: duckdb.DuckDBPyConnection, limit: int = NEWEST_FACTS_LIMIT) -> list[FactRow]:
    return _fact_rows(con, "true", "first_reported_on desc nulls last, entity, fact_id", limit)


def facts_needing_review(con: duckdb.DuckDBPyConnection) -> list[FactRow]:
    return _fact_rows(
        con, "review_state = 'needs_review'", "confidence nulls first, metric, entity, fact_id"
    )


def open_conflicts(con: duckdb.DuckDBPyConnection) -> list[ConflictRow]:
    records = _records(
        con,
        """
        select entity, metric, segment, period_label, kind, unit, value_a, source_urls_a,
               value_b, source_urls_b, relative_gap, first_reported_on
        from fct_fact_conflicts
        order by relative_gap desc, entity, conflict_id
        """,
    )
    return [ConflictRow(**_lists(r, "source_urls_a", "source_urls_b")) for r in records]
