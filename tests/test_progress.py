"""Progress at -q / default / -v / -vv, and the input read during a long
off-target scan (issue 14)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import gnas_annot.cli.progress as progress
from conftest import EXAMPLES
from gnas_annot.cli.app import main

TRIO = EXAMPLES / "trio.GRCh38.vcf"


@pytest.fixture(scope="module")
def long_scan(tmp_path_factory):
    """The trio after 100,000 chr20 records outside GNAS (a streaming scan)."""
    lines = TRIO.read_text().splitlines()
    head = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    filler = body[1].split("\t")
    path = tmp_path_factory.mktemp("scan") / "long.vcf"
    with path.open("w") as out:
        out.write("\n".join(head) + "\n")
        for i in range(1, 100_001):
            out.write("\t".join([filler[0], str(1000 + 50 * i), ".", *filler[3:]]) + "\n")
        out.write("\n".join(body) + "\n")
    return path


def test_verbose_reports_the_input_read_while_no_gnas_record_comes(
    long_scan, tmp_path, monkeypatch, capfd
):
    monkeypatch.setattr(progress, "LOG_INTERVAL", 0.01)
    assert main(["annotate", str(long_scan), "-v", "-o", str(tmp_path / "x.tsv")]) == 0
    err = capfd.readouterr().err.splitlines()
    ticks = [line for line in err if "MB of input read" in line]
    assert ticks and ticks[0].startswith("gnas-annot annotate: ")
    assert any(" 0 GNAS alleles; " in line for line in ticks)  # during the off-target part
    assert "8 annotated" in err[-1]


def test_extract_verbose_reports_records(long_scan, tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(progress, "LOG_INTERVAL", 0.01)
    assert main(["extract", str(long_scan), "-v", "-o", str(tmp_path / "x.vcf")]) == 0
    assert "GNAS records; " in capfd.readouterr().err


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gnas_annot", *args], capture_output=True, text=True
    )


def test_default_in_a_log_is_the_summary_only(tmp_path):
    result = run("annotate", str(TRIO), "-o", str(tmp_path / "x.tsv"))
    assert result.returncode == 0
    assert result.stderr.splitlines()[0].startswith("gnas-annot annotate: GRCh38, region")
    assert len(result.stderr.splitlines()) == 2


def test_very_verbose_lists_each_allele_and_quiet_nothing(tmp_path):
    loud = run("annotate", str(TRIO), "-vv", "-o", str(tmp_path / "x.tsv"))
    listed = [
        line for line in loud.stderr.splitlines() if line.startswith("gnas-annot annotate: chr20:")
    ]
    assert len(listed) == 8 and "chr20:58909365 C>A reference_unavailable" in loud.stderr
    quiet = run("annotate", str(TRIO), "-q", "-o", str(tmp_path / "y.tsv"))
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_quiet_and_verbose_together_is_a_usage_error():
    result = run("extract", str(TRIO), "-q", "-v")
    assert result.returncode == 2 and "not allowed with" in result.stderr
