"""One sample's methylation input, whatever its form, as a
:class:`MethylationSample` on one build.

Accepted: a modBAM/CRAM; one bedMethyl or Bismark coverage file; a
bedMethyl per haplotype (``hap1``/``hap2``, optionally with an unphased
file for the overall level; without one the two are summed); modkit's
``--partition-tag HP`` output directory (``*1.bed``, ``*2.bed``,
``*ungrouped.bed``, optionally ``.gz``); a per-DMR table (DMR, percent).

The build of a table is where its CpGs fall: the GNAS DMRs of GRCh37 and
GRCh38 lie 1.42 Mb apart, so a file's rows name one of them.  A table whose
CpGs fall in the other build's DMRs than ``--build`` says is refused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from gnas_annot.epigenetics.modbam import read_modbam
from gnas_annot.epigenetics.model import (
    ALL,
    DmrObservation,
    InputKind,
    MethylationSample,
    MethylationSettings,
)
from gnas_annot.epigenetics.reference import dmr_specs
from gnas_annot.epigenetics.tables import (
    SiteCounts,
    bedmethyl_rows,
    bismark_rows,
    dmr_table,
    key,
    observations,
    sniff,
)
from gnas_annot.errors import BuildMismatchError, InputError, InputNotFoundError
from gnas_annot.model.builds import GenomeBuild

PathLike = str | os.PathLike[str]
_ALIGNMENT = (".bam", ".cram")
_PARTITION = re.compile(r"(?:^|[._-])(1|2|ungrouped)\.(?:bed|bedmethyl)(?:\.gz)?$", re.IGNORECASE)


def load_sample(
    inputs: Sequence[PathLike] = (),
    *,
    sample: str | None = None,
    hap1: PathLike | None = None,
    hap2: PathLike | None = None,
    build: GenomeBuild | str | None = None,
    reference: PathLike | None = None,
    settings: MethylationSettings | None = None,
) -> MethylationSample:
    s = settings or MethylationSettings()
    b = None if build is None else GenomeBuild.parse(build)
    paths = [Path(p) for p in inputs]
    if (hap1 is None) != (hap2 is None):
        raise InputError("--hap1 and --hap2 go together: give both haplotypes' bedMethyl files")
    if len(paths) > 1:
        raise InputError(
            f"{len(paths)} methylation inputs for one sample: give one file (or a modkit "
            "partition directory), or --hap1/--hap2"
        )
    if not paths and hap1 is None:
        raise InputError("no methylation input: give a modBAM, bedMethyl, Bismark .cov or table")
    for p in (*paths, *(Path(x) for x in (hap1, hap2) if x is not None)):
        if not p.exists():
            raise InputNotFoundError(f"methylation input not found: {p}")
    if paths and paths[0].suffix.lower() in _ALIGNMENT:
        if hap1 is not None:
            raise InputError("--hap1/--hap2 are bedMethyl files; a modBAM carries its HP tags")
        return read_modbam(paths[0], sample=sample, build=b, reference=reference, settings=s)
    parts: dict[str, Path] = {}
    if paths and paths[0].is_dir():
        parts = _partition(paths[0])
    elif paths:
        parts[ALL] = paths[0]
    if hap1 is not None and hap2 is not None:
        parts["1"], parts["2"] = Path(hap1), Path(hap2)
    return _tables(parts, b, s)


def _partition(directory: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for entry in sorted(directory.iterdir()):
        m = _PARTITION.search(entry.name)
        if m is None or not entry.is_file():
            continue
        label = m.group(1).lower()
        if label in found:
            raise InputError(f"{directory}: two files for haplotype {label}")
        found[label] = entry
    if "1" not in found or "2" not in found:
        raise InputError(
            f"{directory}: not a modkit --partition-tag HP directory (no *1.bed and *2.bed)"
        )
    return {
        "1": found["1"],
        "2": found["2"],
        **({"ungrouped": found["ungrouped"]} if "ungrouped" in found else {}),
    }


def _tables(
    parts: dict[str, Path], build: GenomeBuild | None, s: MethylationSettings
) -> MethylationSample:
    kinds = {label: sniff(path) for label, path in parts.items()}
    if InputKind.DMR_TABLE in kinds.values():
        if len(parts) != 1:
            raise InputError("a per-DMR table is one file per sample (no haplotypes)")
        return _dmr_table(next(iter(parts.values())), build)
    if len(set(kinds.values())) != 1:
        raise InputError("--hap1/--hap2 and the overall file must be one format")
    kind = next(iter(kinds.values()))
    specs = dmr_specs(GenomeBuild.GRCh38) + dmr_specs(GenomeBuild.GRCh37)
    counts: dict[str, dict[str, SiteCounts]] = {}
    notes: list[str] = []
    for label, path in parts.items():
        if kind is InputKind.BISMARK:
            counts[label], chr20, rows = bismark_rows(path, specs)
        else:
            counts[label], chr20, rows = bedmethyl_rows(path, specs, s.combine_5hmc)
        if not chr20:
            notes.append(f"{path.name}: none of its {rows} rows is on chromosome 20")
    chosen = _choose_build(counts, build, [str(p) for p in parts.values()])
    wanted = dmr_specs(chosen)
    if ALL not in counts:
        # modkit's ungrouped reads belong to the overall level, not to a haplotype
        counts[ALL] = _sum([counts[k] for k in ("1", "2", "ungrouped") if k in counts])
        notes.append("overall level = haplotype 1 + haplotype 2 (+ ungrouped) files")
    counts.pop("ungrouped", None)
    # haplotype files carry no phase set: None, and the origin step says so
    per_track: dict[tuple[str, str | None], dict[str, SiteCounts]] = {
        (label, None): c for label, c in counts.items()
    }
    return MethylationSample(
        tuple(str(p) for p in parts.values()),
        kind,
        str(chosen),
        observations(per_track, wanted),
        tuple(notes),
    )


def _sum(tables: Sequence[dict[str, SiteCounts]]) -> dict[str, SiteCounts]:
    out: dict[str, SiteCounts] = {}
    for table in tables:
        for region, sites in table.items():
            target = out.setdefault(region, {})
            for pos, (m, n) in sites.items():
                cell = target.setdefault(pos, [0, 0])
                cell[0] += m
                cell[1] += n
    return out


def _choose_build(
    counts: dict[str, dict[str, SiteCounts]], build: GenomeBuild | None, names: list[str]
) -> GenomeBuild:
    specs = {b: dmr_specs(b) for b in GenomeBuild}
    covered = {
        b
        for b in GenomeBuild
        for table in counts.values()
        for spec in specs[b]
        if table.get(key(spec))
    }
    if build is not None:
        if build not in covered and covered:
            other = covered.pop()
            raise BuildMismatchError(
                f"{', '.join(names)}: its CpGs lie in the {other} DMRs, none in the {build} "
                f"ones (--build {build}): is the file {other}?"
            )
        return build
    if len(covered) == 1:
        return covered.pop()
    return GenomeBuild.GRCh38  # nothing covered: every DMR will say so


def _dmr_table(path: Path, build: GenomeBuild | None) -> MethylationSample:
    values = dmr_table(path)
    chosen = build or GenomeBuild.GRCh38  # a per-DMR table has no coordinates
    obs = tuple(
        DmrObservation(spec.region, percent=values[spec.region][0], rows=values[spec.region][1])
        if spec.region in values
        else DmrObservation(spec.region)
        for spec in dmr_specs(chosen)
    )
    return MethylationSample((str(path),), InputKind.DMR_TABLE, str(chosen), obs)
