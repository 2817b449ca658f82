"""Protein consequence (HGVS p.) of a change inside a coding sequence.

The comparison follows biocommons hgvs (``AltSeqToHgvsp``): translate the
reference and the changed coding sequence, scan for the first differing
residue and describe the change from there (which puts deletions and
duplications of repeated residues at their 3'-most position).  Unlike
``c_to_p`` it never depends on bases far from the change: codons the
reference does not know translate to ``X`` in both sequences and compare
equal, a frameshift is read only up to its new stop, and when a needed base
is unknown the prediction says it is incomplete instead of inventing one.

>>> cds = "ATGGCCCGTCAGTAA"                          # M A R Q *
>>> predict(cds, cds_offset=0, start=6, end=7, alt="T").hgvs()   # c.7C>T
'p.(Arg3Cys)'
>>> predict(cds, cds_offset=0, start=9, end=10, alt="T").hgvs()  # c.10C>T
'p.(Gln4Ter)'
>>> predict(cds, cds_offset=0, start=3, end=6, alt="").hgvs()    # c.4_6del
'p.(Ala2del)'
>>> predict(cds + "GG", cds_offset=0, start=6, end=7, alt="").hgvs(one_letter=True)
'p.(R3Vfs*?)'
"""

from __future__ import annotations

from gnas_annot.naming.protein_change import THREE_LETTER as THREE_LETTER
from gnas_annot.naming.protein_change import ProteinChange as ProteinChange
from gnas_annot.naming.protein_change import noncoding_change as noncoding_change
from gnas_annot.seq.codons import translate


