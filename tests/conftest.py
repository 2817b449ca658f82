from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import facts
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus_fasta import write_partial_fasta

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
# the fixtures through which a test gets real bases; a test that uses one is
# marked real_sequence, so `-m "not real_sequence"` selects the mechanism tests
REAL_FIXTURES = {"real_sequence", "real_reference"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if REAL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.real_sequence)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # a test marked by hand (it reads real bases another way) skips or fails like the fixture
    if item.get_closest_marker("real_sequence"):
        facts.real_sequence()


@pytest.fixture(scope="session")
def real_sequence() -> facts.RealSequence:
    """REAL-SEQUENCE TESTS: the real Gs-alpha bases (../shared/data or
    $GNAS_TEST_REFERENCE); skips without them, fails under GNAS_REQUIRE_REAL_SEQUENCE."""
    return facts.real_sequence()


@pytest.fixture(scope="session")
def real_reference(
    real_sequence: facts.RealSequence, tmp_path_factory: pytest.TempPathFactory
) -> dict[GenomeBuild, Path]:
    """REAL-SEQUENCE TESTS: chr20 of each build with the real bases where they
    are known (tests/data/gnas_real_sequence_pieces.tsv), N elsewhere."""
    folder = tmp_path_factory.mktemp("reference")
    return {
        build: write_partial_fasta(
            folder / f"partial_{build}.fa.gz",
            "chr20",
            build.chr20_length,
            facts.reference_pieces(str(build)),
            description=f"test partial reference, real bases from {real_sequence.source}",
        )
        for build in GenomeBuild
    }


@pytest.fixture(scope="session")
def partial_reference(tmp_path_factory: pytest.TempPathFactory) -> dict[GenomeBuild, Path]:
    """MECHANISM TESTS: chr20 of each build with SYNTHETIC bases (tests/synthetic.py)
    exactly where real_reference has real ones, N elsewhere.  The published REF
    alleles and the Gs-alpha protein hold on it; flanking bases are invented."""
    from synthetic import synthetic_partial_pieces

    folder = tmp_path_factory.mktemp("partial_synthetic")
    return {
        build: write_partial_fasta(
            folder / f"partial_synthetic_{build}.fa.gz",
            "chr20",
            build.chr20_length,
            synthetic_partial_pieces(build),
            description="SYNTHETIC partial reference",
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


@pytest.fixture(scope="session", params=list(GenomeBuild), ids=str)
def differential(request: pytest.FixtureRequest, real_reference: dict[GenomeBuild, Path]):
    """REAL-SEQUENCE TESTS: the differential enumeration annotated once per build
    (tests/differential_run.py), shared by the differential test modules."""
    from differential_run import annotate_all

    return annotate_all(request.param, real_reference[request.param])


@pytest.fixture(scope="session", params=list(GenomeBuild), ids=str)
def real_edges(
    request: pytest.FixtureRequest,
    real_reference: dict[GenomeBuild, Path],
    tmp_path_factory: pytest.TempPathFactory,
):
    """REAL-SEQUENCE TESTS: every allele shape around every exon and CDS edge
    (tests/edge_alleles.py), annotated on the real bases of one build."""
    from edge_alleles import annotate_edges

    build = request.param
    return annotate_edges(build, real_reference[build], tmp_path_factory.mktemp("real_edges"))


@pytest.fixture(scope="session", params=list(GenomeBuild), ids=str)
def synthetic_edges(
    request: pytest.FixtureRequest,
    synthetic_reference: dict[GenomeBuild, Path],
    tmp_path_factory: pytest.TempPathFactory,
):
    """MECHANISM TESTS: the same alleles on the synthetic locus (every base known)."""
    from edge_alleles import annotate_edges

    build = request.param
    return annotate_edges(build, synthetic_reference[build], tmp_path_factory.mktemp("edges"))
