"""PED and BAM paths that are not files: a directory or /dev/null used to be
reported as "not found"; each is now named for what it is, with its exit code."""

from __future__ import annotations

import os

import pytest

from bad_inputs.common import cli_error
from gnas_annot.model.builds import GenomeBuild
from trios import trio_vcf


@pytest.fixture
def trio(tmp_path, partial_reference):
    return trio_vcf(tmp_path, partial_reference[GenomeBuild.GRCh38])


def test_a_directory_as_ped(tmp_path, trio, capfd):
    args = ["origin", str(trio), "--ped", str(tmp_path)]
    cli_error(capfd, args, 3, f"{tmp_path} is a directory, not a PED file")


def test_dev_null_as_ped_has_no_pedigree_lines(trio, capfd):
    cli_error(capfd, ["origin", str(trio), "--ped", os.devnull], 10, "no pedigree lines")


@pytest.mark.parametrize(
    ("path", "fragment"),
    [(None, "is a directory, not an alignment file"), (os.devnull, "is not a regular file")],
)
def test_a_directory_or_device_as_bam(tmp_path, trio, capfd, path, fragment):
    bam = path or str(tmp_path)
    args = ["origin", str(trio), "--trio", "kid,dad,mum", "--bam", f"kid={bam}"]
    cli_error(capfd, args, 3, fragment)


def test_a_missing_bam_is_still_not_found(tmp_path, trio, capfd):
    args = ["origin", str(trio), "--trio", "kid,dad,mum", "--bam", f"kid={tmp_path / 'no.bam'}"]
    cli_error(capfd, args, 3, "alignment file not found")
