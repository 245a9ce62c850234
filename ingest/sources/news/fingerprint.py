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

import numpy as np

from ingest.extract.textnorm import normalise

SHINGLE = 5
_NOT_WORD = re.compile(r"[\W_]+")


def simhash64(text: str) -> int:
    """Signed 64-bit SimHash (fits a BIGINT column)."""
    compact = _NOT_WORD.sub("", normalise(text).lower())
    shingles = max(len(compact) - SHINGLE + 1, 1)
    digests = b"".join(
        hashlib.blake2b(compact[i : i + SHINGLE].encode(), digest_size=8).digest()
        for i in range(shingles)
    )
    # Bit 63 - j of each big-endian digest is column j: the count of shingles setting each bit,
    # vectorised because a per-bit Python loop cost ~40 ms an article.
    set_counts = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1).sum(
        axis=0, dtype=np.int64
    )
    value = sum(1 << (63 - column) for column in range(64) if 2 * set_counts[column] > shingles)
    return value - (1 << 64) if value >= 1 << 63 else value
