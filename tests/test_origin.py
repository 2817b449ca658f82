"""Parent of origin from trio genotypes, phased genotypes and allele fractions.

Trio VCFs are written per test on real GRCh38 GNAS positions whose REF bases
come from the partial reference (synthetic bases, tests/synthetic.py: the
published REF alleles hold on it, origin does not depend on the others).
"""

from __future__ import annotations

import pytest

from conftest import write_vcf
from facts import c_to_g
from gnas_annot import (
    Confidence,
    Method,
    MosaicFlag,
    Origin,
    OriginSettings,
    Pedigree,
    TrioPattern,
    assign_origin,
)
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin.mosaicism import activating_hotspots, binomial_p_value
from trios import HET, HOM_ALT, HOM_REF, HOTSPOT_DEL, R201C, SAMPLES, line, snv

G38 = GenomeBuild.GRCh38
HP_HEADER = '##FORMAT=<ID=HP,Number=.,Type=String,Description="Read-backed phasing haplotype">\n'


def origins(tmp_path, partial_reference, body, trio="kid,dad,mum", header=None, **kw):
    head = None
    if header:  # the default header plus extra lines
        head = write_vcf(tmp_path / "h.vcf", "").read_text().split("#CHROM")[0] + header
    vcf = write_vcf(tmp_path / "trio.vcf", body, header=head, samples=SAMPLES)
    return assign_origin(vcf, trio=trio, reference=partial_reference[G38], **kw)


@pytest.mark.parametrize(
    ("dad", "mum", "origin"),
    [
        (HET, HOM_REF, Origin.PATERNAL),
        (HOM_REF, HET, Origin.MATERNAL),
        (HOM_ALT, HOM_REF, Origin.PATERNAL),
        (HOM_REF, HOM_ALT, Origin.MATERNAL),
    ],
)
def test_inherited_hotspot_deletion_gets_its_parent(tmp_path, partial_reference, dad, mum, origin):
    [call] = origins(tmp_path, partial_reference, line(HOTSPOT_DEL, HET, dad, mum))
    assert call.variant.status.value == "ok"
    assert (call.origin, call.method, call.confidence) == (
        origin,
        Method.TRIO_GENOTYPES,
        Confidence.HIGH,
    )
    assert call.trio_pattern is TrioPattern.INFORMATIVE and not call.conflicts


def test_both_parents_het_is_ambiguous_not_guessed(tmp_path, partial_reference):
    [call] = origins(tmp_path, partial_reference, line(HOTSPOT_DEL, HET, HET, HET))
    assert call.origin is Origin.AMBIGUOUS and call.trio_pattern is TrioPattern.UNINFORMATIVE
    assert "either parent" in call.reason


def test_mendelian_error_is_unknown_with_the_genotypes_in_the_reason(tmp_path, partial_reference):
    [call] = origins(tmp_path, partial_reference, line(HOTSPOT_DEL, HET, HOM_ALT, HOM_ALT))
    assert call.origin is Origin.UNKNOWN and call.trio_pattern is TrioPattern.MENDELIAN_ERROR
    assert "child 0/1, father 1/1, mother 1/1" in call.reason


def test_homozygous_child_with_a_hom_ref_parent_is_a_mendelian_error(tmp_path, partial_reference):
    [call] = origins(tmp_path, partial_reference, line(HOTSPOT_DEL, HOM_ALT, HET, HOM_REF))
    assert call.trio_pattern is TrioPattern.MENDELIAN_ERROR and "UPD20" in call.reason


def test_de_novo_without_reads_is_de_novo_unphased(tmp_path, partial_reference):
    [call] = origins(tmp_path, partial_reference, line(HOTSPOT_DEL, HET, HOM_REF, HOM_REF))
    assert (call.origin, call.trio_pattern) == (Origin.DE_NOVO_UNPHASED, TrioPattern.DE_NOVO)
    assert call.confidence is Confidence.HIGH


def test_low_gq_parent_blocks_the_call_unless_the_threshold_allows_it(tmp_path, partial_reference):
    body = line(HOTSPOT_DEL, HET, HET, "0/0:40,0:40:5")
    [call] = origins(tmp_path, partial_reference, body)
    assert call.origin is Origin.UNKNOWN and call.trio_pattern is TrioPattern.LOW_QUALITY
    assert "mother GQ 5 < 20" in call.reason
    [relaxed] = origins(tmp_path, partial_reference, body, settings=OriginSettings(min_gq=5))
    assert relaxed.origin is Origin.PATERNAL


def test_low_depth_child_blocks_the_call(tmp_path, partial_reference):
    [call] = origins(tmp_path, partial_reference, line(HOTSPOT_DEL, "0/1:3,3:6:99", HET, HOM_REF))
    assert call.trio_pattern is TrioPattern.LOW_QUALITY and "child DP 6 < 10" in call.reason


