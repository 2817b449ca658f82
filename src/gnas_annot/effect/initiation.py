"""PVS1 for initiation-codon variants (SVI/AutoPVS1 codes IC1-IC4).

Where is the next in-frame Met, and does anyone need the residues before it?
The Met is found in the transcript's own sequence; the residues are judged
by the loss-of-function variants the pack curates between codon 2 and that
Met, each named in the call's reasons.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from gnas_annot.effect.consequence import TranscriptConsequence
from gnas_annot.effect.pvs1 import LofCall, Strength, verdict
from gnas_annot.model.locus import Transcript
from gnas_annot.naming.sequences import transcript_offset
from gnas_annot.pack.store import Pack, load_pack

if TYPE_CHECKING:  # ClinVar is read only with --clinvar (start-up)
    from gnas_annot.known.clinvar import ClinVarIndex


def start_lost(
    tx: Transcript,
    tc: TranscriptConsequence,
    sequence: Callable[[str], str | None] | None,
    clinvar: ClinVarIndex | None = None,
    pack: Pack | None = None,
) -> LofCall:
    """SVI/AutoPVS1's initiation-codon branch: pathogenic variants between codon 2 and
    the next in-frame Met say the start is needed (AutoPVS1 scores ClinVar records by
    review stars; here each variant curated in the pack with its source scores 1,
    as a reviewed record): 0 -> IC4 Supporting, 1-3 -> IC3 Moderate, 4-6 -> IC2
    Strong, more -> IC1 VeryStrong.  The facts are ``pack``'s (default: the current pack)."""
    if pack is None:
        pack = load_pack()
    missing = (
        []
        if clinvar is not None
        else [
            "ClinVar pathogenic variants upstream of the next in-frame Met not counted "
            "(no --clinvar file): only variants curated in the pack are"
        ]
    )
    met = _next_methionine(tx, sequence)
    reasons = ["the initiation codon is lost"]
    if met is None:
        reasons.append("no downstream in-frame Met could be placed (reference sequence unknown)")
        return verdict(tc, "start_lost", reasons, missing, Strength.SUPPORTING, "IC4")
    codon, complete = met
    reasons.append(
        f"the next in-frame Met is codon {codon}"
        + ("" if complete else " in the known sequence (earlier codons are unknown)")
    )
    if tx.accession == pack.locus(tx.build).reference_transcript.accession:
        reasons.append(
            "caveat: RefSeq models an N-terminally truncated Gs-alpha from Met60 "
            "(A/B-derived transcripts); if functional, SVI says PVS1 does not apply"
        )
    upstream = _curated_upstream(tx, codon, pack)
    in_clinvar: list[str] = []
    if clinvar is not None:  # only with --clinvar: otherwise never imported
        from gnas_annot.effect.clinvar_regions import upstream_pathogenic

        in_clinvar = upstream_pathogenic(clinvar, tx, codon)
    if not upstream and not in_clinvar:
        source = "curated" + (f" or starred in {clinvar.name}" if clinvar is not None else "")
        reasons.append(f"no pathogenic variant between codons 2 and {codon - 1} is {source}")
        return verdict(tc, "start_lost", reasons, missing, Strength.SUPPORTING, "IC4")
    if upstream:
        reasons.append(
            f"curated pathogenic variants between codons 2 and {codon - 1}: " + "; ".join(upstream)
        )
    if in_clinvar and clinvar is not None:
        reasons.append(
            f"{clinvar.name}: starred (likely) pathogenic variants between codons 2 and "
            f"{codon - 1}: " + "; ".join(in_clinvar)
        )
    n = max(len(upstream), len(in_clinvar))  # the larger count: no variant counted twice
    strength, code = (
        (Strength.MODERATE, "IC3")
        if n <= 3
        else (Strength.STRONG, "IC2")
        if n <= 6
        else (Strength.VERY_STRONG, "IC1")
    )
    return verdict(tc, "start_lost", reasons, missing, strength, code)


_C_POSITION = re.compile(r"c\.(\d+)(?![\d+-])")


def _curated_upstream(tx: Transcript, met_codon: int, pack: Pack) -> list[str]:
    """Loss-of-function variants in the pack between codon 2 and the next Met.

    They are curated on NM_000516.7; transcripts with its initiation codon share
    those c. numbers up to there (the Gs-alpha family: exon 1 is common to them).
    """
    gs = pack.locus(tx.build).reference_transcript
    if (tx.cds_start, tx.strand) != (gs.cds_start, gs.strand):
        return []
    found = []
    for known in pack.known_variants:
        match = _C_POSITION.match(known.hgvs_c)
        if known.mechanism != "loss_of_function" or match is None:
            continue
        if 4 <= int(match.group(1)) <= (met_codon - 1) * 3:
            found.append(f"{known.hgvs_c} {known.protein} ({known.sources})")
    return found


def _next_methionine(
    tx: Transcript, sequence: Callable[[str], str | None] | None
) -> tuple[int, bool] | None:
    """(codon number, no unknown codon before it) of the first in-frame ATG after codon 1."""
    seq = sequence(tx.accession) if sequence is not None else None
    if seq is None:  # no reference: the Met cannot be placed
        return None
    assert tx.cds_start is not None and tx.cds_end is not None
    start = transcript_offset(tx, tx.cds_start if tx.strand > 0 else tx.cds_end)
    cds = seq[start : start + tx.coding_length]
    complete = True
    for k in range(1, len(cds) // 3):
        codon = cds[3 * k : 3 * k + 3]
        if "N" in codon:
            complete = False
        elif codon == "ATG":
            return k + 1, complete
    return None
