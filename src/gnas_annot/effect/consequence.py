"""Sequence Ontology consequences per variant and transcript, as VEP reports them.

Terms, their order of severity and their IMPACT follow Ensembl VEP (release
105 on, with the splice_donor_5th_base / splice_donor_region /
splice_polypyrimidine_tract terms).  Like VEP, consequences are computed on
the variant as given (left-aligned, minimal alleles), while the protein
change comes from the HGVS naming (3'-shifted, as HGVS wants it).

>>> from gnas_annot.model.builds import GenomeBuild
>>> calc = ConsequenceCalculator()
>>> tc = calc.annotate(GenomeBuild.GRCh38, 58909352, "C", "T").on("NM_000516.7")
>>> tc.terms, tc.impact, tc.exon.render(), tc.cds_position  # no reference: no protein change
(('splice_region_variant', 'coding_sequence_variant'), 'LOW', '8/13', '588')
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping

from gnas_annot.effect.coding_terms import coding_terms
from gnas_annot.effect.geometry import Geometry
from gnas_annot.effect.one_pass import OnePass
from gnas_annot.effect.snv_consequence import (
    flank_consequence,
    snv_consequence,
    substitution_codons,
    transcript_consequence,
)
from gnas_annot.effect.splice_region import overlaps as _overlaps
from gnas_annot.effect.stop_codon import stop_terms
from gnas_annot.effect.terms import IMPACT, NO_AA, NO_POSITIONS, Positions
from gnas_annot.effect.terms import RANK as RANK
from gnas_annot.effect.terms import TERMS as TERMS
from gnas_annot.effect.terms import TranscriptConsequence as TranscriptConsequence
from gnas_annot.effect.terms import VariantConsequences as VariantConsequences
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import FLANK, Transcript, transcript_segments
from gnas_annot.model.spans import ExonSpan
from gnas_annot.naming.names import OTHER_BUILD, HgvsNamer, TranscriptHgvs, VariantHgvs
from gnas_annot.naming.span_index import SpanIndex
from gnas_annot.seq.reference import ReferenceGenome
from gnas_annot.seq.shift import Edit


class ConsequenceCalculator:
    """Consequences of VCF alleles on every GNAS transcript within 5 kb.

    :meth:`of_names` takes the allele's HGVS names as input; :meth:`annotate`
    names the allele first (with ``namer``) and is kept for callers that have
    no names yet.
    """

    def __init__(
        self,
        references: Mapping[GenomeBuild, ReferenceGenome] | None = None,
        namer: HgvsNamer | None = None,
        snv_fast_path: bool = True,
    ) -> None:
        self.namer = namer or HgvsNamer(references, snv_fast_path=snv_fast_path)
        #: SNVs through :meth:`_overlapping_snv` (False: the general path, for the tests
        #: that hold the two to the same answers)
        self.snv_fast_path = snv_fast_path
        self._geometry: dict[GenomeBuild, tuple[Geometry, ...]] = {}
        self._near_index: dict[GenomeBuild, SpanIndex[Geometry]] = {}
        self._sequences: dict[str, str | None] = {}
        self._one_pass: dict[GenomeBuild, OnePass] = {}

    def annotate(
        self,
        build: GenomeBuild,
        pos: int,
        ref: str,
        alt: str,
        sv_type: str | None = None,
        sv_end: int | None = None,
    ) -> VariantConsequences:
        locus = self.namer.sequences.loci[build]
        if sv_type is not None:
            end = sv_end if sv_end is not None else pos
            return VariantConsequences(
                build,
                None,
                tuple(
                    _structural(tx, pos + 1, end, sv_type)
                    for tx in locus.transcripts_overlapping(pos + 1, end)
                    if tx.has_exon_model
                ),
            )
        if len(ref) == 1 == len(alt):
            r, a = ref.upper(), alt.upper()
            if r != a and self.snv_fast_path and self.namer.snv_fast_path:
                snv = self._one_pass.get(build) or self._one_pass_on(build)
                found = snv.annotate(pos, r, a)
                if found is not None:
                    return found
        elif self.namer.indel_fast_path and build in self.namer.references:
            found = self._one_pass_indel(build, pos, ref.upper(), alt.upper())
            if found is not None:
                return found
        return self.of_names(self.namer.name(build, pos, ref, alt), pos, ref, alt)

    def _one_pass_indel(
        self, build: GenomeBuild, pos: int, ref: str, alt: str
    ) -> VariantConsequences | None:
        """A pure deletion or insertion (upper case) named and classified in one pass
        over the transcripts near it (:meth:`OnePass.lanes`), as ``of_names(name(...))``
        gives it; None where that path must answer (tests/test_indel_fast_path.py)."""
        edit = Edit.from_vcf(pos, ref, alt)
        first, last = _span(edit)  # an insertion: both flanks (naming looks at the 3' one)
        lanes = (self._one_pass.get(build) or self._one_pass_on(build)).lanes(first, last)
        if lanes is None:
            return None
        namer = self.namer
        site = namer.indel_site(build, edit)
        if site is None:
            return None
        named = []
        results = []
        for lane in lanes:
            g, m = lane.geometry, lane.model
            if m is None:
                distance = lane.edge - last if lane.sign > 0 else first - lane.edge
                results.append(flank_consequence(g.tx, lane.terms, lane.impact, distance))
                continue
            t = namer.indel_on(m, site, build)
            named.append(t)
            results.append(self._overlapping_indel(g, edit, t, first, last))
        names = namer.indel_names(build, site, tuple(named))
        allele = (pos, ref, alt)
        return VariantConsequences(build, names, tuple(results), (first, last), allele)

    def of_names(self, names: VariantHgvs, pos: int, ref: str, alt: str) -> VariantConsequences:
        """Consequences of the VCF allele ``pos ref>alt`` whose HGVS names (from
        :class:`~gnas_annot.naming.names.HgvsNamer`) are ``names``.

        The names are an input, not something computed here: the protein
        change comes from them, the terms from the allele as given (VEP).
        ``annotate`` is naming followed by this.
        """
        build = names.build
        ref, alt = ref.upper(), alt.upper()
        snv = len(ref) == 1 == len(alt) and ref != alt
        if snv:
            edit = Edit(pos - 1, pos, ref, alt)  # nothing to trim
            snv = self.snv_fast_path
        else:
            edit = Edit.from_vcf(pos, ref, alt)
        first, last = _span(edit)
        # VariantHgvs.on's match (the first name with the same bare accession), once
        by_bare: dict[str, TranscriptHgvs] = {}
        for t in names.transcripts:
            by_bare.setdefault(t.transcript.split(".")[0], t)
        results = []
        near = self._near(build).holding(first, last)
        for g in self._geometries(build) if near is None else near:
            tx = g.tx
            if tx.start <= last and first <= tx.end:
                hgvs = by_bare.get(g.bare)
                if snv:
                    results.append(self._overlapping_snv(g, edit, hgvs, pos))
                else:
                    results.append(self._overlapping(g, edit, hgvs, first, last))
            elif last < tx.start - FLANK or first > tx.end + FLANK:
                continue  # no transcript within 5 kb: nothing to say (VEP)
            else:
                flank = _flanking(tx, first, last)
                if flank is not None:
                    results.append(flank)
        return VariantConsequences(build, names, tuple(results), (first, last), (pos, ref, alt))

    def _geometries(self, build: GenomeBuild) -> tuple[Geometry, ...]:
        """The transcripts with an exon model, in the locus' order, indexed once per run."""
        found = self._geometry.get(build)
        if found is None:
            locus = self.namer.sequences.loci[build]
            found = tuple(Geometry.of(tx) for tx in locus.transcripts if tx.has_exon_model)
            self._geometry[build] = found
        return found

    def _one_pass_on(self, build: GenomeBuild) -> OnePass:
        """The one-pass SNV path over this run's geometries and the namer's models."""
        namer = self.namer
        found = self._one_pass[build] = OnePass(
            build,
            OTHER_BUILD[build],
            self._geometries(build),
            namer.snv_models(build),
            namer.sequences,
            namer.reference_protein,
            self._sequence,
        )
        return found

    def _near(self, build: GenomeBuild) -> SpanIndex[Geometry]:
        """The transcripts within 5 kb of a position (of those with an exon model)."""
        found = self._near_index.get(build)
        if found is None:
            items = [(g.tx.start - FLANK, g.tx.end + FLANK, g) for g in self._geometries(build)]
            found = self._near_index[build] = SpanIndex(items)
        return found

    def _overlapping(
        self, g: Geometry, edit: Edit, hgvs: TranscriptHgvs | None, first: int, last: int
    ) -> TranscriptConsequence:
        tx = g.tx
        coding = g.cds_lo > 0
        exon = intron = None
        terms = g.splice.terms(edit, first, last)
        for s in g.hit(first, last):
            if s.kind == "exon":
                exon = exon or g.exon_spans[s.number - 1]
            else:
                intron = intron or g.intron_spans[s.number - 1]
                # VEP's intron effects start 3 bases into the intron: the canonical
                # +1/+2 and -1/-2 bases are splice sites, not intron_variant
                if _overlaps(first, last, s.start + 2, s.end - 2):
                    terms.add("intron_variant")
        positions = NO_POSITIONS
        if exon is not None:
            bases = g.exonic(first, last)
            if not coding:
                terms.add("non_coding_transcript_exon_variant")
            else:
                terms |= coding_terms(g, edit, bases, hgvs)
                change = hgvs.protein_change if hgvs else None
                stop_terms(terms, g, edit, bases, change, self._sequence(tx.accession))
            positions = self._positions(g, edit, bases, hgvs)
        return transcript_consequence(tx, coding, terms, exon, intron, positions, hgvs)

    def _overlapping_indel(
        self, g: Geometry, edit: Edit, hgvs: TranscriptHgvs | None, first: int, last: int
    ) -> TranscriptConsequence:
        """:meth:`_overlapping` of an allele touching ``first..last``: when one intron
        holds all of it (most bases of the locus), its terms are the splice terms and
        intron_variant alone, and nothing is exonic; else :meth:`_overlapping`."""
        j = bisect_right(g.segment_starts, first) - 1
        if j < 0 or not j & 1 or last > g.segments[j].end:
            return self._overlapping(g, edit, hgvs, first, last)
        s = g.segments[j]  # an intron (exons and introns alternate, exons even)
        terms = g.splice.terms(edit, first, last)
        if _overlaps(first, last, s.start + 2, s.end - 2):
            terms.add("intron_variant")
        intron = g.intron_spans[s.number - 1]
        return transcript_consequence(g.tx, g.cds_lo > 0, terms, None, intron, NO_POSITIONS, hgvs)

    def _overlapping_snv(
        self, g: Geometry, edit: Edit, hgvs: TranscriptHgvs | None, pos: int
    ) -> TranscriptConsequence:
        """:meth:`_overlapping` of an SNV at ``pos``: the segment holding it looked up
        once, the rest by :func:`snv_consequence` (tests/test_snv_fast_path.py holds
        the two to the same answers)."""
        j = bisect_right(g.segment_starts, pos) - 1
        if j < 0 or pos > g.segments[j].end:  # in no exon or intron: nothing but the hit
            return transcript_consequence(
                g.tx, g.cds_lo > 0, set(g.splice.at(pos)), None, None, NO_POSITIONS, hgvs
            )
        return snv_consequence(g, j, pos, edit.alt, hgvs, self._sequence)

    def _positions(
        self, g: Geometry, edit: Edit, exonic: list[int], hgvs: TranscriptHgvs | None
    ) -> Positions:
        """cDNA, CDS and protein positions, amino acids and codons (VEP's fields)."""
        if not exonic:
            return NO_POSITIONS
        offsets = sorted(g.offset(p) + 1 for p in exonic)
        cdna = _range(offsets[0], offsets[-1])
        if g.cds_lo == 0:
            return cdna, None, None, None, None
        cds_first = g.cds_first + 1
        length = g.coding_length
        cds = [o - cds_first + 1 for o in offsets if 1 <= o - cds_first + 1 <= length]
        if not cds:
            return cdna, None, None, None, None
        amino_acids = codons = None
        change = hgvs.protein_change if hgvs else None
        if change is not None and change.ref and change.kind not in NO_AA:
            amino_acids = (
                change.ref
                if change.kind in ("synonymous", "stop_retained")
                else f"{change.ref}/{change.alt or '-'}"
            )
        if len(edit.ref) == len(edit.alt) and len(cds) == len(edit.ref):
            codons = self._codons(g, edit, cds[0])
        return (
            cdna,
            _range(cds[0], cds[-1]),
            _range((cds[0] - 1) // 3 + 1, (cds[-1] - 1) // 3 + 1),
            amino_acids,
            codons,
        )

    def _sequence(self, accession: str) -> str | None:
        """The transcript's sequence (None without a reference), fetched once per run."""
        if accession not in self._sequences:
            self._sequences[accession] = self.namer.sequences.known_transcript_sequence(accession)
        return self._sequences[accession]

    def _codons(self, g: Geometry, edit: Edit, cds_first: int) -> str | None:
        """VEP's codons field for substitutions: changed bases upper case ('Cgt/Tgt')."""
        seq = self._sequence(g.tx.accession)
        if seq is None:
            return None
        return substitution_codons(g, len(edit.ref), edit.alt, cds_first, seq)


def _span(edit: Edit) -> tuple[int, int]:
    """1-based first/last affected base; an insertion touches both flanks."""
    if edit.is_insertion:
        return edit.start, edit.start + 1
    return edit.start + 1, edit.end


def _range(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}-{b}"


def _structural(tx: Transcript, first: int, last: int, sv_type: str) -> TranscriptConsequence:
    whole = first <= tx.start and tx.end <= last
    kind = sv_type.split(":")[0]
    if whole:
        term = {"DEL": "transcript_ablation", "DUP": "transcript_amplification"}.get(
            kind, "coding_sequence_variant" if tx.is_coding else "non_coding_transcript_variant"
        )
    else:
        term = {"DEL": "feature_truncation", "DUP": "feature_elongation"}.get(
            kind, "coding_sequence_variant" if tx.is_coding else "non_coding_transcript_variant"
        )
    numbered = [s for s in transcript_segments(tx) if s.kind == "exon"]
    hit = sorted(s.number for s in numbered if s.start <= last and first <= s.end)
    exon = ExonSpan(hit[0], hit[-1], len(numbered)) if hit else None
    return TranscriptConsequence(
        tx.accession, tx.gene, tx.product, tx.biotype, (term,), IMPACT[term], exon=exon
    )


def _flanking(tx: Transcript, first: int, last: int) -> TranscriptConsequence | None:
    if last < tx.start:
        distance, upstream = tx.start - last, tx.strand > 0
    else:
        distance, upstream = first - tx.end, tx.strand < 0
    if distance > FLANK:
        return None
    term = "upstream_gene_variant" if upstream else "downstream_gene_variant"
    return flank_consequence(tx, (term,), IMPACT[term], distance)
