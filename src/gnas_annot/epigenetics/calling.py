"""Per-DMR levels and calls.

Phased data decide first (an unphased mean is pulled by unequal haplotype
coverage): one haplotype methylated and the other unmethylated is normal,
both unmethylated a loss, both methylated a gain, one in between partial.
Without two assessable haplotypes the overall mean is compared with the
user's controls (z-score) when given, else with the pack's reference mean.
A loss or gain that does not reach the full-loss/gain level is partial
(possible mosaicism).  Every threshold is a :class:`MethylationSettings`
field (defaults: other tools' choices, PROVENANCE M4).
"""

from __future__ import annotations

from collections import defaultdict

from gnas_annot.epigenetics.model import (
    ALL,
    DmrCall,
    DmrObservation,
    DmrResult,
    HaplotypeLevel,
    InputKind,
    MethylationSettings,
    Track,
)
from gnas_annot.epigenetics.reference import ControlStats, DmrSpec


def haplotype_levels(obs: DmrObservation, s: MethylationSettings) -> tuple[HaplotypeLevel, ...]:
    """Haplotypes 1 and 2 of the phase set holding most of the DMR's phased calls."""
    by_ps: dict[str | None, list[Track]] = defaultdict(list)
    for t in obs.tracks:
        if t.label in ("1", "2"):
            by_ps[t.phase_set].append(t)
    if not by_ps:
        return ()
    ps = max(by_ps, key=lambda k: sum(n for t in by_ps[k] for *_, n in t.sites))
    return tuple(
        HaplotypeLevel(
            t.label,
            t.phase_set,
            t.mean(s.min_cpg_depth),
            t.cpgs(s.min_cpg_depth),
            t.depth(s.min_cpg_depth),
            t.reads,
        )
        for t in sorted(by_ps[ps], key=lambda t: t.label)
    )


def summarise(
    spec: DmrSpec,
    obs: DmrObservation,
    kind: InputKind,
    s: MethylationSettings,
    control: ControlStats | None = None,
) -> DmrResult:
    overall = obs.track(ALL)
    if kind is InputKind.DMR_TABLE:
        mean, cpgs, depth, reads = obs.percent, 0, 0.0, None
    elif overall is None:
        mean, cpgs, depth, reads = None, 0, 0.0, None
    else:
        mean = overall.mean(s.min_cpg_depth)
        cpgs, depth = overall.cpgs(s.min_cpg_depth), overall.depth(s.min_cpg_depth)
        reads = overall.reads
    haps = haplotype_levels(obs, s)
    if control is not None:
        ref_mean = control.mean
        ref = f"controls {control.source} (mean {control.mean:.1f}, SD {control.sd:.1f}" + (
            f", n={control.n})" if control.n else ")"
        )
    elif kind is InputKind.DMR_TABLE:
        ref_mean, ref = s.assay_reference, f"{s.assay_reference:g} % (one methylated allele)"
    else:
        ref_mean = spec.control_mean
        ref = f"long-read control mean {spec.control_mean:g} % ({spec.sources[0]})"
    z = None
    if control is not None and mean is not None:
        z = (mean - control.mean) / max(control.sd, s.sd_floor)
    call, reason = _call(spec, obs, kind, mean, cpgs, haps, ref_mean, z, overall, s)
    return DmrResult(
        name=spec.name,
        region=spec.region,
        chrom=spec.interval.chrom,
        start=spec.interval.start,
        end=spec.interval.end,
        methylated_allele=spec.methylated_allele,
        cpgs=cpgs,
        depth=depth,
        reads=reads,
        mean=mean,
        reference_mean=ref_mean,
        reference=ref,
        z=z,
        haplotypes=haps,
        call=call,
        reason=reason,
    )


