"""Near-duplicate detection: a 64-bit SimHash of a document's normalised text.

Content farms republish articles with words swapped for synonyms, chrome changed and a paragraph
dropped. The fingerprint is taken after text normalisation (which undoes the known substitutions),
over overlapping character 5-grams, so such a rewrite lands a few bits away from its original while
unrelated articles differ in about half of the 64 bits. The threshold, a dbt var
(`near_duplicate_max_bits` in dbt_project.yml), compares fingerprints in the warehouse.
"""

from __future__ import annotations

import hashlib
import re

from ingest.extract.textnorm import normalise

SHINGLE = 5
_NOT_WORD = re.compile(r"[\W_]+")


def simhash64(text: str) -> int:
    """Signed 64-bit SimHash (fits a BIGINT column)."""
    compact = _NOT_WORD.sub("", normalise(text).lower())
    weights = [0] * 64
    for i in range(max(len(compact) - SHINGLE + 1, 1)):
        digest = int.from_bytes(
            hashlib.blake2b(compact[i : i + SHINGLE].encode(), digest_size=8).digest(), "big"
        )
        for bit in range(64):
            weights[bit] += 1 if digest >> bit & 1 else -1
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value
