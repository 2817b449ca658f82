"""gnas_annot.seq.codons holds bioutils' tables without importing bioutils (its
import reads every installed package's metadata): entry for entry the same."""

from __future__ import annotations

import itertools
import subprocess
import sys

from bioutils import sequences as bioutils

from gnas_annot.seq import codons

IUPAC = "ACGTRYSWKMBDHVN"


def test_every_codon_of_iupac_letters_translates_as_bioutils_reads_it():
    for letters in itertools.product(IUPAC + "acgtX-", repeat=3):
        codon = "".join(letters)
        assert codons.translate(codon) == bioutils.dna_to_aa1_lut.get(codon, "X"), codon
    # the table fills as codons are met: every unambiguous one, none other
    known = {codon: aa for codon, aa in codons._CODONS.items() if aa != "X"}
    assert known == bioutils.dna_to_aa1_lut and len(known) == 176


def test_the_codon_table_holds_only_the_exact_codons_until_others_are_met():
    code = "from gnas_annot.seq import codons; print(len(codons._CODONS))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["64"]
    assert codons.translate("GCNGCN") == "AA" and codons._CODONS["GCN"] == "A"
    assert codons.translate("NNN") == "X" and codons._CODONS["NNN"] == "X"
    assert codons.translate("AT-ATG") == "XM" and "AT-" not in codons._CODONS


def test_reverse_complement_is_bioutils_on_every_character_kind():
    text = IUPAC + IUPAC.lower() + "Nn*-. Ü"
    assert codons.reverse_complement(text) == bioutils.reverse_complement(text)
    assert codons.reverse_complement("") == ""


def test_amino_acid_codes_are_bioutils_both_ways():
    letters = "".join(bioutils.aa1_to_aa3_lut)
    assert codons.aa1_to_aa3(letters) == bioutils.aa1_to_aa3(letters)
    triplets = "".join(bioutils.aa3_to_aa1_lut)
    assert codons.aa3_to_aa1(triplets) == bioutils.aa3_to_aa1(triplets)
    assert bioutils.aa3_to_aa1_lut == codons._AA1
