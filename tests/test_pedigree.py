"""PED parsing and validation, and --trio."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from gnas_annot.errors import (
    InputNotFoundError,
    MalformedPedError,
    PedigreeConsistencyError,
    PedigreeError,
    SampleNotFoundError,
)
from gnas_annot.origin.pedigree import FamilyKind, Pedigree, Sex, Trio, load_trios


def test_bundled_ped_with_header_gives_one_trio_with_sexes():
    ped = Pedigree.read(EXAMPLES / "trio.ped")
    assert [(t.child, t.father, t.mother) for t in ped.trios()] == [("PROBAND", "FATHER", "MOTHER")]
    assert ped.member("FATHER").sex is Sex.MALE
    assert ped.member("MOTHER").sex is Sex.FEMALE


def test_plink_header_without_hash_and_extra_columns_are_accepted():
    text = "FID IID PAT MAT SEX PHENO\nF kid dad mum 1 2 A A\nF dad 0 0 1 1\nF mum 0 0 2 1\n"
    assert [t.child for t in Pedigree.parse_text(text).trios()] == ["kid"]


def test_duo_singleton_and_founders_are_classified():
    text = "F kid dad 0 2 2\nF dad 0 0 1 1\nG lonely 0 0 0 -9\n"
    trios = {t.child: t for t in Pedigree.parse_text(text).trios()}
    assert set(trios) == {"kid", "lonely"}  # 'dad' is a founder who is a parent
    assert trios["kid"].kind is FamilyKind.DUO and trios["kid"].mother is None
    assert trios["lonely"].kind is FamilyKind.SINGLETON


def test_three_generations_list_the_middle_generation_as_a_child():
    text = "F kid dad mum 0 2\nF dad gp gm 1 1\nF mum 0 0 2 1\nF gp 0 0 1 1\nF gm 0 0 2 1\n"
    assert {t.child for t in Pedigree.parse_text(text).trios()} == {"kid", "dad"}


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("F kid dad mum 2\n", MalformedPedError, "5 column"),
        ("F kid dad mum 3 2\n", MalformedPedError, "sex '3'"),
        ("F 0 dad mum 1 2\n", MalformedPedError, "cannot be 0"),
        (
            "F kid 0 0 1 2\nG kid 0 0 1 2\n",
            PedigreeConsistencyError,
            "listed twice (lines 1 and 2)",
        ),
        ("F kid kid 0 1 2\n", PedigreeConsistencyError, "its own parent"),
        ("F kid p p 1 2\n", PedigreeConsistencyError, "both father and mother"),
        ("F kid dad mum 1 2\nF dad 0 0 2 1\nF mum 0 0 2 1\n", PedigreeConsistencyError, "swapped"),
        ("F kid dad mum 1 2\nF dad 0 0 1 1\nF mum 0 0 1 1\n", PedigreeConsistencyError, "mother"),
        ("F a b 0 1 1\nF b c 0 1 1\nF c a 0 1 1\n", PedigreeConsistencyError, "cycle"),
        ("# only a comment\n", MalformedPedError, "no pedigree lines"),
    ],
)
def test_bad_pedigrees_are_refused_with_a_clear_reason(text, error, words):
    with pytest.raises(error, match=None) as info:
        Pedigree.parse_text(text, "my.ped")
    assert words in str(info.value) and "my.ped" in str(info.value)
    assert info.value.exit_code == 10


def test_cycle_message_names_the_loop():
    with pytest.raises(PedigreeConsistencyError) as info:
        Pedigree.parse_text("F a b 0 1 1\nF b c 0 1 1\nF c a 0 1 1\n")
    assert "'a' -> 'b' -> 'c' -> 'a'" in str(info.value)


def test_unknown_sex_parent_is_accepted():
    ped = Pedigree.parse_text("F kid dad mum 1 2\nF dad 0 0 0 1\nF mum 0 0 0 1\n")
    assert ped.trios()[0].kind is FamilyKind.TRIO


def test_samples_absent_from_the_vcf_are_all_named():
    ped = Pedigree.read(EXAMPLES / "trio.ped")
    ped.check_samples(["PROBAND", "FATHER", "MOTHER", "OTHER"])
    with pytest.raises(SampleNotFoundError) as info:
        ped.check_samples(["PROBAND"])
    assert "FATHER, MOTHER" in str(info.value)


def test_trio_option_parses_missing_parents_and_rejects_repeats():
    assert Trio.parse("kid,dad,mum").kind is FamilyKind.TRIO
    assert Trio.parse("kid,0,mum") == Trio("kid", None, "mum")
    assert Trio.parse("kid,,").kind is FamilyKind.SINGLETON
    with pytest.raises(MalformedPedError):
        Trio.parse("kid,dad")
    with pytest.raises(PedigreeConsistencyError):
        Trio.parse("kid,kid,mum")


def test_load_trios_needs_exactly_one_source(tmp_path):
    with pytest.raises(PedigreeError):
        load_trios(None, None)
    with pytest.raises(PedigreeError):
        load_trios(EXAMPLES / "trio.ped", "a,b,c")
    with pytest.raises(InputNotFoundError):
        load_trios(tmp_path / "missing.ped", None)
    ped, trios = load_trios(None, "kid,dad,mum")
    assert trios == (Trio("kid", "dad", "mum", "trio"),)
    assert ped.member("mum").sex is Sex.FEMALE


def test_families_are_the_connected_parents_and_children():
    from gnas_annot.origin.pedigree import FamilyIndex, family_samples

    ped = Pedigree.parse_text(
        "F1\tkid\tdad\tmum\t1\t2\nF1\tdad\t0\t0\t1\t1\nF1\tmum\t0\t0\t2\t1\nF2\tsolo\t0\t0\t2\t2\n"
    )
    families = ped.families()
    assert [sorted(family_samples(f)) for f in families] == [["dad", "kid", "mum"], ["solo"]]
    index = FamilyIndex(ped)
    assert sorted(m.sample for m in index.among(["kid"]).members) == ["dad", "kid", "mum"]
    assert index.among(["nobody"]) is None
