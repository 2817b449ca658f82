"""Hostile `gnas-annot cnv` inputs: binary or nan depth matrices, an
unwritable --write-depths, samples named for nobody, thresholds out of range."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.bad_inputs.common import cli_error

from gnas_annot.cli.app import main

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "trio.GRCh38.vcf"


def test_binary_depth_matrix_is_refused(tmp_path, capfd):
    matrix = tmp_path / "m.tsv"
    matrix.write_bytes(b"\x1f\x8b\x08\x00\xed\xff" * 100)
    args = ["cnv", "--sv", str(EXAMPLE), "--build", "GRCh38", "--controls-matrix", str(matrix)]
    cli_error(capfd, args, 3, "not a depth matrix (not UTF-8 text")


@pytest.mark.parametrize("value", ["nan", "inf", "-4.0"])
def test_depth_matrix_value_that_is_no_depth_is_refused(tmp_path, capfd, value):
    from gnas_annot.structure.depth import MATRIX_COLUMNS
    from gnas_annot.structure.targets import copy_number_targets

    targets = copy_number_targets("GRCh38")
    lines = ["\t".join((*MATRIX_COLUMNS, "C1"))]
    for i, t in enumerate(targets):
        depth = value if i == 3 else "30.0"
        lines.append("\t".join((t.name, t.chrom, str(t.start), str(t.end), depth)))
    matrix = tmp_path / "m.tsv"
    matrix.write_text("\n".join(lines) + "\n")
    args = ["cnv", "--sv", str(EXAMPLE), "--build", "GRCh38", "--controls-matrix", str(matrix)]
    cli_error(capfd, args, 3, f"C1: {value!r} is not a depth (>= 0)")


def test_unwritable_write_depths_is_an_output_error(tmp_path, capfd):
    args = ["cnv", "--sv", str(EXAMPLE), "--build", "GRCh38"]
    depths = str(tmp_path / "no" / "d.tsv")
    cli_error(capfd, [*args, "--write-depths", depths], 11, "does not exist")


def test_write_depths_onto_an_input_is_refused(tmp_path, capfd):
    sv = tmp_path / "sv.vcf"
    sv.write_text(EXAMPLE.read_text())
    before = sv.read_bytes()
    cli_error(capfd, ["cnv", "--sv", str(sv), "--write-depths", str(sv)], 11, "destroy the input")
    assert sv.read_bytes() == before


def test_trio_of_samples_not_in_the_inputs_is_refused(capfd):
    cli_error(capfd, ["cnv", "--sv", str(EXAMPLE), "--trio", "A,B,C"], 10, "sample(s) A, B, C")


def test_methylation_for_a_sample_not_in_the_inputs_is_refused(tmp_path, capfd):
    table = tmp_path / "t.tsv"
    table.write_text("dmr\tpercent\nA/B:TSS\t50\n")
    args = ["cnv", "--sv", str(EXAMPLE), "--methylation", f"NOBODY={table}"]
    cli_error(capfd, args, 10, "--methylation: sample(s) NOBODY not in the BAMs or SV VCFs")


def test_trio_of_the_inputs_samples_still_works(capfd):
    assert main(["cnv", "--sv", str(EXAMPLE), "--trio", "PROBAND,FATHER,MOTHER"]) == 0
    assert "PROBAND\tdeletion" in capfd.readouterr().out


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [
        ("--del-ratio", "nan", "'nan' is not a finite number"),
        ("--dup-ratio", "-1", "-1 is below 0"),
        ("--min-z", "inf", "'inf' is not a finite number"),
        ("--min-mapq", "-5", "-5 is below 0"),
    ],
)
def test_threshold_out_of_range_is_a_usage_error(capfd, option, value, fragment):
    with pytest.raises(SystemExit) as exit_:
        main(["cnv", "--sv", str(EXAMPLE), option, value])
    assert exit_.value.code == 2
    last = capfd.readouterr().err.strip().splitlines()[-1]
    assert last.startswith(f"gnas-annot cnv: error: argument {option}: {fragment}")
