"""gnas_annot: parent-of-origin-aware annotation of variants at the human GNAS locus.

The public API is re-exported here; see docs/ for the guide.
"""

from gnas_annot._version import __version__
from gnas_annot.builds import GenomeBuild
from gnas_annot.extract import Extractor, read_gnas_variants
from gnas_annot.hgvs_names import HgvsNamer, TranscriptHgvs, VariantHgvs
from gnas_annot.hgvs_parse import GenomicAllele, parse_hgvs
from gnas_annot.hgvs_provider import GnasDataProvider
from gnas_annot.locus import Exon, Interval, Locus, Region, Transcript, load_locus
from gnas_annot.protein import ProteinChange
from gnas_annot.reference import ReferenceGenome
from gnas_annot.variant import Genotype, SourceRecord, Variant, VariantStatus

__all__ = [
    "Exon",
    "Extractor",
    "GenomeBuild",
    "GenomicAllele",
    "Genotype",
    "GnasDataProvider",
    "HgvsNamer",
    "Interval",
    "Locus",
    "ProteinChange",
    "ReferenceGenome",
    "Region",
    "SourceRecord",
    "Transcript",
    "TranscriptHgvs",
    "Variant",
    "VariantHgvs",
    "VariantStatus",
    "__version__",
    "load_locus",
    "parse_hgvs",
    "read_gnas_variants",
]
