"""``annotate --threads N``: one input in region chunks, annotated in N processes
on Dask's local scheduler, the outputs joined in file order.

The result is the one-process output byte for byte (tests/test_threads.py):
the header comes from the first chunk (as one process writes it after the
first record), every other chunk adds its records or rows only.  Runs where a
record's output can depend on other records (a pedigree or trio with phased
genotypes, alignments, methylation, copy number, UPD), stdin and Parquet output
stay in one process; so does an input with few records in the region (see
:data:`gnas_annot.scale.regions.MIN_RECORDS_PER_CHUNK`).  Compressed output
(.vcf.gz, .bcf, .tsv.gz, .jsonl.gz) is joined as text, then compressed and
indexed once, by the code one process uses.  A chunk that fails
makes the whole input run again in one process, so errors and exit codes are
those of one process too.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from gnas_annot.cli.guards import show_warning
from gnas_annot.cli.summary import Summary
from gnas_annot.errors import GnasAnnotError
from gnas_annot.output.kinds import OutputType, delivered

#: chunks per process: the cost of a record varies along the region (exonic records
#: cost more), so equal record counts would leave one process idle while another
#: finishes; smaller chunks are handed out as processes become free
CHUNKS_PER_PROCESS = 4

#: the output types whose chunks join by plain concatenation
_JOINABLE = (OutputType.VCF, OutputType.TSV, OutputType.JSONL)

#: compressed types: the chunks write this text, joined and then compressed once (a
#: bgzip stream's blocks and a BCF's header belong to the whole file, not a chunk)
_TEXT_OF = {
    OutputType.VCF_GZ: OutputType.VCF,
    OutputType.BCF: OutputType.VCF,
    OutputType.TSV_GZ: OutputType.TSV,
    OutputType.JSONL_GZ: OutputType.JSONL,
}


@dataclass(frozen=True, slots=True)
class _Part:
    """A chunk's outcome: its summary, or that it failed; its warnings."""

    summary: Summary | None
    warnings: tuple[tuple[type[Warning], str], ...]
    #: what the chunk's run wrote on stderr: htslib's lines about the chunk's records,
    #: which the split already passed on about the input's (see :func:`_said_once`)
    said: str = ""


def one_process_reason(args: argparse.Namespace, kind: OutputType) -> str | None:
    """Why this run cannot be split into region chunks, or None."""
    if args.input == "-":
        return "the input is stdin"
    for option, value in (
        ("--bam", args.bam),
        ("--methylation", args.methylation),
        ("--sv", args.sv),
        ("--cnv", args.cnv),
        ("--upd", args.upd),
    ):
        if value:
            return f"{option} relates records to each other"
    if kind not in _JOINABLE and kind not in _TEXT_OF:
        return f"{kind} output is written by one process"
    return None


