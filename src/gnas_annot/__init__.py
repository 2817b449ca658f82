"""gnas_annot: parent-of-origin-aware annotation of variants at the human GNAS locus.

The public API is re-exported here; see docs/ for the guide.
"""

from gnas_annot._version import __version__
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
from gnas_annot.scale import annotate_many  # Dask and pyarrow are imported only when used
from gnas_annot.variant import Genotype, SourceRecord, Variant, VariantStatus
from gnas_annot.writers import to_dataframe

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
