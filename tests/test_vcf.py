"""Opening VCF/BCF: build detection, chr20 naming, index vs scan, broken files."""

from __future__ import annotations

import gzip
import subprocess
import tempfile

import pysam
import pytest

from conftest import write_vcf
from gnas_annot.errors import (
    BuildMismatchError,
    BuildUndetectableError,
    InputNotFoundError,
    MalformedHeaderError,
    MalformedRecordError,
    TruncatedInputError,
    UnknownContigError,
)
from gnas_annot.io.vcf import VcfSource
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus

REGION = load_locus("GRCh38").extraction_region("gnas")

HEADER_37 = "##fileformat=VCFv4.2\n##contig=<ID=20,length=63025520>\n"


def test_build_comes_from_the_chr20_contig_length(tmp_path):
    with VcfSource(write_vcf(tmp_path / "a.vcf", "", samples=())) as vcf:
        assert vcf.build is GenomeBuild.GRCh38
    with VcfSource(write_vcf(tmp_path / "b.vcf", "", header=HEADER_37, samples=())) as vcf:
        assert vcf.build is GenomeBuild.GRCh37 and vcf.chr20_names == ("20",)


def test_reference_line_and_refseq_contig_names_are_build_evidence(tmp_path):
    header = "##fileformat=VCFv4.2\n##reference=file:///ref/Homo_sapiens_assembly38.fasta\n"
    with VcfSource(write_vcf(tmp_path / "a.vcf", "", header=header, samples=())) as vcf:
        assert vcf.build is GenomeBuild.GRCh38
    header = "##fileformat=VCFv4.2\n##contig=<ID=NC_000020.10>\n"
    with VcfSource(write_vcf(tmp_path / "b.vcf", "", header=header, samples=())) as vcf:
        assert vcf.build is GenomeBuild.GRCh37


def test_contradicting_header_is_an_error_not_a_vote(tmp_path):
    header = "##fileformat=VCFv4.2\n##reference=hg19\n##contig=<ID=chr20,length=64444167>\n"
    with pytest.raises(BuildMismatchError, match="contradicts itself"):
        VcfSource(write_vcf(tmp_path / "a.vcf", "", header=header, samples=()))


def test_build_option_must_agree_with_the_header(tmp_path):
    path = write_vcf(tmp_path / "a.vcf", "", header=HEADER_37, samples=())
    with pytest.raises(BuildMismatchError, match="--build GRCh38 given, but the file is GRCh37"):
        VcfSource(path, build="GRCh38")
    with VcfSource(path, build="hg19") as vcf:
        assert vcf.build is GenomeBuild.GRCh37


def test_no_build_evidence_asks_for_build(tmp_path):
    path = write_vcf(tmp_path / "a.vcf", "", header="##fileformat=VCFv4.2\n", samples=())
    with pytest.raises(BuildUndetectableError, match="--build"):
        VcfSource(path)
    with VcfSource(path, build="GRCh38") as vcf:
        assert vcf.build is GenomeBuild.GRCh38


def test_unsupported_chr20_spelling_is_rejected_with_advice(tmp_path):
    header = "##fileformat=VCFv4.2\n##contig=<ID=Chr20,length=64444167>\n"
    with pytest.raises(UnknownContigError, match="rename-chrs"):
        VcfSource(write_vcf(tmp_path / "a.vcf", "", header=header, samples=()), build="GRCh38")


def test_missing_chrom_line_missing_file_and_duplicate_samples(tmp_path):
    bad = tmp_path / "bad.vcf"
    bad.write_text("##fileformat=VCFv4.2\nchr20\t1\t.\tA\tG\t.\t.\t.\n")
    with pytest.raises(MalformedHeaderError):
        VcfSource(bad)
    with pytest.raises(InputNotFoundError):
        VcfSource(tmp_path / "absent.vcf")
    with pytest.raises(MalformedHeaderError, match="duplicate sample"):
        VcfSource(write_vcf(tmp_path / "d.vcf", "", samples=("A", "A")))


def _records(n: int, start: int = 58909000) -> str:
    return "".join(f"chr20\t{start + i}\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n" for i in range(n))


def test_truncated_bgzf_is_detected(tmp_path):
    plain = write_vcf(tmp_path / "a.vcf", _records(20000))
    pysam.tabix_compress(str(plain), str(tmp_path / "a.vcf.gz"))
    data = (tmp_path / "a.vcf.gz").read_bytes()
    cut = tmp_path / "cut.vcf.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(TruncatedInputError, match="truncated"):
        list(VcfSource(cut).fetch(REGION))


