"""One input in region chunks for ``annotate --threads N``: the records of the
extraction region cut into runs of neighbouring records, each written as its
own VCF, annotated in parallel processes on Dask's local scheduler, and the
outputs joined in order.

Region chunks give the output of one process only when every record is
annotated on its own.  That holds without a pedigree, and with one when no
genotype is phased: parent of origin from phased genotypes and read-backed
phasing look at the child's other sites (:mod:`gnas_annot.origin.window`; on
unphased input without alignments it holds one record at a time), and
copy-number/UPD facts come from the whole family, so the caller keeps those runs
in one process.  A chunk never splits a
position: all records of one POS go to the same chunk.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from gnas_annot.errors import GnasAnnotError, OutputError
from gnas_annot.extract.extractor import Extractor

T = TypeVar("T")
R = TypeVar("R")

#: fewer records than this per chunk are not worth a process (each one loads the
#: data pack and the reference again)
MIN_RECORDS_PER_CHUNK = 250


@dataclass(frozen=True, slots=True)
class RegionChunk:
    """A run of neighbouring region records of one input, written as a VCF."""

    index: int
    vcf: str
    records: int
    first: int  # POS of its first record
    last: int  # POS of its last record


def chunk_bounds(positions: Sequence[int], chunks: int, minimum: int) -> list[tuple[int, int]]:
    """``[start, end)`` index ranges over ``positions`` (the region's records in file
    order): at most ``chunks`` runs of about equal size, each of ``minimum`` records
    or more (so a small input is one run), never cutting between two records of
    the same position."""
    n = len(positions)
    count = max(1, min(chunks, n // max(1, minimum)))
    bounds: list[tuple[int, int]] = []
    start = 0
    for k in range(1, count):
        cut = max(start, round(n * k / count))
        while 0 < cut < n and positions[cut] == positions[cut - 1]:
            cut += 1
        if cut > start and cut < n:
            bounds.append((start, cut))
            start = cut
    bounds.append((start, n))
    return bounds


def split_regions(
    path: str,
    folder: str | os.PathLike[str],
    *,
    chunks: int,
    reference: str | None = None,
    build: str | None = None,
    region: str = "gnas",
    minimum: int | None = None,
) -> tuple[tuple[RegionChunk, ...], bool]:
    """Write the region records of ``path`` as up to ``chunks`` VCFs in ``folder``
    (the input's header, then a run of its records as htslib formats them); and
    whether any genotype there is phased (a ``|`` in a sample column, or FORMAT/PS
    or HP).  Memory holds one integer per record, not the records."""
    minimum = MIN_RECORDS_PER_CHUNK if minimum is None else minimum
    body = Path(folder) / "records.vcf"
    positions: list[int] = []
    phased = False
    offsets = [0]  # byte offset of each record in ``body``, then its end
    try:
        with (
            Extractor(path, reference=reference, build=build, region=region) as extractor,
            body.open("wb") as handle,
        ):
            header = str(extractor.source.header).encode("utf-8")
            completed = header
            for record in extractor.source.fetch(extractor.region):
                line = str(record)
                offsets.append(offsets[-1] + handle.write(line.encode("utf-8")))
                positions.append(record.pos)
                phased = phased or _phased(line)
            # the header as htslib completed it reading every record (a key a record
            # uses without a definition is defined then, with a warning): the chunks
            # after the first get it, so htslib does not warn again about their
            # records; the first keeps the input's header, which its output carries
            if positions:  # (the records' own header: the one htslib completes)
                completed = str(record.header).encode("utf-8")
        out: list[RegionChunk] = []
        with body.open("rb") as records:
            for k, (start, end) in enumerate(chunk_bounds(positions, chunks, minimum)):
                target = Path(folder) / f"chunk-{k:05d}.vcf"
                with target.open("wb") as handle:
                    handle.write(completed if k else header)
                    records.seek(offsets[start])
                    handle.write(records.read(offsets[end] - offsets[start]))
                first, last = (positions[start], positions[end - 1]) if end > start else (0, 0)
                out.append(RegionChunk(k, str(target), end - start, first, last))
        body.unlink()
    except OSError as exc:
        raise OutputError(f"cannot write the region chunks of {path}: {exc}") from exc
    return tuple(out), phased


def _phased(line: str) -> bool:
    """Whether a VCF line holds a phased genotype or a phase set/haplotype tag
    (any ``|`` in a sample column counts: a false alarm only costs parallelism)."""
    fields = line.split("\t", 9)
    if len(fields) < 10:
        return False
    keys = fields[8].split(":")
    return "PS" in keys or "HP" in keys or "|" in fields[9]


def run_local(function: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """``function`` over ``items`` in up to ``workers`` processes on Dask's local
    (multiprocessing) scheduler, results in the order of ``items``.

    Processes are forked where the platform allows it (the children start with
    the modules already imported), else spawned."""
    try:  # untyped: Any
        dask: Any = importlib.import_module("dask")
    except ImportError as exc:
        raise GnasAnnotError(
            "--threads needs dask: pip install 'gnas-annot[scale]' (or use --threads 1)"
        ) from exc
    import multiprocessing

    processes: Any = importlib.import_module("dask.multiprocessing")
    context = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    tasks: list[Any] = [dask.delayed(function, pure=False)(item) for item in items]
    with dask.config.set({"multiprocessing.context": context}):
        # chunksize=1: the scheduler's default (6) hands up to 6 tasks to one process
        # at a time, which would run all the chunks of a file in the same process.
        # The scheduler is given as its function, not by its name "processes": for a
        # name dask first imports dask.distributed to look for a Client (~0.2-0.4 s
        # of the parent's serial time before any worker starts), and a named local
        # scheduler is used whatever Client exists anyway
        results = dask.compute(*tasks, scheduler=processes.get, num_workers=workers, chunksize=1)
    return list(results)
