"""The sources file: which feeds, articles, discovery queries, SEC filers, FX files and exchange
issuers a refresh reads.

The file is validated against a schema before anything is fetched: unknown keys, wrong types,
out-of-range numbers and URLs of other schemes than http, https and file are errors that name the
key and its line. Relative paths resolve against the file's own folder, so the bundled sample
sources work from any working directory. `${VAR}` in a string is replaced from the environment.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ingest.http.politeness import Politeness
from ingest.land.batches import Batching
from ingest.sources.discovery.settings import (
    DEFAULT_DELAY_SECONDS,
    GDELT_DOC_ENDPOINT,
    INDEX_LANGUAGES,
    MAX_RECORDS_LIMIT,
    MAX_WINDOW_HOURS,
    DiscoveryQuery,
    DiscoverySettings,
)
from ingest.sources.exchanges.hkex import DEFAULT_BASE_URL as HKEX_BASE_URL
from ingest.sources.exchanges.issuers import issuers as exchange_issuers
from ingest.sources.exchanges.sse import DEFAULT_QUERY_URL as SSE_QUERY_URL
from ingest.sources.exchanges.sse import DEFAULT_STATIC_URL as SSE_STATIC_URL
from ingest.sources.sec.client import companyfacts_url, submissions_url


class SourcesConfigError(ValueError):
    pass


@dataclass(frozen=True)
class SecFiler:
    cik: int
    url: str


@dataclass(frozen=True)
class ExchangeSources:
    """The issuers whose results announcements (filed from `from_date` to `to_date`) are read
    from the exchanges of `markets`: HKEX at `base_url`, and, for an issuer with an SSE code,
    the Shanghai Stock Exchange's query at `sse_query_url` with its PDFs at `sse_static_url`."""

    issuers: list[str]
    from_date: date
    to_date: date
    base_url: str = HKEX_BASE_URL
    language: str = "EN"
    max_pdf_bytes: int = 50_000_000
    markets: tuple[str, ...] = ("HKEX",)
    sse_query_url: str = SSE_QUERY_URL
    sse_static_url: str = SSE_STATIC_URL


@dataclass(frozen=True)
class SourcesConfig:
    name: str
    path: Path
    feeds: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    sec_filers: list[SecFiler] = field(default_factory=list)
    sec_user_agent: str | None = None
    fx_files: list[str] = field(default_factory=list)
    mirrors: dict[str, Path] = field(default_factory=dict)
    politeness: Politeness = field(default_factory=Politeness)
    cache_dir: Path | None = None
    # Absolute paths or globs of news-crawl archives (WARC) a backfill reads.
    warc_patterns: list[str] = field(default_factory=list)
    batching: Batching = field(default_factory=Batching)
    # Filers whose 8-K earnings releases land as press releases: their submissions-index URLs.
    submissions: list[SecFiler] = field(default_factory=list)
    # How many of a filer's newest earnings releases a refresh looks at.
    releases_per_filer: int = 8
    exchanges: ExchangeSources | None = None
    # Topic queries sent to a news index for article URLs (None: no discovery).
    discovery: DiscoverySettings | None = None

    def warc_files(self) -> list[Path]:
        found: set[Path] = set()
        for pattern in self.warc_patterns:
            anchor = Path(pattern).anchor
            found.update(
                path
                for path in Path(anchor).glob(str(Path(pattern).relative_to(anchor)))
                if path.is_file() and path.name.endswith(WARC_SUFFIXES)
            )
        return sorted(found)

    @property
    def is_offline(self) -> bool:
        urls = (
            self.feeds
            + self.articles
            + [f.url for f in self.sec_filers + self.submissions]
            + self.fx_files
        )
        if self.exchanges is not None and self.exchanges.issuers:
            if "HKEX" in self.exchanges.markets:
                urls.append(self.exchanges.base_url + "/")
            if "SSE" in self.exchanges.markets:
                urls += [self.exchanges.sse_query_url + "/", self.exchanges.sse_static_url + "/"]
        if self.discovery is not None and self.discovery.recorded is None:
            urls.append(self.discovery.endpoint)
        return all(
            u.startswith("file://") or any(u.startswith(p) for p in self.mirrors) for u in urls
        )


