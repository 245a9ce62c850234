"""Where data comes from: the sources file (`config`), the fetcher it configures (`fetching`)
and one package per kind of source, each owning its parsers, its clients and its collect step:
`news/` (feeds and pages), `sec/` (XBRL companyfacts), `fx/` (ECB rates), `filings/` (8-K
earnings releases), `exchanges/` (HKEX and SSE announcements), `archive/` (WARC news crawls) and
`discovery/` (GDELT keyword search).

A collect step fetches through `ingest.http` and lands through `ingest.land`. It must not import
`ingest.warehouse`, `ingest.serve`, `ingest.review` or `ingest.evaluate` (they read what it
lands). Nothing is imported here, so loading one kind of source loads no other.
"""
