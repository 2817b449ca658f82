"""Indels at the Gs-alpha stop codon get VEP's terms (effect/stop_codon.py).

The rules, from Ensembl's own tests of them (ensembl-variation modules/t/
variation_effect.t, the cases of ensembl-vep issue #1710): frameshift_variant is
decided by length for an allele wholly in the CDS, the stop codon included; stop_lost
and stop_retained_variant need the allele, as given, to overlap the stop codon (an
insertion only between two of its bases); an allele reaching into the 3' UTR is no
frameshift, and whether it keeps the stop is read where the stop codon ended.

Expectations are computed here from the SYNTHETIC bases read at run time.
"""

from __future__ import annotations

import pytest

from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.lof import assess
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome

TX = "NM_000516.7"
STOPS = {"TAA", "TAG", "TGA"}


@pytest.fixture(scope="module", params=list(GenomeBuild), ids=str)
def at_stop(request, synthetic_reference):
    build = request.param
    reference = ReferenceGenome(synthetic_reference[build])
    calc = ConsequenceCalculator({build: reference})
    stop = load_locus(build).transcript(TX).cds_end - 2  # first base of the stop codon

    def annotate(pos: int, ref: str, alt: str):
        result = calc.annotate(build, pos, ref, alt)
        return result.on(TX), assess(result, calc.namer.provider).on(TX)

    return reference.fetch, stop, annotate


def test_a_frameshift_insertion_right_before_the_stop_is_frameshift_not_stop_lost(at_stop):
    fetch, stop, annotate = at_stop
    before = fetch(stop - 1, stop - 1)  # c.1182
    assert before != "A" and fetch(stop, stop) == "T"  # AAAA shifts neither way
    tc, call = annotate(stop - 1, before, before + "AAAA")
    assert tc.hgvs.c_or_n == "c.1182_1183insAAAA"
    assert tc.hgvs.protein.split(":")[1].startswith("p.(Ter395Lysext")  # HGVS: extension
    assert "frameshift_variant" in tc.terms and "stop_lost" not in tc.terms
    # no truncation: PVS1 does not apply; LOFTEE's 50-bp rule fails at the end
    assert call.pvs1_strength.value == "NotApplicable" and "extension" in call.pvs1_reasons[0]
    assert call.loftee == "LC" and "END_TRUNC" in call.loftee_filters


def test_a_frameshift_insertion_inside_the_stop_codon_is_frameshift_and_stop_lost(at_stop):
    fetch, stop, annotate = at_stop
    assert fetch(stop, stop) == "T"
    # T|C|AA, T|C|AG, T|C|GA: TC. is Ser, never a stop; C never shifts (bases 2-3: A, G)
    tc, _ = annotate(stop, "T", "TC")
    assert tc.hgvs.c_or_n == "c.1183_1184insC"
    assert {"frameshift_variant", "stop_lost"} <= set(tc.terms)


def test_an_in_frame_insertion_inside_the_stop_codon_keeps_or_loses_it_by_its_bases(at_stop):
    fetch, stop, annotate = at_stop
    codon = fetch(stop, stop + 2)
    for inserted in ("GCA", "AAT", "CCC"):
        tc, _ = annotate(stop + 1, codon[1], codon[1] + inserted)
        kept = codon[:2] + inserted[0] in STOPS
        assert "frameshift_variant" not in tc.terms, inserted
        assert ("stop_retained_variant" if kept else "stop_lost") in tc.terms, (inserted, tc)


def test_deleting_a_stop_base_is_a_frameshift_that_loses_or_reforms_the_stop(at_stop):
    fetch, stop, annotate = at_stop
    codon, after = fetch(stop, stop + 2), fetch(stop + 3, stop + 5)
    assert codon[0] != codon[1]  # the deletion of the second base stays where it is
    tc, call = annotate(stop, codon[:2], codon[0])  # delete the second base
    reformed = codon[0] + codon[2] + after[0]
    assert "frameshift_variant" in tc.terms
    assert ("stop_retained_variant" if reformed in STOPS else "stop_lost") in tc.terms
    assert call.pvs1_strength.value == "NotApplicable"


def test_a_deletion_from_the_stop_into_the_3prime_utr_is_judged_where_the_stop_was(at_stop):
    fetch, stop, annotate = at_stop
    codon, after = fetch(stop, stop + 2), fetch(stop + 3, stop + 8)
    assert after[1] != codon[1]  # deleting stop bases 2-3 and *1: no 3' shift
    tc, _ = annotate(stop, codon + after[0], codon[0])
    assert tc.hgvs.c_or_n == "c.1184_*1del"
    new = codon[0] + after[1:3]
    assert ("stop_retained_variant" if new in STOPS else "stop_lost") in tc.terms
    assert "3_prime_UTR_variant" in tc.terms
    assert "frameshift_variant" not in tc.terms and "coding_sequence_variant" not in tc.terms


def test_an_in_frame_deletion_of_the_stop_codon_is_stop_lost_never_stop_gained(at_stop):
    # c.1180_1185del: the last sense codon and the stop go, the frame reads into the
    # 3' UTR; p.(Leu394_Ter395delins...Ter) names a later stop, not a premature one
    # (it was stop_gained and PVS1 Strong)
    fetch, stop, annotate = at_stop
    assert fetch(stop + 3, stop + 5) not in STOPS
    tc, call = annotate(stop - 4, fetch(stop - 4, stop + 2), fetch(stop - 4, stop - 4))
    assert "Ter395delins" in tc.hgvs.protein and tc.hgvs.protein_change.premature_stop is None
    assert "stop_lost" in tc.terms and "stop_gained" not in tc.terms
    assert call.pvs1_strength.value == "NotApplicable" and call.loftee is None
