"""The dbt manifest is prepared one way: parsed again when it is missing or older than a file
dbt reads, so a refresh after a model changed never runs on a manifest that lacks it."""

import json
import os
import time

from ingest.warehouse.files import MART_TABLES
from orchestration.project import DBT_PROJECT_DIR, dbt_project, manifest_is_stale, prepare_manifest


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


def test_the_marts_the_cli_lists_are_the_marts_dbt_builds():
    """MART_TABLES orders the marts for the CLI, exports and the BI copy; the models are the marts."""
    prepare_manifest()
    nodes = json.loads(dbt_project.manifest_path.read_text())["nodes"].values()
    built = {
        node["name"]
        for node in nodes
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
    }
    assert built == set(MART_TABLES)
    assert len(MART_TABLES) == len(set(MART_TABLES))
