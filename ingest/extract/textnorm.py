"""Text normalisation before extraction.

Four rewrites, in this order: Unicode NFKC (full-width digits, letters and punctuation become
ASCII), English numbers in words as digits (`numwords`), traditional → simplified Chinese, and the
content-farm synonym substitutions kept as data in `data/content_farm_synonyms.tsv`. Extraction runs on the normalised sentence; the evidence kept
with a fact is the original sentence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import zhconv

from ingest.extract.numwords import digits_for_number_words

SYNONYMS_FILE = Path(__file__).parent / "data" / "content_farm_synonyms.tsv"

_CJK = re.compile(r"[\u4e00-\u9fff]")
# NFKC leaves these as they are; the extractor's patterns only know the ASCII forms.
_PUNCTUATION = str.maketrans(
    {"–": "-", "—": "-", "−": "-", "～": "~", "“": '"', "”": '"', "‘": "'", "’": "'", "、": "、"}
)


@lru_cache(maxsize=1)
def load_synonyms(path: Path = SYNONYMS_FILE) -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("scrambled\t"):
            continue
        scrambled, original = line.split("\t")[:2]
        pairs.append((scrambled.strip(), original.strip()))
    # Longest first, so 云筹画 is restored before 筹画.
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=1)
def _synonym_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    pairs = load_synonyms()
    mapping = dict(pairs)
    return re.compile("|".join(re.escape(s) for s, _ in pairs)), mapping


def undo_content_farm(text: str) -> str:
    pattern, mapping = _synonym_pattern()
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def normalise(text: str) -> str:
    """The text extraction reads: ASCII digits and punctuation, simplified Chinese, synonyms undone."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    text = digits_for_number_words(text)
    if _CJK.search(text):
        if not _traditional_characters().isdisjoint(text):
            text = zhconv.convert(text, "zh-cn")
        text = undo_content_farm(text)
    return text


@lru_cache(maxsize=1)
def _traditional_characters() -> frozenset[str]:
    """The characters zhconv rewrites one for one: a text with none of them converts to itself
    (checked on the corpora and the real pages), and skipping zhconv then saves its cost. A set,
    not a character class: a class of thousands of characters is forty times slower to search."""
    zhconv.zhconv.getdict("zh-cn")
    table = zhconv.zhconv.zhcdicts["zh2Hans"]
    return frozenset(k for k, v in table.items() if len(k) == 1 and k != v)
