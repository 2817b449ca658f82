"""Read counts of a call: a ``1/2`` genotype's fraction counts the other ALT's
reads, and a call without DP has the sum of its AD as its depth (issue 12)."""

from __future__ import annotations

import pytest

from facts import c_to_g
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import Genotype, SourceRecord, Variant, VariantStatus
from gnas_annot.origin.mosaicism import MosaicFlag, assess_mosaicism
from gnas_annot.pack.store import load_pack
from gnas_annot.seq.reference import ReferenceGenome

BIALLELIC_ALT = Genotype("S", (1, 2), False, allele_depths=(0, 20, 18))


def test_a_1_2_call_shares_its_reads_between_the_two_alts():
    assert BIALLELIC_ALT.allele_fraction(1) == pytest.approx(20 / 38)
    assert BIALLELIC_ALT.allele_fraction(2) == pytest.approx(18 / 38)
    assert round(BIALLELIC_ALT.allele_fraction(1) or 0, 2) == 0.53
    assert round(BIALLELIC_ALT.allele_fraction(2) or 0, 2) == 0.47


def test_a_0_1_call_with_reads_for_another_alt_counts_them_in_the_total():
    g = Genotype("S", (0, 1), False, allele_depths=(10, 10, 5))
    assert g.allele_fraction(1) == pytest.approx(10 / 25)


def test_a_fraction_needs_the_ref_and_alt_counts():
    assert Genotype("S", (1, 2), False, allele_depths=(None, 20, 18)).allele_fraction(1) is None
    assert Genotype("S", (1, 2), False, allele_depths=(0, None, 18)).allele_fraction(1) is None
    assert Genotype("S", (1, 2), False, allele_depths=(0, 0, 0)).allele_fraction(1) is None


def test_depth_falls_back_to_the_sum_of_ad_without_dp():
    assert Genotype("S", (0, 1), False, allele_depths=(12, 9)).read_depth == 21
    assert Genotype("S", (1, 2), False, allele_depths=(0, 20, 18)).read_depth == 38
    assert Genotype("S", (0, 1), False, allele_depths=(12, None)).read_depth == 12
    assert Genotype("S", (0, 1), False, allele_depths=(12, 9), depth=40).read_depth == 40
    assert Genotype("S", (0, 1), False).read_depth is None
    assert Genotype("S", (0, 1), False, allele_depths=(None, None)).read_depth is None


@pytest.mark.parametrize("build", list(GenomeBuild))
def test_a_1_2_call_is_not_flagged_as_loss_of_heterozygosity(build, partial_reference):
    # c.300 (exon 4/5 region, no hotspot): both ALTs at one site, each on one allele
    pos = c_to_g(300, str(build))
    ref = ReferenceGenome(partial_reference[build]).fetch(pos, pos)
    alts = tuple(b for b in "ACGT" if b != ref)[:2]
    record = SourceRecord("chr20", pos, None, ref, alts, None, (), pos, 0)
    for index, share in ((1, 20 / 38), (2, 18 / 38)):
        call = Genotype("S", (1, 2), False, allele_depths=(0, 20, 18))
        variant = Variant(
            build, "chr20", pos, ref, alts[index - 1], pos, index, VariantStatus.OK, record,
            genotypes=(call,),
        )  # fmt: skip
        m = assess_mosaicism(variant, call, load_pack().mosaicism)
        assert m is not None and m.vaf == pytest.approx(share) and m.depth == 38
        assert MosaicFlag.POSSIBLE_LOH_OR_CNV not in m.flags


@pytest.mark.parametrize("build", list(GenomeBuild))
def test_annotated_samples_of_an_ad_only_vcf_have_a_depth_and_shared_fractions(
    build, partial_reference, tmp_path
):
    from conftest import write_vcf
    from gnas_annot import annotate_vcf

    pos = c_to_g(300, str(build))
    ref = ReferenceGenome(partial_reference[build]).fetch(pos, pos)
    alts = [b for b in "ACGT" if b != ref][:2]
    header = (
        "##fileformat=VCFv4.2\n"
        f"##contig=<ID=chr20,length={build.chr20_length}>\n"
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
    )
    line = f"chr20\t{pos}\t.\t{ref}\t{','.join(alts)}\t50\tPASS\t.\tGT:AD\t1/2:0,20,18\n"
    vcf = write_vcf(tmp_path / "ad_only.vcf", line, header=header)
    found = list(annotate_vcf(vcf, reference=partial_reference[build]))
    samples = {a.variant.alt: a.samples[0] for a in found}
    assert set(samples) == set(alts)
    assert samples[alts[0]].depth == 38 and samples[alts[1]].depth == 38
    assert samples[alts[0]].allele_fraction == pytest.approx(20 / 38)
    assert samples[alts[1]].allele_fraction == pytest.approx(18 / 38)
