"""Exchange announcements: results announcements that listed issuers file with a stock exchange
(HKEX, and SSE for the issuers listed there), fetched as PDFs and read page by page.

`issuers` owns the reference data (data/issuers.tsv), `hkex` the HKEX announcement list (its URLs
and a defensive reading of its JSON) and the announcement record, `sse` the SSE bulletin list
(its URL and a defensive reading of its JSONP), `pdf` the reading of a PDF into page texts and tables,
and `collect` the landing step, which stores those pages as one text (`ingest.land.paged_text`).
The facts of that text are the extractor's (`ingest.extract.announcements`): the extraction step
never imports this package. This module imports none of its modules. Like every source package
it must not import `ingest.warehouse`, `ingest.serve`, `ingest.review` or `ingest.evaluate`.
"""
