"""The dbt manifest is prepared one way: parsed again when it is missing or older than a file
dbt reads, so a refresh after a model changed never runs on a manifest that lacks it."""

import os
import time

from orchestration.project import DBT_PROJECT_DIR, manifest_is_stale


def test_a_missing_manifest_is_stale(tmp_path):
    assert manifest_is_stale(tmp_path / "manifest.json")


def test_a_manifest_older_than_a_model_is_stale_and_a_newer_one_is_not(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text("{}")
    model = next((DBT_PROJECT_DIR / "models").rglob("*.sql"))
    before_the_model = model.stat().st_mtime - 60
    os.utime(manifest, (before_the_model, before_the_model))
    assert manifest_is_stale(manifest)
    later = time.time() + 3600
    os.utime(manifest, (later, later))
    assert not manifest_is_stale(manifest)
