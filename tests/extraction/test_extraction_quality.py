"""The extractor may not get worse than the figures stored in ingest/evaluate/data/baseline.json
(`make eval` prints them; `infratrack eval --write-baseline` stores new ones after a real
improvement)."""

import json

import pytest

from ingest.evaluate.scoring import evaluate
from ingest.evaluate.sets import BASELINE_FILE, evaluation_sets

BASELINE = json.loads(BASELINE_FILE.read_text("utf-8"))
SETS = evaluation_sets()
# Float noise only: a real drop of one fact moves F1 by far more than this.
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def results():
    return {
        name: evaluate(passages).summary() for name, passages in SETS.items() if name in BASELINE
    }


@pytest.mark.parametrize("name", sorted(BASELINE))
def test_f1_does_not_fall_below_the_baseline(results, name):
    if name not in results:
        pytest.skip(f"the {name} set is not in this checkout")
    now, stored = results[name], BASELINE[name]
    assert now["overall"]["f1"] >= stored["overall"]["f1"] - TOLERANCE
    for language, figures in stored["by_language"].items():
        assert now["by_language"][language]["f1"] >= figures["f1"] - TOLERANCE, language


def test_dev_corpus_meets_the_quality_bar(results):
    dev = results["dev"]
    assert dev["overall"]["f1"] >= 0.90
    assert all(figures["f1"] >= 0.85 for figures in dev["by_language"].values())
    assert dev["attribute_agreement"]["kind"] >= 0.90


def test_corpus_is_large_and_bilingual():
    dev = SETS["dev"]
    languages = [p.lang for p in dev]
    assert languages.count("zh") >= 80 and languages.count("en") >= 80
    assert len(dev) >= 200
