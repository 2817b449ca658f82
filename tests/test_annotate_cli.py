"""gnas-annot annotate: formats, stdin, summary, errors."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import EXAMPLES


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "gnas_annot", "annotate", *args],
        input=stdin,
        capture_output=True,
        text=True,
    )


def test_annotate_to_jsonl_with_a_pedigree_and_a_summary(tmp_path, partial_reference):
    out = tmp_path / "trio.jsonl"
    result = run(
        str(EXAMPLES / "trio.GRCh38.vcf"),
        "--ped",
        str(EXAMPLES / "trio.ped"),
        "--reference",
        str(partial_reference["GRCh38"]),
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "7 records in region" in result.stderr and "8 annotated" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()[1:]]  # after the header
    assert any(r["origin"] == "paternal" and r["hgvs_c"] == "NM_000516.7:c.1A>G" for r in rows)


def test_annotate_vcf_from_stdin_with_trio_option(tmp_path, partial_reference):
    text = (EXAMPLES / "trio.GRCh38.vcf").read_text()
    result = run(
        "-",
        "--trio",
        "PROBAND,FATHER,MOTHER",
        "--reference",
        str(partial_reference["GRCh38"]),
        "-q",
        stdin=text,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    body = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    assert len(body) == 7 and all("GNAS=" in line for line in body)
    assert "##gnas_annotCommand=gnas-annot annotate - --trio" in result.stdout


def test_pedigree_errors_exit_10(tmp_path):
    ped = tmp_path / "bad.ped"
    ped.write_text("FAM\tPROBAND\tFATHER\tMOTHER\t2\n")
    result = run(
        str(EXAMPLES / "trio.GRCh38.vcf"), "--ped", str(ped), "-o", str(tmp_path / "o.tsv")
    )
    assert result.returncode == 10 and "Traceback" not in result.stderr
    assert not (tmp_path / "o.tsv").exists()
