"""The extractor: figures in English and Chinese news text, as facts of the contract
(docs/fact_contract.md).

It owns text normalisation (`textnorm`: simplified characters, ASCII punctuation, content-farm
synonyms undone), numbers and units (`numbers`), accelerator names (`accelerators`), periods
(`periods`), entities (`entities`), the cue lexicons around a figure (`cues`), unit statements
("单位：亿元", "in millions": `units`), flattened tables (`tables`), the assembly of facts
(`assemble`) and the facts of a stored exchange announcement (`announcements`). Its lexicons are
data files in `data/`, read by `lexicon_files`. `batch` is the work of one extraction worker
process, `documents` the extraction step that lands facts through `ingest.land`.

It must not import `ingest.http` or `ingest.sources`: extraction never imports fetching. The
extraction workers are forked from a server that preloads `batch` alone.
"""

from ingest.extract.assemble import (
    CONTRACT_FIELDS,
    EXTRACTOR_VERSION,
    Fact,
    extract_facts,
    split_sentences,
)

__all__ = ["CONTRACT_FIELDS", "EXTRACTOR_VERSION", "Fact", "extract_facts", "split_sentences"]
