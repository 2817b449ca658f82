"""Synthetic BAMs for copy-number tests: reads tiled over every target (and
200 bp around it) at a chosen depth, with chosen intervals at other copy
numbers.  Read bases are all 'A' (depth does not look at them); positions are
the real exon coordinates from the pack."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pysam

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.structure.targets import copy_number_targets

READ = 100
PAD = 200


def write_depth_bam(
    path: Path,
    build: GenomeBuild,
    *,
    depth: float = 30.0,
    copies: Sequence[tuple[int, int, int]] = (),  # (start, end, copy number) 1-based
    sample: str = "kid",
    seed: int = 1,
    flanks: bool = True,
    contig: str = "chr20",
    index: bool = True,
    reference: Path | None = None,
) -> Path:
    rng = random.Random(seed)
    regions: list[tuple[int, int]] = []
    for t in copy_number_targets(build):
        if t.kind == "flank" and not flanks:
            continue
        regions.append((t.start - PAD, t.end + PAD))
    regions.sort()
    merged: list[list[int]] = []
    for s, e in regions:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    header = pysam.AlignmentHeader.from_dict(
        {
            "HD": {"VN": "1.6", "SO": "coordinate"},
            "SQ": [{"SN": contig, "LN": build.chr20_length}],
            "RG": [{"ID": "rg1", "SM": sample}],
        }
    )
    starts: list[int] = []
    for s, e in merged:
        # read starts as a Poisson process whose rate follows the copy number
        # at the read's middle (a thinned process at the highest rate)
        top = max([2, *(c for _, _, c in copies)]) / 2 * depth / READ
        pos = float(s - READ)
        while pos <= e:
            pos += rng.expovariate(top)
            start = int(pos)
            mid = start + READ // 2
            n = next((c for a, b, c in copies if a <= mid <= b), 2)
            if rng.random() < (n / 2 * depth / READ) / top:
                starts.append(start)
    starts.sort()
    mode = "wc" if path.suffix == ".cram" else "wb"
    extra = {"reference_filename": str(reference)} if reference else {}
    with pysam.AlignmentFile(str(path), mode, header=header, **extra) as out:
        for i, start in enumerate(starts):
            seg = pysam.AlignedSegment(header)
            seg.query_name = f"r{i}"
            seg.reference_id = 0
            seg.reference_start = start - 1
            seg.mapping_quality = 60
            seg.cigartuples = [(0, READ)]
            seg.query_sequence = "A" * READ
            seg.query_qualities = pysam.qualitystring_to_array("I" * READ)
            seg.set_tag("RG", "rg1")
            out.write(seg)
    if index:
        pysam.index(str(path))
    return path
