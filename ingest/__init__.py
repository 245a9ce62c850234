"""infratrack's library: a plain Python package (no Dagster) with one package per stage.

`http/` is the network boundary, `sources/` where data comes from (the sources file and a package
per kind of source, each with its collect step), `land/` the raw layer every stage lands through,
`extract/` the extractor and the extraction step, `relevance/` the topic gates, `reference/` the
company reference data, `warehouse/` the DuckDB warehouse and the freshness of the raw layer,
`serve/` what reads the published warehouse, `review/` analyst reviews and `evaluate/` extraction
quality; `progress` is the step progress every stage reports. Imports go one way: `land/`,
`http/` and `reference/` import no other stage, `extract/` never imports `http/` or `sources/`, and
nothing below `orchestration/` imports it (tests/unit/test_package_layout.py holds these rules).
"""