def annotate_in_chunks(args: argparse.Namespace, kind: OutputType, run: object) -> Summary | None:
    """The annotate run of ``args`` in region chunks on ``args.threads`` processes;
    None when it has to be one process (the caller then runs it)."""
    from gnas_annot.scale.regions import run_local, split_regions

    reason = one_process_reason(args, kind)
    if reason is not None:
        if not args.quiet:
            print(f"gnas-annot annotate: one process ({reason})", file=sys.stderr)
        return None
    if args.ped is not None:
        from gnas_annot.cli.family import cohort_pedigree

        cohort_pedigree(args.ped, args.input, args.strict)  # its warning, before the input's
    folder = Path(tempfile.mkdtemp(prefix="gnas_annot_threads_"))
    try:
        # what reading the input says (htslib's lines, our warnings) is held while it
        # is split: passed on once the chunks ran, dropped when one process runs the
        # input instead (it says it all again, as it always does)
        split_said = io.StringIO()
        try:
            with warnings.catch_warnings(), contextlib.redirect_stderr(split_said):
                # (catch_warnings: leaving it resets the once-per-place memory of
                # warnings, so a one-process run after it warns again)
                chunks, phased = split_regions(
                    args.input,
                    folder,
                    chunks=args.threads * CHUNKS_PER_PROCESS,
                    reference=args.reference,
                    build=None if args.build is None else str(args.build),
                    region=args.region,
                )
        except BaseException:
            sys.stderr.write(split_said.getvalue())  # what came before the error
            raise
        if len(chunks) < 2:
            return None
        if phased and (args.ped is not None or args.trio is not None):
            if not args.quiet:
                print(
                    "gnas-annot annotate: one process (phased genotypes: the parent of "
                    "origin looks at the child's other sites)",
                    file=sys.stderr,
                )
            return None
        text = _TEXT_OF.get(kind, kind)
        jobs = []
        for chunk in chunks:
            job = argparse.Namespace(**vars(args))
            job.input, job.output = chunk.vcf, str(folder / f"part-{chunk.index:05d}{text.suffix}")
            job.output_type, job.quiet, job.verbose, job.threads = text.value, True, False, 1
            jobs.append((job, run))
        parts = run_local(_annotate_part, jobs, workers=min(args.threads, len(chunks)))
        if any(p.summary is None for p in parts):
            return None  # the one-process run reports the error as it always does
        sys.stderr.write(split_said.getvalue())
        said = _said_once(split_said.getvalue(), parts, [c.vcf for c in chunks])
        if said:
            sys.stderr.write(said)
        _replay_warnings(parts, [c.vcf for c in chunks])
        with delivered(args.output, kind) as target:
            if text is kind:
                _join([job.output for job, _ in jobs], target, kind)
            else:
                joined = folder / f"joined{text.suffix}"
                _join([job.output for job, _ in jobs], str(joined), text)
                _compress(joined, target, kind)
        summaries = [p.summary for p in parts if p.summary is not None]
        first = summaries[0]
        counts: Counter[str] = Counter()
        for s in summaries:
            counts.update(s.counts)
        return Summary(
            first.build, first.region, first.reference, counts, sum(s.written for s in summaries)
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _annotate_part(job: tuple[argparse.Namespace, object]) -> _Part:
    """One chunk, in a worker process: warnings and errors come back as values."""
    args, run = job
    assert callable(run)
    said = io.StringIO()
    # the filters of one process; htslib's lines (caught and passed on to sys.stderr)
    # come back as a value, to be said in chunk order and only once (_said_once)
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(said):
        try:
            summary = run(args)
        except GnasAnnotError:
            summary = None
    return _Part(summary, tuple((w.category, str(w.message)) for w in caught), said.getvalue())


def _said_once(split: str, parts: Sequence[_Part], chunks: Sequence[str]) -> str:
    """The chunks' stderr lines in chunk order, but those the split already said: a
    chunk is a copy of input records the split read (and htslib spoke about them
    then), so its lines repeat the split's; lines naming a chunk file are about our
    copy, not the input.  A line the split did not say is passed on."""
    already = Counter(split.splitlines())
    out = []
    for part in parts:
        for line in part.said.splitlines():
            if already[line] > 0:
                already[line] -= 1
            elif not any(chunk in line for chunk in chunks):
                out.append(line + "\n")
    return "".join(out)


def _replay_warnings(parts: Sequence[_Part], chunks: Sequence[str]) -> None:
    """The chunks' warnings in chunk order, but those about a chunk file itself: the
    input's own (an index, chr20 names) were given while it was split, as one
    process gives them; a chunk's copy would name our file and its line numbers."""
    for part in parts:
        for category, message in part.warnings:
            if not any(chunk in message for chunk in chunks):
                show_warning(message, category, "", 0)


def _join(paths: Sequence[str], target: str, kind: OutputType) -> None:
    """The first chunk whole, then the records (VCF) or rows (TSV, JSON Lines) of
    the others: their header lines are the first chunk's."""
    with Path(target).open("wb") as out:
        for k, path in enumerate(paths):
            with Path(path).open("rb") as part:
                if k:
                    _skip_header(part, kind)
                shutil.copyfileobj(part, out, 1 << 20)


def _compress(text: Path, target: str, kind: OutputType) -> None:
    """The joined text into ``target`` as one process writes ``kind``."""
    if kind.table == "vcf":
        from gnas_annot.output.annotated_vcf import compress_vcf

        compress_vcf(text, target)
    else:
        from gnas_annot.output.tables import compress_table

        compress_table(text, target)


def _skip_header(handle: BinaryIO, kind: OutputType) -> None:
    if kind is OutputType.JSONL:
        handle.readline()  # the provenance object
        return
    while True:
        where = handle.tell()
        line = handle.readline()
        if not line.startswith(b"##"):
            break
    if kind is OutputType.VCF and not line.startswith(b"#CHROM"):
        handle.seek(where)
    # TSV: the line after the ## lines is the column header, skipped with them
