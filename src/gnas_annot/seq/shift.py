"""The HGVS 3' rule on genomic sequence, in either transcript direction.

An :class:`Edit` is a change in 0-based, half-open genomic coordinates with
no anchor base (an insertion has ``start == end``).  :func:`shift_3prime`
moves a deletion or insertion as far towards the 3' end of the transcript as
the sequence allows, inside ``[lo, hi)`` (an exon or intron: like biocommons
hgvs, we do not shift across exon/intron borders), and tells when it stopped
at a base the reference does not know.  :func:`as_duplication` recognises an
insertion that copies the bases 5' of it.

>>> seq = "TTGCTGACTTT"                     # the GNAS exon 7 hotspot shape
>>> fetch = lambda s, e: seq[s:e]
>>> shift_3prime(Edit(3, 7, "CTGA", ""), fetch, strand=1, lo=0, hi=len(seq))
(Edit(start=5, end=9, ref='GACT', alt=''), False)
>>> shift_3prime(Edit(3, 7, "CTGA", ""), fetch, strand=-1, lo=0, hi=len(seq))
(Edit(start=3, end=7, ref='CTGA', alt=''), False)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: fetch(start, end) -> bases of [start, end), 0-based, upper case
Fetch0 = Callable[[int, int], str]


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    ref: str
    alt: str

    @property
    def is_deletion(self) -> bool:
        return bool(self.ref) and not self.alt

    @property
    def is_insertion(self) -> bool:
        return not self.ref and bool(self.alt)

    @classmethod
    def from_vcf(cls, pos: int, ref: str, alt: str) -> Edit:
        """From VCF-style alleles (1-based POS, shared anchor bases trimmed)."""
        if len(alt) == 1 < len(ref) and ref[0] == alt:  # the usual VCF deletion
            return cls(pos, pos + len(ref) - 1, ref[1:], "")
        if len(ref) == 1 < len(alt) and alt[0] == ref:  # and insertion
            return cls(pos, pos, "", alt[1:])
        n = 0
        while n < min(len(ref), len(alt)) and ref[n] == alt[n]:
            n += 1
        ref, alt, pos = ref[n:], alt[n:], pos + n
        m = 0
        while m < min(len(ref), len(alt)) and ref[-1 - m] == alt[-1 - m]:
            m += 1
        ref, alt = ref[: len(ref) - m], alt[: len(alt) - m]
        return cls(pos - 1, pos - 1 + len(ref), ref, alt)


def shift_3prime(edit: Edit, fetch: Fetch0, strand: int, lo: int, hi: int) -> tuple[Edit, bool]:
    """Shift a pure deletion or insertion 3' (transcript sense) within ``[lo, hi)``.

    Returns the shifted edit and whether the shift stopped at an unknown base
    (``N``), in which case the true 3'-most position cannot be known.
    """
    if not (edit.is_deletion or edit.is_insertion):
        return edit, False
    start, end = edit.start, edit.end
    moving = edit.ref or edit.alt  # the rotating unit
    deletion = edit.is_deletion
    while True:
        if strand > 0:
            nxt_pos = end if deletion else start
            if nxt_pos >= hi:
                return _rebuild(start, end, moving, deletion), False
            nxt = fetch(nxt_pos, nxt_pos + 1)
            if nxt == "N" or not nxt:
                return _rebuild(start, end, moving, deletion), True
            if nxt != moving[0]:
                return _rebuild(start, end, moving, deletion), False
            moving = moving[1:] + nxt
            start, end = start + 1, end + 1
        else:
            prev_pos = start - 1
            if prev_pos < lo:
                return _rebuild(start, end, moving, deletion), False
            prev = fetch(prev_pos, prev_pos + 1)
            if prev == "N" or not prev:
                return _rebuild(start, end, moving, deletion), True
            if prev != moving[-1]:
                return _rebuild(start, end, moving, deletion), False
            moving = prev + moving[:-1]
            start, end = start - 1, end - 1


def _rebuild(start: int, end: int, moving: str, deletion: bool) -> Edit:
    return Edit(start, end, moving, "") if deletion else Edit(start, start, "", moving)


def as_duplication(edit: Edit, fetch: Fetch0, strand: int) -> Edit | None:
    """The duplicated interval, if ``edit`` inserts a copy of the bases 5' of it."""
    if not edit.is_insertion:
        return None
    n = len(edit.alt)
    if strand > 0:
        if edit.start - n >= 0 and fetch(edit.start - n, edit.start) == edit.alt:
            return Edit(edit.start - n, edit.start, edit.alt, edit.alt + edit.alt)
    elif fetch(edit.start, edit.start + n) == edit.alt:
        return Edit(edit.start, edit.start + n, edit.alt, edit.alt + edit.alt)
    return None
