"""What a synthetic article says: its title, its paragraphs and the figures in them.

Figures come from sentence templates (data/templates_*.json), each naming the companies it fits,
the value ranges of its slots and the facts it states; paragraphs around them are drawn from
self-written filler sentences (data/filler_*.txt). About one article in ten is off topic (sports,
phones, food: data/offtopic_*.json) and states no fact. Everything is drawn from the random
generator it is given, so the same generator state gives the same story.

As in real coverage, the articles that report one company's figure for one period mostly restate
the same number: a template's values are drawn from a generator seeded by the template, the
company and the period, and only one figure in twenty is misreported (drawn afresh). Were every
article's figure new, each would conflict with every other and the conflicts would grow with the
square of the corpus, which no real news corpus does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from benchmarks.synthetic.draw import Draw

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "zh")
OFF_TOPIC_SHARE = 0.1
MISREPORTED_SHARE = 0.05
MAX_FIGURES = 3
# Bytes of UTF-8 article text (title and paragraphs): what a short news story weighs.
MIN_TEXT_BYTES = 2000
MAX_TEXT_BYTES = 6000
_SENTENCE_JOINER = {"en": " ", "zh": ""}
_QUARTER_EN = ("first", "second", "third", "fourth")
_QUARTER_ZH = ("一", "二", "三", "四")


@dataclass(frozen=True)
class SyntheticFact:
    """A figure an article states, in the vocabulary of docs/fact_contract.md."""

    entity: str
    metric: str
    value: float
    unit: str
    period: str | None
    bound: str
    yoy: float | None
    template: str


@dataclass(frozen=True)
class Story:
    title: str
    # A paragraph that starts with "## " is a subheading (the second topic of a digest).
    paragraphs: tuple[str, ...]
    facts: tuple[SyntheticFact, ...]
    topic: str


@dataclass(frozen=True)
class _Company:
    entity: str
    names: dict[str, tuple[str, ...]]
    cloud: dict[str, tuple[str, ...]]
    fiscal_year_end_month: int


@cache
def _companies() -> dict[str, _Company]:
    companies = {}
    for line in (DATA_DIR / "companies.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        entity, names_en, names_zh, cloud_en, cloud_zh, fye = line.split("\t")

        def spellings(cell: str) -> tuple[str, ...]:
            return () if cell == "-" else tuple(cell.split("|"))

        companies[entity] = _Company(
            entity=entity,
            names={"en": spellings(names_en), "zh": spellings(names_zh)},
            cloud={"en": spellings(cloud_en), "zh": spellings(cloud_zh)},
            fiscal_year_end_month=int(fye),
        )
    return companies


@cache
def templates(language: str) -> tuple[dict[str, Any], ...]:
    return tuple(json.loads((DATA_DIR / f"templates_{language}.json").read_text("utf-8")))


@cache
def _filler(language: str) -> tuple[str, ...]:
    lines = (DATA_DIR / f"filler_{language}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line.strip() and not line.startswith("#"))


@cache
def _voices(language: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / "voices.json").read_text(encoding="utf-8"))[language]


def _word(rng: Draw, syllables: list[str], low: int, high: int) -> str:
    return "".join(rng.pick(syllables) for _ in range(rng.between(low, high)))


def _voiced(rng: Draw, sentence: str, language: str) -> str:
    """The sentence as said by someone with a name and a firm of this article's own."""
    voices = _voices(language)
    if language == "en":
        syllables = voices["syllables"]
        slots = {
            "given": _word(rng, syllables, 2, 3).capitalize(),
            "family": _word(rng, syllables, 2, 4).capitalize(),
            "firm_name": _word(rng, syllables, 2, 4).capitalize(),
            "place": _word(rng, syllables, 2, 4).capitalize(),
        }
    else:
        slots = {
            "family": rng.pick(voices["family"]),
            "given": _word(rng, voices["given"], 1, 2),
            "firm_name": _word(rng, voices["firm_parts"], 2, 2),
        }
    return voices["pattern"].format(
        sentence=sentence, role=rng.pick(voices["roles"]), firm=rng.pick(voices["firms"]), **slots
    )


@cache
def _off_topic(language: str) -> dict[str, dict[str, list[str]]]:
    return json.loads((DATA_DIR / f"offtopic_{language}.json").read_text(encoding="utf-8"))


def fiscal_year(day: date, year_end_month: int) -> int:
    """The fiscal year `day` falls in, named by the calendar year it ends in."""
    if year_end_month == 12 or day.month <= year_end_month:
        return day.year
    return day.year + 1


def _draw(rng: Draw, spec: dict[str, Any], drawn: dict[str, float]) -> float:
    low, high = spec["range"]
    scale = 10 ** spec["decimals"]
    value = rng.between(round(low * scale), round(high * scale)) / scale
    return drawn[spec["above"]] + value if "above" in spec else value


