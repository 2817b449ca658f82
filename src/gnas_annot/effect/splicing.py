"""PVS1 for canonical splice-site variants (SVI/AutoPVS1 codes SS1-SS10).

A canonical +/-1,2 variant is taken to skip its exon (no splice model
offline), and the skipped transcript is built and translated: its new stop
decides NMD by the 50-nt rule on the *skipped* transcript's own exons, as
SVI asks ("exon skipping or use of a cryptic site ... predicted to undergo
NMD"), not by the exon's position alone.  Two GNAS facts from the pack's
transcript models come first: a splice site whose loss leaves another pack
transcript's natural site in frame a few bases away (the NAGNAG acceptor of
exon 4, NM_001077488's +Ser isoform), and exon 3, whose skipping *is* the
natural Gs-alpha short isoform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gnas_annot.effect.consequence import TranscriptConsequence
from gnas_annot.effect.pvs1 import (
    LofCall,
    Strength,
    cds_exon_sizes,
    critical_region,
    exon_c_range,
    natural_isoforms,
    nmd_by_sizes,
    population_note,
    verdict,
)
from gnas_annot.model.locus import Transcript, transcript_segments
from gnas_annot.naming.sequences import transcript_offset
from gnas_annot.pack.store import Pack, load_pack
from gnas_annot.seq.codons import translate

#: how far (nt) another transcript's splice site may lie to count as the
#: alternative the spliceosome takes (NAGNAG acceptors are 3 nt apart)
ALTERNATIVE_SITE_REACH = 12

Sequence = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class SkipEffect:
    """The protein of the transcript without one exon."""

    in_frame: bool
    junction_codon: int  # first codon of the skipped transcript that differs (1-based)
    ptc_codon: int | None  # its first stop, if premature; None: none or not found
    stop_found: bool  # False: an unknown base came before any stop
    nmd: bool | None  # 50-nt rule at the new stop on the skipped transcript's exons


def splice(
    tx: Transcript,
    tc: TranscriptConsequence,
    lof_class: str,
    sequence: Sequence | None = None,
    span: tuple[int, int] | None = None,
    pack: Pack | None = None,
) -> LofCall:
    """Canonical splice sites (SS1-SS10), with ``pack``'s facts (default: the current pack)."""
    if pack is None:
        pack = load_pack()
    missing = [
        population_note(),
        "no splice model (MaxEntScan/SpliceAI) offline: exon skipping assumed, cryptic "
        "sites within 20 nt not evaluated",
    ]
    skipped = _skipped_exon(tx, tc, lof_class)
    if skipped is None:
        return verdict(
            tc, lof_class, ["the affected exon could not be determined"], missing,
            Strength.MODERATE, "SS6",
        )  # fmt: skip
    number, coding = skipped
    site = lof_class.replace("_variant", "").replace("_", " ")
    reasons = [f"{site} site of exon {number}"]
    natural = _natural_alternative_site(tx, number, lof_class, span, pack)
    if natural is not None:
        other, shift = natural
        reasons.append(
            f"{other} splices exon {number} at a site {abs(shift)} nt away, in frame, "
            "untouched by the variant: that natural isoform results "
            f"({'+' if shift > 0 else '-'}{abs(shift) // 3} codon), not a null allele"
        )
        return verdict(tc, lof_class, reasons, missing, Strength.UNMET, "SS9", nmd=False)
    reasons.append(f"exon {number} skipping predicted, removing {coding} coding nt")
    first_c, last_c = exon_c_range(tx, number)
    if first_c == 1:
        reasons.append(f"exon {number} holds the initiation codon: no protein from this transcript")
        return verdict(tc, lof_class, reasons, missing, Strength.VERY_STRONG, "SS1", nmd=True)
    effect = skip_effect(tx, number, sequence) if coding else None
    in_frame = coding % 3 == 0 if effect is None else effect.in_frame
    if in_frame and (effect is None or effect.ptc_codon is None):
        return _in_frame(tx, tc, lof_class, reasons, missing, number, coding, first_c, last_c, pack)
    if effect is not None and effect.ptc_codon is not None:
        reasons.append(
            ("the skip keeps the frame but" if in_frame else "the skip shifts the reading frame:")
            + f" the skipped transcript stops at codon {effect.ptc_codon}"
        )
        nmd = bool(effect.nmd)
    elif effect is not None and _beyond_nmd_boundary(tx, number, effect.junction_codon):
        reasons.append(
            "the skip shifts the reading frame; its new stop is beyond the known sequence, "
            "but the frame changes past the last 50 nt of the skipped transcript's "
            "penultimate exon, so no stop after it can trigger NMD"
        )
        nmd = False
    else:
        # no sequence, or the stop lies in unknown bases before the NMD boundary:
        # the positional rule (an exon before the penultimate -> NMD)
        nmd = number < len(tx.exons) - 1
        reasons.append(
            "the skip shifts the reading frame; the new stop could not be placed "
            "(reference sequence unknown there), so the exon's position decides"
        )
    ptc = effect.ptc_codon if effect is not None else None
    if nmd:
        reasons.append("NMD predicted (50-nt rule on the skipped transcript)")
        return verdict(
            tc, lof_class, reasons, missing, Strength.VERY_STRONG, "SS1", nmd=True, ptc_codon=ptc
        )
    reasons.append("NMD not predicted (50-nt rule on the skipped transcript)")
    region = critical_region(tx, first_c or 1, tx.coding_length, pack)
    if region:
        reasons.append(f"the altered region is critical: {region}")
        return verdict(
            tc, lof_class, reasons, missing, Strength.STRONG, "SS3", nmd=False, ptc_codon=ptc
        )
    fraction = (tx.coding_length - (first_c or 1) + 1) / tx.coding_length
    strength, code = (Strength.STRONG, "SS5") if fraction > 0.1 else (Strength.MODERATE, "SS6")
    reasons.append(f"alters {fraction:.0%} of the coding sequence")
    return verdict(tc, lof_class, reasons, missing, strength, code, nmd=False, ptc_codon=ptc)


