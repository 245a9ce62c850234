"""Analyst review of extracted facts: accept, correct or reject, with who, when and why.

Reviews land in the raw layer of the data folder (`raw_fact_reviews`, and `raw_entity_merges` for
merges of one entity into another), which every build applies (`int_news_facts_reviewed`), so a
correction survives every rebuild, `--full-refresh` included. Nothing is ever edited in place: a
later review of the same fact wins, earlier ones stay as its history. "Later" is the review's
sequence number, drawn under an exclusive lock in the data folder, so two reviews in the same
second (or from two terminals at once) never tie.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from ingest.extract.entities import companies
from ingest.land.rawstore import RAW_ENTITY_MERGES, RAW_FACT_REVIEWS, RawStore, RawTable
from ingest.reference.periods import period_bounds
from ingest.reference.vocabulary import BOUNDS, KINDS, METRICS
from ingest.warehouse.files import FACT_MARTS, data_paths

# The partition (`source=`) reviews land in: they come from analysts, not from a sources file.
REVIEW_SOURCE = "analyst_review"
CORRECTABLE = ("entity", "metric", "value", "unit", "bound", "period", "kind", "segment")
UNIT = re.compile(r"[A-Z]{3}|EFLOPS|count|MW")


# What a build marks a fact the review queue holds (int_news_facts_reviewed: under the confidence
# threshold and not reviewed yet); `infratrack review list` shows them.
NEEDS_REVIEW = "needs_review"


class ReviewError(ValueError):
    pass


@dataclass(frozen=True)
class Review:
    fact_id: str
    action: str
    reviewer: str
    reason: str
    corrections: dict[str, str]
    reviewed_at: datetime
    # Its number in the log (the highest of a fact or entity wins) and the raw table holding it.
    sequence: int
    recorded_in: Path


def validate_corrections(corrections: dict[str, str]) -> dict[str, str]:
    unknown = set(corrections) - set(CORRECTABLE)
    if unknown:
        raise ReviewError(
            f"cannot correct {', '.join(sorted(unknown))}; fields: {', '.join(CORRECTABLE)}"
        )
    checks = {
        # An entity of the open world is as valid as a tracked one.
        "entity": lambda v: bool(v.strip()) and len(v) <= 200,
        "metric": lambda v: v in METRICS,
        "bound": lambda v: v in BOUNDS,
        "kind": lambda v: v in KINDS,
        "period": lambda v: period_bounds(v) is not None,
        "unit": lambda v: bool(UNIT.fullmatch(v)),
        "value": lambda v: _is_positive_number(v),
        "segment": lambda v: bool(v.strip()),
    }
    for field, value in corrections.items():
        if not checks[field](value):
            raise ReviewError(f"{field}={value!r} is not a valid value (see docs/fact_contract.md)")
    return corrections


def _is_positive_number(value: str) -> bool:
    """Every figure of the contract is a finite amount above zero (nan, inf and -5 are not)."""
    try:
        number = float(value)
    except ValueError:
        return False
    return math.isfinite(number) and number > 0


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """["value=3.8e11", "period=2025-2027"] → {"value": "3.8e11", "period": "2025-2027"}."""
    corrections = {}
    for assignment in assignments:
        field, sep, value = assignment.partition("=")
        if not sep or not field.strip():
            raise ReviewError(f"expected FIELD=VALUE, got {assignment!r}")
        corrections[field.strip()] = value.strip()
    return corrections


def review_store() -> RawStore:
    """The raw layer of the data folder ($INFRATRACK_DATA_DIR), where reviews land."""
    return RawStore(data_paths().raw)


def record_review(
    fact_id: str,
    action: str,
    reviewer: str,
    reason: str,
    corrections: dict[str, str] | None = None,
    store: RawStore | None = None,
    now: datetime | None = None,
) -> Review:
    """Land one review in `raw_fact_reviews` (of the data folder's raw layer unless `store` is
    given); raises ReviewError on a bad review."""
    if action not in {"accept", "correct", "reject"}:
        raise ReviewError(f"unknown action {action!r}")
    if not re.fullmatch(r"[0-9a-f]{32}", fact_id):
        raise ReviewError(
            f"{fact_id!r} is not a fact_id (32 hexadecimal characters, as in the marts)"
        )
    if not reviewer.strip():
        raise ReviewError("a review needs a reviewer (--by or $INFRATRACK_REVIEWER)")
    if not reason.strip():
        raise ReviewError("a review needs a reason (--why)")
    corrections = validate_corrections(dict(corrections or {}))
    if action == "correct" and not corrections:
        raise ReviewError("a correction needs at least one FIELD=VALUE")
    if action != "correct" and corrections:
        raise ReviewError("only a correction takes FIELD=VALUE")
    reviewer, reason = reviewer.strip(), reason.strip()
    store = store or review_store()
    reviewed_at = (now or datetime.now(UTC)).astimezone(UTC)
    row: dict[str, Any] = {field: None for field in CORRECTABLE}
    row.update(corrections)
    if "value" in corrections:
        row["value"] = float(corrections["value"])
    row.update(
        fact_id=fact_id,
        action=action,
        reviewer=reviewer,
        reason=reason,
        reviewed_at=reviewed_at,
        fetch_date=reviewed_at.date(),
    )
    with store.next_in_sequence(RAW_FACT_REVIEWS) as sequence:
        _land(store, RAW_FACT_REVIEWS, sequence, row)
    return Review(
        fact_id,
        action,
        reviewer,
        reason,
        corrections,
        reviewed_at,
        sequence,
        store.table_dir(RAW_FACT_REVIEWS),
    )


def record_merge(
    from_entity: str,
    into_entity: str,
    reviewer: str,
    reason: str,
    store: RawStore | None = None,
    now: datetime | None = None,
) -> Review:
    """Record that `from_entity` is `into_entity` (a discovered spelling of a tracked company, or
    two spellings of one organisation) in `raw_entity_merges`; every build applies it."""
    from_entity, into_entity = from_entity.strip(), into_entity.strip()
    if not from_entity or not into_entity:
        raise ReviewError("a merge names the entity to merge and the entity it becomes")
    if from_entity == into_entity:
        raise ReviewError(f"{from_entity!r} cannot be merged into itself")
    if from_entity in companies():
        raise ReviewError(
            f"{from_entity!r} is a tracked entity: merge a discovered entity into it instead"
        )
    if not reviewer.strip():
        raise ReviewError("a review needs a reviewer (--by or $INFRATRACK_REVIEWER)")
    if not reason.strip():
        raise ReviewError("a review needs a reason (--why)")
    reviewer, reason = reviewer.strip(), reason.strip()
    store = store or review_store()
    reviewed_at = (now or datetime.now(UTC)).astimezone(UTC)
    row = {
        "from_entity": from_entity,
        "into_entity": into_entity,
        "reviewer": reviewer,
        "reviewed_at": reviewed_at,
        "reason": reason,
        "fetch_date": reviewed_at.date(),
    }
    # The loop check reads the merges under the sequence lock, so a merge landing meanwhile from
    # another terminal cannot slip past it.
    with store.next_in_sequence(RAW_ENTITY_MERGES) as sequence:
        landed = store.read(RAW_ENTITY_MERGES, ["from_entity", "into_entity"])
        if ((landed.from_entity == into_entity) & (landed.into_entity == from_entity)).any():
            raise ReviewError(f"{into_entity!r} was merged into {from_entity!r}: that would loop")
        _land(store, RAW_ENTITY_MERGES, sequence, row)
    return Review(
        from_entity,
        "merge",
        reviewer,
        reason,
        {"entity": into_entity},
        reviewed_at,
        sequence,
        store.table_dir(RAW_ENTITY_MERGES),
    )


def _land(store: RawStore, table: RawTable, sequence: int, row: dict[str, Any]) -> None:
    """Land `row` as number `sequence` of `table`, a part file of its own."""
    landed = store.append(table, [{**row, table.key: sequence}], REVIEW_SOURCE, row["fetch_date"])
    # Only a writer that bypassed the lock could have taken the number; never drop a review.
    if landed != 1:
        raise ReviewError(f"{table.name} already holds number {sequence}: not recorded, try again")


def reviews_of(fact_id: str, store: RawStore | None = None) -> list[dict[str, Any]]:
    """Every review of `fact_id`, oldest first: the last one is the one builds apply."""
    store = store or review_store()
    reviews = store.read(RAW_FACT_REVIEWS)
    mine = reviews[reviews.fact_id == fact_id].sort_values(RAW_FACT_REVIEWS.key).astype(object)
    return mine.where(mine.notna(), None).to_dict("records")


def awaiting_review(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many facts of each fact mart await review, in a connection to a built warehouse."""
    return {
        table: con.execute(
            f"select count(*) from {table} where review_state = ?", [NEEDS_REVIEW]
        ).fetchall()[0][0]
        for table in FACT_MARTS
    }
