"""Hostile FORMAT values: AD is Number=R (one depth per allele).  With another
number of values htslib passes the record on; no value can then be tied to an
allele.  AD=90,10,0,0 on a biallelic record used to be read as REF 90, ALT 10
(and a depth of 100): a VAF of 0.10, "somatic mosaic suspected" at R201."""

from __future__ import annotations

import json

import pytest

from conftest import write_vcf
from gnas_annot.cli.app import main
from trios import HOM_REF, R201C, SAMPLES, line


@pytest.mark.parametrize("ad", ["90,10,0,0", "90", "90,10,0"])
def test_an_ad_of_the_wrong_length_gives_no_allele_fraction(tmp_path, capsys, ad):
    vcf = write_vcf(
        tmp_path / "t.vcf", line(R201C, f"0/1:{ad}:100:99", HOM_REF, HOM_REF), samples=SAMPLES
    )
    assert main(["origin", str(vcf), "--trio", "kid,dad,mum", "--json"]) == 0
    (call,) = json.loads(capsys.readouterr().out)
    assert call["vaf"] is None
    assert "somatic_mosaic_suspected" not in call["mosaic_flags"]


def test_an_ad_of_the_right_length_still_gives_its_fraction(tmp_path, capsys):
    vcf = write_vcf(
        tmp_path / "t.vcf", line(R201C, "0/1:90,10:100:99", HOM_REF, HOM_REF), samples=SAMPLES
    )
    assert main(["origin", str(vcf), "--trio", "kid,dad,mum", "--json"]) == 0
    (call,) = json.loads(capsys.readouterr().out)
    assert call["vaf"] == 0.1 and "somatic_mosaic_suspected" in call["mosaic_flags"]


def test_extract_writes_an_ad_of_the_wrong_length_as_missing(tmp_path, capsys):
    vcf = write_vcf(
        tmp_path / "t.vcf", line(R201C, "0/1:90,10,0,0:100:99", HOM_REF, HOM_REF), samples=SAMPLES
    )
    out = tmp_path / "o.vcf"
    assert main(["extract", str(vcf), "-q", "-o", str(out)]) == 0
    (row,) = [ln.split("\t") for ln in out.read_text().splitlines() if ln[:1] != "#"]
    kid = dict(zip(row[8].split(":"), row[9].split(":"), strict=False))
    assert set(kid.get("AD", ".").split(",")) == {"."}  # not 90,10 as if REF and ALT
    assert kid["GT"] == "0/1"
