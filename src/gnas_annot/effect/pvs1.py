"""The ClinGen SVI PVS1 decision tree (Abou Tayoun et al. 2018) with the
criterion codes AutoPVS1 uses (NF1-NF6, SS1-SS10, IC0-IC4, DEL1-DEL11, DUP3/DUP5).

Each branch returns a :class:`LofCall` with its strength and the reasons
that led there.  This module holds the shared questions (NMD, critical
regions), nonsense/frameshift and structural variants; canonical splice
sites are in :mod:`~gnas_annot.effect.splicing`, the initiation codon in
:mod:`~gnas_annot.effect.initiation`.  Data AutoPVS1 consults but we do not have offline (gnomAD
LoF frequencies, ClinVar counts, MaxEntScan) take AutoPVS1's default branch
and are named in ``missing_data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from gnas_annot.effect.consequence import TranscriptConsequence
from gnas_annot.model.locus import Transcript, transcript_segments
from gnas_annot.pack.store import Pack, load_pack

if TYPE_CHECKING:  # ClinVar is read only with --clinvar (start-up)
    from gnas_annot.known.clinvar import ClinVarIndex


def natural_isoforms(tx: Transcript, exon: int, pack: Pack | None = None) -> str | None:
    """'the Gs-alpha short isoforms (NM_001077489.4/NM_080426.4)' when coding exon
    ``exon`` of ``tx`` is skipped by natural isoforms of ``pack`` (default: the
    current pack), else None.

    Every truncating allele asks this of its exon: the answer is kept per pack,
    transcript (objects, both immutable and held, so their ids stay theirs) and exon."""
    if pack is None:
        pack = load_pack()
    key = (id(pack), id(tx), exon)
    kept = _ISOFORMS.get(key)
    if kept is not None and kept[0] is pack and kept[1] is tx:
        return kept[2]
    skips = pack.natural_skips(tx, exon)
    found = None
    if skips:
        families = "/".join(dict.fromkeys(t.family for t in skips))
        found = f"the {families} isoforms ({'/'.join(t.accession for t in skips)})"
    if len(_ISOFORMS) >= _KEPT:
        _ISOFORMS.clear()
    _ISOFORMS[key] = (pack, tx, found)
    return found


#: how many answers each memo of this module keeps (a pack has a few dozen transcripts)
_KEPT = 4096
_ISOFORMS: dict[tuple[int, int, int], tuple[Pack, Transcript, str | None]] = {}
_SIZES: dict[int, tuple[Transcript, tuple[int, ...]]] = {}


class Strength(StrEnum):
    VERY_STRONG = "VeryStrong"
    STRONG = "Strong"
    MODERATE = "Moderate"
    SUPPORTING = "Supporting"
    UNMET = "Unmet"
    NOT_APPLICABLE = "NotApplicable"


@dataclass(frozen=True, slots=True)
class LofCall:
    """The loss-of-function evidence for one allele on one transcript."""

    transcript: str
    lof_class: str | None  # the consequence that entered the tree, or None
    pvs1_strength: Strength
    pvs1_criterion: str  # NF1..NF6, SS1..SS10, IC0..IC4, DEL1..DEL11, DUP3/DUP5, NA
    pvs1_reasons: tuple[str, ...]
    loftee: str | None = None  # HC | LC | None (not a LOFTEE consequence)
    loftee_filters: tuple[str, ...] = ()
    loftee_flags: tuple[str, ...] = ()
    nmd: bool | None = None  # None: not applicable or not determinable
    ptc_codon: int | None = None
    missing_data: tuple[str, ...] = field(default=())

    @property
    def is_lof(self) -> bool:
        """PVS1 at any strength above Unmet."""
        return self.pvs1_strength not in (Strength.UNMET, Strength.NOT_APPLICABLE)


# -- shared questions of the PVS1 tree ---------------------------------------------


def cds_exon_sizes(tx: Transcript) -> list[int]:
    """Coding bases per exon, 5' to 3', exons without CDS left out (AutoPVS1's cds_sizes);
    kept per transcript object (immutable and held), as for :func:`natural_isoforms`."""
    kept = _SIZES.get(id(tx))
    if kept is None or kept[0] is not tx:
        if len(_SIZES) >= _KEPT:
            _SIZES.clear()
        kept = _SIZES[id(tx)] = (tx, tuple(_cds_exon_sizes(tx)))
    return list(kept[1])


def _cds_exon_sizes(tx: Transcript) -> list[int]:
    assert tx.cds_start is not None and tx.cds_end is not None
    lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
    exons = tx.exons if tx.strand > 0 else tx.exons[::-1]
    sizes = [max(0, min(e.end, hi) - max(e.start, lo) + 1) for e in exons]
    return [s for s in sizes if s > 0]


def nmd_predicted(tx: Transcript, ptc_codon: int) -> bool:
    """The 50-nt rule at the premature stop: NMD unless the stop lies in the last
    coding exon or the last 50 nt of the penultimate one."""
    return nmd_by_sizes(cds_exon_sizes(tx), ptc_codon)


def nmd_by_sizes(sizes: list[int], ptc_codon: int) -> bool:
    """The 50-nt rule for a transcript whose exons hold ``sizes`` coding nt (5' to 3')."""
    if len(sizes) <= 1:
        return False
    cutoff = sum(sizes[:-1]) - min(50, sizes[-2])
    return ptc_codon * 3 <= cutoff


def critical_region(
    tx: Transcript, first_c: int, last_c: int, pack: Pack | None = None
) -> str | None:
    """The critical region of ``pack`` (default: the current pack) overlapping
    c.first_c..c.last_c of ``tx``, if any.

    Regions are curated on NM_000516.7; transcripts sharing the exon carry them
    over by the offset of their shared exons (their c. numbers differ).
    """
    if pack is None:
        pack = load_pack()
    shift = _offset_to_gs_alpha(tx, pack)
    if shift is None:
        return None
    for r in pack.critical_regions:
        if (
            r.transcript == pack.reference_accession
            and first_c + shift <= r.c_end
            and r.c_start <= last_c + shift
        ):
            return f"{r.name}: {r.evidence} ({r.sources})"
    return None


def _offset_to_gs_alpha(tx: Transcript, pack: Pack) -> int | None:
    """c.(NM_000516) - c.(tx) in the shared last exons (same stop codon)."""
    gs = pack.locus(tx.build).reference_transcript
    if tx.cds_end != gs.cds_end:
        return None
    return gs.coding_length - tx.coding_length


def verdict(
    tc: TranscriptConsequence,
    lof_class: str,
    reasons: list[str],
    missing: list[str],
    strength: Strength,
    criterion: str,
    nmd: bool | None = None,
    ptc_codon: int | None = None,
) -> LofCall:
    """A branch's verdict, with the reasons and missing data collected so far."""
    return LofCall(
        tc.transcript,
        lof_class,
        strength,
        criterion,
        tuple(reasons),
        nmd=nmd,
        ptc_codon=ptc_codon,
        missing_data=tuple(missing),
    )


def population_note() -> str:
    return (
        "LoF frequency in the population not checked (no gnomAD data offline): "
        "taken as not frequent"
    )


# -- nonsense / frameshift -----------------------------------------------------------


def _ptc_codon(tc: TranscriptConsequence) -> tuple[int | None, str | None]:
    change = tc.hgvs.protein_change if tc.hgvs else None
    if change is not None and change.premature_stop is not None:
        return change.premature_stop, None
    if change is None or change.kind != "frameshift":
        return None, "no protein prediction (reference sequence unavailable?)"
    if change.new_stop is None:
        why = (
            "the new stop is beyond the known sequence"
            if not change.complete
            else "no new stop before the transcript end"
        )
        return None, why
    return change.start + change.new_stop - 1, None


def _first_codon(tc: TranscriptConsequence) -> int | None:
    """The first codon the change alters: from the protein change, else from the CDS position."""
    change = tc.hgvs.protein_change if tc.hgvs else None
    if change is not None and change.start:
        return change.start
    if tc.cds_position:
        return (int(tc.cds_position.split("-")[0]) - 1) // 3 + 1
    return None


def _exon3_caveat(tx: Transcript, tc: TranscriptConsequence, pack: Pack) -> str | None:
    isoforms = natural_isoforms(tx, tc.exon.number, pack) if tc.exon is not None else None
    if tc.exon is None or isoforms is None:
        return None
    return (
        f"caveat: exon {tc.exon.number} is skipped by {isoforms}, functional products "
        "which this change leaves intact; the SVI branch "
        "taken is 'exon present in the biologically relevant (MANE) transcript', "
        "see docs/lof.md"
    )


def truncating(
    tx: Transcript,
    tc: TranscriptConsequence,
    lof_class: str,
    clinvar: ClinVarIndex | None = None,
    pack: Pack | None = None,
) -> LofCall:
    """Nonsense and frameshift (NF1-NF6), with ``pack``'s facts (default: the current pack)."""
    if pack is None:
        pack = load_pack()
    reasons: list[str] = []
    missing = [population_note()]
    ptc, why = _ptc_codon(tc)
    codons = tx.coding_length // 3
    first = _first_codon(tc)
    caveat = _exon3_caveat(tx, tc, pack)
    if first is not None and first >= codons:
        reasons.append(
            "the reading frame changes only at the stop codon: an extension or an "
            "unchanged stop, not a truncation (PVS1 does not apply; see PM4)"
        )
        # no premature stop, so none to trigger NMD: LOFTEE's 50-bp rule fails (END_TRUNC)
        return verdict(tc, lof_class, reasons, missing, Strength.NOT_APPLICABLE, "NA", nmd=False)
    if ptc is None:
        if first is None or nmd_predicted(tx, first):
            reasons.append(f"premature stop position unknown ({why}): NMD not evaluated")
            return verdict(tc, lof_class, reasons, missing, Strength.MODERATE, "NF6")
        # the stop lies after the first changed codon, which is already past the
        # NMD boundary: no stop it can reach triggers NMD (exon 13 frameshifts)
        reasons.append(
            f"premature stop position unknown ({why}), but the change starts at codon "
            f"{first}, in the last exon or the last 50 nt of the penultimate exon: NMD "
            "not predicted wherever the new stop lies"
        )
        region = critical_region(tx, (first - 1) * 3 + 1, tx.coding_length, pack)
        if region:
            reasons.append(f"the truncated region is critical to protein function: {region}")
            return verdict(tc, lof_class, reasons, missing, Strength.STRONG, "NF3", nmd=False)
        reasons.append("how much of the protein is lost is unknown without the new stop")
        return verdict(tc, lof_class, reasons, missing, Strength.MODERATE, "NF6", nmd=False)
    nmd = nmd_predicted(tx, ptc)
    if nmd:
        reasons.append(
            f"premature stop at codon {ptc} is >50 nt upstream of the last exon-exon "
            "junction: NMD predicted; the exon is in the MANE transcript"
        )
        if caveat:
            reasons.append(caveat)
        return verdict(
            tc, lof_class, reasons, missing, Strength.VERY_STRONG, "NF1", nmd=True, ptc_codon=ptc
        )
    reasons.append(
        f"premature stop at codon {ptc} is in the last exon or the last 50 nt of the "
        "penultimate exon: NMD not predicted"
    )
    first_c = (first - 1) * 3 + 1 if first is not None else ptc * 3
    region = critical_region(tx, first_c, tx.coding_length, pack)
    if region is None and clinvar is not None:
        # only with --clinvar: a run without it never imports the ClinVar modules
        from gnas_annot.effect.clinvar_regions import downstream_critical

        region = downstream_critical(clinvar, tx, ptc)
    if region:
        reasons.append(f"the truncated region is critical to protein function: {region}")
        return verdict(
            tc, lof_class, reasons, missing, Strength.STRONG, "NF3", nmd=False, ptc_codon=ptc
        )
    removed = (codons - ptc) / codons
    if removed > 0.1:
        reasons.append(f"removes {removed:.0%} of the protein (>10%)")
        return verdict(
            tc, lof_class, reasons, missing, Strength.STRONG, "NF5", nmd=False, ptc_codon=ptc
        )
    reasons.append(f"removes {removed:.0%} of the protein (<=10%)")
    return verdict(
        tc, lof_class, reasons, missing, Strength.MODERATE, "NF6", nmd=False, ptc_codon=ptc
    )


def exon_c_range(tx: Transcript, number: int) -> tuple[int, int]:
    """c. bounds of the coding part of exon ``number``; (0, 0) for a non-coding exon."""
    assert tx.cds_start is not None and tx.cds_end is not None
    lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
    c = 0
    for seg in sorted(
        (s for s in transcript_segments(tx) if s.kind == "exon"), key=lambda s: s.number
    ):
        coding = max(0, min(seg.end, hi) - max(seg.start, lo) + 1)
        if seg.number == number:
            return (c + 1, c + coding) if coding else (0, 0)
        c += coding
    return 0, 0


# -- structural ------------------------------------------------------------------------


def structural(tx: Transcript, tc: TranscriptConsequence, lof_class: str) -> LofCall:
    if lof_class == "transcript_ablation":
        return LofCall(
            tc.transcript,
            lof_class,
            Strength.VERY_STRONG,
            "DEL1",
            ("the deletion removes every exon of the transcript",),
        )
    if lof_class in ("transcript_amplification", "feature_elongation"):
        return LofCall(
            tc.transcript,
            lof_class,
            Strength.UNMET,
            "DUP5",
            (
                "duplication: tandem position and reading frame unknown from the VCF; "
                "SVI applies PVS1 only to a (presumed) tandem duplication that disrupts the frame",
            ),
        )
    exons = tc.exon
    reasons = [
        f"the deletion removes exon(s) {exons.render()}"
        if exons
        else "the deletion removes no exon"
    ]
    if not exons:
        return LofCall(tc.transcript, lof_class, Strength.UNMET, "DEL11", tuple(reasons))
    numbers = exons.numbers
    coding = sum(
        exon_c_range(tx, n)[1] - exon_c_range(tx, n)[0] + 1
        for n in numbers
        if exon_c_range(tx, n)[0]
    )
    if not coding:
        reasons.append("only non-coding (UTR) exons are removed")
        return LofCall(tc.transcript, lof_class, Strength.UNMET, "DEL11", tuple(reasons))
    if 1 in numbers:
        reasons.append("exon 1 with the initiation codon is deleted: no protein expected")
        return LofCall(tc.transcript, lof_class, Strength.VERY_STRONG, "DEL2", tuple(reasons))
    if coding % 3:
        last_no = max(numbers)
        nmd = last_no < len(tx.exons) - 1
        reasons.append("frame disrupted; " + ("NMD predicted" if nmd else "NMD not predicted"))
        if nmd:
            return LofCall(
                tc.transcript, lof_class, Strength.VERY_STRONG, "DEL2", tuple(reasons), nmd=True
            )
        return LofCall(tc.transcript, lof_class, Strength.STRONG, "DEL4", tuple(reasons), nmd=False)
    fraction = coding / tx.coding_length
    reasons.append(f"frame preserved; removes {fraction:.0%} of the coding sequence")
    if fraction > 0.1:
        return LofCall(
            tc.transcript, lof_class, Strength.STRONG, "DEL10", tuple(reasons), nmd=False
        )
    return LofCall(tc.transcript, lof_class, Strength.MODERATE, "DEL11", tuple(reasons), nmd=False)
