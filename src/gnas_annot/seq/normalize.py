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
    if ref[-1] != alt[-1]:
        # SNVs and most MNVs: nothing to trim at the end, so no padding, no shift, and
        # no N but the alleles' own
        return trim_left(pos, ref, alt)
    given_n = "N" in ref or "N" in alt
    # how many of REF's last bases are the record's own (the ones before them were
    # fetched): an N the record gives is trimmed like a base, but an N of the
    # reference is unknown -- shifting on through a run of them was a guess, and over
    # an unknown stretch (a partial reference) a walk of millions of bases
    given = len(ref)
    # the alleles are ref[:nr] and alt[:na]: trimming a base moves an index instead of
    # copying both strings, which made a walk through a repeat quadratic
    nr, na = len(ref), len(alt)
    while ref[nr - 1] == alt[na - 1] and not ((nr <= 1 or na <= 1) and pos == 1):
        if ref[nr - 1] == "N" and not (given_n and given > 0):
            raise UnknownReferenceBaseError(f"reference base unknown at chr20:{pos + nr - 1}")
        nr -= 1
        na -= 1
        given -= 1
        if not nr or not na:
            npad = min(PAD_WINDOW, pos - 1)
            pad = fetch(pos - npad, pos - 1)
            if len(pad) != npad:
                raise UnknownReferenceBaseError(
                    f"reference has no bases at chr20:{pos - npad}-{pos - 1}"
                )
            ref, alt = pad + ref[:nr], pad + alt[:na]
            nr += npad
            na += npad
            pos -= npad
    pos, ref, alt = trim_left(pos, ref[:nr], alt[:na])
    if not given_n and ("N" in ref or "N" in alt):
        raise UnknownReferenceBaseError(f"reference base unknown at chr20:{pos}")
    return pos, ref, alt


def trim_left(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Drop the common leading bases while both alleles keep at least one."""
    limit = min(len(ref), len(alt)) - 1
    if limit <= 0 or ref[0] != alt[0]:
        return pos, ref, alt
    # the longest common prefix (at most ``limit``) by halving: slices compare in C,
    # a padded indel shares ~100 leading bases
    if ref[:limit] == alt[:limit]:
        n = limit
    else:
        n, mismatch = 1, limit  # ref[:n] == alt[:n], ref[:mismatch] != alt[:mismatch]
        while mismatch - n > 1:
            mid = (n + mismatch) // 2
            if ref[:mid] == alt[:mid]:
                n = mid
            else:
                mismatch = mid
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
