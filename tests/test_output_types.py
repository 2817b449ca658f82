"""Outputs match their names (as bcftools decides), carry provenance, keep the
input's contig and both positions, and follow the umask (issue 14).  Every test
runs the installed command in a subprocess and reads the files it wrote."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pysam
import pytest

from conftest import EXAMPLES
from gnas_annot.annotate.results import COLUMNS

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "output.schema.json").read_text()
)
TUMOUR = str(EXAMPLES / "tumour.GRCh37.vcf")  # contigs named '20'
BGZF_MAGIC = b"\x1f\x8b\x08\x04"


def gnas(*args: str, umask: int | None = None) -> subprocess.CompletedProcess[bytes]:
    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "gnas_annot", *args],
        capture_output=True,
        preexec_fn=set_umask,
    )


def annotate(
    out: Path | str, *extra: str, source: str = TUMOUR
) -> subprocess.CompletedProcess[bytes]:
    result = gnas("annotate", source, "-q", "-o", str(out), *extra)
    assert result.returncode == 0, result.stderr.decode()
    return result


def tsv_parts(text: str) -> tuple[list[str], list[str], list[list[str]]]:
    lines = text.splitlines()
    meta = [line for line in lines if line.startswith("##")]
    header, *body = lines[len(meta) :]
    return meta, header.split("\t"), [line.split("\t") for line in body]


@pytest.mark.parametrize(
    ("name", "opener"),
    [("x.vcf", "text"), ("x.vcf.gz", "bgzf"), ("x.vcf.bgz", "bgzf"), ("x.bcf", "bgzf")],
)
def test_vcf_names_get_vcf_content_of_that_compression(tmp_path, name, opener):
    out = tmp_path / name
    annotate(out)
    head = out.read_bytes()[:4]
    assert (head == BGZF_MAGIC) == (opener == "bgzf")
    with pysam.VariantFile(str(out)) as vcf:
        assert vcf.is_bcf == name.endswith(".bcf")
        assert [r.pos for r in vcf] == [57484420, 57484421]
    index = {".bcf": ".csi", ".vcf": None}.get(out.suffix, ".tbi")
    if index:
        assert Path(str(out) + index).is_file()


@pytest.mark.parametrize("name", ["x.tsv", "x.tsv.gz"])
def test_tsv_names_get_tsv_with_provenance_lines(tmp_path, name):
    out = tmp_path / name
    annotate(out)
    raw = out.read_bytes()
    assert (raw[:4] == BGZF_MAGIC) == name.endswith(".gz")
    text = gzip.decompress(raw).decode() if name.endswith(".gz") else raw.decode()
    meta, header, body = tsv_parts(text)
    keys = [line.split("=", 1)[0] for line in meta]
    assert keys == [
        "##gnas_annotVersion",
        "##gnas_annotDataPack",
        "##gnas_annotBuild",
        "##gnas_annotCommand",
        "##gnas_annotReference",
        "##gnas_annotRegion",
    ]
    assert "##gnas_annotBuild=GRCh37" in meta and "##gnas_annotReference=none" in meta
    assert f"##gnas_annotCommand=gnas-annot annotate {TUMOUR} -q -o {out}" in meta
    assert header == list(COLUMNS) and len(body) == 14
    assert {row[0] for row in body} == {"20"}  # the input's contig name, as in the VCF


@pytest.mark.parametrize("name", ["x.jsonl", "x.jsonl.gz"])
def test_jsonl_names_get_a_header_object_then_rows(tmp_path, name):
    out = tmp_path / name
    annotate(out)
    raw = out.read_bytes()
    assert (raw[:4] == BGZF_MAGIC) == name.endswith(".gz")
    text = gzip.decompress(raw).decode() if name.endswith(".gz") else raw.decode()
    first, *rows = (json.loads(line) for line in text.splitlines())
    header = first["gnas_annot_header"]
    jsonschema.validate(header, SCHEMA["$defs"]["header"])
    assert header["columns"] == list(COLUMNS) and header["build"] == "GRCh37"
    for row in rows:
        jsonschema.validate(row, SCHEMA)
    assert len(rows) == 14 and {r["chrom"] for r in rows} == {"20"}


def test_parquet_name_gets_parquet_with_provenance_metadata(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "x.parquet"
    annotate(out)
    assert out.read_bytes()[:4] == b"PAR1"
    table = pq.read_table(out)
    meta = {k.decode(): v.decode() for k, v in table.schema.metadata.items()}
    assert meta["gnas_annot.build"] == "GRCh37" and meta["gnas_annot.reference"] == "none"
    assert meta["gnas_annot.command"].startswith("gnas-annot annotate ")
    assert {"gnas_annot.version", "gnas_annot.data_pack"} <= set(meta)
    assert table.num_rows == 14 and set(table.column("chrom").to_pylist()) == {"20"}
    assert set(table.column("source_pos").to_pylist()) == {57484420, 57484421}


@pytest.mark.parametrize(
    "name", ["x.csv", "x.pq", "x.txt.gz", "x.json", "x.txt", "x.vcf.bz2", "x", "x.TSV.zip"]
)
def test_a_name_that_names_no_type_is_refused_with_exit_2(tmp_path, name):
    result = gnas("annotate", TUMOUR, "-o", str(tmp_path / name))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err.count("\n") == 1 and "cannot tell the output type" in err and "-O" in err
    assert list(tmp_path.iterdir()) == []


def test_extract_refuses_a_table_name(tmp_path):
    result = gnas("extract", TUMOUR, "-o", str(tmp_path / "x.tsv"))
    assert result.returncode == 2 and b"cannot write tsv" in result.stderr


def test_output_type_overrides_the_name(tmp_path):
    out = tmp_path / "result.txt"
    annotate(out, "-O", "tsv.gz")
    _, header, body = tsv_parts(gzip.decompress(out.read_bytes()).decode())
    assert header == list(COLUMNS) and len(body) == 14
    vcf = tmp_path / "x.tsv"  # -O wins over a known extension too, as in bcftools
    annotate(vcf, "-O", "z")
    assert vcf.read_bytes()[:4] == BGZF_MAGIC and Path(f"{vcf}.tbi").is_file()
    assert not list(tmp_path.glob(".*"))  # no staging file left behind


def test_output_type_letters_write_binary_to_stdout(tmp_path):
    result = gnas("extract", TUMOUR, "-q", "-O", "b")
    assert result.returncode == 0, result.stderr
    assert result.stdout[:4] == BGZF_MAGIC and gzip.decompress(result.stdout)[:3] == b"BCF"
    tsv = gnas("annotate", TUMOUR, "-q", "-O", "tsv")
    assert tsv.stdout.decode().startswith("##gnas_annotVersion=")


def test_parquet_to_stdout_is_a_usage_error():
    result = gnas("annotate", TUMOUR, "-O", "parquet")
    assert result.returncode == 2 and b"Parquet cannot be written to stdout" in result.stderr


@pytest.mark.parametrize(
    ("umask", "mode", "name"),
    [
        (0o027, 0o640, "x.tsv"),
        (0o027, 0o640, "x.jsonl.gz"),
        (0o027, 0o640, "x.vcf.gz"),
        (0o022, 0o644, "x.bcf"),
        (0o002, 0o664, "x.parquet"),
    ],
)
def test_data_files_follow_the_umask(tmp_path, umask, mode, name):
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    result = gnas("annotate", TUMOUR, "-q", "-o", str(tmp_path / name), umask=umask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode


def test_extract_writes_follow_the_umask(tmp_path):
    out = tmp_path / "x.vcf"
    assert gnas("extract", TUMOUR, "-q", "-o", str(out), umask=0o022).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_every_format_gives_the_original_and_the_normalized_position(
    tmp_path, partial_reference, bcftools
):
    trio = str(EXAMPLES / "trio.GRCh38.vcf")
    ref = ["--reference", str(partial_reference["GRCh38"])]
    annotate(tmp_path / "a.tsv", *ref, source=trio)
    _, header, body = tsv_parts((tmp_path / "a.tsv").read_text())
    rows = [dict(zip(header, r, strict=True)) for r in body]
    deletion = next(r for r in rows if r["hgvs_c"] == "NM_000516.7:c.565_568del")
    # GCTGA>G at 58909193 after left-alignment; the input wrote it at 58909195
    assert (deletion["source_pos"], deletion["pos"]) == ("58909195", "58909193")
    annotate(tmp_path / "a.vcf.gz", *ref, source=trio)
    fields = subprocess.run(
        [bcftools, "+split-vep", "-a", "GNAS", "-d", "-f",
         "%CHROM %POS %Transcript %Norm_POS %Norm_REF %Norm_ALT\n", str(tmp_path / "a.vcf.gz")],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert f"chr20 58909195 NM_000516.7 58909193 {deletion['ref']} {deletion['alt']}" in fields
