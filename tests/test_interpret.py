"""Mechanism x parent of origin -> phenotype class, worded as 'consistent with'."""

from __future__ import annotations

import pytest

from facts import c_to_g
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.lof import assess
from gnas_annot.interpret.reading import Mechanism, interpret
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import Genotype, SourceRecord, Variant, VariantStatus
from gnas_annot.origin.mosaicism import MosaicFlag, assess_mosaicism
from gnas_annot.pack.store import load_pack
from gnas_annot.seq.reference import ReferenceGenome

G38 = GenomeBuild.GRCh38


@pytest.fixture(scope="module")
def calc(partial_reference):
    return ConsequenceCalculator({G38: ReferenceGenome(partial_reference[G38])})


def read(calc, pos, ref, alt, origin="unknown", reads=None, **sv):
    """``reads`` = (ref reads, alt reads) of a 0/1 call, assessed as the origin step does."""
    result = calc.annotate(G38, pos, ref, alt, **sv)
    span = (pos, sv["sv_end"]) if sv else None
    mosaic = None
    if reads is not None:
        variant = Variant(
            G38, "chr20", pos, ref, alt, pos + len(ref) - 1, 1, VariantStatus.OK,
            SourceRecord("chr20", pos, None, ref, (alt,), None, (), pos + len(ref) - 1, 0),
        )  # fmt: skip
        call = Genotype("S", (0, 1), False, allele_depths=reads, depth=sum(reads))
        mosaic = assess_mosaicism(variant, call, load_pack().mosaicism)
    return interpret(result, assess(result, calc.namer.provider), origin, mosaic, span)


def omims(i):
    return {c.omim for c in i.conditions}


def test_maternal_hotspot_deletion_is_consistent_with_php1a(calc):
    i = read(calc, 58909193, "GCTGA", "G", "maternal")
    assert i.mechanism is Mechanism.LOSS_OF_FUNCTION
    assert i.summary == "consistent with PHP1A (maternal Gs-alpha loss of function)"
    assert omims(i) == {"103580"}
    assert any("XLalphas" in e for e in i.evidence)
    assert "not a diagnosis" in i.caveats[0]


def test_paternal_hotspot_deletion_is_consistent_with_pphp_poh(calc):
    i = read(calc, 58909193, "GCTGA", "G", "paternal")
    assert "PPHP / POH" in i.summary and omims(i) == {"612463", "166350"}
    assert any(c.mondo == "MONDO:0008153" for c in i.conditions)


def test_unknown_origin_lists_both_readings_and_asks_for_phasing(calc):
    i = read(calc, 58909193, "GCTGA", "G", "de_novo_unphased")
    assert "PHP1A if maternal, PPHP/POH if paternal" in i.summary
    assert any("parent of origin" in c for c in i.caveats)


def test_exon13_truncation_on_the_maternal_allele_is_php1c(calc):
    from test_lof import nonsense_in

    pos, ref, alt = nonsense_in(calc, 1039, 1180)
    i = read(calc, pos, ref, alt, "maternal")
    assert "PHP1C" in i.summary and omims(i) == {"612462"}


def test_mosaic_r201c_is_activating_mas_spectrum(calc):
    pos = c_to_g(601, "GRCh38")
    i = read(calc, pos, "C", "T", "de_novo_unphased", reads=(88, 12))
    assert i.mechanism is Mechanism.ACTIVATING and "McCune-Albright" in i.summary
    assert omims(i) == {"174800"}
    assert any("somatic_mosaic_suspected" in e for e in i.evidence)


def test_stx16_deletion_is_a_possible_php1b_lesion(calc):
    i = read(calc, 58660000, "N", "<DEL>", "maternal", sv_type="DEL", sv_end=58663000)
    assert i.mechanism is Mechanism.IMPRINTING_CONTROL
    assert "PHP1B" in i.summary and omims(i) == {"603233"}


def test_low_vaf_loss_of_function_is_flagged_as_possible_mosaic(calc):
    i = read(calc, 58909193, "GCTGA", "G", "paternal", reads=(85, 15))
    assert i.mosaic_flags == (MosaicFlag.LOW_VAF_MOSAIC,)
    assert any("possible mosaicism (low_vaf_mosaic)" in c for c in i.caveats)


def test_vaf_0_33_on_400_reads_is_not_called_mosaic_by_the_reading(calc):
    # the origin step's thresholds (VAF < 0.30 and binomial p < 0.001) say no
    i = read(calc, 58909193, "GCTGA", "G", "paternal", reads=(268, 132))
    assert i.mosaic_flags == ()
    assert not any("mosaic" in text for text in (*i.evidence, *i.caveats))


def test_a_hotspot_allele_with_a_constitutional_fraction_asks_to_confirm_the_tissue(calc):
    pos = c_to_g(601, "GRCh38")
    i = read(calc, pos, "C", "T", "unknown", reads=(50, 50))
    assert i.mosaic_flags == (MosaicFlag.ACTIVATING_HOTSPOT,)
    assert any("not flagged as mosaic" in c and "confirm" in c for c in i.caveats)


def test_intronic_variants_are_uncertain_and_say_what_they_touch(calc):
    i = read(calc, 58900000, "A", "G")
    assert i.mechanism is Mechanism.UNCERTAIN and i.conditions == ()
    assert "Gs-alpha" in i.evidence[0]


def test_a_bare_allele_fraction_is_refused_rather_than_judged_again(calc):
    result = calc.annotate(G38, 58909193, "GCTGA", "G")
    with pytest.raises(TypeError, match="assess_mosaicism"):
        interpret(result, assess(result, calc.namer.provider), "paternal", 0.15)  # type: ignore[arg-type]