_ENV = re.compile(r"\$\{([A-Z0-9_]+)\}")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
URL_SCHEMES = ("http", "https", "file")
MAX_SOURCES_FILE_BYTES = 1_000_000
WARC_SUFFIXES = (".warc", ".warc.gz")


def _expand(value: str) -> str:
    return _ENV.sub(lambda m: os.environ.get(m.group(1), ""), value)


def _checked_url(value: str) -> str:
    """A URL of an allowed scheme, or a local path (no scheme); raises ValueError."""
    value = _expand(value).strip()
    if not value:
        raise ValueError("an empty URL")
    scheme = _SCHEME.match(value)
    if scheme is None:
        # A bare "www.example.com/feed" is a URL missing its scheme, not a file: local paths are
        # spelled as paths.
        if not value.startswith(("/", "./", "../")):
            raise ValueError(
                f"{value!r} is neither a URL nor a path: write https://... or, for a local "
                "file, ./path or /path"
            )
        return value
    if scheme.group(1).lower() not in URL_SCHEMES:
        raise ValueError(
            f"URL scheme {scheme.group(1)!r} is not allowed (only {', '.join(URL_SCHEMES)}, "
            "or a path relative to the sources file)"
        )
    parts = urllib.parse.urlsplit(value)
    if parts.scheme.lower() in {"http", "https"} and not parts.hostname:
        raise ValueError(f"{value!r} has no host")
    return value


Url = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_checked_url)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _News(_Strict):
    feeds: list[Url] = []
    articles: list[Url] = []


class _Filer(_Strict):
    """A filer is its CIK, or a mapping of its CIK and its own companyfacts URL."""

    cik: Annotated[int, Field(gt=0, lt=10**10)]
    url: Url | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_cik(cls, value: Any) -> Any:
        return {"cik": value} if isinstance(value, int) and not isinstance(value, bool) else value


class _Sec(_Strict):
    user_agent: Annotated[str, Field(max_length=300)] | None = None
    companyfacts: list[_Filer] = []
    # Filers whose earnings releases (8-K Item 2.02, exhibit 99.1) land as press releases; a
    # `url` is the filer's submissions index.
    submissions: list[_Filer] = []
    releases_per_filer: Annotated[int, Field(ge=1, le=200)] = 8


class _Fx(_Strict):
    files: list[Url] = []


def _checked_archive_pattern(value: str) -> str:
    """A local path or glob of WARC files; archives are read from disk, never fetched."""
    value = _expand(value).strip()
    if _SCHEME.match(value):
        raise ValueError(f"{value!r}: archives are local files (a path or a glob), not URLs")
    if not value.endswith(WARC_SUFFIXES):
        raise ValueError(f"{value!r} does not name WARC files (*.warc or *.warc.gz)")
    return value


class _Archives(_Strict):
    warc: list[
        Annotated[
            str, Field(min_length=1, max_length=2000), AfterValidator(_checked_archive_pattern)
        ]
    ] = []


def _tracked_issuer(value: str) -> str:
    if value not in exchange_issuers():
        known = ", ".join(sorted(exchange_issuers()))
        raise ValueError(f"{value!r} is not a tracked exchange issuer (known: {known})")
    return value


class _Exchanges(_Strict):
    issuers: list[Annotated[str, AfterValidator(_tracked_issuer)]] = []
    # Filing dates; by default the year up to today.
    from_date: date | None = None
    to_date: date | None = None
    base_url: Url = HKEX_BASE_URL
    language: Annotated[str, Field(pattern=r"^(EN|ZH)$")] = "EN"
    max_pdf_bytes: Annotated[int, Field(gt=0, le=500_000_000)] = ExchangeSources.max_pdf_bytes
    # Where the issuers' announcements are listed; SSE lists only issuers with an SSE code.
    markets: Annotated[list[Literal["HKEX", "SSE"]], Field(min_length=1, max_length=2)] = ["HKEX"]
    sse_query_url: Url = SSE_QUERY_URL
    sse_static_url: Url = SSE_STATIC_URL

    @model_validator(mode="after")
    def _ordered(self) -> _Exchanges:
        if self.from_date and self.to_date and self.from_date > self.to_date:
            raise ValueError("from_date is after to_date")
        return self


