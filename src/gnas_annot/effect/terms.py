"""VEP's consequence terms with their severity and IMPACT, and the typed
per-transcript and per-allele results of :mod:`gnas_annot.effect.consequence`
(which re-exports them): the vocabulary, apart from the calculation.
"""

from __future__ import annotations

from dataclasses import dataclass

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.spans import ExonSpan
from gnas_annot.naming.described import TranscriptHgvs, VariantHgvs

#: VEP's consequence terms, most severe first, with their IMPACT.
TERMS: tuple[tuple[str, str], ...] = (
    ("transcript_ablation", "HIGH"),
    ("splice_acceptor_variant", "HIGH"),
    ("splice_donor_variant", "HIGH"),
    ("stop_gained", "HIGH"),
    ("frameshift_variant", "HIGH"),
    ("stop_lost", "HIGH"),
    ("start_lost", "HIGH"),
    ("transcript_amplification", "HIGH"),
    ("feature_elongation", "HIGH"),
    ("feature_truncation", "HIGH"),
    ("inframe_insertion", "MODERATE"),
    ("inframe_deletion", "MODERATE"),
    ("missense_variant", "MODERATE"),
    ("protein_altering_variant", "MODERATE"),
    ("splice_donor_5th_base_variant", "LOW"),
    ("splice_region_variant", "LOW"),
    ("splice_donor_region_variant", "LOW"),
    ("splice_polypyrimidine_tract_variant", "LOW"),
    ("incomplete_terminal_codon_variant", "LOW"),
    ("start_retained_variant", "LOW"),
    ("stop_retained_variant", "LOW"),
    ("synonymous_variant", "LOW"),
    ("coding_sequence_variant", "MODIFIER"),
    ("5_prime_UTR_variant", "MODIFIER"),
    ("3_prime_UTR_variant", "MODIFIER"),
    ("non_coding_transcript_exon_variant", "MODIFIER"),
    ("intron_variant", "MODIFIER"),
    ("non_coding_transcript_variant", "MODIFIER"),
    ("coding_transcript_variant", "MODIFIER"),
    ("upstream_gene_variant", "MODIFIER"),
    ("downstream_gene_variant", "MODIFIER"),
    ("intergenic_variant", "MODIFIER"),
)
RANK = {term: i for i, (term, _) in enumerate(TERMS)}
IMPACT = dict(TERMS)

NO_AA = ("frameshift", "start_lost", "unknown", "unchanged", "no_protein")

#: protein change kind -> SO term
PROTEIN_TERMS = {
    "missense": "missense_variant",
    "nonsense": "stop_gained",
    "synonymous": "synonymous_variant",
    "stop_retained": "stop_retained_variant",
    "start_lost": "start_lost",
    "stop_lost": "stop_lost",
    "frameshift": "frameshift_variant",
    "inframe_deletion": "inframe_deletion",
    "inframe_insertion": "inframe_insertion",
    "inframe_duplication": "inframe_insertion",
    "inframe_delins": "protein_altering_variant",
    "unchanged": "stop_retained_variant",
}


@dataclass(frozen=True, slots=True)
class TranscriptConsequence:
    """What one allele does to one transcript (VEP's CSQ fields, typed)."""

    transcript: str
    gene: str
    product: str
    biotype: str
    terms: tuple[str, ...]  # most severe first
    impact: str
    exon: ExonSpan | None = None  # rendered '7/13' by the writers
    intron: ExonSpan | None = None
    cdna_position: str | None = None  # '565-568'
    cds_position: str | None = None
    protein_position: str | None = None
    amino_acids: str | None = None  # 'R/C'
    codons: str | None = None  # 'Cgt/Tgt'
    distance: int | None = None  # for upstream/downstream_gene_variant
    hgvs: TranscriptHgvs | None = None

    @property
    def most_severe(self) -> str:
        return self.terms[0]


@dataclass(frozen=True, slots=True)
class VariantConsequences:
    build: GenomeBuild
    names: VariantHgvs | None
    transcripts: tuple[TranscriptConsequence, ...]
    span: tuple[int, int] | None = None  # genomic bases touched (an insertion: its flanks)
    allele: tuple[int, str, str] | None = None  # the VCF allele (pos, REF, ALT) named

    def on(self, accession: str) -> TranscriptConsequence | None:
        """The first transcript with ``accession``'s bare accession (any version)."""
        bare = accession.split(".")[0]
        n = len(bare)
        for t in self.transcripts:
            # t.transcript.split(".")[0] == bare, without splitting every accession
            name = t.transcript
            if name.startswith(bare) and (len(name) == n or name[n] == "."):
                return t
        return None

    @property
    def most_severe(self) -> str:
        return min(
            (t.terms[0] for t in self.transcripts),
            key=RANK.__getitem__,
            default="intergenic_variant",
        )


#: cDNA, CDS and protein positions, amino acids, codons
Positions = tuple[str | None, str | None, str | None, str | None, str | None]
NO_POSITIONS: Positions = (None, None, None, None, None)
