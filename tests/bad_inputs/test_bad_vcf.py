"""Broken, odd and hostile VCF/BCF input: each case is refused with its
gnas_annot.errors class and exit code (one line, no traceback), or processed
with every in-region record accounted for in the output."""

from __future__ import annotations

import gzip
import os
import subprocess

import pytest

from bad_inputs.common import (
    GS_R201,
    assert_accounted,
    cli_error,
    cli_process,
    other_base,
    output_records,
    process_error,
    ref_base,
    snv_line,
)
from conftest import write_vcf
from gnas_annot import read_gnas_variants
from gnas_annot.errors import (
    BuildMismatchError,
    CorruptInputError,
    InputError,
    MalformedHeaderError,
    MalformedRecordError,
    RefMismatchError,
    TruncatedInputError,
    UnknownContigError,
)
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import VariantStatus

G38 = GenomeBuild.GRCh38
HEADER_37 = "##fileformat=VCFv4.2\n##contig=<ID=20,length=63025520>\n"


@pytest.fixture
def ref38(synthetic_reference):
    return synthetic_reference[G38]


@pytest.fixture
def good(tmp_path, ref38):
    return write_vcf(tmp_path / "good.vcf", snv_line(ref38, GS_R201))


def bgzip(path):
    subprocess.run(["bgzip", "-f", "-k", str(path)], check=True)
    return path.with_name(path.name + ".gz")


# --- refused: (builder, exception, exit code, message fragment) ------------------


def _truncated_bgzf(tmp_path, ref38):
    good = write_vcf(tmp_path / "t.vcf", snv_line(ref38, GS_R201) * 50)
    data = bgzip(good).read_bytes()
    cut = tmp_path / "cut.vcf.gz"
    cut.write_bytes(data[: len(data) - 40])
    return cut, []


def _empty(tmp_path, ref38):
    path = tmp_path / "empty.vcf"
    path.write_bytes(b"")
    return path, []


def _binary(tmp_path, ref38):
    path = tmp_path / "noise.vcf"
    path.write_bytes(bytes(range(256)) * 8 + os.urandom(2000))
    return path, []


def _no_chrom_line(tmp_path, ref38):
    path = tmp_path / "nochrom.vcf"
    path.write_text(
        "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=64444167>\n" + snv_line(ref38, GS_R201)
    )
    return path, []


def _no_fileformat(tmp_path, ref38):
    path = tmp_path / "noformat.vcf"
    path.write_text(
        "##contig=<ID=chr20,length=64444167>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
    )
    return path, []


def _contig(name, declared):
    def build(tmp_path, ref38):
        header = "##fileformat=VCFv4.2\n" + (
            f"##contig=<ID={name},length=64444167>\n" if declared else ""
        )
        body = snv_line(ref38, GS_R201).replace("chr20", name)
        return write_vcf(tmp_path / f"{name}.vcf", body, header=header), ["--build", "GRCh38"]

    return build


def _grch37_as_grch38(tmp_path, ref38):
    body = "20\t57484420\t.\tC\tT\t50\tPASS\t.\tGT\t0/1\n"
    return write_vcf(tmp_path / "g37.vcf", body, header=HEADER_37), ["--build", "GRCh38"]


def _contradictory_header(tmp_path, ref38):
    header = "##fileformat=VCFv4.2\n##reference=hg19\n##contig=<ID=chr20,length=64444167>\n"
    return write_vcf(tmp_path / "c.vcf", snv_line(ref38, GS_R201), header=header), []


def _many_ref_mismatches(tmp_path, ref38):
    body = "".join(
        snv_line(ref38, pos, ref=other_base(ref_base(ref38, pos)))
        for pos in range(GS_R201, GS_R201 + 8)
    )
    return write_vcf(tmp_path / "mm.vcf", body), ["--reference", str(ref38)]


def _duplicate_samples(tmp_path, ref38):
    body = snv_line(ref38, GS_R201).replace("0/1", "0/1\t0/1")
    return write_vcf(tmp_path / "dup.vcf", body, samples=("S1", "S1")), []


def _replace(name, old, new):
    def build(tmp_path, ref38):
        return write_vcf(tmp_path / f"{name}.vcf", snv_line(ref38, GS_R201).replace(old, new)), []

    return build


