"""HGVS names of a genomic variant: g. on both builds, c./n. and p. on every
GNAS transcript that has an exon model.

The 3' rule is applied on the genome in each transcript's own direction,
bounded by the exon or intron the variant lies in (as biocommons hgvs'
Normalizer does for exonic variants, and as it refuses to do for intronic
ones), then positions are numbered by :class:`~gnas_annot.naming.coords.TranscriptMap`
(arithmetic on the exon table that gives what hgvs' AlignmentMapper gives
through the offline :class:`~gnas_annot.naming.provider.GnasDataProvider`, at
a fiftieth of the cost; hgvs stays the parser and the test oracle).  An insertion
that repeats the bases 5' of it is a ``dup``; bases deleted and inserted at
once are a ``delins``; deleted bases are not written (``c.565_568del``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript
from gnas_annot.naming.coords import CoordinateError, TranscriptMap
from gnas_annot.naming.described import TranscriptHgvs as TranscriptHgvs
from gnas_annot.naming.described import VariantHgvs as VariantHgvs
from gnas_annot.naming.fast_model import NO_PROTEIN_ACCESSION, FastModel
from gnas_annot.naming.indel import IndelSite, indel_on_transcript
from gnas_annot.naming.layout import (
    body,
    g_interval,
    segment_of,
    shifted_fetch,
    within_bounds,
)
from gnas_annot.naming.protein_step import protein_of
from gnas_annot.naming.sequences import PackSequences
from gnas_annot.naming.snv import snv_on_transcript
from gnas_annot.naming.span_index import SpanIndex
from gnas_annot.seq.codons import reverse_complement, translate
from gnas_annot.seq.reference import ReferenceGenome
from gnas_annot.seq.shift import Edit, Fetch0, as_duplication, shift_3prime

if TYPE_CHECKING:
    from hgvs.alignmentmapper import AlignmentMapper

    from gnas_annot.naming.provider import GnasDataProvider
    from gnas_annot.pack.store import Pack

#: the build each build's g. is projected onto (VariantHgvs.other_build)
OTHER_BUILD = {GenomeBuild.GRCh38: GenomeBuild.GRCh37, GenomeBuild.GRCh37: GenomeBuild.GRCh38}
_OTHER = OTHER_BUILD


class HgvsNamer:
    """Names variants on GNAS transcripts.

    >>> namer = HgvsNamer()                   # no reference: positions only
    >>> names = namer.name(GenomeBuild.GRCh38, 58909365, "C", "T")
    >>> names.genomic, names.other_build
    ('NC_000020.11:g.58909365C>T', 'NC_000020.10:g.57484420C>T')
    >>> names.on("NM_000516.7").hgvs, names.on("NM_080425.4").hgvs
    ('NM_000516.7:c.601C>T', 'NM_080425.4:c.2530C>T')
    """

    def __init__(
        self,
        references: Mapping[GenomeBuild, ReferenceGenome] | None = None,
        snv_fast_path: bool = True,
        pack: Pack | None = None,
        indel_fast_path: bool = True,
    ) -> None:
        self.references = dict(references or {})
        #: SNVs through :meth:`_name_snv` (False: the general path, for the tests that
        #: hold the two to the same names)
        self.snv_fast_path = snv_fast_path
        #: simple deletions and insertions through :meth:`_name_indel` (False: the general path)
        self.indel_fast_path = indel_fast_path
        # naming needs models and sequences only; biocommons' data provider
        # (and with it the hgvs package) is made when something asks for it
        self.sequences = PackSequences(self.references, pack)  # default: the current pack
        self._provider: GnasDataProvider | None = None
        # per-instance caches: a functools.cache on a method would keep every
        # namer (and its sequences) alive for the life of the process
        self._mappers: dict[tuple[str, GenomeBuild], AlignmentMapper] = {}
        self._proteins: dict[str, str] = {}
        self._models: dict[GenomeBuild, tuple[tuple[Transcript, TranscriptMap], ...]] = {}
        self._twins: dict[GenomeBuild, dict[str, int]] = {}
        self._snv_models: dict[GenomeBuild, tuple[tuple[FastModel, int], ...]] = {}
        self._snv_spans: dict[GenomeBuild, SpanIndex[tuple[FastModel, int]]] = {}

    @property
    def provider(self) -> GnasDataProvider:
        """biocommons hgvs' data provider over this namer's models and sequences."""
        if self._provider is None:
            from gnas_annot.naming.provider import GnasDataProvider

            self._provider = GnasDataProvider(share=self.sequences)
        return self._provider

    def _mapper(self, tx_ac: str, build: GenomeBuild) -> AlignmentMapper:
        """biocommons' mapper, for parsing c./n. text (naming uses :meth:`_models_on`)."""
        key = (tx_ac, build)
        if key not in self._mappers:
            from hgvs.alignmentmapper import AlignmentMapper

            from gnas_annot.naming.hgvs_config import cache_hgvs_config
            from gnas_annot.naming.provider import ALN_METHOD

            cache_hgvs_config()  # hgvs's settings without configparser on every position
            self._mappers[key] = AlignmentMapper(
                self.provider, tx_ac, build.refseq_accession, ALN_METHOD
            )
        return self._mappers[key]

    def _models_on(self, build: GenomeBuild) -> tuple[tuple[Transcript, TranscriptMap], ...]:
        """The transcripts with an exon model, in the pack's order, with their maps."""
        models = self._models.get(build)
        if models is None:
            models = self._models[build] = tuple(
                (tx, TranscriptMap.of(tx))
                for tx in self.sequences.loci[build].transcripts
                if tx.has_exon_model
            )
            other = self.sequences.loci[_OTHER[build]]
            self._twins[build] = {
                tx.accession: other.transcript(tx.accession).start - tx.start for tx, _ in models
            }
        return models

    def reference_protein(self, tx_ac: str, tx_seq: str, start_i: int, end_i: int) -> str:
        """The translation of ``tx_ac``'s CDS (``tx_seq[start_i:end_i]``), once per run."""
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
        ref, alt = ref.upper(), alt.upper()
        if len(ref) == 1 == len(alt):
            if ref != alt and self.snv_fast_path:
                return self._name_snv(build, pos, ref, alt)
        elif self.indel_fast_path and build in self.references:
            named = self._name_indel(build, Edit.from_vcf(pos, ref, alt))
            if named is not None:
                return named
        return self._name_general(build, pos, ref, alt)

    def _name_snv(self, build: GenomeBuild, pos: int, ref: str, alt: str) -> VariantHgvs:
        """An SNV (upper case): nothing to shift, nothing to call a dup; each
        transcript through :func:`snv_on_transcript`, or the general path where it
        declines.  tests/test_snv_fast_path.py holds it to :meth:`_name_general`."""
        spans = self._snv_spans.get(build) or self._snv_spans_on(build)
        described = []
        other = None
        plus = f"{ref}>{alt}"
        changes = (plus, reverse_complement(plus)[::-1])  # 'C>T', 'G>A'
        for m, twin in spans.holding(pos, pos) or ():
            if other is None:  # the first model holding it ties the builds (_other_build)
                other = f"{_OTHER[build].refseq_accession}:g.{pos + twin}{plus}"
            t = snv_on_transcript(m, pos, changes, self.sequences, self.reference_protein)
            if t is None:
                edit, fetch = Edit(pos - 1, pos, ref, alt), self._fetch0(build)
                t = self._on_transcript(m.tx, m.tmap, build, edit, fetch, {})
            described.append(t)
        genomic = f"{build.refseq_accession}:g.{pos}{plus}"
        return VariantHgvs(build, genomic, other, tuple(described))

    def _name_indel(self, build: GenomeBuild, edit: Edit) -> VariantHgvs | None:
        """A pure deletion or insertion: the reference around it read once
        (:class:`IndelSite`), each transcript through :meth:`indel_on`; None: the
        general path for all of it.  tests/test_indel_fast_path.py holds it to
        :meth:`_name_general`."""
        site = self.indel_site(build, edit)
        if site is None:
            return None
        models = self._snv_models.get(build) or self._snv_models_on(build)
        spans = self._snv_spans.get(build) or self._snv_spans_on(build)
        first, last = edit.start + 1, max(edit.end, edit.start + 1)
        held = spans.holding(first, last)
        described = []
        for m, _ in models if held is None else held:
            tx = m.tx
            if tx.start <= last and first <= tx.end:
                described.append(self.indel_on(m, site, build))
        return self.indel_names(build, site, tuple(described))

    def indel_site(self, build: GenomeBuild, edit: Edit) -> IndelSite | None:
        """``edit`` (a pure deletion or insertion) with the reference around it, when
        the indel fast path can name it (its window known, its 3' shift inside it)."""
        if not (edit.is_deletion or edit.is_insertion):
            return None
        site = IndelSite.read(edit, self.references[build])
        if site is None or site.shifted(1) is None:
            return None
        return site

    def indel_on(self, m: FastModel, site: IndelSite, build: GenomeBuild) -> TranscriptHgvs:
        """``site``'s edit on ``m``'s transcript: :func:`indel_on_transcript`, or the
        general path where it declines."""
        t = indel_on_transcript(m, site, self.sequences, self.reference_protein)
        if t is None:
            free = {s: (f.edit, False) for s in (1, -1) if (f := site.shifted(s))}
            t = self._on_transcript(m.tx, m.tmap, build, site.edit, self._fetch0(build), free)
        return t

    def indel_names(
        self, build: GenomeBuild, site: IndelSite, described: tuple[TranscriptHgvs, ...]
    ) -> VariantHgvs:
        """The names of ``site``'s edit: g. on both builds, and ``described`` (its
        description on each transcript holding it, from :meth:`indel_on`)."""
        plus = site.shifted(1)
        assert plus is not None  # indel_site made sure
        moved, dup = plus.edit, plus.dup
        other = None
        g_first, g_last = moved.start + 1, max(moved.end, moved.start + 1)
        for m, twin in self.snv_models(build):
            # as _other_build: the first model holding it ties the builds
            if m.tx.start <= g_first and g_last <= m.tx.end:
                there = body(_moved(moved, twin), dup and _moved(dup, twin), g_interval)
                other = f"{_OTHER[build].refseq_accession}:g.{there}"
                break
        genomic = f"{build.refseq_accession}:g.{body(moved, dup, g_interval)}"
        return VariantHgvs(build, genomic, other, described)

    def snv_models(self, build: GenomeBuild) -> tuple[tuple[FastModel, int], ...]:
        """The fast paths' models of ``build`` (the transcripts with an exon model, in
        the pack's order), each with its offset to the other build, made once."""
        return self._snv_models.get(build) or self._snv_models_on(build)

    def _snv_models_on(self, build: GenomeBuild) -> tuple[tuple[FastModel, int], ...]:
        """:meth:`_models_on` as :class:`FastModel`, each with its offset to the other build."""
        models = self._models_on(build)
        twins = self._twins[build]
        found = self._snv_models[build] = tuple(
            (FastModel.of(tx, tmap), twins[tx.accession]) for tx, tmap in models
        )
        return found

    def _snv_spans_on(self, build: GenomeBuild) -> SpanIndex[tuple[FastModel, int]]:
        """:meth:`_snv_models_on` by the span of each transcript."""
        models = self._snv_models.get(build) or self._snv_models_on(build)
        found = self._snv_spans[build] = SpanIndex(
            [(m.tx.start, m.tx.end, (m, t)) for m, t in models]
        )
        return found

    def _name_general(self, build: GenomeBuild, pos: int, ref: str, alt: str) -> VariantHgvs:
        """:meth:`name` for any allele (``ref``/``alt`` upper case)."""
        edit = Edit.from_vcf(pos, ref, alt)
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
        # the unbounded 3' shift in each direction, computed once per variant
        free: dict[int, tuple[Edit, bool]] = {}
        if fetch is not None:
            free[1] = shift_3prime(edit, fetch, 1, 0, build.chr20_length)
            genomic_edit, unknown = free[1]
            if unknown:
                notes.append("3' shift stopped at a base the reference does not know")
        genomic = f"{build.refseq_accession}:g.{self._g_body(genomic_edit, fetch)}"
        first, last = edit.start + 1, max(edit.end, edit.start + 1)
        transcripts = tuple(
            self._on_transcript(tx, tmap, build, edit, fetch, free)
            for tx, tmap in self._models_on(build)
            if tx.start <= last and first <= tx.end
        )
        return VariantHgvs(
            build, genomic, self._other_build(build, genomic_edit, fetch), transcripts, tuple(notes)
        )

    # -- g. -------------------------------------------------------------------

    def _g_body(self, edit: Edit, fetch: Fetch0 | None) -> str:
        dup = as_duplication(edit, fetch, 1) if fetch else None
        return body(edit, dup, g_interval)

    def _other_build(self, build: GenomeBuild, edit: Edit, fetch: Fetch0 | None) -> str | None:
        """g. on the other build, projected through a transcript model.

        Only positions covered by a transcript model (exon or intron) are
        projected: the models are the one place where the two builds are
        tied together base for base.
        """
        other = _OTHER[build]
        span = (edit.start + 1, max(edit.end, edit.start + 1))
        models = self._models_on(build)
        for tx, _ in models:
            if tx.start <= span[0] and span[1] <= tx.end:
                shift = self._twins[build][tx.accession]
                moved = Edit(edit.start + shift, edit.end + shift, edit.ref, edit.alt)
                # the sequence is the same: read it from this build, shifted back
                there = shifted_fetch(fetch, shift) if fetch is not None else None
                return f"{other.refseq_accession}:g.{self._g_body(moved, there)}"
        return None

    # -- c./n. ------------------------------------------------------------------

    def _on_transcript(
        self,
        tx: Transcript,
        tmap: TranscriptMap,
        build: GenomeBuild,
        edit: Edit,
        fetch: Fetch0 | None,
        free: dict[int, tuple[Edit, bool]],
    ) -> TranscriptHgvs:
        notes: list[str] = []
        region, lo, hi = segment_of(tx, tmap, edit)
        if fetch is not None:
            if tx.strand not in free:
                free[tx.strand] = shift_3prime(edit, fetch, tx.strand, 0, build.chr20_length)
            unbounded = free[tx.strand][0]
            if within_bounds(unbounded, tx.strand, lo, hi):
                # the free shift never looked past [lo, hi): the bounded one is the same
                edit, unknown = free[tx.strand]
            else:
                edit, unknown = shift_3prime(edit, fetch, tx.strand, lo, hi)
            if unknown:
                notes.append("3' shift stopped at a base the reference does not know")
            elif unbounded != edit:
                notes.append(
                    f"the 3' shift stops at a border of {region} here (not shifted across "
                    "exon/intron or UTR/CDS borders); on the genome it lies further 3', see g."
                )
        dup = as_duplication(edit, fetch, tx.strand) if fetch else None
        coding = tx.is_coding
        try:
            text = body(edit, dup, tmap.interval, minus=tx.strand < 0)
        except CoordinateError as exc:
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
        hgvs = f"{tx.accession}:{'c.' if coding else 'n.'}{text}"
        change = None
        if coding:
            fetch_here = self._fetch0(tx.build)
            change = protein_of(
                tx, tmap, edit, region, notes, self.sequences, fetch_here, self.reference_protein
            )
        if change is None:
            return TranscriptHgvs(
                tx.accession, tx.gene, tx.product, hgvs, region, notes=tuple(notes)
            )
        prefix = f"{tx.protein}:" if tx.protein else ""
        if not tx.protein:
            notes.append(NO_PROTEIN_ACCESSION)
        return TranscriptHgvs(
            tx.accession,
            tx.gene,
            tx.product,
            hgvs,
            region,
            prefix + change.hgvs(),
            prefix + change.hgvs(one_letter=True),
            change,
            tuple(notes),
        )


def _moved(edit: Edit, shift: int) -> Edit:
    return Edit(edit.start + shift, edit.end + shift, edit.ref, edit.alt)
