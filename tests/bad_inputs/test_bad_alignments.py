"""Hostile BAM/CRAM for every step that reads alignments (methylation from a
modBAM, cnv depth, read-backed phasing): one opener (io/alignments.py), so a
stale index or a CRAM given another build's FASTA is refused alike everywhere.
Methylation and cnv used to silence htslib while opening: a stale .bai was used
without a word (htslib misses the reads the old index does not list) and a CRAM
decoded against the GRCh37 FASTA failed as "cannot read x.cram: truncated file"."""

from __future__ import annotations

import os

import pysam
import pytest

from bad_inputs.common import cli_error
from modbams import phased_sample

PATERNAL = {"NESP": 95.0, "AS1": 5.0, "XL": 5.0, "AB": 5.0}
MATERNAL = {"NESP": 5.0, "AS1": 95.0, "XL": 95.0, "AB": 95.0}


def _modbam(tmp_path, name="p.bam"):
    return phased_sample("GRCh38", PATERNAL, MATERNAL, (6, 6)).write(tmp_path / name)


def _command(kind, path, *extra):
    if kind == "methylation":
        return ["methylation", str(path), *extra]
    return ["cnv", str(path), *extra]


@pytest.mark.parametrize("kind", ["methylation", "cnv"])
def test_an_index_older_than_its_bam_is_refused_by_every_alignment_reader(tmp_path, capfd, kind):
    bam = _modbam(tmp_path)
    index = tmp_path / "p.bam.bai"
    stat = bam.stat()
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**9))
    cli_error(capfd, _command(kind, bam), 3, "its index p.bam.bai is older than the alignments")


@pytest.mark.parametrize("kind", ["methylation", "cnv"])
def test_a_cram_read_with_the_other_builds_fasta_names_the_fasta_not_a_truncation(
    tmp_path, capfd, synthetic_reference, kind
):
    bam = _modbam(tmp_path)
    cram = tmp_path / "p.cram"
    grch38, grch37 = synthetic_reference["GRCh38"], synthetic_reference["GRCh37"]
    pysam.view("-C", "-T", str(grch38), "-o", str(cram), str(bam), catch_stdout=False)
    pysam.index(str(cram))
    line = cli_error(capfd, _command(kind, cram, "--reference", str(grch37)), 5, "written against")
    assert "GRCh38, not GRCh37" in line and "truncated" not in line


def test_the_cram_with_its_own_fasta_is_still_read(tmp_path, capfd, synthetic_reference):
    from gnas_annot.cli.app import main

    bam = _modbam(tmp_path)
    cram = tmp_path / "p.cram"
    grch38 = synthetic_reference["GRCh38"]
    pysam.view("-C", "-T", str(grch38), "-o", str(cram), str(bam), catch_stdout=False)
    pysam.index(str(cram))
    assert main(["methylation", str(cram), "--reference", str(grch38)]) == 0
    from_cram, err = capfd.readouterr()
    assert err == ""
    assert main(["methylation", str(bam)]) == 0
    assert from_cram == capfd.readouterr().out  # the same calls as from the BAM
