"""The bounded 3' shift and duplication detection."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gnas_annot.seq.shift import Edit, as_duplication, shift_3prime


def fetcher(seq):
    return lambda s, e: seq[s:e]


def apply(seq, edit):
    return seq[: edit.start] + edit.alt + seq[edit.end :]


def test_from_vcf_strips_anchor_and_common_bases():
    assert Edit.from_vcf(58909193, "GCTGA", "G") == Edit(58909193, 58909197, "CTGA", "")
    assert Edit.from_vcf(10, "C", "CGCC") == Edit(10, 10, "", "GCC")
    assert Edit.from_vcf(10, "ACG", "ATG") == Edit(10, 11, "C", "T")


def test_shift_respects_bounds_and_strand():
    seq = "GAAAAAAT"
    deletion = Edit(1, 2, "A", "")
    assert shift_3prime(deletion, fetcher(seq), 1, 0, len(seq))[0] == Edit(6, 7, "A", "")
    assert shift_3prime(deletion, fetcher(seq), 1, 0, 4)[0] == Edit(3, 4, "A", "")
    assert shift_3prime(Edit(6, 7, "A", ""), fetcher(seq), -1, 0, len(seq))[0] == Edit(
        1, 2, "A", ""
    )


def test_shift_stops_at_unknown_bases_and_says_so():
    seq = "GAAANNNT"
    edit, unknown = shift_3prime(Edit(1, 2, "A", ""), fetcher(seq), 1, 0, len(seq))
    assert edit == Edit(3, 4, "A", "") and unknown


def test_duplications_are_recognised_in_transcript_direction():
    seq = "TTGCCATG"
    ins = Edit(5, 5, "", "GCC")  # after GCC at 2-4
    assert as_duplication(ins, fetcher(seq), 1) == Edit(2, 5, "GCC", "GCCGCC")
    assert as_duplication(Edit(2, 2, "", "GCC"), fetcher(seq), -1) == Edit(2, 5, "GCC", "GCCGCC")
    assert as_duplication(Edit(5, 5, "", "GGG"), fetcher(seq), 1) is None


@st.composite
def cases(draw):
    unit = draw(st.text(alphabet="ACGT", min_size=1, max_size=3))
    seq = (
        draw(st.text(alphabet="ACGT", max_size=5))
        + unit * draw(st.integers(1, 6))
        + draw(st.text(alphabet="ACGT", max_size=5))
    )
    start = draw(st.integers(0, len(seq) - 1))
    if draw(st.booleans()):
        end = min(len(seq), start + draw(st.integers(1, 4)))
        edit = Edit(start, end, seq[start:end], "")
    else:
        edit = Edit(start, start, "", draw(st.text(alphabet="ACGT", min_size=1, max_size=4)))
    return seq, edit, draw(st.sampled_from([1, -1]))


@settings(max_examples=500, deadline=None)
@given(cases())
def test_shifting_keeps_the_haplotype_and_goes_as_far_as_possible(case):
    seq, edit, strand = case
    moved, unknown = shift_3prime(edit, fetcher(seq), strand, 0, len(seq))
    assert not unknown
    assert apply(seq, moved) == apply(seq, edit)
    once_more, _ = shift_3prime(moved, fetcher(seq), strand, 0, len(seq))
    assert once_more == moved