def _in_frame(
    tx: Transcript,
    tc: TranscriptConsequence,
    lof_class: str,
    reasons: list[str],
    missing: list[str],
    number: int,
    coding: int,
    first_c: int,
    last_c: int,
    pack: Pack,
) -> LofCall:
    reasons.append("the skip preserves the reading frame")
    isoforms = natural_isoforms(tx, number, pack)
    if isoforms is not None:
        reasons.append(
            f"exon {number} is skipped naturally: the product is an analogue of "
            f"{isoforms}, not a null allele"
        )
        return verdict(tc, lof_class, reasons, missing, Strength.UNMET, "SS9", nmd=False)
    region = critical_region(tx, first_c, last_c, pack) if first_c else None
    if region:
        reasons.append(f"the skipped region is critical: {region}")
        return verdict(tc, lof_class, reasons, missing, Strength.STRONG, "SS10", nmd=False)
    fraction = coding / tx.coding_length
    if fraction > 0.1:
        reasons.append(f"removes {fraction:.0%} of the protein (>10%)")
        return verdict(tc, lof_class, reasons, missing, Strength.STRONG, "SS8", nmd=False)
    reasons.append(f"removes {fraction:.0%} of the protein (<=10%)")
    return verdict(tc, lof_class, reasons, missing, Strength.MODERATE, "SS9", nmd=False)


