"""``methylation()``: one sample's inputs in, typed per-DMR results out.

>>> from gnas_annot.epigenetics.model import Pattern
>>> Pattern("isolated_ab_lom").value
'isolated_ab_lom'
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

from gnas_annot.epigenetics.calling import summarise
from gnas_annot.epigenetics.load import load_sample
from gnas_annot.epigenetics.model import MethylationResult, MethylationSample, MethylationSettings
from gnas_annot.epigenetics.patterns import haplotype_origins, read_pattern
from gnas_annot.epigenetics.reference import (
    ControlStats,
    control_stats,
    dmr_names,
    dmr_specs,
    resolve_dmr,
)
from gnas_annot.epigenetics.tables import text_lines
from gnas_annot.errors import CorruptInputError, InputError
from gnas_annot.model.builds import GenomeBuild

PathLike = str | os.PathLike[str]


def methylation(
    inputs: PathLike | Sequence[PathLike] = (),
    *,
    sample: str | None = None,
    hap1: PathLike | None = None,
    hap2: PathLike | None = None,
    build: GenomeBuild | str | None = None,
    controls: Sequence[PathLike] = (),
    reference: PathLike | None = None,
    settings: MethylationSettings | None = None,
) -> MethylationResult:
    """Methylation at the four GNAS DMRs of one sample.

    ``inputs``: a modBAM/CRAM, a bedMethyl, a Bismark ``.cov(.gz)``, a
    per-DMR table, or a modkit ``--partition-tag HP`` directory; or
    ``hap1``/``hap2`` bedMethyl files.  ``controls``: one table of per-DMR
    means and SDs (columns dmr, mean, sd[, n]) or two or more control
    samples' files (same formats as ``inputs``), giving z-scores.
    """
    s = settings or MethylationSettings()
    paths = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    data = load_sample(
        paths, sample=sample, hap1=hap1, hap2=hap2, build=build, reference=reference, settings=s
    )
    return call_sample(
        data, sample=sample, controls=load_controls(controls, data.build, s), settings=s
    )


def call_sample(
    data: MethylationSample,
    *,
    sample: str | None = None,
    controls: dict[str, ControlStats] | None = None,
    settings: MethylationSettings | None = None,
) -> MethylationResult:
    s = settings or MethylationSettings()
    specs = dmr_specs(data.build)
    results = tuple(
        summarise(
            spec, data.observation(spec.region), data.kind, s, (controls or {}).get(spec.region)
        )
        for spec in specs
    )
    origins = haplotype_origins(data, specs, s)
    pattern, reading = read_pattern(results, origins)
    return MethylationResult(
        sample, data.build, data.kind, data.sources, results, pattern, reading, origins, data.notes
    )


def load_controls(
    controls: Sequence[PathLike], build: str, s: MethylationSettings
) -> dict[str, ControlStats]:
    """Per-DMR control statistics from a means/SDs table or from control samples."""
    if not controls:
        return {}
    paths = [Path(p) for p in controls]
    if len(paths) == 1:
        table = _stats_table(paths[0])
        if table is None:
            raise InputError(
                f"--controls {paths[0]}: give a table of per-DMR means and SDs "
                "(columns dmr, mean, sd) or at least two control samples' files"
            )
        return table
    means: dict[str, list[float]] = {}
    for path in paths:
        result = call_sample(load_sample([path], build=build, settings=s), settings=s)
        for d in result.dmrs:
            if d.mean is not None and (d.cpgs >= s.min_cpgs or result.kind.value == "dmr_table"):
                means.setdefault(d.region, []).append(d.mean)
    label = f"({len(paths)} control files)"
    return control_stats(means, label)


def _stats_table(path: Path) -> dict[str, ControlStats] | None:
    rows = [line.split("\t") for _, line in text_lines(path) if line.strip() and line[0] != "#"]
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if not {"dmr", "mean", "sd"} <= set(header):
        return None
    col = {name: header.index(name) for name in ("dmr", "mean", "sd", "n") if name in header}
    out: dict[str, ControlStats] = {}
    names = dmr_names()
    for number, row in enumerate(rows[1:], start=2):
        region = resolve_dmr(row[col["dmr"]], names) if len(row) == len(header) else None
        if region is None:
            raise CorruptInputError(f"{path}: row {number} names no GNAS DMR or has wrong columns")
        try:
            n = int(row[col["n"]]) if "n" in col else None
            out[region] = ControlStats(
                float(row[col["mean"]]), float(row[col["sd"]]), n, f"({path.name})"
            )
        except ValueError as exc:
            raise CorruptInputError(f"{path}: row {number}: {exc}") from exc
        stats = out[region]
        if not 0 <= stats.sd < math.inf:  # also refuses nan: its z-score called 'partial_gain'
            raise CorruptInputError(f"{path}: row {number}: SD {stats.sd} is not a number >= 0")
        if not 0 <= stats.mean <= 100:
            raise CorruptInputError(f"{path}: row {number}: mean {stats.mean} % is outside 0-100")
        if stats.n is not None and stats.n < 1:
            raise CorruptInputError(
                f"{path}: row {number}: n {stats.n} is not a number of controls"
            )
    return out
