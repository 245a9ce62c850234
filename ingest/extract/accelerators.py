"""Accelerator (AI chip) names: the regular-expression fragments built from their one list.

`data/accelerators.tsv` names every model (H100, Trainium, 昇腾) and generic word (GPU, chip,
芯片, 卡) with how the text uses it. The count patterns of `numbers`, the brand rule of
`entities` and the relevance gate's chip terms take their names from here, so a new chip is one
row of data. Each fragment is an alternation with the longer spellings first, so "H20" never
takes the start of "H200" and "GB200" is tried before "B200".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract.lexicon_files import lexicon_rows
from ingest.extract.textnorm import normalise
from ingest.extract.trie import trie_pattern

ACCELERATORS_FILE = "accelerators.tsv"
COLUMNS = (
    "name",
    "languages",
    "kind",
    "plural",
    "counter",
    "standalone",
    "generation",
    "relevance",
)
LANGUAGES = frozenset({"en", "zh"})
KINDS = frozenset({"model", "family", "noun"})
RELEVANCE_KINDS = frozenset({"strong", "topic"})
NO_RELEVANCE = "-"
TAB = "\t"
_FLAGS = {"yes": True, "no": False}
# Trainium2, Inferentia 2: one digit, with or without a space.
_GENERATION_NUMBER = r"\s?\d"


class AcceleratorLexiconError(ValueError):
    """A row of the accelerators file is malformed; the message quotes the row."""


@dataclass(frozen=True)
class Accelerator:
    name: str
    languages: frozenset[str]
    kind: str  # "model", "family" or "noun"
    plural: bool  # English adds -s
    counter: bool  # the singular may follow a number as the unit of a count
    standalone: bool  # names accelerators without a count before it
    generation: bool  # a generation number may follow (Trainium2)
    relevance: str | None  # the relevance gate's kind of term, if any

    @property
    def read_as(self) -> str:
        """The name as the extractor reads it: it reads normalised text, where 昇腾 is 升腾."""
        return normalise(self.name)

    def spellings(self, language: str) -> tuple[str, ...]:
        """The name as read in `language`: singular, then the English plural if it has one."""
        if language not in self.languages:
            return ()
        if language == "en" and self.plural:
            return (self.read_as, self.read_as + "s")
        return (self.read_as,)

    def pattern(self, language: str) -> str:
        """The name in any of its forms: with its generation number and plural, if it has them."""
        body = re.escape(self.read_as) + (f"(?:{_GENERATION_NUMBER})?" if self.generation else "")
        return body + ("s?" if language == "en" and self.plural else "")

    def english_count_end(self) -> str | None:
        """The forms an English count may end with: a model in either number, a family only in
        the plural or with its generation, a generic noun in the plural or, as a counter word,
        in the singular. None when it never ends one."""
        name = re.escape(self.read_as)
        plural = name + "s" if self.plural else None
        if self.kind == "model":
            return self.pattern("en")
        if self.kind == "family":
            numbered = name + _GENERATION_NUMBER + ("s?" if self.plural else "")
            forms = [plural, numbered if self.generation else None]
        else:
            forms = [plural, name if self.counter else None]
        present = [form for form in forms if form]
        return "|".join(present) if present else None


def parse_rows(rows: Iterable[list[str]]) -> tuple[Accelerator, ...]:
    """The accelerators of the file's rows, each field checked."""
    parsed: list[Accelerator] = []
    seen: set[tuple[str, str]] = set()
    relevance_of: dict[str, str | None] = {}
    for row in rows:
        where = f"{ACCELERATORS_FILE}: row {TAB.join(row)!r}"
        if len(row) != len(COLUMNS):
            raise AcceleratorLexiconError(f"{where}: expected {TAB.join(COLUMNS)}")
        name, languages, kind, plural, counter, standalone, generation, relevance = row
        if not name or name != name.strip() or not name.isprintable() or "\\" in name:
            raise AcceleratorLexiconError(f"{where}: the name is empty or has odd characters")
        accelerator = Accelerator(
            name,
            _languages(languages, where),
            _one_of(kind, KINDS, where),
            _flag(plural, where),
            _flag(counter, where),
            _flag(standalone, where),
            _flag(generation, where),
            None if relevance == NO_RELEVANCE else _one_of(relevance, RELEVANCE_KINDS, where),
        )
        if accelerator.plural and "en" not in accelerator.languages:
            raise AcceleratorLexiconError(f"{where}: only an English name takes a plural")
        for language in accelerator.languages:
            if (name, language) in seen:
                raise AcceleratorLexiconError(f"{where}: {name!r} is listed twice for {language}")
            seen.add((name, language))
        if relevance_of.setdefault(name, accelerator.relevance) != accelerator.relevance:
            raise AcceleratorLexiconError(f"{where}: {name!r} has two relevance kinds")
        parsed.append(accelerator)
    return tuple(parsed)


