"""Extraction quality: scoring the extractor against labelled passages (`scoring`) and the
labelled sets and where they live (`sets`, the data in `data/`). It runs the extractor and the
news page parser: it must not import `ingest.http`, `ingest.land` or `ingest.warehouse`. Nothing
is imported here.
"""
