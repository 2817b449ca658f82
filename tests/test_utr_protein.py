"""A change wholly in the 5' or 3' UTR of a coding transcript is p.(=), as
VariantValidator writes it (openvar/variantValidator PR #825); a change that
touches an intron (UTR introns included) stays p.?; start and CDS changes are
predicted as before.

Real bases: NM_000516.7 c.-3_-1 (the Kozak piece) and NESP55 (NM_016592.5),
whose exons 2-13 are its 3' UTR and carry Gs-alpha's real coding bases.
"""

from __future__ import annotations

import pytest

from facts import real_piece_spans
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.naming.parse import parse_hgvs
from gnas_annot.naming.protein import noncoding_change
from gnas_annot.seq.reference import ReferenceGenome

BUILDS = list(GenomeBuild)
GS, NESP = "NM_000516.7", "NM_016592.5"


@pytest.fixture(scope="module")
def real_namer(real_reference):
    return HgvsNamer({b: ReferenceGenome(real_reference[b], b) for b in GenomeBuild})


@pytest.fixture(scope="module")
def synthetic_namer(synthetic_reference):
    return HgvsNamer({b: ReferenceGenome(synthetic_reference[b], b) for b in GenomeBuild})


def _p(names, accession: str) -> str:
    protein = names.on(accession).protein
    assert protein is not None
    return protein.split(":")[-1]


def _name(namer: HgvsNamer, text: str, build: GenomeBuild):
    _chrom, pos, ref, alt = parse_hgvs(text, namer, build).vcf
    return namer.name(build, pos, ref, alt)


def test_region_decides_between_unchanged_and_unknown():
    assert noncoding_change("exon 1").hgvs() == "p.(=)"
    assert noncoding_change("exon 13").hgvs() == "p.(=)"
    for region in ("intron 1", "exon 2-intron 2", "intron 3-exon 4", "outside"):
        assert noncoding_change(region).hgvs() == "p.?"


@pytest.mark.parametrize("build", BUILDS, ids=str)
@pytest.mark.parametrize(
    "text",
    [
        "NM_000516.7:c.-3_-1dup",  # ClinVar VCV 193105
        "NM_000516.7:c.-1del",
        "NM_000516.7:c.-2_-1del",
        "NM_000516.7:c.-2_-1insT",
    ],
)
def test_gs_alpha_5prime_utr_changes_are_p_unchanged(real_namer, build, text):
    names = _name(real_namer, text, build)
    assert names.on(GS).protein == "NP_000507.1:p.(=)"


@pytest.mark.parametrize("build", BUILDS, ids=str)
@pytest.mark.parametrize("c", [-3, -2, -1])
def test_every_gs_alpha_5prime_utr_snv_with_real_bases_is_p_unchanged(real_namer, build, c):
    kozak = real_piece_spans(str(build))["kozak"]  # c.-3 .. c.3
    pos = kozak[0] + (c + 3)
    ref = real_namer.references[build].fetch(pos, pos)
    for alt in "ACGT".replace(ref, ""):
        names = real_namer.name(build, pos, ref, alt)
        assert names.on(GS).c_or_n == f"c.{c}{ref}>{alt}"
        assert names.on(GS).protein == "NP_000507.1:p.(=)"


@pytest.mark.parametrize("build", BUILDS, ids=str)
def test_start_codon_and_utr_cds_spanning_changes_are_not_called_unchanged(real_namer, build):
    assert _p(_name(real_namer, "NM_000516.7:c.1A>G", build), GS) == "p.(Met1?)"
    for text in ("NM_000516.7:c.-1_1del", "NM_000516.7:c.-2_2del"):
        assert _p(_name(real_namer, text, build), GS) != "p.(=)"


def _utr_exon_edges(build: GenomeBuild) -> list[tuple[str, int]]:
    """First and last real base of each NESP55 3' UTR exon (Gs-alpha exons 2-13)."""
    spans = real_piece_spans(str(build))
    return [
        (f"{piece}:{side}", pos)
        for piece in (f"coding_exon{n}" for n in range(2, 14))
        for side, pos in (("first", spans[piece][0]), ("last", spans[piece][1]))
    ]


@pytest.mark.parametrize("build", BUILDS, ids=str)
def test_nesp55_3prime_utr_snvs_and_indels_at_every_exon_edge_are_p_unchanged(real_namer, build):
    checked = 0
    for _, pos in _utr_exon_edges(build):
        ref = real_namer.references[build].fetch(pos, pos)
        before = real_namer.references[build].fetch(pos - 1, pos - 1)
        alleles = [(pos, ref, alt) for alt in "ACGT".replace(ref, "")]
        if before != "N":
            alleles += [(pos - 1, before + ref, before), (pos - 1, before, before + ref + "A")]
        for p, r, a in alleles:
            names = real_namer.name(build, p, r, a)
            nesp = names.on(NESP)
            assert nesp.c_or_n is not None and nesp.c_or_n.startswith("c.*"), nesp.c_or_n
            assert _p(names, NESP) == "p.(=)", (build, p, r, a, nesp.c_or_n)
            # the same bases are coding on Gs-alpha: a real prediction there
            assert _p(names, GS) != "p.(=)"
            checked += 1
    assert checked >= 12 * 2 * 3


@pytest.mark.parametrize("build", BUILDS, ids=str)
def test_clinvar_exon7_deletion_is_p_unchanged_on_nesp55(real_namer, build):
    names = _name(real_namer, "NM_000516.7:c.565_568del", build)
    assert names.on(NESP).c_or_n == "c.*471_*474del"
    assert _p(names, NESP) == "p.(=)"
    assert names.on(GS).protein == "NP_000507.1:p.(Asp189MetfsTer14)"


@pytest.mark.parametrize("build", BUILDS, ids=str)
def test_intronic_changes_stay_p_unknown_in_utr_and_coding_introns(synthetic_namer, build):
    """Mechanism (synthetic bases): ten bases into each intron beside Gs-alpha
    exons 2-13, which are NESP55 3' UTR introns, p.? on both transcripts."""
    spans = real_piece_spans(str(build))
    for n in range(3, 13):  # introns on both sides of exons 3-12
        start, end = spans[f"coding_exon{n}"]
        for pos in (start - 10, end + 10):
            ref = synthetic_namer.references[build].fetch(pos, pos)
            alt = "A" if ref != "A" else "C"
            names = synthetic_namer.name(build, pos, ref, alt)
            assert "+" in names.on(NESP).c_or_n or "-" in names.on(NESP).c_or_n
            assert _p(names, NESP) == "p.?"
            assert _p(names, GS) == "p.?"


@pytest.mark.parametrize("build", BUILDS, ids=str)
def test_utr_change_keeps_the_consequence_terms(real_namer, build):
    """p.(=) changes the name only: the SO terms stay UTR terms, not stop_retained."""
    from gnas_annot.effect.consequence import ConsequenceCalculator

    _chrom, pos, ref, alt = parse_hgvs("NM_000516.7:c.565_568del", real_namer, build).vcf
    nesp = ConsequenceCalculator(namer=real_namer).annotate(build, pos, ref, alt).on(NESP)
    assert nesp is not None and nesp.hgvs is not None
    assert nesp.hgvs.protein == "p.(=)" or nesp.hgvs.protein.endswith(":p.(=)")
    assert "3_prime_UTR_variant" in nesp.terms
    assert "stop_retained_variant" not in nesp.terms
