"""VEP's splice terms: which windows around each exon/intron junction an allele touches.

Windows follow Ensembl VEP 105+: the canonical +/-1,2 bases (donor/acceptor),
+5 (splice_donor_5th_base_variant), +3,+4,+6 (splice_donor_region_variant),
-3..-17 (splice_polypyrimidine_tract_variant) and splice_region_variant over
1-3 exonic or 3-8 intronic bases, which the finer donor terms replace.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from gnas_annot.model.locus import Transcript
from gnas_annot.seq.shift import Edit

#: (term, side, first k, last k): bases at junction + k into the intron on the
#: donor side / - k on the acceptor side, in transcript direction; k <= 0 are
#: the exon's own last (donor) or first (acceptor) bases.
_SPLICE_WINDOWS: tuple[tuple[str, str, int, int], ...] = (
    ("splice_donor_variant", "donor", 1, 2),
    ("splice_acceptor_variant", "acceptor", 1, 2),
    ("splice_donor_5th_base_variant", "donor", 5, 5),
    ("splice_donor_region_variant", "donor", 3, 4),
    ("splice_donor_region_variant", "donor", 6, 6),
    ("splice_polypyrimidine_tract_variant", "acceptor", 3, 17),
    ("splice_region_variant", "donor", 3, 8),
    ("splice_region_variant", "acceptor", 3, 8),
    ("splice_region_variant", "donor", -2, 0),
    ("splice_region_variant", "acceptor", -2, 0),
)


_REACH = 20  # the widest splice window reaches 17 bases into the intron
_SHORT = 16  # changes of up to this many bases read their terms base by base


def splice_terms(tx: Transcript, edit: Edit, first: int, last: int) -> set[str]:
    """VEP's splice terms from each exon/intron junction the allele touches."""
    return SpliceSites.of(tx).terms(edit, first, last)


#: one splice window on the genome: (term, first base, last base, lenient overlap)
Window = tuple[str, int, int, bool]


@dataclass(frozen=True, slots=True)
class SpliceSites:
    """The splice windows of one transcript on the genome, built once per run.

    ``reach_lo[i]``/``reach_hi[i]`` bound intron ``i`` (genomic order) as far as
    any of its windows reaches, ascending both, so the introns an allele can
    touch are found by bisection rather than by walking every junction."""

    donor_ends: tuple[int, ...]  # the last base of the exon 5' (genomically) of each intron
    acceptor_starts: tuple[int, ...]  # the first base of the exon 3' of it
    reach_lo: tuple[int, ...]
    reach_hi: tuple[int, ...]
    windows: tuple[tuple[Window, ...], ...]
    #: the terms of each single base any window covers (an SNV's :meth:`terms`)
    points: Mapping[int, frozenset[str]]
    #: the same before the finer donor terms replace splice_region_variant
    raw_points: Mapping[int, frozenset[str]]

    @classmethod
    def of(cls, tx: Transcript) -> SpliceSites:
        step = 1 if tx.strand > 0 else -1
        pairs = list(itertools.pairwise(tx.exons))
        windows: list[tuple[Window, ...]] = []
        for exon, nxt in pairs:
            # the donor is the intron's 5' end in transcript direction
            edges = {"donor": exon.end, "acceptor": nxt.start}
            if step < 0:
                edges = {"donor": nxt.start, "acceptor": exon.end}
            here: list[Window] = []
            for term, side, k1, k2 in _SPLICE_WINDOWS:
                sign = step if side == "donor" else -step
                a, b = sorted((edges[side] + sign * k1, edges[side] + sign * k2))
                here.append((term, a, b, term == "splice_region_variant"))
            windows.append(tuple(here))
        covered: dict[int, set[str]] = {}
        for here_windows in windows:
            for term, a, b, _ in here_windows:
                for p in range(a, b + 1):
                    covered.setdefault(p, set()).add(term)
        return cls(
            tuple(e.end for e, _ in pairs),
            tuple(n.start for _, n in pairs),
            tuple(e.end - _REACH for e, _ in pairs),
            tuple(n.start + _REACH for _, n in pairs),
            tuple(windows),
            MappingProxyType({p: _finest(t) for p, t in covered.items()}),
            MappingProxyType({p: frozenset(t) for p, t in covered.items()}),
        )

    def at(self, pos: int) -> frozenset[str]:
        """:meth:`terms` of a change of the one base ``pos`` (not an insertion)."""
        return self.points.get(pos, _NONE)

    def terms(self, edit: Edit, first: int, last: int) -> set[str]:
        """The splice terms of the allele ``edit`` touching bases ``first..last``."""
        terms: set[str] = set()
        if last - first < _SHORT and not edit.is_insertion:
            # a few bases: the windows any of them lies in (a change touches a window
            # when it shares a base with it), from the table of each base
            raw = self.raw_points
            for p in range(first, last + 1):
                terms |= raw.get(p, _NONE)
            if _FINER & terms:
                terms.discard("splice_region_variant")
            return terms
        # introns whose windows may reach first..last: reach_lo <= last and reach_hi >= first
        i = bisect_left(self.reach_hi, first)
        j = bisect_right(self.reach_lo, last)
        for k in range(i, j):
            if first > self.donor_ends[k] + _REACH and last < self.acceptor_starts[k] - _REACH:
                continue  # inside a long intron, out of reach of both of its ends
            for term, a, b, lenient in self.windows[k]:
                if _touches(edit, first, last, a, b, lenient=lenient):
                    terms.add(term)
        # VEP 105+: the finer donor terms replace splice_region_variant, they do not add to it
        if _FINER & terms:
            terms.discard("splice_region_variant")
        return terms


_FINER = frozenset({"splice_donor_region_variant", "splice_donor_5th_base_variant"})
_NONE: frozenset[str] = frozenset()


def _finest(terms: set[str]) -> frozenset[str]:
    """``terms`` after VEP's rule that the finer donor terms replace splice_region_variant."""
    if _FINER & terms:
        terms = terms - {"splice_region_variant"}
    return frozenset(terms)


def overlaps(first: int, last: int, a: int, b: int) -> bool:
    return a <= b and first <= b and a <= last


def _touches(edit: Edit, first: int, last: int, a: int, b: int, lenient: bool = False) -> bool:
    """Does the allele affect bases a..b?  An insertion must fall between two of them,
    or (``lenient``, VEP's overlap test for the splice region) beside one of them."""
    if edit.is_insertion:
        if lenient:
            return a <= last and first <= b
        return a <= first and last <= b
    return first <= b and a <= last
