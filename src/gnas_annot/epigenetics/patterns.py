"""Haplotype -> parent, and the PHP1B patterns (evidence, never a diagnosis).

NESP is methylated on the paternal allele, AS, XL and A/B on the maternal
one (gnas-domain 2.1).  So within one phase set, a haplotype methylated at a
maternal DMR while its partner is not is maternal, and so on.  Two alike
haplotypes at any DMR (both methylated, or both not) mean an imprinting
defect or UPD, and then nothing is assigned; nor when DMRs disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from gnas_annot.epigenetics.model import (
    DmrCall,
    DmrResult,
    HaplotypeParent,
    MethylationSample,
    MethylationSettings,
    Pattern,
    PhaseSetOrigin,
    Track,
)
from gnas_annot.epigenetics.reference import DmrSpec

_LOSS = (DmrCall.LOSS, DmrCall.PARTIAL_LOSS)
_GAIN = (DmrCall.GAIN, DmrCall.PARTIAL_GAIN)
_PARTIAL = (DmrCall.PARTIAL_LOSS, DmrCall.PARTIAL_GAIN)
_OTHER = {
    HaplotypeParent.PATERNAL: HaplotypeParent.MATERNAL,
    HaplotypeParent.MATERNAL: HaplotypeParent.PATERNAL,
}


def _level(track: Track | None, s: MethylationSettings) -> tuple[float, str] | None:
    if track is None or track.cpgs(s.min_cpg_depth) < s.min_cpgs:
        return None
    mean = track.mean(s.min_cpg_depth)
    assert mean is not None
    reads = "" if track.reads is None else f", {track.reads} reads"
    return mean, f"{mean:.1f} % ({track.cpgs(s.min_cpg_depth)} CpGs{reads})"


def haplotype_origins(
    sample: MethylationSample, specs: Sequence[DmrSpec], s: MethylationSettings
) -> tuple[PhaseSetOrigin, ...]:
    """One assignment per phase set that has both haplotypes somewhere; the
    best supported first."""
    tracks: dict[str | None, dict[str, dict[str, Track]]] = defaultdict(lambda: defaultdict(dict))
    for obs in sample.observations:
        for t in obs.tracks:
            if t.label in ("1", "2"):
                tracks[t.phase_set][obs.region][t.label] = t
    out = [_assign(ps, regions, specs, s) for ps, regions in tracks.items()]
    return tuple(sorted(out, key=lambda o: (-len(o.dmrs), o.phase_set or "")))


def _assign(
    ps: str | None,
    regions: dict[str, dict[str, Track]],
    specs: Sequence[DmrSpec],
    s: MethylationSettings,
) -> PhaseSetOrigin:
    votes: dict[str, HaplotypeParent] = {}  # DMR -> parent of haplotype 1
    alike, skipped, margins = [], [], []
    for spec in specs:
        pair = regions.get(spec.region, {})
        one, two = _level(pair.get("1"), s), _level(pair.get("2"), s)
        if one is None or two is None:
            if pair:
                skipped.append(f"{spec.name} (a haplotype has < {s.min_cpgs} CpGs)")
            continue
        text = f"{spec.name}: haplotype 1 {one[1]} vs 2 {two[1]}"
        meth, unmeth = s.methylated_haplotype, s.unmethylated_haplotype
        methylated = HaplotypeParent(spec.methylated_allele)
        if one[0] >= meth and two[0] <= unmeth:
            votes[spec.name] = methylated
        elif two[0] >= meth and one[0] <= unmeth:
            votes[spec.name] = _OTHER[methylated]
        elif (one[0] <= unmeth and two[0] <= unmeth) or (one[0] >= meth and two[0] >= meth):
            alike.append(spec.name)
        else:
            skipped.append(f"{spec.name} (intermediate)")
        margins.append(text)
    unassigned = HaplotypeParent.UNASSIGNED
    margin = "; ".join(margins)
    if alike:
        reason = (
            f"both haplotypes alike at {', '.join(alike)}: an imprinting defect or UPD, "
            "so the haplotypes' parents cannot be read from methylation"
        )
        return PhaseSetOrigin(ps, unassigned, unassigned, (), margin, reason)
    if not votes:
        reason = "no DMR with two assessable, differently methylated haplotypes"
        if skipped:
            reason += f" ({', '.join(skipped)})"
        return PhaseSetOrigin(ps, unassigned, unassigned, (), margin, reason)
    if len(set(votes.values())) > 1:
        said = ", ".join(f"{k} says haplotype 1 is {v}" for k, v in votes.items())
        return PhaseSetOrigin(ps, unassigned, unassigned, (), margin, f"DMRs disagree: {said}")
    first = next(iter(votes.values()))
    reason = f"{len(votes)} DMR(s) agree: haplotype 1 {first}, haplotype 2 {_OTHER[first]}"
    if skipped:
        reason += f"; not used: {', '.join(skipped)}"
    return PhaseSetOrigin(ps, first, _OTHER[first], tuple(votes), margin, reason)


_READINGS = {
    Pattern.NORMAL: "normal methylation at all four GNAS DMRs: no GNAS imprinting defect "
    "in this tissue",
    Pattern.ISOLATED_AB_LOM: "loss of methylation at A/B only: consistent with AD-PHP1B; look "
    "for a maternal STX16 deletion (the recurrent 3-kb deletion of exons 4-6). An intragenic "
    "30-kb GNAS deletion (PHP1A) can mimic it",
    Pattern.BROAD_LOM_NESP_GAIN: "loss of methylation at AS, XL and A/B with a gain at NESP: "
    "a broad imprinting defect (sporadic PHP1B); a maternal NESP55/AS deletion or paternal "
    "UPD20q to exclude",
    Pattern.PATERNAL_UPD_LIKE: "the paternal pattern on both haplotypes (NESP methylated; AS, "
    "XL, A/B not): paternal UPD20q suspected (a complete broad imprinting defect looks the "
    "same by methylation; check 20q homozygosity or parental genotypes)",
    Pattern.MATERNAL_UPD_LIKE: "the maternal pattern on both alleles (AS, XL, A/B methylated; "
    "NESP not): consistent with maternal UPD20 (upd(20)mat)",
    Pattern.PARTIAL: "partial methylation change: possible epigenetic mosaicism",
    Pattern.OTHER: "an abnormal combination that is none of the known PHP1B patterns",
    Pattern.INCOMPLETE: "no abnormality at the assessable DMRs, but not all four could be assessed",
    Pattern.NOT_ASSESSABLE: "no DMR could be assessed",
}


def read_pattern(
    results: Sequence[DmrResult], origins: Sequence[PhaseSetOrigin]
) -> tuple[Pattern, str]:
    """The PHP1B pattern the four calls form, and its reading."""
    calls = {r.region: r.call for r in results}
    named = {r.region: r.name for r in results}
    na = [named[k] for k, c in calls.items() if c is DmrCall.NOT_ASSESSABLE]
    maternal = [calls.get(k) for k in ("AS-DMR", "XL-DMR", "AB-DMR")]
    nesp = calls.get("NESP-DMR")
    partial = [named[k] for k, c in calls.items() if c in _PARTIAL]
    if len(na) == len(calls):
        pattern = Pattern.NOT_ASSESSABLE
    elif all(c is DmrCall.NORMAL for c in calls.values()):
        pattern = Pattern.NORMAL
    elif all(c in (DmrCall.NORMAL, DmrCall.NOT_ASSESSABLE) for c in calls.values()):
        pattern = Pattern.INCOMPLETE
    elif all(c is DmrCall.LOSS for c in maternal) and nesp is DmrCall.GAIN:
        phased = all(len(r.haplotypes) == 2 for r in results)
        pattern = Pattern.PATERNAL_UPD_LIKE if phased else Pattern.BROAD_LOM_NESP_GAIN
    elif all(c is DmrCall.GAIN for c in maternal) and nesp is DmrCall.LOSS:
        pattern = Pattern.MATERNAL_UPD_LIKE
    elif calls.get("AB-DMR") in _LOSS and all(
        calls.get(k) is DmrCall.NORMAL for k in ("AS-DMR", "XL-DMR", "NESP-DMR")
    ):
        pattern = Pattern.ISOLATED_AB_LOM
    elif all(c in _LOSS for c in maternal) and nesp in (*_GAIN, DmrCall.NORMAL):
        pattern = Pattern.BROAD_LOM_NESP_GAIN
    elif partial and all(c in (*_PARTIAL, DmrCall.NORMAL) for c in calls.values()):
        pattern = Pattern.PARTIAL
    else:
        pattern = Pattern.OTHER
    reading = _READINGS[pattern]
    if pattern is Pattern.BROAD_LOM_NESP_GAIN and nesp is DmrCall.NORMAL:
        reading += " (here NESP is not raised)"
    if partial and pattern not in (Pattern.PARTIAL, Pattern.NORMAL):
        reading += f"; partial at {', '.join(partial)}: possible epigenetic mosaicism"
    if na and pattern is not Pattern.NOT_ASSESSABLE:
        reading += f"; not assessable: {', '.join(na)}"
    if pattern is Pattern.OTHER:
        reading += ": " + ", ".join(f"{named[k]} {c}" for k, c in calls.items())
    if origins and origins[0].dmrs:
        reading += f"; haplotype 1 is {origins[0].haplotype_1}, 2 is {origins[0].haplotype_2}"
    return pattern, reading + " (evidence, not a diagnosis)"
