"""The real-page set's files are well formed: the labels follow the fact contract, no page is
there twice, no reserved page is there at all, and no third-party prose is committed."""

import json
from pathlib import Path

import pytest

from ingest.evaluate.sets import REAL_DIR
from ingest.extract import CONTRACT_FIELDS

PAGE_FIELDS = {"id", "url", "query", "published", "lang", "script", "genre", "split", "facts"}
OPTIONAL_PAGE_FIELDS = {"published_estimated"}
FACT_FIELDS = set(CONTRACT_FIELDS)
RESERVED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "reserved_urls.txt"

PAGES = [
    json.loads(line)
    for path in sorted(REAL_DIR.glob("*.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_the_set_is_large_bilingual_and_has_a_holdout():
    assert len(PAGES) >= 100
    languages = [p["lang"] for p in PAGES]
    assert languages.count("zh") * 2 >= len(PAGES)
    assert sum(p["script"] == "traditional" for p in PAGES) >= 15
    holdout = sum(p["split"] == "holdout" for p in PAGES)
    assert len(PAGES) / 6 <= holdout <= len(PAGES) / 4


def test_pages_hold_labels_not_prose():
    for page in PAGES:
        assert PAGE_FIELDS <= set(page) <= PAGE_FIELDS | OPTIONAL_PAGE_FIELDS, page["id"]
        assert page["facts"], page["id"]
        for fact in page["facts"]:
            assert FACT_FIELDS <= set(fact) <= FACT_FIELDS | {"entity_alt"}, page["id"]
            assert fact["metric"] in {"capex", "revenue", "compute", "accelerators", "power"}
            assert fact["kind"] in {"actual", "plan", "forecast"}
            assert fact["bound"] in {"exact", "approx", "at_least", "at_most"}
            assert isinstance(fact["value"], int | float) and fact["value"] > 0


def test_no_page_twice():
    assert len({p["url"] for p in PAGES}) == len(PAGES)
    assert len({p["id"] for p in PAGES}) == len(PAGES)


def test_no_reserved_page():
    if not RESERVED.is_file():
        pytest.skip("shared/eval/reserved_urls.txt is not beside this checkout")
    reserved = {
        line.strip()
        for line in RESERVED.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert not reserved & {p["url"] for p in PAGES}
