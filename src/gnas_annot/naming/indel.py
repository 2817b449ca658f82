"""The deletion and insertion fast path of naming.

A dense call set is 15 % simple deletions and insertions.  The general path
(:meth:`~gnas_annot.naming.names.HgvsNamer._name_general`) reads every base the
3' rule looks at from the reference one at a time, works out the segment, the
shift, the duplication and the protein bounds of each transcript afresh, and
costs four SNVs.  Here the bases around the change are read once
(:class:`IndelSite`: a window of the reference), the 3' shift and the
duplication are worked out once per direction on that window, and each
transcript (:func:`indel_on_transcript`) needs one segment lookup: its bounded
shift follows from the unbounded one by arithmetic (every step the unbounded
shift took before the segment's border is a step the bounded one takes too).

Whenever the case is not plain it answers None and the namer takes the
general path, so both give the same description by construction: a window
holding a base the reference does not know or too short for the shift
(:meth:`IndelSite.read`), a change reaching past one exon or intron or across
a UTR/CDS junction, a position the transcript cannot number, a coding change
the protein step must word specially (across the start or the stop codon's
border).  tests/test_indel_fast_path.py compares the two on every deletion,
duplication and insertion of 1-4 bases at every exon base and 20 intronic
bases either side, both builds, both strands.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from gnas_annot.model.construct import positional_constructor
from gnas_annot.naming.coords import CoordinateError
from gnas_annot.naming.described import TranscriptHgvs
from gnas_annot.naming.fast_model import (
    INCOMPLETE,
    NO_PROTEIN_ACCESSION,
    NO_SEQUENCE,
    UNCHANGED,
    UNKNOWN,
    FastModel,
    ReferenceProtein,
)
from gnas_annot.naming.layout import body, insertion_offset, within_bounds
from gnas_annot.naming.protein import predict
from gnas_annot.naming.sequences import PackSequences
from gnas_annot.naming.uatg import upstream_atg_note
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.reference import ReferenceGenome
from gnas_annot.seq.shift import Edit

#: bases read either side of the change: shifts longer than this take the general path
WINDOW = 48

_BORDER = (
    "the 3' shift stops at a border of {} here (not shifted across "
    "exon/intron or UTR/CDS borders); on the genome it lies further 3', see g."
)


@dataclass(frozen=True, slots=True)
class Shifted:
    """An edit moved 3' in one direction, and the bases it duplicates (None: not a dup)."""

    edit: Edit
    dup: Edit | None


