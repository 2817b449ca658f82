"""``gnas-annot origin``: TSV/JSON output, options, exit codes."""

from __future__ import annotations

import argparse
import json

import pytest

from alignments import write_alignments
from conftest import EXAMPLES, write_vcf
from gnas_annot.cli.app import main
from gnas_annot.cli.origin import COLUMNS, add_origin_options, origin_settings
from trios import HET, SAMPLES, exon8_reads, line, trio_vcf

TRIO = str(EXAMPLES / "trio.GRCh38.vcf")


def run(capsys, *args):
    code = main(["origin", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_bundled_trio_gives_one_tsv_row_per_child_and_allele(capsys):
    code, out, _ = run(capsys, TRIO, "--ped", EXAMPLES / "trio.ped")
    assert code == 0
    header, *rows = [r.split("\t") for r in out.splitlines() if not r.startswith("##")]
    assert tuple(header) == COLUMNS
    assert len(rows) == 8  # 7 records, one of them with two ALTs
    by_allele = {(r[4], r[6]): dict(zip(COLUMNS, r, strict=True)) for r in rows}
    assert by_allele[("58909195", "T")]["origin"] == "maternal"  # c.565_568del from the mother
    assert by_allele[("58891727", "G")]["origin"] == "paternal"
    r201c = by_allele[("58909365", "T")]
    assert r201c["origin"] == "de_novo_unphased"
    assert r201c["mosaic_flags"] == "activating_hotspot,somatic_mosaic_suspected"
    assert by_allele[("58909365", "A")]["origin"] == "not_applicable"
    assert by_allele[("58909366", "A")]["origin"] == "unknown"  # the mother is ./.


def test_tsv_on_stdout_starts_with_the_provenance_lines_annotate_writes(
    tmp_path, partial_reference, capsys
):
    ref = partial_reference["GRCh38"]
    ped = EXAMPLES / "trio.ped"
    code, out, _ = run(capsys, TRIO, "--ped", ped, "--reference", ref)
    assert code == 0
    lines = out.splitlines()
    provenance = [ln for ln in lines if ln.startswith("##")]
    assert lines[: len(provenance)] == provenance  # all before the column header
    assert lines[len(provenance)].split("\t") == list(COLUMNS)
    assert f"##gnas_annotCommand=gnas-annot origin {TRIO} --ped {ped} --reference {ref}" in lines
    table = tmp_path / "a.tsv"
    assert (
        main(["annotate", TRIO, "--ped", str(ped), "--reference", str(ref), "-q", "-o", str(table)])
        == 0
    )
    capsys.readouterr()
    annotated = [ln for ln in table.read_text().splitlines() if ln.startswith("##")]

    def keys(found: list[str]) -> dict[str, str]:
        return dict(ln.partition("=")[::2] for ln in found if "Command=" not in ln)

    assert keys(provenance) == keys(annotated)  # version, pack, build, reference, region
    assert keys(provenance)["##gnas_annotReference"] == str(ref)
    assert keys(provenance)["##gnas_annotBuild"] == "GRCh38"


def test_json_output_has_no_provenance_lines_it_stays_one_json_array(capsys):
    code, out, _ = run(capsys, TRIO, "--ped", EXAMPLES / "trio.ped", "--json")
    assert code == 0 and isinstance(json.loads(out), list)


def test_json_with_trio_and_bam_carries_the_read_evidence(tmp_path, partial_reference, capsys):
    ref = partial_reference["GRCh38"]
    bam = write_alignments(tmp_path / "kid.bam", exon8_reads(ref, 5, 0), ref)
    vcf = trio_vcf(tmp_path, ref)
    code, out, _ = run(
        capsys, vcf, "--trio", "kid,dad,mum", "--bam", f"kid={bam}", "--reference", ref, "--json"
    )
    assert code == 0
    data = {(d["pos"], d["alt"]): d for d in json.loads(out)}
    denovo = data[(58909365, "T")]
    assert (denovo["origin"], denovo["method"]) == ("paternal", "read_backed")
    assert denovo["evidence"][0]["paternal"] == 5
    assert denovo["mosaicism"]["hotspot"] == "p.Arg201"


def test_thresholds_from_the_command_line_change_the_call(tmp_path, partial_reference, capsys):
    body = line("chr20\t58909193\t.\tGCTGA\tG", HET, HET, "0/0:40,0:40:25")
    vcf = write_vcf(tmp_path / "t.vcf", body, samples=SAMPLES)
    ref = partial_reference["GRCh38"]
    _, default, _ = run(capsys, vcf, "--trio", "kid,dad,mum", "--reference", ref)
    _, strict, _ = run(capsys, vcf, "--trio", "kid,dad,mum", "--reference", ref, "--min-gq", 30)
    assert "\tpaternal\t" in default
    assert "\tunknown\t" in strict and "mother GQ 25 < 30" in strict


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--trio", "kid,dad,nobody"], 10, "nobody not in the VCF"),
        (["--ped", "BADPED"], 10, "column"),
        (["--trio", "PROBAND,FATHER,MOTHER", "--bam", "PROBAND=/no/such.bam"], 3, "not found"),
        (["--trio", "PROBAND,FATHER,MOTHER", "--bam", "STRANGER=/x.bam"], 10, "STRANGER"),
    ],
)
def test_errors_exit_with_their_code_and_one_line(tmp_path, capsys, args, code, words):
    (tmp_path / "bad.ped").write_text("F kid dad\n")
    args = [str(tmp_path / "bad.ped") if a == "BADPED" else a for a in args]
    vcf = (
        TRIO if "PROBAND" in " ".join(args) else write_vcf(tmp_path / "v.vcf", "", samples=SAMPLES)
    )
    got, out, err = run(capsys, vcf, *args)
    assert got == code and words in err and err.startswith("gnas-annot: error:")
    assert out == ""


@pytest.mark.parametrize(
    "args", [[], ["--trio", "a,b"], ["--ped", "x", "--trio", "a,b,c"], ["--bam", "nopath"]]
)
def test_usage_errors_exit_2(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(["origin", TRIO, *args])
    assert info.value.code == 2


def test_origin_options_can_be_added_to_another_command():
    parser = argparse.ArgumentParser()
    add_origin_options(parser)  # optional there: annotate runs without a pedigree too
    args = parser.parse_args(["--bam", "kid=a.bam", "--window", "800", "--min-ab", "0.25"])
    settings = origin_settings(args)
    assert args.ped is None and args.trio is None and args.bam == [("kid", "a.bam")]
    assert (settings.reads.window, settings.min_het_ab) == (800, 0.25)
