"""Predicted loss of function per transcript: the ClinGen SVI PVS1 tree with
AutoPVS1's criterion codes, and LOFTEE-style HC/LC with filters and flags.

The two are reported side by side and never merged.  Where a decision needs
data we do not have offline — gnomAD LoF frequencies, ClinVar counts,
MaxEntScan, GERP — the call says which branch it took by default (as
AutoPVS1 does when its data are missing) and names the missing input in its
reasons.  GNAS knowledge enters as data (critical regions, activating
hotspots) and in two documented rules: activating hotspots are never LoF,
and skipping exon 3 reproduces the natural Gs-alpha short isoform.

>>> from gnas_annot.builds import GenomeBuild
>>> from gnas_annot.consequence import ConsequenceCalculator
>>> calc = ConsequenceCalculator()
>>> call = assess(calc.annotate(GenomeBuild.GRCh38, 58909217, "G", "A")).on("NM_000516.7")
>>> call.lof_class, call.pvs1_criterion, call.pvs1_strength.value
('splice_donor_variant', 'SS1', 'VeryStrong')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from gnas_annot.consequence import TranscriptConsequence, VariantConsequences
from gnas_annot.locus import Transcript, load_locus, transcript_segments
from gnas_annot.products import activating_hotspot
from gnas_annot.pvs1 import LofCall, Strength, splice, start_lost, structural, truncating

__all__ = ["LofAssessment", "LofCall", "Strength", "assess"]

LOF_TERMS = (
    "frameshift_variant",
    "stop_gained",
    "splice_donor_variant",
    "splice_acceptor_variant",
    "start_lost",
    "transcript_ablation",
    "feature_truncation",
    "transcript_amplification",
    "feature_elongation",
)
LOFTEE_TERMS = (
    "stop_gained",
    "frameshift_variant",
    "splice_donor_variant",
    "splice_acceptor_variant",
)
MIN_INTRON = 15  # LOFTEE's default min_intron_size


@dataclass(frozen=True, slots=True)
class LofAssessment:
    calls: tuple[LofCall, ...]

    def on(self, accession: str) -> LofCall | None:
        bare = accession.split(".")[0]
        return next((c for c in self.calls if c.transcript.split(".")[0] == bare), None)


def assess(
    result: VariantConsequences, sequence: Callable[[str], str] | None = None
) -> LofAssessment:
    """LoF calls for every coding transcript the variant touches.

    ``sequence(accession)`` gives a transcript's sequence (for the start-loss
    question: where is the next in-frame Met?); without it that is unknown.
    """
    hotspot = activating_hotspot(result)
    locus = load_locus(result.build)
    calls = []
    for tc in result.transcripts:
        tx = next((t for t in locus.transcripts if t.accession == tc.transcript), None)
        if tx is None or not tx.is_coding:
            continue
        if hotspot is not None:
            calls.append(
                LofCall(
                    tc.transcript,
                    None,
                    Strength.NOT_APPLICABLE,
                    "NA",
                    (
                        f"activating hotspot {hotspot.protein} (Gs-alpha residue "
                        f"{hotspot.residue}): gain of function, never assessed as loss of function",
                    ),
                )
            )
            continue
        calls.append(_call(tx, tc, sequence))
    return LofAssessment(tuple(calls))


def _call(
    tx: Transcript, tc: TranscriptConsequence, sequence: Callable[[str], str] | None
) -> LofCall:
    lof_class = next((t for t in tc.terms if t in LOF_TERMS), None)
    if lof_class is None:
        return LofCall(
            tc.transcript,
            None,
            Strength.NOT_APPLICABLE,
            "NA",
            (f"{tc.most_severe} is not a predicted loss-of-function consequence",),
        )
    if lof_class in ("stop_gained", "frameshift_variant"):
        call = truncating(tx, tc, lof_class)
    elif lof_class in ("splice_donor_variant", "splice_acceptor_variant"):
        call = splice(tx, tc, lof_class)
    elif lof_class == "start_lost":
        call = start_lost(tx, tc, sequence)
    else:
        call = structural(tx, tc, lof_class)
    if lof_class in LOFTEE_TERMS:
        filters, flags = _loftee(tx, tc, lof_class, call)
        call = _replace(
            call, loftee="LC" if filters else "HC", loftee_filters=filters, loftee_flags=flags
        )
    return call


def _replace(call: LofCall, **changes: object) -> LofCall:
    return dataclasses.replace(call, **changes)  # type: ignore[arg-type]


# -- LOFTEE ------------------------------------------------------------------------------


def _loftee(
    tx: Transcript, tc: TranscriptConsequence, lof_class: str, call: LofCall
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    filters: list[str] = []
    flags: list[str] = []
    if len(tx.exons) == 1:
        flags.append("SINGLE_EXON")
    if lof_class in ("stop_gained", "frameshift_variant") and call.nmd is False:
        filters.append("END_TRUNC")  # the 50-bp rule at the new stop (no GERP offline)
    if lof_class in ("splice_donor_variant", "splice_acceptor_variant"):
        if tc.intron is not None:
            number = int(tc.intron.split("/")[0])
            intron = next(
                s for s in transcript_segments(tx) if s.kind == "intron" and s.number == number
            )
            if intron.end - intron.start + 1 < MIN_INTRON:
                filters.append("SMALL_INTRON")
        coding_neighbours = _intron_flanks_coding(tx, tc)
        if coding_neighbours == "5UTR":
            filters.append("5UTR_SPLICE")
        elif coding_neighbours == "3UTR":
            filters.append("3UTR_SPLICE")
    return tuple(filters), tuple(flags)


def _intron_flanks_coding(tx: Transcript, tc: TranscriptConsequence) -> str | None:
    """'5UTR'/'3UTR' when the intron lies wholly outside the CDS (LOFTEE's UTR splice filters)."""
    if tc.intron is None or tx.cds_start is None or tx.cds_end is None:
        return None
    number = int(tc.intron.split("/")[0])
    intron = next(s for s in transcript_segments(tx) if s.kind == "intron" and s.number == number)
    lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
    if intron.end < lo:
        return "5UTR" if tx.strand > 0 else "3UTR"
    if intron.start > hi:
        return "3UTR" if tx.strand > 0 else "5UTR"
    return None
