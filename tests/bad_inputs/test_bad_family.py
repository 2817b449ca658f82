"""Pedigrees, --trio and BAM/CRAM that cannot be used: each refused with its
error class and exit code, in one line."""

from __future__ import annotations

import shutil

import pytest

from alignments import write_alignments
from bad_inputs.common import cli_error, cli_process, process_error
from gnas_annot import assign_origin
from gnas_annot.errors import (
    AlignmentInputError,
    MalformedPedError,
    PedigreeConsistencyError,
    SampleNotFoundError,
)
from gnas_annot.model.builds import GenomeBuild
from trios import exon8_reads, trio_vcf

G38 = GenomeBuild.GRCh38

PEDS = {
    "cycle": (
        "F kid dad mum 1 2\nF dad kid 0 1 1\nF mum 0 0 2 1\n",
        PedigreeConsistencyError,
        "cycle",
    ),
    "wrong_sex_parent": (
        "F kid dad mum 1 2\nF dad 0 0 2 1\nF mum 0 0 2 1\n",
        PedigreeConsistencyError,
        "columns swapped",
    ),
    "duplicate_ids": (
        "F kid dad mum 1 2\nF dad 0 0 1 1\nF dad 0 0 1 1\nF mum 0 0 2 1\n",
        PedigreeConsistencyError,
        "listed twice",
    ),
    "missing_columns": ("F kid dad mum\nF dad 0 0 1 1\n", MalformedPedError, "needs 6"),
    "sample_absent_from_vcf": (
        "F kid dad mum 1 2\nF dad 0 0 1 1\nF mum 0 0 2 1\nF kid2 dad mum 2 2\n",
        SampleNotFoundError,
        "kid2 not in the VCF",
    ),
}


@pytest.fixture
def trio(tmp_path, partial_reference):
    return trio_vcf(tmp_path, partial_reference[G38])


@pytest.mark.parametrize("case", sorted(PEDS))
def test_bad_pedigree(case, tmp_path, trio, capfd):
    text, error, fragment = PEDS[case]
    ped = tmp_path / f"{case}.ped"
    ped.write_text(text)
    with pytest.raises(error, match=fragment) as info:
        assign_origin(trio, pedigree=ped)
    assert info.value.exit_code == 10
    out = tmp_path / "o.tsv"
    # a cohort PED listing someone the VCF lacks is an error only with --strict
    strict = ["--strict"] if error is SampleNotFoundError else []
    args = ["annotate", str(trio), "--ped", str(ped), "-o", str(out), *strict]
    cli_error(capfd, args, 10, fragment)
    assert not out.exists()


@pytest.mark.parametrize("command", ["origin", "annotate", "report"])
def test_a_ped_sharing_no_sample_with_the_vcf_is_refused_not_an_empty_success(
    tmp_path, trio, capfd, command
):
    # a cohort PED may list more people than one VCF holds (a warning), but one naming
    # nobody in it is another VCF's: origin used to exit 0 with a header and no row
    ped = tmp_path / "other.ped"
    ped.write_text("F\tX\tY\tZ\t1\t2\nF\tY\t0\t0\t1\t1\nF\tZ\t0\t0\t2\t1\n")
    out = tmp_path / ("r.html" if command == "report" else "o.tsv")
    args = [command, str(trio), "--ped", str(ped)]
    args += [] if command == "origin" else ["-o", str(out)]
    cli_error(capfd, args, 10, "none of its 3 sample(s) is in")
    assert not out.exists()


def test_trio_naming_an_absent_sample(tmp_path, trio, capfd):
    with pytest.raises(SampleNotFoundError, match="nobody not in the VCF"):
        assign_origin(trio, trio="kid,dad,nobody")
    cli_error(capfd, ["origin", str(trio), "--trio", "kid,dad,nobody"], 10, "nobody")
    process_error(cli_process("origin", str(trio), "--trio", "nobody,dad,mum"), 10, "nobody")


@pytest.fixture
def bam(tmp_path, partial_reference):
    ref = partial_reference[G38]
    return write_alignments(tmp_path / "kid.bam", exon8_reads(ref, 3, 0), ref)


def _no_index(tmp_path, bam, ref):
    target = tmp_path / "noindex.bam"
    shutil.copy(bam, target)
    return target, ref


def _wrong_sample(tmp_path, bam, ref):
    return write_alignments(tmp_path / "other.bam", exon8_reads(ref, 3, 0), ref, "someone"), ref


def _cram_without_reference(tmp_path, bam, ref):
    return write_alignments(tmp_path / "kid.cram", exon8_reads(ref, 3, 0), ref), None


def _truncated(tmp_path, bam, ref):
    # used to be read silently as a BAM without reads
    target = tmp_path / "cut.bam"
    target.write_bytes(bam.read_bytes()[:-40])
    shutil.copy(str(bam) + ".bai", str(target) + ".bai")
    return target, ref


ALIGNMENTS = {
    "bam_without_index": (_no_index, "no index"),
    "bam_of_the_wrong_sample": (_wrong_sample, "not kid"),
    "cram_without_reference": (_cram_without_reference, "pass --reference"),
    "truncated_bam": (_truncated, "truncated"),
}


@pytest.mark.parametrize("case", sorted(ALIGNMENTS))
def test_bad_alignments(case, tmp_path, trio, bam, partial_reference, capfd):
    builder, fragment = ALIGNMENTS[case]
    path, ref = builder(tmp_path, bam, partial_reference[G38])
    with pytest.raises(AlignmentInputError, match=fragment) as info:
        assign_origin(trio, trio="kid,dad,mum", alignments={"kid": path}, reference=ref)
    assert info.value.exit_code == 3
    args = ["origin", str(trio), "--trio", "kid,dad,mum", "--bam", f"kid={path}"]
    cli_error(capfd, args + (["--reference", str(ref)] if ref else []), 3, fragment)
