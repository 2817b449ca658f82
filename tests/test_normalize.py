"""Left-alignment as bcftools norm does it, and the HGVS 3' shift, as properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gnas_annot.seq.normalize import UnknownReferenceBaseError, left_align, right_align, trim


def fetcher(seq: str):
    return lambda s, e: seq[s - 1 : e]


def apply(seq: str, pos: int, ref: str, alt: str) -> str:
    assert seq[pos - 1 : pos - 1 + len(ref)] == ref
    return seq[: pos - 1] + alt + seq[pos - 1 + len(ref) :]


def test_gnas_exon7_hotspot_shape_left_aligns_to_the_first_repeat_unit():
    # the shape of c.562-c.569: G CTGACT T (flanks synthetic). ClinVar's alias
    # c.563_566del (CTGA) and the 3'-shifted c.565_568del (GACT) are one event.
    seq = "TTGCTGACTTT"
    assert left_align(5, "TGACT", "T", fetcher(seq)) == (3, "GCTGA", "G")
    assert right_align(3, "GCTGA", "G", fetcher(seq)) == (5, "TGACT", "T")


def test_insertions_shift_through_homopolymers_both_ways():
    seq = "GCAAAAAT"
    assert left_align(7, "A", "AA", fetcher(seq)) == (2, "C", "CA")
    assert right_align(2, "C", "CA", fetcher(seq)) == (7, "A", "AA")


def test_padding_comes_from_the_reference_when_an_allele_empties():
    seq = "ACGTTTTTG"
    # REF/ALT given with a right anchor only: TTG -> TG
    assert left_align(7, "TTG", "TG", fetcher(seq)) == (3, "GT", "G")


def test_substitutions_and_mnps_are_trimmed_not_shifted():
    seq = "ACGTACGT"
    assert left_align(2, "CGT", "CAT", fetcher(seq)) == (3, "G", "A")
    assert left_align(2, "CG", "TA", fetcher(seq)) == (2, "CG", "TA")
    assert right_align(2, "CG", "TA", fetcher(seq)) == (2, "CG", "TA")


def test_unknown_reference_bases_stop_the_shift_instead_of_guessing():
    seq = "NNNNNAAAAT"
    with pytest.raises(UnknownReferenceBaseError):
        left_align(9, "AT", "T", fetcher(seq))


def test_an_n_allele_stops_at_the_first_unknown_reference_base_instead_of_walking_the_run():
    # REF N, ALT NN over a reference of Ns (a partial reference): the record's own N is
    # trimmed, the reference's are unknown; this walked to the chromosome start before
    seq = "ACGT" + "N" * 5000 + "ACGT"
    with pytest.raises(UnknownReferenceBaseError):
        left_align(4000, "N", "NN", fetcher(seq))
    with pytest.raises(UnknownReferenceBaseError):
        left_align(4000, "NN", "N", fetcher(seq))
    # an N the record gives next to known bases is still shifted like any base
    assert left_align(6, "TN", "TNN", fetcher("ACGTTN")) == (6, "T", "TN")


def test_trim_without_reference_is_minimal_but_not_shifted():
    assert trim(10, "CAAAT", "CAAT") == (10, "CA", "C")
    assert trim(10, "ACG", "ATG") == (11, "C", "T")


sequences = st.text(alphabet="ACGT", min_size=30, max_size=80)


@st.composite
def indels(draw):
    # repeats make shifting interesting: build the sequence from a few short units
    units = draw(
        st.lists(st.text(alphabet="ACGT", min_size=1, max_size=4), min_size=3, max_size=12)
    )
    seq = "".join(u * draw(st.integers(1, 5)) for u in units)
    seq = draw(st.text(alphabet="ACGT", min_size=3, max_size=5)) + seq + "ACGTAC"
    pos = draw(st.integers(2, len(seq) - 6))
    length = draw(st.integers(1, min(6, len(seq) - pos - 2)))
    if draw(st.booleans()):  # deletion, anchored on the base before
        ref = seq[pos - 1 : pos + length]
        alt = ref[0]
    else:
        ref = seq[pos - 1]
        alt = ref + draw(st.text(alphabet="ACGT", min_size=1, max_size=5))
    return seq, pos, ref, alt


@settings(max_examples=400, deadline=None)
@given(indels())
def test_left_align_keeps_the_haplotype_and_is_leftmost_and_idempotent(case):
    seq, pos, ref, alt = case
    npos, nref, nalt = left_align(pos, ref, alt, fetcher(seq))
    assert apply(seq, npos, nref, nalt) == apply(seq, pos, ref, alt)
    assert nref[-1] != nalt[-1] or npos == 1  # cannot move further left
    assert nref[0] == nalt[0] or min(len(nref), len(nalt)) == 1 or len(nref) == len(nalt)
    assert left_align(npos, nref, nalt, fetcher(seq)) == (npos, nref, nalt)


@settings(max_examples=400, deadline=None)
@given(indels())
def test_right_align_keeps_the_haplotype_and_is_rightmost(case):
    seq, pos, ref, alt = case
    rpos, rref, ralt = right_align(pos, ref, alt, fetcher(seq))
    assert apply(seq, rpos, rref, ralt) == apply(seq, pos, ref, alt)
    if len(rref) != len(ralt) and min(len(rref), len(ralt)) == 1:
        changed = rref[1:] or ralt[1:]
        after = rpos + len(rref)
        assert after > len(seq) or seq[after - 1] != changed[0]
    assert left_align(rpos, rref, ralt, fetcher(seq)) == left_align(pos, ref, alt, fetcher(seq))
