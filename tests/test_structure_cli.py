"""`gnas-annot cnv` and `gnas-annot upd`: JSON schema, TSV, exit codes."""

from __future__ import annotations

import json

from cnv_data import write_depth_bam
from gnas_annot.cli.app import main
from gnas_annot.model.builds import GenomeBuild
from upd_data import simulate_trio

STX16_DEL = (58667700, 58670900, 1)


def _run(capsys, argv):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cnv_json_events_with_trio_origin_from_parents_bams(tmp_path, capsys):
    b = GenomeBuild.GRCh38
    kid = write_depth_bam(tmp_path / "kid.bam", b, depth=60, copies=[STX16_DEL], sample="kid")
    mum = write_depth_bam(
        tmp_path / "mum.bam", b, depth=60, copies=[STX16_DEL], seed=2, sample="mum"
    )
    dad = write_depth_bam(tmp_path / "dad.bam", b, depth=60, seed=3, sample="dad")
    code, out, _ = _run(
        capsys, ["cnv", str(kid), str(dad), str(mum), "--trio", "kid,dad,mum", "--json"]
    )
    assert code == 0
    data = json.loads(out)
    (event,) = [e for e in data["events"] if e["sample"] == "kid"]
    for key in ("type", "chrom", "start", "end", "exons", "label", "ratio", "quality", "origin"):
        assert key in event
    assert event["type"] == "deletion" and event["origin"] == "maternal"
    assert event["inheritance"] == "inherited"
    assert event["reading"] == "consistent with AD-PHP1B (maternal deletion of STX16)"
    assert {s["sample"] for s in data["samples"]} == {"kid", "dad", "mum"}


def test_cnv_tsv_has_one_row_per_event(tmp_path, capsys):
    bam = write_depth_bam(tmp_path / "s.bam", GenomeBuild.GRCh38, depth=60, copies=[STX16_DEL])
    code, out, _ = _run(capsys, ["cnv", str(bam)])
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[1].split("\t")[1] == "deletion"


def test_cnv_without_index_exits_3_with_one_line(tmp_path, capsys):
    bam = write_depth_bam(tmp_path / "s.bam", GenomeBuild.GRCh38, depth=5, index=False)
    code, out, err = _run(capsys, ["cnv", str(bam)])
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "no index" in err


def test_cnv_without_inputs_is_an_error(capsys):
    code, _, err = _run(capsys, ["cnv"])
    assert code == 1 and "BAM/CRAM" in err


def test_upd_json_calls_empty_on_a_normal_trio_and_filled_on_upd(tmp_path, capsys):
    normal = simulate_trio(tmp_path / "n.vcf", sites=5_000, seed=11)
    code, out, _ = _run(capsys, ["upd", str(normal), "--trio", "kid,dad,mum", "--json"])
    data = json.loads(out)
    assert code == 0 and data["calls"] == [] and data["results"][0]["assessable"]
    upd = simulate_trio(
        tmp_path / "u.vcf", sites=5_000, upd=("paternal", "iso", 35_000_000, 64_000_000)
    )
    code, out, _ = _run(capsys, ["upd", str(upd), "--trio", "kid,dad,mum", "--json"])
    (call,) = json.loads(out)["calls"]
    assert (call["type"], call["parent"], call["kind"]) == ("UPD", "paternal", "isodisomy")
    for key in ("chrom", "start", "end", "informative_sites", "statistic"):
        assert key in call
    assert call["reading"].startswith("consistent with sporadic PHP1B")


def test_upd_duo_from_ped_is_reported_not_assessable(tmp_path, capsys):
    vcf = simulate_trio(tmp_path / "d.vcf", sites=2_000, samples=("kid", "dad"))
    ped = tmp_path / "duo.ped"
    ped.write_text("f kid dad 0 1 2\nf dad 0 0 1 1\n")
    code, out, _ = _run(capsys, ["upd", str(vcf), "--ped", str(ped)])
    rows = [line.split("\t") for line in out.strip().splitlines()]
    assert code == 0 and rows[1][0] == "kid" and rows[1][3] == "none"
    assert "needs both parents" in rows[1][-1]


