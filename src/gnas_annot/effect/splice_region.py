"""VEP's splice terms: which windows around each exon/intron junction an allele touches.

Windows and rules follow Ensembl VEP 109+ (ensembl-variation
``BaseTranscriptVariationAllele::_intron_effects`` and the predicates of
``Utils/VariationEffect.pm``), in transcript direction:

* splice_donor_variant / splice_acceptor_variant: intron bases +1,+2 / -2,-1;
* splice_donor_5th_base_variant: +5; splice_donor_region_variant: +3..+6, not
  given when +5 is (the 5th base is the finer term: VEP_plugins SpliceRegion, where
  the two came from, stops at the first term that matches, 5th base first);
* splice_polypyrimidine_tract_variant: -3..-17, not given when the allele touches
  an exon base (ensembl-variation PR #919, release 109);
* splice_region_variant: 1-3 exonic or 3-8 intronic bases (``_intron_overlap``),
  not given with a donor/acceptor, 5th base or donor region term (VEP 105+,
  ensembl-vep issue #1345).

A deletion or substitution touches a window when it shares a base with it.  An
insertion (VEP: start = end + 1) touches a window only when it falls between two
of its bases, except splice_region_variant, which VEP also gives to an insertion
at the exon/intron edge itself and between intron bases 2 and 3 from either end.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from gnas_annot.model.locus import Transcript
from gnas_annot.seq.shift import Edit

DONOR = "splice_donor_variant"
ACCEPTOR = "splice_acceptor_variant"
FIFTH = "splice_donor_5th_base_variant"
DONOR_REGION = "splice_donor_region_variant"
TRACT = "splice_polypyrimidine_tract_variant"
REGION = "splice_region_variant"

#: (term, side, first k, last k): bases at junction + k into the intron on the
#: donor side / - k on the acceptor side, in transcript direction; k <= 0 are
#: the exon's own last (donor) or first (acceptor) bases.
_SPLICE_WINDOWS: tuple[tuple[str, str, int, int], ...] = (
    (DONOR, "donor", 1, 2),
    (ACCEPTOR, "acceptor", 1, 2),
    (FIFTH, "donor", 5, 5),
    (DONOR_REGION, "donor", 3, 6),
    (TRACT, "acceptor", 3, 17),
    (REGION, "donor", 3, 8),
    (REGION, "acceptor", 3, 8),
    (REGION, "donor", -2, 0),
    (REGION, "acceptor", -2, 0),
)


_REACH = 20  # the widest splice window reaches 17 bases into the intron
_SHORT = 16  # changes of up to this many bases read their terms base by base


def splice_terms(tx: Transcript, edit: Edit, first: int, last: int) -> set[str]:
    """VEP's splice terms from each exon/intron junction the allele touches."""
    return SpliceSites.of(tx).terms(edit, first, last)


