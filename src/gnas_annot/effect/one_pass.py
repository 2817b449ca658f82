"""Naming and classifying an SNV or a simple indel in one pass over the transcripts near it.

The two-step path (:meth:`HgvsNamer.name`, then
:meth:`~gnas_annot.effect.consequence.ConsequenceCalculator.of_names`) looks up
the transcripts holding the position twice, the exon or intron of each twice,
matches names to transcripts by accession and tests every transcript's span and
5 kb flanks for every allele.  None of that depends on the allele: the
transcripts near a position, and whether the position lies in, before or after
each of them, are the same over a whole stretch of the chromosome.
:class:`OnePass` cuts the chromosome at every transcript end and flank end once
per run and keeps, for each stretch, the transcripts in the pack's order with
what they are to it (:class:`Lane`).  An SNV (85 % of a dense call set) then
costs one bisection for the stretch and one per transcript for its segment,
shared by the name (:func:`~gnas_annot.naming.snv.snv_in_segment`) and the
consequence (:func:`~gnas_annot.effect.snv_consequence.snv_consequence`); a pure
deletion or insertion inside one stretch takes its lanes (:meth:`OnePass.lanes`)
for the calculator's one pass.

A stretch where the two-step path would do something else is not kept (the
caller takes the two-step path there): a transcript whose span reaches past its
exons (a base in no exon or intron is named by the general path), or two
transcripts of one accession (names are matched to transcripts by the bare
accession); nor is an indel across a stretch border.  tests/test_snv_fast_path.py
and tests/test_indel_fast_path.py compare the paths on every SNV and small indel
near every exon, and tests/test_one_pass.py at and around every stretch border
and across the locus and its flanks, both builds, both strands.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from gnas_annot.effect.geometry import Geometry
from gnas_annot.effect.snv_consequence import SequenceOf, flank_consequence, snv_consequence
from gnas_annot.effect.terms import IMPACT, VariantConsequences
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.construct import positional_constructor
from gnas_annot.model.locus import FLANK
from gnas_annot.naming.described import TranscriptHgvs, VariantHgvs
from gnas_annot.naming.fast_model import FastModel, ReferenceProtein
from gnas_annot.naming.sequences import PackSequences
from gnas_annot.naming.snv import snv_in_segment
from gnas_annot.naming.span_index import SpanIndex
from gnas_annot.seq.codons import reverse_complement

_names = positional_constructor(VariantHgvs)
_consequences = positional_constructor(VariantConsequences)

#: 'C>T' -> ('C>T', 'G>A'): an SNV's change on the plus and on the minus strand
#: (bounded: single upper-case letters make at most a few hundred keys)
_CHANGES: dict[str, tuple[str, str]] = {}
_CHANGES_MAX = 1024


@dataclass(frozen=True, slots=True)
class Lane:
    """One transcript near a stretch: holding it (``model`` set) or in its 5 kb flank
    (``model`` None: the distance is ``sign * (edge - pos)``)."""

    geometry: Geometry
    model: FastModel | None
    edge: int = 0
    sign: int = 0
    terms: tuple[str, ...] = ()  # the flank's one term, and its IMPACT
    impact: str = ""


@dataclass(frozen=True, slots=True)
class Stretch:
    """The lanes of one stretch of the chromosome, in the pack's transcript order,
    and the offset to the other build of the first transcript holding it (None: no
    transcript holds it, the other build's g. is not given)."""

    lanes: tuple[Lane, ...]
    twin: int | None


class OnePass:
    """The one-pass SNV path of one build (see the module), built once per run
    from the calculator's geometries and the namer's models of the same pack."""

    __slots__ = (
        "_build",
        "_cuts",
        "_other",
        "_prefix",
        "_reference_protein",
        "_sequence",
        "_sequences",
        "_stretches",
    )

    def __init__(
        self,
        build: GenomeBuild,
        other: GenomeBuild,
        geometries: tuple[Geometry, ...],
        models: tuple[tuple[FastModel, int], ...],
        sequences: PackSequences,
        reference_protein: ReferenceProtein,
        sequence: SequenceOf,
    ) -> None:
        if len(geometries) != len(models) or any(
            g.tx is not m.tx for g, (m, _) in zip(geometries, models, strict=True)
        ):
            raise ValueError("the geometries and the naming models are not of one locus")
        items: list[tuple[int, int, tuple[Lane, int]]] = []
        for g, (m, twin) in zip(geometries, models, strict=True):
            tx = g.tx
            items.append((tx.start, tx.end, (Lane(g, m), twin)))
            # before the transcript (distance tx.start - pos) and after it (pos - tx.end)
            up = tx.strand > 0
            for first, last, edge, sign, upstream in (
                (tx.start - FLANK, tx.start - 1, tx.start, 1, up),
                (tx.end + 1, tx.end + FLANK, tx.end, -1, not up),
            ):
                term = "upstream_gene_variant" if upstream else "downstream_gene_variant"
                lane = Lane(g, None, edge, sign, (term,), IMPACT[term])
                items.append((first, last, (lane, twin)))
        cuts, pieces = SpanIndex(items).pieces()
        self._cuts = cuts
        self._stretches = tuple(_stretch(piece) for piece in pieces)
        self._build = build
        self._prefix = f"{build.refseq_accession}:g."
        self._other = f"{other.refseq_accession}:g."
        self._sequences = sequences
        self._reference_protein = reference_protein
        self._sequence = sequence

    def lanes(self, first: int, last: int) -> tuple[Lane, ...] | None:
        """The lanes of bases ``first..last`` when one stretch holds them all (else, or
        where the two-step path must answer, None): the one pass of simple indels."""
        cuts = self._cuts
        i = bisect_right(cuts, first)
        if bisect_right(cuts, last) != i:
            return None
        stretch = self._stretches[i]
        return None if stretch is None else stretch.lanes

    def annotate(self, pos: int, ref: str, alt: str) -> VariantConsequences | None:
        """The names and consequences of the SNV ``pos ref>alt`` (upper case,
        ``ref != alt``) as ``of_names(name(...))`` gives them; None where that path
        must answer (see the module)."""
        stretch = self._stretches[bisect_right(self._cuts, pos)]
        if stretch is None:
            return None
        plus = f"{ref}>{alt}"
        changes = _CHANGES.get(plus)
        if changes is None:
            changes = (plus, reverse_complement(plus)[::-1])  # 'C>T', 'G>A'
            if len(_CHANGES) < _CHANGES_MAX:
                _CHANGES[plus] = changes
        sequences, reference_protein, sequence = (
            self._sequences,
            self._reference_protein,
            self._sequence,
        )
        named: list[TranscriptHgvs] = []
        results = []
        for lane in stretch.lanes:
            g, m = lane.geometry, lane.model
            if m is None:
                distance = lane.sign * (lane.edge - pos)
                results.append(flank_consequence(g.tx, lane.terms, lane.impact, distance))
                continue
            # the segment holding pos: every base of a kept stretch's transcripts has one
            j = bisect_right(g.segment_starts, pos) - 1
            t = snv_in_segment(m, j, pos, changes, sequences, reference_protein)
            named.append(t)
            results.append(snv_consequence(g, j, pos, alt, t, sequence))
        build = self._build
        twin = stretch.twin
        other = None if twin is None else f"{self._other}{pos + twin}{plus}"
        names = _names(build, f"{self._prefix}{pos}{plus}", other, tuple(named), ())
        return _consequences(build, names, tuple(results), (pos, pos), (pos, ref, alt))


def _stretch(piece: tuple[tuple[Lane, int], ...]) -> Stretch | None:
    """A stretch's lanes, or None where the two-step path must answer."""
    holding = [(lane, twin) for lane, twin in piece if lane.model is not None]
    bares = [lane.geometry.bare for lane, _ in holding]
    if len(set(bares)) != len(bares):
        return None  # names are matched to transcripts by the bare accession: the first wins
    for lane, _ in holding:
        g = lane.geometry
        if g.tx.start < g.segments[0].start or g.tx.end > g.segments[-1].end:
            return None  # a base in no exon or intron: the general naming path
    return Stretch(tuple(lane for lane, _ in piece), holding[0][1] if holding else None)