class IndelSite:
    """A pure deletion or insertion with the reference around it, read once.

    ``window`` holds genomic bases ``[w0, w0 + len(window))`` (0-based), all
    known; :meth:`shifted` gives the unbounded 3' shift in either direction."""

    __slots__ = ("_shifts", "edit", "w0", "window")

    def __init__(self, edit: Edit, w0: int, window: str) -> None:
        self.edit = edit
        self.w0 = w0
        self.window = window
        self._shifts: dict[int, Shifted | None] = {}

    @classmethod
    def read(cls, edit: Edit, reference: ReferenceGenome) -> IndelSite | None:
        """The site of ``edit`` (a pure deletion or insertion), or None where the
        window holds a base the reference does not know or ends the chromosome."""
        w0 = edit.start - WINDOW
        if w0 < 1 or max(len(edit.ref), len(edit.alt)) > WINDOW // 2:
            return None  # a long change: its duplication check would leave the window
        window = reference.fetch(w0 + 1, edit.end + WINDOW)  # served from its blocks
        if len(window) != edit.end + WINDOW - w0 or "N" in window:
            return None
        return cls(edit, w0, window)

    def shifted(self, strand: int) -> Shifted | None:
        """The unbounded 3' shift towards ``strand``, None if it reached the window's edge."""
        if strand in self._shifts:
            return self._shifts[strand]
        found = self._shifts[strand] = self._shift(strand)
        return found

    def _shift(self, strand: int) -> Shifted | None:
        # shift_3prime on the window: a deletion moves while the base after
        # (before) it repeats its first (last) base, an insertion likewise
        edit, w, w0 = self.edit, self.window, self.w0
        deletion = edit.is_deletion
        moving = edit.ref if deletion else edit.alt
        n = len(moving)
        # an insertion at start moves with its point; a deletion compares past its end
        a, b = edit.start - w0, edit.end - w0
        if strand > 0:
            k = 0
            look = b if deletion else a
            while look + k < len(w) and w[look + k] == moving[k % n]:
                k += 1
            if look + k >= len(w):
                return None
            rotated = moving[k % n :] + moving[: k % n]
            moved = _rebuild(edit.start + k, edit.end + k, rotated, deletion)
        else:
            k = 0
            while a - 1 - k >= 0 and w[a - 1 - k] == moving[n - 1 - k % n]:
                k += 1
            if a - 1 - k < 0:
                return None
            r = (n - k % n) % n
            moved = _rebuild(edit.start - k, edit.end - k, moving[r:] + moving[:r], deletion)
        return _shifted(moved, self._dup(moved, strand))

    def bounded(self, strand: int, lo: int, hi: int) -> Shifted | None:
        """The 3' shift towards ``strand`` kept inside ``[lo, hi)`` (0-based), as
        :func:`~gnas_annot.seq.shift.shift_3prime` gives it bounded; None if unknown."""
        free = self.shifted(strand)
        if free is None:
            return None
        if within_bounds(free.edit, strand, lo, hi):
            return free
        edit = self.edit
        deletion = edit.is_deletion
        moving = edit.ref if deletion else edit.alt
        n = len(moving)
        if strand > 0:  # it stops where the next base looked at would be hi
            k = hi - (edit.end if deletion else edit.start)
            if k < 0:
                return None  # the original edit is already past the bound: general path
            rotated = moving[k % n :] + moving[: k % n]
            moved = _rebuild(edit.start + k, edit.end + k, rotated, deletion)
        else:
            k = edit.start - lo
            if k < 0:
                return None
            r = (n - k % n) % n
            moved = _rebuild(edit.start - k, edit.end - k, moving[r:] + moving[:r], deletion)
        return _shifted(moved, self._dup(moved, strand))

    def _dup(self, edit: Edit, strand: int) -> Edit | None:
        """:func:`~gnas_annot.seq.shift.as_duplication` on the window."""
        if edit.ref:
            return None
        n = len(edit.alt)
        if strand > 0:
            a = edit.start - n - self.w0
            if self.window[a : a + n] == edit.alt:
                return _edit(edit.start - n, edit.start, edit.alt, edit.alt + edit.alt)
        else:
            a = edit.start - self.w0
            if self.window[a : a + n] == edit.alt:
                return _edit(edit.start, edit.start + n, edit.alt, edit.alt + edit.alt)
        return None


#: the objects made per allele, without the generic attribute path (the same objects)
_named = positional_constructor(TranscriptHgvs)
_edit = positional_constructor(Edit)
_shifted = positional_constructor(Shifted)


def _rebuild(start: int, end: int, moving: str, deletion: bool) -> Edit:
    return _edit(start, end, moving, "") if deletion else _edit(start, start, "", moving)


