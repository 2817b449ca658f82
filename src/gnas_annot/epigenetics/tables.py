"""Methylation tables: bedMethyl (ENCODE 11 columns, modbam2bed 14, modkit
pileup 18, plain or bgzipped and indexed), Bismark coverage (``.cov``,
``.cov.gz``) and per-DMR tables (DMR, percent) for MS-MLPA or
pyrosequencing.

Strands are combined on the CpG's + strand C: a ``-`` row sits on the G
(modkit, modbam2bed), so its CpG is one base earlier.  Bismark coverage has
no strand column, so each C is its own site there (merge with Bismark's
``--merge_CpG`` to count CpGs).  Rows off chromosome 20 or outside the DMRs
are read and skipped; a row that cannot be parsed is an error, never skipped.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

import pysam

from gnas_annot.epigenetics.model import ALL, DmrObservation, InputKind, Track
from gnas_annot.epigenetics.reference import DmrSpec, dmr_names, resolve_dmr
from gnas_annot.errors import CorruptInputError, InputError
from gnas_annot.io.paths import require_input
from gnas_annot.model.builds import CHR20_NAMES

PathLike = str | os.PathLike[str]
#: rows per CpG position: (methylated, total); 'all' plus haplotype labels
SiteCounts = dict[int, list[int]]


def key(spec: DmrSpec) -> str:
    """Counts are kept per build and DMR until the build is known."""
    return f"{spec.build}:{spec.region}"


def text_lines(path: Path) -> Iterator[tuple[int, str]]:
    # a pipe or /dev/null used to be "not found"; the file is looked at more than once
    require_input(path, "methylation file", stream_ok=False, read_as="read more than once")
    try:
        with path.open("rb") as raw:
            gz = raw.read(2) == b"\x1f\x8b"
        opener = gzip.open if gz else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                yield number, line.rstrip("\r\n")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise CorruptInputError(f"cannot read {path}: {exc}") from exc


def sniff(path: Path) -> InputKind:
    """What kind of methylation file ``path`` is, from its first data line."""
    for _, line in text_lines(path):
        if not line.strip() or line.startswith(("#", "track", "browser")):
            continue
        fields = line.split("\t")
        if len(fields) >= 10:
            return InputKind.BEDMETHYL
        if len(fields) == 6 and all(_is_number(f) for f in fields[1:]):
            return InputKind.BISMARK
        if len(fields) >= 2 or "," in line:
            return InputKind.DMR_TABLE
        break
    raise CorruptInputError(
        f"{path}: not a bedMethyl (>= 10 columns), Bismark coverage (6 columns) "
        "or per-DMR table (DMR, percent)"
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _split_modkit(fields: list[str]) -> list[str]:
    """Early modkit wrote columns 10-18 space-separated in one column."""
    if len(fields) == 10 and " " in fields[9]:
        return fields[:9] + fields[9].split()
    return fields


def _site(fields: Sequence[str], where: str, combine_5hmc: bool) -> tuple[int, int, int] | None:
    """(CpG position, methylated, total) of one bedMethyl row; None = not a 5mC row."""
    width = len(fields)
    try:
        start = int(fields[1])
        strand = fields[5]
        if width >= 18:
            code = fields[3]
            wanted = ("m", "h", "5mC", "5hmC") if combine_5hmc else ("m", "5mC")
            if code not in wanted:
                return None
            valid, mod = int(fields[9]), int(fields[11])
            total = valid
            methylated = mod
        elif width == 14:
            canonical, mod = int(fields[11]), int(fields[12])
            methylated, total = mod, canonical + mod
        elif width == 11:
            total = int(fields[9])
            methylated = round(total * float(fields[10]) / 100.0)
        else:
            raise ValueError(f"{width} columns (expected 11, 14 or 18)")
    except (ValueError, IndexError) as exc:
        raise CorruptInputError(f"{where}: not a bedMethyl row ({exc})") from exc
    if total < 0 or not 0 <= methylated <= total:
        raise CorruptInputError(f"{where}: {methylated} methylated of {total} calls")
    return (start if strand == "-" else start + 1), methylated, total


def bedmethyl_rows(
    path: Path, specs: Sequence[DmrSpec], combine_5hmc: bool
) -> tuple[dict[str, SiteCounts], int, int]:
    """Counts per DMR region from one bedMethyl; also (chr20 rows, all rows)."""
    found: dict[str, SiteCounts] = {key(s): defaultdict(lambda: [0, 0]) for s in specs}
    chr20 = rows = 0
    width = None
    # Rows of 5mC and 5hmC at one position share Nvalid_cov: count it once.
    seen_valid: dict[tuple[str, int], int] = {}
    for number, line in _records(path, specs):
        fields = _split_modkit(line.split("\t"))
        if width is None:
            width = len(fields)
        elif len(fields) != width:
            raise CorruptInputError(
                f"{path}:{number}: {len(fields)} columns where earlier rows have {width}"
            )
        rows += 1
        if fields[0] not in CHR20_NAMES:
            continue
        chr20 += 1
        site = _site(fields, f"{path}:{number}", combine_5hmc)
        if site is None:
            continue
        pos, methylated, total = site
        for spec in specs:
            if spec.interval.start <= pos <= spec.interval.end:
                cell = found[key(spec)][pos]
                cell[0] += methylated
                strand_key = (key(spec), pos * 2 + (fields[5] == "-"))
                if width >= 18 and strand_key in seen_valid:
                    continue  # the 5hmC row of a CpG strand already counted its calls
                seen_valid[strand_key] = total
                cell[1] += total
    return found, chr20, rows


def _records(path: Path, specs: Sequence[DmrSpec]) -> Iterator[tuple[int, str]]:
    """Data lines; through the tabix index when there is one (only DMR rows then)."""
    index = next(
        (
            path.with_name(path.name + ext)
            for ext in (".tbi", ".csi")
            if path.with_name(path.name + ext).is_file()
        ),
        None,
    )
    if index is None or not path.name.endswith(".gz"):
        for number, line in text_lines(path):
            if line.strip() and not line.startswith(("#", "track", "browser")):
                yield number, line
        return
    try:
        with pysam.TabixFile(str(path), index=str(index)) as tabix:
            contigs = [c for c in tabix.contigs if c in CHR20_NAMES]
            number = 0
            for contig in contigs:
                for spec in specs:
                    # the '-' row of the first CpG sits one base after its C
                    for line in tabix.fetch(contig, spec.interval.start - 1, spec.interval.end + 1):
                        number += 1
                        yield number, line
    except (OSError, ValueError) as exc:
        raise CorruptInputError(f"cannot read {path} through its index: {exc}") from exc


def bismark_rows(path: Path, specs: Sequence[DmrSpec]) -> tuple[dict[str, SiteCounts], int, int]:
    """Counts per DMR region from a Bismark coverage file (1-based C positions)."""
    found: dict[str, SiteCounts] = {key(s): defaultdict(lambda: [0, 0]) for s in specs}
    chr20 = rows = 0
    for number, line in text_lines(path):
        if not line.strip() or line.startswith(("#", "track")):
            continue
        fields = line.split("\t")
        where = f"{path}:{number}"
        if len(fields) != 6:
            raise CorruptInputError(f"{where}: {len(fields)} columns (Bismark .cov has 6)")
        try:
            pos, methylated, unmethylated = int(fields[1]), int(fields[4]), int(fields[5])
            float(fields[3])
        except ValueError as exc:
            raise CorruptInputError(f"{where}: not a Bismark coverage row ({exc})") from exc
        if methylated < 0 or unmethylated < 0:
            raise CorruptInputError(f"{where}: negative counts")
        rows += 1
        if fields[0] not in CHR20_NAMES:
            continue
        chr20 += 1
        for spec in specs:
            if spec.interval.start <= pos <= spec.interval.end:
                cell = found[key(spec)][pos]
                cell[0] += methylated
                cell[1] += methylated + unmethylated
    return found, chr20, rows


def observations(
    per_track: dict[tuple[str, str | None], dict[str, SiteCounts]], specs: Sequence[DmrSpec]
) -> tuple[DmrObservation, ...]:
    """DMR observations from counts per (track label, phase set) and region."""
    out = []
    for spec in specs:
        tracks = [
            Track.build(label, ps, {p: (c[0], c[1]) for p, c in regions[key(spec)].items()})
            for (label, ps), regions in per_track.items()
            if regions.get(key(spec))
        ]
        out.append(DmrObservation(spec.region, tuple(sorted(tracks, key=_first_all))))
    return tuple(out)


def _first_all(track: Track) -> tuple[int, str]:
    return (0 if track.label == ALL else 1, track.label)


_DMR_COLUMNS = ("dmr", "region", "probe", "name")
_VALUE_COLUMNS = {"percent": 1.0, "methylation": 1.0, "pct": 1.0, "fraction": 100.0, "ratio": 100.0}


def dmr_table(path: Path) -> dict[str, tuple[float, int]]:
    """{region: (mean percent, rows)} from a per-DMR table with a header line.

    Columns: a DMR (or MS-MLPA probe) name (``dmr``/``region``/``probe``/
    ``name``) and ``percent`` (0-100) or ``fraction``/``ratio`` (0-1).
    Several rows for one DMR (two XL probes) are averaged.
    """
    lines = [(n, line) for n, line in text_lines(path) if line.strip() and not line.startswith("#")]
    if not lines:
        raise CorruptInputError(f"{path}: empty per-DMR table")
    dialect = "," if "\t" not in lines[0][1] and "," in lines[0][1] else "\t"
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)), delimiter=dialect)
    header = [h.strip().lower() for h in next(reader)]
    name_col = next((header.index(c) for c in _DMR_COLUMNS if c in header), None)
    value_col = next(((header.index(c), f) for c, f in _VALUE_COLUMNS.items() if c in header), None)
    if name_col is None or value_col is None:
        raise CorruptInputError(
            f"{path}: a per-DMR table needs a header with a DMR column "
            f"({'/'.join(_DMR_COLUMNS)}) and a value column ({'/'.join(_VALUE_COLUMNS)})"
        )
    values: dict[str, list[float]] = defaultdict(list)
    names = dmr_names()
    for (number, _), row in zip(lines[1:], reader, strict=True):
        where = f"{path}:{number}"
        if len(row) != len(header):
            raise CorruptInputError(f"{where}: {len(row)} fields, the header has {len(header)}")
        region = resolve_dmr(row[name_col], names)
        if region is None:
            raise InputError(f"{where}: {row[name_col]!r} is not a GNAS DMR or MS-MLPA probe name")
        try:
            value = float(row[value_col[0]]) * value_col[1]
        except ValueError as exc:
            raise CorruptInputError(f"{where}: {row[value_col[0]]!r} is not a number") from exc
        if not 0.0 <= value <= 100.0:
            raise CorruptInputError(f"{where}: {value:g} % is outside 0-100")
        values[region].append(value)
    return {r: (sum(v) / len(v), len(v)) for r, v in values.items()}
