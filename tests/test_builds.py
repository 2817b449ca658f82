"""Genome builds and chromosome-20 names."""

from __future__ import annotations

import pytest

from gnas_annot.errors import BuildError
from gnas_annot.model.builds import (
    GenomeBuild,
    build_from_accession,
    build_from_length,
    build_from_reference_line,
    canonical_chrom,
    is_chr20,
    looks_like_chr20,
)


@pytest.mark.parametrize(
    ("text", "build"),
    [
        ("GRCh38", "GRCh38"),
        ("hg38", "GRCh38"),
        ("b37", "GRCh37"),
        ("hg19", "GRCh37"),
        (" GRCH37 ", "GRCh37"),
    ],
)
def test_users_may_spell_builds_the_usual_ways(text, build):
    assert GenomeBuild.parse(text) is GenomeBuild(build)


def test_unknown_build_names_are_errors():
    with pytest.raises(BuildError, match="unknown genome build"):
        GenomeBuild.parse("hg17")


def test_chr20_lengths_and_accessions_identify_the_build():
    assert build_from_length(64_444_167) is GenomeBuild.GRCh38
    assert build_from_length(63_025_520) is GenomeBuild.GRCh37
    assert build_from_length(12345) is None
    assert build_from_accession("NC_000020.10") is GenomeBuild.GRCh37
    assert GenomeBuild.GRCh38.refseq_accession == "NC_000020.11"


@pytest.mark.parametrize(
    ("value", "build"),
    [
        ("file:///refs/Homo_sapiens_assembly38.fasta", GenomeBuild.GRCh38),
        ("hs37d5.fa", GenomeBuild.GRCh37),
        ("GRCh37.p13", GenomeBuild.GRCh37),
        ("/data/liftover_hg19_to_hg38/ref.fa", None),  # names both: proves nothing
        ("my_reference.fa", None),
    ],
)
def test_reference_lines_name_a_build_only_when_unambiguous(value, build):
    assert build_from_reference_line(value) is build


def test_chr20_names():
    assert all(is_chr20(n) for n in ("chr20", "20", "NC_000020.11", "NC_000020.10"))
    assert canonical_chrom("20") == "chr20" and canonical_chrom("chr1") == "chr1"
    assert looks_like_chr20("Chr20") and looks_like_chr20("chromosome20")
    assert not looks_like_chr20("chr20") and not looks_like_chr20("chr2")
