"""The entity lexicon: canonical companies, their English and Chinese aliases, and segments.

The lexicon is the company reference data (`ingest/reference/`: `companies.csv`,
`company_aliases.csv`), which dbt reads as seeds, so the extractor and `dim_company` read one
list. An alias with no entity names an organisation we do not track (SoftBank, DeepSeek): it still
stops a figure from being pinned on the company named before it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import zhconv

from ingest.extract import accelerators
from ingest.extract.lexicon_files import DATA_DIR, lexicon_rows, lexicon_words
from ingest.extract.trie import trie_pattern
from ingest.reference import REFERENCE_DIR

# People whose words stand for their company in news copy.
PEOPLE = dict(lexicon_rows("people.tsv"))
SITES = dict(lexicon_rows("sites.tsv"))
# Organisations outside the companies seed, and places: alias -> (canonical name, role or type).
ORGANISATIONS = {alias: (name, role) for alias, name, role in lexicon_rows("organisations.tsv")}
PLACES = {alias: (name, kind) for alias, name, kind in lexicon_rows("places.tsv")}
AMBIGUOUS_ALIASES = {
    row[0]: (re.compile(row[1], re.I), re.compile(row[2], re.I) if len(row) > 2 else None)
    for row in lexicon_rows("ambiguous_aliases.tsv")
}
PLACE_TYPES = frozenset({"country", "region", "world"})
ROLES = {name: role for name, role in ORGANISATIONS.values()} | {
    name: kind for name, kind in PLACES.values()
}


# A company name right before a product word is a brand ("Nvidia H100s", "英伟达芯片"), not the
# company doing or owning what the sentence reports.
BRAND_USE = re.compile(
    r"-led|-backed|-owned|-built|(?:'s|的)?\s?(?:"
    + accelerators.brand_words()
    + r"|Grace|systems?|kit|hardware|DGX|NVL72|servers?|系统|服务器)",
)


def is_brand_use(sentence: str, end: int) -> bool:
    """Whether the name that ends at `end` is followed by a product word (see BRAND_USE)."""
    return BRAND_USE.match(sentence, end) is not None


CONTEXT_ENTITY = "*"
# "the government", "政府": the country the story is about (see government_words.txt).
COUNTRY_IN_CONTEXT = "*country"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: str  # "" for an organisation we do not track; "*" for the company in context
    segment: str | None
    alias: str

    @property
    def is_epithet(self) -> bool:
        """'the Redmond giant', 'the chipmaker': names a company only once the text has named it."""
        return (
            self.alias[:4] in {"the ", "The "}
            and self.entity not in {"", CONTEXT_ENTITY, COUNTRY_IN_CONTEXT}
            and entity_type(self.entity) not in {"aggregate", "country", "world"}
        )


@dataclass(frozen=True)
class Company:
    entity: str
    entity_type: str
    fiscal_year_end_month: int
    whole_revenue_counts: bool = False


@lru_cache(maxsize=1)
def companies(reference_dir: Path = REFERENCE_DIR) -> dict[str, Company]:
    with (reference_dir / "companies.csv").open(encoding="utf-8") as handle:
        return {
            row["entity"]: Company(
                row["entity"],
                row["entity_type"],
                int(row["fiscal_year_end_month"]),
                row["whole_revenue_counts"] == "true",
            )
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=1)
def _alias_table(
    reference_dir: Path = REFERENCE_DIR,
) -> tuple[re.Pattern[str], dict[str, tuple[str, str | None]]]:
    aliases: dict[str, tuple[str, str | None]] = {}
    with (reference_dir / "company_aliases.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            aliases[row["alias"]] = (row["entity"], row["segment"] or None)
    for person, entity in PEOPLE.items():
        aliases.setdefault(person, (entity, None))
    tracked = companies(reference_dir)
    for alias, (name, role) in ORGANISATIONS.items():
        if name in tracked:
            continue
        # A forecaster's figures are estimates of others' (the cue lexicon makes them forecasts);
        # it owns none, like an organisation the text names in passing.
        aliases[alias] = ("" if role == "forecaster" else name, None)
    for alias, (name, _kind) in PLACES.items():
        aliases.setdefault(alias, (name, None))
    for alias in lexicon_words("government_words.txt"):
        aliases.setdefault(alias, (COUNTRY_IN_CONTEXT, None))
    spellings = set(aliases)
    # Sentence-initial "The Redmond giant".
    spellings |= {"T" + a[1:] for a in aliases if a.startswith("the ")}
    return re.compile(trie_pattern(spellings)), aliases


def _latin_boundary_ok(sentence: str, start: int, end: int) -> bool:
    """Latin aliases are whole words: "Meta" not in "Metadata", "US" not in "US$"."""
    if not re.match(r"\w", sentence[start], re.ASCII):
        return True
    before = sentence[start - 1 : start]
    after = sentence[end : end + 1]
    return not (before.isascii() and before.isalnum()) and not (
        after.isascii() and (after.isalnum() or after == "$")
    )


def find_mentions(sentence: str) -> list[Mention]:
    """Entity mentions in a normalised sentence, longest alias first, non-overlapping."""
    pattern, aliases = _alias_table()
    mentions = []
    for match in pattern.finditer(sentence):
        if not _latin_boundary_ok(sentence, match.start(), match.end()):
            continue
        alias = match.group(0)
        entity, segment = aliases.get(alias) or aliases[alias[0].lower() + alias[1:]]
        if (
            entity
            and entity not in {CONTEXT_ENTITY, COUNTRY_IN_CONTEXT}
            and is_brand_use(sentence, match.end())
        ):
            continue
        if alias in AMBIGUOUS_ALIASES:
            follows, precedes = AMBIGUOUS_ALIASES[alias]
            before = sentence[max(0, match.start() - 8) : match.start()]
            if follows.match(sentence, match.end()) or (precedes and precedes.search(before)):
                continue
        if entity_type(entity) in PLACE_TYPES and sentence[match.end() : match.end() + 1] == "性":
            continue  # 全国性、区域性: an adjective, not the country
        mentions.append(Mention(match.start(), match.end(), entity, segment, alias))
    return mentions


@lru_cache(maxsize=1)
def _legal_suffixes() -> tuple[str, ...]:
    lines = (DATA_DIR / "legal_suffixes.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=4096)
def entity_key(name: str) -> str:
    """A folded form of an entity's name under which trivial variants are equal: case, spaces and
    punctuation, traditional characters, legal suffixes ("Nebius Group N.V." = "Nebius")."""
    name = zhconv.convert(name, "zh-cn").strip(" ,")
    # Another spelling of an organisation or place the lexicons know (软银 and SoftBank).
    name = ORGANISATIONS.get(name, PLACES.get(name, (name, "")))[0]
    folded = name.casefold()
    changed = True
    while changed:
        changed = False
        for suffix in _legal_suffixes():
            rest = folded.removesuffix(suffix)
            # A Latin suffix must be a whole word: "Visco" keeps its "co".
            if rest == folded or not rest or (suffix.isascii() and rest[-1].isalnum()):
                continue
            folded, changed = rest.rstrip(" ,"), True
            break
    return "".join(ch for ch in folded if ch.isalnum())


def is_supplier(entity: str | None) -> bool:
    """Sells chips, servers or power: named beside a buyer, the figure is usually the buyer's."""
    return ROLES.get(entity or "") == "supplier"


def is_forecaster(mention: Mention) -> bool:
    """IDC, Morgan Stanley, 信通院: a firm whose figures are estimates of others'."""
    return ORGANISATIONS.get(mention.alias, ("", ""))[1] == "forecaster"


def fiscal_year_end_month(entity: str | None) -> int:
    company = companies().get(entity or "")
    return company.fiscal_year_end_month if company else 12


def whole_revenue_counts(entity: str) -> bool:
    """Whether the entity's company-wide revenue is a fact: an AI cloud or AI chip business, or
    an organisation found in the text (news names it for its AI infrastructure)."""
    company = companies().get(entity)
    return company.whole_revenue_counts if company else True


def is_tracked(entity: str) -> bool:
    """In the companies seed (with its fiscal calendar), as opposed to the open world."""
    return entity in companies()


def entity_type(entity: str) -> str:
    """The seed's type of a tracked entity; else country, region, supplier or company."""
    company = companies().get(entity)
    if company:
        return company.entity_type
    return ROLES.get(entity, "company")


def find_site(sentence: str) -> str | None:
    for name, site in SITES.items():
        if name in sentence:
            return site
    return None
