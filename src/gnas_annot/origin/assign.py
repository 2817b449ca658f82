"""``assign_origin``: the parent of origin of every allele for every child, in one pass.

:func:`open_origin` checks a pedigree (and alignments) against a VCF's samples and
returns the :class:`~gnas_annot.origin.window.OriginWindow` that makes the calls
while the records stream by; ``annotate`` uses the same window on its own records,
so ``gnas-annot origin`` and ``gnas-annot annotate`` call the same origins.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gnas_annot.epigenetics.model import MethylationResult
from gnas_annot.errors import BuildMismatchError, SampleNotFoundError
from gnas_annot.extract.extractor import Extractor
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin.calls import call_origin, combine, read_evidence
from gnas_annot.origin.model import OriginSettings, ParentOfOrigin
from gnas_annot.origin.pedigree import Pedigree, Trio, load_trios
from gnas_annot.origin.reads import ReadPhaser
from gnas_annot.origin.window import ORIGIN_WINDOW, OriginWindow
from gnas_annot.pack.store import Pack

__all__ = [
    "OriginCalls",
    "assign_origin",
    "call_origin",
    "combine",
    "open_origin",
    "origin_calls",
    "read_evidence",
]

PathLike = str | os.PathLike[str]


def open_origin(
    vcf: PathLike,
    samples: Sequence[str],
    *,
    pedigree: Pedigree | PathLike | None = None,
    trio: Trio | str | None = None,
    alignments: Mapping[str, PathLike] | None = None,
    reference: PathLike | None = None,
    settings: OriginSettings | None = None,
    window: int = ORIGIN_WINDOW,
    methylation: Mapping[str, MethylationResult] | None = None,
    everyone: bool = True,
    build: GenomeBuild | None = None,
    pack: Pack | None = None,
) -> OriginWindow:
    """The origin window for the trios of ``pedigree``/``trio`` among ``samples``
    (the VCF's), with a read phaser for each child that has alignments; calls for
    every child and allele, or with ``everyone=False`` for carrier children only.
    With ``build`` (the VCF's), alignments and methylation of another build are refused.
    ``pack``: the run's data pack (default: the current one)."""
    s = settings or OriginSettings()
    if isinstance(pedigree, Pedigree):
        ped, trios = pedigree, pedigree.trios()
    else:
        ped, trios = load_trios(pedigree, trio)
    ped.check_samples(samples, trios)
    unknown = sorted(set(alignments or {}) - set(samples))
    if unknown:
        raise SampleNotFoundError(f"--bam given for {', '.join(unknown)}, not a sample of {vcf}")
    unknown = sorted(set(methylation or {}) - set(samples))
    if unknown:
        raise SampleNotFoundError(
            f"--methylation given for {', '.join(unknown)}, not a sample of {vcf}"
        )
    if build is not None:
        other = sorted(
            f"{sample} ({m.build})" for sample, m in (methylation or {}).items()
            if m.build != build.value
        )  # fmt: skip
        if other:
            raise BuildMismatchError(
                f"--methylation of {', '.join(other)} is not on the VCF's build {build.value}"
            )
    phasers: dict[str, ReadPhaser] = {}
    try:
        for t in trios:
            path = (alignments or {}).get(t.child)
            if path:
                phasers[t.child] = ReadPhaser(
                    path, sample=t.child, reference=reference, settings=s.reads, build=build
                )
    except BaseException:
        for phaser in phasers.values():
            phaser.close()
        raise
    return OriginWindow(trios, s, phasers, window, methylation, everyone=everyone, pack=pack)


@dataclass(frozen=True, slots=True)
class OriginCalls:
    """The calls of :func:`origin_calls` with what made them: the build, the
    reference FASTA read (``None``: none) and the extraction region, the
    facts a TSV's provenance lines name (as ``annotate`` writes them)."""

    calls: tuple[ParentOfOrigin, ...]
    build: GenomeBuild
    reference: str | None
    region: str


def assign_origin(
    vcf: PathLike,
    *,
    pedigree: Pedigree | PathLike | None = None,
    trio: Trio | str | None = None,
    alignments: Mapping[str, PathLike] | None = None,
    reference: PathLike | None = None,
    build: GenomeBuild | str | None = None,
    settings: OriginSettings | None = None,
    region: str = "gnas",
    methylation: Mapping[str, MethylationResult] | None = None,
) -> list[ParentOfOrigin]:
    """Parent of origin of every allele of ``region`` for every child of the pedigree.

    Give ``pedigree`` (a :class:`Pedigree` or a PED path) or ``trio``
    (``"CHILD,FATHER,MOTHER"``).  ``alignments`` maps sample -> BAM/CRAM for
    read-backed phasing of de novo alleles (CRAM needs ``reference``).
    ``methylation`` maps sample -> :func:`gnas_annot.methylation` result: its
    haplotypes' parents place the sample's phased alleles (no parents needed).
    One result per child and ALT allele: child by child, each in VCF order.
    """
    made = origin_calls(
        vcf,
        pedigree=pedigree,
        trio=trio,
        alignments=alignments,
        reference=reference,
        build=build,
        settings=settings,
        region=region,
        methylation=methylation,
    )
    return list(made.calls)


def origin_calls(
    vcf: PathLike,
    *,
    pedigree: Pedigree | PathLike | None = None,
    trio: Trio | str | None = None,
    alignments: Mapping[str, PathLike] | None = None,
    reference: PathLike | None = None,
    build: GenomeBuild | str | None = None,
    settings: OriginSettings | None = None,
    region: str = "gnas",
    methylation: Mapping[str, MethylationResult] | None = None,
) -> OriginCalls:
    """:func:`assign_origin`, with the build, reference and region it used."""
    with Extractor(vcf, reference=reference, build=build, region=region) as extractor:
        fasta = extractor.reference.path if extractor.reference else reference
        with open_origin(
            vcf,
            extractor.source.samples,
            pedigree=pedigree,
            trio=trio,
            alignments=alignments,
            reference=fasta,
            settings=settings,
            methylation=methylation,
            build=extractor.build,
        ) as window:
            by_child: dict[str, list[ParentOfOrigin]] = {t.child: [] for t in window.trios}
            for item in extractor.records():
                for decided in window.push(item):
                    _collect(decided.calls, by_child)
            for decided in window.finish():
                _collect(decided.calls, by_child)
    used = extractor.reference.path if extractor.reference else None
    return OriginCalls(
        tuple(call for calls in by_child.values() for call in calls),
        extractor.build,
        None if used is None else str(used),
        str(extractor.region),
    )


def _collect(
    calls: Sequence[Mapping[str, ParentOfOrigin]], by_child: dict[str, list[ParentOfOrigin]]
) -> None:
    for per_allele in calls:
        for child, call in per_allele.items():
            by_child[child].append(call)
