"""The DuckDB warehouse and what judges the data around it: the data folder's paths, the
warehouse file and its published read-only copy (`files`), sandboxed read-only SQL (`query`),
the freshness of the raw layer (`freshness`) and the Python functions dbt's models call
(`functions`).

Of `ingest.sources` it imports the sources file (`config`) alone, and it must not import
`ingest.http` or `ingest.extract`. Nothing is imported here.
"""
