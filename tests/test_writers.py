"""annotate outputs: VCF readable by bcftools +split-vep, TSV/JSONL that match the schema."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pysam
import pytest

from conftest import EXAMPLES
from gnas_annot.annotate.results import COLUMNS, CSQ_FIELDS
from gnas_annot.annotate.run import AnnotationRun
from gnas_annot.errors import OutputError
from gnas_annot.output.annotated_vcf import write_vcf
from gnas_annot.output.tables import write_jsonl, write_parquet, write_tsv

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "output.schema.json").read_text()
)


@pytest.fixture(scope="module")
def trio(partial_reference):
    with AnnotationRun(
        EXAMPLES / "trio.GRCh38.vcf",
        ped=EXAMPLES / "trio.ped",
        reference=partial_reference["GRCh38"],
    ) as run:
        return run.header, list(run)


def test_jsonl_rows_follow_the_schema_and_keep_every_allele(tmp_path, trio):
    _, annotated = trio
    out = tmp_path / "a.jsonl"
    n = write_jsonl(annotated, out)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == n > 0
    for row in rows:
        jsonschema.validate(row, SCHEMA)
        assert list(row) == list(COLUMNS)
    assert {(r["source_pos"], r["alt"]) for r in rows} == {
        (a.variant.source.pos, a.variant.alt) for a in annotated
    }
    hotspot = next(
        r
        for r in rows
        if r["transcript"] == "NM_000516.7" and r["pos"] == 58909193 and r["sample"] == "PROBAND"
    )
    assert hotspot["hgvs_c"] == "NM_000516.7:c.565_568del"
    assert hotspot["pvs1_criterion"] == "NF1" and hotspot["origin"] == "maternal"
    assert hotspot["interpretation"] == "consistent with PHP1A (maternal Gs-alpha loss of function)"


def test_tsv_has_the_documented_header_and_one_line_per_row(tmp_path, trio):
    _, annotated = trio
    out = tmp_path / "a.tsv"
    n = write_tsv(annotated, out)
    lines = out.read_text().splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert len(lines) == n + 1 and all(len(line.split("\t")) == len(COLUMNS) for line in lines)


def test_vcf_keeps_original_records_and_split_vep_reads_the_gnas_field(tmp_path, trio, bcftools):
    header, annotated = trio
    out = tmp_path / "a.vcf.gz"
    assert write_vcf(annotated, header, out) == 7  # the 7 input records, unsplit
    with pysam.VariantFile(str(out)) as vcf:
        assert f"Format: {'|'.join(CSQ_FIELDS)}" in str(vcf.header)
        records = list(vcf)
    assert [r.alts for r in records][4] == ("T", "A")  # the multiallelic record stays whole
    assert records[3].samples["PROBAND"]["POO"] == ("maternal",)
    fields = subprocess.run(
        [
            bcftools,
            "+split-vep",
            "-a",
            "GNAS",
            "-d",
            "-f",
            "%POS\t%Transcript\t%HGVSc\t%LoF_criteria\n",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert "58909195\tNM_000516.7\tNM_000516.7:c.565_568del\tNF1" in fields


def test_parquet_needs_pyarrow_or_says_so(tmp_path, trio):
    _, annotated = trio
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        with pytest.raises(OutputError, match="pyarrow"):
            write_parquet(annotated, tmp_path / "a.parquet")
    else:
        assert write_parquet(annotated, tmp_path / "a.parquet") > 0


def test_to_dataframe_has_the_documented_columns(trio):
    from gnas_annot import to_dataframe

    _, annotated = trio
    frame = to_dataframe(annotated)
    assert list(frame.columns) == list(COLUMNS)
    assert set(frame[frame.transcript == "NM_000516.7"].hgvs_c.dropna()) >= {
        "NM_000516.7:c.565_568del",
        "NM_000516.7:c.601C>T",
    }


def test_vcf_output_for_an_input_without_contig_lines(tmp_path, partial_reference):
    source = tmp_path / "nocontig.vcf"
    source.write_text(
        "##fileformat=VCFv4.2\n##reference=GRCh38\n"
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="GT">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n"
        "chr20\t58909365\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n"
    )
    with AnnotationRun(source, reference=partial_reference["GRCh38"]) as run:
        assert write_vcf(run, run.header, tmp_path / "o.vcf.gz") == 1
    with pysam.VariantFile(str(tmp_path / "o.vcf.gz")) as vcf:
        (record,) = list(vcf)
        assert "chr20" in vcf.header.contigs and "NM_000516.7:c.601C>T" in record.info["GNAS"][0]
