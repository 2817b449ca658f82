"""VEP's splice and intron terms of one allele on one transcript, written out from Ensembl's
code and decisions, independently of src/ (the oracle of tests/test_splice_region_indels.py).

Sources (ensembl-variation unless said otherwise):

* ``BaseTranscriptVariationAllele::_intron_effects`` (2021, the version that added the
  three finer terms, PR #737): for each intron ``[i0, i1]`` (genomic) the flags
  start/end_splice_site ``[i0, i0+1]`` / ``[i1-1, i1]``; fifth_base ``i0+4`` (reverse
  strand ``i1-4``); donor_region ``[i0+2, i0+5]`` (``[i1-5, i1-2]``); polypyrimidine
  ``[i1-16, i1-2]`` (``[i0+2, i0+16]``); intronic ``[i0+2, i1-2]`` or an insertion at
  ``i0+2``/``i1-2``; splice_region by ``Utils/VariationEffect.pm::_intron_overlap``
  (``[i0+2, i0+7]``, ``[i1-7, i1-2]``, ``[i0-3, i0-1]``, ``[i1+1, i1+3]``, or an insertion
  with start ``i0`` or ``i0+2`` or end ``i1`` or ``i1-2``) unless a canonical site is hit.
  Every test is ``overlap(start, end, a, b) = end >= a and start <= b`` on VEP's
  coordinates, where an insertion between bases p and p+1 has start p+1, end p.
* ``VariationEffect.pm::splice_region`` returns 0 for a donor/acceptor allele; since VEP
  105 also for a 5th base / donor region one (ensembl-vep issue #1345).
* The 5th base is the finer donor term: VEP reports a +5 SNV as
  ``splice_donor_5th_base_variant`` only although +5 lies in the donor region window, as
  the SpliceRegion plugin the terms came from (VEP_plugins ``SpliceRegion.pm``) stops at
  the first term that matches, the 5th base first.
* splice_polypyrimidine_tract_variant is not given to an allele touching an exon base
  (PR #919, release 109: "when variant touches exon, it should not deliver
  splice_polypyrimidine_tract_variant"; VEP's ``exon`` pre-predicate is
  ``_overlapped_exons(min, max)``, so an insertion touches the bases either side of it).
"""

from __future__ import annotations

from gnas_annot.model.locus import Transcript

SPLICE_TERMS = (
    "splice_donor_variant",
    "splice_acceptor_variant",
    "splice_donor_5th_base_variant",
    "splice_donor_region_variant",
    "splice_polypyrimidine_tract_variant",
    "splice_region_variant",
)
TERMS = (*SPLICE_TERMS, "intron_variant")


def _overlap(start: int, end: int, a: int, b: int) -> bool:
    return end >= a and start <= b


def vep_coordinates(pos: int, ref: str, alt: str) -> tuple[int, int]:
    """VEP's (start, end) of a VCF record: the shared first base dropped; an insertion
    between p and p + 1 is (p + 1, p)."""
    if ref[0] == alt[0] and min(len(ref), len(alt)) == 1 and len(ref) != len(alt):
        return pos + 1, pos + len(ref) - 1
    return pos, pos + len(ref) - 1


def vep_terms(tx: Transcript, start: int, end: int) -> set[str]:
    """The splice terms and intron_variant VEP gives the allele at (start, end) on ``tx``."""
    insertion = start == end + 1
    lo, hi = min(start, end), max(start, end)
    flags: set[str] = set()
    for before, after in zip(tx.exons, tx.exons[1:], strict=False):
        i0, i1 = before.end + 1, after.start - 1
        checks = {
            "intronic": _overlap(start, end, i0 + 2, i1 - 2)
            or (insertion and (start == i0 + 2 or end == i1 - 2)),
            "start_site": _overlap(start, end, i0, i0 + 1),
            "end_site": _overlap(start, end, i1 - 1, i1),
            "fifth": _overlap(start, end, i0 + 4, i0 + 4),
            "fifth_reverse": _overlap(start, end, i1 - 4, i1 - 4),
            "donor_region": _overlap(start, end, i0 + 2, i0 + 5),
            "donor_region_reverse": _overlap(start, end, i1 - 5, i1 - 2),
            "tract": _overlap(start, end, i1 - 16, i1 - 2),
            "tract_reverse": _overlap(start, end, i0 + 2, i0 + 16),
        }
        flags |= {name for name, hit in checks.items() if hit}
        if not {"start_site", "end_site"} & flags and (
            _overlap(start, end, i0 + 2, i0 + 7)
            or _overlap(start, end, i1 - 7, i1 - 2)
            or _overlap(start, end, i0 - 3, i0 - 1)
            or _overlap(start, end, i1 + 1, i1 + 3)
            or (insertion and (start in (i0, i0 + 2) or end in (i1, i1 - 2)))
        ):
            flags.add("region")
    forward = tx.strand > 0
    donor = ("start_site" if forward else "end_site") in flags
    acceptor = ("end_site" if forward else "start_site") in flags
    fifth = ("fifth" if forward else "fifth_reverse") in flags
    donor_region = ("donor_region" if forward else "donor_region_reverse") in flags and not fifth
    touches_exon = any(_overlap(lo, hi, e.start, e.end) for e in tx.exons)
    tract = ("tract" if forward else "tract_reverse") in flags and not touches_exon
    region = "region" in flags and not (donor or acceptor or fifth or donor_region)
    hits = (donor, acceptor, fifth, donor_region, tract, region, "intronic" in flags)
    return {term for term, hit in zip(TERMS, hits, strict=True) if hit}
