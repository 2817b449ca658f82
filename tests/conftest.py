from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from facts import reference_pieces
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus_fasta import write_partial_fasta

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


@pytest.fixture(scope="session")
def partial_reference(tmp_path_factory: pytest.TempPathFactory) -> dict[GenomeBuild, Path]:
    """chr20 of each build: real bases from ../shared/data, N elsewhere."""
    folder = tmp_path_factory.mktemp("reference")
    return {
        build: write_partial_fasta(
            folder / f"partial_{build}.fa.gz",
            "chr20",
            build.chr20_length,
            reference_pieces(str(build)),
            description="test partial reference built from ../shared/data facts",
        )
        for build in GenomeBuild
    }


@pytest.fixture(scope="session")
def bcftools() -> str:
    path = shutil.which("bcftools")
    if path is None:
        if os.environ.get("GNAS_REQUIRE_TOOLS"):
            pytest.fail("bcftools is required (GNAS_REQUIRE_TOOLS is set) but not on PATH")
        pytest.skip("bcftools not installed (apt-get install bcftools)")
    return path


def write_vcf(
    path: Path, body: str, header: str | None = None, samples: tuple[str, ...] = ("S1",)
) -> Path:
    """A small VCF on GRCh38 chr20 with the given data lines (tab-separated)."""
    head = header or (
        "##fileformat=VCFv4.2\n"
        "##contig=<ID=chr20,length=64444167>\n"
        '##INFO=<ID=END,Number=1,Type=Integer,Description="End">\n'
        '##INFO=<ID=SVLEN,Number=.,Type=Integer,Description="SV length">\n'
        '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="SV type">\n'
        '##INFO=<ID=AC,Number=A,Type=Integer,Description="Allele count">\n'
        '##INFO=<ID=ADR,Number=R,Type=Integer,Description="Per-allele depth">\n'
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
        '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">\n'
        '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">\n'
    )
    columns = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"
    if samples:
        columns += "\tFORMAT\t" + "\t".join(samples)
    path.write_text(head + columns + "\n" + body)
    return path


@pytest.fixture(scope="session")
def synthetic_reference(tmp_path_factory: pytest.TempPathFactory) -> dict[GenomeBuild, Path]:
    """MECHANISM TESTS ONLY: the locus with every base known (random where the
    real base is not), see tests/synthetic.py."""
    from synthetic import synthetic_pieces

    folder = tmp_path_factory.mktemp("synthetic")
    return {
        build: write_partial_fasta(
            folder / f"synthetic_{build}.fa.gz",
            "chr20",
            build.chr20_length,
            synthetic_pieces(build),
            description="SYNTHETIC",
        )
        for build in GenomeBuild
    }
