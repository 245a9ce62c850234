"""The labelled sets ship inside the package; only the sample pages belong to the repository."""

from __future__ import annotations

import json

from ingest.evaluate.sets import SAMPLE_DIR, evaluation_sets


def test_without_the_repository_sample_the_packaged_sets_are_still_scored(tmp_path):
    sets = evaluation_sets(sample_dir=tmp_path)
    assert "sample" not in sets
    assert len(sets["dev"]) >= 200
    assert sets["holdout"]


def test_a_checkout_scores_the_sample_pages_too():
    lines = (SAMPLE_DIR / "expected_facts.jsonl").read_text("utf-8").splitlines()
    sets = evaluation_sets()
    assert [p.id for p in sets["sample"]] == [json.loads(line)["url"] for line in lines]