def test_alt_reads_in_a_hom_ref_parent_flag_parental_mosaicism(tmp_path, partial_reference):
    body = line(HOTSPOT_DEL, HET, "0/0:36,4:40:60", HOM_REF)
    [call] = origins(tmp_path, partial_reference, body)
    assert call.trio_pattern is TrioPattern.PARENTAL_MOSAIC
    assert call.origin is Origin.AMBIGUOUS and "father's 0/0 call has 4/40 ALT reads" in call.reason


def test_duo_is_unknown_with_what_the_one_parent_shows(tmp_path, partial_reference):
    body = line(HOTSPOT_DEL, HET, HOM_REF, HOM_REF)
    [call] = origins(tmp_path, partial_reference, body, trio="kid,dad,0")
    assert call.origin is Origin.UNKNOWN and call.trio_pattern is TrioPattern.INCOMPLETE_PEDIGREE
    assert "not from the father" in call.reason and call.mother is None


def test_singleton_is_unknown_even_when_phased(tmp_path, partial_reference):
    body = line(HOTSPOT_DEL, "0|1:20,20:40:99", HOM_REF, HOM_REF, "GT:AD:DP:GQ")
    [call] = origins(tmp_path, partial_reference, body, trio="kid,0,0")
    assert call.origin is Origin.UNKNOWN and "no parent in the pedigree" in call.reason


def test_uncalled_parent_is_unknown(tmp_path, partial_reference):
    [call] = origins(tmp_path, partial_reference, line(HOTSPOT_DEL, HET, HET, "./.:.:.:."))
    assert call.origin is Origin.UNKNOWN and call.trio_pattern is TrioPattern.NO_CALL


def test_non_carrier_and_homozygous_child_are_not_applicable(tmp_path, partial_reference):
    body = line(HOTSPOT_DEL, HOM_REF, HET, HOM_REF) + line(R201C, HOM_ALT, HET, HET)
    calls = origins(tmp_path, partial_reference, body)
    assert [c.origin for c in calls] == [Origin.NOT_APPLICABLE] * 2
    assert [c.trio_pattern for c in calls] == [TrioPattern.NOT_CARRIED, TrioPattern.HOMOZYGOUS]


def test_multiallelic_child_1_2_gets_one_allele_from_each_parent(tmp_path, partial_reference):
    site = "chr20\t58909365\t.\tC\tT,A"
    body = line(site, "1/2:0,20,20:40:99", "0/1:20,20,0:40:99", "0/2:20,0,20:40:99")
    calls = origins(tmp_path, partial_reference, body)
    assert {c.variant.alt: c.origin for c in calls} == {"T": Origin.PATERNAL, "A": Origin.MATERNAL}


def phased_ps(reference, kid: str, dad: str = HOM_REF) -> str:
    """R201C in phase set 58909170 with two informative sites that put the
    maternal haplotype second, and a site in another phase set (ignored)."""
    fmt = "GT:AD:DP:GQ:PS"
    return (
        # ALT from the mother (dad 0/0, mum 0/1), on haplotype 2
        line(snv(reference, 58909170), "0|1:20,20:40:99:58909170", f"{HOM_REF}:.", f"{HET}:.", fmt)
        + line(R201C, kid, f"{dad}:.", f"{HOM_REF}:.", fmt)
        # ALT from the father, on haplotype 1
        + line(
            snv(reference, 58909400), "1|0:20,20:40:99:58909170", f"{HET}:.", f"{HOM_REF}:.", fmt
        )
        # paternal ALT on haplotype 2, but in phase set 58909690
        + line(
            snv(reference, 58909700), "0|1:20,20:40:99:58909690", f"{HET}:.", f"{HOM_REF}:.", fmt
        )
    )


def test_phased_de_novo_takes_the_parent_of_its_phase_set_anchors(tmp_path, partial_reference):
    body = phased_ps(partial_reference[G38], "0|1:20,20:40:99:58909170")
    call = next(c for c in origins(tmp_path, partial_reference, body) if c.variant.pos == 58909365)
    assert call.trio_pattern is TrioPattern.DE_NOVO
    assert (call.origin, call.method, call.confidence) == (
        Origin.MATERNAL,
        Method.PHASED_GENOTYPES,
        Confidence.HIGH,
    )
    [evidence] = call.evidence
    assert evidence.phase_set == "PS:58909170"
    assert evidence.informative_sites == (58909170, 58909400)  # not 58909700 (other PS)
    assert (evidence.paternal, evidence.maternal) == (0, 2)


