"""Genome builds and the names chromosome 20 goes by in each.

GNAS lies on chromosome 20, so the only contig we ever need to recognise is
chr20.  Its length differs between the builds, which is the most reliable
build signal a VCF header carries.

>>> from gnas_annot.model.builds import GenomeBuild, build_from_length, canonical_chrom
>>> build_from_length(64_444_167)
<GenomeBuild.GRCh38: 'GRCh38'>
>>> GenomeBuild.GRCh37.refseq_accession
'NC_000020.10'
>>> canonical_chrom("NC_000020.11")
'chr20'
"""

from __future__ import annotations

import re
from enum import StrEnum

from gnas_annot.errors import BuildError


class GenomeBuild(StrEnum):
    """A human reference assembly supported by the data pack."""

    GRCh37 = "GRCh37"
    GRCh38 = "GRCh38"

    @property
    def chr20_length(self) -> int:
        return _CHR20_LENGTH[self]

    @property
    def refseq_accession(self) -> str:
        """RefSeq accession.version of chromosome 20 in this build (HGVS g. reference)."""
        return _CHR20_REFSEQ[self]

    @classmethod
    def parse(cls, text: str) -> GenomeBuild:
        """Accept the spellings users type: GRCh38, hg38, b37, hs37d5 ..."""
        key = text.strip().lower()
        for build, aliases in _BUILD_ALIASES.items():
            if key in aliases:
                return build
        raise BuildError(f"unknown genome build {text!r}: use GRCh38 (hg38) or GRCh37 (hg19/b37)")


# Sources: GRC assembly reports for GRCh38 (GCF_000001405.26) and GRCh37
# (GCF_000001405.13); the lengths are also what every GATK/1000G header carries.
_CHR20_LENGTH = {GenomeBuild.GRCh38: 64_444_167, GenomeBuild.GRCh37: 63_025_520}
_CHR20_REFSEQ = {GenomeBuild.GRCh38: "NC_000020.11", GenomeBuild.GRCh37: "NC_000020.10"}

_BUILD_ALIASES: dict[GenomeBuild, frozenset[str]] = {
    GenomeBuild.GRCh38: frozenset({"grch38", "hg38", "b38", "hs38", "hs38dh", "38"}),
    GenomeBuild.GRCh37: frozenset({"grch37", "hg19", "b37", "hs37d5", "hs37", "37"}),
}

# Names under which chromosome 20 appears in VCF files. The RefSeq accessions
# also pin the build; the others do not.
CHR20_NAMES: frozenset[str] = frozenset({"chr20", "20", "NC_000020.11", "NC_000020.10"})
_ACCESSION_BUILD = {"NC_000020.11": GenomeBuild.GRCh38, "NC_000020.10": GenomeBuild.GRCh37}

# Spellings that clearly mean chromosome 20 but that we refuse to guess at,
# because a tool that silently maps them would also map typos.
_LOOKS_LIKE_CHR20 = re.compile(r"^(?:chr(?:omosome)?[_-]?|hs|ch)?0*20$", re.IGNORECASE)

# Substrings of a ##reference= header value that name a build.
_REFERENCE_HINTS: tuple[tuple[str, GenomeBuild], ...] = (
    ("grch38", GenomeBuild.GRCh38),
    ("hg38", GenomeBuild.GRCh38),
    ("assembly38", GenomeBuild.GRCh38),
    ("hs38", GenomeBuild.GRCh38),
    ("gca_000001405.15", GenomeBuild.GRCh38),
    ("grch37", GenomeBuild.GRCh37),
    ("hg19", GenomeBuild.GRCh37),
    ("hs37d5", GenomeBuild.GRCh37),
    ("human_g1k_v37", GenomeBuild.GRCh37),
    ("b37", GenomeBuild.GRCh37),
    ("gca_000001405.1", GenomeBuild.GRCh37),
)


def is_chr20(name: str) -> bool:
    return name in CHR20_NAMES


def looks_like_chr20(name: str) -> bool:
    """True for unsupported spellings of chromosome 20 (``Chr20``, ``chromosome20``)."""
    return name not in CHR20_NAMES and bool(_LOOKS_LIKE_CHR20.match(name))


def canonical_chrom(name: str) -> str:
    """Map any supported chr20 name to ``chr20``; other names pass through unchanged."""
    return "chr20" if name in CHR20_NAMES else name


def build_from_accession(name: str) -> GenomeBuild | None:
    return _ACCESSION_BUILD.get(name)


def build_from_length(length: int | None) -> GenomeBuild | None:
    if length is None:
        return None
    for build, chr20_length in _CHR20_LENGTH.items():
        if length == chr20_length:
            return build
    return None


def build_from_reference_line(value: str) -> GenomeBuild | None:
    """Guess the build named in a ``##reference=`` or ``assembly=`` value.

    Returns None when the value names no build or names both (a path such as
    ``/refs/hg19_to_hg38/`` proves nothing).
    """
    lowered = value.lower()
    found = {build for hint, build in _REFERENCE_HINTS if hint in lowered}
    if "gca_000001405.1" in lowered and "gca_000001405.15" in lowered:
        found.discard(GenomeBuild.GRCh37)
    return found.pop() if len(found) == 1 else None
