"""A 5' UTR change that creates an upstream ATG: said in a note, not in p.

HGVS names the protein from the annotated start codon, so a change wholly in
the 5' UTR is ``p.(=)``.  A new upstream AUG (uAUG) can still change what is
made: ribosomes scanning from the cap may start there, and then read a short
upstream ORF (less of the main protein), an ORF overlapping the start codon
out of frame (much less), or, in frame without a stop, an N-terminally
extended protein.  Ensembl VEP reports this only through the UTRAnnotator
plugin (``5_prime_UTR_premature_start_codon_gain_variant``, not a core VEP
term); we keep VEP's core terms and say it in a note instead, with where the
new ATG lies and which of the three ORFs it opens, so a reviewer sees it.
"""

from __future__ import annotations

from gnas_annot.naming.coords import TranscriptMap
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.shift import Edit

_STOPS = frozenset({"TAA", "TAG", "TGA"})
_PLUGIN = (
    "VEP's UTRAnnotator plugin calls this 5_prime_UTR_premature_start_codon_gain_variant; "
    "p.(=) describes translation from the annotated start only"
)


def upstream_atg_note(tx_seq: str | None, tmap: TranscriptMap, edit: Edit) -> str | None:
    """The note for ``edit`` (wholly in the 5' UTR exons of ``tmap``'s transcript)
    if it creates an ATG upstream of c.1 on the variant allele, else None."""
    start_i = tmap.cds_start_i
    if tx_seq is None or start_i is None:
        return None
    plus = tmap.strand > 0
    try:
        if edit.is_insertion:
            s = tmap.offset(edit.start if plus else edit.start + 1) + 1
        else:
            s = tmap.offset(edit.start + 1 if plus else edit.end)
    except ValueError:  # an insertion beside an exon edge: not judged here
        return None
    alt = (edit.alt if plus else reverse_complement(edit.alt)).upper()
    seq = tx_seq.upper()
    new = seq[:s] + alt + seq[s + len(edit.ref) :]
    start = start_i + len(alt) - len(edit.ref)  # c.1 on the variant allele
    # ATGs holding an inserted or changed base, or spanning the join a deletion makes
    for i in range(max(0, s - 2), min(s + len(alt), start - 2)):
        if new[i : i + 3] != "ATG":
            continue
        if len(alt) == len(edit.ref) and seq[i : i + 3] == "ATG":
            continue  # a substitution that kept an ATG
        return _note(new, i, start)
    return None


def _note(new: str, i: int, start: int) -> str:
    distance = start - i
    stop = next(
        (j for j in range(i, len(new) - 2, 3) if new[j : j + 3] in _STOPS),
        None,
    )
    unknown = "N" in new[i : (stop if stop is not None else len(new))]
    if unknown:
        orf = "where its ORF ends depends on bases the reference does not know"
    elif stop is not None and stop < start:
        orf = f"it opens an upstream ORF of {(stop - i) // 3} codons ending before c.1"
    elif distance % 3 == 0:
        orf = "in frame with the CDS and no stop before c.1: an N-terminally extended protein"
    else:
        orf = "its ORF runs out of frame across c.1 (an overlapping ORF)"
    return (
        f"creates an upstream ATG in the 5' UTR, {distance} nt before c.1 on the variant "
        f"allele: {orf}; translation of the annotated protein may fall ({_PLUGIN})"
    )
