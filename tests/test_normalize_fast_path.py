"""left_align's index walk and trim_left's halving search give exactly what the plain
bcftools realign loop gives (kept here, written the obvious way, as the general path):
every REF/ALT pair of 1-3 letters over ACGTN (upper and lower case) at positions next to
the chromosome start, repeats, homopolymers and N runs, and long REF/ALT alleles that
walk through repeats longer than one padding window (PAD_WINDOW = 100 bases)."""

from __future__ import annotations

import itertools
import random

import pytest

from gnas_annot.seq.normalize import PAD_WINDOW, UnknownReferenceBaseError, left_align, trim_left


def _plain_trim_left(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    n = 0
    while n < min(len(ref), len(alt)) - 1 and ref[n] == alt[n]:
        n += 1
    return pos + n, ref[n:], alt[n:]


def _plain_left_align(pos: int, ref: str, alt: str, fetch) -> tuple[int, str, str]:
    ref, alt = ref.upper(), alt.upper()
    given_n = "N" in ref or "N" in alt
    given = len(ref)
    while ref[-1] == alt[-1] and not (min(len(ref), len(alt)) <= 1 and pos == 1):
        if ref[-1] == "N" and not (given_n and given > 0):
            raise UnknownReferenceBaseError(f"reference base unknown at chr20:{pos + len(ref) - 1}")
        ref, alt = ref[:-1], alt[:-1]
        given -= 1
        if not ref or not alt:
            npad = min(PAD_WINDOW, pos - 1)
            pad = fetch(pos - npad, pos - 1)
            if len(pad) != npad:
                raise UnknownReferenceBaseError(
                    f"reference has no bases at chr20:{pos - npad}-{pos - 1}"
                )
            ref, alt = pad + ref, pad + alt
            pos -= npad
    pos, ref, alt = _plain_trim_left(pos, ref, alt)
    if not given_n and ("N" in ref or "N" in alt):
        raise UnknownReferenceBaseError(f"reference base unknown at chr20:{pos}")
    return pos, ref, alt


def _outcome(function, *args):
    try:
        return function(*args)
    except UnknownReferenceBaseError as exc:
        return ("error", str(exc))


# synthetic: homopolymers, di/trinucleotide repeats longer than a padding window,
# an N run, and unique stretches
_SEQ = (
    "AAGT"
    + "CA" * 130
    + "GATTC"
    + "T" * 230
    + "GCNNNNA"
    + "TGC" * 90
    + "ACGGATCCTA"
    + "NNNNNNNN"
    + "AGCTTAGGCA"
)


def _fetch(start: int, end: int) -> str:
    return _SEQ[max(0, start - 1) : end]


_SHORT = ["".join(p) for n in (1, 2, 3) for p in itertools.product("ACGTN", repeat=n)]
# the chromosome start, inside/after each repeat, next to both N runs
_POSITIONS = (1, 2, 3, 5, 150, 266, 270, 400, 501, 505, 509, 700, 782, 790, 795)


@pytest.mark.parametrize("pos", _POSITIONS)
def test_every_short_pair_left_aligns_as_the_plain_loop_does(pos):
    for ref in _SHORT:
        for alt in _SHORT:
            assert _outcome(left_align, pos, ref, alt, _fetch) == _outcome(
                _plain_left_align, pos, ref, alt, _fetch
            ), (pos, ref, alt)


def test_lower_case_alleles_left_align_as_the_plain_loop_does():
    rng = random.Random(20)
    for _ in range(3000):
        pos = rng.choice(_POSITIONS)
        ref, alt = rng.choice(_SHORT), rng.choice(_SHORT)
        ref = "".join(c.lower() if rng.random() < 0.5 else c for c in ref)
        alt = "".join(c.lower() if rng.random() < 0.5 else c for c in alt)
        assert _outcome(left_align, pos, ref, alt, _fetch) == _outcome(
            _plain_left_align, pos, ref, alt, _fetch
        ), (pos, ref, alt)


@pytest.mark.parametrize("unit", ["CA", "T", "TGC"])
def test_long_indels_walking_through_several_padding_windows_agree(unit):
    start = _SEQ.index(unit * 30) + 1
    run_end = start
    while _SEQ[run_end - 1 : run_end - 1 + len(unit)] == unit:
        run_end += len(unit)
    for size in (1, 2, 3, 50, 99, 100, 101, 150, 201):
        deleted = (unit * (size // len(unit) + 1))[: len(unit) * max(1, size // len(unit))]
        for pos in (run_end - len(deleted) - 1, run_end - len(deleted) - 2, start + 3):
            ref = _SEQ[pos - 1 : pos - 1 + len(deleted) + 1]
            for alt in (ref[0], ref + deleted[: len(unit)], ref[0] + deleted + deleted):
                for case in ((pos, ref, alt), (pos, alt, ref)):
                    assert _outcome(left_align, *case, _fetch) == _outcome(
                        _plain_left_align, *case, _fetch
                    ), case


def test_a_right_anchored_long_ref_pads_more_than_once():
    # REF/ALT given with their common bases on the right: the walk empties ALT, pads
    # 100 bases, and walks on through the T run (230 bases) into the next window
    tail = _SEQ.index("C" + "T" * 230) + 232  # 1-based: the first base after the run
    ref, alt = _SEQ[tail - 3 : tail], _SEQ[tail - 2 : tail]
    got = left_align(tail - 2, ref, alt, _fetch)
    assert got == _plain_left_align(tail - 2, ref, alt, _fetch)
    assert got[0] < tail - 2 - PAD_WINDOW  # it did cross a padding window


def test_trim_left_halving_finds_the_same_common_prefix_as_the_plain_loop():
    rng = random.Random(15)
    for _ in range(20000):
        n = rng.randint(0, 130)
        common = "".join(rng.choice("ACGTN") for _ in range(n))
        ref = common + "".join(rng.choice("ACGT") for _ in range(rng.randint(0, 5)))
        alt = common + "".join(rng.choice("ACGT") for _ in range(rng.randint(0, 5)))
        pos = rng.randint(1, 10**6)
        assert trim_left(pos, ref, alt) == _plain_trim_left(pos, ref, alt), (ref, alt)
