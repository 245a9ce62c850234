"""The relevance terms, compiled once into two patterns that find them all in a text.

Terms come from `data/terms.tsv` (strong, topic, finance and figure words), from the
extractor's accelerator names (`ingest/extract/data/accelerators.tsv`: GPU, H100, 芯片, ...)
and from the dbt seeds (every alias of a tracked company, joint venture or group of companies).
Chinese terms are added in both scripts. The terms are folded into two prefix tries, one for
terms that start with a Latin letter or digit and one for the rest, so a text is scanned twice
however many terms there are (one pattern for both would be several times slower: Python's `re`
skips ahead to a possible first character only when a pattern starts with plain literals).
"""

from __future__ import annotations

import csv
import re
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import zhconv

from ingest.extract.accelerators import relevance_terms
from ingest.extract.entities import companies
from ingest.extract.trie import trie_pattern
from ingest.reference import REFERENCE_DIR

TERMS_FILE = Path(__file__).resolve().parent / "data" / "terms.tsv"
KINDS = ("strong", "topic", "finance", "figure")
COMPANY = "company"
# Seed entities that are places, not companies: naming a country gives no company context.
NOT_COMPANIES = frozenset({"country", "world"})
# A space in a term stands for any run of whitespace or hyphens.
_SPACE = re.escape(" ")
_GAP = r"[\s\-]+"
_LATIN = frozenset(string.ascii_lowercase + string.digits)
_GAPS = re.compile(_GAP)
# Only ASCII is lowered: Unicode lowering turns "İ" into "i" and a combining dot, which would
# read "Aİ" as "ai".
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class LexiconError(ValueError):
    """The terms file is malformed; the message names the line."""


@dataclass(frozen=True)
class Lexicon:
    # Terms starting with a Latin letter or digit, which must start a word, and all the others.
    latin: re.Pattern[str]
    other: re.Pattern[str]
    # The folded spelling (see `fold`) of every term and variant -> the term as listed, its kind.
    terms: dict[str, tuple[str, str]]

    def find(self, text: str) -> list[tuple[str, str]]:
        """(term as listed, kind) for every term in `text`, in order of appearance."""
        content = unicodedata.normalize("NFKC", text).translate(_ASCII_LOWER)
        hits: list[tuple[int, tuple[str, str]]] = []
        for pattern in (self.latin, self.other):
            for match in pattern.finditer(content):
                key = _collapse_gaps(match.group())
                # A pattern cannot look past the end of a trie branch, so whether a Latin term
                # ends a word ("cloud" not in "cloudy") is checked here.
                if key[-1] in _LATIN and content[match.end() : match.end() + 1] in _LATIN:
                    continue
                entry = self.terms.get(key)
                if entry is not None:
                    hits.append((match.start(), entry))
        hits.sort(key=lambda hit: hit[0])
        return [entry for _, entry in hits]


def fold(text: str) -> str:
    """The spelling a term is looked up by: NFKC, ASCII lower case, one space for each gap."""
    return _collapse_gaps(unicodedata.normalize("NFKC", text).translate(_ASCII_LOWER)).strip()


def _collapse_gaps(text: str) -> str:
    return text if text.isalnum() else _GAPS.sub(" ", text)


def listed_terms(path: Path = TERMS_FILE) -> list[tuple[str, str]]:
    """(term, kind) for each line of the terms file, checked."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or fields[1] not in KINDS or not fields[0].strip():
            raise LexiconError(f"{path.name}:{number}: expected term<TAB>{'|'.join(KINDS)}")
        term = fields[0].strip()
        if "\\" in term or fold(term) in seen:
            raise LexiconError(f"{path.name}:{number}: {term!r} is a duplicate or has a backslash")
        seen.add(fold(term))
        rows.append((term, fields[1]))
    return rows


def company_aliases(reference_dir: Path = REFERENCE_DIR) -> list[tuple[str, str]]:
    """(alias, entity) for every alias of a tracked company, joint venture or group."""
    tracked = {
        name
        for name, company in companies(reference_dir).items()
        if company.entity_type not in NOT_COMPANIES
    }
    with (reference_dir / "company_aliases.csv").open(encoding="utf-8") as handle:
        return [
            (row["alias"], row["entity"])
            for row in csv.DictReader(handle)
            if row["entity"] in tracked and row["alias"].strip()
        ]


def _script_variants(term: str) -> set[str]:
    if term.isascii():
        return {term}
    return {term} | {zhconv.convert(term, locale) for locale in ("zh-hans", "zh-hant", "zh-tw")}


def _trie(keys: list[str], prefix: str = "") -> re.Pattern[str]:
    return re.compile(prefix + f"(?:{trie_pattern(keys)})".replace(_SPACE, _GAP))


def accelerator_terms(listed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, kind) of the accelerator names the gate counts; a name has one home, so one also
    listed in the terms file is an error."""
    in_terms_file = {fold(term) for term, _ in listed}
    terms = relevance_terms()
    for name, _ in terms:
        if fold(name) in in_terms_file:
            raise LexiconError(
                f"{TERMS_FILE.name}: {name!r} is an accelerator name, listed in "
                "ingest/extract/data/accelerators.tsv"
            )
    return terms


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    listed = listed_terms()
    entries = (
        listed + accelerator_terms(listed) + [(alias, COMPANY) for alias, _ in company_aliases()]
    )
    terms: dict[str, tuple[str, str]] = {}
    # A term as listed wins over another's script variant, and a term in the file over a company
    # alias spelled the same ("hyperscalers").
    for term, kind in entries:
        terms.setdefault(fold(term), (term, kind))
    for term, kind in entries:
        for variant in _script_variants(term):
            terms.setdefault(fold(variant), (term, kind))
    latin = [key for key in terms if key[0] in _LATIN]
    other = [key for key in terms if key[0] not in _LATIN]
    # A Latin term must start a word ("AI" not inside "said"), though a number may run into it
    # ("5EFLOPS", "10GW").
    return Lexicon(_trie(latin, prefix="(?<![a-z])"), _trie(other), terms)
