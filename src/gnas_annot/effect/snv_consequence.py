"""The consequence of an SNV on one transcript, from the exon or intron that holds it.

:meth:`~gnas_annot.effect.consequence.ConsequenceCalculator._overlapping` works for
any allele (a span of bases, exons and introns it touches, splice windows it
overlaps); for a single base most of that is idle: one segment holds it, its
splice terms are read from a table (:meth:`SpliceSites.at`), its cDNA position
is one sum and its codon one slice.  :func:`snv_consequence` does those steps
for the SNV at ``pos`` once the segment ``j`` holding it is known: both the
calculator's two-step path (names, then consequences) and the one-pass path of
:mod:`gnas_annot.effect.one_pass` come here.  tests/test_snv_fast_path.py holds it
to the general path on every SNV near every exon of every transcript.

:func:`transcript_consequence` (the last step of every transcript consequence)
keeps the severity order of each set of terms it has seen: a few dozen sets
occur, and sorting them for each allele was a tenth of the step.
"""

from __future__ import annotations

from collections.abc import Callable

from gnas_annot.effect.coding_terms import snv_coding_terms
from gnas_annot.effect.geometry import Geometry
from gnas_annot.effect.terms import IMPACT, NO_AA, RANK, Positions, TranscriptConsequence
from gnas_annot.model.construct import positional_constructor
from gnas_annot.model.locus import Transcript
from gnas_annot.model.spans import ExonSpan
from gnas_annot.naming.described import TranscriptHgvs
from gnas_annot.naming.protein_change import ProteinChange
from gnas_annot.seq.codons import reverse_complement

#: a transcript's sequence by accession (None without a reference), kept by the caller
SequenceOf = Callable[[str], str | None]

#: TranscriptConsequence(*every field): the same object without the generic attribute path
consequence = positional_constructor(TranscriptConsequence)

_NONE5: Positions = (None, None, None, None, None)

#: a set of terms -> (the terms most severe first, the IMPACT of the first); bounded
#: (the vocabulary allows few sets in practice; past the bound each call sorts)
_ORDERED: dict[frozenset[str], tuple[tuple[str, ...], str]] = {}
_ORDERED_MAX = 4096


def snv_consequence(
    g: Geometry, j: int, pos: int, alt: str, hgvs: TranscriptHgvs | None, sequence: SequenceOf
) -> TranscriptConsequence:
    """The SNV ``pos`` > ``alt`` (genomic, upper case) in segment ``j`` (genomic
    order: exon ``j // 2`` for even ``j``, the intron after it for odd) of ``g``'s
    transcript, described on it by ``hgvs`` (its protein change gives the coding terms)."""
    tx = g.tx
    coding = g.cds_lo > 0
    s = g.segments[j]
    splice = g.splice.points.get(pos)
    exon = intron = None
    positions = _NONE5
    if j & 1:  # exons and introns alternate: an odd segment is an intron
        intron = g.intron_spans[s.number - 1]
        if s.start + 2 <= pos <= s.end - 2:  # not the canonical +1/+2, -1/-2 bases
            if splice is None:  # deep in the intron (most bases of a locus): one answer
                ordered, impact = _INTRONIC_CODING if coding else _INTRONIC
                return consequence(
                    tx.accession, tx.gene, tx.product, tx.biotype, ordered, impact,
                    None, intron, None, None, None, None, None, None, hgvs,
                )  # fmt: skip
            terms = {*splice, "intron_variant"}
        else:
            terms = set(splice or ())
    else:
        terms = set(splice or ())
        exon = g.exon_spans[s.number - 1]
        i = j >> 1
        cdna = g.exon_before[i] + 1 + (pos - s.start if tx.strand > 0 else g.exon_ends[i] - pos)
        if not coding:
            terms.add("non_coding_transcript_exon_variant")
            positions = (str(cdna), None, None, None, None)
        else:
            change = hgvs.protein_change if hgvs else None
            positions = snv_positions(g, alt, cdna, change, sequence)
            if not g.cds_lo <= pos <= g.cds_hi:
                five = pos < g.cds_lo if tx.strand > 0 else pos > g.cds_hi
                terms.add("5_prime_UTR_variant" if five else "3_prime_UTR_variant")
            else:
                terms |= snv_coding_terms(g, pos, change)
    return transcript_consequence(tx, coding, terms, exon, intron, positions, hgvs)