def _checked_query(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("an empty query")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("a query may not hold control characters (tabs, line breaks)")
    return value


class _DiscoveryQuery(_Strict):
    query: Annotated[str, Field(min_length=1, max_length=400), AfterValidator(_checked_query)]
    language: Literal[tuple(INDEX_LANGUAGES)]  # type: ignore[valid-type]


class _Discovery(_Strict):
    endpoint: Url = GDELT_DOC_ENDPOINT
    # A folder of recorded answers, relative to the sources file: the offline sample's index.
    recorded: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    queries: Annotated[list[_DiscoveryQuery], Field(min_length=1, max_length=100)]
    window_hours: Annotated[int, Field(ge=1, le=MAX_WINDOW_HOURS)] = 24
    max_records: Annotated[int, Field(ge=1, le=MAX_RECORDS_LIMIT)] = 75
    delay_seconds: Annotated[float, Field(ge=0, le=600, allow_inf_nan=False)] = (
        DEFAULT_DELAY_SECONDS
    )


class _Landing(_Strict):
    batch_documents: Annotated[int, Field(ge=1, le=100_000)] = Batching.documents
    batch_megabytes: Annotated[float, Field(gt=0, le=1024, allow_inf_nan=False)] = (
        Batching.megabytes
    )


class _SourcesFile(_Strict):
    name: (
        Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")] | None
    ) = None
    news: _News = _News()
    sec: _Sec = _Sec()
    fx: _Fx = _Fx()
    archives: _Archives = _Archives()
    exchanges: _Exchanges = _Exchanges()
    landing: _Landing = _Landing()
    discovery: _Discovery | None = None
    mirrors: dict[Annotated[str, Field(min_length=1)], Annotated[str, Field(min_length=1)]] = {}
    # Validated by the Politeness dataclass itself, which holds the limits.
    politeness: dict[str, Any] = {}
    cache_dir: Annotated[str, Field(min_length=1)] | None = None

    @field_validator("mirrors")
    @classmethod
    def _prefixes(cls, mirrors: dict[str, str]) -> dict[str, str]:
        checked = {}
        for prefix, folder in mirrors.items():
            prefix = _expand(prefix)
            # A bare "https://" is a catch-all mirror, so no host is required here.
            if not prefix.lower().startswith(("http://", "https://")):
                raise ValueError(f"a mirror prefix must be an http(s) URL prefix, got {prefix!r}")
            checked[prefix] = folder
        return checked


def _node_line(root: yaml.Node | None, location: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at `location` (keys and list indexes), or of its
    nearest ancestor that exists."""
    node, line = root, root.start_mark.line + 1 if root is not None else None
    for step in location:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == step), None)
            key = next((k for k, _ in node.value if k.value == step), None)
            if match is None:
                break
            line = (key or match).start_mark.line + 1
            node = match
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _schema_errors(
    path: Path, error: ValidationError, root: yaml.Node | None, prefix: tuple[str, ...] = ()
) -> str:
    lines = []
    for detail in error.errors():
        location = tuple(detail["loc"])
        location = (*prefix, *location)
        where = ".".join(str(p) for p in location) or "(top level)"
        line = _node_line(root, location)
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden" or detail["type"] == "unexpected_keyword_argument":
            message = "unknown key"
        lines.append(f"{path}:{line}: {where}: {message}")
    return "\n".join(dict.fromkeys(lines))


def _to_url(value: str, base: Path) -> str:
    if _SCHEME.match(value):
        return value
    return (base / value).resolve().as_uri()


def _exchange_sources(parsed: _Exchanges) -> ExchangeSources | None:
    if not parsed.issuers:
        return None
    today = date.today()
    return ExchangeSources(
        issuers=list(dict.fromkeys(parsed.issuers)),
        from_date=parsed.from_date or today - timedelta(days=365),
        to_date=parsed.to_date or today,
        base_url=parsed.base_url.rstrip("/"),
        language=parsed.language,
        max_pdf_bytes=parsed.max_pdf_bytes,
        markets=tuple(dict.fromkeys(parsed.markets)),
        sse_query_url=parsed.sse_query_url.rstrip("/"),
        sse_static_url=parsed.sse_static_url.rstrip("/"),
    )


def load_sources(path: str | Path) -> SourcesConfig:
    """Read and validate a sources file; raises SourcesConfigError naming the key and line."""
    path = Path(path)
    if not path.is_file():
        raise SourcesConfigError(f"sources file not found: {path}")
    if path.stat().st_size > MAX_SOURCES_FILE_BYTES:
        raise SourcesConfigError(f"{path}: larger than {MAX_SOURCES_FILE_BYTES} bytes")
    text = path.read_text(encoding="utf-8")
    # One parse gives both the data and its nodes, whose marks give each error's line.
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        raw = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise SourcesConfigError(f"{path}: not valid YAML ({exc})") from exc
    finally:
        loader.dispose()
    if not isinstance(raw, dict):
        raise SourcesConfigError(f"{path}: expected a mapping at the top level")
    problems: list[str] = []
    try:
        parsed = _SourcesFile.model_validate(raw)
    except ValidationError as exc:
        problems.append(_schema_errors(path, exc, root))
    politeness = Politeness()
    politeness_raw = raw.get("politeness") or {}
    try:
        if isinstance(politeness_raw, dict):
            politeness = Politeness(**{str(k): v for k, v in politeness_raw.items()})
    except ValidationError as exc:
        problems.append(_schema_errors(path, exc, root, ("politeness",)))
    if problems:
        raise SourcesConfigError("\n".join(problems))
    base = path.parent.resolve()
    filers = [
        SecFiler(item.cik, _to_url(item.url, base) if item.url else companyfacts_url(item.cik))
        for item in parsed.sec.companyfacts
    ]
    submissions = [
        SecFiler(item.cik, _to_url(item.url, base) if item.url else submissions_url(item.cik))
        for item in parsed.sec.submissions
    ]
    config = SourcesConfig(
        name=parsed.name or path.stem,
        path=path.resolve(),
        feeds=[_to_url(u, base) for u in parsed.news.feeds],
        articles=[_to_url(u, base) for u in parsed.news.articles],
        sec_filers=filers,
        sec_user_agent=_expand(parsed.sec.user_agent or "").strip() or None,
        fx_files=[_to_url(u, base) for u in parsed.fx.files],
        mirrors={
            prefix: (base / _expand(folder)).resolve() for prefix, folder in parsed.mirrors.items()
        },
        politeness=politeness,
        cache_dir=(base / _expand(parsed.cache_dir)).resolve() if parsed.cache_dir else None,
        warc_patterns=[str(base / pattern) for pattern in parsed.archives.warc],
        batching=Batching(parsed.landing.batch_documents, parsed.landing.batch_megabytes),
        submissions=submissions,
        releases_per_filer=parsed.sec.releases_per_filer,
        exchanges=_exchange_sources(parsed.exchanges),
        discovery=_discovery(parsed.discovery, base),
    )
    if not (
        config.discovery
        or config.exchanges
        or config.feeds
        or config.articles
        or config.sec_filers
        or config.submissions
        or config.fx_files
        or config.warc_patterns
    ):
        raise SourcesConfigError(
            f"{path}: lists no sources (news, discovery, sec, fx, exchanges or archives)"
        )
    return config


def _discovery(parsed: _Discovery | None, base: Path) -> DiscoverySettings | None:
    if parsed is None:
        return None
    return DiscoverySettings(
        queries=tuple(DiscoveryQuery(q.query, q.language) for q in parsed.queries),
        endpoint=_to_url(parsed.endpoint, base),
        window_hours=parsed.window_hours,
        max_records=parsed.max_records,
        delay_seconds=parsed.delay_seconds,
        recorded=(base / _expand(parsed.recorded)).resolve() if parsed.recorded else None,
    )
