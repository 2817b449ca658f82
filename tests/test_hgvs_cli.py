"""gnas-annot hgvs: all descriptions of one variant, text and JSON."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "gnas_annot", "hgvs", *args], capture_output=True, text=True
    )


def test_description_in_every_equivalent_form_out(real_reference):
    result = run("NM_000516.7:c.563_566del", "--reference", str(real_reference["GRCh38"]), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["vcf"] == {"chrom": "chr20", "pos": 58909193, "ref": "GCTGA", "alt": "G"}
    assert out["genomic"] == {
        "GRCh38": "NC_000020.11:g.58909196_58909199del",
        "GRCh37": "NC_000020.10:g.57484251_57484254del",
    }
    by_tx = {t["transcript"]: t for t in out["transcripts"]}
    assert by_tx["NM_000516.7"]["hgvs"] == "NM_000516.7:c.565_568del"
    assert by_tx["NM_000516.7"]["protein"] == "NP_000507.1:p.(Asp189MetfsTer14)"
    assert by_tx["NM_080425.4"]["hgvs"] == "NM_080425.4:c.2494_2497del"


def test_vcf_allele_in_one_letter_protein_out(partial_reference):
    result = run(
        "--vcf",
        "20:57484420:C:T",
        "--build",
        "GRCh37",
        "--reference",
        str(partial_reference["GRCh37"]),
        "--one-letter",
    )
    assert result.returncode == 0, result.stderr
    assert "NC_000020.10:g.57484420C>T" in result.stdout
    assert "NC_000020.11:g.58909365C>T" in result.stdout
    assert "p.(R201C)" in result.stdout and "p.(R844C)" in result.stdout


def test_errors_exit_12_with_the_reference_base(partial_reference):
    result = run("NM_000516.7:c.601G>T", "--reference", str(partial_reference["GRCh38"]))
    assert result.returncode == 12
    assert "reference has C" in result.stderr and "Traceback" not in result.stderr
    assert run("--vcf", "20:1:A").returncode == 12
    assert run().returncode == 12
