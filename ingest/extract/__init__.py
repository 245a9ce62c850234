"""The extractor: figures in English and Chinese news text, as facts of the contract
(docs/fact_contract.md).

It owns text normalisation (`textnorm`: simplified characters, ASCII punctuation, content-farm
synonyms undone), numbers and units (`numbers`), periods (`periods`), entities (`entities`),
the cue lexicons around a figure (`cues`), unit statements ("单位：亿元", "in millions":
`units`), flattened tables (`tables`) and the assembly of facts (`assemble`). Its lexicons are data files in `data/`. It knows nothing of fetching or storage.
"""

from ingest.extract.assemble import (
    CONTRACT_FIELDS,
    EXTRACTOR_VERSION,
    Fact,
    extract_facts,
    split_sentences,
)

__all__ = ["CONTRACT_FIELDS", "EXTRACTOR_VERSION", "Fact", "extract_facts", "split_sentences"]
