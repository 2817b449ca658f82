"""The pipeline over a VCF: read -> locate -> normalize -> name -> classify -> phase -> interpret.

:func:`annotate_vcf` yields one :class:`AnnotatedVariant` per ALT allele of
every record in the GNAS region, in file order.  Alleles that could not be
normalized still come out, with their status and reason and no annotation.
Without a reference (as here) indels get no HGVS name: the 3' rule needs
sequence, and an unshifted name would be wrong.

>>> from gnas_annot.pack import data_dir
>>> examples = data_dir().joinpath("examples")
>>> for a in annotate_vcf(str(examples.joinpath("trio.GRCh38.vcf")),
...                       ped=str(examples.joinpath("trio.ped"))):
...     gs = a.transcript("NM_000516.7")
...     print(a.variant.pos, a.variant.status.value, gs.hgvs.c_or_n if gs and gs.hgvs else "-",
...           [(s.sample, s.origin.value) for s in a.samples][:1])
58890000 symbolic - [('PROBAND', 'unknown')]
58891726 reference_unavailable - [('PROBAND', 'maternal')]
58891727 reference_unavailable c.1A>G [('PROBAND', 'paternal')]
58909195 reference_unavailable - [('PROBAND', 'maternal')]
58909365 reference_unavailable c.601C>T [('PROBAND', 'de_novo_unphased')]
58909365 reference_unavailable c.601C>A []
58909366 reference_unavailable c.602G>A [('PROBAND', 'unknown')]
58909541 reference_unavailable c.680A>T [('PROBAND', 'de_novo_unphased')]
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from gnas_annot.annotate.cache import AlleleCache
from gnas_annot.annotate.pipeline import Annotator
from gnas_annot.annotate.results import AnnotatedVariant
from gnas_annot.extract.extractor import ExtractedRecord, Extractor
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import Variant, VariantStatus
from gnas_annot.origin.model import OriginSettings, ParentOfOrigin
from gnas_annot.pack.store import load_pack
from gnas_annot.seq.reference import ReferenceGenome

if TYPE_CHECKING:  # needed at run time only with their options: imported then (start-up)
    from gnas_annot.epigenetics.model import MethylationResult
    from gnas_annot.known.custom import CustomSpec, KnownVariants
    from gnas_annot.origin.pedigree import Pedigree, Trio
    from gnas_annot.origin.window import OriginWindow

PathLike = str | os.PathLike[str]

_STATUS_KEYS = {s: f"status:{s.value}" for s in VariantStatus}


class AnnotationRun:
    """One annotation pass over a VCF, with its header, build and counts.

    Each record is read and normalized once; its origin calls (with a pedigree)
    come from the same record objects, through an
    :class:`~gnas_annot.origin.window.OriginWindow` (bounded look-around for
    phased and read-backed evidence, see there).

    >>> from gnas_annot.pack import data_dir
    >>> tumour = str(data_dir().joinpath("examples", "tumour.GRCh37.vcf"))
    >>> with AnnotationRun(tumour) as run:
    ...     proteins = [a.transcript("NM_000516.7").hgvs.c_or_n for a in run]
    ...     print(run.build, proteins, run.counts["records"])
    GRCh37 ['c.601C>T', 'c.602G>A'] 2
    """

    def __init__(
        self,
        path: PathLike,
        *,
        ped: Pedigree | PathLike | None = None,
        trio: Trio | str | None = None,
        bams: Mapping[str, PathLike] | None = None,
        reference: PathLike | ReferenceGenome | None = None,
        build: GenomeBuild | str | None = None,
        region: str = "gnas",
        strict: bool = False,
        settings: OriginSettings | None = None,
        custom: Sequence[CustomSpec] = (),
        methylation: Mapping[str, MethylationResult] | None = None,
        cache: AlleleCache | None = None,
    ) -> None:
        self.cache = cache if cache is not None else AlleleCache()
        #: the run's data pack, read once: every step of the run is given this one
        self.pack = load_pack()
        self.extractor = Extractor(
            path, reference=reference, build=build, region=region, strict=strict
        )
        self.origin: OriginWindow | None = None
        # the origin step's thresholds (default: the run's pack's)
        self.mosaic = settings.mosaic if settings is not None else self.pack.mosaicism
        self.known: KnownVariants | None = None
        try:
            if custom:
                from gnas_annot.known.custom import KnownVariants

                self.known = KnownVariants(
                    custom, self.extractor.build, self.extractor.reference, self.pack
                )
            if ped is not None or trio is not None:
                from gnas_annot.origin.assign import open_origin

                ref = self.extractor.reference
                fasta: PathLike | None = ref.path if ref is not None else None
                if fasta is None and reference is not None:
                    fasta = reference.path if isinstance(reference, ReferenceGenome) else reference
                self.origin = open_origin(
                    path,
                    self.extractor.source.samples,
                    pedigree=ped,
                    trio=trio,
                    alignments=bams,
                    reference=fasta,
                    settings=settings,
                    methylation=methylation,
                    everyone=False,
                    build=self.extractor.build,
                    pack=self.pack,
                )
        except BaseException:
            self.extractor.close()
            raise
        self.build = self.extractor.build
        self.header = self.extractor.source.header
        self.region = self.extractor.region
        self.counts: Counter[str] = Counter()

    @property
    def known_columns(self) -> tuple[str, ...]:
        """The ``NAME_FIELD`` columns the custom sources add, in order."""
        return self.known.columns if self.known is not None else ()

    def __iter__(self) -> Iterator[AnnotatedVariant]:
        clinvar = self.known.clinvar if self.known is not None else None
        annotator = Annotator(
            self.build, self.extractor.reference, self.mosaic, clinvar, self.cache, self.pack
        )
        window = self.origin
        one = self._one
        counts = self.counts
        for item in self.extractor.records():
            counts["records"] += 1
            if window is None:
                variants = item.variants
                if len(variants) == 1:  # most records: no generator made for it
                    yield one(annotator, item, variants[0], None)
                else:
                    yield from self._annotated(annotator, item, ())
                continue
            for decided in window.push(item):
                yield from self._annotated(annotator, decided.item, decided.calls)
        if window is not None:
            for decided in window.finish():
                yield from self._annotated(annotator, decided.item, decided.calls)

    def _annotated(
        self,
        annotator: Annotator,
        item: ExtractedRecord,
        calls: tuple[Mapping[str, ParentOfOrigin], ...],
    ) -> Iterator[AnnotatedVariant]:
        for k, variant in enumerate(item.variants):
            yield self._one(annotator, item, variant, calls[k] if calls else None)

    def _one(
        self,
        annotator: Annotator,
        item: ExtractedRecord,
        variant: Variant,
        call: Mapping[str, ParentOfOrigin] | None,
    ) -> AnnotatedVariant:
        """One allele of ``item`` annotated, and counted."""
        counts = self.counts
        counts[_STATUS_KEYS[variant.status]] += 1
        annotated = annotator.annotate(variant, call, item)
        known = self.known
        if known is not None:
            found = known.annotate(variant)
            evidence = known.evidence(variant, dict(found))
            annotated = replace(annotated, known=found, evidence=evidence)
        if annotated.consequences is not None:
            counts["annotated"] += 1
        return annotated

    def close(self) -> None:
        if self.origin is not None:
            self.origin.close()
        self.extractor.close()

    def __enter__(self) -> AnnotationRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def annotate_vcf(
    path: PathLike,
    *,
    ped: Pedigree | PathLike | None = None,
    trio: Trio | str | None = None,
    bams: Mapping[str, PathLike] | None = None,
    reference: PathLike | ReferenceGenome | None = None,
    build: GenomeBuild | str | None = None,
    region: str = "gnas",
    strict: bool = False,
    settings: OriginSettings | None = None,
    custom: Sequence[CustomSpec] = (),
    methylation: Mapping[str, MethylationResult] | None = None,
    cache: AlleleCache | None = None,
) -> Iterator[AnnotatedVariant]:
    """Annotate every GNAS allele of a VCF/BCF (see the module docstring).

    ``ped``/``trio`` enable parent of origin per child (``bams`` maps sample ->
    BAM/CRAM for read-backed phasing of de novo alleles).  Without them each
    carrier gets origin ``unknown`` and the interpretation says what each
    parent of origin would mean.  ``custom`` adds the fields of the user's
    ClinVar/gnomAD/other VCFs (:class:`~gnas_annot.known.custom.CustomSpec`).
    ``cache`` shares annotated alleles with other runs (:mod:`~gnas_annot.annotate.cache`;
    by default the run has its own).
    """
    with AnnotationRun(
        path,
        ped=ped,
        trio=trio,
        bams=bams,
        reference=reference,
        build=build,
        region=region,
        strict=strict,
        settings=settings,
        custom=custom,
        methylation=methylation,
        cache=cache,
    ) as run:
        yield from run
