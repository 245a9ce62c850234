"""Getting answers out of the published warehouse: the mart catalogue (descriptions, keys, units,
types), exports, the PostgreSQL publish and the HTML report.

It reads the published copy only: it must not import `ingest.http`, `ingest.sources` or
`ingest.extract`. Nothing is imported here.
"""
