"""Keyword discovery: topic queries sent to a news index (GDELT's DOC API) turn into article URLs
for the news fetch, in a time window that moves with each run, deduplicated against what landed.

`settings` holds the sources file's `discovery:` block, `gdelt` the index client and its guarded
response parser, `window` where each query's next window starts, `discover` the step that runs
every query, and `health` the per-source tallies `infratrack status` shows. Nothing is imported
here, so `ingest.sources.config` can read the settings without importing the rest. Like every
source package it must not import `ingest.warehouse`, `ingest.serve`, `ingest.review` or
`ingest.evaluate`.
"""
