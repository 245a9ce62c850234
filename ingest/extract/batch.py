"""Extraction of a batch of landed documents into raw_extracted_facts rows: the work an
extraction worker process does.

It imports only the extractor, the row keys and the stored form of a PDF's pages (both in
`ingest.land`, whose package imports nothing), so a worker process starts in half a second instead
of loading the fetching and storage stack. An exchange announcement (a PDF stored page by page) is
read by `ingest.extract.announcements`, which imports only the extractor too and gives each fact
its page and table cell.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ingest.extract.announcements import LocatedFact, announcement_facts
from ingest.extract.assemble import CONTRACT_FIELDS, EXTRACTOR_VERSION, extract_facts
from ingest.land.keys import stable_id

# Documents that are the subject company's own statement.
ISSUER_SOURCE_TYPES = frozenset({"press_release", "exchange_announcement"})
_FACT_FIELDS = (*CONTRACT_FIELDS, "evidence", "char_start", "char_end", "confidence", "entity_type")


def extract_batch(
    documents: list[dict], extracted_at: datetime, extractor: Callable = extract_facts
) -> tuple[list[dict], list[str]]:
    """The raw_extracted_facts rows of some documents, and one error per document that failed.

    A plain function of its arguments, so batches can run in worker processes."""
    rows: list[dict] = []
    failures: list[str] = []
    for doc in documents:
        published = doc["published_on"] or doc["fetched_at"].date()
        # A company's own release is read as its words; news as reports about companies.
        issuer = (
            doc.get("subject_entity") if doc.get("source_type") in ISSUER_SOURCE_TYPES else None
        )
        try:
            if doc.get("source_type") == "exchange_announcement":
                located = announcement_facts(doc["main_text"], published, issuer)
            else:
                facts = (
                    extractor(doc["main_text"], published, issuer=issuer)
                    if issuer
                    else extractor(doc["main_text"], published)
                )
                located = [LocatedFact(fact, None, None) for fact in facts]
        except Exception as exc:  # one bad document must not stop the others
            failures.append(f"{doc['document_id']}: extraction failed: {exc!r}")
            continue
        for ordinal, item in enumerate(located):
            record = item.fact.to_dict()
            rows.append(
                {
                    "fact_id": stable_id(doc["document_id"], EXTRACTOR_VERSION, ordinal),
                    "document_id": doc["document_id"],
                    "extractor_version": EXTRACTOR_VERSION,
                    "ordinal": ordinal,
                    **{k: record[k] for k in _FACT_FIELDS},
                    "evidence_page": item.page,
                    "evidence_cell": item.cell,
                    "extracted_at": extracted_at,
                    "fetch_date": extracted_at.date(),
                }
            )
    return rows, failures
