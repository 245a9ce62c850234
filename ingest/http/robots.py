"""robots.txt as RFC 9309 reads it, parsed by Protego (wildcards, `$` anchors, the longest match
wins, Crawl-delay).

What a fetch of robots.txt means for the site: a 2xx body is its rules; a 4xx says there are no
rules (everything allowed); a 5xx or no answer at all says the site is unreachable, and an
unreachable site is completely disallowed until the next refresh asks again.
"""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

# A site may ask for a slower pace; beyond this the pages of that host are skipped (with the
# reason) rather than stalling a refresh for hours.
MAX_CRAWL_DELAY_SECONDS = 30.0


@dataclass(frozen=True)
class RobotsRules:
    """One host's rules for one user agent."""

    parser: Protego | None = None
    disallow_all: bool = False
    reason: str = ""

    def allows(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


ALLOW_ALL = RobotsRules()


def rules_for_response(status: int, body: bytes | None) -> RobotsRules:
    """The rules a robots.txt answer sets (`body` None when it was not read)."""
    if 200 <= status < 300 and body is not None:
        return RobotsRules(Protego.parse(body.decode("utf-8", "replace")))
    if 400 <= status < 500:
        return ALLOW_ALL
    if status >= 500:
        return RobotsRules(disallow_all=True, reason=f"robots.txt answered HTTP {status}")
    return ALLOW_ALL


def unreachable(reason: str) -> RobotsRules:
    return RobotsRules(disallow_all=True, reason=f"robots.txt unreachable ({reason})")