def test_whatshap_hp_tag_phases_like_ps(tmp_path, partial_reference):
    ref, fmt = partial_reference[G38], "GT:AD:DP:GQ:HP"
    body = (
        # HP gives each GT allele's haplotype: here the maternal ALT is on haplotype 7-2
        line(snv(ref, 58909170), "0/1:20,20:40:99:7-1,7-2", f"{HOM_REF}:.", f"{HET}:.", fmt)
        + line(R201C, "0/1:20,20:40:99:7-2,7-1", f"{HOM_REF}:.", f"{HOM_REF}:.", fmt)
        + line(snv(ref, 58909400), "0/1:20,20:40:99:7-2,7-1", f"{HET}:.", f"{HOM_REF}:.", fmt)
    )
    call = next(
        c
        for c in origins(tmp_path, partial_reference, body, header=HP_HEADER)
        if c.variant.pos == 58909365
    )
    assert (call.origin, call.method) == (Origin.PATERNAL, Method.PHASED_GENOTYPES)
    assert call.evidence[0].phase_set == "HP:7"
    assert (call.evidence[0].paternal, call.evidence[0].maternal) == (2, 0)


def test_trio_and_phase_disagreeing_is_ambiguous_with_the_conflict_listed(
    tmp_path, partial_reference
):
    body = phased_ps(partial_reference[G38], "0|1:20,20:40:99:58909170", dad=HET)
    call = next(c for c in origins(tmp_path, partial_reference, body) if c.variant.pos == 58909365)
    assert call.trio_pattern is TrioPattern.INFORMATIVE  # father 0/1, mother 0/0: paternal
    assert (call.origin, call.method, call.confidence) == (
        Origin.AMBIGUOUS,
        Method.MULTIPLE,
        Confidence.NONE,
    )
    assert "trio_genotypes says paternal" in call.conflicts[0]
    assert "phased_genotypes says maternal" in call.conflicts[0]
    assert {e.origin for e in call.evidence} == {Origin.PATERNAL, Origin.MATERNAL}


def test_mosaic_r201c_at_12_percent_is_flagged_somatic_mosaic(tmp_path, partial_reference):
    body = line(R201C, "0/1:176,24:200:99", "0/0:60,0:60:99", "0/0:55,0:55:99")
    [call] = origins(tmp_path, partial_reference, body)
    assert call.origin is Origin.DE_NOVO_UNPHASED
    assert call.confidence is Confidence.LOW and "child AB 0.12" in call.reason
    m = call.mosaicism
    assert m.hotspot == "p.Arg201" and m.vaf == pytest.approx(0.12) and m.p_value < 1e-20
    assert m.flags == (MosaicFlag.ACTIVATING_HOTSPOT, MosaicFlag.SOMATIC_MOSAIC_SUSPECTED)


def test_vaf_flags_away_from_hotspots(tmp_path, partial_reference):
    low = line(HOTSPOT_DEL, "0/1:85,15:100:99", HOM_REF, HOM_REF)
    high = line(snv(partial_reference[G38], 58909400), "0/1:5,45:50:99", HET, HOM_REF)
    shallow = line(snv(partial_reference[G38], 58909700), "0/1:12,3:15:99", HET, HOM_REF)
    flags = [c.mosaicism.flags for c in origins(tmp_path, partial_reference, low + high + shallow)]
    assert flags == [
        (MosaicFlag.LOW_VAF_MOSAIC,),
        (MosaicFlag.POSSIBLE_LOH_OR_CNV,),
        (MosaicFlag.INSUFFICIENT_DEPTH,),
    ]


@pytest.mark.parametrize("build", ["GRCh38", "GRCh37"])
def test_hotspots_come_from_the_pack_and_match_the_shared_exon_table(build):
    spots = {h.name: (h.start, h.end) for h in activating_hotspots(build)}
    assert spots == {
        "p.Arg201": (c_to_g(601, build), c_to_g(603, build)),
        "p.Gln227": (c_to_g(679, build), c_to_g(681, build)),
    }


def test_binomial_test_is_exact():
    assert binomial_p_value(3, 10) == pytest.approx(0.34375)
    assert binomial_p_value(5, 10) == pytest.approx(1.0)
    assert binomial_p_value(0, 0) == 1.0


def test_pedigree_object_and_several_children(tmp_path, partial_reference):
    ped = Pedigree.parse_text(
        "F kid dad mum 2 2\nF sib dad mum 1 1\nF dad 0 0 1 1\nF mum 0 0 2 1\n"
    )
    vcf = write_vcf(
        tmp_path / "fam.vcf",
        f"{HOTSPOT_DEL}\t50\tPASS\t.\tGT:GQ\t0/1:99\t0/0:99\t0/1:99\t0/0:99\n",
        samples=("kid", "sib", "dad", "mum"),
    )
    calls = assign_origin(vcf, pedigree=ped, reference=partial_reference[G38])
    assert {(c.sample, c.origin) for c in calls} == {
        ("kid", Origin.PATERNAL),
        ("sib", Origin.NOT_APPLICABLE),
    }
