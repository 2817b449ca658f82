"""Build small coordinate-sorted, indexed BAM/CRAM files of chr20 reads with pysam.

Reads are cut from the test reference handed in (its bases where it knows
them) with chosen substitutions and deletions applied; nothing is read from
../shared/data here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pysam

CHR20_GRCH38 = 64_444_167


@dataclass
class Read:
    name: str
    start: int  # 1-based first aligned base
    length: int  # reference bases covered
    alts: dict[int, str] = field(default_factory=dict)  # 1-based pos -> base
    deletion: tuple[int, int] | None = None  # (anchor pos, deleted length): VCF-style
    reverse: bool = False
    mate: int = 0  # 0 single-end, 1 or 2 for a pair


def _segment(read: Read, fasta: pysam.FastaFile, header: pysam.AlignmentHeader):
    bases = list(fasta.fetch("chr20", read.start - 1, read.start - 1 + read.length).upper())
    assert "N" not in bases, f"read {read.name} covers unknown reference bases"
    for pos, base in read.alts.items():
        bases[pos - read.start] = base
    cigar = [(0, read.length)]
    if read.deletion is not None:
        anchor, size = read.deletion
        keep = anchor - read.start + 1
        del bases[keep : keep + size]
        cigar = [(0, keep), (2, size), (0, read.length - keep - size)]
    seg = pysam.AlignedSegment(header)
    seg.query_name = read.name
    seg.reference_id = 0
    seg.reference_start = read.start - 1
    seg.mapping_quality = 60
    seg.cigartuples = cigar
    seg.query_sequence = "".join(bases)
    seg.query_qualities = pysam.qualitystring_to_array("I" * len(bases))
    flag = 0x10 if read.reverse else 0
    if read.mate:
        flag |= 0x1 | 0x2 | (0x40 if read.mate == 1 else 0x80) | (0x0 if read.reverse else 0x20)
    seg.flag = flag
    seg.set_tag("RG", "rg1")
    return seg


def write_alignments(
    path: Path, reads: list[Read], reference: Path, sample: str = "kid", chr20_length: int = 0
) -> Path:
    """Write ``reads`` to ``path`` (.bam or .cram, which is written against
    ``reference``) and index it; ``chr20_length`` overrides the header's GRCh38 length."""
    header = pysam.AlignmentHeader.from_dict(
        {
            "HD": {"VN": "1.6", "SO": "coordinate"},
            "SQ": [{"SN": "chr20", "LN": chr20_length or CHR20_GRCH38}],
            "RG": [{"ID": "rg1", "SM": sample}],
        }
    )
    cram = path.suffix == ".cram"
    with pysam.FastaFile(str(reference)) as fasta:
        segments = sorted(
            (_segment(r, fasta, header) for r in reads), key=lambda s: s.reference_start
        )
    mode = "wc" if cram else "wb"
    extra = {"reference_filename": str(reference)} if cram else {}
    with pysam.AlignmentFile(str(path), mode, header=header, **extra) as out:
        for seg in segments:
            out.write(seg)
    pysam.index(str(path))
    return path


def pairs(prefix: str, n: int, first: Read, second: Read | None = None) -> list[Read]:
    """``n`` copies of a read (or read pair) with distinct names."""
    reads = []
    for i in range(n):
        name = f"{prefix}{i}"
        reads.append(
            Read(
                name,
                first.start,
                first.length,
                dict(first.alts),
                first.deletion,
                mate=1 if second else 0,
            )
        )
        if second is not None:
            reads.append(
                Read(
                    name,
                    second.start,
                    second.length,
                    dict(second.alts),
                    second.deletion,
                    reverse=True,
                    mate=2,
                )
            )
    return reads
