"""Runs of homozygosity on chromosome 20 of one sample: weak evidence of
isodisomy when the parents are not sequenced.

Only sites where the sample carries a non-reference allele are used (a VCF
rarely lists hom-ref sites of a single genome).  A run is a stretch of
homozygous-ALT sites; a single heterozygous site between two runs of at least
``bridge_sites`` sites each is taken as a genotyping error and bridged.  Runs
of ``min_length`` bp and ``min_sites`` sites are reported.  Long runs also come
from shared ancestry (consanguinity, population bottlenecks), so a run means
"isodisomy possible", never UPD by itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from gnas_annot.model.limits import COUNT, Limit, check
from gnas_annot.structure.genotypes import Genotype


@dataclass(frozen=True, slots=True)
class RohSettings:
    min_length: int = 5_000_000
    min_sites: int = 50
    bridge_sites: int = 20

    #: what each field accepts (the upd command's --min-roh reads these too)
    LIMITS: ClassVar[Mapping[str, Limit]] = dict.fromkeys(
        ("min_length", "min_sites", "bridge_sites"), COUNT
    )

    def __post_init__(self) -> None:
        check(self, self.LIMITS)


@dataclass(frozen=True, slots=True)
class HomozygousRun:
    chrom: str
    start: int
    end: int
    sites: int
    bridged_het_sites: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def runs_of_homozygosity(
    genotypes: Iterable[tuple[int, Genotype]], settings: RohSettings | None = None
) -> list[HomozygousRun]:
    """Runs among ``(pos, genotype)`` pairs of one sample, in position order."""
    settings = settings or RohSettings()
    raw: list[list[int]] = []  # [start, end, sites, bridged het sites]
    hets_before: list[int] = []  # het sites between raw[i-1] and raw[i]
    hets = 0
    for pos, gt in genotypes:
        if gt is None or len(gt) != 2 or gt == (0, 0):
            continue
        if gt[0] != gt[1]:
            hets += 1
            continue
        if raw and hets == 0:
            raw[-1][1] = pos
            raw[-1][2] += 1
        else:
            raw.append([pos, pos, 1, 0])
            hets_before.append(hets)
        hets = 0
    merged: list[list[int]] = []
    for run, gap in zip(raw, hets_before, strict=True):
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and gap == 1
            and prev[2] >= settings.bridge_sites
            and run[2] >= settings.bridge_sites
        ):
            prev[1], prev[2], prev[3] = run[1], prev[2] + run[2], prev[3] + 1
        else:
            merged.append(list(run))
    return [
        HomozygousRun("chr20", s, e, n, b)
        for s, e, n, b in merged
        if e - s + 1 >= settings.min_length and n >= settings.min_sites
    ]
