"""Hostile --custom/--clinvar/--gnomad inputs: an output that is the
annotation file, and gnomAD frequencies that are not frequencies."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tests.bad_inputs.common import cli_error

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "trio.GRCh38.vcf"

GNOMAD_HEADER = (
    "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=64444167>\n"
    '##INFO=<ID=AF,Number=A,Type=Float,Description="x">\n'
    '##INFO=<ID=AF_grpmax,Number=A,Type=Float,Description="x">\n'
    '##INFO=<ID=nhomalt,Number=A,Type=Integer,Description="x">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
)


def _indexed(tmp_path: Path, name: str, text: str) -> Path:
    plain = tmp_path / name
    plain.write_text(text)
    subprocess.run(["bgzip", "-f", str(plain)], check=True)
    gz = Path(f"{plain}.gz")
    subprocess.run(["tabix", "-f", "-p", "vcf", str(gz)], check=True)
    return gz


def _clinvar(tmp_path: Path) -> Path:
    return _indexed(
        tmp_path,
        "clinvar.vcf",
        "##fileformat=VCFv4.2\n##reference=GRCh38\n##contig=<ID=20,length=64444167>\n"
        '##INFO=<ID=CLNSIG,Number=.,Type=String,Description="x">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        "20\t58909365\t1\tC\tT\t.\t.\tCLNSIG=Pathogenic\n",
    )


@pytest.mark.parametrize("option", ["--clinvar", "--custom"])
def test_output_that_is_the_annotation_file_is_refused_and_the_file_kept(tmp_path, capfd, option):
    clinvar = _clinvar(tmp_path)
    before = clinvar.read_bytes()
    value = str(clinvar) if option == "--clinvar" else f"{clinvar},CV,CLNSIG"
    cli_error(
        capfd,
        ["annotate", str(EXAMPLE), "-o", str(clinvar), option, value],
        11,
        "writing it would destroy the input",
    )
    assert clinvar.read_bytes() == before


@pytest.mark.parametrize(
    ("info", "shown"),
    [
        ("AF=nan;AF_grpmax=0.1;nhomalt=0", "AF=nan"),
        ("AF=0.01;AF_grpmax=inf;nhomalt=0", "AF_grpmax=inf"),
        ("AF=1.5;AF_grpmax=0.1;nhomalt=0", "AF=1.5"),
        ("AF=-0.2;AF_grpmax=0.1;nhomalt=0", "AF=-0.2"),
        ("AF=0.01;AF_grpmax=0.1;nhomalt=-5", "nhomalt=-5"),
    ],
)
def test_gnomad_value_that_is_no_frequency_is_refused_not_read_as_ba1(tmp_path, capfd, info, shown):
    gnomad = _indexed(
        tmp_path, "gnomad.vcf", GNOMAD_HEADER + f"chr20\t58909365\t.\tC\tT\t.\tPASS\t{info}\n"
    )
    out = tmp_path / "o.tsv"
    cli_error(
        capfd,
        ["annotate", str(EXAMPLE), "-o", str(out), "--gnomad", str(gnomad)],
        3,
        f"at chr20:58909365 has {shown}, not a",
    )
    assert not out.exists()


def test_gnomad_grpmax_of_zero_is_a_value_not_absent(tmp_path, capfd):
    from gnas_annot.known.evidence import frequency_evidence
    from gnas_annot.pack.store import load_pack

    fields = {"gnomAD_AF": "0.0", "gnomAD_AF_grpmax": "0.0", "gnomAD_AF_popmax": "0.9"}
    (evidence,) = frequency_evidence(fields, "gnomAD", load_pack().frequency)
    assert evidence.code == "PM2_Supporting"
    assert "grpmax 0.0" in evidence.text