def indel_on_transcript(
    m: FastModel,
    site: IndelSite,
    sequences: PackSequences,
    reference_protein: ReferenceProtein,
) -> TranscriptHgvs | None:
    """``site``'s edit described on ``m``'s transcript, or None where the general
    path must decide."""
    edit = site.edit
    insertion = not edit.ref
    if insertion:
        first, last = edit.start, edit.start + 1  # the two flanking bases
    else:
        first, last = edit.start + 1, edit.end
    tmap, tx = m.tmap, m.tx
    i = bisect_right(tmap.segment_starts, first) - 1
    if i < 0:
        return None
    region, lo, hi = tmap.segments[i]
    if last > hi:  # across an exon/intron border, or past the transcript's end
        return None
    exonic = region.startswith("exon")
    if exonic and m.cds_lo:
        # like biocommons: 5' UTR, CDS and 3' UTR are separate shifting regions
        if last < m.cds_lo:
            hi = min(hi, m.cds_lo - 1)
        elif first > m.cds_hi:
            lo = max(lo, m.cds_hi + 1)
        elif m.cds_lo <= first and last <= m.cds_hi:
            lo, hi = max(lo, m.cds_lo), min(hi, m.cds_hi)
        else:  # at or across a UTR/CDS junction
            return None
    strand = tmap.strand
    shifted = site.bounded(strand, lo - 1, hi)
    if shifted is None:
        return None
    free = site.shifted(strand)
    assert free is not None  # bounded() found it
    moved, dup = shifted.edit, shifted.dup
    try:
        text = body(moved, dup, tmap.interval, minus=strand < 0)
    except CoordinateError:  # the general path words the note
        return None
    hgvs = m.prefix + text
    # the general path's note: the bounded shift stops short of the unbounded one
    notes: tuple[str, ...] = () if free.edit == moved else (_BORDER.format(region),)
    if not m.cds_lo:
        return _named(tx.accession, tx.gene, tx.product, hgvs, region, None, None, None, notes)
    # the bases the protein step judges: the duplicated ones, else the flanks or the deleted
    if dup is not None:
        p_first, p_last = dup.start + 1, dup.end
    elif insertion:
        p_first, p_last = moved.start, moved.start + 1
    else:
        p_first, p_last = moved.start + 1, moved.end
    if not exonic or p_last < m.cds_lo or p_first > m.cds_hi:
        # intronic: splicing may change, p.?; wholly in a UTR: p.(=)
        change, three = (UNCHANGED, m.unchanged) if exonic else (UNKNOWN, m.unknown)
        if exonic and (p_last < m.cds_lo if strand > 0 else p_first > m.cds_hi):
            seq = sequences.known_transcript_sequence(tx.accession)
            note = upstream_atg_note(seq, tmap, moved)  # in the 5' UTR: a new ATG?
            notes = (*notes, note) if note else notes
        if not m.protein_prefix:
            notes = (*notes, NO_PROTEIN_ACCESSION)
        return _named(tx.accession, tx.gene, tx.product, hgvs, region, three, three, change, notes)
    if p_first < m.cds_lo or p_last > m.cds_hi:
        return None  # across the start or the stop codon's border: the general path
    tx_seq = sequences.known_transcript_sequence(tx.accession)
    if tx_seq is None:
        return _named(
            tx.accession,
            tx.gene,
            tx.product,
            hgvs,
            region,
            None,
            None,
            None,
            (*notes, *NO_SEQUENCE),
        )
    start_i, end_i = tmap.cds_start_i, tmap.cds_end_i
    assert start_i is not None and end_i is not None
    if insertion:  # beside an exon edge the inserted bases are exonic
        s = insertion_offset(tmap, moved.start)
    else:
        s = tmap.offset(moved.start + 1 if strand > 0 else moved.end)
    alt = moved.alt if strand > 0 else reverse_complement(moved.alt)
    change = predict(
        tx_seq,
        start_i,
        s,
        s + len(moved.ref),
        alt,
        cds_end=end_i,
        ref_protein=reference_protein(tx.accession, tx_seq, start_i, end_i),
    )
    if not change.complete:
        notes = (*notes, INCOMPLETE)
    if not m.protein_prefix:
        notes = (*notes, NO_PROTEIN_ACCESSION)
    return _named(
        tx.accession,
        tx.gene,
        tx.product,
        hgvs,
        region,
        m.protein_prefix + change.hgvs(),
        m.protein_prefix + change.hgvs(one_letter=True),
        change,
        notes,
    )
