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
from pathlib import Path
from typing import Any

from gnas_annot.errors import AnnotateManyError, GnasAnnotError, OutputError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin.pedigree import FamilyIndex, Pedigree
from gnas_annot.output.atomic import atomic_path
from gnas_annot.output.parquet import (
    SOURCE,
    partition_dir,
    pyarrow_modules,
)
from gnas_annot.scale.chunks import Job as _Job
from gnas_annot.scale.tasks import Outcome, annotate_chunk, annotate_input, commit_chunks, failure

PathLike = str | os.PathLike[str]

FAILURES_FILE = "_failures.json"
_STAGING = "_staging"
_EXTRA = "pip install 'gnas-annot[scale]'"

# -- optional dependencies ---------------------------------------------------------------


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise GnasAnnotError(f"annotate_many needs dask.distributed: {_EXTRA}") from exc
    return distributed


# -- the driver ---------------------------------------------------------------------------


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
    for failed in failures:
        shutil.rmtree(partition_dir(out, failed["source"]), ignore_errors=True)
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
        client.submit(annotate_input, job, shared, key=f"gnas-annotate-{uuid.uuid4().hex}"): job
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
                    failures[job.source] = failure(job, outcome, internal=True)
                elif outcome.error is not None:
                    failures[job.source] = outcome.error
                elif outcome.chunks:
                    finished = False  # done when its commit task is
                    parts = [
                        client.submit(
                            annotate_chunk, job, chunk, key=f"gnas-chunk-{uuid.uuid4().hex}"
                        )
                        for chunk in outcome.chunks
                    ]
                    commit = client.submit(
                        commit_chunks, job, parts, key=f"gnas-commit-{uuid.uuid4().hex}"
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


def _results(client: Any, batch: Sequence[Any]) -> Iterator[tuple[Any, Outcome | BaseException]]:
    """Each finished future with its outcome, or the exception that ended its task."""
    finished = [f for f in batch if f.status == "finished"]
    try:
        gathered = dict(zip(finished, client.gather(finished), strict=True))
    except Exception:  # e.g. a worker lost since: ask each future on its own
        gathered = {}
    for future in batch:
        outcome: Outcome | BaseException
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
        if not isinstance(outcome, (Outcome, BaseException)):
            outcome = RuntimeError(f"unexpected task result {outcome!r}")
        yield future, outcome


def _write_failures(out: Path, failures: Sequence[Mapping[str, Any]]) -> None:
    target = out / FAILURES_FILE
    if not failures:
        target.unlink(missing_ok=True)  # from an earlier run
        return
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(list(failures), indent=2) + "\n", encoding="utf-8")
