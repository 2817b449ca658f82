"""A 5' UTR change that creates an upstream ATG stays p.(=) with VEP's core terms, and
says so in a note: where the new ATG lies and which ORF it opens (naming/uatg.py).
VEP reports it only through its UTRAnnotator plugin
(5_prime_UTR_premature_start_codon_gain_variant); no SO term is added here.

Positions are found at run time in the SYNTHETIC 5' UTR exon of NM_000516.7.
"""

from __future__ import annotations

import pytest

from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome

TX = "NM_000516.7"
NOTE = "creates an upstream ATG"
STOPS = ("TAA", "TAG", "TGA")


@pytest.fixture(scope="module", params=list(GenomeBuild), ids=str)
def utr(request, synthetic_reference):
    build = request.param
    reference = ReferenceGenome(synthetic_reference[build])
    tx = load_locus(build).transcript(TX)
    first = tx.exons[0].start
    utr5 = reference.fetch(first, tx.cds_start - 1)  # exon 1 holds the whole 5' UTR
    assert tx.exons[0].end > tx.cds_start
    calcs = [ConsequenceCalculator({build: reference}, snv_fast_path=f) for f in (True, False)]
    return build, first, utr5, calcs


def _one_off_atg(utr5: str) -> tuple[int, str, str]:
    """(offset, ref, alt) of an SNV making a new ATG in the 5' UTR, not right at c.1."""
    for i in range(len(utr5) - 6):
        window = utr5[i : i + 3]
        diff = [k for k in range(3) if window[k] != "ATG"[k]]
        if len(diff) == 1 and "ATG" not in utr5[max(0, i - 2) : i + 5]:
            k = diff[0]
            return i + k, window[k], "ATG"[k]
    raise AssertionError("no one-base ATG in the synthetic 5' UTR")


def test_a_5prime_utr_snv_creating_an_atg_is_p_unchanged_with_a_note(utr):
    build, first, utr5, calcs = utr
    i, ref, alt = _one_off_atg(utr5)
    for calc in calcs:  # the SNV fast path and the general path say the same
        tc = calc.annotate(build, first + i, ref, alt).on(TX)
        assert tc.hgvs.protein.endswith("p.(=)")
        assert tc.terms == ("5_prime_UTR_variant",)
        notes = [n for n in tc.hgvs.notes if NOTE in n]
        assert len(notes) == 1 and "5_prime_UTR_premature_start_codon_gain_variant" in notes[0]


def test_the_note_says_where_the_atg_lies_and_which_orf_it_opens(utr):
    build, first, utr5, calcs = utr
    # insert ATG + a codon ten bases into the 5' UTR (an insertion: the general path)
    at = 10
    inserted = "ATGGCC"
    tc = calcs[0].annotate(build, first + at - 1, utr5[at - 1], utr5[at - 1] + inserted).on(TX)
    note = next(n for n in tc.hgvs.notes if NOTE in n)
    new = utr5[:at] + inserted + utr5[at:]
    distance = len(new) - new.index("ATG", at - 2)
    assert f"{distance} nt before c.1" in note
    frame = new[new.index("ATG", at - 2) :] + "ATG"  # the CDS follows the UTR
    codons = [frame[j : j + 3] for j in range(0, len(frame) - 2, 3)]
    stop = next((j for j, c in enumerate(codons) if c in STOPS), None)
    if stop is not None and stop * 3 < distance:
        assert "upstream ORF" in note
    elif distance % 3 == 0:
        assert "N-terminally extended" in note
    else:
        assert "overlapping ORF" in note


def test_a_5prime_utr_change_without_a_new_atg_has_no_note(utr):
    build, first, utr5, calcs = utr
    i = next(k for k in range(3, len(utr5) - 3) if "ATG" not in utr5[k - 2 : k + 3])
    alt = "C" if utr5[i] != "C" else "G"  # C never completes an ATG
    for calc in calcs:
        tc = calc.annotate(build, first + i, utr5[i], alt).on(TX)
        assert not any(NOTE in n for n in tc.hgvs.notes)


def test_an_atg_made_in_the_3prime_utr_has_no_note(utr):
    build, _, _, calcs = utr
    tx = load_locus(build).transcript(TX)
    pos = tx.cds_end + 20
    ref = calcs[0].namer.references[build].fetch(pos, pos)
    tc = calcs[0].annotate(build, pos, ref, ref + "ATG").on(TX)
    assert not any(NOTE in n for n in tc.hgvs.notes)
