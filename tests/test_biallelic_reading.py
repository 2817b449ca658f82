"""A homozygous loss-of-function call affects both alleles, the maternal one
included: the reading is PHP1A's, never "PHP1A if maternal, PPHP/POH if
paternal" (issue 12).  The origin stays ``not_applicable`` (no single parent)."""

from __future__ import annotations

import pytest

from conftest import write_vcf
from gnas_annot import annotate_vcf
from gnas_annot.model.builds import GenomeBuild
from trios import HET, HOM_ALT, SAMPLES, line

# c.565_568del, p.Asp189MetfsTer14 (exon 7): the published hotspot deletion
HOTSPOT_DEL = {
    GenomeBuild.GRCh38: "chr20\t58909193\t.\tGCTGA\tG",
    GenomeBuild.GRCh37: "chr20\t57484248\t.\tGCTGA\tG",
}


def _header(build: GenomeBuild) -> str:
    return (
        "##fileformat=VCFv4.2\n"
        f"##contig=<ID=chr20,length={build.chr20_length}>\n"
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
        '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">\n'
    )


def _kid(build, partial_reference, tmp_path, with_parents: bool):
    body = line(HOTSPOT_DEL[build], HOM_ALT, HET, HET)
    vcf = write_vcf(tmp_path / "hom.vcf", body, header=_header(build), samples=SAMPLES)
    ped = None
    if with_parents:
        ped = tmp_path / "trio.ped"
        ped.write_text("F\tkid\tdad\tmum\t1\t2\nF\tdad\t0\t0\t1\t1\nF\tmum\t0\t0\t2\t1\n")
    (found,) = annotate_vcf(vcf, ped=ped, reference=partial_reference[build])
    return next(s for s in found.samples if s.sample == "kid")


@pytest.mark.parametrize("with_parents", [True, False], ids=["trio", "singleton"])
@pytest.mark.parametrize("build", list(GenomeBuild))
def test_a_homozygous_loss_of_function_child_reads_as_php1a(
    build, with_parents, partial_reference, tmp_path
):
    kid = _kid(build, partial_reference, tmp_path, with_parents)
    reading = kid.interpretation
    assert reading.mechanism.value == "loss_of_function"
    assert reading.summary.startswith("consistent with PHP1A")
    assert "if paternal" not in reading.summary and "PPHP" not in reading.summary
    assert {c.key for c in reading.conditions} == {"PHP1A"}
    assert any("both alleles" in e for e in reading.evidence)
    if with_parents:
        assert kid.origin == "not_applicable"


def test_a_heterozygous_child_of_unknown_origin_keeps_both_readings(partial_reference, tmp_path):
    build = GenomeBuild.GRCh38
    vcf = write_vcf(
        tmp_path / "het.vcf",
        line(HOTSPOT_DEL[build], HET, HET, HET),
        header=_header(build),
        samples=SAMPLES,
    )
    (found,) = annotate_vcf(vcf, reference=partial_reference[build])
    kid = next(s for s in found.samples if s.sample == "kid")
    assert "PHP1A if maternal, PPHP/POH if paternal" in kid.interpretation.summary
