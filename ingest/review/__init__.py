"""Analyst review of extracted facts (`log`: accept, correct, reject, merge entities, with who,
when and why). It reads the warehouse and the reference data and lands each review as a raw row
(`ingest.land`): it must not import `ingest.http` or `ingest.sources`. Nothing is imported here.
"""
