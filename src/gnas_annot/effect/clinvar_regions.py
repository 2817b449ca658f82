"""The PVS1 branches that need ClinVar (``--clinvar FILE``):

* **Initiation codon** (SVI/AutoPVS1 IC1-IC4): (likely) pathogenic variants
  between codon 2 and the next in-frame Met say the lost residues matter; they
  are counted with the pack's curated variants (the larger count decides, so a
  variant present in both is not counted twice).
* **NMD-escaping truncation** (NF3 vs NF5/NF6): the truncated region is taken
  as critical when ClinVar holds more than five (likely) pathogenic
  truncating variants downstream of the new stop and they are more than 5 % of
  ClinVar's assertions there — the criterion of the AutoPVS1 re-implementation
  in bihealth's auto-acmg (``_critical4protein_function``), with ClinVar's
  molecular consequence (``MC``) telling truncating variants apart.

Only assertions with at least one review star count.  Codons are placed on
the genome through the transcript's exon model.
"""

from __future__ import annotations

from gnas_annot.known.clinvar import Assertion, ClinVarIndex
from gnas_annot.model.locus import Transcript

CRITICAL_MIN_TRUNCATIONS = 6
CRITICAL_MIN_FRACTION = 0.05


def codon_intervals(tx: Transcript, first: int, last: int) -> list[tuple[int, int]]:
    """Genomic intervals (1-based, inclusive) of codons ``first``..``last`` of ``tx``."""
    assert tx.cds_start is not None and tx.cds_end is not None
    lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
    want_from, want_to = 3 * (first - 1), 3 * last - 1  # 0-based CDS offsets
    intervals: list[tuple[int, int]] = []
    done = 0
    exons = tx.exons if tx.strand > 0 else tx.exons[::-1]
    for exon in exons:
        start, end = max(exon.start, lo), min(exon.end, hi)
        if start > end:
            continue
        length = end - start + 1
        a, b = max(want_from, done), min(want_to, done + length - 1)
        if a <= b:
            if tx.strand > 0:
                intervals.append((start + a - done, start + b - done))
            else:
                intervals.append((end - (b - done), end - (a - done)))
        done += length
    return intervals


def upstream_pathogenic(clinvar: ClinVarIndex, tx: Transcript, met_codon: int) -> list[str]:
    """Labels of the starred (likely) pathogenic variants between codon 2 and the Met."""
    if met_codon <= 2:
        return []
    return [a.label() for a in clinvar.pathogenic(codon_intervals(tx, 2, met_codon - 1))]


def downstream_critical(clinvar: ClinVarIndex, tx: Transcript, ptc_codon: int) -> str | None:
    """Why the region after the new stop is critical, or None when ClinVar does not say so."""
    codons = tx.coding_length // 3
    if ptc_codon >= codons:
        return None
    region = codon_intervals(tx, ptc_codon + 1, codons)
    everything = clinvar.within(region)
    truncating: list[Assertion] = clinvar.pathogenic(region, truncating=True)
    if not everything:
        return None
    fraction = len(truncating) / len(everything)
    if len(truncating) < CRITICAL_MIN_TRUNCATIONS or fraction <= CRITICAL_MIN_FRACTION:
        return None
    shown = "; ".join(a.label() for a in truncating[:8])
    more = f" and {len(truncating) - 8} more" if len(truncating) > 8 else ""
    return (
        f"{len(truncating)} starred (likely) pathogenic truncating variants in "
        f"{clinvar.name} downstream of codon {ptc_codon} ({fraction:.0%} of its "
        f"{len(everything)} assertions there): {shown}{more}"
    )
