"""gnas_annot: parent-of-origin-aware annotation of variants at the human GNAS locus.

The public API is re-exported here; see docs/ for the guide.  Names are
imported on first use (PEP 562), so ``gnas-annot extract`` does not pay for
the HGVS and annotation machinery it does not use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gnas_annot._version import __version__

if TYPE_CHECKING:  # the static view of the lazy names below
    from gnas_annot.annotate import AnnotatedVariant, AnnotationRun, SampleAnnotation, annotate_vcf
    from gnas_annot.builds import GenomeBuild
    from gnas_annot.extract import Extractor, read_gnas_variants
    from gnas_annot.hgvs_names import HgvsNamer, TranscriptHgvs, VariantHgvs
    from gnas_annot.hgvs_parse import GenomicAllele, parse_hgvs
    from gnas_annot.hgvs_provider import GnasDataProvider
    from gnas_annot.locus import Exon, Interval, Locus, Region, Transcript, load_locus
    from gnas_annot.mosaicism import MosaicFlag, Mosaicism
    from gnas_annot.origin import (
        Confidence,
        Method,
        Origin,
        OriginEvidence,
        OriginSettings,
        ParentOfOrigin,
        TrioPattern,
    )
    from gnas_annot.origin_assign import assign_origin
    from gnas_annot.pedigree import Pedigree, Trio
    from gnas_annot.protein import ProteinChange
    from gnas_annot.reference import ReferenceGenome
    from gnas_annot.scale import annotate_many
    from gnas_annot.variant import Genotype, SourceRecord, Variant, VariantStatus
    from gnas_annot.writers import to_dataframe

_EXPORTS: dict[str, str] = {
    "AnnotatedVariant": "gnas_annot.annotate",
    "AnnotationRun": "gnas_annot.annotate",
    "Confidence": "gnas_annot.origin",
    "Exon": "gnas_annot.locus",
    "Extractor": "gnas_annot.extract",
    "GenomeBuild": "gnas_annot.builds",
    "GenomicAllele": "gnas_annot.hgvs_parse",
    "Genotype": "gnas_annot.variant",
    "GnasDataProvider": "gnas_annot.hgvs_provider",
    "HgvsNamer": "gnas_annot.hgvs_names",
    "Interval": "gnas_annot.locus",
    "Locus": "gnas_annot.locus",
    "Method": "gnas_annot.origin",
    "MosaicFlag": "gnas_annot.mosaicism",
    "Mosaicism": "gnas_annot.mosaicism",
    "Origin": "gnas_annot.origin",
    "OriginEvidence": "gnas_annot.origin",
    "OriginSettings": "gnas_annot.origin",
    "ParentOfOrigin": "gnas_annot.origin",
    "Pedigree": "gnas_annot.pedigree",
    "ProteinChange": "gnas_annot.protein",
    "ReferenceGenome": "gnas_annot.reference",
    "Region": "gnas_annot.locus",
    "SampleAnnotation": "gnas_annot.annotate",
    "SourceRecord": "gnas_annot.variant",
    "Transcript": "gnas_annot.locus",
    "TranscriptHgvs": "gnas_annot.hgvs_names",
    "Trio": "gnas_annot.pedigree",
    "TrioPattern": "gnas_annot.origin",
    "Variant": "gnas_annot.variant",
    "VariantHgvs": "gnas_annot.hgvs_names",
    "VariantStatus": "gnas_annot.variant",
    "annotate_many": "gnas_annot.scale",
    "annotate_vcf": "gnas_annot.annotate",
    "assign_origin": "gnas_annot.origin_assign",
    "load_locus": "gnas_annot.locus",
    "parse_hgvs": "gnas_annot.hgvs_parse",
    "read_gnas_variants": "gnas_annot.extract",
    "to_dataframe": "gnas_annot.writers",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gnas_annot' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = [
    "AnnotatedVariant",
    "AnnotationRun",
    "Confidence",
    "Exon",
    "Extractor",
    "GenomeBuild",
    "GenomicAllele",
    "Genotype",
    "GnasDataProvider",
    "HgvsNamer",
    "Interval",
    "Locus",
    "Method",
    "MosaicFlag",
    "Mosaicism",
    "Origin",
    "OriginEvidence",
    "OriginSettings",
    "ParentOfOrigin",
    "Pedigree",
    "ProteinChange",
    "ReferenceGenome",
    "Region",
    "SampleAnnotation",
    "SourceRecord",
    "Transcript",
    "TranscriptHgvs",
    "Trio",
    "TrioPattern",
    "Variant",
    "VariantHgvs",
    "VariantStatus",
    "__version__",
    "annotate_many",
    "annotate_vcf",
    "assign_origin",
    "load_locus",
    "parse_hgvs",
    "read_gnas_variants",
    "to_dataframe",
]
