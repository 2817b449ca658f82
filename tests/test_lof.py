"""Loss-of-function calls (PVS1 codes + LOFTEE) on real Gs-alpha sequence."""

from __future__ import annotations

import pytest

from facts import c_to_g
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.lof import Strength, assess
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.seq.reference import ReferenceGenome

G38 = GenomeBuild.GRCh38
STOP_FROM = {
    "CAG": "TAG",
    "CAA": "TAA",
    "CGA": "TGA",
    "TGG": "TAG",
    "AAG": "TAG",
    "AAA": "TAA",
    "GAG": "TAG",
    "GAA": "TAA",
    "TCG": "TAG",
    "TTG": "TAG",
    "TAC": "TAG",
    "TAT": "TAG",
    "TGC": "TGA",
    "TGT": "TGA",
    "TCA": "TGA",
    "TTA": "TGA",
    "AGA": "TGA",
    "GGA": "TGA",
}


@pytest.fixture(scope="module")
def calc(partial_reference):
    return ConsequenceCalculator({G38: ReferenceGenome(partial_reference[G38])})


@pytest.fixture(scope="module")
def real_calc(real_reference):
    return ConsequenceCalculator({G38: ReferenceGenome(real_reference[G38])})


def call(calc, pos, ref, alt, tx="NM_000516.7", pack=None, **sv):
    result = calc.annotate(G38, pos, ref, alt, **sv)
    return assess(result, calc.namer.provider, pack=pack).on(tx)


def nonsense_in(calc, c_first, c_last):
    """A real single-base change making a stop codon between c.first and c.last."""
    ref = calc.namer.references[G38]
    for c in range(c_first - (c_first - 1) % 3, c_last, 3):
        codon = "".join(
            ref.fetch(c_to_g(c + k, "GRCh38"), c_to_g(c + k, "GRCh38")) for k in range(3)
        )
        if codon in STOP_FROM:
            new = STOP_FROM[codon]
            k = next(i for i in range(3) if codon[i] != new[i])
            pos = c_to_g(c + k, "GRCh38")
            return pos, codon[k], new[k]
    raise AssertionError("no codon one step from a stop")


def test_exon7_hotspot_frameshift_is_nf1_very_strong_with_nmd(real_calc):
    lof = call(real_calc, 58909193, "GCTGA", "G")
    assert (lof.pvs1_criterion, lof.pvs1_strength, lof.nmd, lof.ptc_codon) == (
        "NF1",
        Strength.VERY_STRONG,
        True,
        202,
    )  # Asp189 + 14 - 1
    assert lof.loftee == "HC" and lof.loftee_filters == ()
    assert any("gnomAD" in m for m in lof.missing_data)


def test_activating_hotspot_is_never_lof(calc):
    for tx in ("NM_000516.7", "NM_080425.4"):
        lof = call(calc, 58909365, "C", "T", tx)
        assert (
            lof.pvs1_strength is Strength.NOT_APPLICABLE
            and "activating hotspot" in lof.pvs1_reasons[0]
        )


def test_stop_in_exon13_escapes_nmd_and_is_weaker(calc):
    pos, ref, alt = nonsense_in(calc, 1039, 1180)
    lof = call(calc, pos, ref, alt)
    assert lof.lof_class == "stop_gained" and lof.nmd is False
    assert (lof.pvs1_criterion, lof.pvs1_strength) == (
        "NF3",
        Strength.STRONG,
    )  # exon 13 is critical (PHP-Ic)
    assert lof.loftee == "LC" and "END_TRUNC" in lof.loftee_filters


def test_the_50_nt_rule_is_applied_at_the_stop_in_the_penultimate_exon(calc):
    # exon 12 = c.971-1038: the last 50 nt (c.989-1038) escape NMD, c.971-988 do not
    early = call(calc, *nonsense_in(calc, 971, 986))
    late = call(calc, *nonsense_in(calc, 992, 1036))
    assert early.nmd is True and early.pvs1_criterion == "NF1"
    assert late.nmd is False and late.pvs1_strength is Strength.STRONG


@pytest.mark.parametrize(
    ("pos", "criterion", "strength"),
    [
        (58909216 + 1, "SS1", Strength.VERY_STRONG),  # exon 7 donor: out-of-frame skip, NMD
        (58898941 - 2, "SS9", Strength.UNMET),  # exon 3 acceptor: the natural short isoform
        (58898985 + 2, "SS9", Strength.UNMET),  # exon 3 donor
        (58910401 + 1, "SS3", Strength.STRONG),  # exon 12 donor: no NMD, exon 13 critical
    ],
)
def test_canonical_splice_sites(calc, pos, criterion, strength):
    lof = call(calc, pos, "A", "G")
    assert (lof.pvs1_criterion, lof.pvs1_strength) == (criterion, strength), lof.pvs1_reasons
    assert lof.loftee == "HC"


