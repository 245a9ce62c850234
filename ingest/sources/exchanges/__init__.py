"""Exchange announcements: results announcements that listed issuers file with a stock exchange
(HKEX, and SSE for the issuers listed there), fetched as PDFs and read page by page.

`issuers` owns the reference data (data/issuers.tsv), `hkex` the HKEX announcement list (its URLs
and a defensive reading of its JSON) and the announcement record, `sse` the SSE bulletin list
(its URL and a defensive reading of its JSONP), `pdf` the reading of a PDF into page texts and tables,
`paged_text` how those pages are stored in one text, `reading` the facts of that stored text
(the extraction step runs it) and `collect` the landing step. This module imports none of them,
so the extraction workers load only what they run.
"""