def predict(
    tx_seq: str,
    cds_offset: int,
    start: int,
    end: int,
    alt: str,
    cds_end: int | None = None,
    ref_protein: str | None = None,
) -> ProteinChange:
    """Protein change of replacing ``tx_seq[start:end]`` by ``alt``.

    ``tx_seq`` is the transcript from the first CDS base (``cds_offset`` is
    where that is in it) to the transcript's end; ``cds_end`` is the end of
    the stop codon (exclusive; default: the first in-frame stop).  The change
    must lie inside the CDS.  ``ref_protein``, the translation of the
    reference CDS, may be passed to save translating it for every variant.
    """
    cds_seq = tx_seq[cds_offset:]
    s, e = start - cds_offset, end - cds_offset
    stop_end = (cds_end - cds_offset) if cds_end is not None else _first_stop_end(cds_seq)
    ref_prot = ref_protein if ref_protein is not None else translate(cds_seq[:stop_end])
    if cds_end is not None and "N" in cds_seq[stop_end - 3 : stop_end]:
        # the annotation says these three bases are the stop codon though the
        # reference does not know them: Ter, not Xaa, while they stay in frame
        cds_seq = cds_seq[: stop_end - 3] + _STOP_MARK + cds_seq[stop_end:]
        ref_prot = ref_prot[:-1] + "*"
    ref_cds = cds_seq[:stop_end]
    alt_seq = cds_seq[:s] + alt + cds_seq[e:]
    first_codon = s // 3
    if s >= stop_end:  # only bases after the stop codon change (c.1185dup)
        return ProteinChange("unchanged")
    if first_codon == 0 and s < 3:
        return ProteinChange("start_lost", 1, 1, "M", complete=ref_cds[:3] == "ATG")
    delta = len(alt) - (e - s)
    if delta % 3:
        return _frameshift(ref_prot, alt_seq, first_codon)
    # in frame: only the codons the change overlaps are new; the rest is ref_prot
    lo = first_codon * 3
    hi = max(-(-e // 3) * 3, lo + 3)
    alt_prot = ref_prot[: lo // 3] + _translate(alt_seq[lo : hi + delta]) + ref_prot[hi // 3 :]
    if "X" in ref_prot[lo // 3 : hi // 3] or "X" in alt_prot[lo // 3 : (hi + delta) // 3]:
        # a changed codon holds a base the reference does not know: neither the
        # old nor the new residue is known, so no change (not even '=') is claimed
        new = alt_prot[lo // 3 : (hi + delta) // 3]
        if "*" in new:
            # but a whole new stop codon is known (c.140-1_140insAGTAGA: NAG TAG):
            # p.? still, yet the premature stop is kept for the consequence and LoF
            return ProteinChange(
                "inframe_delins",
                first_codon + 1,
                hi // 3,
                ref_prot[lo // 3 : hi // 3],
                new[: new.index("*") + 1],
                complete=False,
            )
        return ProteinChange("unknown", first_codon + 1, first_codon + 1, complete=False)
    if ref_prot.endswith("*") and not alt_prot.endswith(("*", "X")):
        return _lost_stop(ref_prot, alt_prot, alt_seq, first_codon)
    # like biocommons, compare whole translations: a premature stop stays
    # inside the description (p.(Val137_Pro138insArgTer))
    return _in_frame(ref_prot, alt_prot, first_codon)


#: stands for a stop codon whose bases the reference does not know
_STOP_MARK = "!!!"


def _translate(seq: str) -> str:
    """``translate``, reading the annotated-stop mark as Ter (a partial mark is unknown)."""
    if "!" not in seq:
        return translate(seq)
    return "".join(
        "*" if seq[i : i + 3] == _STOP_MARK else translate(seq[i : i + 3])
        for i in range(0, len(seq) - 2, 3)
    )


def _first_stop_end(cds: str) -> int:
    prot = translate(cds)
    return (prot.index("*") + 1) * 3 if "*" in prot else len(cds) - len(cds) % 3


def _in_frame(ref: str, alt: str, first: int) -> ProteinChange:
    i = first
    limit = min(len(ref), len(alt))
    while i < limit and ref[i] == alt[i]:
        i += 1
    # alt reading through the whole of ref, its stop included (a stop inserted right
    # before the stop, c.1182_1183insTAA): the protein ends where it did, unchanged
    if i >= limit and (len(ref) == len(alt) or (i == len(ref) and ref.endswith("*"))):
        kind = "stop_retained" if ref[first] == "*" else "synonymous"
        return ProteinChange(kind, first + 1, first + 1, ref[first], ref[first])
    delta = len(alt) - len(ref)
    if delta > 0:
        inserted, deleted, ref_rest, alt_rest = alt[i : i + delta], "", ref[i:], alt[i + delta :]
    elif delta < 0:
        inserted, deleted, ref_rest, alt_rest = "", ref[i : i - delta], ref[i - delta :], alt[i:]
    else:
        inserted, deleted, ref_rest, alt_rest = "", "", ref[i:], alt[i:]
    last = _last_difference(ref_rest, alt_rest)
    if last >= 0:
        inserted += alt_rest[: last + 1]
        deleted += ref_rest[: last + 1]
    unknown = "X" in deleted or "X" in inserted
    start = i + 1
    if inserted.startswith("*"):  # the first new residue is a stop: p.(Ala108Ter)
        return ProteinChange("nonsense", start, start, ref[i], "*", complete=ref[i] != "X")
    if not deleted:
        dup_from = i - len(inserted)
        if dup_from >= 0 and ref[dup_from:i] == inserted:
            return ProteinChange(
                "inframe_duplication", dup_from + 1, i, inserted, inserted, complete=not unknown
            )
        return ProteinChange(
            "inframe_insertion", i, i + 1, ref[i - 1 : i + 1], inserted, complete=not unknown
        )
    end = start + len(deleted) - 1
    if len(deleted) == 1 and len(inserted) == 1:
        kind = "nonsense" if inserted == "*" else "missense"
        return ProteinChange(kind, start, start, deleted, inserted, complete=not unknown)
    if not inserted:
        # deleting the residues just before the stop is a deletion (HGVS), not the
        # stop moving there (biocommons writes p.(Leu394Ter)): nothing is truncated
        return ProteinChange("inframe_deletion", start, end, deleted, complete=not unknown)
    return ProteinChange("inframe_delins", start, end, deleted, inserted, complete=not unknown)


def _lost_stop(ref: str, alt_prot: str, alt_seq: str, first: int) -> ProteinChange:
    """The stop codon was changed: read on into the 3' UTR."""
    ref_stop = len(ref) - 1
    i = first
    while i < min(ref_stop, len(alt_prot)) and ref[i] == alt_prot[i]:
        i += 1
    if i < ref_stop:  # residues before the stop changed as well: one delins to the new stop
        tail = _translate(alt_seq[i * 3 :])
        new_stop, complete = _count_to_stop(tail)
        inserted = tail[:new_stop] if new_stop else tail
        return ProteinChange(
            "inframe_delins",
            i + 1,
            ref_stop + 1,
            ref[i:],
            inserted,
            complete=complete and "X" not in inserted,
        )
    return _extension(alt_seq, i)


def _extension(alt_seq: str, i: int) -> ProteinChange:
    """The stop codon (residue i, 0-based) became ``tail[0]``: read on to the new stop.

    HGVS counts the extension from the first residue after the old stop, so
    the replaced stop itself is not counted (``p.(Ter395GlnextTer17)``).
    """
    tail = _translate(alt_seq[i * 3 :])
    if tail[:1] == "*":
        return ProteinChange("stop_retained", i + 1, i + 1, "*", "*")
    new_stop, complete = _count_to_stop(tail)
    return ProteinChange(
        "stop_lost",
        i + 1,
        i + 1,
        "*",
        tail[:1],
        new_stop=None if new_stop is None else new_stop - 1,
        complete=complete and tail[:1] != "X",
    )


def _frameshift(ref: str, alt_seq: str, first: int) -> ProteinChange:
    alt = ref[:first] + _translate_to_stop(alt_seq, first * 3)
    i = first
    while i < len(ref) and i < len(alt) and ref[i] == alt[i] and ref[i] not in "*X":
        i += 1
    if i >= len(alt) or i >= len(ref):
        return ProteinChange(
            "frameshift", min(i, len(ref) - 1) + 1, 0, ref[-1:], "", complete=False
        )
    if ref[i] == "*" and alt[i] == "X":  # whether the stop survives is unknown
        return ProteinChange("unknown", i + 1, i + 1, "*", complete=False)
    if ref[i] == "X":
        # the first changed residue is unknown, the new reading frame after it is
        # not: the new stop can still be placed (for the NMD rule), not named
        new_stop, _ = _count_to_stop(_translate_to_stop(alt_seq, (i + 1) * 3))
        return ProteinChange(
            "frameshift",
            i + 1,
            i + 1,
            "X",
            alt[i],
            new_stop=None if new_stop is None else new_stop + 1,
            complete=False,
        )
    if alt[i] == "X":
        return ProteinChange("frameshift", i + 1, i + 1, ref[i], "", complete=False)
    if ref[i] == "*":  # the frameshift starts at the stop codon: an extension
        return _extension(alt_seq, i)
    if alt[i] == "*":
        return ProteinChange("nonsense", i + 1, i + 1, ref[i], "*")
    new_stop, complete = _count_to_stop(alt[i:])
    return ProteinChange(
        "frameshift", i + 1, i + 1, ref[i], alt[i], new_stop=new_stop, complete=complete
    )


def _last_difference(a: str, b: str) -> int:
    """Index of the last position where ``a`` and ``b`` differ (compared over
    the shorter length, from the start), or -1 if they agree there."""
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    if a == b:
        return -1
    lo, hi = 0, n  # the common suffix is at least lo and less than hi+1 long
    while lo < hi:  # binary search on C-speed slice comparisons
        mid = (lo + hi + 1) // 2
        if a[n - mid :] == b[n - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return n - lo - 1


def _translate_to_stop(seq: str, start: int) -> str:
    """Translate from ``start`` up to and including the first stop (or an unknown codon)."""
    # a frameshift's new frame may run for hundreds of codons: translate a stretch
    # at a time (in codon steps, so every codon is the one a codon-by-codon reading sees)
    residues = []
    for i in range(start, len(seq) - 2, _STRETCH):
        part = _translate(seq[i : i + _STRETCH])
        stop, unknown = part.find("*"), part.find("X")
        if stop >= 0 or unknown >= 0:
            end = min(k for k in (stop, unknown) if k >= 0)
            residues.append(part[: end + 1])
            break
        residues.append(part)
    return "".join(residues)


_STRETCH = 3 * 32  # bases translated at a time (whole codons)


def _count_to_stop(residues: str) -> tuple[int | None, bool]:
    """Codons up to and including the first stop; (None, True) if the sequence
    ends without one, (None, False) if an unknown codon comes first."""
    for k, residue in enumerate(residues):
        if residue == "*":
            return k + 1, True
        if residue == "X":
            return None, False
    return None, True


#: a curated SNV in a codon: (0-based place, reference base, new base, the residue it gives)
CodonFact = tuple[int, str, str, str]


def substituted_residue(
    residue: str,
    first: int,
    ref: str,
    alt: str,
    codon: str | None = None,
    facts: tuple[CodonFact, ...] = (),
) -> str | None:
    """The residue (one-letter, ``*`` for a stop) a codon of ``residue`` encodes
    after its bases ``first .. first+len(ref)-1`` (0-based, transcript
    direction) change from ``ref`` to ``alt``: one base (an SNV), two or three
    (an MNV or delins).

    With the ``codon`` known the answer is its translation.  Without it, every
    codon that encodes ``residue``, has ``ref`` at those places and agrees with
    the curated ``facts`` (c.601C>T gives Cys: the codon is TG[TC] after it) is
    changed, and the answer is given only when all agree; None when they
    disagree, when no codon fits, or when a base is not A, C, G or T.

    >>> substituted_residue("R", 1, "GT", "AC")  # of CGT and AGT only CGT is Arg
    'H'
    >>> substituted_residue("Q", 2, "G", "A")  # CAG>CAA
    'Q'
    >>> substituted_residue("R", 0, "CG", "TT") is None  # TTT Phe or TTA Leu ...
    True
    >>> substituted_residue("R", 0, "CG", "TT", facts=((0, "C", "T", "C"),))  # TG[TC]: TT[TC]
    'F'
    """
    n = len(ref)
    if n != len(alt) or n == 0 or first < 0 or first + n > 3:
        return None
    if set(ref + alt + (codon or "")) - set(_BASES):
        return None
    candidates = [codon] if codon is not None else _ALL_CODONS
    outcomes = {
        translate(c[:first] + alt + c[first + n :])
        for c in candidates
        if c[first : first + n] == ref
        and translate(c) == residue
        and all(
            c[i] == old and translate(c[:i] + new + c[i + 1 :]) == gives
            for i, old, new, gives in facts
        )
    }
    return outcomes.pop() if len(outcomes) == 1 else None


_BASES = "ACGT"
_ALL_CODONS = [a + b + c for a in _BASES for b in _BASES for c in _BASES]