def test_exon3_skip_is_explained_as_the_short_isoform(calc):
    lof = call(calc, 58898941 - 1, "A", "G")
    assert any("short isoform" in r for r in lof.pvs1_reasons)


def test_nesp55_splice_sites_are_in_its_3prime_utr_for_loftee(calc):
    lof = call(calc, 58909216 + 1, "A", "G", "NM_016592.5")
    assert lof.loftee == "LC" and "3UTR_SPLICE" in lof.loftee_filters


def test_start_loss_finds_met60_in_the_known_sequence(calc):
    lof = call(calc, 58891727, "A", "G")
    assert (lof.pvs1_criterion, lof.pvs1_strength) == ("IC4", Strength.SUPPORTING)
    assert any("codon 60" in r and "earlier codons are unknown" in r for r in lof.pvs1_reasons)
    assert any("no pathogenic variant between codons 2 and 59" in r for r in lof.pvs1_reasons)


def test_start_loss_counts_the_curated_variants_before_met60(calc):
    # MECHANISM: two curated loss-of-function variants in codons 2-59 -> IC3 Moderate,
    # each named; one after Met60 does not count (a pack with these rows, given to assess)
    import dataclasses

    from gnas_annot.pack.facts import KnownVariant
    from gnas_annot.pack.store import load_pack

    def known(c: str, p: str, mechanism: str, source: str) -> KnownVariant:
        return KnownVariant(c, p, mechanism, "germline", "", source, "")

    rows = (
        known("c.85C>T", "p.(Gln29Ter)", "loss_of_function", "S1"),
        known("c.100del", "p.(Leu34fs)", "loss_of_function", "S2"),
        known("c.601C>T", "p.(Arg201Cys)", "activating", "S3"),
        known("c.565_568del", "p.(Asp189fs)", "loss_of_function", "S4"),
    )
    pack = dataclasses.replace(load_pack(), known_variants=rows)
    lof = call(calc, 58891727, "A", "G", pack=pack)
    assert (lof.pvs1_criterion, lof.pvs1_strength) == ("IC3", Strength.MODERATE)
    named = next(r for r in lof.pvs1_reasons if r.startswith("curated pathogenic"))
    assert "c.85C>T" in named and "c.100del" in named and "c.565_568del" not in named
    # the exon-1 variant is intronic for XLalphas: not a LoF there
    assert (
        call(calc, 58891727, "A", "G", "NM_080425.4", pack).pvs1_strength is Strength.NOT_APPLICABLE
    )
    # the current pack curates none of these: IC4
    assert call(calc, 58891727, "A", "G").pvs1_criterion == "IC4"


def test_deletions(calc):
    whole = call(calc, 58830000, "N", "<DEL>", sv_type="DEL", sv_end=58915000)
    assert (whole.pvs1_criterion, whole.pvs1_strength) == ("DEL1", Strength.VERY_STRONG)
    exons_1_5 = call(calc, 58890000, "N", "<DEL>", sv_type="DEL", sv_end=58905000)
    assert exons_1_5.pvs1_criterion == "DEL2" and exons_1_5.is_lof
    dup = call(calc, 58890000, "N", "<DUP>", sv_type="DUP", sv_end=58905000)
    assert dup.pvs1_strength is Strength.UNMET


def test_missense_is_not_applicable(calc):
    lof = call(calc, 58909366 + 3, "C", "A")
    assert lof.pvs1_strength is Strength.NOT_APPLICABLE and lof.loftee is None


def test_loftee_sequence_checks_need_known_bases(calc, synthetic_reference):
    # partial real reference: intron ends and the stop codon are unknown -> no flags
    real = call(calc, 58909216 + 1, "A", "G")
    assert "NON_CAN_SPLICE" not in real.loftee_flags and "INCOMPLETE_CDS" not in real.loftee_filters
    # MECHANISM: the synthetic locus has random intron ends (not GT..AG) but a
    # complete CDS, so the non-canonical flag fires and the CDS filter does not
    synthetic = ConsequenceCalculator({G38: ReferenceGenome(synthetic_reference[G38])})
    result = synthetic.annotate(G38, 58909216 + 1, "A", "G")
    lof = assess(result, synthetic.namer.provider).on("NM_000516.7")
    intron = synthetic.namer.references[G38].fetch(58909217, 58909218)
    assert ("NON_CAN_SPLICE" in lof.loftee_flags) == (intron != "GT")
    assert "INCOMPLETE_CDS" not in lof.loftee_filters


