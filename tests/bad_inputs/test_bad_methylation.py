"""Hostile `gnas-annot methylation` inputs: control statistics that are not
numbers would give a z-score of nan, which used to be called 'partial_gain'."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.bad_inputs.common import cli_error

DMRS = Path(__file__).resolve().parents[1] / "data" / "gnas_dmrs_GRCh38_crstlmeth_kits_dmr.bed"


def _bedmethyl(tmp_path: Path) -> Path:
    """11-column bedMethyl: 20 CpGs at 50 % (depth 20) at the start of each DMR."""
    rows = []
    for line in DMRS.read_text().splitlines():
        start = int(line.split("\t")[1])
        for pos in range(start + 200, start + 600, 20):
            rows.append(f"chr20\t{pos}\t{pos + 1}\tm\t20\t+\t{pos}\t{pos + 1}\t0\t20\t50.0\n")
    path = tmp_path / "s.bed"
    path.write_text("".join(rows))
    return path


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ("A/B:TSS\t50\tnan", "SD nan is not a number >= 0"),
        ("A/B:TSS\t50\tinf", "SD inf is not a number >= 0"),
        ("A/B:TSS\tnan\t5", "mean nan % is outside 0-100"),
        ("A/B:TSS\t150\t5", "mean 150.0 % is outside 0-100"),
        ("A/B:TSS\t50\t-3", "SD -3.0 is not a number >= 0"),
    ],
)
def test_control_statistics_that_are_not_numbers_are_refused(tmp_path, capfd, row, fragment):
    controls = tmp_path / "controls.tsv"
    controls.write_text(f"dmr\tmean\tsd\n{row}\n")
    args = ["methylation", str(_bedmethyl(tmp_path)), "--build", "GRCh38"]
    cli_error(capfd, [*args, "--controls", str(controls)], 3, f"row 2: {fragment}")


def test_valid_controls_still_give_a_z_score(tmp_path, capfd):
    from gnas_annot.cli.app import main

    controls = tmp_path / "controls.tsv"
    controls.write_text("dmr\tmean\tsd\nA/B:TSS\t50\t0\n")
    args = ["methylation", str(_bedmethyl(tmp_path)), "--build", "GRCh38"]
    assert main([*args, "--controls", str(controls)]) == 0
    out = capfd.readouterr().out
    assert "z +0.00: within 2 SD" in out


@pytest.mark.parametrize("where", ["input", "--controls", "--hap1"])
def test_dev_null_as_a_methylation_file_is_named_a_device_not_missing(tmp_path, capfd, where):
    # "methylation file not found: /dev/null" named the wrong problem
    bed = str(_bedmethyl(tmp_path))
    args = {
        "input": ["methylation", "/dev/null"],
        "--controls": ["methylation", bed, "--controls", "/dev/null"],
        "--hap1": ["methylation", "--hap1", "/dev/null", "--hap2", bed],
    }[where]
    cli_error(capfd, [*args, "--build", "GRCh38"], 3, "/dev/null is not a regular file")
