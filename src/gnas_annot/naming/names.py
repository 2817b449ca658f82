"""HGVS names of a genomic variant: g. on both builds, c./n. and p. on every
GNAS transcript that has an exon model.

The 3' rule is applied on the genome in each transcript's own direction,
bounded by the exon or intron the variant lies in (as biocommons hgvs'
Normalizer does for exonic variants, and as it refuses to do for intronic
ones), then positions are numbered by hgvs' AlignmentMapper through the
offline :class:`~gnas_annot.naming.provider.GnasDataProvider`.  An insertion
that repeats the bases 5' of it is a ``dup``; bases deleted and inserted at
once are a ``delins``; deleted bases are not written (``c.565_568del``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from hgvs.alignmentmapper import AlignmentMapper
from hgvs.exceptions import HGVSDataNotAvailableError, HGVSError
from hgvs.location import Interval as HgvsInterval
from hgvs.location import SimplePosition

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript, transcript_segments
from gnas_annot.naming.hgvs_config import cache_hgvs_config
from gnas_annot.naming.protein import ProteinChange, predict
from gnas_annot.naming.provider import ALN_METHOD, GnasDataProvider, transcript_offset
from gnas_annot.seq.codons import reverse_complement, translate
from gnas_annot.seq.reference import ReferenceGenome
from gnas_annot.seq.shift import Edit, Fetch0, as_duplication, shift_3prime

_OTHER = {GenomeBuild.GRCh38: GenomeBuild.GRCh37, GenomeBuild.GRCh37: GenomeBuild.GRCh38}


@dataclass(frozen=True, slots=True)
class TranscriptHgvs:
    """The description of one variant on one transcript."""

    transcript: str
    gene: str
    product: str
    hgvs: str | None  # NM_000516.7:c.565_568del; None if it cannot be numbered
    region: str  # 'exon 7', 'intron 6', 'exon 1-intron 1'
    protein: str | None = None  # NP_000507.1:p.(Asp189MetfsTer14)
    protein_one_letter: str | None = None
    protein_change: ProteinChange | None = None
    notes: tuple[str, ...] = ()

    @property
    def c_or_n(self) -> str | None:
        return self.hgvs.split(":", 1)[1] if self.hgvs else None


@dataclass(frozen=True, slots=True)
class VariantHgvs:
    build: GenomeBuild
    genomic: str | None  # NC_000020.11:g.58909196_58909199del; None: cannot be named
    other_build: str | None
    transcripts: tuple[TranscriptHgvs, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def on(self, accession: str) -> TranscriptHgvs | None:
        bare = accession.split(".")[0]
        for t in self.transcripts:
            if t.transcript == accession or t.transcript.split(".")[0] == bare:
                return t
        return None


class HgvsNamer:
    """Names variants on GNAS transcripts.

    >>> namer = HgvsNamer()                   # no reference: positions only
    >>> names = namer.name(GenomeBuild.GRCh38, 58909365, "C", "T")
    >>> names.genomic, names.other_build
    ('NC_000020.11:g.58909365C>T', 'NC_000020.10:g.57484420C>T')
    >>> names.on("NM_000516.7").hgvs, names.on("NM_080425.4").hgvs
    ('NM_000516.7:c.601C>T', 'NM_080425.4:c.2530C>T')
    """

    def __init__(self, references: Mapping[GenomeBuild, ReferenceGenome] | None = None) -> None:
        cache_hgvs_config()  # hgvs's settings without configparser on every position
        self.references = dict(references or {})
        self.provider = GnasDataProvider(self.references)
        # per-instance caches: a functools.cache on a method would keep every
        # namer (and its sequences) alive for the life of the process
        self._mappers: dict[tuple[str, GenomeBuild], AlignmentMapper] = {}
        self._proteins: dict[str, str] = {}

    def _mapper(self, tx_ac: str, build: GenomeBuild) -> AlignmentMapper:
        key = (tx_ac, build)
        if key not in self._mappers:
            self._mappers[key] = AlignmentMapper(
                self.provider, tx_ac, build.refseq_accession, ALN_METHOD
            )
        return self._mappers[key]

    def _reference_protein(self, tx_ac: str, tx_seq: str, start_i: int, end_i: int) -> str:
        if tx_ac not in self._proteins:
            self._proteins[tx_ac] = translate(tx_seq[start_i:end_i])
        return self._proteins[tx_ac]

    def _fetch0(self, build: GenomeBuild) -> Fetch0 | None:
        reference = self.references.get(build)
        if reference is None:
            return None
        return lambda s, e: reference.fetch(s + 1, e)

    # -- public ---------------------------------------------------------------

    def name(self, build: GenomeBuild, pos: int, ref: str, alt: str) -> VariantHgvs:
        """All descriptions of the VCF-style allele ``pos ref>alt`` on ``build``."""
        edit = Edit.from_vcf(pos, ref.upper(), alt.upper())
        fetch = self._fetch0(build)
        notes: list[str] = []
        genomic_edit = edit
        shiftable = edit.is_deletion or edit.is_insertion
        if fetch is None and shiftable:
            # without sequence the 3' rule cannot be applied: an unshifted
            # description would be a wrong HGVS name, so none is given
            notes.append(
                "reference sequence unavailable: an indel cannot be named without "
                "the 3' rule; pass --reference"
            )
            return VariantHgvs(build, None, None, (), tuple(notes))
        if fetch is not None:
            genomic_edit, unknown = shift_3prime(edit, fetch, 1, 0, build.chr20_length)
            if unknown:
                notes.append("3' shift stopped at a base the reference does not know")
        genomic = f"{build.refseq_accession}:g.{self._g_body(genomic_edit, fetch)}"
        transcripts = tuple(
            self._on_transcript(tx, build, edit, fetch)
            for tx in self.provider.loci[build].transcripts_overlapping(
                edit.start + 1, max(edit.end, edit.start + 1)
            )
            if tx.has_exon_model
        )
        return VariantHgvs(
            build, genomic, self._other_build(build, genomic_edit, fetch), transcripts, tuple(notes)
        )

    # -- g. -------------------------------------------------------------------

    def _g_body(self, edit: Edit, fetch: Fetch0 | None) -> str:
        dup = as_duplication(edit, fetch, 1) if fetch else None
        return _body(edit, dup, lambda s, e: _g_interval(s, e))

    def _other_build(self, build: GenomeBuild, edit: Edit, fetch: Fetch0 | None) -> str | None:
        """g. on the other build, projected through a transcript model.

        Only positions covered by a transcript model (exon or intron) are
        projected: the models are the one place where the two builds are
        tied together base for base.
        """
        other = _OTHER[build]
        span = (edit.start + 1, max(edit.end, edit.start + 1))
        here = self.provider.loci[build].transcripts_overlapping(*span)
        for tx in here:
            if not tx.has_exon_model:
                continue
            twin = self.provider.loci[other].transcript(tx.accession)
            if tx.start <= span[0] and span[1] <= tx.end:
                shift = twin.start - tx.start
                moved = Edit(edit.start + shift, edit.end + shift, edit.ref, edit.alt)
                # the sequence is the same: read it from this build, shifted back
                there = _shifted(fetch, shift) if fetch is not None else None
                return f"{other.refseq_accession}:g.{self._g_body(moved, there)}"
        return None

    # -- c./n. ------------------------------------------------------------------

    def _on_transcript(
        self, tx: Transcript, build: GenomeBuild, edit: Edit, fetch: Fetch0 | None
    ) -> TranscriptHgvs:
        notes: list[str] = []
        region, lo, hi = _segment(tx, edit)
        if fetch is not None:
            given = edit
            edit, unknown = shift_3prime(edit, fetch, tx.strand, lo, hi)
            if unknown:
                notes.append("3' shift stopped at a base the reference does not know")
            elif shift_3prime(given, fetch, tx.strand, 0, build.chr20_length)[0] != edit:
                notes.append(
                    f"the 3' shift stops at a border of {region} here (not shifted across "
                    "exon/intron or UTR/CDS borders); on the genome it lies further 3', see g."
                )
        dup = as_duplication(edit, fetch, tx.strand) if fetch else None
        mapper = self._mapper(tx.accession, build)
        coding = tx.is_coding
        to_tx = mapper.g_to_c if coding else mapper.g_to_n

        def interval(s: int, e: int) -> str:
            return str(to_tx(HgvsInterval(start=SimplePosition(s), end=SimplePosition(e))))

        try:
            body = _body(edit, dup, interval, minus=tx.strand < 0)
        except HGVSError as exc:
            # the change reaches past the transcript's ends: hgvs cannot number it
            return TranscriptHgvs(
                tx.accession,
                tx.gene,
                tx.product,
                None,
                "beyond transcript end",
                notes=(
                    f"not described on {tx.accession}: it extends beyond the transcript ({exc})",
                ),
            )
        prefix = "c." if coding else "n."
        result = TranscriptHgvs(
            tx.accession, tx.gene, tx.product, f"{tx.accession}:{prefix}{body}", region
        )
        if coding:
            change = self._protein(tx, edit, region, notes)
            if change is not None:
                prefix = f"{tx.protein}:" if tx.protein else ""
                if not tx.protein:
                    notes.append("the protein accession of this transcript is not in the pack")
                return TranscriptHgvs(
                    result.transcript,
                    result.gene,
                    result.product,
                    result.hgvs,
                    region,
                    prefix + change.hgvs(),
                    prefix + change.hgvs(one_letter=True),
                    change,
                    tuple(notes),
                )
        return TranscriptHgvs(
            result.transcript, result.gene, result.product, result.hgvs, region, notes=tuple(notes)
        )

    def _protein(
        self, tx: Transcript, edit: Edit, region: str, notes: list[str]
    ) -> ProteinChange | None:
        assert tx.cds_start is not None and tx.cds_end is not None
        lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
        fetch = self._fetch0(tx.build)
        dup = as_duplication(edit, fetch, tx.strand) if edit.is_insertion and fetch else None
        first, last = edit.start + 1, max(edit.end, edit.start + 1)
        if dup is not None:  # biocommons judges a dup by the duplicated bases
            first, last = dup.start + 1, dup.end
        elif edit.is_insertion:
            first, last = edit.start, edit.start + 1  # the two flanking bases
        if not region.startswith("exon") or "-" in region or last < lo or first > hi:
            return ProteinChange("unknown")  # intronic, splice-spanning or UTR: p.?
        if first < lo or last > hi:
            if edit.is_deletion and first < lo and last > hi:
                return ProteinChange("no_protein")  # the whole CDS is deleted: p.0
            return ProteinChange("unknown")
        try:
            tx_seq = self.provider.transcript_sequence(tx.accession)
        except HGVSDataNotAvailableError:
            notes.append("reference sequence unavailable: no protein prediction")
            return None
        start_i = transcript_offset(tx, tx.cds_start if tx.strand > 0 else tx.cds_end)
        end_i = transcript_offset(tx, tx.cds_end if tx.strand > 0 else tx.cds_start) + 1
        if edit.is_insertion:
            # an insertion beside an exon edge is exonic: the splice site's
            # dinucleotide is untouched, so the spliced mRNA carries the new bases
            s = _insertion_offset(tx, edit.start)
        else:
            s = transcript_offset(tx, edit.start + 1 if tx.strand > 0 else edit.end)
        e = s + len(edit.ref)
        alt = edit.alt if tx.strand > 0 else reverse_complement(edit.alt)
        change = predict(
            tx_seq,
            start_i,
            s,
            e,
            alt,
            cds_end=end_i,
            ref_protein=self._reference_protein(tx.accession, tx_seq, start_i, end_i),
        )
        if not change.complete:
            notes.append("protein prediction incomplete: reference bases unknown where needed")
        return change


def _insertion_offset(tx: Transcript, point: int) -> int:
    """Transcript offset (0-based) of an insertion between 1-based bases ``point`` and
    ``point + 1``, one of which is exonic."""
    before, after = (point, point + 1) if tx.strand > 0 else (point + 1, point)
    if any(x.start <= before <= x.end for x in tx.exons):
        return transcript_offset(tx, before) + 1
    return transcript_offset(tx, after)


def _shifted(fetch: Fetch0, shift: int) -> Fetch0:
    return lambda s, e: fetch(s - shift, e - shift)


def _g_interval(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}_{end}"


def _body(
    edit: Edit,
    dup: Edit | None,
    interval: Callable[[int, int], str],
    minus: bool = False,
) -> str:
    """The position+edit part of an HGVS description; ``interval(s, e)`` formats 1-based bounds."""

    def seq(s: str) -> str:
        return reverse_complement(s) if minus else s

    if dup is not None:
        return f"{interval(dup.start + 1, dup.end)}dup"
    if edit.is_insertion:
        # at an exon's 3' edge this is the c.257_257+1ins form (VariantValidator
        # issue #382): the inserted bases lie between the exon and its intron
        return f"{interval(edit.start, edit.start + 1)}ins{seq(edit.alt)}"
    span = interval(edit.start + 1, edit.end)
    if edit.is_deletion:
        return f"{span}del"
    if len(edit.ref) == 1 and len(edit.alt) == 1:
        return f"{span}{seq(edit.ref)}>{seq(edit.alt)}"
    if len(edit.ref) > 1 and edit.alt == reverse_complement(edit.ref):
        return f"{span}inv"
    return f"{span}delins{seq(edit.alt)}"


def _segment(tx: Transcript, edit: Edit) -> tuple[str, int, int]:
    """Name and 0-based bounds [lo, hi) of the exon or intron holding ``edit``."""
    first, last = edit.start + 1, max(edit.end, edit.start + 1)
    if edit.is_insertion:
        first, last = edit.start, edit.start + 1
    segments = [(seg.name, seg.start, seg.end) for seg in transcript_segments(tx)]
    hits = [s for s in segments if s[1] <= last and first <= s[2]]
    kinds = sorted(h[0].split()[0] for h in hits)
    if edit.is_insertion and kinds == ["exon", "intron"]:
        # between an exon's edge base and its intron: the canonical splice bases
        # are untouched, so the inserted bases belong to the exon
        hits = [h for h in hits if h[0].startswith("exon")]
        first = last = min(max(first, hits[0][1]), hits[0][2])
    if len(hits) == 1:
        name, lo, hi = hits[0]
        if name.startswith("exon") and tx.cds_start is not None and tx.cds_end is not None:
            # like biocommons: 5' UTR, CDS and 3' UTR are separate shifting regions
            for a, b in (
                (tx.start, tx.cds_start - 1),
                (tx.cds_start, tx.cds_end),
                (tx.cds_end + 1, tx.end),
            ):
                if a <= first and last <= b:
                    lo, hi = max(lo, a), min(hi, b)
                    break
            else:
                return name, edit.start, edit.end
        return name, lo - 1, hi
    if not hits:
        return "outside", edit.start, edit.end
    return "-".join(h[0] for h in hits), edit.start, edit.end