def _dup_vcf(calc, c_first, c_last, build=G38):
    """VCF alleles duplicating NM_000516.7 c.first..c.last (anchored on c.last)."""
    ref = calc.namer.references[build]
    g1, g2 = c_to_g(c_first, str(build)), c_to_g(c_last, str(build))
    anchor = ref.fetch(g2, g2)
    return g2, anchor, anchor + ref.fetch(g1, g2)


@pytest.mark.parametrize(
    ("first", "last", "protein"),
    [
        (530, 530, "p.(Tyr177Ter)"),  # last base of exon 6
        (582, 585, "p.(Asp196SerfsTer15)"),  # exon 7's last 4 bases
        (585, 585, "p.(Asp196GlyfsTer14)"),
        (431, 432, "p.(Glu145ProfsTer28)"),  # exon 5's last 2 bases
        (840, 840, "p.(Trp281MetfsTer19)"),  # first base of exon 11
        (258, 258, "p.(Glu87Ter)"),  # first base of exon 4
        (432, 432, "p.(Glu145ArgfsTer4)"),  # a homopolymer slip at exon 5's end
    ],
)
def test_duplications_at_an_exon_edge_are_named_and_lof(real_calc, first, last, protein):
    result = real_calc.annotate(G38, *_dup_vcf(real_calc, first, last))
    tc = result.on("NM_000516.7")
    lof = assess(result, real_calc.namer.provider).on("NM_000516.7")
    assert tc.hgvs.protein.split(":")[1] == protein
    assert "frameshift_variant" in tc.terms
    assert (lof.pvs1_criterion, lof.pvs1_strength, lof.loftee) == (
        "NF1",
        Strength.VERY_STRONG,
        "HC",
    )


def test_an_exon12_edge_duplication_escapes_nmd_and_is_strong(real_calc):
    lof = call(real_calc, *_dup_vcf(real_calc, 1038, 1038))
    assert (lof.pvs1_criterion, lof.pvs1_strength, lof.nmd) == ("NF3", Strength.STRONG, False)


def test_exon13_frameshift_with_its_stop_beyond_the_known_sequence_is_strong(real_calc):
    g = c_to_g(1041, "GRCh38")
    ref = real_calc.namer.references[G38]
    lof = call(real_calc, g - 1, ref.fetch(g - 1, g), ref.fetch(g - 1, g - 1))  # c.1041del
    assert lof.ptc_codon is None and lof.nmd is False
    assert (lof.pvs1_criterion, lof.pvs1_strength) == ("NF3", Strength.STRONG)
    assert lof.loftee == "LC" and "END_TRUNC" in lof.loftee_filters


@pytest.mark.parametrize("pos", [58909951 - 1, 58909951 - 2, 58910081 + 1, 58910081 + 2])
def test_exon11_splice_sites_skip_to_a_stop_that_escapes_nmd(real_calc, pos):
    # c.840-1/-2, c.970+1/+2: without exon 11 the new stop is codon 300, in the
    # last 50 nt of exon 12 of the skipped transcript
    lof = call(real_calc, pos, "A", "G")
    assert (lof.pvs1_criterion, lof.pvs1_strength, lof.nmd, lof.ptc_codon) == (
        "SS3",
        Strength.STRONG,
        False,
        300,
    )


@pytest.mark.parametrize(
    ("pos", "tx"),
    [
        (58903531 - 1, "NM_000516.7"),
        (58903531 - 2, "NM_000516.7"),
        (58903528 - 1, "NM_001077488.5"),
    ],
)
def test_exon4_nagnag_acceptor_leaves_the_natural_ser_isoform(real_calc, pos, tx):
    lof = call(real_calc, pos, "A", "G", tx)
    assert lof.pvs1_strength is Strength.UNMET and lof.pvs1_criterion == "SS9"
    assert any("natural isoform" in r for r in lof.pvs1_reasons)


def test_exon3_nonsense_carries_the_short_isoform_caveat(real_calc):
    lof = call(real_calc, *nonsense_in(real_calc, 214, 257))  # whole codons of exon 3
    assert (lof.pvs1_criterion, lof.pvs1_strength) == ("NF1", Strength.VERY_STRONG)
    assert any("Gs-alpha short isoforms" in r for r in lof.pvs1_reasons)
    elsewhere = call(real_calc, *nonsense_in(real_calc, 258, 312))
    assert not any("isoforms" in r for r in elsewhere.pvs1_reasons)


def test_a_change_starting_at_the_stop_codon_is_not_a_truncation(real_calc):
    lof = call(real_calc, *_dup_vcf(real_calc, 1182, 1182))  # c.1182dup: the stop's frame changes
    assert lof.pvs1_strength is Strength.NOT_APPLICABLE
