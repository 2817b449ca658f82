"""Scale-out: :func:`annotate_vcf` over many VCFs on a Dask cluster, into one Parquet dataset.

:func:`annotate_many` runs one Dask task per input VCF on an existing engine
(a ``dask.distributed.Client`` you pass in, or a ``LocalCluster`` it starts and
stops) and writes a hive-partitioned Parquet dataset::

    OUTPUT_DIR/source=<file name>/part-00000.parquet
    OUTPUT_DIR/_failures.json        (only when some input failed)

Each file holds the rows of :func:`gnas_annot.annotate.results.rows` with the columns
of :data:`gnas_annot.annotate.results.COLUMNS`, typed by :func:`row_schema`; the
partition column ``source`` (the input's file name) comes from the directory
name.  :func:`read_dataset` reads it back with ``source`` as a string.

* **Atomic per input.**  A task writes into ``OUTPUT_DIR/_staging/`` (ignored
  by dataset readers: the ``_`` prefix) and renames the finished partition
  directory into place, replacing the partition of an earlier run whole.
* **Failures do not lose the others.**  An input that raises a
  :class:`~gnas_annot.errors.GnasAnnotError` (or crashes its task) is recorded
  in ``_failures.json``; its partition from an earlier run is removed, so the
  dataset matches this run; every other input is written; then
  :class:`AnnotateManyError` is raised with the summary.
* **Pedigree.**  One PED for the whole cohort: each input gets the families
  (connected parents and children) with a member among its samples; a family
  present only in part is an error for that input, as with ``annotate_vcf``.
* **Joint-called cohorts.**  With ``chunk_samples=N`` an input with more than
  ``N`` samples is split into sample chunks of whole families (origin needs
  the child and both parents in one task), each annotated by its own task.
  Chunks are by sample, never by region: origin from phased genotypes and
  read-backed phasing looks at the other sites of the child.

Dask and pyarrow are optional (``pip install 'gnas-annot[scale]'``); this
module imports without them and says so when they are needed.  See docs/scale.md.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gnas_annot.annotate.cache import shared_cache
from gnas_annot.annotate.pipeline import AnnotationRun
from gnas_annot.annotate.results import AnnotatedVariant, rows
from gnas_annot.errors import AnnotateManyError, GnasAnnotError, OutputError
from gnas_annot.extract.extractor import Extractor
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin.pedigree import FamilyIndex, Pedigree
from gnas_annot.output.atomic import atomic_path
from gnas_annot.output.parquet import (
    SOURCE,
    partition_dir,
    pyarrow_modules,
    write_rows,
)
from gnas_annot.output.provenance import Provenance
from gnas_annot.scale.chunks import Chunk as _Chunk
from gnas_annot.scale.chunks import Job as _Job
from gnas_annot.scale.chunks import split as _split

PathLike = str | os.PathLike[str]
_AlleleKey = tuple[int, int]  # (record index in the file, ALT allele index)

FAILURES_FILE = "_failures.json"
_STAGING = "_staging"
_EXTRA = "pip install 'gnas-annot[scale]'"

# Column types (docs/output.schema.json): everything else is a nullable string.
# -- optional dependencies ---------------------------------------------------------------


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise GnasAnnotError(f"annotate_many needs dask.distributed: {_EXTRA}") from exc
    return distributed


# -- the driver ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a task hands back (small: never the rows themselves)."""

    source: str
    rows: int = 0
    alleles: int = 0
    seconds: float = 0.0
    error: dict[str, Any] | None = None
    #: the partition files' key-value metadata (provenance)
    metadata: dict[str, str] = field(default_factory=dict)
    chunks: tuple[_Chunk, ...] = ()
    # chunk tasks only: rows of the alleles no sample of the chunk carries
    bare: dict[_AlleleKey, list[dict[str, Any]]] = field(default_factory=dict)