def test_plain_gzip_is_streamed(tmp_path):
    plain = write_vcf(tmp_path / "a.vcf", _records(5, 58909364))
    gz = tmp_path / "a.vcf.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    with VcfSource(gz) as vcf:
        assert not vcf.indexed
        assert [r.pos for r in vcf.fetch(REGION)] == [58909364 + i for i in range(5)]


def test_malformed_chr20_records_are_errors_naming_the_line(tmp_path):
    body = _records(2) + "chr20\tabc\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n"
    with pytest.raises(MalformedRecordError, match="line 16 \\(on chromosome 20\\) is malformed"):
        list(VcfSource(write_vcf(tmp_path / "a.vcf", body)).fetch(REGION))
    body = _records(2) + "chr20\t58909005\t.\tA\tG\t.\tPASS\t.\tGT:DP\t0/1:x\n"
    with pytest.raises(MalformedRecordError, match="after chr20:58909001"):
        list(VcfSource(write_vcf(tmp_path / "b.vcf", body)).fetch(REGION))


def test_indexed_fetch_and_streaming_scan_find_the_same_records(tmp_path):
    body = (
        "chr20\t1000\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n"
        "chr20\t58000000\tsvlen\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;SVLEN=-900000\tGT\t0/1\n"
        "chr20\t58100000\tend\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=58900000\tGT\t0/1\n"
        "chr20\t58200000\tshort\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=58200500\tGT\t0/1\n"
        + _records(3, 58909364)
        + "chr20\t60000000\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n"
    )
    plain = write_vcf(tmp_path / "a.vcf", body)
    subprocess.run(["bgzip", "-k", str(plain)], check=True) if _has("bgzip") else None
    indexed = tmp_path / "a.vcf.gz"
    if not indexed.exists():
        pysam.tabix_compress(str(plain), str(indexed))
    pysam.tabix_index(str(indexed), preset="vcf", force=True)
    with VcfSource(indexed) as vcf:
        assert vcf.indexed
        fetched = [(r.pos, r.id) for r in vcf.fetch(REGION)]
    with VcfSource(plain) as vcf:
        assert not vcf.indexed
        scanned = [(r.pos, r.id) for r in vcf.fetch(REGION)]
    expected = [
        (58000000, "svlen"),
        (58100000, "end"),
        (58909364, None),
        (58909365, None),
        (58909366, None),
    ]
    assert fetched == scanned == expected


def test_bcf_and_stdin_inputs(tmp_path, bcftools):
    plain = write_vcf(tmp_path / "a.vcf", _records(3, 58909364))
    bcf = tmp_path / "a.bcf"
    subprocess.run([bcftools, "view", "-Ob", "-o", str(bcf), str(plain)], check=True)
    with VcfSource(bcf) as vcf:
        assert [r.pos for r in vcf.fetch(REGION)] == [58909364, 58909365, 58909366]
    script = (
        "from gnas_annot.io.vcf import VcfSource\n"
        "from gnas_annot.pack.locus import load_locus\n"
        "vcf = VcfSource('-')\n"
        "print(sum(1 for _ in vcf.fetch(load_locus('GRCh38').extraction_region())))\n"
    )
    import sys

    out = subprocess.run(
        [sys.executable, "-c", script],
        stdin=bcf.open("rb"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "3"


def _has(tool: str) -> bool:
    import shutil

    return shutil.which(tool) is not None


def test_only_a_source_that_needs_a_scratch_folder_makes_one_and_close_removes_it(
    tmp_path, monkeypatch
):
    # an indexed file is read in place: no temporary directory to make and remove
    # (~5 ms of an exome's run); a plain-gzip one writes its header there
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    plain = write_vcf(tmp_path / "a.vcf", _records(3, 58909364))
    indexed = tmp_path / "a.vcf.gz"
    pysam.tabix_compress(str(plain), str(indexed))
    pysam.tabix_index(str(indexed), preset="vcf", force=True)
    with VcfSource(indexed) as vcf:
        assert vcf.indexed and len(list(vcf.fetch(REGION))) == 3
        assert not list(scratch.glob("gnas_annot_*"))
    streamed = tmp_path / "b.vcf.gz"
    streamed.write_bytes(gzip.compress(plain.read_bytes()))
    with VcfSource(streamed) as vcf:
        assert len(list(vcf.fetch(REGION))) == 3
        assert len(list(scratch.glob("gnas_annot_*"))) == 1
    assert not list(scratch.glob("gnas_annot_*"))
