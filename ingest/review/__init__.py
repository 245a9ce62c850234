"""Analyst review of extracted facts (`log`: accept, correct, reject, merge entities, with who,
when and why). It reads the warehouse and the reference data: it must not import `ingest.http`,
`ingest.sources` or `ingest.land`. Nothing is imported here.
"""
