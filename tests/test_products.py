"""Which GNAS products a variant hits; activating hotspots; curated variants."""

from __future__ import annotations

import pytest

from facts import c_to_g
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.products import activating_hotspot, known_variant, products_hit
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.seq.reference import ReferenceGenome

G38 = GenomeBuild.GRCh38


@pytest.fixture(scope="module")
def calc(partial_reference):
    return ConsequenceCalculator({G38: ReferenceGenome(partial_reference[G38])})


def test_a_shared_exon_variant_hits_gs_alpha_xlas_nesp55_utr_and_ab(calc):
    effects = {p.product: p for p in products_hit(calc.annotate(G38, 58909193, "GCTGA", "G"))}
    assert set(effects) == {"Gs-alpha", "Gs-alpha short", "XLalphas", "NESP55", "A/B transcript"}
    assert effects["Gs-alpha"].part == "exon 7 (shared exons 2-13)" and effects["Gs-alpha"].coding
    assert effects["XLalphas"].coding and effects["XLalphas"].expressed_from == "paternal allele"
    assert not effects["NESP55"].coding and effects["NESP55"].expressed_from == "maternal allele"


def test_an_exon1_variant_is_gs_alpha_specific(calc):
    effects = {p.product: p for p in products_hit(calc.annotate(G38, 58891727, "A", "G"))}
    assert effects["Gs-alpha"].part.startswith("Gs-alpha exon 1") and effects["Gs-alpha"].coding
    assert not effects["XLalphas"].coding and effects["XLalphas"].part == "intron 1"


def test_xl_exon_variants_hit_xlas_only(calc):
    effects = {p.product for p in products_hit(calc.annotate(G38, 58854000, "C", "T"))}
    assert "XLalphas" in effects and "Gs-alpha" not in effects


@pytest.mark.parametrize(
    ("c", "alt", "protein"),
    [(601, "T", "p.(Arg201Cys)"), (602, "A", "p.(Arg201His)"), (680, "T", "p.(Gln227Leu)")],
)
def test_activating_hotspots_are_recognised_with_their_sources(calc, c, alt, protein):
    pos = c_to_g(c, "GRCh38")
    hotspot = activating_hotspot(
        calc.annotate(G38, pos, calc.namer.references[G38].fetch(pos, pos), alt)
    )
    assert hotspot is not None and hotspot.protein == protein and hotspot.known
    assert "NBK274564" in hotspot.sources or "Freda" in hotspot.sources


def test_other_substitutions_are_not_hotspots(calc):
    pos = c_to_g(603, "GRCh38")  # CGT>CGC: synonymous
    assert activating_hotspot(calc.annotate(G38, pos, "T", "C")) is None


def test_known_variant_table_has_the_clinvar_hotspot():
    row = known_variant("NM_000516.7:c.565_568del")
    assert row is not None
    assert row.mechanism == "loss_of_function" and "RCV000017301" in row.sources
    assert known_variant("NM_000516.7:c.1A>G") is None
