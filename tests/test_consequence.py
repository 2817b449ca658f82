"""SO consequences per transcript, VEP's terms and fields, on real GNAS positions."""

from __future__ import annotations

import pytest

from gnas_annot.effect.consequence import RANK, TERMS, ConsequenceCalculator
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.spans import ExonSpan
from gnas_annot.seq.reference import ReferenceGenome

G38 = GenomeBuild.GRCh38
EXON7_END = 58909216  # NM_000516.7 exon 7: 58909162-58909216 (c.531-c.585)


@pytest.fixture(scope="module")
def calc(partial_reference):
    return ConsequenceCalculator({G38: ReferenceGenome(partial_reference[G38])})


@pytest.fixture(scope="module")
def real_calc(real_reference):
    return ConsequenceCalculator({G38: ReferenceGenome(real_reference[G38])})


def on(calc, pos, ref, alt, tx="NM_000516.7"):
    return calc.annotate(G38, pos, ref, alt).on(tx)


def test_exon7_hotspot_is_a_high_impact_frameshift_on_gs_alpha_and_utr_on_nesp55(calc):
    result = calc.annotate(G38, 58909193, "GCTGA", "G")
    gs = result.on("NM_000516.7")
    assert gs.terms == ("frameshift_variant",) and gs.impact == "HIGH"
    assert (gs.exon.render(), gs.cds_position, gs.protein_position) == (
        "7/13",
        "563-566",
        "188-189",
    )
    assert result.on("NM_016592.5").terms == ("3_prime_UTR_variant",)
    assert result.on("NR_003259.1").terms == ("non_coding_transcript_exon_variant",)
    assert result.most_severe == "frameshift_variant"


def test_r201c_is_missense_with_vep_codons_and_amino_acids(real_calc):
    t = on(real_calc, 58909365, "C", "T")
    assert (t.terms, t.impact, t.amino_acids, t.codons) == (
        ("missense_variant",),
        "MODERATE",
        "R/C",
        "Cgt/Tgt",
    )
    assert (t.cdna_position, t.cds_position, t.protein_position) == ("907", "601", "201")


def test_start_codon_variant_hits_gs_alpha_but_is_intronic_for_xlas(calc):
    result = calc.annotate(G38, 58891727, "A", "G")
    assert result.on("NM_000516.7").terms == ("start_lost",)
    assert result.on("NM_000516.7").codons == "Atg/Gtg"
    xl = result.on("NM_080425.4")
    assert xl.terms == ("intron_variant",) and xl.intron.render() == "1/12"


@pytest.mark.parametrize(
    ("pos", "ref", "alt", "terms"),
    [
        (EXON7_END, "G", "A", ("splice_region_variant", "synonymous_variant")),
        # VEP: the canonical bases are splice sites only (intron effects start at +3/-3)
        (EXON7_END + 1, "N", "A", ("splice_donor_variant",)),
        (EXON7_END + 2, "N", "A", ("splice_donor_variant",)),
        # VEP 105+: the finer donor terms replace splice_region_variant
        (EXON7_END + 3, "N", "A", ("splice_donor_region_variant", "intron_variant")),
        (EXON7_END + 5, "N", "A", ("splice_donor_5th_base_variant", "intron_variant")),
        (EXON7_END + 7, "N", "A", ("splice_region_variant", "intron_variant")),
        (EXON7_END + 9, "N", "A", ("intron_variant",)),
        (58909162 - 1, "N", "A", ("splice_acceptor_variant",)),
        (58909162 - 2, "N", "A", ("splice_acceptor_variant",)),
        (
            58909162 - 5,
            "N",
            "A",
            ("splice_region_variant", "splice_polypyrimidine_tract_variant", "intron_variant"),
        ),
        (58909162 - 12, "N", "A", ("splice_polypyrimidine_tract_variant", "intron_variant")),
    ],
)
def test_splice_terms_at_the_exon7_junctions(calc, pos, ref, alt, terms):
    if ref == "N":  # an intronic base the partial reference does not hold: any base will do
        ref = "C"
    assert on(calc, pos, ref, alt).terms == terms


def test_flanking_transcripts_get_up_and_downstream_terms_with_distances(calc):
    result = calc.annotate(G38, 58911192 + 100, "A", "G")
    t = result.on("NM_000516.7")
    assert (t.terms, t.distance) == (("downstream_gene_variant",), 100)
    assert calc.annotate(G38, 58911192 + 6000, "A", "G").on("NM_000516.7") is None


def test_structural_deletions_ablate_or_truncate(calc):
    whole = calc.annotate(G38, 58830000, "N", "<DEL>", sv_type="DEL", sv_end=58915000)
    assert {t.most_severe for t in whole.transcripts} == {"transcript_ablation"}
    part = calc.annotate(G38, 58890000, "N", "<DEL>", sv_type="DEL", sv_end=58905000)
    gs = part.on("NM_000516.7")
    assert gs.terms == ("feature_truncation",) and gs.exon == ExonSpan(1, 5, 13)
    dup = calc.annotate(G38, 58890000, "N", "<DUP>", sv_type="DUP", sv_end=58905000)
    assert dup.on("NM_000516.7").terms == ("feature_elongation",)


def test_terms_follow_vep_severity_and_impact():
    names = [t for t, _ in TERMS]
    assert names.index("transcript_ablation") == 0
    assert names.index("splice_acceptor_variant") < names.index("splice_donor_variant")
    assert names.index("missense_variant") < names.index("splice_region_variant")
    assert names.index("synonymous_variant") < names.index("coding_sequence_variant")
    assert RANK["intron_variant"] < RANK["upstream_gene_variant"]


@pytest.mark.parametrize(("ref", "alt"), [("AT", "A"), ("A", "AC")])  # c.2del, c.1_2insC
def test_a_frameshift_in_the_start_codon_is_start_lost_and_frameshift(calc, ref, alt):
    tc = calc.annotate(G38, 58891727, ref, alt).on("NM_000516.7")
    assert set(tc.terms) >= {"start_lost", "frameshift_variant"}


def test_an_in_frame_delins_losing_bases_is_an_inframe_deletion(calc):
    # c.601_603delinsA-style change that loses 3 bases net: VEP calls it inframe_deletion
    ref = calc.namer.references[G38].fetch(58909365, 58909369)
    tc = calc.annotate(G38, 58909365, ref, ref[0] + "T" if ref[1] != "T" else ref[0] + "G").on(
        "NM_000516.7"
    )
    assert "inframe_deletion" in tc.terms and "protein_altering_variant" not in tc.terms


def test_consequences_take_the_names_as_input(calc):
    # naming is a separate step: of_names(names) gives what annotate() gives
    names = calc.namer.name(G38, 58909193, "GCTGA", "G")
    assert calc.of_names(names, 58909193, "GCTGA", "G") == calc.annotate(
        G38, 58909193, "GCTGA", "G"
    )
