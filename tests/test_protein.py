"""p. prediction from the affected codons: each HGVS form, and unknown bases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gnas_annot.naming.protein import _last_difference, predict

# M  A  R  Q  K  K  L  *   + 3' UTR
CDS = "ATGGCCCGTCAGAAGAAGCTGTAAGGATTAGC"
END = 24  # end of the stop codon


def p(start, end, alt, seq=CDS, one=False):
    return predict(seq, 0, start, end, alt, cds_end=END).hgvs(one_letter=one)


@pytest.mark.parametrize(
    ("start", "end", "alt", "expected"),
    [
        (6, 7, "T", "p.(Arg3Cys)"),  # c.7C>T
        (8, 9, "C", "p.(Arg3=)"),  # CGT>CGC
        (9, 10, "T", "p.(Gln4Ter)"),  # CAG>TAG
        (2, 3, "A", "p.(Met1?)"),  # ATG>ATA
        (12, 15, "", "p.(Lys6del)"),  # one of two Lys: the 3'-most is named
        (12, 18, "", "p.(Lys5_Lys6del)"),
        (18, 18, "AAG", "p.(Lys6dup)"),  # AAG inserted after the second Lys
        (9, 9, "GGG", "p.(Arg3_Gln4insGly)"),
        (6, 12, "GAC", "p.(Arg3_Gln4delinsAsp)"),
        # c.7del: ATG GCC GTC AGA AGA AGC TGT AAG GAT TAG: Val3 is new residue 1, TAG is 8th
        (6, 7, "", "p.(Arg3ValfsTer8)"),
        # TAA>CAA: CAA GGA TTA GC... the UTR ends before a new stop
        (21, 22, "C", "p.(Ter8GlnextTer?)"),
        (23, 24, "G", "p.(Ter8=)"),  # TAA>TAG
        (24, 24, "A", "p.(=)"),  # after the stop codon
    ],
)
def test_each_hgvs_form(start, end, alt, expected):
    assert p(start, end, alt) == expected


def test_one_letter_codes():
    assert p(9, 10, "T", one=True) == "p.(Q4*)"
    assert p(6, 7, "", one=True) == "p.(R3Vfs*8)"


def test_unknown_codons_far_from_the_change_do_not_matter():
    unknown_stop = CDS[:21] + "NNN" + "NNNNNNNN"
    assert p(6, 7, "T", seq=unknown_stop) == "p.(Arg3Cys)"


def test_frameshift_into_unknown_sequence_is_incomplete_not_guessed():
    seq = CDS[:18] + "N" * 14
    change = predict(seq, 0, 6, 7, "", cds_end=END)
    assert change.kind == "frameshift" and not change.complete
    assert change.hgvs() == "p.(Arg3fs)"


def test_stop_loss_counts_the_extension_from_the_first_new_residue():
    # TAA>CAA then GGA TAG: Gln replaces Ter8, Gly is extension residue 1, the stop is 2
    seq = "ATGGCCCGTCAGAAGAAGCTGTAAGGATAG"
    assert predict(seq, 0, 21, 22, "C", cds_end=END).hgvs() == "p.(Ter8GlnextTer2)"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AKX*", max_size=12), st.text(alphabet="AKX*", max_size=12))
def test_last_difference_is_the_last_differing_index(a, b):
    n = min(len(a), len(b))
    expected = max((k for k in range(n) if a[k] != b[k]), default=-1)
    assert _last_difference(a, b) == expected


# MECHANISM: a CDS whose codon 2 starts with an unknown base and whose stop codon
# (by annotation, cds_end) is not known base by base: ATG NGA CGT NNN
_PARTIAL = "ATGNGACGTNNNGG"


def test_a_codon_with_an_unknown_base_is_never_called_synonymous():
    change = predict(_PARTIAL, cds_offset=0, start=4, end=5, alt="A", cds_end=12)  # c.5G>A
    assert change.kind == "unknown" and not change.complete and change.hgvs() == "p.?"


def test_an_unknown_residue_is_never_written_xaa():
    change = predict(_PARTIAL, cds_offset=0, start=4, end=5, alt="", cds_end=12)  # c.5del
    assert "Xaa" not in change.hgvs() and "X" not in change.hgvs(one_letter=True)


def test_the_annotated_stop_is_ter_even_when_its_bases_are_unknown():
    # c.9_10insTCT: an in-frame Ser before the stop, which stays in frame
    change = predict(_PARTIAL, cds_offset=0, start=9, end=9, alt="TCT", cds_end=12)
    assert change.hgvs() == "p.(Arg3_Ter4insSer)"


def test_a_frameshift_at_the_unknown_stop_codon_is_unknown_not_xaa_fs():
    change = predict(_PARTIAL, cds_offset=0, start=9, end=9, alt="T", cds_end=12)  # c.9dup
    assert change.hgvs() == "p.?" and change.start == 4
