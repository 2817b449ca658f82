"""Read depth per copy-number target from an indexed BAM/CRAM.

Depth is the mean number of aligned bases per target base, counting each
read's aligned blocks (so deletions and soft clips add nothing) and skipping
unmapped, secondary, supplementary, QC-failed and duplicate reads and reads
below ``min_mapq``.  Both mates of a pair count where they overlap, in the
sample and in the controls alike, so ratios are unaffected.

Depth matrices (``gnas-annot cnv --write-depths``) round-trip through
:func:`write_matrix` / :func:`read_matrix`, so a lab can keep the depths of
its normal samples instead of their BAMs.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pysam

from gnas_annot.errors import (
    AlignmentInputError,
    CorruptInputError,
    InputError,
    InputNotFoundError,
)
from gnas_annot.io.alignments import open_alignments
from gnas_annot.model.builds import CHR20_NAMES, GenomeBuild, build_from_length
from gnas_annot.structure.targets import Target

_SKIP = 0x4 | 0x100 | 0x200 | 0x400 | 0x800
MATRIX_COLUMNS = ("target", "chrom", "start", "end")


@dataclass(frozen=True, slots=True)
class SampleDepth:
    """Mean depth per target (by target name) of one sample."""

    sample: str
    source: str
    build: GenomeBuild
    depths: Mapping[str, float]
    reads: Mapping[str, int] | None = None  # whole-read equivalents per target (None: matrix)


def chr20_contig(handle: pysam.AlignmentFile, source: str) -> tuple[str, GenomeBuild]:
    """The chromosome-20 contig name and the build its length implies."""
    for name, length in zip(handle.references, handle.lengths, strict=True):
        if name in CHR20_NAMES:
            build = build_from_length(length)
            if build is None:
                raise AlignmentInputError(
                    f"{source}: {name} is {length:,} bp, neither GRCh38 nor GRCh37"
                )
            return name, build
    raise AlignmentInputError(f"{source} has no chromosome 20 contig")


def sample_name(handle: pysam.AlignmentFile, source: str) -> str:
    names = {rg["SM"] for rg in handle.header.to_dict().get("RG", []) if "SM" in rg}
    if len(names) > 1:
        raise AlignmentInputError(
            f"{source} holds several samples ({', '.join(sorted(names))}): one per file"
        )
    return names.pop() if names else Path(source).name.split(".")[0]


def measure(
    path: str | os.PathLike[str],
    targets: Sequence[Target],
    *,
    build: GenomeBuild | None = None,
    reference: str | os.PathLike[str] | None = None,
    min_mapq: int = 20,
) -> SampleDepth:
    """Mean depth over each target of ``targets`` (which must be of the BAM's build)."""
    with open_alignments(path, reference) as handle:
        contig, found = chr20_contig(handle, str(path))
        if build is not None and build != found:
            from gnas_annot.errors import BuildMismatchError

            raise BuildMismatchError(f"{path}: chr20 length says {found}, but --build {build}")
        depths, reads = {}, {}
        try:
            for target in targets:
                depths[target.name], reads[target.name] = _mean_depth(
                    handle, contig, target, min_mapq
                )
        except (OSError, ValueError) as exc:
            raise AlignmentInputError(f"cannot read {path}: {exc}") from exc
        return SampleDepth(sample_name(handle, str(path)), str(path), found, depths, reads)


def _mean_depth(
    handle: pysam.AlignmentFile, contig: str, target: Target, min_mapq: int
) -> tuple[float, int]:
    lo, hi = target.start - 1, target.end  # 0-based half-open
    bases = reads = read_bases = 0
    for read in handle.fetch(contig, lo, hi):
        if read.flag & _SKIP or read.mapping_quality < min_mapq:
            continue
        aligned = 0
        for start, end in read.get_blocks():
            overlap = min(end, hi) - max(start, lo)
            if overlap > 0:
                aligned += overlap
        if aligned:
            bases += aligned
            reads += 1
            read_bases += read.query_alignment_length or aligned
    # reads that only graze a short target carry less information than whole
    # reads: count "whole-read equivalents" (bases over the mean read length),
    # the conservative choice for a counting-noise z-score
    equivalents = round(bases / (read_bases / reads)) if reads else 0
    return bases / target.length, equivalents


def write_matrix(path: Path, targets: Sequence[Target], samples: Iterable[SampleDepth]) -> None:
    """A TSV of targets x samples (mean depths), readable by :func:`read_matrix`."""
    samples = list(samples)
    lines = ["\t".join((*MATRIX_COLUMNS, *(s.sample for s in samples)))]
    for t in targets:
        values = (f"{s.depths[t.name]:.3f}" for s in samples)
        lines.append("\t".join((t.name, t.chrom, str(t.start), str(t.end), *values)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_matrix(
    path: str | os.PathLike[str], targets: Sequence[Target], build: GenomeBuild
) -> list[SampleDepth]:
    """Control depths from a matrix; every target must be there with our coordinates."""
    file = Path(path)
    if not file.is_file():
        raise InputNotFoundError(f"depth matrix not found: {file}")
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # a BAM or gzip given as the matrix
        raise CorruptInputError(f"{file}: not a depth matrix (not UTF-8 text: {exc})") from exc
    rows = [line.rstrip("\n").split("\t") for line in text.splitlines()]
    rows = [r for r in rows if r and r[0] and not r[0].startswith("#")]
    if not rows or tuple(rows[0][:4]) != MATRIX_COLUMNS or len(rows[0]) < 5:
        raise InputError(
            f"{file}: not a depth matrix (header must be {' '.join(MATRIX_COLUMNS)} SAMPLE...)"
        )
    samples = rows[0][4:]
    by_name: dict[str, list[str]] = {}
    for number, line in enumerate(rows[1:], start=2):
        if len(line) != len(rows[0]):
            raise InputError(f"{file}: line {number} has {len(line)} columns, not {len(rows[0])}")
        by_name[line[0]] = line
    values: dict[str, dict[str, float]] = {s: {} for s in samples}
    for t in targets:
        row = by_name.get(t.name)
        if row is None:
            raise InputError(f"{file}: target {t.name!r} is missing (made for another build?)")
        if (row[2], row[3]) != (str(t.start), str(t.end)):
            raise InputError(
                f"{file}: {t.name} is {row[2]}-{row[3]} there but {t.start}-{t.end} on {build}"
            )
        for sample, text in zip(samples, row[4:], strict=True):
            try:
                depth = float(text)
            except ValueError as exc:
                raise InputError(f"{file}: {t.name} {sample}: {text!r} is not a depth") from exc
            if not 0 <= depth < math.inf:  # nan/inf/negative would make every ratio nan
                raise InputError(f"{file}: {t.name} {sample}: {text!r} is not a depth (>= 0)")
            values[sample][t.name] = depth
    return [SampleDepth(s, str(file), build, values[s]) for s in samples]
