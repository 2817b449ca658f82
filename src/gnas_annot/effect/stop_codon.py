"""VEP's rules for insertions and deletions at the stop codon.

The protein change (3'-shifted HGVS) says what happens to the protein; the
terms follow Ensembl VEP, which judges the allele as given (left-aligned):

* ``frameshift_variant`` is decided by length alone for any allele wholly inside
  the CDS, the stop codon included (VariationEffect.pm ``frameshift``): a
  frameshift that reads through the stop (``c.1182_1183insAAAA``,
  ``p.(Ter395LysextTer34)``) is a frameshift_variant.  An allele that reaches
  into the 3' UTR or an intron has no CDS coordinates there: not a frameshift.
* ``stop_lost`` / ``stop_retained_variant`` need the allele to overlap the stop
  codon (``_overlaps_stop_codon``; an insertion overlaps it only between two of
  its bases).  An insertion right before the stop codon is a frameshift_variant
  alone (ensembl-variation modules/t/variation_effect.t, the tests of
  ensembl-vep issue #1710: "1bp insertion BEFORE stop codon ... no stop_lost").
* where the protein cannot be named (a deletion from the stop codon into the
  3' UTR, an insertion at the CDS/UTR border), VEP's ``_ins_del_stop_altered``
  decides: the allele applied to CDS + 3' UTR keeps the stop if the codon ending
  where the CDS ended is still a stop and the sequence did not get shorter.

A frameshift that re-forms the stop in place (``TAA`` -> ``TAAA``) keeps
stop_retained_variant beside frameshift_variant: the protein is unchanged
(VEP 95 wrote ``frameshift_variant,stop_retained_variant``; the later "stop
altered for every frameshift" of #1710 would call an unchanged protein stop_lost).
"""

from __future__ import annotations

from gnas_annot.effect.geometry import Geometry
from gnas_annot.naming.protein import ProteinChange
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.shift import Edit

#: the protein kinds of an allele that changes the stop codon or nothing
_AT_STOP = frozenset({"stop_lost", "stop_retained", "unchanged", "unknown"})
_STOPS = frozenset({"TAA", "TAG", "TGA"})


def stop_terms(
    terms: set[str],
    g: Geometry,
    edit: Edit,
    exonic: list[int],
    change: ProteinChange | None,
    sequence: str | None,
) -> None:
    """Adjust ``terms`` (the coding terms of an allele on ``g``) by VEP's stop-codon rules."""
    delta = len(edit.alt) - len(edit.ref)
    if not g.cds_lo or change is None:
        return
    if change.kind not in _AT_STOP:
        _moved_stop(terms, change)
        return
    if not delta:
        return  # substitutions: the protein change decides
    plus = g.tx.strand > 0
    stop_lo, stop_hi = (g.cds_hi - 2, g.cds_hi) if plus else (g.cds_lo, g.cds_lo + 2)
    if edit.is_insertion:
        flanks = (edit.start, edit.start + 1)
        in_cds = all(g.cds_lo <= p <= g.cds_hi for p in flanks)
        overlaps = all(stop_lo <= p <= stop_hi for p in flanks)
    else:
        span = range(edit.start + 1, edit.end + 1)
        in_cds = len(exonic) == len(span) and all(g.cds_lo <= p <= g.cds_hi for p in span)
        overlaps = any(stop_lo <= p <= stop_hi for p in span)
    if change.kind == "unknown" and overlaps:
        altered = _stop_altered(g, edit, sequence)
        if altered is not None:
            terms.discard("coding_sequence_variant")
            terms.add("stop_lost" if altered else "stop_retained_variant")
    elif change.kind == "stop_lost" and not overlaps:
        terms.discard("stop_lost")  # the terminator codon itself is intact
    if in_cds and delta % 3:
        terms.discard("coding_sequence_variant")
        terms.add("frameshift_variant")


def _moved_stop(terms: set[str], change: ProteinChange) -> None:
    """An in-frame change that replaces the annotated stop (``p.(Leu394_Ter395delins...Ter)``):
    the stop is lost if the new one comes later or not at all, kept if at the same codon."""
    if change.kind not in ("inframe_delins", "inframe_deletion") or "*" not in change.ref:
        return
    old = change.start + change.ref.index("*")
    new = change.start + change.alt.index("*") if "*" in change.alt else None
    if new is None or new > old:
        terms.add("stop_lost")
    elif new == old:
        terms.add("stop_retained_variant")


def _stop_altered(g: Geometry, edit: Edit, sequence: str | None) -> bool | None:
    """VEP's ``_ins_del_stop_altered``; None: the bases that decide are not known."""
    if sequence is None:
        return None
    end = g.cds_first + g.coding_length  # transcript offset just past the stop codon
    if edit.is_insertion:
        first = g.offset(edit.start if g.tx.strand > 0 else edit.start + 1)
        at, removed = first + 1, 0
    else:
        lo, hi = edit.start + 1, edit.end
        try:
            a, b = g.offset(lo), g.offset(hi)
        except ValueError:
            return None  # a deleted base lies outside the exons
        at, removed = min(a, b), abs(b - a) + 1
        if removed != len(edit.ref):
            return None  # an intron inside the deletion
    alt = edit.alt if g.tx.strand > 0 else reverse_complement(edit.alt)
    tail = sequence[g.cds_first :].upper()
    changed = tail[: at - g.cds_first] + alt.upper() + tail[at - g.cds_first + removed :]
    if len(changed) < g.coding_length:
        return True
    codon = changed[end - g.cds_first - 3 : end - g.cds_first]
    if "N" in codon:
        return None
    return codon not in _STOPS