def annotate_many(
    paths: Iterable[PathLike],
    *,
    output_dir: PathLike,
    client: Any = None,
    ped: Pedigree | PathLike | None = None,
    reference: PathLike | None = None,
    build: GenomeBuild | str | None = None,
    region: str = "gnas",
    chunk_samples: int | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Path:
    """Annotate every VCF/BCF in ``paths`` on Dask; return the Parquet dataset path.

    ``client`` is a ``dask.distributed.Client``; without one a ``LocalCluster``
    (one single-threaded worker process per core) is started and stopped.
    ``output_dir`` is the dataset directory, created if needed, and must be
    reachable by the workers under the same path (a shared file system).
    Inputs are told apart by file name, which must therefore be unique.
    ``chunk_samples`` splits inputs with more samples than that into chunks of
    whole families (see the module docstring).  Raises
    :class:`AnnotateManyError` after writing everything that could be
    written when any input failed.  ``progress(done, total)`` is called as
    each input finishes (written or failed), in the calling process.
    """
    inputs = [os.fspath(p) for p in paths]
    if chunk_samples is not None and chunk_samples < 1:
        raise GnasAnnotError(f"chunk_samples must be at least 1, not {chunk_samples}")
    seen: dict[str, str] = {}
    for path in inputs:
        name = Path(path).name
        if path == "-" or not name:
            raise GnasAnnotError(f"annotate_many reads files, not {path!r}")
        if name in seen:
            raise GnasAnnotError(
                f"{seen[name]} and {path} have the same file name {name!r}; the dataset is "
                f"partitioned by file name ({SOURCE}=...), so rename one of them"
            )
        seen[name] = path
    try:
        pyarrow_modules()
    except OutputError as exc:
        raise GnasAnnotError(f"annotate_many needs pyarrow: {_EXTRA}") from exc
    distributed = _distributed()
    pedigree = ped if ped is None or isinstance(ped, Pedigree) else Pedigree.read(ped)
    families = None if pedigree is None else FamilyIndex(pedigree)
    out = Path(output_dir)
    run = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    staging = out / _STAGING / run
    try:
        staging.mkdir(parents=True)
    except OSError as exc:
        raise OutputError(f"cannot create the dataset directory {out}: {exc}") from exc
    jobs = [
        _Job(
            path,
            Path(path).name,
            str(partition_dir(out, Path(path).name)),
            str(staging),
            None if reference is None else os.fspath(reference),
            None if build is None else str(build),
            region,
            chunk_samples,
        )
        for path in inputs
    ]
    failures: list[dict[str, Any]] = []
    cluster = None
    if client is None and jobs:
        cluster = distributed.LocalCluster(
            n_workers=max(1, min(os.cpu_count() or 1, len(jobs))),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clash with another cluster
            silence_logs=logging.ERROR,
        )
        client = distributed.Client(cluster)
    try:
        if jobs:
            failures = _run(distributed, client, jobs, families, progress)
    finally:
        if cluster is not None:
            client.close()
            cluster.close()
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):
            (out / _STAGING).rmdir()  # only when no other run is using it
    for failure in failures:
        shutil.rmtree(partition_dir(out, failure["source"]), ignore_errors=True)
    _write_failures(out, failures)
    if failures:
        names = ", ".join(f["source"] for f in failures[:5]) + (
            ", ..." if len(failures) > 5 else ""
        )
        raise AnnotateManyError(
            f"{len(failures)} of {len(jobs)} input(s) failed ({names}); the other "
            f"{len(jobs) - len(failures)} are in {out}; details in {out / FAILURES_FILE}",
            failures,
            out,
        )
    return out


def _run(
    distributed: Any,
    client: Any,
    jobs: Sequence[_Job],
    families: FamilyIndex | None,
    progress: Callable[[int, int], object] | None = None,
) -> list[dict[str, Any]]:
    """Submit the tasks, follow them to the end; return the failures (input order)."""
    # the pedigree goes to each worker once, not with every task
    shared = None if families is None else client.scatter(families, broadcast=True, hash=False)
    by_future: dict[Any, _Job] = {
        client.submit(_annotate_input, job, shared, key=f"gnas-annotate-{uuid.uuid4().hex}"): job
        for job in jobs
    }
    failures: dict[str, dict[str, Any]] = {}
    done = 0
    # results are fetched in batches (one gather per batch of finished tasks).  Not
    # as_completed(with_results=True): its one concurrent gather per future can trip
    # an assertion in tornado's write buffer and then never return.
    pending = distributed.as_completed(list(by_future))
    try:
        for batch in pending.batches():
            for future, outcome in _results(client, batch):
                job = by_future[future]
                finished = True
                if isinstance(outcome, BaseException):  # a crash, not a GnasAnnotError
                    failures[job.source] = _failure(job, outcome, internal=True)
                elif outcome.error is not None:
                    failures[job.source] = outcome.error
                elif outcome.chunks:
                    finished = False  # done when its commit task is
                    parts = [
                        client.submit(
                            _annotate_chunk, job, chunk, key=f"gnas-chunk-{uuid.uuid4().hex}"
                        )
                        for chunk in outcome.chunks
                    ]
                    commit = client.submit(
                        _commit_chunks, job, parts, key=f"gnas-commit-{uuid.uuid4().hex}"
                    )
                    by_future[commit] = job
                    pending.add(commit)
                if finished and progress is not None:
                    done += 1
                    progress(done, len(jobs))
    except BaseException:
        client.cancel(list(by_future))
        raise
    return [failures[job.source] for job in jobs if job.source in failures]


