"""Where this machine keeps copies of third-party text that never enter the repo (real pages'
texts, real headlines): one folder per kind under `$XDG_CACHE_HOME/infratrack/` (default
`~/.cache/infratrack/`), one file per URL, named by the SHA-1 of the URL."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_root() -> Path:
    """`$XDG_CACHE_HOME/infratrack`, else `~/.cache/infratrack`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "infratrack"


def url_file(folder: Path, url: str) -> Path:
    """The file in `folder` that holds what was cached for `url`."""
    return folder / f"{hashlib.sha1(url.encode('utf-8')).hexdigest()}.txt"
