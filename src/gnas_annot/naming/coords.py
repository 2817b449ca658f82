"""Genome <-> transcript coordinates by arithmetic on the pack's exon table.

Naming a variant numbers its bounds on every transcript it touches.  biocommons
hgvs' ``AlignmentMapper`` does that through a CIGAR string and ``Interval`` /
``BaseOffsetPosition`` objects (about 100 µs per interval); the same numbers
follow from the exon starts, ends and the CDS bounds with a binary search
(about 2 µs).  :class:`TranscriptMap` reproduces ``AlignmentMapper`` exactly,
its quirks included, because the names it writes must not change:

* exonic bases get ``n.`` (1-based, transcript order) and ``c.`` (``c.-N`` in
  the 5' UTR, ``c.*N`` in the 3' UTR, no ``c.0``);
* an intronic base is numbered from the nearer exon edge in genomic order; at
  the middle base of an odd-length intron both edges are equally near and
  the genomically 5' edge wins (``c.N+k`` on a plus-strand transcript, which is
  HGVS's rule; on a minus-strand one biocommons writes ``c.N-k``, and so do we);
* a base before the first exon, or more than one base after the last one, is
  outside the alignment (:class:`CoordinateError`, with biocommons' message);
  the base just after the last exon is numbered by extrapolation, then refused
  by the ``c.`` bounds check (a ``n.`` name keeps it, as biocommons does).

tests/test_coords.py compares every exon base and 20 intronic bases either side
of every exon of every transcript, on both builds and on mirrored minus-strand
models, with ``AlignmentMapper`` itself (the oracle).

>>> from gnas_annot.pack.locus import load_locus
>>> gsa = TranscriptMap.of(load_locus("GRCh38").transcript("NM_000516.7"))
>>> gsa.interval(58909365, 58909365), gsa.interval(58891726, 58891727)
('601', '-1_1')
>>> gsa.interval(58898986, 58898987), gsa.offset(58891727)
('257+1_257+2', 306)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from gnas_annot.model.locus import Transcript, transcript_segments

#: an exon or intron: its name ('exon 7', 'intron 6') and 1-based closed bounds
Segment = tuple[str, int, int]

#: biocommons hgvs' messages, so notes quoting them read as they always have
_BEYOND_RECORD = "Position is beyond the bounds of transcript record"
_BEYOND_SEQUENCE = "The given coordinate is outside the bounds of the reference sequence."


class CoordinateError(ValueError):
    """A genomic position outside the transcript's alignment."""


