"""Landing raw data: the immutable Parquet part files of the raw layer (`rawstore`), row keys
(`keys`), atomic file writes (`atomic`), how a PDF's pages are kept in one stored text
(`paged_text`) and the batches and error logs a collect step lands through (`batches`).

Every stage lands through it, so it imports no other package of `ingest`. Nothing is imported
here, on purpose: extraction worker processes import `keys` and `paged_text` through this
package, and are forked from a server that preloads only the extractor.
"""
