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

from gnas_annot.errors import DataPackIntegrityError, InputError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Interval, Locus
from gnas_annot.pack.facts import rows
from gnas_annot.pack.files import data_dir
from gnas_annot.pack.store import load_pack

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


def _spec(row: dict[str, str], locus: Locus) -> DmrSpec:
    if row["methylated_allele"] not in (PATERNAL, MATERNAL):
        raise ValueError(f"methylated_allele {row['methylated_allele']!r}")
    region = locus.region(row["region"])
    if region.kind != "dmr":
        raise ValueError(f"{row['region']} is not a DMR in regions.tsv")
    return DmrSpec(
        region=row["region"],
        name=row["name"],
        monk_name=row["monk_name"],
        build=locus.build,
        interval=region.interval,
        methylated_allele=row["methylated_allele"],
        control_mean=float(row["control_mean"]),
        per_cpg_sd=row["per_cpg_sd"],
        probes=tuple(p for p in row["msmlpa_probes"].split(";") if p),
        aliases=tuple(a for a in row["aliases"].split(";") if a),
        sources=tuple(row["sources"].split(";")),
    )


def dmr_specs(build: GenomeBuild | str) -> tuple[DmrSpec, ...]:
    """The four DMRs in genomic order (NESP, AS1, XL, A/B) on ``build``, from the
    current data pack (verified against its manifest by :func:`load_pack`)."""
    pack = load_pack()
    locus = pack.locus(build)
    # not cached here: the Pack is the one cache, keyed by data directory
    specs = tuple(rows(TABLE, data_dir(), lambda row: _spec(row, locus)))
    if len(specs) != 4:
        raise DataPackIntegrityError(f"{TABLE} should list the four GNAS DMRs, has {len(specs)}")
    return tuple(sorted(specs, key=lambda s: s.interval.start))


def _key(text: str) -> str:
    return text.strip().upper().replace(" ", "")


def dmr_names() -> dict[str, str]:
    """{normalised alias or probe id: pack region} for user tables."""
    names: dict[str, str] = {}
    for spec in dmr_specs(GenomeBuild.GRCh38):
        for alias in (spec.region, spec.name, spec.monk_name, *spec.aliases, *spec.probes):
            names[_key(alias)] = spec.region
    return names


def resolve_dmr(text: str, names: dict[str, str] | None = None) -> str | None:
    """The pack region a user's DMR or MS-MLPA probe name means, or None."""
    return (names if names is not None else dmr_names()).get(_key(text))


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