def _non_utf8_data(tmp_path, ref38):
    path = tmp_path / "latin1.vcf"
    data = write_vcf(path, snv_line(ref38, GS_R201)).read_bytes()
    path.write_bytes(data.replace(b"\t50\tPASS\t.\t", b"\t50\tPASS\tSVTYPE=caf\xe9\t"))
    return path, []


def _plain_text_cut_inside_info(tmp_path, ref38):
    # a copy interrupted mid-line: the last line ends inside INFO, before FORMAT
    lines = snv_line(ref38, GS_R201) + snv_line(ref38, GS_R201 + 1).replace("\t.\tGT", "\tDP=4")
    path = write_vcf(tmp_path / "cut.vcf", lines)
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"DP=4") + 3])
    return path, []


def _strict_mismatch(tmp_path, ref38):
    line = snv_line(ref38, GS_R201, ref=other_base(ref_base(ref38, GS_R201)))
    return write_vcf(tmp_path / "s.vcf", line), ["--reference", str(ref38), "--strict"]


REFUSED = {
    "truncated_bgzf": (_truncated_bgzf, TruncatedInputError, 3, "truncated"),
    "empty_file": (_empty, CorruptInputError, 3, "the file is empty"),
    "binary_garbage": (_binary, CorruptInputError, 3, "binary data"),
    "no_chrom_line": (_no_chrom_line, MalformedHeaderError, 4, "no #CHROM line"),
    "no_fileformat_line": (_no_fileformat, MalformedHeaderError, 4, "##fileformat"),
    "contig_Chr20": (_contig("Chr20", True), UnknownContigError, 6, "'Chr20'"),
    "contig_chromosome20": (_contig("chromosome20", True), UnknownContigError, 6, "chromosome20"),
    "contig_Chr20_undeclared": (_contig("Chr20", False), UnknownContigError, 6, "'Chr20'"),
    "grch37_as_grch38": (_grch37_as_grch38, BuildMismatchError, 5, "file is GRCh37"),
    "contradictory_header": (_contradictory_header, BuildMismatchError, 5, "contradicts itself"),
    "many_ref_mismatches": (_many_ref_mismatches, BuildMismatchError, 5, "another genome build"),
    "duplicate_sample_names": (_duplicate_samples, MalformedHeaderError, 4, "duplicate sample"),
    "malformed_pos": (
        _replace("pos", f"\t{GS_R201}\t", "\t5890x365\t"),
        MalformedRecordError,
        4,
        "malformed",
    ),
    "negative_pos": (
        _replace("neg", f"\t{GS_R201}\t", "\t-5\t"),
        MalformedRecordError,
        4,
        "malformed",
    ),
    "malformed_qual": (
        _replace("qual", "\t50\t", "\tabc\t"),
        MalformedRecordError,
        4,
        "QUAL 'abc'",
    ),
    "malformed_gt": (
        _replace("gt", "\t0/1", "\t0/x"),
        MalformedRecordError,
        4,
        "cannot parse the chromosome 20 record",
    ),
    "too_few_columns": (
        _replace("cols", "\t0/1", ""),
        MalformedRecordError,
        4,
        "cannot parse the chromosome 20 record",
    ),
    "sample_columns_missing": (
        _replace("nosamples", "\tGT\t0/1", ""),
        MalformedRecordError,
        4,
        "has 0 sample columns but the header declares 1",
    ),
    "plain_text_cut_inside_info": (
        _plain_text_cut_inside_info,
        MalformedRecordError,
        4,
        "is the file cut short?",
    ),
    "non_utf8_data_line": (_non_utf8_data, MalformedRecordError, 4, "not UTF-8"),
    "strict_ref_mismatch": (_strict_mismatch, RefMismatchError, 7, "disagrees"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_its_error_and_exit_code(case, tmp_path, ref38, capfd):
    builder, error, code, fragment = REFUSED[case]
    path, extra = builder(tmp_path, ref38)
    options = dict(zip(extra[::2], extra[1::2], strict=False))
    with pytest.raises(error) as info:
        list(
            read_gnas_variants(
                path,
                reference=options.get("--reference"),
                build=options.get("--build"),
                strict="--strict" in extra,
            )
        )
    assert fragment in str(info.value)
    assert info.value.exit_code == code
    capfd.readouterr()
    out = tmp_path / "out.vcf.gz"
    cli_error(capfd, ["extract", str(path), "-o", str(out), *extra], code, fragment)
    assert not out.exists()


@pytest.mark.parametrize(
    "case", ["truncated_bgzf", "binary_garbage", "malformed_gt", "plain_text_cut_inside_info"]
)
def test_refused_as_a_real_process_too(case, tmp_path, ref38):
    builder, _, code, fragment = REFUSED[case]
    path, extra = builder(tmp_path, ref38)
    process_error(
        cli_process("annotate", str(path), "-o", str(tmp_path / "o.tsv"), *extra), code, fragment
    )


def test_a_directory_as_input_is_an_input_error_not_a_crash(tmp_path):
    # htslib used to segfault (exit -11) on a directory
    with pytest.raises(InputError, match="is a directory"):
        list(read_gnas_variants(tmp_path, build="GRCh38"))
    process_error(cli_process("extract", str(tmp_path), "--build", "GRCh38"), 3, "is a directory")


# --- processed: every in-region record accounted for -----------------------------


def extract(capfd, path, out, *extra):
    assert main_ok(["extract", str(path), "-o", str(out), "-q", *extra], capfd)
    return output_records(out)


def main_ok(args, capfd):
    from gnas_annot.cli.app import main

    code = main(args)
    err = capfd.readouterr().err
    assert code == 0, err
    assert "error" not in err.lower(), err
    return True


def test_plain_gzip_not_bgzf_streams(tmp_path, good, capfd):
    plain = tmp_path / "plain.vcf.gz"
    plain.write_bytes(gzip.compress(good.read_bytes()))
    assert [v.pos for v in read_gnas_variants(plain)] == [GS_R201]
    extract(capfd, plain, tmp_path / "o.vcf")
    assert_accounted(tmp_path / "o.vcf", {GS_R201: 1})
    result = cli_process("extract", "-", "-q", stdin=plain.read_bytes())
    assert result.returncode == 0, result.stderr
    assert f"\t{GS_R201}\t" in result.stdout.decode()


def test_a_few_ref_mismatches_are_reported_not_fatal(tmp_path, ref38, capfd):
    positions = range(GS_R201, GS_R201 + 10)
    body = "".join(
        snv_line(ref38, p, ref=other_base(ref_base(ref38, p)) if i < 2 else None)
        for i, p in enumerate(positions)
    )
    path = write_vcf(tmp_path / "mm.vcf", body)
    statuses = [v.status for v in read_gnas_variants(path, reference=ref38)]
    assert statuses.count(VariantStatus.REF_MISMATCH) == 2
    rows = extract(capfd, path, tmp_path / "o.vcf", "--reference", str(ref38))
    assert_accounted(tmp_path / "o.vcf", dict.fromkeys(positions, 1))
    assert [r["status"] for r in rows].count("ref_mismatch") == 2


def test_iupac_and_lower_case_alleles(tmp_path, ref38, capfd):
    p = GS_R201
    body = (
        f"chr20\t{p}\t.\t{ref_base(ref38, p)}\tR\t50\tPASS\t.\tGT\t0/1\n"
        f"chr20\t{p + 1}\t.\t{ref_base(ref38, p + 1).lower()}\t"
        f"{other_base(ref_base(ref38, p + 1)).lower()}\t50\tPASS\t.\tGT\t0/1\n"
        f"chr20\t{p + 2}\t.\tY\tA\t50\tPASS\t.\tGT\t0/1\n"
    )
    path = write_vcf(tmp_path / "iupac.vcf", body)
    got = {v.pos: v.status for v in read_gnas_variants(path, reference=ref38)}
    assert got == {
        p: VariantStatus.INVALID_ALLELE,
        p + 1: VariantStatus.OK,
        p + 2: VariantStatus.INVALID_ALLELE,
    }
    extract(capfd, path, tmp_path / "o.vcf", "--reference", str(ref38))
    assert_accounted(tmp_path / "o.vcf", {p: 1, p + 1: 1, p + 2: 1})


def test_ten_kb_deletion_and_insertion_normalize(tmp_path, ref38, capfd):
    start, ins = 58_890_000, 58_905_000
    deleted = ref_base(ref38, start, 10_001)
    anchor = ref_base(ref38, ins)
    body = (
        f"chr20\t{start}\t.\t{deleted}\t{deleted[0]}\t50\tPASS\t.\tGT\t0/1\n"
        f"chr20\t{ins}\t.\t{anchor}\t{anchor}{'ACGT' * 2500}\t50\tPASS\t.\tGT\t0/1\n"
    )
    path = write_vcf(tmp_path / "big.vcf", body)
    variants = list(read_gnas_variants(path, reference=ref38))
    assert len(variants) == 2 and all(v.status is VariantStatus.OK for v in variants)
    assert len(variants[0].ref) - len(variants[0].alt) == 10_000
    assert len(variants[1].alt) - len(variants[1].ref) == 10_000
    extract(capfd, path, tmp_path / "o.vcf", "--reference", str(ref38))
    assert_accounted(tmp_path / "o.vcf", {start: 1, ins: 1})


def test_gvcf_star_and_non_ref_alleles(tmp_path, ref38, capfd):
    p = GS_R201
    b = ref_base(ref38, p)
    body = (
        f"chr20\t{p}\t.\t{b}\t*,{other_base(b)}\t50\tPASS\t.\tGT\t1/2\n"
        f"chr20\t{p + 1}\t.\t{ref_base(ref38, p + 1)}\t<NON_REF>\t.\t.\tEND={p + 50}\tGT\t0/0\n"
        f"chr20\t{p + 60}\t.\t{ref_base(ref38, p + 60)}\t.\t.\t.\t.\tGT\t0/0\n"
    )
    path = write_vcf(tmp_path / "g.vcf", body)
    got = [(v.pos, v.status) for v in read_gnas_variants(path, reference=ref38)]
    assert got == [
        (p, VariantStatus.SPANNING_DELETION),
        (p, VariantStatus.OK),
        (p + 1, VariantStatus.NO_ALT),
        (p + 60, VariantStatus.NO_ALT),
    ]
    # extract used to crash writing a record without ALT (pysam needs two alleles)
    rows = extract(capfd, path, tmp_path / "o.vcf", "--reference", str(ref38))
    assert_accounted(tmp_path / "o.vcf", {p: 2, p + 1: 1, p + 60: 1})
    assert sorted(r["status"] for r in rows) == ["no_alt", "no_alt", "ok", "spanning_deletion"]


def test_symbolic_alleles_with_end_or_svlen_only(tmp_path, capfd):
    body = (
        "chr20\t58700000\t.\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;SVLEN=-200000\tGT\t0/1\n"
        "chr20\t58800000\t.\tN\t<DUP>\t.\tPASS\tSVTYPE=DUP;SVLEN=20000\tGT\t0/1\n"
        "chr20\t58890000\t.\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=58895000\tGT\t0/1\n"
        "chr20\t58900000\t.\tN\t<INV>\t.\tPASS\tSVTYPE=INV;END=58901000\tGT\t0/1\n"
        "chr20\t58905000\t.\tN\t<CNV>\t.\tPASS\tSVTYPE=CNV;SVLEN=-3000\tGT\t0/1\n"
        "chr20\t58000000\t.\tN\t<DUP>\t.\tPASS\tSVTYPE=DUP;SVLEN=1000\tGT\t0/1\n"
    )
    path = write_vcf(tmp_path / "sv.vcf", body)
    variants = list(read_gnas_variants(path))
    assert {v.sv_type for v in variants} == {"DEL", "DUP", "INV", "CNV"}
    assert all(v.status is VariantStatus.SYMBOLIC for v in variants)
    expected = dict.fromkeys((58700000, 58800000, 58890000, 58900000, 58905000), 1)
    assert {v.pos: 1 for v in variants} == expected  # 58000000 ends far upstream
    extract(capfd, path, tmp_path / "o.vcf")
    assert_accounted(tmp_path / "o.vcf", expected)


def test_malformed_and_undeclared_info_filter_format_are_kept(tmp_path, ref38, capfd):
    p = GS_R201
    body = (
        snv_line(ref38, p).replace("PASS\t.", "PASS\tAC=x")  # Integer that is not
        + snv_line(ref38, p + 1).replace("PASS\t.", "PASS\tFOO=1;=;;")  # undeclared, junk
        + snv_line(ref38, p + 2).replace("PASS", "q10")  # undeclared FILTER
        + snv_line(ref38, p + 3).replace("GT\t0/1", "GT:XX\t0/1:3")  # undeclared FORMAT
        + snv_line(ref38, p + 4).replace("PASS\t.", "PASS\tAC=1,2,3")  # Number=A, 3 values
    )
    # no ##contig and no ##FORMAT/GT either
    header = '##fileformat=VCFv4.2\n##INFO=<ID=AC,Number=A,Type=Integer,Description="x">\n'
    path = write_vcf(tmp_path / "info.vcf", body, header=header)
    assert len(list(read_gnas_variants(path, build="GRCh38"))) == 5
    # extract used to stop with KeyError/ValueError on each of the undeclared fields
    extract(capfd, path, tmp_path / "o.vcf", "--build", "GRCh38")
    assert_accounted(tmp_path / "o.vcf", {p + i: 1 for i in range(5)})
    text = (tmp_path / "o.vcf").read_text()
    assert "\tq10\t" in text and "FOO=1" in text


def test_unsorted_input_comes_out_sorted_and_complete(tmp_path, ref38, capfd):
    body = snv_line(ref38, GS_R201) + snv_line(ref38, GS_R201 - 100) + snv_line(ref38, GS_R201 - 1)
    path = write_vcf(tmp_path / "unsorted.vcf", body)
    assert [v.pos for v in read_gnas_variants(path, reference=ref38)] == [
        GS_R201,
        GS_R201 - 100,
        GS_R201 - 1,
    ]
    rows = extract(capfd, path, tmp_path / "o.vcf", "--reference", str(ref38))
    assert [int(r["pos"]) for r in rows] == sorted(int(r["pos"]) for r in rows)
    assert_accounted(tmp_path / "o.vcf", dict.fromkeys((GS_R201, GS_R201 - 100, GS_R201 - 1), 1))


def test_chr20_records_outside_the_region_only(tmp_path, ref38, capfd):
    body = snv_line(ref38, 1_000_000, ref="A") + snv_line(ref38, 62_000_000, ref="C")
    path = write_vcf(tmp_path / "far.vcf", body)
    assert list(read_gnas_variants(path)) == []
    assert extract(capfd, path, tmp_path / "o.vcf") == []


def test_non_utf8_bytes_in_the_header_are_tolerated(tmp_path, good, capfd):
    path = tmp_path / "latin1_header.vcf"
    path.write_bytes(good.read_bytes().replace(b"##contig", b"##comment=caf\xe9\n##contig"))
    assert [v.pos for v in read_gnas_variants(path)] == [GS_R201]
    extract(capfd, path, tmp_path / "o.vcf")
    assert_accounted(tmp_path / "o.vcf", {GS_R201: 1})


def test_empty_alt_column_is_reported_as_an_invalid_allele(tmp_path, ref38, capfd):
    line = snv_line(ref38, GS_R201)
    path = write_vcf(tmp_path / "noalt.vcf", line.replace(f"\t{line.split()[4]}\t", "\t\t"))
    [variant] = read_gnas_variants(path)
    assert variant.status is VariantStatus.INVALID_ALLELE and "empty ALT" in variant.reason
    rows = extract(capfd, path, tmp_path / "o.vcf")
    assert [r["status"] for r in rows] == ["invalid_allele"]


@pytest.mark.parametrize("form", ["plain", "bgzip", "stdin"])
def test_a_byte_order_mark_before_fileformat_is_named_not_called_no_vcf(
    tmp_path, good, capfd, form
):
    # "the first line is not ##fileformat=VCF" while it visibly is: the mark is invisible
    path = tmp_path / "bom.vcf"
    path.write_bytes(b"\xef\xbb\xbf" + good.read_bytes())
    if form == "stdin":
        result = cli_process("extract", "-", "-q", stdin=path.read_bytes())
        process_error(result, 4, "byte-order mark")
        return
    source = bgzip(path) if form == "bgzip" else path
    cli_error(capfd, ["extract", str(source), "-q"], 4, "starts with a UTF-8 byte-order mark")
