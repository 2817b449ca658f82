"""Only activating substitutions at Gs-alpha codons 201/227 are hotspots: a
synonymous or nonsense change there is not, and Q227K/H are recognised without
a reference as R201C/H/S and Q227L are (issue 12).  The reference bases named
here are those of the c. names in the issue (NM_000516.7)."""

from __future__ import annotations

import pytest

from facts import c_to_g
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.products import activating_hotspot
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import Genotype, SourceRecord, Variant, VariantStatus
from gnas_annot.origin.mosaicism import MosaicFlag, assess_mosaicism
from gnas_annot.pack.store import load_pack

ACTIVATING = {
    (601, "C", "T"): "p.(Arg201Cys)",
    (602, "G", "A"): "p.(Arg201His)",
    (601, "C", "A"): "p.(Arg201Ser)",
    (680, "A", "T"): "p.(Gln227Leu)",
    (679, "C", "A"): "p.(Gln227Lys)",
    (681, "G", "C"): "p.(Gln227His)",
    (681, "G", "T"): "p.(Gln227His)",
}
NOT_ACTIVATING = [
    (603, "T", "C"),  # p.(Arg201=)
    (679, "C", "T"),  # p.(Gln227Ter)
    (681, "G", "A"),  # p.(Gln227=)
    (679, "C", "G"),  # p.(Gln227Glu): not an activating residue in the pack
]


def _genomic(build: GenomeBuild, c: int) -> int:
    # NM_000516.7 lies on the + strand of chr20 in both builds: c. bases are genomic bases
    assert load_pack().locus(build).transcript("NM_000516.7").strand == 1
    return c_to_g(c, str(build))


@pytest.mark.parametrize("build", list(GenomeBuild))
@pytest.mark.parametrize(("change", "protein"), ACTIVATING.items(), ids=str)
def test_activating_changes_are_recognised_without_a_reference(build, change, protein):
    c, ref, alt = change
    result = ConsequenceCalculator().annotate(build, _genomic(build, c), ref, alt)
    found = activating_hotspot(result)
    assert found is not None and found.protein == protein


@pytest.mark.parametrize("build", list(GenomeBuild))
@pytest.mark.parametrize("change", NOT_ACTIVATING, ids=str)
def test_other_changes_at_the_codons_are_not_activating(build, change):
    c, ref, alt = change
    result = ConsequenceCalculator().annotate(build, _genomic(build, c), ref, alt)
    assert activating_hotspot(result) is None


def _mosaicism(build, c, ref, alt):
    pos = _genomic(build, c)
    record = SourceRecord("chr20", pos, None, ref, (alt,), None, (), pos, 0)
    call = Genotype("S", (0, 1), False, allele_depths=(30, 30), depth=60)
    variant = Variant(
        build, "chr20", pos, ref, alt, pos, 1, VariantStatus.OK, record, genotypes=(call,)
    )
    return assess_mosaicism(variant, call, load_pack().mosaicism)


@pytest.mark.parametrize("build", list(GenomeBuild))
@pytest.mark.parametrize("change", NOT_ACTIVATING, ids=str)
def test_origin_does_not_flag_other_changes_at_the_codons_as_hotspots(build, change):
    m = _mosaicism(build, *change)
    assert m is None or (MosaicFlag.ACTIVATING_HOTSPOT not in m.flags and m.hotspot is None)


@pytest.mark.parametrize("build", list(GenomeBuild))
@pytest.mark.parametrize("change", list(ACTIVATING), ids=str)
def test_origin_flags_activating_changes_as_hotspots(build, change):
    m = _mosaicism(build, *change)
    assert m is not None and MosaicFlag.ACTIVATING_HOTSPOT in m.flags


#: two- and three-base substitutions inside one hotspot codon (real codons: Arg201 CGT,
#: Gln227 CAG), as a VCF writes them: first changed c. position, REF, ALT
MULTI_BASE = {
    (602, "GT", "AC"): "p.(Arg201His)",
    (601, "CGT", "TGC"): "p.(Arg201Cys)",
    (680, "AG", "TT"): "p.(Gln227Leu)",
    (679, "CAG", "AAA"): "p.(Gln227Lys)",
}


@pytest.mark.parametrize("build", list(GenomeBuild))
@pytest.mark.parametrize(("change", "protein"), MULTI_BASE.items(), ids=str)
def test_multi_base_activating_changes_are_recognised_by_annotate_without_a_reference(
    build, change, protein
):
    c, ref, alt = change
    result = ConsequenceCalculator().annotate(build, _genomic(build, c), ref, alt)
    found = activating_hotspot(result)
    assert found is not None and found.protein == protein
    m = _mosaicism(build, *change)  # the origin step reads the same facts
    assert m is not None and MosaicFlag.ACTIVATING_HOTSPOT in m.flags
    assert m.hotspot == protein.replace("(", "")[: len("p.Arg201")]  # the codon's name


@pytest.mark.parametrize("build", list(GenomeBuild))
def test_a_multi_base_change_with_a_non_activating_residue_is_not_a_hotspot(build):
    # CGT>TAT: Arg201Tyr is not an activating residue in the pack
    result = ConsequenceCalculator().annotate(build, _genomic(build, 601), "CG", "TA")
    assert activating_hotspot(result) is None
