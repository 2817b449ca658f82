"""ClinVar assertions of the GNAS region, for the PVS1 branches that ask
"are there pathogenic variants in this stretch of the protein?".

Only assertions with at least one review star count (``criteria provided``;
ClinVar's review-status scale), and only pathogenic / likely pathogenic ones
(a conflicting aggregate does not).  A truncating variant is one whose ClinVar
molecular consequence (``MC``) is nonsense or frameshift.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: ClinVar review status -> stars (ClinVar's documented scale)
_STARS = {
    "practice_guideline": 4,
    "reviewed_by_expert_panel": 3,
    "criteria_provided,_multiple_submitters,_no_conflicts": 2,
    "criteria_provided,_multiple_submitters": 2,
    "criteria_provided,_single_submitter": 1,
    "criteria_provided,_conflicting_classifications": 1,
    "criteria_provided,_conflicting_interpretations": 1,
}
_PATHOGENIC = frozenset({"pathogenic", "likely_pathogenic", "pathogenic/likely_pathogenic"})
_TRUNCATING = ("nonsense", "frameshift", "stop_gained")


@dataclass(frozen=True, slots=True)
class Assertion:
    pos: int
    end: int
    key: str  # chrom-pos-ref-alt after normalization
    significance: str
    review: str
    consequence: str  # ClinVar MC, e.g. 'SO:0001587|nonsense'
    allele_id: str | None

    @property
    def stars(self) -> int:
        return _STARS.get(self.review.lower(), 0)

    @property
    def pathogenic(self) -> bool:
        terms = self.significance.lower().replace("|", ",").split(",")
        return any(t.strip() in _PATHOGENIC for t in terms)

    @property
    def truncating(self) -> bool:
        return any(word in self.consequence.lower() for word in _TRUNCATING)

    def label(self) -> str:
        ident = f"ALLELEID {self.allele_id}" if self.allele_id else self.key
        return f"{ident} ({self.significance}, {self.stars} star{'s' if self.stars != 1 else ''})"


class ClinVarIndex:
    """The assertions of one ClinVar file over the region, sorted by position."""

    def __init__(self, name: str, assertions: Iterable[Assertion]) -> None:
        self.name = name
        self._items = sorted(assertions, key=lambda a: (a.pos, a.end))
        self._starts = [a.pos for a in self._items]
        self._longest = max((a.end - a.pos for a in self._items), default=0)

    def within(self, intervals: Sequence[tuple[int, int]]) -> list[Assertion]:
        """Assertions overlapping any of ``intervals`` (1-based, inclusive), each once."""
        found: dict[int, Assertion] = {}
        for start, end in intervals:
            k = bisect_left(self._starts, start - self._longest)
            while k < len(self._items) and self._items[k].pos <= end:
                a = self._items[k]
                if a.end >= start:
                    found[id(a)] = a
                k += 1
        return sorted(found.values(), key=lambda a: a.pos)

    def pathogenic(
        self, intervals: Sequence[tuple[int, int]], *, truncating: bool = False
    ) -> list[Assertion]:
        """(Likely) pathogenic assertions with at least one star in ``intervals``."""
        return [
            a
            for a in self.within(intervals)
            if a.pathogenic and a.stars >= 1 and (a.truncating or not truncating)
        ]