@dataclass(frozen=True, slots=True)
class TranscriptMap:
    """One transcript's exon table, laid out for binary search.

    Exons are in genomic order (``starts``/``ends``, 1-based, closed);
    ``before[i]`` is the number of exonic bases genomically before exon ``i``.
    ``cds_start_i``/``cds_end_i`` are 0-based, end-exclusive CDS bounds in
    transcript order (as UTA stores them), None for a non-coding RNA.
    """

    accession: str
    strand: int
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    before: tuple[int, ...]
    length: int  # exonic bases
    cds_start_i: int | None
    cds_end_i: int | None
    segments: tuple[Segment, ...] = ()  # exons and introns in genomic order
    segment_starts: tuple[int, ...] = ()
    #: per segment (genomic order; None for an exon): the text and ``n.`` base of the
    #: exon base an intronic base is numbered from, on its genomically 5' and 3' side
    intron_edges: tuple[tuple[str, int, str, int] | None, ...] = ()

    @classmethod
    def of(cls, tx: Transcript) -> TranscriptMap:
        if not tx.exons:
            raise ValueError(f"{tx.accession} has no exon model")
        starts = tuple(e.start for e in tx.exons)
        ends = tuple(e.end for e in tx.exons)
        before, total = [], 0
        for exon in tx.exons:
            before.append(total)
            total += exon.length
        segments = tuple((s.name, s.start, s.end) for s in transcript_segments(tx))
        made = cls(tx.accession, tx.strand, starts, ends, tuple(before), total, None, None)
        cds_start_i = cds_end_i = None
        if tx.cds_start is not None and tx.cds_end is not None:
            first, last = tx.cds_start, tx.cds_end
            if tx.strand < 0:
                first, last = last, first
            cds_start_i, cds_end_i = made.offset(first), made.offset(last) + 1
        fields = (tx.accession, tx.strand, starts, ends, made.before, total, cds_start_i, cds_end_i)
        numbered = cls(*fields, segments, tuple(s[1] for s in segments))
        return cls(*fields, numbered.segments, numbered.segment_starts, numbered._edges())

    def _edges(self) -> tuple[tuple[str, int, str, int] | None, ...]:
        """:attr:`intron_edges`, from the numbering of :meth:`point_in`'s exonic bases."""
        edges: list[tuple[str, int, str, int] | None] = []
        for j in range(len(self.segments)):
            if not j & 1:
                edges.append(None)
                continue
            i = j >> 1
            five = self.before[i] + self.ends[i] - self.starts[i]  # forward offsets
            three = self.before[i + 1]
            if self.strand < 0:
                five, three = self.length - 1 - five, self.length - 1 - three
            edges.append((self._text(five + 1, 0), five + 1, self._text(three + 1, 0), three + 1))
        return tuple(edges)

    @property
    def is_coding(self) -> bool:
        return self.cds_start_i is not None

    # -- positions --------------------------------------------------------

    def exon_at(self, g: int) -> int | None:
        """Index (genomic order) of the exon holding base ``g``, or None."""
        i = bisect_right(self.starts, g) - 1
        return i if i >= 0 and g <= self.ends[i] else None

    def segments_over(self, first: int, last: int) -> tuple[Segment, ...]:
        """The exons and introns that bases ``first``..``last`` touch, in genomic order."""
        starts = self.segment_starts
        i = max(bisect_right(starts, first) - 1, 0)
        if self.segments[i][2] < first:
            i += 1
        return self.segments[i : bisect_right(starts, last)]

    def offset(self, g: int) -> int:
        """0-based offset of exonic base ``g`` in the transcript, 5' to 3'."""
        i = self.exon_at(g)
        if i is None:
            raise ValueError(f"{g} is not exonic in {self.accession}")
        forward = self.before[i] + g - self.starts[i]
        return forward if self.strand > 0 else self.length - 1 - forward

    def n_position(self, g: int) -> tuple[int, int]:
        """``n.`` base (1-based, no 0) and offset of genomic base ``g``."""
        # the exonic index in genomic order and the intronic offset, as biocommons'
        # CIGAR mapper computes them, then turned to transcript order
        starts, ends = self.starts, self.ends
        if g < starts[0] or g > ends[-1] + 1:
            raise CoordinateError(_BEYOND_RECORD)
        i = bisect_right(starts, g) - 1
        if g <= ends[i] or i == len(starts) - 1:
            f, off = self.before[i] + g - starts[i], 0  # exonic, or extrapolated
        else:
            after_5, before_3 = g - ends[i], starts[i + 1] - g
            if after_5 <= before_3:
                f, off = self.before[i] + ends[i] - starts[i], after_5
            else:
                f, off = self.before[i + 1], -before_3
        if self.strand < 0:
            f, off = self.length - 1 - f, -off
        return (f + 1 if f >= 0 else f), off

    def interval(self, start: int, end: int) -> str:
        """The ``c.`` (coding) or ``n.`` position text of genomic ``start``..``end``."""
        first = self.n_position(start)
        last = first if end == start else self.n_position(end)
        if self.strand < 0:
            first, last = last, first
        if self.cds_start_i is not None and (first[0] <= 0 or last[0] > self.length):
            raise CoordinateError(_BEYOND_SEQUENCE)
        if first == last:
            return self._text(*first)
        return f"{self._text(*first)}_{self._text(*last)}"

    def point(self, g: int) -> tuple[str, int, int]:
        """``interval(g, g)`` with the ``n.`` base and offset it writes (an exonic
        base has offset 0 and transcript offset ``n - 1``): one lookup for the SNV path."""
        n, off = self.n_position(g)
        if self.cds_start_i is not None and (n <= 0 or n > self.length):
            raise CoordinateError(_BEYOND_SEQUENCE)
        return self._text(n, off), n, off

    def point_in(self, j: int, g: int) -> tuple[str, int]:
        """:meth:`point` of base ``g`` of segment ``j`` (which holds it): its text and
        ``n.`` base, without a second search.  Exons and introns alternate, so
        segment ``j`` is exon ``j // 2`` or the intron after it (genomic order);
        inside them every base is numbered, none is refused."""
        i = j >> 1
        if not j & 1:
            f = self.before[i] + g - self.starts[i]
            if self.strand < 0:
                f = self.length - 1 - f
            return self._text(f + 1, 0), f + 1
        # an intronic base: its exon base's text is kept (intron_edges), the offset is added
        edges = self.intron_edges[j]
        assert edges is not None
        after_5, before_3 = g - self.ends[i], self.starts[i + 1] - g
        if after_5 <= before_3:
            base, n, off = edges[0], edges[1], after_5
        else:
            base, n, off = edges[2], edges[3], -before_3
        if self.strand < 0:
            off = -off
        return f"{base}{off:+d}", n

    def _text(self, n: int, off: int) -> str:
        cds_start, cds_end = self.cds_start_i, self.cds_end_i
        if cds_start is None or cds_end is None:
            base = str(n)
        elif n <= cds_start:
            base = str(n - cds_start - (1 if n > 0 else 0))
        elif n <= cds_end:
            base = str(n - cds_start)
        else:
            base = f"*{n - cds_end}"
        return base if off == 0 else f"{base}{off:+d}"
