"""``annotate --sv/--cnv/--upd``: each sample's copy-number events and UPD call in the
``copy_number`` and ``upd`` columns of every table output and in the VCF header."""

from __future__ import annotations

import csv
import json

import jsonschema
import pyarrow.parquet as pq
import pysam
import pytest

from conftest import EXAMPLES
from gnas_annot.cli.app import main
from gnas_annot.output.tables import read_jsonl
from test_structure_sv import DEL_INFO, DEL_START, HEAD
from upd_data import simulate_trio

TRIO, PED = EXAMPLES / "trio.GRCh38.vcf", EXAMPLES / "trio.ped"
SCHEMA = json.loads((EXAMPLES.parents[1] / "docs" / "output.schema.json").read_text())
STX16 = "deletion chr20:58667700-58670900 (3,201 bp) STX16 exons 4-6 deleted"


@pytest.fixture
def sv_vcf(tmp_path):
    """A Manta-style deletion of the STX16 exons 4-6 region in the proband and the mother."""
    body = (
        f"chr20\t{DEL_START - 1}\tMantaDEL:1\tN\t<DEL>\t300\tPASS\t{DEL_INFO}\tGT\t0/1\t0/0\t0/1\n"
    )
    path = tmp_path / "sv.vcf"
    path.write_text(HEAD.format(source="", samples="PROBAND\tFATHER\tMOTHER") + body)
    return path


def _tsv(path):
    with path.open() as f:
        lines = [line for line in f if not line.startswith("##")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _jsonl(path):
    """The rows, each validated against the documented schema."""
    rows = read_jsonl(path)[1]
    for row in rows:
        jsonschema.validate(row, SCHEMA)
    return rows


def _by_sample(rows, column):
    """Each sample's set of values of ``column`` (a list column joined for hashing)."""
    out: dict[str, set] = {}
    for row in rows:
        value = row[column]
        value = tuple(value) if isinstance(value, list) else value
        out.setdefault(row["sample"], set()).add(value)
    return out


def test_sv_deletion_is_in_each_carriers_copy_number_column_in_every_table(tmp_path, sv_vcf):
    base = ["annotate", str(TRIO), "--ped", str(PED), "--sv", str(sv_vcf), "-q", "-o"]
    for ext in ("tsv", "jsonl", "parquet"):
        assert main([*base, str(tmp_path / f"a.{ext}")]) == 0
    jsonl = _by_sample(_jsonl(tmp_path / "a.jsonl"), "copy_number")
    parquet = _by_sample(pq.read_table(tmp_path / "a.parquet").to_pylist(), "copy_number")
    assert jsonl == parquet
    (proband,) = jsonl["PROBAND"]
    (event,) = proband
    assert event.startswith(STX16)
    # the mother has it too, so the proband's deletion is maternal, read as AD-PHP1B
    assert "; origin maternal; consistent with AD-PHP1B (maternal deletion of STX16)" in event
    (mother,) = jsonl["MOTHER"]
    assert len(mother) == 1 and "origin unknown" in mother[0]  # the mother has no parents
    assert jsonl["FATHER"] == {()}  # assessed, no event
    tsv = _by_sample(_tsv(tmp_path / "a.tsv"), "copy_number")
    assert tsv["PROBAND"] == {event}  # one event: the cell is its text
    # not asked for UPD: null everywhere
    assert {r["upd"] for r in _jsonl(tmp_path / "a.jsonl")} == {None}


def test_sv_deletion_is_declared_in_the_vcf_header(tmp_path, sv_vcf):
    out = tmp_path / "a.vcf.gz"
    args = ["annotate", str(TRIO), "--ped", str(PED), "--sv", str(sv_vcf), "-q", "-o", str(out)]
    assert main(args) == 0
    with pysam.VariantFile(str(out)) as vcf:
        lines = [str(r) for r in vcf.header.records if r.key == "gnas_annotCNV"]
        assert sum(1 for _ in vcf) > 0
    assert len(lines) == 2
    proband = next(line for line in lines if 'Sample="PROBAND"' in line)
    assert "Type=deletion" in proband and "Start=58667700" in proband and "End=58670900" in proband
    assert "Origin=maternal" in proband and STX16 in proband


def test_upd_column_carries_a_paternal_isodisomy_call_and_its_reading(tmp_path):
    vcf = simulate_trio(tmp_path / "t.vcf", upd=("paternal", "iso", 35_000_000, 64_000_000), seed=7)
    ped = tmp_path / "t.ped"
    ped.write_text("F\tkid\tdad\tmum\t1\t2\nF\tdad\t0\t0\t1\t1\nF\tmum\t0\t0\t2\t1\n")
    out = tmp_path / "u.jsonl"
    assert main(["annotate", str(vcf), "--ped", str(ped), "--upd", "-q", "-o", str(out)]) == 0
    rows = _jsonl(out)
    upd = _by_sample(rows, "upd")
    assert upd["dad"] == upd["mum"] == {None}  # parents are not scanned
    (call,) = upd["kid"]
    assert call.startswith("paternal isodisomy (segmental 20q) chr20:")
    assert "informative sites" in call and "LOD" in call
    assert call.endswith("consistent with sporadic PHP1B (paternal UPD of 20q covering GNAS)")
    note = "paternal UPD of chr20 found: consistent with sporadic PHP1B"
    kid = [r for r in rows if r["sample"] == "kid"]
    assert kid and all(any(c.startswith(note) for c in r["caveats"]) for r in kid)
    assert not any(note in c for r in rows if r["sample"] != "kid" for c in r["caveats"])
    header = tmp_path / "u.vcf"
    assert main(["annotate", str(vcf), "--ped", str(ped), "--upd", "-q", "-o", str(header)]) == 0
    with pysam.VariantFile(str(header)) as v:
        (line,) = [str(r) for r in v.header.records if r.key == "gnas_annotUPD"]
    assert "Status=called" in line and "Parent=paternal" in line and "Kind=isodisomy" in line


def test_upd_on_a_gnas_only_trio_says_not_assessable(tmp_path):
    out = tmp_path / "g.tsv"
    assert main(["annotate", str(TRIO), "--ped", str(PED), "--upd", "-q", "-o", str(out)]) == 0
    upd = _by_sample(_tsv(out), "upd")
    (text,) = upd["PROBAND"]
    assert text.startswith("not assessable: ") and "whole chromosome 20" in text
    assert upd["FATHER"] == upd["MOTHER"] == {""}


def test_upd_without_a_pedigree_is_a_usage_error(tmp_path, capsys):
    assert main(["annotate", str(TRIO), "--upd", "-q", "-o", str(tmp_path / "x.tsv")]) == 2
    err = capsys.readouterr().err
    assert "--upd needs --ped or --trio" in err and "Traceback" not in err
    assert not (tmp_path / "x.tsv").exists()
