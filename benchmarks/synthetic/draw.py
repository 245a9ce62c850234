"""Deterministic random draws for the synthetic corpus, from one seed string.

Built on `random.Random.random()`, which runs in C: `randint`, `choice` and `sample` go through
Python-level code at a microsecond or more a call, and a page takes a few hundred draws, so they
were most of the server's cost per page. A string seed is hashed with SHA-512, never with the
per-process string hash, so the same seed draws the same numbers in every process.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


class Draw:
    def __init__(self, seed: str) -> None:
        self._random = random.Random(seed).random

    def fraction(self) -> float:
        return self._random()

    def below(self, n: int) -> int:
        return int(self._random() * n)

    def between(self, low: int, high: int) -> int:
        """An integer from `low` to `high`, both included."""
        return low + self.below(high - low + 1)

    def pick(self, items: Sequence[T]) -> T:
        return items[self.below(len(items))]

    def shuffled(self, items: Sequence[T]) -> list[T]:
        keys = [self._random() for _ in items]
        return [items[i] for i in sorted(range(len(items)), key=keys.__getitem__)]
