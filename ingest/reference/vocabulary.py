"""The closed vocabularies of the fact contract (docs/fact_contract.md): its metrics, kinds and
bounds, read from `fact_vocabulary.csv`. dbt reads the same file as the seed `fact_vocabulary`
(the `in_vocabulary` test), so a new metric is one row here."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from ingest.reference import REFERENCE_DIR

VOCABULARY_FILE = REFERENCE_DIR / "fact_vocabulary.csv"
MONEY = "money"


@dataclass(frozen=True)
class Term:
    field: str  # metric, kind or bound
    value: str
    dimension: str  # of a metric: money, compute, count or power (the extractor's unit dimensions)
    measured_over: str  # of a metric: "period" (a flow) or "date" (a stock)
    description: str


def _read() -> tuple[Term, ...]:
    with VOCABULARY_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(Term(**row) for row in csv.DictReader(handle))


TERMS = _read()


def values(field: str) -> frozenset[str]:
    return frozenset(term.value for term in TERMS if term.field == field)


METRICS = values("metric")
KINDS = values("kind")
BOUNDS = values("bound")
MONEY_METRICS = frozenset(t.value for t in TERMS if t.field == "metric" and t.dimension == MONEY)
# Had at a date rather than over a period: compute, accelerators, power.
STOCK_METRICS = frozenset(
    t.value for t in TERMS if t.field == "metric" and t.measured_over == "date"
)
# The metric a quantity of each non-money dimension is (a count of cards is a fleet of accelerators).
METRIC_OF_DIMENSION = {
    t.dimension: t.value for t in TERMS if t.field == "metric" and t.dimension != MONEY
}
