"""Which of a few closed spans (transcripts, transcripts with their 5 kb flanks)
may hold a change, by one bisection instead of a test of every span.

Naming and the consequence step ask it of every allele: the spans' ends cut
the chromosome into pieces, and every position of a piece lies in the same
spans, listed once per piece in the order they were given.

>>> index = SpanIndex(((10, 20, "a"), (15, 30, "b")))
>>> index.holding(12, 12), index.holding(16, 18), index.holding(31, 31)
(('a',), ('a', 'b'), ())
>>> index.holding(12, 16) is None  # across a piece's border: test each span
True
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """``items`` are (first, last, value): 1-based closed spans and what they stand for."""

    __slots__ = ("_cuts", "_pieces")

    def __init__(self, items: Sequence[tuple[int, int, T]]) -> None:
        cuts = sorted({a for a, _, _ in items} | {b + 1 for _, b, _ in items})
        self._cuts = tuple(cuts)
        # piece i covers [cuts[i-1], cuts[i]); piece 0 lies before every span
        held = [tuple(v for a, b, v in items if a <= start <= b) for start in cuts]
        self._pieces: tuple[tuple[T, ...], ...] = ((), *held)

    def holding(self, first: int, last: int) -> tuple[T, ...] | None:
        """The values whose spans hold ``first..last`` (inside one piece a span holds
        all of it or none of it); None when ``first..last`` crosses a piece's border."""
        i = bisect_right(self._cuts, first)
        if first != last and bisect_right(self._cuts, last) != i:
            return None
        return self._pieces[i]

    def pieces(self) -> tuple[tuple[int, ...], tuple[tuple[T, ...], ...]]:
        """The cuts and each piece's values: position ``p`` lies in piece
        ``bisect_right(cuts, p)`` (piece 0 lies before every span)."""
        return self._cuts, self._pieces
