"""Joint-called cohorts for annotate_many: samples split into chunks of whole
families (origin needs the child and both parents in one task), each written
once as its own VCF.  Chunks are by sample, never by region: origin from
phased genotypes and read-backed phasing looks at the other sites of the child."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from gnas_annot.errors import OutputError
from gnas_annot.extract.extractor import Extractor
from gnas_annot.origin.pedigree import FamilyIndex, Pedigree, family_samples


@dataclass(frozen=True, slots=True)
class Job:
    """One input file of annotate_many."""

    path: str
    source: str
    final: str  # the partition directory
    staging: str  # this run's staging directory
    reference: str | None
    build: str | None
    region: str
    chunk_samples: int | None


@dataclass(frozen=True, slots=True)
class Chunk:
    """A sample subset of one input: whole families, written as its own VCF."""

    index: int
    vcf: str
    samples: int
    pedigree: Pedigree | None
    build: str


def sample_chunks(samples: Sequence[str], pedigree: Pedigree | None, size: int) -> list[list[int]]:
    """Column indices of ``samples`` in chunks of at most ``size`` (a family larger
    than ``size`` gets a chunk of its own), whole families together, in VCF order."""
    position = {name: i for i, name in enumerate(samples)}
    unit_of: dict[str, list[int]] = {}
    for family in pedigree.families() if pedigree is not None else []:
        unit = sorted(position[n] for n in family_samples(family) if n in position)
        for i in unit:
            unit_of[samples[i]] = unit
    chunks: list[list[int]] = []
    current: list[int] = []
    placed: set[int] = set()
    for i, name in enumerate(samples):
        if i in placed:
            continue
        unit = unit_of.get(name, [i])
        if current and len(current) + len(unit) > size:
            chunks.append(current)
            current = []
        current.extend(unit)
        placed.update(unit)
    if current:
        chunks.append(current)
    return [sorted(c) for c in chunks]


def split(
    job: Job, extractor: Extractor, pedigree: Pedigree | None, size: int
) -> tuple[Chunk, ...]:
    """Write the region's records once, as one sample-subset VCF per chunk."""
    samples = extractor.source.samples
    groups = sample_chunks(samples, pedigree, size)
    folder = Path(job.staging) / quote(job.source, safe="")
    try:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        header = str(extractor.source.header).rstrip("\n").split("\n")
        columns = header[-1].split("\t")[:9]
        paths = [folder / f"chunk-{k:05d}.vcf" for k in range(len(groups))]
        handles = [p.open("w", encoding="utf-8") for p in paths]
        try:
            for handle, group in zip(handles, groups, strict=True):
                handle.write("\n".join(header[:-1]) + "\n")
                handle.write("\t".join(columns + [samples[i] for i in group]) + "\n")
            for record in extractor.source.fetch(extractor.region):
                fields = str(record).rstrip("\n").split("\t")
                fixed = "\t".join(fields[:9])
                for handle, group in zip(handles, groups, strict=True):
                    handle.write(fixed + "\t" + "\t".join(fields[9 + i] for i in group) + "\n")
        finally:
            for handle in handles:
                handle.close()
    except OSError as exc:
        raise OutputError(f"cannot write the sample chunks of {job.path}: {exc}") from exc
    chunks = []
    for k, group in enumerate(groups):
        names = [samples[i] for i in group]
        chunks.append(
            Chunk(
                k,
                str(paths[k]),
                len(group),
                None if pedigree is None else FamilyIndex(pedigree).among(names),
                str(extractor.build),
            )
        )
    return tuple(chunks)
