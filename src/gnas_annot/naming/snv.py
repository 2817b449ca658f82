"""The single-base substitution fast path of naming.

Most alleles of a dense call set are SNVs (85 % in the benchmark), and for an
SNV most of what :meth:`~gnas_annot.naming.names.HgvsNamer.name` does for
indels is idle: there is nothing to shift 3', nothing can be a duplication,
and the change touches one exon or intron.  :func:`snv_on_transcript` names an
SNV on one transcript from the tables built once per run (:class:`FastModel`:
the exon/intron bisection and position arithmetic of
:class:`~gnas_annot.naming.coords.TranscriptMap`, the CDS bounds, the
accession prefixes) and reads the protein change from the one codon it
changes (:func:`snv_protein`).  Whenever the case is not plain (a base
outside the transcript's numbering, a codon at the start or the stop, a base
the reference does not know), it answers None and the namer takes the
general path, so both give the same description by construction;
tests/test_snv_fast_path.py compares them on every SNV of every exon base
and 20 intronic bases either side, both builds, both strands.
"""

from __future__ import annotations

from bisect import bisect_right

from gnas_annot.model.construct import positional_constructor
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
from gnas_annot.naming.protein import predict
from gnas_annot.naming.protein_change import THREE_LETTER, ProteinChange
from gnas_annot.naming.sequences import PackSequences
from gnas_annot.naming.uatg import upstream_atg_note
from gnas_annot.seq.codons import translate
from gnas_annot.seq.shift import Edit

#: TranscriptHgvs(*every field): the same object, made without the generic attribute path
_named = positional_constructor(TranscriptHgvs)


def snv_on_transcript(
    m: FastModel,
    pos: int,
    changes: tuple[str, str],
    sequences: PackSequences,
    reference_protein: ReferenceProtein,
) -> TranscriptHgvs | None:
    """The SNV at ``pos`` described on ``m``'s transcript, or None where the general
    path must decide (outside every exon and intron).  ``changes`` are its
    ``ref>alt`` texts on the plus and on the minus strand (upper case, ``ref != alt``),
    worked out once for all transcripts."""
    tmap = m.tmap
    j = bisect_right(tmap.segment_starts, pos) - 1
    if j < 0 or pos > tmap.segments[j][2]:
        return None
    return snv_in_segment(m, j, pos, changes, sequences, reference_protein)


def snv_in_segment(
    m: FastModel,
    j: int,
    pos: int,
    changes: tuple[str, str],
    sequences: PackSequences,
    reference_protein: ReferenceProtein,
) -> TranscriptHgvs:
    """:func:`snv_on_transcript` of an SNV at ``pos`` inside segment ``j`` (genomic
    order) of ``m``'s transcript: the consequence step's one-pass SNV path
    (:mod:`gnas_annot.effect.one_pass`) looks the segment up once for both."""
    tmap = m.tmap
    region = tmap.segments[j][0]
    where, n = tmap.point_in(j, pos)
    tx = m.tx
    change_text = changes[0] if tmap.strand > 0 else changes[1]
    alt = change_text[-1]
    hgvs = m.prefix + where + change_text
    if tmap.cds_start_i is None:
        return _named(tx.accession, tx.gene, tx.product, hgvs, region, None, None, None, ())
    notes = () if m.protein_prefix else (NO_PROTEIN_ACCESSION,)
    if j & 1:  # intronic (segments alternate, exons even): splicing may change: p.?
        return _named(
            tx.accession, tx.gene, tx.product, hgvs, region, m.unknown, m.unknown, UNKNOWN, notes
        )
    if pos < m.cds_lo or pos > m.cds_hi:  # 5' or 3' UTR: p.(=)
        if (pos < m.cds_lo) == (tmap.strand > 0):  # an upstream ATG or uORF changed?
            plus = changes[0]  # the genomic 'C>T'
            seq = sequences.known_transcript_sequence(tx.accession)
            note = upstream_atg_note(seq, tmap, Edit(pos - 1, pos, plus[0], plus[-1]))
            notes = (*notes, note) if note else notes
        return _named(
            tx.accession,
            tx.gene,
            tx.product,
            hgvs,
            region,
            m.unchanged,
            m.unchanged,
            UNCHANGED,
            notes,
        )
    tx_seq = sequences.known_transcript_sequence(tx.accession)
    if tx_seq is None:
        return _named(
            tx.accession, tx.gene, tx.product, hgvs, region, None, None, None, NO_SEQUENCE
        )
    start_i, end_i = tmap.cds_start_i, tmap.cds_end_i
    assert end_i is not None
    protein = reference_protein(tx.accession, tx_seq, start_i, end_i)
    s = n - 1  # the transcript offset of an exonic base
    fast = snv_protein(tx_seq, start_i, s, alt, protein)
    if fast is not None:
        change, three, one = fast
    else:
        change = predict(tx_seq, start_i, s, s + 1, alt, cds_end=end_i, ref_protein=protein)
        three, one = change.hgvs(), change.hgvs(one_letter=True)
        if not change.complete:
            notes = (INCOMPLETE, *notes)
    return _named(
        tx.accession,
        tx.gene,
        tx.product,
        hgvs,
        region,
        m.protein_prefix + three,
        m.protein_prefix + one,
        change,
        notes,
    )


def snv_protein(
    tx_seq: str, cds_offset: int, s: int, base: str, ref_protein: str
) -> tuple[ProteinChange, str, str] | None:
    """The protein change of base ``s`` of ``tx_seq`` becoming ``base``, read from
    its one codon, with its HGVS texts (three-letter, one-letter); None (ask
    :func:`~gnas_annot.naming.protein.predict`) for the first and the last codon,
    or when either codon does not translate.

    ``ref_protein`` is the translation of the CDS (from ``cds_offset`` to the end
    of its stop codon).  Away from the start and the stop an SNV changes one
    residue and nothing else, so predict's comparison of whole translations
    comes down to that residue: the same, a synonymous (or stop-retaining)
    change; a stop, nonsense; else missense.

    >>> snv_protein("ATGGCCCGTCAGTAA", 0, 6, "T", "MARQ*")[1:]  # c.7C>T
    ('p.(Arg3Cys)', 'p.(R3C)')
    >>> snv_protein("ATGGCCCGTCAGTAA", 0, 1, "C", "MARQ*") is None  # the start codon
    True
    """
    k, at = divmod(s - cds_offset, 3)
    if k < 1 or k >= len(ref_protein) - 1 or len(base) != 1:
        return None
    c = cds_offset + 3 * k
    codon = tx_seq[c : c + 3]
    r = ref_protein[k]
    a = translate(codon[:at] + base + codon[at + 1 :])
    if r == "X" or a == "X" or len(a) != 1:
        return None
    n = k + 1
    if r == a:
        kind = "stop_retained" if r == "*" else "synonymous"
        change = ProteinChange(kind, n, n, r, r)
        return change, f"p.({THREE_LETTER[r]}{n}=)", f"p.({r}{n}=)"
    change = ProteinChange("nonsense" if a == "*" else "missense", n, n, r, a)
    return change, f"p.({THREE_LETTER[r]}{n}{THREE_LETTER[a]})", f"p.({r}{n}{a})"
