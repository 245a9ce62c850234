"""The fact contract's vocabularies have one file (ingest/reference/fact_vocabulary.csv): the
contract document, the extractor's quantity dimensions and the review command agree with it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ingest.extract import extract_facts
from ingest.reference.vocabulary import (
    BOUNDS,
    KINDS,
    METRIC_OF_DIMENSION,
    METRICS,
    MONEY,
    MONEY_METRICS,
    STOCK_METRICS,
    TERMS,
)
from ingest.review.log import ReviewError, validate_corrections

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "fact_contract.md"


def _contract_values(field: str) -> set[str]:
    row = next(
        line for line in CONTRACT.read_text().splitlines() if line.startswith(f"| {field} |")
    )
    return set(re.findall(r"`([a-z_]+)`", row))


@pytest.mark.parametrize(
    ("field", "values"), [("metric", METRICS), ("kind", KINDS), ("bound", BOUNDS)]
)
def test_the_contract_document_names_the_same_values(field, values):
    assert _contract_values(field) == values


def test_every_metric_has_a_dimension_and_is_a_flow_or_a_stock():
    metrics = [term for term in TERMS if term.field == "metric"]
    assert {term.measured_over for term in metrics} == {"period", "date"}
    assert all(term.dimension for term in metrics)
    assert {t.value for t in metrics if t.dimension == MONEY} == MONEY_METRICS
    assert not MONEY_METRICS & STOCK_METRICS
    assert set(METRIC_OF_DIMENSION.values()) | MONEY_METRICS == METRICS


def test_each_extracted_dimension_lands_as_its_metric():
    text = (
        "微软表示,2025年将投入800亿美元建设AI数据中心。"
        "截至2024年底,中国移动智算规模达到29.2 EFLOPS。"
        "The company operates 100,000 GPUs and a 300 MW campus as of December 31, 2024."
    )
    metrics = {fact.metric for fact in extract_facts(text, date(2025, 3, 4))}
    assert metrics <= METRICS
    assert {"capex", "compute"} <= metrics


def test_the_review_command_refuses_a_metric_outside_the_vocabulary():
    with pytest.raises(ReviewError, match="metric"):
        validate_corrections({"metric": "profit"})
    validate_corrections({"metric": "compute", "period": "FY2025H1"})
