"""The gnas-annot command: exit codes, one-line errors, outputs only on success."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pysam
import pytest

from conftest import EXAMPLES, write_vcf
from gnas_annot.cli.app import main
from gnas_annot.errors import EXIT_CODES


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gnas_annot", *args],
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
    )


def test_extract_writes_indexed_bgzipped_vcf_and_a_summary(tmp_path, partial_reference):
    out = tmp_path / "trio.gnas.vcf.gz"
    result = run(
        "extract",
        str(EXAMPLES / "trio.GRCh38.vcf"),
        "-o",
        str(out),
        "--reference",
        str(partial_reference["GRCh38"]),
    )
    assert result.returncode == 0, result.stderr
    assert "7 records in region -> 8 alleles written" in result.stderr
    assert Path(str(out) + ".tbi").is_file()
    with pysam.VariantFile(str(out)) as vcf:
        header = str(vcf.header)
        assert "##gnas_annotCommand=gnas-annot extract" in header
        assert "##gnas_annotBuild=GRCh38" in header
        assert "##FORMAT=<ID=PL" not in header  # only GT/AD/DP/GQ/PS are carried
        assert [r.pos for r in vcf.fetch("chr20", 58909190, 58909200)] == [58909193]


def test_extract_to_stdout_from_stdin(tmp_path):
    data = (EXAMPLES / "tumour.GRCh37.vcf").read_bytes()
    result = run("extract", "-", "-q", stdin=data)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    assert [line.split("\t")[1] for line in lines] == ["57484420", "57484421"]
    assert all("GNAS_STATUS=reference_unavailable" in line for line in lines)


@pytest.mark.parametrize(
    ("content", "extra", "code", "message"),
    [
        (None, [], 3, "input not found"),
        (
            "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=63025520>\n",
            ["--build", "GRCh38"],
            5,
            "--build GRCh38 given, but the file is GRCh37",
        ),
        ("##fileformat=VCFv4.2\n", [], 5, "pass --build"),
        (
            "##fileformat=VCFv4.2\n##contig=<ID=chromosome20,length=64444167>\n",
            [],
            6,
            "chromosome 20",
        ),
        ("not a vcf\n", [], 4, "not a VCF/BCF file"),
    ],
)
def test_bad_input_gives_one_line_and_the_documented_code(tmp_path, content, extra, code, message):
    path = tmp_path / "in.vcf"
    if content is not None:
        path.write_text(
            content + ("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n" if "##" in content else "")
        )
    out = tmp_path / "out.vcf.gz"
    result = run("extract", str(path), "-o", str(out), *extra)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.startswith("gnas-annot:")]) == 1
    assert not out.exists()
    assert code in EXIT_CODES


def test_strict_mode_exits_7_on_a_ref_mismatch(tmp_path, partial_reference):
    path = write_vcf(tmp_path / "a.vcf", "chr20\t58909365\t.\tG\tA\t.\tPASS\t.\tGT\t0/1\n")
    result = run(
        "extract",
        str(path),
        "--strict",
        "--reference",
        str(partial_reference["GRCh38"]),
        "-o",
        str(tmp_path / "o.vcf"),
    )
    assert result.returncode == 7 and "disagrees with the GRCh38 reference (C)" in result.stderr


def test_usage_errors_exit_2():
    assert run("extract").returncode == 2
    assert run("extract", "x.vcf", "--build", "hg17").returncode == 2


def test_data_verify_prints_versions_and_checksums():
    result = run("data", "verify")
    assert result.returncode == 0, result.stderr
    assert "data pack 2026" in result.stdout
    assert "ok  sha256:" in result.stdout and "transcript_models.tsv" in result.stdout
    assert "GRCh37: 8 transcripts" in result.stdout


def test_data_show_lists_both_builds():
    out = run("data", "show").stdout
    assert "# GRCh38: extraction region gnas = chr20:58813918-58916192" in out
    assert "NR_185847.1" in out and "exons unknown" in out


def test_demo_runs_offline(tmp_path, capsys):
    assert main(["demo", "--offline", "--out", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "trio.GRCh38.vcf (GRCh38)" in text and "tumour.GRCh37.vcf (GRCh37)" in text
    assert "No reference sequence" in text and "c.601C>T" in text
    assert "consistent with PHP1A (maternal Gs-alpha loss of function)" in text
    assert (tmp_path / "trio.GRCh38.annotated.tsv").is_file()


def test_internal_errors_are_reported_without_traceback(monkeypatch, capsys):
    import gnas_annot.cli.data as data

    def boom(args):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(data, "_cmd_data_show", boom)
    assert main(["data", "show"]) == 70
    assert "internal error: RuntimeError: unexpected" in capsys.readouterr().err


def test_the_demo_is_offline_unless_asked(tmp_path, monkeypatch):
    import gnas_annot.cli.demo as demo

    calls: list[str] = []
    monkeypatch.setattr(demo, "_try_fetch", lambda: calls.append("fetch"))
    assert main(["demo", "--out", str(tmp_path)]) == 0
    assert calls == []  # no network unless asked
    assert main(["demo", "--online", "--out", str(tmp_path)]) == 0
    assert calls == ["fetch"]


def test_a_demo_folder_that_cannot_be_made_is_an_output_error(capsys):
    assert main(["demo", "--out", "/proc/no_such_folder/demo"]) == 11
    err = capsys.readouterr().err
    assert "cannot create the demo output folder" in err and "internal error" not in err
