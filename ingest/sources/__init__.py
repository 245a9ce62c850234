"""Where data comes from: the sources file (`config`) and one package per kind of source, each
owning its parsers, its clients and its collect step: `news/` (feeds and pages), `sec/` (XBRL
companyfacts), `fx/` (ECB rates), `filings/` (8-K earnings releases), `exchanges/` (HKEX and SSE
announcements), `archive/` (WARC news crawls) and `discovery/` (GDELT keyword search).

A collect step fetches through `ingest.http` and lands through `ingest.land`; nothing outside this
package fetches. It must not import `ingest.warehouse`, `ingest.serve` or `ingest.review` (they
read what it lands). Nothing is imported here, so loading one kind of source loads no other.
"""
