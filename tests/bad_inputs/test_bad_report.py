"""Hostile `gnas-annot report` options: thresholds that are not numbers in
their range are usage errors, never a report built on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from gnas_annot.cli.app import main

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [
        ("--min-ab", "nan", "'nan' is not a finite number"),
        ("--max-ab", "1.5", "1.5 is not between 0 and 1"),
        ("--window", "-5", "-5 is below 0"),
        ("--min-gq", "inf", "'inf' is not a number"),
    ],
)
def test_threshold_out_of_range_is_a_usage_error(tmp_path, capfd, option, value, fragment):
    out = tmp_path / "r.html"
    args = ["report", str(EXAMPLES / "trio.GRCh38.vcf"), "--ped", str(EXAMPLES / "trio.ped")]
    with pytest.raises(SystemExit) as exit_:
        main([*args, "-o", str(out), option, value])
    assert exit_.value.code == 2
    last = capfd.readouterr().err.strip().splitlines()[-1]
    assert last == f"gnas-annot report: error: argument {option}: {fragment}"
    assert not out.exists()


@pytest.mark.parametrize("command", ["report", "origin", "annotate"])
def test_min_ab_above_max_ab_is_a_usage_error_not_every_het_low_quality(tmp_path, capfd, command):
    # each bound alone is in 0-1, so it used to run: every het child then failed the balance test
    from tests.bad_inputs.common import cli_error

    out = tmp_path / ("r.html" if command == "report" else "a.vcf")
    args = [command, str(EXAMPLES / "trio.GRCh38.vcf"), "--ped", str(EXAMPLES / "trio.ped")]
    args += [] if command == "origin" else ["-o", str(out)]
    cli_error(capfd, [*args, "--min-ab", "0.9", "--max-ab", "0.1"], 2, "--min-ab 0.9 is above")
    assert not out.exists()