def skip_effect(tx: Transcript, number: int, sequence: Sequence | None) -> SkipEffect | None:
    """Translate ``tx`` without exon ``number`` from the junction on; None without sequence."""
    seq = sequence(tx.accession) if sequence is not None else None
    if seq is None or tx.cds_start is None or tx.cds_end is None:
        return None
    first_c, last_c = exon_c_range(tx, number)
    start = transcript_offset(tx, tx.cds_start if tx.strand > 0 else tx.cds_end)
    cds = seq[start:]  # CDS and 3' UTR: a shifted frame may read into the UTR
    new = cds[: first_c - 1] + cds[last_c:]
    coding = last_c - first_c + 1
    junction = (first_c - 1) // 3  # 0-based codon index where the skipped transcript differs
    new_codons = (tx.coding_length - coding) // 3
    ptc: int | None = None
    found = False
    for k in range(junction, len(new) // 3):
        residue = translate(new[3 * k : 3 * k + 3])
        if residue == "X" and k == junction:
            continue  # an unknown base in the junction codon: the frame after it is known
        if residue == "X":
            break
        if residue == "*":
            found = True
            if coding % 3 or k + 1 < new_codons:
                ptc = k + 1
            break
    sizes = [s for i, s in enumerate(_cds_sizes_by_exon(tx)) if i + 1 != number and s > 0]
    nmd = None if ptc is None else nmd_by_sizes(sizes, ptc)
    return SkipEffect(coding % 3 == 0, junction + 1, ptc, found, nmd)


def _beyond_nmd_boundary(tx: Transcript, number: int, codon: int) -> bool:
    """Is codon ``codon`` of the skipped transcript past its NMD boundary?"""
    sizes = [s for i, s in enumerate(_cds_sizes_by_exon(tx)) if i + 1 != number and s > 0]
    return not nmd_by_sizes(sizes, codon)


def _cds_sizes_by_exon(tx: Transcript) -> list[int]:
    """Coding nt of every exon in transcript order (0 for UTR-only exons)."""
    assert tx.cds_start is not None and tx.cds_end is not None
    lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
    exons = tx.exons if tx.strand > 0 else tx.exons[::-1]
    return [max(0, min(e.end, hi) - max(e.start, lo) + 1) for e in exons]


def _skipped_exon(
    tx: Transcript, tc: TranscriptConsequence, lof_class: str
) -> tuple[int, int] | None:
    """(exon number, coding nt in it) of the exon whose splice site is hit."""
    if tc.intron is None:
        return None
    number = tc.intron.number if lof_class == "splice_donor_variant" else tc.intron.number + 1
    sizes = _cds_sizes_by_exon(tx)
    return number, sizes[number - 1]


def _natural_alternative_site(
    tx: Transcript, number: int, lof_class: str, span: tuple[int, int] | None, pack: Pack
) -> tuple[str, int] | None:
    """(accession, nt gained) of a pack transcript that splices exon ``number`` at
    another site on the same side, in frame, within reach, sharing the exon's other
    end and the neighbouring exon, whose canonical bases the variant leaves intact."""
    if span is None:
        return None
    exons = tx.exons if tx.strand > 0 else tx.exons[::-1]
    exon = exons[number - 1]
    acceptor = lof_class == "splice_acceptor_variant"
    neighbour = exons[number - 2] if acceptor and number > 1 else None
    if not acceptor:
        neighbour = exons[number] if number < len(exons) else None
    if neighbour is None:
        return None
    for other in pack.locus(tx.build).transcripts:
        if other.accession == tx.accession or not other.is_coding or other.strand != tx.strand:
            continue
        if neighbour not in other.exons:
            continue
        for candidate in other.exons:
            # the same exon, moved on the hit side only
            same_far_end, shift = _moved_side(tx.strand, exon, candidate, acceptor)
            if not same_far_end or shift == 0 or shift % 3 or abs(shift) > ALTERNATIVE_SITE_REACH:
                continue
            site = _canonical_bases(tx.strand, candidate, acceptor)
            if span[0] <= site[1] and site[0] <= span[1]:
                continue  # the variant hits the alternative site too
            return other.accession, shift
    return None


def _moved_side(strand: int, exon: object, candidate: object, acceptor: bool) -> tuple[bool, int]:
    """(far end shared, nt the candidate adds on the hit side) in transcript direction."""
    e_start, e_end = exon.start, exon.end  # type: ignore[attr-defined]
    c_start, c_end = candidate.start, candidate.end  # type: ignore[attr-defined]
    five_prime_side = acceptor  # the acceptor is the exon's 5' end in transcript direction
    if strand > 0:
        if five_prime_side:
            return c_end == e_end, e_start - c_start
        return c_start == e_start, c_end - e_end
    if five_prime_side:
        return c_start == e_start, c_end - e_end
    return c_end == e_end, e_start - c_start


def _canonical_bases(strand: int, exon: object, acceptor: bool) -> tuple[int, int]:
    """Genomic span of the 2 intronic canonical bases beside ``exon``'s hit side."""
    start, end = exon.start, exon.end  # type: ignore[attr-defined]
    five_prime_genomic = acceptor if strand > 0 else not acceptor
    return (start - 2, start - 1) if five_prime_genomic else (end + 1, end + 2)


def intron_bounds(tx: Transcript, number: int) -> tuple[int, int]:
    """Genomic bounds of intron ``number`` (transcript numbering)."""
    seg = next(s for s in transcript_segments(tx) if s.kind == "intron" and s.number == number)
    return seg.start, seg.end


__all__ = ["SkipEffect", "cds_exon_sizes", "skip_effect", "splice"]
