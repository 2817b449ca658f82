"""read -> locate -> normalize on real GNAS positions (partial reference from shared facts)."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, write_vcf
from gnas_annot import VariantStatus, read_gnas_variants
from gnas_annot.errors import BuildMismatchError, RefMismatchError
from gnas_annot.model.builds import GenomeBuild

G38 = GenomeBuild.GRCh38


def _one(path, ref, **kw):
    variants = list(read_gnas_variants(path, reference=ref, **kw))
    assert len(variants) == 1, variants
    return variants[0]


@pytest.mark.parametrize(
    ("pos", "ref", "alt"),
    [
        (58909193, "GCTGA", "G"),
        (58909194, "CTGAC", "C"),
        (58909195, "TGACT", "T"),
        (58909194, "CTGACT", "CT"),
    ],
)
def test_every_spelling_of_the_exon7_hotspot_normalizes_to_the_left_aligned_record(
    tmp_path, partial_reference, pos, ref, alt
):
    path = write_vcf(tmp_path / "a.vcf", f"chr20\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\t.\tGT\t0/1\n")
    v = _one(path, partial_reference[G38])
    assert (v.pos, v.ref, v.alt, v.status) == (58909193, "GCTGA", "G", VariantStatus.OK)
    assert v.was_changed == ((pos, ref) != (58909193, "GCTGA"))


def test_grch37_hotspot_normalizes_on_the_grch37_reference(tmp_path, partial_reference):
    header = (
        "##fileformat=VCFv4.2\n##contig=<ID=20,length=63025520>\n"
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="GT">\n'
    )
    path = write_vcf(
        tmp_path / "a.vcf", "20\t57484250\t.\tTGACT\tT\t.\tPASS\t.\tGT\t0/1\n", header=header
    )
    v = _one(path, partial_reference[GenomeBuild.GRCh37])
    assert (v.build, v.pos, v.ref, v.alt) == (GenomeBuild.GRCh37, 57484248, "GCTGA", "G")


def test_multiallelic_records_split_and_keep_original_genotype_indices(tmp_path, partial_reference):
    body = "chr20\t58909365\trs\tC\tT,A\t.\tPASS\tAC=1,1\tGT:AD\t1/2:10,6,4\n"
    t, a = read_gnas_variants(write_vcf(tmp_path / "a.vcf", body), reference=partial_reference[G38])
    assert (t.alt, t.allele_index, a.alt, a.allele_index) == ("T", 1, "A", 2)
    g = t.genotypes[0]
    assert g.alleles == (1, 2) and g.count(1) == 1 and g.count(2) == 1 and g.count(0) == 0
    # every read of AD counts: the other ALT's reads are the other allele's (issue 12)
    assert g.allele_fraction(1) == pytest.approx(6 / 20) and g.allele_fraction(2) == pytest.approx(
        4 / 20
    )


def test_genotype_fields_are_kept(tmp_path, partial_reference):
    body = "chr20\t58909366\t.\tG\tA\t.\tPASS\t.\tGT:AD:DP:GQ:PS\t0|1:88,12:100:40:58909000\n"
    v = _one(write_vcf(tmp_path / "a.vcf", body), partial_reference[G38])
    g = v.genotypes[0]
    assert (g.alleles, g.phased, g.phase_set, g.allele_depths, g.depth, g.quality) == (
        (0, 1),
        True,
        58909000,
        (88, 12),
        100,
        40,
    )
    assert g.allele_fraction(1) == pytest.approx(0.12)


def test_ref_mismatch_is_reported_per_record_or_raised_in_strict_mode(tmp_path, partial_reference):
    path = write_vcf(tmp_path / "a.vcf", "chr20\t58909365\t.\tG\tA\t.\tPASS\t.\tGT\t0/1\n")
    v = _one(path, partial_reference[G38])
    assert v.status is VariantStatus.REF_MISMATCH
    assert "REF G disagrees with the GRCh38 reference (C)" in v.reason
    with pytest.raises(RefMismatchError):
        list(read_gnas_variants(path, reference=partial_reference[G38], strict=True))


def test_a_file_of_mismatching_refs_is_another_build(tmp_path, partial_reference):
    # five GRCh37 Gs-alpha exon positions read as if they were GRCh38 ones
    body = "".join(
        f"chr20\t{58909365 + i}\t.\t{b}\tA\t.\tPASS\t.\tGT\t0/1\n"
        for i, b in enumerate("GCAGCGG")  # not the GRCh38 bases CGTCTGCG...
    )
    with pytest.raises(BuildMismatchError, match="another genome build"):
        list(
            read_gnas_variants(
                write_vcf(tmp_path / "a.vcf", body), reference=partial_reference[G38]
            )
        )


def test_without_reference_alleles_are_trimmed_and_say_so(tmp_path):
    v = _one(
        write_vcf(tmp_path / "a.vcf", "chr20\t58909195\t.\tTGACT\tT\t.\tPASS\t.\tGT\t0/1\n"), None
    )
    assert v.status is VariantStatus.REFERENCE_UNAVAILABLE
    assert (v.pos, v.ref, v.alt) == (58909195, "TGACT", "T")
    assert "reference sequence unavailable" in v.reason


def test_unknown_reference_bases_are_not_guessed(tmp_path, partial_reference):
    # an intronic position: the partial reference has N there
    v = _one(
        write_vcf(tmp_path / "a.vcf", "chr20\t58900000\t.\tAT\tA\t.\tPASS\t.\tGT\t0/1\n"),
        partial_reference[G38],
    )
    assert v.status is VariantStatus.REFERENCE_UNAVAILABLE and "REF not verified" in v.reason


@pytest.mark.parametrize(
    ("alt", "status"),
    [
        ("*", VariantStatus.SPANNING_DELETION),
        ("<NON_REF>", VariantStatus.NO_ALT),
        (".", VariantStatus.NO_ALT),
        ("R", VariantStatus.INVALID_ALLELE),
        ("C", VariantStatus.REF_EQUALS_ALT),
        ("<DUP>", VariantStatus.SYMBOLIC),
    ],
)
def test_every_record_in_region_comes_out_with_a_status(tmp_path, partial_reference, alt, status):
    info = "SVTYPE=DUP;END=58909500" if alt == "<DUP>" else "."
    body = f"chr20\t58909365\t.\tC\t{alt}\t.\tPASS\t{info}\tGT\t0/1\n"
    v = _one(write_vcf(tmp_path / "a.vcf", body), partial_reference[G38])
    assert v.status is status
    assert v.reason


def test_symbolic_deletion_spanning_gnas_carries_its_end(tmp_path, partial_reference):
    body = "chr20\t58800000\t.\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=58950000\tGT\t0/1\n"
    v = _one(write_vcf(tmp_path / "a.vcf", body), partial_reference[G38])
    assert (v.sv_type, v.end, v.status) == ("DEL", 58950000, VariantStatus.SYMBOLIC)


def test_records_outside_the_region_are_not_extracted_but_stx16_is_on_request(tmp_path):
    body = (
        "chr20\t58660000\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n"
        "chr20\t58909365\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n"
    )
    path = write_vcf(tmp_path / "a.vcf", body)
    assert [v.pos for v in read_gnas_variants(path)] == [58909365]
    assert [v.pos for v in read_gnas_variants(path, region="gnas+stx16")] == [58660000, 58909365]


def test_bundled_trio_example_reads_on_both_outcomes(real_reference):
    variants = list(read_gnas_variants(EXAMPLES / "trio.GRCh38.vcf", reference=real_reference[G38]))
    by_id = {(v.source.id, v.alt): v for v in variants}
    hotspot = by_id[("RCV000017301", "G")]
    assert (hotspot.pos, hotspot.ref, hotspot.status) == (58909193, "GCTGA", VariantStatus.OK)
    assert by_id[("DoCM_R201", "T")].status is VariantStatus.OK
    assert by_id[("DoCM_R201", "A")].status is VariantStatus.OK
    assert by_id[("VCV15927", "G")].status is VariantStatus.OK  # c.1A>G, REF A verified
    # the GCC dup needs base 58891723, which the partial reference does not hold
    assert by_id[("VCV193105", "CGCC")].status is VariantStatus.REFERENCE_UNAVAILABLE
    assert by_id[("ex_del_exon1_5", "<DEL>")].status is VariantStatus.SYMBOLIC
    assert len(variants) == 8
