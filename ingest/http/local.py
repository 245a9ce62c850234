"""Local bytes behind URLs: `file://` URLs the sources file names, and mirrored URL prefixes.

A mirror maps a URL prefix to a folder (the bundled sample keeps its pages' real-looking URLs while
the bytes come from disk). The path a URL maps to must stay inside that folder once `..` and
percent-escapes are resolved; a `file://` URL is honoured only when the caller trusts it.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path


class LocalPathError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sorted_mirrors(mirrors: Mapping[str, Path] | None) -> dict[str, Path]:
    """Longest prefix first, so a specific mirror wins over a catch-all one."""
    return {
        prefix: Path(folder).resolve()
        for prefix, folder in sorted((mirrors or {}).items(), key=lambda item: -len(item[0]))
    }


def local_path(url: str, mirrors: Mapping[str, Path], trusted: bool) -> Path | None:
    """The file behind `url`, None for a URL to fetch over the network; LocalPathError when the
    URL may not be read from disk. `mirrors` must come from `sorted_mirrors`."""
    if url[:5].lower() == "file:":
        if not trusted:
            raise LocalPathError("file:// URLs are read only when the sources file names them")
        return Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path))
    for prefix, folder in mirrors.items():
        if url.startswith(prefix):
            relative = urllib.parse.unquote(url[len(prefix) :].split("#")[0].split("?")[0])
            path = (folder / relative).resolve()
            if not path.is_relative_to(folder):
                raise LocalPathError("the mirrored path escapes the mirror folder")
            return path
    return None
