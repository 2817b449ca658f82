"""Allele normalization: VCF-style left-alignment and trimming, as
``bcftools norm -f REF`` does it, for one biallelic REF/ALT pair.

The algorithm is bcftools' ``realign``: trim the common last base while every
allele has one to spare, padding from the reference on the left when an allele
would become empty; then trim the common first base while every allele keeps
at least one.  It is exact for any indel, and reduces MNPs to their differing
core (``ACG>ATG`` becomes ``C>T``), as bcftools does.

>>> seq = "GGCTGACTGACTTT"                 # positions 1..14, CTGA twice
>>> fetch = lambda s, e: seq[s - 1:e]
>>> left_align(6, "ACTGA", "A", fetch)      # delete the second CTGA unit ...
(2, 'GCTGA', 'G')
>>> right_align(2, "GCTGA", "G", fetch)     # ... HGVS names the 3'-most: GACT
(8, 'TGACT', 'T')
>>> left_align(3, "CTG", "CAG", fetch)      # an MNP is trimmed to its core
(4, 'T', 'A')
"""

from __future__ import annotations

from collections.abc import Callable

from gnas_annot.seq.shift import Edit, shift_3prime

#: How many reference bases bcftools fetches at a time when an allele empties.
PAD_WINDOW = 100

Fetch = Callable[[int, int], str]


class UnknownReferenceBaseError(Exception):
    """The reference has N (or nothing) where left-alignment needs a base."""


def left_align(pos: int, ref: str, alt: str, fetch: Fetch) -> tuple[int, str, str]:
    """Left-align and trim one REF/ALT pair; ``fetch(start, end)`` gives 1-based reference bases.

    Raises :class:`UnknownReferenceBaseError` if the shift needs a base the
    reference does not know (``N``), since the result would then be a guess;
    unknown bases it merely fetches in passing do not matter.
    """
    ref, alt = ref.upper(), alt.upper()
    given_n = "N" in ref or "N" in alt
    # how many of REF's last bases are the record's own (the ones before them were
    # fetched): an N the record gives is trimmed like a base, but an N of the
    # reference is unknown -- shifting on through a run of them was a guess, and over
    # an unknown stretch (a partial reference) a walk of millions of bases
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
    pos, ref, alt = trim_left(pos, ref, alt)
    if not given_n and ("N" in ref or "N" in alt):
        raise UnknownReferenceBaseError(f"reference base unknown at chr20:{pos}")
    return pos, ref, alt


def trim_left(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Drop the common leading bases while both alleles keep at least one."""
    n = 0
    while n < min(len(ref), len(alt)) - 1 and ref[n] == alt[n]:
        n += 1
    return pos + n, ref[n:], alt[n:]


def trim(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Parsimonious trimming without a reference (no shifting, no padding).

    This is what can be done honestly when no reference is available: the
    result is minimal but not necessarily left-aligned.
    """
    ref, alt = ref.upper(), alt.upper()
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    return trim_left(pos, ref, alt)


def right_align(pos: int, ref: str, alt: str, fetch: Fetch) -> tuple[int, str, str]:
    """Shift an indel to its 3'-most position on the + strand (the HGVS 3' rule).

    Input and output are VCF-style (with an anchor base for pure indels).  The
    shift itself is :func:`gnas_annot.seq.shift.shift_3prime`, the one 3' shift
    the naming uses too; it stops at an unknown base.
    """
    pos, ref, alt = left_align(pos, ref, alt, fetch)
    if len(ref) == len(alt) or (len(ref) > 1 and len(alt) > 1):
        return pos, ref, alt  # substitutions and delins do not shift
    edit = Edit(pos, pos + len(ref) - 1, ref[1:], alt[1:])  # 0-based, anchor dropped
    shifted, _ = shift_3prime(edit, lambda s, e: fetch(s + 1, e), 1, 0, 1 << 62)
    anchor = fetch(shifted.start, shifted.start)
    return shifted.start, anchor + shifted.ref, anchor + shifted.alt
