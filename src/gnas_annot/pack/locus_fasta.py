"""Writing a *partial* chromosome-20 FASTA: known bases at their true
positions, ``N`` everywhere else.

This is how sequence we are allowed to hold (the user's own FASTA cut down to
the locus, a ``data fetch`` download, or test fixtures built from public
facts) becomes a reference every tool understands: coordinates stay genomic,
so pysam, bcftools and hgvs need no offset arithmetic, and the chr20 length
still identifies the build.  bgzip compresses the ``N`` runs to almost nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pysam

from gnas_annot.errors import DataPackError

_LINE = 60
_CHUNK_LINES = 50_000


def write_partial_fasta(
    path: str | os.PathLike[str],
    contig: str,
    length: int,
    pieces: Mapping[int, str],
    description: str = "",
) -> Path:
    """Write ``contig`` of ``length`` bases, with ``pieces`` {1-based start: bases}
    and ``N`` elsewhere, as bgzipped FASTA with .fai and .gzi indexes.

    Overlapping pieces must agree base for base (they are facts about one
    sequence); a disagreement raises :class:`DataPackError`.
    """
    path = Path(path)
    if not str(path).endswith(".gz"):
        raise ValueError("partial FASTA must be bgzipped (.fa.gz)")
    sequence = bytearray(b"N" * length)
    for start, bases in sorted(pieces.items()):
        stop = start - 1 + len(bases)
        if start < 1 or stop > length:
            raise DataPackError(f"piece at {start}-{stop} lies outside {contig} (1-{length})")
        new = bases.upper().encode("ascii")
        old = sequence[start - 1 : stop]
        for offset, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != ord("N") and b != ord("N") and a != b:
                raise DataPackError(
                    f"sources disagree at {contig}:{start + offset}: {chr(a)} vs {chr(b)}"
                )
        merged = bytes(b if b != ord("N") else a for a, b in zip(old, new, strict=True))
        sequence[start - 1 : stop] = merged
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    header = f">{contig} {description}".rstrip() + "\n"
    with pysam.BGZFile(str(tmp), "wb", index=None) as out:
        out.write(header.encode("ascii"))
        step = _LINE * _CHUNK_LINES
        for chunk_start in range(0, length, step):
            chunk = sequence[chunk_start : chunk_start + step]
            out.write(b"\n".join(chunk[i : i + _LINE] for i in range(0, len(chunk), _LINE)) + b"\n")
    for suffix in (".fai", ".gzi"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    tmp.replace(path)
    pysam.faidx(str(path))
    return path
