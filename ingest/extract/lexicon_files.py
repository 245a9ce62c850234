"""Reading the extractor's lexicons: the tab-separated data files in `data/`.

Kept apart from the modules that use them, so any of those (entities, accelerators, names) can
read a lexicon without importing another.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def lexicon_rows(name: str) -> list[list[str]]:
    """The rows of a tab-separated lexicon in DATA_DIR; `#` lines are comments."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def lexicon_words(name: str) -> frozenset[str]:
    return frozenset(row[0] for row in lexicon_rows(name))
