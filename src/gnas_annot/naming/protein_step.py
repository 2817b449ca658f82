"""The protein step of the general naming path: the ``p.`` change of an edit
3'-shifted on one coding transcript, or why there is none.

Intronic and splice-spanning changes are ``p.?``, UTR ones ``p.(=)``
(:func:`~gnas_annot.naming.protein_change.noncoding_change`); a deletion of the
whole CDS is ``p.0``; a change across the start codon's 5' border is decided
as VEP does (:func:`_across_start`); inside the CDS the spliced transcript is
changed and translated (:func:`~gnas_annot.naming.protein.predict`).
"""

from __future__ import annotations

from gnas_annot.model.locus import Transcript
from gnas_annot.naming.coords import TranscriptMap
from gnas_annot.naming.fast_model import INCOMPLETE, NO_SEQUENCE_NOTE, ReferenceProtein
from gnas_annot.naming.layout import insertion_offset
from gnas_annot.naming.protein import predict
from gnas_annot.naming.protein_change import ProteinChange, noncoding_change
from gnas_annot.naming.sequences import PackSequences
from gnas_annot.naming.uatg import upstream_atg_note
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.shift import Edit, Fetch0, as_duplication


def protein_of(
    tx: Transcript,
    tmap: TranscriptMap,
    edit: Edit,
    region: str,
    notes: list[str],
    sequences: PackSequences,
    fetch: Fetch0 | None,
    reference_protein: ReferenceProtein,
) -> ProteinChange | None:
    """The protein change of ``edit`` (3'-shifted on ``tx``) lying in ``region``; None
    (with a note) when the reference cannot tell.  Notes are added to ``notes``."""
    assert tx.cds_start is not None and tx.cds_end is not None
    lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
    dup = as_duplication(edit, fetch, tx.strand) if edit.is_insertion and fetch else None
    first, last = edit.start + 1, max(edit.end, edit.start + 1)
    if dup is not None:  # biocommons judges a dup by the duplicated bases
        first, last = dup.start + 1, dup.end
    elif edit.is_insertion:
        first, last = edit.start, edit.start + 1  # the two flanking bases
    if not region.startswith("exon") or "-" in region or last < lo or first > hi:
        change = noncoding_change(region)  # intronic, splice-spanning: p.?; UTR: p.(=)
        if change.kind == "unchanged" and (last < lo if tx.strand > 0 else first > hi):
            seq = sequences.known_transcript_sequence(tx.accession)
            notes.extend(n for n in [upstream_atg_note(seq, tmap, edit)] if n)
        return change
    if first < lo or last > hi:
        if edit.is_deletion and first < lo and last > hi:
            return ProteinChange("no_protein")  # the whole CDS is deleted: p.0
        if not edit.is_insertion and (first < lo if tx.strand > 0 else last > hi):
            return _across_start(tx, tmap, edit, sequences)
        after_stop = (first, last) == ((hi, hi + 1) if tx.strand > 0 else (lo - 1, lo))
        return ProteinChange("unchanged" if edit.is_insertion and after_stop else "unknown")
    tx_seq = sequences.known_transcript_sequence(tx.accession)
    if tx_seq is None:
        notes.append(NO_SEQUENCE_NOTE)
        return None
    start_i, end_i = tmap.cds_start_i, tmap.cds_end_i
    assert start_i is not None and end_i is not None
    if edit.is_insertion:
        # an insertion beside an exon edge is exonic: the splice site's
        # dinucleotide is untouched, so the spliced mRNA carries the new bases
        s = insertion_offset(tmap, edit.start)
    else:
        s = tmap.offset(edit.start + 1 if tx.strand > 0 else edit.end)
    e = s + len(edit.ref)
    alt = edit.alt if tx.strand > 0 else reverse_complement(edit.alt)
    change = predict(
        tx_seq,
        start_i,
        s,
        e,
        alt,
        cds_end=end_i,
        ref_protein=reference_protein(tx.accession, tx_seq, start_i, end_i),
    )
    if not change.complete:
        notes.append(INCOMPLETE)
    return change


def _across_start(
    tx: Transcript, tmap: TranscriptMap, edit: Edit, sequences: PackSequences
) -> ProteinChange:
    """A change spanning the 5' UTR and the start codon: as VEP
    (``_ins_del_start_altered``), apply it to UTR + CDS: unless the CDS is still
    the end of it, the start is lost (c.-2_1del); kept, or decided only by
    bases the reference does not know -> p.?."""
    tx_seq = sequences.known_transcript_sequence(tx.accession)
    try:
        s = tmap.offset(edit.start + 1 if tx.strand > 0 else edit.end)
        far = tmap.offset(edit.end if tx.strand > 0 else edit.start + 1)
    except ValueError:  # a deleted base is not exonic
        return ProteinChange("unknown")
    if tx_seq is None or tmap.cds_start_i is None or far - s + 1 != len(edit.ref):
        return ProteinChange("unknown")  # no sequence, or an intron inside the deletion
    alt = edit.alt if tx.strand > 0 else reverse_complement(edit.alt)
    tail = tx_seq[tmap.cds_start_i :].upper()  # the CDS and what follows it
    new = (tx_seq[:s] + alt + tx_seq[s + len(edit.ref) :]).upper()
    # kept only if the CDS is still the end of the changed sequence: the change
    # then amounts to one in the UTR; a difference at known bases loses it
    pairs = zip(new[len(new) - len(tail) :], tail, strict=True)
    if len(new) < len(tail) or any(a != b and "N" not in (a, b) for a, b in pairs):
        return ProteinChange("start_lost", 1, 1, "M", complete=True)
    return ProteinChange("unknown")
