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

from gnas_annot.effect.coding_terms import coding_terms, snv_coding_terms
from gnas_annot.effect.geometry import Geometry
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
from gnas_annot.naming.names import HgvsNamer, TranscriptHgvs, VariantHgvs
from gnas_annot.naming.protein_change import ProteinChange
from gnas_annot.naming.span_index import SpanIndex
from gnas_annot.seq.codons import reverse_complement
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
        return self.of_names(self.namer.name(build, pos, ref, alt), pos, ref, alt)

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
        return _transcript_consequence(tx, coding, terms, exon, intron, positions, hgvs)

    def _overlapping_snv(
        self, g: Geometry, edit: Edit, hgvs: TranscriptHgvs | None, pos: int
    ) -> TranscriptConsequence:
        """:meth:`_overlapping` of an SNV at ``pos``: the same steps with one segment
        lookup and the splice terms of the base read from a table
        (tests/test_snv_fast_path.py holds the two to the same answers)."""
        tx = g.tx
        coding = g.cds_lo > 0
        terms = set(g.splice.at(pos))
        exon = intron = None
        positions = NO_POSITIONS
        # the segment holding pos (exons and introns alternate, so segment j
        # is exon j // 2 in genomic order and its offset needs no second lookup)
        j = bisect_right(g.segment_starts, pos) - 1
        s = g.segments[j] if j >= 0 else None
        if s is None or pos > s.end:
            pass
        elif s.kind != "exon":
            intron = g.intron_spans[s.number - 1]
            if s.start + 2 <= pos <= s.end - 2:  # not the canonical +1/+2, -1/-2 bases
                terms.add("intron_variant")
        else:
            exon = g.exon_spans[s.number - 1]
            i = j >> 1
            cdna = g.exon_before[i] + 1 + (pos - s.start if tx.strand > 0 else g.exon_ends[i] - pos)
            if not coding:
                terms.add("non_coding_transcript_exon_variant")
                positions = (str(cdna), None, None, None, None)
            else:
                change = hgvs.protein_change if hgvs else None
                positions = self._snv_positions(g, edit, cdna, change)
                if not g.cds_lo <= pos <= g.cds_hi:
                    five = pos < g.cds_lo if tx.strand > 0 else pos > g.cds_hi
                    terms.add("5_prime_UTR_variant" if five else "3_prime_UTR_variant")
                else:
                    terms |= snv_coding_terms(g, pos, change)
        return _transcript_consequence(tx, coding, terms, exon, intron, positions, hgvs)

    def _snv_positions(
        self, g: Geometry, edit: Edit, cdna: int, change: ProteinChange | None
    ) -> Positions:
        """:meth:`_positions` of an SNV at exonic cDNA position ``cdna`` of a coding
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
        return str(cdna), str(c), str((c - 1) // 3 + 1), amino_acids, self._snv_codons(g, edit, c)

    def _snv_codons(self, g: Geometry, edit: Edit, c: int) -> str | None:
        """:meth:`_codons` of an SNV at c. position ``c``: 'Cgt/Tgt'."""
        seq = self._sequence(g.tx.accession)
        if seq is None:
            return None
        k = c - 1
        at = k % 3
        begin = g.cds_first + k - at
        ref = seq[begin : begin + 3]
        if len(ref) != 3:  # a last codon cut short: the general path words it
            return self._codons(g, edit, c)
        if "N" in ref:
            return None
        base = edit.alt if g.tx.strand > 0 else reverse_complement(edit.alt)
        low = ref.lower()
        head, tail = low[:at], low[at + 1 :]
        return f"{head}{ref[at].upper()}{tail}/{head}{base.upper()}{tail}"

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
        start_i = g.cds_first
        k = cds_first - 1  # 0-based CDS offset of the first changed base
        lo = k - k % 3
        hi = k + len(edit.ref)
        hi += -hi % 3
        ref = seq[start_i + lo : start_i + hi]
        alt_bases = edit.alt if g.tx.strand > 0 else reverse_complement(edit.alt)
        alt = ref[: k - lo] + alt_bases + ref[k - lo + len(alt_bases) :]
        if "N" in ref:
            return None
        changed = range(k - lo, k - lo + len(alt_bases))

        def case(s: str) -> str:
            return "".join(b.upper() if i in changed else b.lower() for i, b in enumerate(s))

        return f"{case(ref)}/{case(alt)}"


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
    return TranscriptConsequence(
        tx.accession, tx.gene, tx.product, tx.biotype, (term,), IMPACT[term], distance=distance
    )


def _transcript_consequence(
    tx: Transcript, coding: bool, terms: set[str], exon: ExonSpan | None,
    intron: ExonSpan | None, positions: Positions, hgvs: TranscriptHgvs | None,
) -> TranscriptConsequence:  # fmt: skip
    """The consequence on ``tx`` from its terms (a transcript hit with no other term is
    a coding/non-coding transcript variant), ordered by severity."""
    if not coding and "non_coding_transcript_exon_variant" not in terms:
        terms.add("non_coding_transcript_variant")
    if not terms:
        terms.add("coding_transcript_variant" if coding else "non_coding_transcript_variant")
    ordered = tuple(sorted(terms, key=RANK.__getitem__))
    # positional, in the field order of TranscriptConsequence (the hot path: keyword
    # arguments cost more than the rest of the call)
    return TranscriptConsequence(
        tx.accession,
        tx.gene,
        tx.product,
        tx.biotype,
        ordered,
        IMPACT[ordered[0]],
        exon,
        intron,
        *positions,
        None,
        hgvs,
    )
