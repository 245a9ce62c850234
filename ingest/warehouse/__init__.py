"""The DuckDB warehouse and what judges the data around it: the data folder's paths, the
warehouse file and its published read-only copy (`files`), sandboxed read-only SQL (`query`)
and the freshness of the raw layer (`freshness`).

It must not import `ingest.http` or the collect steps of `ingest.sources`. Nothing is imported
here.
"""
