"""A 5' UTR change that makes, removes or reshapes an upstream ORF: said in a note, not in p.

HGVS names the protein from the annotated start codon, so a change wholly in
the 5' UTR is ``p.(=)``.  Upstream start codons can still change what is made:
ribosomes scanning from the cap may start at an upstream AUG (uAUG) and read a
short upstream ORF (uORF), an ORF overlapping the start codon out of frame, or,
in frame without a stop, an N-terminally extended protein.  Ensembl VEP reports
these only through its UTRAnnotator plugin (ImperialCardioGenetics/UTRannotator;
Whiffin et al. 2020, Nat Commun 11:2523), not as core terms; we keep VEP's core
terms and say it in a note, with the plugin's name for it, so a reviewer sees it:

* uAUG gained (``5_prime_UTR_premature_start_codon_gain_variant``): a new ATG,
  where it lies and which of the three ORFs it opens;
* uAUG lost (``5_prime_UTR_premature_start_codon_loss_variant``): an existing
  upstream ATG removed, and the ORF it opened;
* the end of an existing uORF (an ATG with an in-frame stop in the 5' UTR, the
  plugin's ``existing_uORF``) moved by a change inside it: its stop removed
  (``5_prime_UTR_stop_codon_loss_variant``), a new stop in it
  (``5_prime_UTR_stop_codon_gain_variant``) or its frame shifted
  (``5_prime_UTR_uORF_frameshift_variant``), and where it ends now.

An ATG (or a uORF's stop) is the same one on both alleles when it lies at the
same distance from the 5' end of the transcript or at the same distance from
c.1: so deleting one A of ``AATG`` neither removes nor creates an ATG, however
the deletion is placed along the repeat, and an ATG re-formed in place is
neither lost nor gained.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gnas_annot.naming.coords import TranscriptMap
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.shift import Edit

#: whole codons (any characters: N and IUPAC codes are codons too) up to the first stop
_TO_STOP = re.compile(r"(?:...)*?(?:TAA|TAG|TGA)", re.DOTALL)
_PLUGIN = (
    "VEP's UTRAnnotator plugin calls this {}; "
    "p.(=) describes translation from the annotated start only"
)


def upstream_atg_note(tx_seq: str | None, tmap: TranscriptMap, edit: Edit) -> str | None:
    """The note for ``edit`` (wholly in the 5' UTR exons of ``tmap``'s transcript)
    if it creates or removes an ATG upstream of c.1 or moves the end of an upstream
    ORF, else None."""
    start_i = tmap.cds_start_i
    if tx_seq is None or start_i is None:
        return None
    plus = tmap.strand > 0
    try:
        if edit.is_insertion:
            s = tmap.offset(edit.start if plus else edit.start + 1) + 1
        else:
            s = tmap.offset(edit.start + 1 if plus else edit.end)
    except ValueError:  # an insertion beside an exon edge: not judged here
        return None
    alt = (edit.alt if plus else reverse_complement(edit.alt)).upper()
    if (
        len(alt) == len(edit.ref) == 1
        and "ATG" not in (tx_seq[max(0, s - 2) : s] + alt + tx_seq[s + 1 : s + 3]).upper()
        and s not in _in_atg_or_uorf(tx_seq, start_i)
    ):
        return None  # an SNV that makes no ATG and touches none (the SNV fast path asks)
    seq = tx_seq.upper()
    new = seq[:s] + alt + seq[s + len(edit.ref) :]
    start = start_i + len(alt) - len(edit.ref)  # c.1 on the variant allele
    before, after = _atgs(seq, start_i), _atgs(new, start)
    gained = [j for j in after if not _same(j, start, before, start_i)]
    lost = [i for i in before if not _same(i, start_i, after, start)]
    notes = []
    if gained:
        notes.append(
            f"creates an upstream ATG in the 5' UTR, {start - gained[0]} nt before c.1 on the "
            f"variant allele: {_orf(new, gained[0], start)}; translation of the annotated "
            f"protein may fall ({_PLUGIN.format('5_prime_UTR_premature_start_codon_gain_variant')})"
        )
    if lost:
        notes.append(
            f"removes an upstream ATG in the 5' UTR, {start_i - lost[0]} nt before c.1 (on the "
            f"reference {_orf(seq, lost[0], start_i)}); translation of the annotated protein "
            f"may change ({_PLUGIN.format('5_prime_UTR_premature_start_codon_loss_variant')})"
        )
    for a in before:
        note = _uorf_end(seq, new, a, s, start_i, start, after, len(alt) - len(edit.ref))
        if note:
            notes.append(note)
            break
    return "; ".join(notes) if notes else None


def _atgs(seq: str, end: int) -> list[int]:
    """Indexes of the ATGs wholly before ``end`` (c.1), ascending."""
    out, i = [], seq.find("ATG", 0, end)
    while i >= 0:
        out.append(i)
        i = seq.find("ATG", i + 1, end)
    return out


@lru_cache(maxsize=64)
def _in_atg_or_uorf(tx_seq: str, start_i: int) -> frozenset[int]:
    """The 5' UTR indexes an SNV can change an upstream ATG or uORF at: the bases of
    every ATG before c.1 and of every uORF (ATG to stop, the stop in the 5' UTR)."""
    seq = tx_seq.upper()
    out: set[int] = set()
    for a in _atgs(seq, start_i):
        b = _stop(seq, a)
        out.update(range(a, b + 3 if b is not None and b + 3 <= start_i else a + 3))
    return frozenset(out)


def _same(i: int, end: int, others: list[int], other_end: int) -> bool:
    """Does the other allele hold an ATG at ``i``'s distance from the 5' end or from c.1?"""
    return i in others or other_end - (end - i) in others


def _stop(seq: str, i: int) -> int | None:
    """The first in-frame stop codon from the ATG at ``i`` (None: none in ``seq``):
    the shortest run of whole codons from ``i`` that ends in a stop, found by the
    regex engine (a codon-by-codon loop in Python was ~2 % of a dense run's time;
    tests/test_upstream_orfs.py compares the two on every start of many sequences)."""
    found = _TO_STOP.match(seq, i)
    return None if found is None else found.end() - 3


def _orf(seq: str, i: int, start: int) -> str:
    """Which ORF the ATG at ``i`` of ``seq`` (c.1 at ``start``) opens."""
    stop = _stop(seq, i)
    if "N" in seq[i : (stop if stop is not None else len(seq))]:
        return "where its ORF ends depends on bases the reference does not know"
    if stop is not None and stop < start:
        return f"it opens an upstream ORF of {(stop - i) // 3} codons ending before c.1"
    if (start - i) % 3 == 0:
        return "in frame with the CDS and no stop before c.1: an N-terminally extended protein"
    return "its ORF runs out of frame across c.1 (an overlapping ORF)"


def _uorf_end(
    seq: str, new: str, a: int, s: int, start_i: int, start: int, after: list[int], delta: int
) -> str | None:
    """The note when the upstream ORF of the reference ATG at ``a`` (one that ends in
    the 5' UTR and whose ATG the variant allele keeps) ends elsewhere, or None; the
    change starts at index ``s``."""
    b = _stop(seq, a)
    if b is None or b + 3 > start_i or "N" in seq[a : b + 3]:
        return None  # not a uORF: no stop in the 5' UTR (or not known)
    # the same ATG on the variant allele: 5' of the change it keeps its distance from
    # the 5' end, else its distance from c.1
    kept = a if a + 3 <= s else start - (start_i - a)
    if kept not in after:
        return None  # the ATG is lost: said above
    now = _stop(new, kept)
    if now is not None and (now == b or start - now == start_i - b):
        return None  # it ends at the same stop
    if delta % 3:
        what, term = "shifts the frame of", "5_prime_UTR_uORF_frameshift_variant"
    elif now is not None and start - now > start_i - b:
        what, term = "puts a new stop codon in", "5_prime_UTR_stop_codon_gain_variant"
    else:
        what, term = "removes the stop codon of", "5_prime_UTR_stop_codon_loss_variant"
    if "N" in new[kept : (now + 3 if now is not None else len(new))]:
        end = "where it ends now depends on bases the reference does not know"
    elif now is None:
        end = "no in-frame stop follows it in the transcript now"
    elif now + 3 <= start:
        end = f"it now ends {start - now - 3} nt before c.1"
    elif (start - kept) % 3 == 0:
        end = "it now runs in frame into the CDS: an N-terminally extended protein"
    else:
        end = "it now runs out of frame across c.1 (an overlapping ORF)"
    return (
        f"{what} the upstream ORF that starts {start_i - a} nt before c.1 "
        f"({(b - a) // 3} codons): {end} ({_PLUGIN.format(term)})"
    )
