"""The coding terms of an allele on a coding transcript (VEP's missense_variant,
frameshift_variant, inframe_deletion, start_lost, ...): from the protein change
HGVS naming predicted where there is one, from lengths and positions alone
where it could not (no sequence, unknown bases).

Lengths speak only for an allele wholly in the CDS: VEP's ``frameshift`` needs the
allele's CDS coordinates (``return 0 unless defined $bvfo->cds_start && defined
$bvfo->cds_end``, VariationEffect.pm; TranscriptVariation::cds_start is undef when
the allele's first mapped piece is a gap, i.e. a base outside the CDS), and its
in-frame terms need the allele's codons.  So a deletion from the 5' UTR through the
ATG (``c.-1_1del``) is start_lost and 5_prime_UTR_variant, not frameshift_variant,
while ``c.1del`` and ``c.2del``, wholly in the CDS, are start_lost and
frameshift_variant (bcftools csq: ``5_prime_utr&coding_sequence`` and
``start_lost``, never frameshift, for both).

>>> by_length(Edit(9, 11, "CT", "")), by_length(Edit(9, 9, "", "CTG"))
('frameshift_variant', 'inframe_insertion')
"""

from __future__ import annotations

from gnas_annot.effect.geometry import Geometry
from gnas_annot.effect.terms import PROTEIN_TERMS
from gnas_annot.naming.described import TranscriptHgvs
from gnas_annot.naming.protein_change import ProteinChange
from gnas_annot.seq.shift import Edit


def coding_terms(
    g: Geometry, edit: Edit, exonic: list[int], hgvs: TranscriptHgvs | None
) -> set[str]:
    """The coding terms; ``exonic`` are the allele's exonic bases, ascending."""
    lo, hi, plus = g.cds_lo, g.cds_hi, g.tx.strand > 0
    terms: set[str] = set()
    if edit.is_insertion and not all(lo <= p <= hi for p in exonic):
        # an insertion beside the CDS (before c.1, after the stop) leaves it intact
        exonic = [p for p in exonic if not lo <= p <= hi]
    five = [p for p in exonic if (p < lo if plus else p > hi)]
    if five:
        terms.add("5_prime_UTR_variant")
    if any(p not in five and not lo <= p <= hi for p in exonic):
        terms.add("3_prime_UTR_variant")
    frameshift = (len(edit.alt) - len(edit.ref)) % 3 != 0
    in_cds = [p for p in exonic if lo <= p <= hi]
    # VEP's CDS coordinates: every changed base coding (an insertion: both flanks,
    # kept above only when both are in the CDS)
    whole = edit.is_insertion or len(in_cds) == len(edit.ref)
    change = hgvs.protein_change if hgvs else None
    if in_cds:
        term = PROTEIN_TERMS.get(change.kind) if change is not None else None
        if term is None and (change is None or not change.complete):
            # what lengths and positions alone tell (no sequence, or unknown bases)
            term = (by_length(edit) if whole else None) or start_codon(g, in_cds)
        if change is not None and change.kind == "inframe_delins":
            # VEP judges in-frame changes by their bases: a net loss is inframe_deletion
            term = (by_length(edit) if whole else None) or term
        if term is None:
            terms.add("coding_sequence_variant")
        else:
            terms.add(term)
            if change is not None and change.kind == "nonsense" and frameshift:
                terms.add("frameshift_variant")  # VEP: stop_gained&frameshift_variant
        if change is not None and change.premature_stop is not None:
            terms.add("stop_gained")  # also within an in-frame insertion or delins
        if (change is None or change.kind == "start_lost") and start_codon(g, in_cds):
            terms.add("start_lost")
            if frameshift and whole:
                terms.add("frameshift_variant")  # VEP: start_lost&frameshift_variant (c.2del)
    return terms


def snv_coding_terms(g: Geometry, pos: int, change: ProteinChange | None) -> set[str]:
    """:func:`coding_terms` of an SNV at ``pos`` inside the CDS (lengths alone say
    nothing of an SNV: only the protein change and the start codon speak)."""
    start = g.codon_lo <= pos <= g.codon_hi
    term = PROTEIN_TERMS.get(change.kind) if change is not None else None
    if term is None and (change is None or not change.complete) and start:
        term = "start_lost"
    terms = {term or "coding_sequence_variant"}
    if change is not None and change.premature_stop is not None:
        terms.add("stop_gained")
    if start and (change is None or change.kind == "start_lost"):
        terms.add("start_lost")
    return terms


def start_codon(g: Geometry, in_cds: list[int]) -> str | None:
    """A substitution in the annotated start codon (ATG by definition) loses Met1."""
    return "start_lost" if any(g.codon_lo <= p <= g.codon_hi for p in in_cds) else None


def by_length(edit: Edit) -> str | None:
    delta = len(edit.alt) - len(edit.ref)
    if delta % 3:
        return "frameshift_variant"
    if delta < 0:
        return "inframe_deletion"
    if delta > 0:
        return "inframe_insertion"
    return None
