"""Paths that cannot be read or written, and reference FASTAs that cannot be used."""

from __future__ import annotations

import gzip
import sys

import pytest

from bad_inputs.common import GS_R201, cli_error, cli_process, process_error, snv_line
from conftest import write_vcf
from gnas_annot import read_gnas_variants
from gnas_annot.errors import (
    BuildMismatchError,
    InputNotFoundError,
    OutputError,
    ReferenceFileError,
)
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.output.atomic import atomic_path
from gnas_annot.seq.reference import ReferenceGenome

G38, G37 = GenomeBuild.GRCh38, GenomeBuild.GRCh37


@pytest.fixture
def good(tmp_path, synthetic_reference):
    return write_vcf(tmp_path / "good.vcf", snv_line(synthetic_reference[G38], GS_R201))


def test_input_not_found(tmp_path, capfd):
    with pytest.raises(InputNotFoundError):
        list(read_gnas_variants(tmp_path / "nope.vcf"))
    cli_error(capfd, ["extract", str(tmp_path / "nope.vcf")], 3, "input not found")


def test_output_directory_that_does_not_exist(tmp_path, good, capfd):
    target = tmp_path / "nodir" / "o.vcf"
    with pytest.raises(OutputError, match="does not exist"), atomic_path(target):
        pass
    cli_error(capfd, ["extract", str(good), "-o", str(target)], 11, "does not exist")
    cli_error(capfd, ["annotate", str(good), "-o", str(tmp_path / "x" / "o.tsv")], 11, "exist")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")
def test_unwritable_output_path(tmp_path, good, capfd):
    # /proc refuses new files even to root (a chmod'ed directory does not stop root)
    with pytest.raises(OutputError, match="cannot write"), atomic_path("/proc/o.vcf"):
        pass
    cli_error(capfd, ["extract", str(good), "-o", "/proc/o.vcf"], 11, "cannot write")
    process_error(cli_process("annotate", str(good), "-o", "/proc/o.tsv"), 11, "cannot write")


def test_output_path_under_a_file_or_that_is_a_directory(tmp_path, good, capfd):
    cli_error(capfd, ["extract", str(good), "-o", str(good / "o.vcf")], 11, "not a directory")
    cli_error(capfd, ["extract", str(good), "-o", str(tmp_path)], 11, "is a directory")


def test_reference_without_fai_is_indexed_on_first_use(tmp_path):
    fasta = tmp_path / "small.fa"
    fasta.write_text(">chr20\n" + "ACGT" * 50 + "\n")
    with ReferenceGenome(fasta) as ref:
        assert ref.fetch(1, 4) == "ACGT" and ref.build is None
    assert (tmp_path / "small.fa.fai").is_file()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (gzip.compress(b">chr20\nACGT\n"), "gzip, not bgzip"),
        (b"\x00\x01 not a fasta", "not a FASTA file"),
        (b">chr1\nACGT\n", "has no chromosome 20"),
    ],
    ids=["gzip_not_bgzip", "garbage", "no_chr20"],
)
def test_unusable_reference(tmp_path, good, capfd, content, fragment):
    fasta = tmp_path / "ref.fa.gz"
    fasta.write_bytes(content)
    with pytest.raises(ReferenceFileError, match=fragment) as info:
        list(read_gnas_variants(good, reference=fasta))
    assert info.value.exit_code == 7
    cli_error(capfd, ["extract", str(good), "--reference", str(fasta)], 7, fragment)


def test_reference_of_the_wrong_build(tmp_path, good, synthetic_reference, capfd):
    ref37 = synthetic_reference[G37]
    # the header says GRCh38; this used to be reported as the header contradicting itself
    with pytest.raises(BuildMismatchError, match="is GRCh38 but the reference"):
        list(read_gnas_variants(good, reference=ref37))
    cli_error(capfd, ["extract", str(good), "--reference", str(ref37)], 5, "reference")
    cli_error(
        capfd,
        ["extract", str(good), "--reference", str(ref37), "--build", "GRCh38"],
        5,
        "(GRCh37), but the build in use is GRCh38",
    )


@pytest.mark.parametrize(
    ("where", "fragment"),
    [("devnull", "is not a regular file (a pipe or a device)"), ("dir", "is a directory")],
)
def test_a_device_or_directory_as_reference_is_named_not_called_missing(
    tmp_path, good, capfd, where, fragment
):
    # both used to say "reference FASTA not found" about a path that exists
    path = "/dev/null" if where == "devnull" else str(tmp_path)
    cli_error(capfd, ["extract", str(good), "--reference", path], 7, fragment)
    cli_error(capfd, ["data", "build", "--fasta", path], 7, fragment)


def test_chunk_samples_below_one_is_a_usage_error(tmp_path, good, capfd):
    # it used to end with exit 1 ("other error") from inside the run
    from gnas_annot.cli.app import main

    with pytest.raises(SystemExit) as exit_:
        main(["annotate-many", str(good), "-o", str(tmp_path / "ds"), "--chunk-samples", "0"])
    assert exit_.value.code == 2
    assert "argument --chunk-samples: 0 is below 1" in capfd.readouterr().err
    assert not (tmp_path / "ds").exists()
