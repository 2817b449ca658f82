"""The tasks of :func:`~gnas_annot.scale.many.annotate_many`, run on the Dask workers:
annotate one input into its staged partition (or split it into sample chunks),
annotate one sample chunk, commit the chunks of an input; each hands back a small
:class:`Outcome` (never the rows themselves).  The driver, which submits them and
records failures, is :mod:`gnas_annot.scale.many`."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gnas_annot.annotate.cache import shared_cache
from gnas_annot.annotate.results import AnnotatedVariant, rows
from gnas_annot.annotate.run import AnnotationRun
from gnas_annot.errors import GnasAnnotError, OutputError
from gnas_annot.extract.extractor import Extractor
from gnas_annot.origin.pedigree import FamilyIndex
from gnas_annot.output.parquet import SOURCE, write_rows
from gnas_annot.output.provenance import Provenance
from gnas_annot.scale.chunks import Chunk, Job
from gnas_annot.scale.chunks import split as _split

_AlleleKey = tuple[int, int]  # (record index in the file, ALT allele index)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a task hands back (small: never the rows themselves)."""

    source: str
    rows: int = 0
    alleles: int = 0
    seconds: float = 0.0
    error: dict[str, Any] | None = None
    #: the partition files' key-value metadata (provenance)
    metadata: dict[str, str] = field(default_factory=dict)
    chunks: tuple[Chunk, ...] = ()
    # chunk tasks only: rows of the alleles no sample of the chunk carries
    bare: dict[_AlleleKey, list[dict[str, Any]]] = field(default_factory=dict)


def failure(job: Job, exc: BaseException, *, internal: bool = False) -> dict[str, Any]:
    return {
        "path": job.path,
        SOURCE: job.source,
        "error": type(exc).__name__,
        "exit_code": 70 if internal else getattr(exc, "exit_code", 1),
        "message": (f"internal error: {exc}" if internal else str(exc)),
    }


def annotate_input(job: Job, families: FamilyIndex | None) -> Outcome:
    """One input: annotate and write its partition, or split it into sample chunks."""
    start = time.perf_counter()
    try:
        pedigree = None
        if families is not None or job.chunk_samples is not None:
            with Extractor(
                job.path, reference=job.reference, build=job.build, region=job.region
            ) as extractor:
                samples = extractor.source.samples
                pedigree = None if families is None else families.among(samples)
                if job.chunk_samples is not None and len(samples) > job.chunk_samples:
                    chunks = _split(job, extractor, pedigree, job.chunk_samples)
                    return Outcome(job.source, seconds=time.perf_counter() - start, chunks=chunks)
        staging = Path(job.staging) / f"{quote(job.source, safe='')}.{uuid.uuid4().hex[:8]}"
        staging.mkdir()
        try:
            with AnnotationRun(
                job.path,
                ped=pedigree,
                reference=job.reference,
                build=job.build,
                region=job.region,
                cache=shared_cache(),  # an allele met in several inputs is annotated once
            ) as run:
                table_rows = _Rows(run)
                n_rows = write_rows(table_rows, staging / "part-00000.parquet", _metadata(job, run))
            _replace_dir(staging, Path(job.final))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return Outcome(job.source, n_rows, table_rows.alleles, time.perf_counter() - start)
    except GnasAnnotError as exc:
        return Outcome(job.source, error=failure(job, exc))


def annotate_chunk(job: Job, chunk: Chunk) -> Outcome:
    """One sample chunk of a split input: rows with a sample go to its part file,
    rows of alleles nobody in the chunk carries go back to the commit task."""
    start = time.perf_counter()
    bare: dict[_AlleleKey, list[dict[str, Any]]] = {}

    def carried(annotated: Iterable[AnnotatedVariant]) -> Iterator[dict[str, Any]]:
        for av in annotated:
            if av.samples:
                yield from rows(av)
            else:
                bare[(av.variant.source.index, av.variant.allele_index)] = list(rows(av))

    try:
        with AnnotationRun(
            chunk.vcf,
            ped=chunk.pedigree,
            reference=job.reference,
            build=chunk.build,
            region=job.region,
            cache=shared_cache(),
        ) as run:
            target = Path(chunk.vcf).with_name(f"part-{chunk.index:05d}.parquet")
            metadata = _metadata(job, run)
            n_rows = write_rows(carried(run), target, metadata)
        seconds = time.perf_counter() - start
        return Outcome(job.source, n_rows, len(bare), seconds, bare=bare, metadata=metadata)
    except GnasAnnotError as exc:
        failed = failure(job, exc)
        failed["message"] = f"sample chunk {chunk.index}: {failed['message']}"
        return Outcome(job.source, error=failed)


def commit_chunks(job: Job, parts: Sequence[Outcome]) -> Outcome:
    """All chunks of one input done: add the rows of alleles no sample carries, rename."""
    folder = Path(job.staging) / quote(job.source, safe="")
    try:
        errors = [p.error for p in parts if p.error is not None]
        if errors:
            return Outcome(job.source, error=errors[0])
        uncarried = set(parts[0].bare).intersection(*(p.bare for p in parts[1:]))
        leftover = [row for key in sorted(uncarried) for row in parts[0].bare[key]]
        n_rows = sum(p.rows for p in parts)
        if leftover:
            target = folder / f"part-{len(parts):05d}.parquet"
            n_rows += write_rows(leftover, target, parts[0].metadata)
        for vcf in folder.glob("chunk-*.vcf"):
            vcf.unlink()
        _replace_dir(folder, Path(job.final))
        return Outcome(job.source, n_rows, seconds=sum(p.seconds for p in parts))
    except GnasAnnotError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return Outcome(job.source, error=failure(job, exc))


# -- helpers -----------------------------------------------------------------------------


def _metadata(job: Job, run: AnnotationRun) -> dict[str, str]:
    """A partition file's provenance (as ``annotate -o x.parquet`` writes it)."""
    arguments: dict[str, object] = {"path": job.path, "reference": job.reference}
    arguments |= {"build": job.build, "region": job.region, "chunk_samples": job.chunk_samples}
    call = Provenance.of_call("gnas_annot.annotate_many", arguments, run.build, job.reference,
                              run.region)  # fmt: skip
    return call.parquet_metadata()


class _Rows:
    """The rows of a stream of annotated alleles, counting the alleles on the way."""

    def __init__(self, annotated: Iterable[AnnotatedVariant]) -> None:
        self.annotated = annotated
        self.alleles = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for av in self.annotated:
            self.alleles += 1
            yield from rows(av)


def _replace_dir(new: Path, final: Path) -> None:
    """Put the finished partition ``new`` at ``final``, replacing an older one."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        old = None
        if final.exists():
            old = new.with_name(new.name + ".old")
            final.rename(old)
        new.rename(final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"cannot write the partition {final}: {exc}") from exc