def _results(client: Any, batch: Sequence[Any]) -> Iterator[tuple[Any, _Outcome | BaseException]]:
    """Each finished future with its outcome, or the exception that ended its task."""
    finished = [f for f in batch if f.status == "finished"]
    try:
        gathered = dict(zip(finished, client.gather(finished), strict=True))
    except Exception:  # e.g. a worker lost since: ask each future on its own
        gathered = {}
    for future in batch:
        outcome: _Outcome | BaseException
        if future in gathered:
            outcome = gathered[future]
        else:
            try:
                outcome = future.result()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # the task's exception, or CancelledError
                outcome = exc
        future.release()
        if not isinstance(outcome, (_Outcome, BaseException)):
            outcome = RuntimeError(f"unexpected task result {outcome!r}")
        yield future, outcome


def _failure(job: _Job, exc: BaseException, *, internal: bool = False) -> dict[str, Any]:
    return {
        "path": job.path,
        SOURCE: job.source,
        "error": type(exc).__name__,
        "exit_code": 70 if internal else getattr(exc, "exit_code", 1),
        "message": (f"internal error: {exc}" if internal else str(exc)),
    }


def _write_failures(out: Path, failures: Sequence[Mapping[str, Any]]) -> None:
    target = out / FAILURES_FILE
    if not failures:
        target.unlink(missing_ok=True)  # from an earlier run
        return
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(list(failures), indent=2) + "\n", encoding="utf-8")


# -- tasks (run on the workers) ------------------------------------------------------------


def _annotate_input(job: _Job, families: FamilyIndex | None) -> _Outcome:
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
                    return _Outcome(job.source, seconds=time.perf_counter() - start, chunks=chunks)
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
        return _Outcome(job.source, n_rows, table_rows.alleles, time.perf_counter() - start)
    except GnasAnnotError as exc:
        return _Outcome(job.source, error=_failure(job, exc))


def _annotate_chunk(job: _Job, chunk: _Chunk) -> _Outcome:
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
        return _Outcome(job.source, n_rows, len(bare), seconds, bare=bare, metadata=metadata)
    except GnasAnnotError as exc:
        failure = _failure(job, exc)
        failure["message"] = f"sample chunk {chunk.index}: {failure['message']}"
        return _Outcome(job.source, error=failure)


def _commit_chunks(job: _Job, parts: Sequence[_Outcome]) -> _Outcome:
    """All chunks of one input done: add the rows of alleles no sample carries, rename."""
    folder = Path(job.staging) / quote(job.source, safe="")
    try:
        errors = [p.error for p in parts if p.error is not None]
        if errors:
            return _Outcome(job.source, error=errors[0])
        uncarried = set(parts[0].bare).intersection(*(p.bare for p in parts[1:]))
        leftover = [row for key in sorted(uncarried) for row in parts[0].bare[key]]
        n_rows = sum(p.rows for p in parts)
        if leftover:
            target = folder / f"part-{len(parts):05d}.parquet"
            n_rows += write_rows(leftover, target, parts[0].metadata)
        for vcf in folder.glob("chunk-*.vcf"):
            vcf.unlink()
        _replace_dir(folder, Path(job.final))
        return _Outcome(job.source, n_rows, seconds=sum(p.seconds for p in parts))
    except GnasAnnotError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _Outcome(job.source, error=_failure(job, exc))


# -- helpers -----------------------------------------------------------------------------


def _metadata(job: _Job, run: AnnotationRun) -> dict[str, str]:
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
