"""The sources file: which feeds, articles, SEC filers and FX files a refresh reads.

Relative paths in a sources file resolve against the file's own folder, so the bundled sample
sources work from any working directory. `${VAR}` in a string is replaced from the environment.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.fetch import Politeness


class SourcesConfigError(ValueError):
    pass


@dataclass(frozen=True)
class SecFiler:
    cik: int
    url: str


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

    @property
    def is_offline(self) -> bool:
        urls = self.feeds + self.articles + [f.url for f in self.sec_filers] + self.fx_files
        return all(
            u.startswith("file://") or any(u.startswith(p) for p in self.mirrors) for u in urls
        )


_ENV = re.compile(r"\$\{([A-Z0-9_]+)\}")


def _expand(value: str) -> str:
    return _ENV.sub(lambda m: os.environ.get(m.group(1), ""), value)


def _url(value: str, base: Path) -> str:
    value = _expand(str(value))
    if re.match(r"^[a-z]+://", value):
        return value
    return (base / value).resolve().as_uri()


def load_sources(path: str | Path) -> SourcesConfig:
    """Read and validate a sources file; raises SourcesConfigError with the reason."""
    path = Path(path)
    if not path.is_file():
        raise SourcesConfigError(f"sources file not found: {path}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SourcesConfigError(f"{path}: not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(raw, dict):
        raise SourcesConfigError(f"{path}: expected a mapping at the top level")
    unknown = set(raw) - {"name", "news", "sec", "fx", "mirrors", "politeness", "cache_dir"}
    if unknown:
        raise SourcesConfigError(f"{path}: unknown section(s): {', '.join(sorted(unknown))}")
    base = path.parent.resolve()
    news = raw.get("news") or {}
    sec = raw.get("sec") or {}
    fx = raw.get("fx") or {}
    try:
        filers = [
            SecFiler(int(item["cik"]), _url(item["url"], base))
            if isinstance(item, dict) and "url" in item
            else SecFiler(
                int(item["cik"] if isinstance(item, dict) else item),
                f"https://data.sec.gov/api/xbrl/companyfacts/CIK{int(item['cik'] if isinstance(item, dict) else item):010d}.json",
            )
            for item in sec.get("companyfacts", [])
        ]
        politeness = Politeness(**(raw.get("politeness") or {}))
    except (KeyError, TypeError, ValueError) as exc:
        raise SourcesConfigError(f"{path}: malformed entry ({exc})") from exc
    user_agent = _expand(str(sec.get("user_agent", ""))).strip() or None
    mirrors = {
        _expand(prefix): (base / folder).resolve()
        for prefix, folder in (raw.get("mirrors") or {}).items()
    }
    config = SourcesConfig(
        name=str(raw.get("name") or path.stem),
        path=path.resolve(),
        feeds=[_url(u, base) for u in news.get("feeds", [])],
        articles=[_url(u, base) for u in news.get("articles", [])],
        sec_filers=filers,
        sec_user_agent=user_agent,
        fx_files=[_url(u, base) for u in fx.get("files", [])],
        mirrors=mirrors,
        politeness=politeness,
        cache_dir=(base / _expand(raw["cache_dir"])).resolve() if raw.get("cache_dir") else None,
    )
    if not (config.feeds or config.articles or config.sec_filers or config.fx_files):
        raise SourcesConfigError(f"{path}: lists no sources (news, sec or fx)")
    return config
