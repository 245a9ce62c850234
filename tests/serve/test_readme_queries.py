"""The worked queries in the README run on a freshly built warehouse and answer something: a
query the docs show must not rot when a mart changes."""

from __future__ import annotations

import re

import duckdb

from ingest.warehouse.files import REPO_ROOT
from ingest.warehouse.query import run_query


def _readme_queries() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, re.S)
    return [statement.query for block in blocks for statement in duckdb.extract_statements(block)]


def test_every_readme_query_runs_and_returns_rows(published):
    queries = _readme_queries()
    assert len(queries) >= 6
    for query in queries:
        result = run_query(published, query)
        assert result.rows, query.splitlines()[0]
