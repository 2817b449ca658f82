"""The four GNAS DMRs as the pack describes them (intervals from
``regions.tsv``, methylation facts from ``dmr_methylation.tsv``), name
resolution for per-DMR tables, and users' control statistics.

>>> [d.name for d in dmr_specs("GRCh38")]
['NESP:TSS', 'AS1:TSS', 'XL:Ex1', 'A/B:TSS']
>>> resolve_dmr("gnas_a_b"), resolve_dmr("L17516")
('AB-DMR', 'XL-DMR')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from gnas_annot.errors import DataPackIntegrityError, InputError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Interval
from gnas_annot.pack.files import read_table
from gnas_annot.pack.locus import load_locus

TABLE = "dmr_methylation.tsv"
PATERNAL, MATERNAL = "paternal", "maternal"


@dataclass(frozen=True, slots=True)
class DmrSpec:
    """One DMR on one build, with what the pack knows about its methylation."""

    region: str  # pack region name (NESP-DMR ...)
    name: str  # short Monk-style name (NESP:TSS ...)
    monk_name: str
    build: GenomeBuild
    interval: Interval
    methylated_allele: str  # paternal | maternal
    control_mean: float
    per_cpg_sd: str
    probes: tuple[str, ...]
    aliases: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def maternal(self) -> bool:
        return self.methylated_allele == MATERNAL


@cache
def _rows() -> tuple[dict[str, str], ...]:
    rows = tuple(read_table(TABLE))
    try:
        for row in rows:
            if row["methylated_allele"] not in (PATERNAL, MATERNAL):
                raise DataPackIntegrityError(
                    f"{TABLE}: {row['region']} methylated_allele {row['methylated_allele']!r}"
                )
            float(row["control_mean"])
    except (KeyError, ValueError) as exc:
        raise DataPackIntegrityError(f"{TABLE} malformed: {exc!r}") from exc
    if len(rows) != 4:
        raise DataPackIntegrityError(f"{TABLE} should list the four GNAS DMRs, has {len(rows)}")
    return rows


@cache
def dmr_specs(build: GenomeBuild | str) -> tuple[DmrSpec, ...]:
    """The four DMRs in genomic order (NESP, AS1, XL, A/B) on ``build``."""
    b = build if isinstance(build, GenomeBuild) else GenomeBuild.parse(build)
    locus = load_locus(b)
    specs = []
    for row in _rows():
        region = locus.region(row["region"])
        if region.kind != "dmr":
            raise DataPackIntegrityError(f"{TABLE}: {row['region']} is not a DMR in regions.tsv")
        specs.append(
            DmrSpec(
                region=row["region"],
                name=row["name"],
                monk_name=row["monk_name"],
                build=b,
                interval=region.interval,
                methylated_allele=row["methylated_allele"],
                control_mean=float(row["control_mean"]),
                per_cpg_sd=row["per_cpg_sd"],
                probes=tuple(p for p in row["msmlpa_probes"].split(";") if p),
                aliases=tuple(a for a in row["aliases"].split(";") if a),
                sources=tuple(row["sources"].split(";")),
            )
        )
    return tuple(sorted(specs, key=lambda s: s.interval.start))


def _key(text: str) -> str:
    return text.strip().upper().replace(" ", "")


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for spec in dmr_specs(GenomeBuild.GRCh38):
        for alias in (spec.region, spec.name, spec.monk_name, *spec.aliases, *spec.probes):
            names[_key(alias)] = spec.region
    return names


def resolve_dmr(text: str) -> str | None:
    """The pack region a user's DMR or MS-MLPA probe name means, or None."""
    return _names().get(_key(text))


@dataclass(frozen=True, slots=True)
class ControlStats:
    """The user's controls for one DMR: mean and SD of the per-sample means."""

    mean: float
    sd: float
    n: int | None
    source: str


def control_stats(
    per_sample: Mapping[str, Iterable[float]], source: str
) -> dict[str, ControlStats]:
    """Mean and sample SD per DMR from control samples' DMR means (>= 2 each)."""
    stats: dict[str, ControlStats] = {}
    for region, values in per_sample.items():
        xs = list(values)
        if len(xs) < 2:
            raise InputError(
                f"--controls: {region} is assessable in {len(xs)} control sample(s); "
                "an SD needs at least 2"
            )
        mean = sum(xs) / len(xs)
        sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1))
        stats[region] = ControlStats(mean, sd, len(xs), source)
    return stats