def _languages(field: str, where: str) -> frozenset[str]:
    languages = frozenset(field.split())
    if not languages or not languages <= LANGUAGES:
        raise AcceleratorLexiconError(f"{where}: languages must be en, zh or both")
    return languages


def _one_of(field: str, allowed: frozenset[str], where: str) -> str:
    if field not in allowed:
        raise AcceleratorLexiconError(f"{where}: {field!r} is not one of {sorted(allowed)}")
    return field


def _flag(field: str, where: str) -> bool:
    if field not in _FLAGS:
        raise AcceleratorLexiconError(f"{where}: {field!r} is not yes or no")
    return _FLAGS[field]


@lru_cache(maxsize=1)
def accelerators() -> tuple[Accelerator, ...]:
    return parse_rows(lexicon_rows(ACCELERATORS_FILE))


def longest_first(alternatives: Iterable[str]) -> str:
    """`a|b|c` of the distinct alternatives, longer ones first (ties in a stable order)."""
    return "|".join(sorted(set(alternatives), key=lambda alt: (-len(alt), alt)))


def _escaped(spellings: Iterable[str]) -> str:
    return longest_first(re.escape(spelling) for spelling in spellings)


def _names(
    language: str, *, standalone_only: bool = False, kind: str | None = None
) -> list[Accelerator]:
    return [
        a
        for a in accelerators()
        if language in a.languages
        and (a.standalone or not standalone_only)
        and (kind is None or a.kind == kind)
    ]


def _patterns(rows: Iterable[Accelerator], language: str) -> str:
    """The rows' patterns, a longer name's first."""
    ordered = sorted(rows, key=lambda a: (-len(a.name), a.name))
    return "|".join(dict.fromkeys(a.pattern(language) for a in ordered))


@lru_cache(maxsize=1)
def zh_chip_words() -> str:
    """Every name read in Chinese text."""
    return _escaped(a.read_as for a in _names("zh"))


@lru_cache(maxsize=1)
def zh_count_nouns() -> str:
    """What a Chinese count ends with: the first name after its classifier, and the generic noun
    right after that name if there is one (1.8万张AI加速卡, 3万台H20, 2万颗GB200 GPU)."""
    nouns = _escaped(a.read_as for a in _names("zh", kind="noun"))
    return f"(?:{zh_chip_words()})(?:\\s?(?:{nouns}))?"


@lru_cache(maxsize=1)
def zh_context_words() -> str:
    """The names that, written before a bare classifier (扩展到100万颗), make it a count."""
    return _escaped(a.read_as for a in _names("zh", standalone_only=True))


@lru_cache(maxsize=1)
def zh_counter_words() -> str:
    """The words a round Chinese count is compounded with (万卡)."""
    return _escaped(a.read_as for a in _names("zh") if a.counter)


@lru_cache(maxsize=1)
def en_count_nouns() -> str:
    """What an English count of accelerators ends with (see `Accelerator.english_count_end`),
    and the generic noun right after it if there is one (10,000 GPUs, a 10,000 GPU cluster,
    10,000 H100 GPUs, 800 Inferentia 2 chips, 18,000 accelerator cards)."""
    ordered = sorted(_names("en"), key=lambda a: (-len(a.name), a.name))
    ends = "|".join(end for a in ordered if (end := a.english_count_end()))
    nouns = "|".join(end for a in ordered if a.kind == "noun" and (end := a.english_count_end()))
    return f"(?:{ends})(?:\\s(?:{nouns}))?"


@lru_cache(maxsize=1)
def en_counter_words() -> str:
    """The words an English count is hyphenated with (a 10,000-GPU cluster)."""
    return _escaped(a.read_as for a in _names("en") if a.counter)


@lru_cache(maxsize=1)
def en_context_words() -> str:
    """The names that, written before a bare number (bought 196,000 and 169,000), make it a
    count: models with their generation and plural, generic nouns in either number."""
    return _patterns(_names("en", standalone_only=True), "en")


@lru_cache(maxsize=1)
def brand_words() -> str:
    """The names that make a company written right before them a brand (Nvidia H100s, 英伟达芯片)."""
    return _escaped(
        spelling
        for language in sorted(LANGUAGES)
        for a in _names(language, standalone_only=True)
        for spelling in a.spellings(language)
    )


@lru_cache(maxsize=1)
def any_name() -> str:
    """Every name, as a prefix trie (every other spelling starts with one): a sentence with none
    of them names no accelerator. A trie, as this runs on every sentence."""
    return trie_pattern({a.read_as for a in accelerators()})


def relevance_terms() -> list[tuple[str, str]]:
    """(name as written, kind) for every name the relevance gate counts, with its English plural,
    in the file's order; the gate adds the other script of a Chinese name itself."""
    terms: dict[str, str] = {}
    for a in accelerators():
        if a.relevance is None:
            continue
        terms.setdefault(a.name, a.relevance)
        if a.plural:
            terms.setdefault(a.name + "s", a.relevance)
    return list(terms.items())
