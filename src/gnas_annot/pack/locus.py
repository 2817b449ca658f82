"""The validated locus model of a build, from the current data pack.

Kept as its own module because ``load_locus`` is the documented entry point;
the tables are read and checked in :mod:`gnas_annot.pack.locus_tables` and held
by the one :class:`~gnas_annot.pack.store.Pack` of the data directory.
"""

from __future__ import annotations

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Locus
from gnas_annot.pack.locus_tables import read_loci, validate
from gnas_annot.pack.store import load_pack

__all__ = ["load_locus", "read_loci", "validate"]


def load_locus(build: GenomeBuild | str) -> Locus:
    """The validated locus model for ``build`` (GRCh38/hg38 or GRCh37/hg19), from
    the pack of the current data directory (``GNAS_ANNOT_DATA`` or the shipped one)."""
    return load_pack().locus(build)