def _call(
    spec: DmrSpec,
    obs: DmrObservation,
    kind: InputKind,
    mean: float | None,
    cpgs: int,
    haps: tuple[HaplotypeLevel, ...],
    ref_mean: float,
    z: float | None,
    overall: Track | None,
    s: MethylationSettings,
) -> tuple[DmrCall, str]:
    phased = [h for h in haps if h.mean is not None and h.cpgs >= s.min_cpgs]
    if len(phased) == 2:
        return _phased_call(phased[0], phased[1], s)
    if kind is InputKind.DMR_TABLE:
        if mean is None:
            return DmrCall.NOT_ASSESSABLE, "the table has no row for this DMR"
    elif mean is None or cpgs < s.min_cpgs:
        return DmrCall.NOT_ASSESSABLE, _why_not(overall, s)
    assert mean is not None
    where = f"mean {mean:.1f} %"
    if haps:
        where += f" (haplotypes not both assessable: {_hap_text(haps, s)})"
    if z is not None:
        where += f", z {z:+.2f}"
        if abs(z) < s.z_threshold:
            return DmrCall.NORMAL, f"{where}: within {s.z_threshold:g} SD of the controls"
        low = z < 0
    else:
        if abs(mean - ref_mean) <= s.normal_band:
            return DmrCall.NORMAL, f"{where}: within {s.normal_band:g} points of {ref_mean:g} %"
        low = mean < ref_mean
    if low:
        if mean < s.loss_below:
            return DmrCall.LOSS, f"{where}: below {s.loss_below:g} %"
        return DmrCall.PARTIAL_LOSS, f"{where}: reduced, not below {s.loss_below:g} % (mosaic?)"
    if mean > s.gain_above:
        return DmrCall.GAIN, f"{where}: above {s.gain_above:g} %"
    return DmrCall.PARTIAL_GAIN, f"{where}: raised, not above {s.gain_above:g} % (mosaic?)"


def _phased_call(
    a: HaplotypeLevel, b: HaplotypeLevel, s: MethylationSettings
) -> tuple[DmrCall, str]:
    assert a.mean is not None and b.mean is not None
    hi, lo = max(a.mean, b.mean), min(a.mean, b.mean)
    text = f"haplotype 1 {a.mean:.1f} %, haplotype 2 {b.mean:.1f} %"
    meth, unmeth = s.methylated_haplotype, s.unmethylated_haplotype
    if hi >= meth and lo <= unmeth:
        return DmrCall.NORMAL, f"{text}: one methylated (>= {meth:g}), one not (<= {unmeth:g})"
    if hi <= unmeth:
        return DmrCall.LOSS, f"{text}: both unmethylated (<= {unmeth:g} %)"
    if lo >= meth:
        return DmrCall.GAIN, f"{text}: both methylated (>= {meth:g} %)"
    if lo <= unmeth:
        return DmrCall.PARTIAL_LOSS, f"{text}: the methylated haplotype is only partly so (mosaic?)"
    if hi >= meth:
        return (
            DmrCall.PARTIAL_GAIN,
            f"{text}: the unmethylated haplotype is partly methylated (mosaic?)",
        )
    mid = (hi + lo) / 2
    call = DmrCall.PARTIAL_LOSS if mid < 50.0 else DmrCall.PARTIAL_GAIN
    return call, f"{text}: both intermediate (mosaic?)"


def _hap_text(haps: tuple[HaplotypeLevel, ...], s: MethylationSettings) -> str:
    return ", ".join(
        f"{h.haplotype}: {h.cpgs} CpGs" + (f" {h.mean:.1f} %" if h.mean is not None else "")
        for h in haps
    )


def _why_not(overall: Track | None, s: MethylationSettings) -> str:
    if overall is None or not overall.sites:
        return "no CpG call in the DMR (not covered, or the input is for another region)"
    covered = overall.cpgs(s.min_cpg_depth)
    return (
        f"only {covered} CpG(s) with >= {s.min_cpg_depth} calls (of {len(overall.sites)} "
        f"seen; need {s.min_cpgs})"
    )
