"""ECB euro reference rates: the parser of the rate files (`rates`) and the collect step.
Like every source package it must not import `ingest.warehouse`, `ingest.serve`, `ingest.review`
or `ingest.evaluate`. Nothing is imported here.
"""
