"""Which exon(s) or intron(s) of a transcript a variant lies in, typed.

VEP writes these as display strings ('7/13', '1-5/13'); here they are
numbers until a writer renders them, so no step parses a string back.

>>> ExonSpan(7, 7, 13).render(), ExonSpan(1, 5, 13).render()
('7/13', '1-5/13')
>>> ExonSpan(7, 7, 13).number
7
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ExonSpan:
    """Exons (or introns) ``first``..``last`` of ``total``, numbered in transcript order."""

    first: int
    last: int
    total: int
    #: the hash of (first, last, total), worked out once: spans are parts of the keys
    #: of the per-allele memos (effect/products.py), hashed for every allele
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 1 <= self.first <= self.last <= self.total:
            raise ValueError(f"not a span of 1..{self.total}: {self.first}-{self.last}")
        object.__setattr__(self, "_hash", hash((self.first, self.last, self.total)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def number(self) -> int:
        """The first (for a single exon, the only) number."""
        return self.first

    @property
    def numbers(self) -> range:
        return range(self.first, self.last + 1)

    def render(self) -> str:
        """VEP's EXON/INTRON field: '7/13', '1-5/13'."""
        span = str(self.first) if self.first == self.last else f"{self.first}-{self.last}"
        return f"{span}/{self.total}"
