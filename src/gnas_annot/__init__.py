"""gnas_annot: parent-of-origin-aware annotation of variants at the human GNAS locus.

The public API is re-exported here; see docs/ for the guide.
"""

from gnas_annot._version import __version__
from gnas_annot.builds import GenomeBuild
from gnas_annot.extract import Extractor, read_gnas_variants
from gnas_annot.locus import Exon, Interval, Locus, Region, Transcript, load_locus
from gnas_annot.reference import ReferenceGenome
from gnas_annot.variant import Genotype, SourceRecord, Variant, VariantStatus

__all__ = [
    "Exon",
    "Extractor",
    "GenomeBuild",
    "Genotype",
    "Interval",
    "Locus",
    "ReferenceGenome",
    "Region",
    "SourceRecord",
    "Transcript",
    "Variant",
    "VariantStatus",
    "__version__",
    "load_locus",
    "read_gnas_variants",
]
