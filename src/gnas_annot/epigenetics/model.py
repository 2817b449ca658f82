"""Value objects of the methylation layer: settings, per-CpG counts, per-DMR
results, the haplotype-to-parent assignment and the pattern reading.

Counts are kept per CpG and per *track*: all reads together, or the reads of
one haplotype (``HP`` 1 or 2) inside one phase set (``PS``).  Haplotype
numbers mean nothing across phase sets, so a track always carries its phase
set (None when the input does not say, as with ``--hap1/--hap2`` bedMethyl).

>>> t = Track.build("1", "PS:7", {100: (9, 10), 120: (1, 10)}, reads=10)
>>> t.cpgs(min_depth=5), round(t.mean(min_depth=5) or 0, 1)
(2, 50.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

ALL = "all"  # the label of the track with every read, phased or not


class DmrCall(StrEnum):
    NORMAL = "normal"
    LOSS = "loss"
    GAIN = "gain"
    PARTIAL_LOSS = "partial_loss"  # between normal and loss: possible mosaicism
    PARTIAL_GAIN = "partial_gain"
    NOT_ASSESSABLE = "not_assessable"


class HaplotypeParent(StrEnum):
    PATERNAL = "paternal"
    MATERNAL = "maternal"
    UNASSIGNED = "unassigned"


class Pattern(StrEnum):
    NORMAL = "normal"
    ISOLATED_AB_LOM = "isolated_ab_lom"
    BROAD_LOM_NESP_GAIN = "broad_lom_nesp_gain"
    PATERNAL_UPD_LIKE = "paternal_upd_like"
    MATERNAL_UPD_LIKE = "maternal_upd_like"
    PARTIAL = "partial"
    OTHER = "other"
    INCOMPLETE = "incomplete"  # some DMRs not assessable, the rest normal
    NOT_ASSESSABLE = "not_assessable"


class InputKind(StrEnum):
    MODBAM = "modbam"
    BEDMETHYL = "bedmethyl"
    BISMARK = "bismark"
    DMR_TABLE = "dmr_table"


@dataclass(frozen=True, slots=True)
class MethylationSettings:
    """Defaults are choices of other tools (PROVENANCE M4), not clinical cut-offs."""

    min_cpg_depth: int = 3  # calls a CpG needs to count (per track)
    min_cpgs: int = 5  # counted CpGs a DMR (or one haplotype of it) needs
    min_mapq: int = 10
    mod_threshold: float = 0.66  # modbam2bed's defaults: p >= 0.66 modified,
    canonical_threshold: float = 0.33  # p <= 0.33 canonical, in between filtered
    combine_5hmc: bool = True  # 5mC + 5hmC, as bisulfite and MS-MLPA measure them
    loss_below: float = 30.0  # NanoImprint: a window mean < 30 % is a loss
    gain_above: float = 75.0  # ... and > 75 % a gain
    normal_band: float = 10.0  # Coolen et al. 2011: > 10 points from the reference
    methylated_haplotype: float = 65.0  # MethReport: one haplotype >= 65 %
    unmethylated_haplotype: float = 35.0  # ... and the other <= 35 % is normal
    z_threshold: float = 2.0  # MethReport: |z| >= 2 against controls
    sd_floor: float = 2.0  # ... with an SD floor of 2 points
    assay_reference: float = 50.0  # centre for per-DMR (MS-MLPA) tables without controls


@dataclass(frozen=True, slots=True)
class Track:
    """Calls per CpG for one set of reads.  ``sites``: (position of the CpG's
    C on the + strand, 1-based; methylated calls; all calls), sorted."""

    label: str  # ALL, "1" or "2"
    phase_set: str | None
    sites: tuple[tuple[int, int, int], ...]
    reads: int | None = None  # None when the input holds no read counts (bedMethyl)

    @classmethod
    def build(
        cls,
        label: str,
        phase_set: str | None,
        counts: Mapping[int, tuple[int, int]],
        reads: int | None = None,
    ) -> Track:
        sites = tuple((p, m, n) for p, (m, n) in sorted(counts.items()) if n > 0)
        return cls(label, phase_set, sites, reads)

    def covered(self, min_depth: int) -> list[tuple[int, int, int]]:
        return [s for s in self.sites if s[2] >= min_depth]

    def cpgs(self, min_depth: int) -> int:
        return len(self.covered(min_depth))

    def mean(self, min_depth: int) -> float | None:
        """Mean of the per-CpG percentages (each CpG weighs the same, as
        NanoImprint's window means do)."""
        sites = self.covered(min_depth)
        if not sites:
            return None
        return 100.0 * sum(m / n for _, m, n in sites) / len(sites)

    def depth(self, min_depth: int) -> float:
        sites = self.covered(min_depth)
        return sum(n for *_, n in sites) / len(sites) if sites else 0.0


@dataclass(frozen=True, slots=True)
class DmrObservation:
    """What one input says about one DMR: tracks of CpG calls, or (per-DMR
    tables) a single percentage."""

    region: str
    tracks: tuple[Track, ...] = ()
    percent: float | None = None  # per-DMR tables (MS-MLPA, pyrosequencing)
    rows: int = 0  # table rows behind ``percent``

    def track(self, label: str, phase_set: str | None = None) -> Track | None:
        for t in self.tracks:
            if t.label == label and (label == ALL or t.phase_set == phase_set):
                return t
        return None


@dataclass(frozen=True, slots=True)
class MethylationSample:
    """One sample's methylation input, read and cut to the four DMRs."""

    sources: tuple[str, ...]
    kind: InputKind
    build: str
    observations: tuple[DmrObservation, ...]
    notes: tuple[str, ...] = ()

    def observation(self, region: str) -> DmrObservation:
        for o in self.observations:
            if o.region == region:
                return o
        return DmrObservation(region)


@dataclass(frozen=True, slots=True)
class HaplotypeLevel:
    haplotype: str
    phase_set: str | None
    mean: float | None
    cpgs: int
    depth: float
    reads: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": _r(self.mean),
            "cpgs": self.cpgs,
            "depth": round(self.depth, 1),
            "reads": self.reads,
            "phase_set": self.phase_set,
        }


