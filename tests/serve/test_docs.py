"""`infratrack docs` (behind `make docs`) builds the dbt docs site from the project and the built
warehouse: every mart with its description, its columns and their types."""

from __future__ import annotations

import json

from ingest.warehouse.files import MART_TABLES
from orchestration.cli import main


def test_docs_site_has_every_mart_with_column_types(published, tmp_path, capsys):
    out = tmp_path / "docs"
    assert main(["docs", "--output", str(out)]) == 0
    assert "static_index.html" in capsys.readouterr().out
    catalog = json.loads((out / "catalog.json").read_text("utf-8"))
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    for mart in MART_TABLES:
        node = f"model.infratrack.{mart}"
        assert manifest["nodes"][node]["description"], mart
        columns = catalog["nodes"][node]["columns"]
        assert columns["entity" if mart != "dim_source" else "source_id"]["type"] == "VARCHAR"
    assert (
        catalog["nodes"]["model.infratrack.fct_capex"]["columns"]["value_usd"]["type"] == "DOUBLE"
    )
    # The static page carries the manifest and catalog inside: it opens from disk, offline.
    page = (out / "static_index.html").read_text("utf-8")
    assert "fct_compute_capacity" in page and "capacity_eflops" in page
