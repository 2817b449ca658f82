"""A cohort PED listing people absent from the VCF: one warning and the run
goes on, unless --strict (issue 14)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES

TRIO = str(EXAMPLES / "trio.GRCh38.vcf")
# the bundled trio, plus a second family nobody sequenced into this VCF and a
# child of the trio's mother with an unsequenced father
COHORT = (EXAMPLES / "trio.ped").read_text() + (
    "FAM2\tCOUSIN\tUNCLE\tAUNT\t1\t2\nFAM2\tUNCLE\t0\t0\t1\t1\nFAM2\tAUNT\t0\t0\t2\t1\n"
)


def gnas(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gnas_annot", *args], capture_output=True, text=True
    )


@pytest.fixture
def cohort(tmp_path):
    ped = tmp_path / "cohort.ped"
    ped.write_text(COHORT)
    return ped


def test_annotate_warns_once_and_calls_the_sequenced_family(tmp_path, cohort):
    out = tmp_path / "x.jsonl"
    result = gnas("annotate", TRIO, "--ped", str(cohort), "-q", "-o", str(out))
    assert result.returncode == 0, result.stderr
    warning = result.stderr.splitlines()
    assert len(warning) == 1 and warning[0].startswith("gnas-annot: warning: ")
    assert "3 sample(s) not in" in warning[0] and "AUNT, COUSIN, UNCLE" in warning[0]
    rows = [json.loads(line) for line in out.read_text().splitlines()[1:]]
    plain = gnas("annotate", TRIO, "--ped", str(EXAMPLES / "trio.ped"), "-q", "-O", "jsonl")
    expected = [json.loads(line) for line in plain.stdout.splitlines()[1:]]
    assert rows == expected  # the same calls as with the trio's own PED


def test_strict_keeps_the_error(tmp_path, cohort):
    out = tmp_path / "x.tsv"
    result = gnas("annotate", TRIO, "--ped", str(cohort), "--strict", "-o", str(out))
    assert result.returncode == 10 and "AUNT, COUSIN, UNCLE not in the VCF" in result.stderr
    assert not out.exists()


def test_origin_command_goes_on_too(cohort):
    result = gnas("origin", TRIO, "--ped", str(cohort))
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr
    table = [ln for ln in result.stdout.splitlines() if not ln.startswith("##")]
    children = {line.split("\t")[0] for line in table[1:]}
    assert children == {"PROBAND"}
    assert gnas("origin", TRIO, "--ped", str(cohort), "--strict").returncode == 10


def test_an_absent_parent_counts_as_not_sequenced(tmp_path):
    ped = tmp_path / "half.ped"
    ped.write_text("FAM1\tPROBAND\tFATHER\tGHOST\t2\t2\nFAM1\tFATHER\t0\t0\t1\t1\n")
    result = gnas("origin", TRIO, "--ped", str(ped), "--json")
    assert result.returncode == 0, result.stderr
    calls = json.loads(result.stdout)
    assert calls and {(c["sample"], c["father"], c["mother"]) for c in calls} == {
        ("PROBAND", "FATHER", None)
    }