def _dmr_table(path, nesp, as1, xl, ab):
    rows = zip(("NESP", "AS", "XL", "A/B"), (nesp, as1, xl, ab), strict=True)
    path.write_text("dmr\tpercent\n" + "".join(f"{d}\t{v}\n" for d, v in rows))
    return path


def test_cnv_joins_the_childs_methylation_pattern_with_the_deletion(tmp_path, capsys):
    b = GenomeBuild.GRCh38
    kid = write_depth_bam(tmp_path / "kid.bam", b, depth=60, copies=[STX16_DEL], sample="kid")
    ab_lom = _dmr_table(tmp_path / "ab.tsv", 50, 50, 50, 3)
    code, out, _ = _run(capsys, ["cnv", str(kid), "--methylation", f"kid={ab_lom}", "--json"])
    (event,) = json.loads(out)["events"]
    assert code == 0 and event["methylation_pattern"] == "isolated_ab_lom"
    assert any("as expected" in e for e in event["evidence"])
    normal = _dmr_table(tmp_path / "n.tsv", 50, 50, 50, 50)
    code, out, _ = _run(capsys, ["cnv", str(kid), "--methylation", f"kid={normal}", "--json"])
    (event,) = json.loads(out)["events"]
    # origin unknown: a normal pattern is possible (paternal deletion), so no caveat
    assert event["methylation_pattern"] == "normal"
    assert any("as expected" in e for e in event["evidence"])


def test_upd_with_a_disagreeing_methylation_pattern_gets_a_caveat(tmp_path, capsys):
    upd = simulate_trio(
        tmp_path / "u.vcf", sites=5_000, upd=("paternal", "iso", 35_000_000, 64_000_000)
    )
    paternal = _dmr_table(tmp_path / "p.tsv", 98, 2, 3, 2)
    normal = _dmr_table(tmp_path / "n.tsv", 50, 50, 50, 50)
    code, out, _ = _run(
        capsys,
        ["upd", str(upd), "--trio", "kid,dad,mum", "--json", "--methylation", f"kid={paternal}"],
    )
    (call,) = json.loads(out)["calls"]
    assert code == 0 and any("as expected" in e for e in call["evidence"])
    code, out, _ = _run(
        capsys,
        ["upd", str(upd), "--trio", "kid,dad,mum", "--json", "--methylation", f"kid={normal}"],
    )
    (call,) = json.loads(out)["calls"]
    assert code == 0 and call["methylation_pattern"] == "normal"
    assert any("recheck both results" in c for c in call["caveats"])


def test_cnv_names_the_parental_chromosome_of_a_de_novo_deletion_from_alleles(tmp_path, capsys):
    b = GenomeBuild.GRCh38
    kid = write_depth_bam(tmp_path / "kid.bam", b, depth=60, copies=[STX16_DEL], sample="kid")
    dad = write_depth_bam(tmp_path / "dad.bam", b, depth=60, seed=2, sample="dad")
    mum = write_depth_bam(tmp_path / "mum.bam", b, depth=60, seed=3, sample="mum")
    # inside the deletion the kid shows only the father's allele where the mother
    # is homozygous for the other one (REF N: synthetic sites, no real bases)
    body = "".join(
        f"chr20\t{pos}\t.\tN\tA\t50\tPASS\t.\tGT\t{k}\t{d}\t{m}\n"
        for pos, k, d, m in [
            (58668500, "1/1", "0/1", "0/0"),
            (58669900, "0/0", "0/1", "1/1"),
            (58600000, "0/1", "0/1", "0/0"),  # outside: not used
        ]
    )
    vcf = tmp_path / "small.vcf"
    vcf.write_text(
        "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=64444167>\n"
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tkid\tdad\tmum\n" + body
    )
    argv = ["cnv", str(kid), str(dad), str(mum), "--trio", "kid,dad,mum", "--vcf", str(vcf)]
    code, out, _ = _run(capsys, [*argv, "--json"])
    (event,) = json.loads(out)["events"]
    assert code == 0
    assert (event["origin"], event["inheritance"]) == ("maternal", "de_novo")
    assert event["reading"] == "consistent with AD-PHP1B (maternal deletion of STX16)"
