"""Per-target copy-number calls from read depth.

Two normalisations, as exome/genome CNV callers do:

* within the sample: each target's depth is divided by the sample's median
  depth over the flank windows (regions no locus deletion reaches).  When fewer
  than ``min_flanks`` flanks are covered (capture data), the median over the
  locus targets is used instead and the result says so: a deletion covering
  most of the locus then biases every ratio.
* across samples: with controls, the ratio is the sample's normalised depth
  over the controls' mean at the same target (this removes capture and GC
  bias), and the z-score is (ratio - 1) over the controls' own spread of
  ratios (floored at ``min_sd``).  Without controls the ratio is the
  normalised depth itself (uniform coverage assumed) and there is no z-score.

Calls: ``deletion`` when ratio <= ``del_ratio`` (and z <= -``min_z`` with
controls), ``duplication`` when ratio >= ``dup_ratio`` (and z >= ``min_z``),
``normal`` in between; ``not_assessable`` when the expected depth is below
``min_depth``, when controls disagree with each other (CV > ``max_cv``), or
when the ratio and the z-score disagree.  One copy lost gives 0.5, one gained
1.5: the default thresholds sit half-way (0.75 / 1.25), the usual choice of
read-depth callers; none is a clinical cut-off.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from gnas_annot.model.limits import COUNT, NON_NEGATIVE, Limit, check
from gnas_annot.structure.depth import SampleDepth
from gnas_annot.structure.targets import Target, TargetKind


class CnCall(StrEnum):
    DELETION = "deletion"
    DUPLICATION = "duplication"
    NORMAL = "normal"
    NOT_ASSESSABLE = "not_assessable"


@dataclass(frozen=True, slots=True)
class CnvSettings:
    del_ratio: float = 0.75
    dup_ratio: float = 1.25
    min_z: float = 3.0
    min_depth: float = 10.0  # expected mean depth (controls' or the sample's normaliser)
    max_cv: float = 0.35  # controls' coefficient of variation of the ratio
    min_sd: float = 0.05
    min_flanks: int = 5
    min_mapq: int = 20

    #: what each field accepts (the cnv command's options read these too)
    LIMITS: ClassVar[Mapping[str, Limit]] = {
        **dict.fromkeys(("del_ratio", "dup_ratio", "min_z", "min_depth", "max_cv", "min_sd"),
                        NON_NEGATIVE),
        "min_flanks": COUNT,
        "min_mapq": COUNT,
    }  # fmt: skip

    def __post_init__(self) -> None:
        check(self, self.LIMITS)


@dataclass(frozen=True, slots=True)
class TargetCall:
    target: Target
    depth: float
    ratio: float | None
    z: float | None
    call: CnCall
    copies: int | None  # estimated copy number (2 = normal)
    note: str = ""


@dataclass(frozen=True, slots=True)
class DepthProfile:
    """Every target call of one sample, with how it was normalised."""

    sample: str
    normaliser: str  # 'flanks' | 'locus'
    scale: float  # the sample's median depth used to normalise
    controls: int
    calls: tuple[TargetCall, ...]
    notes: tuple[str, ...] = ()


def _scale(
    sample: SampleDepth, targets: Sequence[Target], kind: str, settings: CnvSettings
) -> float:
    chosen = [
        sample.depths[t.name] for t in targets if (t.kind == TargetKind.FLANK) == (kind == "flanks")
    ]
    covered = [d for d in chosen if d > 0]
    return statistics.median(covered) if covered else 0.0


def _normaliser(sample: SampleDepth, targets: Sequence[Target], settings: CnvSettings) -> str:
    flanks = [sample.depths[t.name] for t in targets if t.kind == TargetKind.FLANK]
    covered = sum(1 for d in flanks if d >= settings.min_depth)
    return "flanks" if covered >= settings.min_flanks else "locus"


def call_targets(
    sample: SampleDepth,
    targets: Sequence[Target],
    controls: Sequence[SampleDepth] = (),
    settings: CnvSettings | None = None,
) -> DepthProfile:
    """Ratio, z-score and call for every non-flank target of ``sample``."""
    settings = settings or CnvSettings()
    kind = _normaliser(sample, targets, settings)
    scale = _scale(sample, targets, kind, settings)
    notes = []
    if kind == "locus":
        notes.append(
            "too few flank windows covered: normalised over the locus targets, so a deletion "
            "spanning most of the locus shifts every ratio"
        )
    control_scales = [_scale(c, targets, kind, settings) for c in controls]
    usable = [(c, s) for c, s in zip(controls, control_scales, strict=True) if s > 0]
    if len(usable) < len(controls):
        notes.append(f"{len(controls) - len(usable)} control(s) without coverage ignored")
    if controls and len(usable) < 3:
        notes.append("fewer than 3 usable controls: ratios without z-scores")
    calls = tuple(
        _call(
            t,
            sample.depths[t.name],
            None if sample.reads is None else sample.reads[t.name],
            scale,
            usable,
            settings,
        )
        for t in targets
        if t.kind != TargetKind.FLANK
    )
    return DepthProfile(sample.sample, kind, scale, len(usable), calls, tuple(notes))


def _call(
    target: Target,
    depth: float,
    reads: int | None,
    scale: float,
    controls: Sequence[tuple[SampleDepth, float]],
    settings: CnvSettings,
) -> TargetCall:
    if scale <= 0:
        return TargetCall(target, depth, None, None, CnCall.NOT_ASSESSABLE, None, "no coverage")
    normalised = depth / scale
    z = None
    if controls:
        values = [c.depths[target.name] / s for c, s in controls]
        mean = statistics.fmean(values)
        expected = statistics.fmean(c.depths[target.name] for c, _ in controls)
        if mean <= 0 or expected < settings.min_depth:
            return _unassessable(target, depth, f"controls' depth {expected:.1f} is too low")
        ratio = normalised / mean
        if len(values) >= 3:
            sd = statistics.stdev(v / mean for v in values)
            if sd > settings.max_cv:
                return _unassessable(target, depth, f"controls vary too much (CV {sd:.2f})", ratio)
            if reads and ratio > 0:
                # the sample's own counting noise adds to the controls' spread
                sd = math.sqrt(sd * sd + ratio / reads)
            z = (ratio - 1.0) / max(sd, settings.min_sd)
    else:
        if scale < settings.min_depth:
            return _unassessable(target, depth, f"sample depth {scale:.1f} is too low")
        ratio = normalised
        if reads is not None and ratio > 0:
            # no controls: counting noise only (reads expected at ratio 1 are Poisson)
            expected = reads / ratio
            z = (reads - expected) / math.sqrt(expected)
    if ratio <= settings.del_ratio:
        call = CnCall.DELETION
    elif ratio >= settings.dup_ratio:
        call = CnCall.DUPLICATION
    else:
        return TargetCall(target, depth, ratio, z, CnCall.NORMAL, 2)
    if z is not None and abs(z) < settings.min_z:
        return _unassessable(
            target, depth, f"ratio {ratio:.2f} but |z| {abs(z):.1f} < {settings.min_z}", ratio, z
        )
    return TargetCall(target, depth, ratio, z, call, max(0, round(2 * ratio)))


def _unassessable(
    target: Target, depth: float, why: str, ratio: float | None = None, z: float | None = None
) -> TargetCall:
    return TargetCall(target, depth, ratio, z, CnCall.NOT_ASSESSABLE, None, why)
