"""Hostile `gnas-annot upd` options: an error rate whose log is undefined used
to crash (math domain error, exit 70); nan thresholds were silently accepted;
a --methylation for a non-child was dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.bad_inputs.common import cli_error

from gnas_annot.cli.app import main

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "trio.GRCh38.vcf"
TRIO = ["--trio", "PROBAND,FATHER,MOTHER"]


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [
        ("--error-rate", "0", "0 is not between 0 and 1 (exclusive)"),
        ("--error-rate", "2", "2 is not between 0 and 1 (exclusive)"),
        ("--error-rate", "nan", "'nan' is not a finite number"),
        ("--min-lod", "nan", "'nan' is not a finite number"),
        ("--min-informative", "-1", "-1 is below 0"),
        ("--min-roh", "x", "'x' is not a number"),
    ],
)
def test_threshold_out_of_range_is_a_usage_error(capfd, option, value, fragment):
    with pytest.raises(SystemExit) as exit_:
        main(["upd", str(EXAMPLE), *TRIO, option, value])
    assert exit_.value.code == 2
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == f"gnas-annot upd: error: argument {option}: {fragment}"


def test_methylation_of_a_sample_that_is_no_child_is_refused(tmp_path, capfd):
    table = tmp_path / "t.tsv"
    table.write_text("dmr\tpercent\nA/B:TSS\t50\n")
    args = ["upd", str(EXAMPLE), *TRIO, "--methylation", f"FATHER={table}"]
    cli_error(capfd, args, 10, "--methylation: FATHER is not a child of the PED/--trio")