def snv_positions(
    g: Geometry, alt: str, cdna: int, change: ProteinChange | None, sequence: SequenceOf
) -> Positions:
    """VEP's position fields of an SNV at exonic cDNA position ``cdna`` of a coding
    transcript."""
    c = cdna - g.cds_first  # c. position: the CDS starts at transcript offset cds_first
    if not 1 <= c <= g.coding_length:
        return str(cdna), None, None, None, None
    amino_acids = None
    if change is not None and change.ref and change.kind not in NO_AA:
        amino_acids = (
            change.ref
            if change.kind in ("synonymous", "stop_retained")
            else f"{change.ref}/{change.alt or '-'}"
        )
    codons = snv_codons(g, alt, c, sequence(g.tx.accession))
    return str(cdna), str(c), str((c - 1) // 3 + 1), amino_acids, codons


def snv_codons(g: Geometry, alt: str, c: int, seq: str | None) -> str | None:
    """VEP's codons field of an SNV at c. position ``c``: 'Cgt/Tgt'."""
    if seq is None:
        return None
    k = c - 1
    at = k % 3
    begin = g.cds_first + k - at
    ref = seq[begin : begin + 3]
    if len(ref) != 3:  # a last codon cut short: the general reading words it
        return substitution_codons(g, 1, alt, c, seq)
    if "N" in ref:
        return None
    base = alt if g.tx.strand > 0 else reverse_complement(alt)
    low = ref.lower()
    head, tail = low[:at], low[at + 1 :]
    return f"{head}{ref[at].upper()}{tail}/{head}{base.upper()}{tail}"


def substitution_codons(g: Geometry, n_ref: int, alt: str, cds_first: int, seq: str) -> str | None:
    """VEP's codons field of ``n_ref`` bases replaced by ``alt`` (genomic) from c.
    position ``cds_first`` on: the changed bases upper case ('Cgt/Tgt')."""
    start_i = g.cds_first
    k = cds_first - 1  # 0-based CDS offset of the first changed base
    lo = k - k % 3
    hi = k + n_ref
    hi += -hi % 3
    ref = seq[start_i + lo : start_i + hi]
    alt_bases = alt if g.tx.strand > 0 else reverse_complement(alt)
    new = ref[: k - lo] + alt_bases + ref[k - lo + len(alt_bases) :]
    if "N" in ref:
        return None
    changed = range(k - lo, k - lo + len(alt_bases))

    def case(s: str) -> str:
        return "".join(b.upper() if i in changed else b.lower() for i, b in enumerate(s))

    return f"{case(ref)}/{case(new)}"


def flank_consequence(
    tx: Transcript, terms: tuple[str, ...], impact: str, distance: int
) -> TranscriptConsequence:
    """An upstream/downstream_gene_variant ``distance`` bases from ``tx``."""
    return consequence(
        tx.accession, tx.gene, tx.product, tx.biotype, terms, impact, *_NO_PLACE, distance, None
    )


_NO_PLACE = (None,) * 7  # exon, intron, the positions, amino acids and codons


def _ordered(terms: frozenset[str]) -> tuple[tuple[str, ...], str]:
    """``terms`` most severe first, and the IMPACT of the first (kept, bounded)."""
    found = _ORDERED.get(terms)
    if found is None:
        ordered = tuple(sorted(terms, key=RANK.__getitem__))
        found = (ordered, IMPACT[ordered[0]])
        if len(_ORDERED) < _ORDERED_MAX:
            _ORDERED[terms] = found
    return found


#: what transcript_consequence gives a base deep in an intron of a coding / non-coding
#: transcript (worked out by it, once)
_INTRONIC_CODING = _ordered(frozenset({"intron_variant"}))
_INTRONIC = _ordered(frozenset({"intron_variant", "non_coding_transcript_variant"}))


def transcript_consequence(
    tx: Transcript, coding: bool, terms: set[str], exon: ExonSpan | None,
    intron: ExonSpan | None, positions: Positions, hgvs: TranscriptHgvs | None,
) -> TranscriptConsequence:  # fmt: skip
    """The consequence on ``tx`` from its terms (a transcript hit with no other term is
    a coding/non-coding transcript variant), ordered by severity."""
    if not coding and "non_coding_transcript_exon_variant" not in terms:
        terms.add("non_coding_transcript_variant")
    if not terms:
        terms.add("coding_transcript_variant" if coding else "non_coding_transcript_variant")
    found = _ordered(frozenset(terms))
    return consequence(
        tx.accession,
        tx.gene,
        tx.product,
        tx.biotype,
        found[0],
        found[1],
        exon,
        intron,
        *positions,
        None,
        hgvs,
    )
