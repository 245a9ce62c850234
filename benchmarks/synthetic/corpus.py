"""The synthetic news corpus: which day, host and language each article has, and the article
itself, made on demand from (seed, index) so that no list of articles is ever held in memory.

Articles are laid out evenly: day d holds a contiguous run of indexes, hosts take turns
(index mod hosts) and languages alternate so that every day and every host has half English and
half Chinese articles. Each host is a distinct loopback address, 127.0.0.2 upwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from benchmarks.synthetic.draw import Draw
from benchmarks.synthetic.page import render_page
from benchmarks.synthetic.writing import LANGUAGES, SyntheticFact, compose_story

MAX_HOSTS = 253  # 127.0.0.2 .. 127.0.0.254
MAX_ARTICLES = 10_000_000
MAX_DAYS = 3660
FIRST_HOST_OCTET = 2
_CHINA = timezone(timedelta(hours=8))
_ARTICLE_PATH = re.compile(r"/\d{4}/\d{2}/\d{2}/article-(\d{1,12})\.html", re.ASCII)
_HOST = re.compile(r"127\.0\.0\.(\d{1,3})", re.ASCII)


@dataclass(frozen=True)
class SyntheticArticle:
    index: int
    day: date
    language: str
    host: str
    path: str
    title: str
    html: bytes
    facts: tuple[SyntheticFact, ...]
    published_at: datetime
    topic: str


def _count(name: str, value: object, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return value


class SyntheticCorpus:
    def __init__(self, articles: int, days: int, start: date, hosts: int, seed: int = 0) -> None:
        self._articles = _count("articles", articles, 0, MAX_ARTICLES)
        self._days = _count("days", days, 1, MAX_DAYS)
        self._hosts = _count("hosts", hosts, 1, MAX_HOSTS)
        self.seed = _count("seed", seed, 0, 2**63)
        if not isinstance(start, date) or isinstance(start, datetime):
            raise ValueError(f"start must be a date, got {start!r}")
        self.start = start
        self._width = max(6, len(str(max(articles - 1, 0))))

    def __len__(self) -> int:
        return self._articles

    def __repr__(self) -> str:
        return (
            f"SyntheticCorpus(articles={self._articles}, days={self._days}, "
            f"start={self.start.isoformat()}, hosts={self._hosts}, seed={self.seed})"
        )

    @property
    def hosts(self) -> list[str]:
        return [self.host_address(slot) for slot in range(self._hosts)]

    @staticmethod
    def host_address(slot: int) -> str:
        return f"127.0.0.{FIRST_HOST_OCTET + slot}"

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self._days)]

    def day_of(self, index: int) -> date:
        return self.start + timedelta(days=index * self._days // self._articles)

    def language_of(self, index: int) -> str:
        # With an odd number of hosts, each host's indexes alternate in parity by themselves;
        # with an even number they would not, so each round of hosts shifts the parity by one.
        turn = index if self._hosts % 2 else index + index // self._hosts
        return LANGUAGES[turn % 2]

    def host_of(self, index: int) -> str:
        return self.host_address(index % self._hosts)

    def path_of(self, index: int) -> str:
        return f"/{self.day_of(index):%Y/%m/%d}/article-{index:0{self._width}d}.html"

    def _check(self, index: int) -> int:
        if not isinstance(index, int) or isinstance(index, bool):
            raise TypeError(f"an article index is an integer, got {index!r}")
        if not 0 <= index < self._articles:
            raise IndexError(f"article {index} is outside 0..{self._articles - 1}")
        return index

    def article(self, index: int) -> SyntheticArticle:
        """Article `index`: the same bytes for the same corpus and index, in any process."""
        self._check(index)
        day, language = self.day_of(index), self.language_of(index)
        rng = Draw(f"infratrack-synthetic:{self.seed}:{index}")
        story = compose_story(rng, language, day)
        # Chinese outlets stamp local time; 08:00-23:59 in UTC+8 is the same day in UTC.
        zone, first_hour = (UTC, 0) if language == "en" else (_CHINA, 8)
        moment = time(rng.between(first_hour, 23), rng.below(60), rng.below(60))
        published = datetime.combine(day, moment, tzinfo=zone)
        slot = index % self._hosts
        return SyntheticArticle(
            index=index,
            day=day,
            language=language,
            host=self.host_address(slot),
            path=self.path_of(index),
            title=story.title,
            html=render_page(story, language, FIRST_HOST_OCTET + slot, published),
            facts=story.facts,
            published_at=published,
            topic=story.topic,
        )

    def _day_range(self, day: date) -> range:
        offset = (day - self.start).days
        if not 0 <= offset < self._days:
            return range(0)
        # Indexes i with i * days // articles == offset.
        first = -(-offset * self._articles // self._days)
        end = -(-(offset + 1) * self._articles // self._days)
        return range(first, end)

    def articles_on(self, day: date) -> Iterator[SyntheticArticle]:
        for index in self._day_range(day):
            yield self.article(index)

    def indexes_at(self, host: str, day: date | None = None) -> Iterator[int]:
        """Indexes of the articles `host` serves (of one day), in order."""
        slot = self._slot(host)
        if slot is None:
            return
        for current in [day] if day is not None else self.days():
            span = self._day_range(current)
            first = span.start + (slot - span.start) % self._hosts
            yield from range(first, span.stop, self._hosts)

    def _slot(self, host: str) -> int | None:
        match = _HOST.fullmatch(host) if isinstance(host, str) else None
        if match is None:
            return None
        slot = int(match.group(1)) - FIRST_HOST_OCTET
        return slot if 0 <= slot < self._hosts else None

    def find(self, host: str, path: str) -> SyntheticArticle | None:
        """The article `host` serves at `path`, or None (any other path, host or day)."""
        match = _ARTICLE_PATH.fullmatch(path)
        if match is None or self._slot(host) is None:
            return None
        index = int(match.group(1))
        if index >= self._articles or self.host_of(index) != host or self.path_of(index) != path:
            return None
        return self.article(index)