def _spelled(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.removesuffix(".0") if decimals == 1 else text


def _calendar(day: date, company: _Company) -> dict[str, Any]:
    # The last calendar quarter that has ended by the publication day: what results report.
    quarter, quarter_year = (day.month - 1) // 3, day.year
    if quarter == 0:
        quarter, quarter_year = 4, day.year - 1
    return {
        "year": day.year,
        "prev": day.year - 1,
        "next": day.year + 1,
        "year2": day.year + 2,
        "fy": fiscal_year(day, company.fiscal_year_end_month),
        "q": quarter,
        "q_year": quarter_year,
        "q_en": _QUARTER_EN[quarter - 1],
        "q_zh": _QUARTER_ZH[quarter - 1],
        "weekday": day.strftime("%A"),
    }


def _figure_sentence(
    rng: Draw, template: dict[str, Any], company: _Company, language: str, day: date
) -> tuple[str, str, tuple[SyntheticFact, ...]]:
    """The sentence, the title and the facts of one template filled in for one company."""
    spellings = company.cloud if template.get("names") == "cloud" else company.names
    values = _calendar(day, company) | {"name": rng.pick(spellings[language])}
    figures = rng
    if rng.fraction() >= MISREPORTED_SHARE:
        period = "|".join(str(values[key]) for key in ("year", "fy", "q", "q_year"))
        figures = Draw(f"figure:{template['id']}:{company.entity}:{period}")
    drawn: dict[str, float] = {}
    for slot, spec in template["slots"].items():
        drawn[slot] = _draw(figures, spec, drawn)
        values[slot] = _spelled(drawn[slot], spec["decimals"])
    facts = tuple(
        SyntheticFact(
            entity=company.entity,
            metric=fact["metric"],
            value=round(drawn[fact["value"]] * fact["scale"], 6),
            unit=fact["unit"],
            period=fact["period"].format(**values) if fact.get("period") else None,
            bound=fact["bound"],
            yoy=round(drawn[fact["yoy"]] / 100, 6) if fact.get("yoy") else None,
            template=template["id"],
        )
        for fact in template["facts"]
    )
    return template["text"].format(**values), template["title"].format(**values), facts


def _fits(template: dict[str, Any], language: str, taken: set[str]) -> list[_Company]:
    companies = _companies()
    spellings = "cloud" if template.get("names") == "cloud" else "names"
    return [
        companies[name]
        for name in template["companies"]
        if name not in taken and getattr(companies[name], spellings)[language]
    ]


def _paragraphs(
    rng: Draw,
    leads: list[str],
    pool: tuple[str, ...],
    language: str,
    budget: int,
    minimum: int = MIN_TEXT_BYTES,
) -> tuple[str, ...]:
    """Paragraphs of two to four sentences, a lead sentence opening every other one, filled from
    `pool` until the text weighs about `budget` bytes (and at least `minimum` if the pool has it).
    """
    leads = list(leads)
    filler = rng.shuffled(pool)
    paragraphs: list[str] = []
    size = 0
    while filler or leads:
        length = rng.between(2, 4)
        opens = bool(leads) and (len(paragraphs) % 2 == 0 or not filler)
        sentences = [leads.pop(0)] if opens else []
        while filler and len(sentences) < length:
            sentences.append(_voiced(rng, filler.pop(), language))
        paragraph = _SENTENCE_JOINER[language].join(sentences)
        weight = len(paragraph.encode()) + 1
        if size + weight > budget and not (opens or leads) and size >= minimum:
            break
        paragraphs.append(paragraph)
        size += weight
    return tuple(paragraphs)


def compose_story(rng: Draw, language: str, day: date) -> Story:
    """A news story in `language` published on `day`, drawn from `rng`."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    budget = rng.between(MIN_TEXT_BYTES + 300, MAX_TEXT_BYTES - 400)
    if rng.fraction() < OFF_TOPIC_SHARE:
        return _off_topic_story(rng, language, budget)
    wanted = rng.between(1, MAX_FIGURES)
    leads: list[str] = []
    facts: list[SyntheticFact] = []
    title = ""
    taken: set[str] = set()
    for template in rng.shuffled(templates(language)):
        companies = _fits(template, language, taken)
        if not companies or len(facts) + len(template["facts"]) > wanted:
            continue
        company = rng.pick(companies)
        sentence, headline, stated = _figure_sentence(rng, template, company, language, day)
        taken.add(company.entity)
        leads.append(sentence)
        facts.extend(stated)
        title = title or headline
        if len(facts) == wanted:
            break
    budget -= len(title.encode())
    paragraphs = _paragraphs(rng, leads, _filler(language), language, budget)
    return Story(title=title, paragraphs=paragraphs, facts=tuple(facts), topic=facts[0].metric)


def _off_topic_story(rng: Draw, language: str, budget: int) -> Story:
    """A story with no figures of interest; a second topic follows under a heading, as in a
    weekend digest, so that the page weighs what a news page does."""
    topics = _off_topic(language)
    main, extra = rng.shuffled(sorted(topics))[:2]
    title = rng.pick(topics[main]["titles"])
    body = _paragraphs(rng, [], tuple(topics[main]["sentences"]), language, budget, 0)
    more = rng.pick(topics[extra]["titles"])
    rest = budget - sum(len(p.encode()) for p in body)
    tail = _paragraphs(rng, [], tuple(topics[extra]["sentences"]), language, rest, 0)
    return Story(
        title=title, paragraphs=(*body, f"## {more}", *tail), facts=(), topic=f"off-topic:{main}"
    )