#: one splice window on the genome: (term, first base, last base)
Window = tuple[str, int, int]


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
    #: the same before VEP's rules drop the terms a finer one replaces
    raw_points: Mapping[int, frozenset[str]]
    #: the terms of an insertion between base p and p + 1, by p
    insertions: Mapping[int, frozenset[str]]

    @classmethod
    def of(cls, tx: Transcript) -> SpliceSites:
        step = 1 if tx.strand > 0 else -1
        pairs = list(itertools.pairwise(tx.exons))
        windows: list[tuple[Window, ...]] = []
        covered: dict[int, set[str]] = {}
        between: dict[int, set[str]] = {}  # insertions, by the base 5' (genomically) of them
        for exon, nxt in pairs:
            # the donor is the intron's 5' end in transcript direction
            edges = {"donor": exon.end, "acceptor": nxt.start}
            if step < 0:
                edges = {"donor": nxt.start, "acceptor": exon.end}
            here: list[Window] = []
            for term, side, k1, k2 in _SPLICE_WINDOWS:
                sign = step if side == "donor" else -step
                a, b = sorted((edges[side] + sign * k1, edges[side] + sign * k2))
                here.append((term, a, b))
                for p in range(a, b + 1):
                    covered.setdefault(p, set()).add(term)
                for p in range(a, b):  # strictly between two bases of the window
                    between.setdefault(p, set()).add(term)
            # VEP's _intron_overlap: an insertion at either exon/intron edge, or between
            # intron bases 2 and 3 from either end, is in the splice region too
            first_intronic, last_intronic = exon.end + 1, nxt.start - 1
            for p in (exon.end, first_intronic + 1, last_intronic - 2, last_intronic):
                between.setdefault(p, set()).add(REGION)
            windows.append(tuple(here))
        ends = tuple(e.end for e, _ in pairs), tuple(n.start for _, n in pairs)
        return cls(
            *ends,
            tuple(e.end - _REACH for e, _ in pairs),
            tuple(n.start + _REACH for _, n in pairs),
            tuple(windows),
            MappingProxyType({p: _vep(t, ends, p, p) for p, t in covered.items()}),
            MappingProxyType({p: frozenset(t) for p, t in covered.items()}),
            MappingProxyType({p: _vep(t, ends, p, p + 1) for p, t in between.items()}),
        )

    def at(self, pos: int) -> frozenset[str]:
        """:meth:`terms` of a change of the one base ``pos`` (not an insertion)."""
        return self.points.get(pos, _NONE)

    def terms(self, edit: Edit, first: int, last: int) -> set[str]:
        """The splice terms of the allele ``edit`` touching bases ``first..last``
        (an insertion: between ``first`` and ``last`` = ``first + 1``)."""
        if edit.is_insertion:
            return set(self.insertions.get(first, _NONE))
        terms: set[str] = set()
        if last - first < _SHORT:
            # a few bases: the windows any of them lies in, from the table of each base
            raw = self.raw_points
            for p in range(first, last + 1):
                terms |= raw.get(p, _NONE)
        else:
            # introns whose windows may reach first..last: reach_lo <= last and reach_hi >= first
            i = bisect_left(self.reach_hi, first)
            j = bisect_right(self.reach_lo, last)
            for k in range(i, j):
                if first > self.donor_ends[k] + _REACH and last < self.acceptor_starts[k] - _REACH:
                    continue  # inside a long intron, out of reach of both of its ends
                for term, a, b in self.windows[k]:
                    if first <= b and a <= last:
                        terms.add(term)
        if not terms:
            return terms
        return set(_vep(terms, (self.donor_ends, self.acceptor_starts), first, last))


_REPLACE_REGION = frozenset({DONOR, ACCEPTOR, FIFTH, DONOR_REGION})
_NONE: frozenset[str] = frozenset()


def _vep(
    terms: set[str], ends: tuple[tuple[int, ...], tuple[int, ...]], first: int, last: int
) -> frozenset[str]:
    """``terms`` (every window the allele on ``first..last`` touches) after VEP's rules:
    the 5th base replaces the donor region, the canonical sites and the finer donor
    terms replace splice_region_variant, and an allele touching an exon base is no
    polypyrimidine tract variant.  ``ends``: (donor_ends, acceptor_starts)."""
    out = set(terms)
    if FIFTH in out:
        out.discard(DONOR_REGION)
    if _REPLACE_REGION & out:
        out.discard(REGION)
    if TRACT in out and not _in_one_intron(*ends, first, last):
        out.discard(TRACT)
    return frozenset(out)


def _in_one_intron(
    donor_ends: tuple[int, ...], acceptor_starts: tuple[int, ...], first: int, last: int
) -> bool:
    """Do bases ``first..last`` all lie in one intron (touching no exon base)?"""
    k = bisect_right(acceptor_starts, last)  # the first intron ending after last
    return k < len(donor_ends) and donor_ends[k] < first


def overlaps(first: int, last: int, a: int, b: int) -> bool:
    return a <= b and first <= b and a <= last
