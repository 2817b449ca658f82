"""Helpers for the bad-input suite: run the CLI (in process or as a real
process), check the one-line error, and account for every record.

Every input is generated at test time in ``tmp_path``; nothing is copied
from ../shared/data.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pysam
import pytest

from gnas_annot.cli.app import main
from gnas_annot.errors import EXIT_CODES

GS_R201 = 58909365  # Gs-alpha c.601 (GRCh38), inside the extraction region


def ref_base(reference: Path, pos: int, n: int = 1) -> str:
    with pysam.FastaFile(str(reference)) as fasta:
        return str(fasta.fetch("chr20", pos - 1, pos - 1 + n)).upper()


def other_base(base: str) -> str:
    return {"A": "C", "C": "G", "G": "T", "T": "A"}[base]


def snv_line(reference: Path, pos: int, gt: str = "0/1", ref: str | None = None) -> str:
    base = ref or ref_base(reference, pos)
    return f"chr20\t{pos}\t.\t{base}\t{other_base(base[0])}\t50\tPASS\t.\tGT\t{gt}\n"


def cli_error(capfd: pytest.CaptureFixture[str], args: list[str], code: int, fragment: str) -> str:
    """Run ``gnas-annot ARGS`` in process; assert the exit code and exactly one
    line on stderr (ours: no htslib chatter, no traceback) naming ``fragment``."""
    assert code in EXIT_CODES
    returned = main(args)
    err = capfd.readouterr().err
    assert returned == code, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("gnas-annot: error: "), err
    assert fragment in lines[0], err
    return lines[0]


def cli_process(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m gnas_annot ARGS`` as a real process (crashes, signals)."""
    return subprocess.run(
        [sys.executable, "-m", "gnas_annot", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def process_error(result: subprocess.CompletedProcess[bytes], code: int, fragment: str) -> None:
    err = result.stderr.decode(errors="replace")
    assert result.returncode == code, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gnas-annot: error: "), err
    assert fragment in lines[0], err


def output_records(path: Path) -> list[dict[str, str]]:
    """Data lines of an extract output VCF: source position, ALT and GNAS_STATUS."""
    rows = []
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        info = dict(item.partition("=")[::2] for item in cols[7].split(";"))
        source = info.get("GNAS_SOURCE")
        rows.append(
            {
                "pos": cols[1],
                "source_pos": source.split("|")[1] if source else cols[1],
                "alt": cols[4],
                "status": info["GNAS_STATUS"],
            }
        )
    return rows


def assert_accounted(out: Path, expected: dict[int, int]) -> list[dict[str, str]]:
    """Each source record (by POS) is in ``out`` with its number of alleles,
    every one with a GNAS_STATUS."""
    rows = output_records(out)
    found = Counter(int(r["source_pos"]) for r in rows)
    assert found == Counter(expected), rows
    assert all(r["status"] for r in rows)
    return rows