@dataclass(frozen=True, slots=True)
class DmrResult:
    """One DMR of one sample: levels, the call and why."""

    name: str  # NESP:TSS, AS1:TSS, XL:Ex1, A/B:TSS
    region: str  # the pack region (NESP-DMR ...)
    chrom: str
    start: int  # 1-based, inclusive
    end: int
    methylated_allele: str
    cpgs: int
    depth: float
    reads: int | None
    mean: float | None
    reference_mean: float
    reference: str  # what the call was measured against
    z: float | None
    haplotypes: tuple[HaplotypeLevel, ...]
    call: DmrCall
    reason: str

    def haplotype(self, label: str) -> HaplotypeLevel | None:
        return next((h for h in self.haplotypes if h.haplotype == label), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "region": self.region,
            "chrom": self.chrom,
            "start": self.start,
            "end": self.end,
            "methylated_allele": self.methylated_allele,
            "cpgs": self.cpgs,
            "depth": round(self.depth, 1),
            "reads": self.reads,
            "mean": _r(self.mean),
            "reference_mean": self.reference_mean,
            "reference": self.reference,
            "z": _r(self.z, 2),
            "haplotypes": {h.haplotype: h.to_dict() for h in self.haplotypes},
            "call": self.call.value,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class PhaseSetOrigin:
    """Which parent each haplotype of one phase set came from, and the margin."""

    phase_set: str | None
    haplotype_1: HaplotypeParent
    haplotype_2: HaplotypeParent
    dmrs: tuple[str, ...]  # the DMRs that voted
    margin: str  # means, CpGs and reads behind the assignment
    reason: str

    def parent_of(self, haplotype: int) -> HaplotypeParent:
        return self.haplotype_1 if haplotype == 1 else self.haplotype_2

    def to_dict(self) -> dict[str, Any]:
        return {
            "phase_set": self.phase_set,
            "origin": {"1": self.haplotype_1.value, "2": self.haplotype_2.value},
            "dmrs": list(self.dmrs),
            "margin": self.margin,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class MethylationResult:
    """Per-DMR rows, the haplotype assignment and the pattern reading of one sample."""

    sample: str | None
    build: str
    kind: InputKind
    sources: tuple[str, ...]
    dmrs: tuple[DmrResult, ...]
    pattern: Pattern
    reading: str
    phase_sets: tuple[PhaseSetOrigin, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def haplotype_origin(self) -> dict[str, str]:
        """``{"1": ..., "2": ...}`` of the deciding phase set (the first listed)."""
        if not self.phase_sets:
            return {"1": HaplotypeParent.UNASSIGNED.value, "2": HaplotypeParent.UNASSIGNED.value}
        first = self.phase_sets[0]
        return {"1": first.haplotype_1.value, "2": first.haplotype_2.value}

    def dmr(self, name: str) -> DmrResult:
        for d in self.dmrs:
            if name in (d.name, d.region):
                return d
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sample": self.sample,
            "build": self.build,
            "input_kind": self.kind.value,
            "inputs": list(self.sources),
            "dmrs": [d.to_dict() for d in self.dmrs],
            "pattern": self.pattern.value,
            "reading": self.reading,
            "haplotype_origin": self.haplotype_origin,
            "phase_sets": [p.to_dict() for p in self.phase_sets],
            "notes": list(self.notes),
        }


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
