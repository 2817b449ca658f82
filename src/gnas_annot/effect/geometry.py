"""The facts of one transcript model that every allele asks about, worked out once per run.

The consequence step asks the same questions of every allele: which exon or
intron holds this base, what is its transcript offset, is it in the CDS, which
splice window does it touch.  :class:`Geometry` answers them with bisect
lookups on tables built once from the pack's :class:`~gnas_annot.model.locus.Transcript`
(exon bounds, cumulative offsets, CDS bounds, numbered segments), instead of
scanning the exons and recomputing the CDS length for every base of every
allele.  It is an index over the model, not a second model: everything here
is derived from the transcript it holds.

>>> from gnas_annot.pack.locus import load_locus
>>> g = Geometry.of(load_locus("GRCh38").transcript("NM_000516.7"))
>>> g.offset(58891727) - g.cds_first, g.coding_length   # c.1 is offset 0 of the CDS
(0, 1185)
>>> [s.name for s in g.hit(58891860, 58891870)]
['exon 1', 'intron 1']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from gnas_annot.effect.splice_region import SpliceSites
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Segment, Transcript, transcript_segments
from gnas_annot.model.spans import ExonSpan
from gnas_annot.pack.store import Pack, load_pack


def transcripts_by_accession(
    build: GenomeBuild, pack: Pack | None = None
) -> Mapping[str, Transcript]:
    """``pack``'s (default: the current pack's) transcript models of ``build`` by
    ``accession.version`` (the first one, should the pack list an accession twice)."""
    return (pack if pack is not None else load_pack()).by_accession[build]


@dataclass(frozen=True, slots=True)
class Geometry:
    """Lookup tables of one transcript with an exon model (genomic order throughout)."""

    tx: Transcript
    bare: str  # the accession without its version, as names and calls are matched
    exon_starts: tuple[int, ...]
    exon_ends: tuple[int, ...]
    #: transcript bases 5' of each exon (0-based transcript offset of its 5' base)
    exon_before: tuple[int, ...]
    segments: tuple[Segment, ...]
    segment_starts: tuple[int, ...]
    exon_spans: tuple[ExonSpan, ...]  # by exon number - 1
    intron_spans: tuple[ExonSpan, ...]  # by intron number - 1
    cds_lo: int  # genomic CDS bounds (0 for a non-coding transcript)
    cds_hi: int
    cds_first: int  # 0-based transcript offset of c.1
    coding_length: int
    codon_lo: int  # genomic bounds of the annotated start codon
    codon_hi: int
    splice: SpliceSites

    @classmethod
    def of(cls, tx: Transcript) -> Geometry:
        if not tx.exons:
            raise ValueError(f"{tx.accession} has no exon model")
        exons = tx.exons
        lengths = [e.length for e in exons]
        before: list[int] = []
        if tx.strand > 0:
            total = 0
            for n in lengths:
                before.append(total)
                total += n
        else:
            total = 0
            for n in reversed(lengths):
                before.append(total)
                total += n
            before.reverse()
        segments = transcript_segments(tx)
        n_exons = len(exons)
        exon_spans = tuple(ExonSpan(k, k, n_exons) for k in range(1, n_exons + 1))
        intron_spans = tuple(ExonSpan(k, k, n_exons - 1) for k in range(1, n_exons))
        starts, ends = tuple(e.start for e in exons), tuple(e.end for e in exons)
        cds_lo = cds_hi = cds_first = codon_lo = codon_hi = 0
        if tx.cds_start is not None and tx.cds_end is not None:
            cds_lo, cds_hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
            c1 = tx.cds_start if tx.strand > 0 else tx.cds_end
            codon_lo, codon_hi = (c1, c1 + 2) if tx.strand > 0 else (c1 - 2, c1)
            cds_first = _offset(starts, ends, before, tx.strand, c1, tx.accession)
        return cls(
            tx,
            tx.accession.split(".")[0],
            starts,
            ends,
            tuple(before),
            segments,
            tuple(s.start for s in segments),
            exon_spans,
            intron_spans,
            cds_lo,
            cds_hi,
            cds_first,
            tx.coding_length,
            codon_lo,
            codon_hi,
            SpliceSites.of(tx),
        )

    def exonic(self, first: int, last: int) -> list[int]:
        """The exonic positions of ``first..last``, ascending."""
        starts, ends = self.exon_starts, self.exon_ends
        out: list[int] = []
        i = bisect_left(ends, first)
        while i < len(starts) and starts[i] <= last:
            out.extend(range(max(first, starts[i]), min(last, ends[i]) + 1))
            i += 1
        return out

    def offset(self, pos: int) -> int:
        """0-based transcript offset (5' to 3') of exonic genomic position ``pos``."""
        return _offset(
            self.exon_starts,
            self.exon_ends,
            self.exon_before,
            self.tx.strand,
            pos,
            self.tx.accession,
        )

    def hit(self, first: int, last: int) -> list[Segment]:
        """The exons and introns overlapping ``first..last``, in genomic order."""
        starts = self.segment_starts
        i = max(0, bisect_right(starts, first) - 1)
        j = bisect_right(starts, last)
        return [s for s in self.segments[i:j] if s.start <= last and first <= s.end]


def _offset(
    starts: tuple[int, ...],
    ends: tuple[int, ...],
    before: tuple[int, ...] | list[int],
    strand: int,
    pos: int,
    accession: str,
) -> int:
    i = bisect_left(ends, pos)
    if i == len(starts) or starts[i] > pos:
        raise ValueError(f"{pos} is not exonic in {accession}")
    return before[i] + (pos - starts[i] if strand > 0 else ends[i] - pos)
