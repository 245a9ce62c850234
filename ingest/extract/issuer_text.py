"""Reading an issuer's own text (an earnings release): the words by which it names itself and
those of its outlook, from the cue lexicons `issuer_self`, `issuer_not_self` and `outlook`.

News names a company and reports on it; a release is the company speaking, so "we", "our", "the
Company" and "我们/本公司" are the issuer, and "we expect ... to be in the range of" is its guidance,
not an analyst's forecast.
"""

from __future__ import annotations

from ingest.extract.cues import Cue
from ingest.extract.entities import Mention, is_tracked

SELF = Cue.from_lexicon("issuer_self")
NOT_SELF = Cue.from_lexicon("issuer_not_self")
OUTLOOK = Cue.from_lexicon("outlook")


def self_references(
    text: str, issuer: str, mentions: list[Mention]
) -> tuple[list[Mention], tuple[tuple[int, int], ...]]:
    """The sentence's mentions with its self-references added as mentions of the issuer, and
    where those stand. A self-reference wins over a name the open-world finder guessed ("The
    Company" read as a firm called Company), never over a tracked company's name."""
    compounds = [m.span() for m in NOT_SELF.finditer(text)]
    own = []
    for match in SELF.finditer(text):
        start, end = match.span()
        if any(lo <= start and end <= hi for lo, hi in compounds):
            continue
        overlapping = [m for m in mentions if m.start < end and start < m.end]
        if any(m.entity and is_tracked(m.entity) for m in overlapping):
            continue
        own.append(Mention(start, end, issuer, None, text[start:end]))
    kept = [m for m in mentions if not any(o.start < m.end and m.start < o.end for o in own)]
    merged = sorted([*kept, *own], key=lambda m: m.start)
    return merged, tuple((m.start, m.end) for m in own)


def is_outlook(text: str) -> bool:
    return OUTLOOK.search(text) is not None
