"""Analyst review of extracted facts: accept, correct or reject, with who, when and why.

Reviews are appended to the `fact_overrides` seed of the dbt project, which every build applies
(`int_news_facts_reviewed`), so a correction survives every rebuild and is versioned with the
project. Nothing is ever edited in place: a later review of the same fact wins, earlier ones stay
as its history. "Later" is the review's sequence number, given under an exclusive lock on the file,
so two reviews in the same second (or from two terminals at once) never tie.
"""

from __future__ import annotations

import csv
import fcntl
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingest.extract.entities import companies
from ingest.warehouse.files import FACT_MARTS

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
OVERRIDES_FILE = SEEDS_DIR / "fact_overrides.csv"
MERGES_FILE = SEEDS_DIR / "entity_merges.csv"
MERGE_COLUMNS = ["merge_seq", "from_entity", "into_entity", "reviewer", "reviewed_at", "reason"]
COLUMNS = [
    "review_seq",
    "fact_id",
    "action",
    "entity",
    "metric",
    "value",
    "unit",
    "bound",
    "period",
    "kind",
    "segment",
    "reviewer",
    "reviewed_at",
    "reason",
]
CORRECTABLE = ("entity", "metric", "value", "unit", "bound", "period", "kind", "segment")
METRICS = {"capex", "revenue", "compute", "accelerators", "power"}
BOUNDS = {"exact", "approx", "at_least", "at_most"}
KINDS = {"actual", "plan", "forecast"}
PERIOD = re.compile(
    r"\d{4}|FY\d{4}|\d{4}Q[1-4]|FY\d{4}Q[1-4]|\d{4}H[12]|\d{4}-\d{4}|asof:\d{4}-\d{2}-\d{2}"
)
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
        "period": lambda v: bool(PERIOD.fullmatch(v)),
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


def record_review(
    fact_id: str,
    action: str,
    reviewer: str,
    reason: str,
    corrections: dict[str, str] | None = None,
    overrides_file: Path = OVERRIDES_FILE,
    now: datetime | None = None,
) -> Review:
    """Append one review to the overrides seed; raises ReviewError on a bad review."""
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
    review = Review(
        fact_id, action, reviewer.strip(), reason.strip(), corrections, now or datetime.now(UTC)
    )
    row = {column: "" for column in COLUMNS}
    row.update(corrections)
    row.update(
        fact_id=fact_id,
        action=action,
        reviewer=review.reviewer,
        reason=review.reason,
        reviewed_at=review.reviewed_at.strftime("%Y-%m-%d %H:%M:%S"),
    )
    _append_in_sequence(overrides_file, COLUMNS, "review_seq", row)
    return review


def _append_in_sequence(path: Path, columns: list[str], sequence: str, row: dict) -> None:
    """Append `row` with the next number of `sequence`, under an exclusive lock on the file, so
    two reviewers at once (or two reviews in one second) never share a number."""
    with path.open("a+", newline="", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        existing = list(csv.DictReader(handle))
        row[sequence] = str(1 + max((int(r[sequence]) for r in existing), default=0))
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        if handle.tell() == 0:
            writer.writeheader()
        writer.writerow(row)


def record_merge(
    from_entity: str,
    into_entity: str,
    reviewer: str,
    reason: str,
    merges_file: Path = MERGES_FILE,
    now: datetime | None = None,
) -> Review:
    """Record that `from_entity` is `into_entity` (a discovered spelling of a tracked company, or
    two spellings of one organisation); every build applies it."""
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
    if merges_file.exists():
        with merges_file.open(encoding="utf-8") as handle:
            if any(
                row["from_entity"] == into_entity and row["into_entity"] == from_entity
                for row in csv.DictReader(handle)
            ):
                raise ReviewError(
                    f"{into_entity!r} was merged into {from_entity!r}: that would loop"
                )
    review = Review(
        from_entity,
        "merge",
        reviewer.strip(),
        reason.strip(),
        {"entity": into_entity},
        now or datetime.now(UTC),
    )
    row = {
        "from_entity": from_entity,
        "into_entity": into_entity,
        "reviewer": review.reviewer,
        "reviewed_at": review.reviewed_at.strftime("%Y-%m-%d %H:%M:%S"),
        "reason": review.reason,
    }
    _append_in_sequence(merges_file, MERGE_COLUMNS, "merge_seq", row)
    return review


def reviews_of(fact_id: str, overrides_file: Path = OVERRIDES_FILE) -> list[dict[str, str]]:
    if not overrides_file.exists():
        return []
    with overrides_file.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["fact_id"] == fact_id]
    return sorted(rows, key=lambda row: int(row["review_seq"]))


def awaiting_review(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many facts of each fact mart await review, in a connection to a built warehouse."""
    return {
        table: con.execute(
            f"select count(*) from {table} where review_state = ?", [NEEDS_REVIEW]
        ).fetchall()[0][0]
        for table in FACT_MARTS
    }
