"""SEC XBRL companyfacts: the polite SEC client (`client`: User-Agent, rate limit, conditional
requests), the parser of every vintage of the tracked tags (`companyfacts`) and the collect
step. Like every source package it must not import `ingest.warehouse`, `ingest.serve`,
`ingest.review` or `ingest.evaluate`. Nothing is imported here.
"""
