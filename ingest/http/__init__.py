"""The HTTP boundary: every byte the pipeline reads from a network passes through here.

`guard` decides which addresses a connection may reach (no loopback, private, link-local,
multicast or reserved address unless the sources file allows its host) and resolves each host once
per connection, so a DNS rebind cannot swap the checked address for another. `body` reads a
response as a stream under a decoded-size cap and an overall deadline, so a compression bomb or a
server that drips one byte at a time cannot exhaust memory or hold a refresh. `client` is the
core every network client shares (redirects checked hop by hop, retries, conditional requests
through `cache`), `fetcher` the polite Fetcher of news pages and files (per-host pacing,
robots.txt by `robots`, local files and mirrors by `local`, settings in `politeness`).

It imports no other package of `ingest`. Nothing is imported here.
"""
