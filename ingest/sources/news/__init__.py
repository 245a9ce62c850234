"""News pages: RSS/Atom feeds (`feeds`), the bytes of a page decoded (`encoding`), its title,
date, language and main text (`article`), its SimHash (`fingerprint`), and the collect step that
fetches what the feeds, the discovery queries and the sources file list (`collect`).

Like every source package it must not import `ingest.warehouse`, `ingest.serve`, `ingest.review`
or `ingest.evaluate`. Nothing is imported here.
"""
