"""English numbers written in words ("five hundred megawatts", "six hundred thousand Nvidia
chips", "thirty-five thousand"), rewritten as digits so the figure patterns read them.

Only a run that says a number of ten or more, has a scale word, or comes before a unit of power
or compute ("five gigawatts") is rewritten: "one of the largest" and "two companies" stay as
they are.
"""

from __future__ import annotations

import re

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000}
_WORD = "|".join([*_UNITS, *_TENS, "hundred", *_SCALES])
_RUN = re.compile(
    rf"\b(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*\b(?!-(?:year|month|day|fold))",
    re.I,
)
# A sentence with none of these cannot hold a run worth rewriting. Plain substring tests: an
# alternation of words under re.I costs five times as much on every sentence. "billion" stays a
# word: the money patterns read "five billion" as they read "5 billion".
_GATE_WORDS = (
    *_TENS,
    "hundred",
    "thousand",
    *list(_UNITS)[9:],
    "gigawatt",
    "megawatt",
    "exaflop",
    "gw",
    "mw",
)


def _value(words: list[str]) -> int | None:
    total, current = 0, 0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
    return total + current


# "five gigawatts", "a one-gigawatt cluster": a small number counts when a unit follows it.
_UNIT_AFTER = re.compile(r"[\s-]+(?:gigawatts?|megawatts?|GW|MW|exaflops?|EFLOPS)\b", re.I)


def _rewrite(match: re.Match[str]) -> str:
    words = [w for w in re.split(r"[\s-]+", match.group(0).lower()) if w and w != "and"]
    value = _value(words)
    if value is None:
        return match.group(0)
    says_size = value >= 10 or any(w in _SCALES or w == "hundred" for w in words)
    if not says_size and not _UNIT_AFTER.match(match.string, match.end()):
        return match.group(0)
    if len(words) == 1 and words[0] in _SCALES:
        return match.group(0)  # "a million" is left to the money patterns
    return f"{value:,}"


def digits_for_number_words(text: str) -> str:
    """The text with spelled-out numbers of ten or more as digits."""
    lowered = text.lower()
    if not any(word in lowered for word in _GATE_WORDS):
        return text
    return _RUN.sub(_rewrite, text)
