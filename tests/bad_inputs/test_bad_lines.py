"""Lines and indexes that used to lose records with exit 0: blank and
whitespace-only lines, space-separated columns, chr20 names the header does
not declare, stale .tbi/.csi/.bai indexes, and upstream SVLEN deletions in a
file indexed by tabix.  Each is refused with its exit code and one line, or
every in-region record comes out."""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings

import pysam
import pytest

from bad_inputs.common import GS_R201, assert_accounted, cli_error, cli_process, process_error
from conftest import EXAMPLES, write_vcf
from gnas_annot import read_gnas_variants
from gnas_annot.errors import AlignmentInputError, GnasAnnotWarning, MalformedRecordError

TRIO = EXAMPLES / "trio.GRCh38.vcf"
#: source POS -> number of ALT alleles of the bundled trio's seven records
TRIO_RECORDS = {
    58890000: 1,
    58891726: 1,
    58891727: 1,
    58909195: 1,
    58909365: 2,
    58909366: 1,
    58909541: 1,
}


def _trio_lines() -> tuple[list[str], list[str]]:
    lines = TRIO.read_text().splitlines(keepends=True)
    header = [line for line in lines if line.startswith("#")]
    return header, lines[len(header) :]


def _with_line_after_second_record(tmp_path, extra: str, name: str):
    header, body = _trio_lines()
    path = tmp_path / name
    path.write_text("".join(header + body[:2] + [extra] + body[2:]))
    return path, len(header) + 3  # the inserted line's number in the file


def bgzip(path, index=False):
    subprocess.run(["bgzip", "-f", "-k", str(path)], check=True)
    gz = path.with_name(path.name + ".gz")
    if index:
        subprocess.run(["tabix", "-f", "-p", "vcf", str(gz)], check=True, capture_output=True)
    return gz


def _older(index, data):
    """Make ``index`` older than ``data``, as when the data is rewritten after indexing."""
    stat = data.stat()
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**9))


@pytest.mark.parametrize("blank", ["\n", "   \n", "\t\n", "\r\n", " \t \n"])
@pytest.mark.parametrize("compressed", [False, True])
def test_a_blank_line_is_refused_naming_its_line_not_read_as_the_end(
    tmp_path, capfd, blank, compressed
):
    # the trio with a blank line after its 2nd record used to give 2 of 7 records, exit 0
    path, number = _with_line_after_second_record(tmp_path, blank, "blank.vcf")
    if compressed:
        path = bgzip(path)
    with pytest.raises(MalformedRecordError, match=f"line {number} is (empty|whitespace only)"):
        list(read_gnas_variants(path))
    out = tmp_path / "o.vcf"
    cli_error(capfd, ["extract", str(path), "-o", str(out)], 4, f"line {number} is")
    assert not out.exists()


def test_a_blank_line_at_the_end_is_refused_too(tmp_path, capfd):
    # bcftools refuses a trailing empty line as well
    path = tmp_path / "trailing.vcf"
    path.write_text(TRIO.read_text() + "\n")
    number = len(TRIO.read_text().splitlines()) + 1
    cli_error(capfd, ["extract", str(path), "-o", str(tmp_path / "o.vcf")], 4, f"line {number}")


def test_a_blank_line_from_stdin_is_refused(tmp_path):
    path, number = _with_line_after_second_record(tmp_path, "\n", "blank.vcf")
    result = cli_process("extract", "-", stdin=path.read_bytes())
    process_error(result, 4, f"line {number} is empty")


def test_a_blank_line_in_a_tabix_indexed_file_is_refused(tmp_path, capfd):
    path, _ = _with_line_after_second_record(tmp_path, "\n", "blank.vcf")
    gz = bgzip(path, index=True)
    cli_error(capfd, ["extract", str(gz), "-o", str(tmp_path / "o.vcf")], 4, "cannot be read")


def test_a_file_without_a_final_newline_keeps_its_last_record(tmp_path, capfd):
    path = tmp_path / "nonl.vcf"
    path.write_text(TRIO.read_text().rstrip("\n"))
    for source in (path, bgzip(path)):
        out = tmp_path / "o.vcf"
        assert cli_ok(capfd, ["extract", str(source), "-o", str(out), "-q"])
        assert_accounted(out, TRIO_RECORDS)


@pytest.mark.parametrize("where", ["all", "one"])
def test_space_separated_data_lines_are_refused(tmp_path, capfd, where):
    header, body = _trio_lines()
    if where == "all":  # used to say "0 records in region", exit 0
        body = [line.replace("\t", " ") for line in body]
        number = len(header) + 1
    else:
        body[3] = body[3].replace("\t", " ")
        number = len(header) + 4
    path = tmp_path / "spaces.vcf"
    path.write_text("".join(header + body))
    cli_error(
        capfd, ["extract", str(path), "-o", str(tmp_path / "o.vcf")], 4, f"line {number} has spaces"
    )


def test_a_comment_line_among_the_records_is_refused(tmp_path, capfd):
    path, number = _with_line_after_second_record(tmp_path, "# note\n", "comment.vcf")
    cli_error(capfd, ["extract", str(path)], 4, f"line {number} starts with '#'")


def _mixed_names(tmp_path):
    header, body = _trio_lines()
    renamed = [*body[:2], body[2].replace("chr20", "20", 1)]
    renamed += [line.replace("chr20", "NC_000020.11", 1) for line in body[3:]]
    path = tmp_path / "mixed.vcf"
    path.write_text("".join(header + renamed))
    return path


@pytest.mark.parametrize("form", ["text", "bgzip", "indexed"])
def test_chr20_names_the_header_does_not_declare_are_kept_with_a_warning(tmp_path, capfd, form):
    path = _mixed_names(tmp_path)
    if form != "text":
        path = bgzip(path, index=form == "indexed")
    if form == "indexed":  # htslib declares the names a tabix index holds: no warning
        assert len(list(read_gnas_variants(path))) == 8
    else:
        with pytest.warns(GnasAnnotWarning, match="for chromosome 20 but the header declares"):
            assert len(list(read_gnas_variants(path))) == 8
    out = tmp_path / "o.vcf"
    code = main_code(capfd, ["extract", str(path), "-o", str(out), "-q"])
    assert code == (0, "" if form == "indexed" else "warning")
    assert_accounted(out, TRIO_RECORDS)
    chroms = {line.split("\t", 1)[0] for line in out.read_text().splitlines() if line[0] != "#"}
    assert chroms == {"chr20", "20", "NC_000020.11"}  # kept under their names, as bcftools


def _grown(tmp_path, suffix):
    """An indexed trio, then the data rewritten with one record more (index not redone)."""
    header, body = _trio_lines()
    first = tmp_path / "first.vcf"
    first.write_text("".join(header + body[:-1]))
    data = tmp_path / f"g{suffix}"
    if suffix == ".bcf":
        pysam.bcftools.view("-Ob", "-o", str(data), str(first), catch_stdout=False)
        pysam.bcftools.index(str(data))
        index = data.with_name(data.name + ".csi")
        grown = tmp_path / "grown.bcf"
        whole = tmp_path / "whole.vcf"
        whole.write_text("".join(header + body))
        pysam.bcftools.view("-Ob", "-o", str(grown), str(whole), catch_stdout=False)
    else:
        shutil.copy(bgzip(first, index=True), data)
        shutil.copy(str(tmp_path / "first.vcf.gz") + ".tbi", str(data) + ".tbi")
        index = data.with_name(data.name + ".tbi")
        whole = tmp_path / "whole.vcf"
        whole.write_text("".join(header + body))
        grown = bgzip(whole)
    shutil.copy(grown, data)
    _older(index, data)
    return data


@pytest.mark.parametrize("suffix", [".vcf.gz", ".bcf"])
def test_a_stale_index_is_not_trusted_every_record_comes_out(tmp_path, capfd, suffix):
    data = _grown(tmp_path, suffix)
    with pytest.warns(GnasAnnotWarning, match="older than the data"):
        assert len(list(read_gnas_variants(data))) == 8
    out = tmp_path / "o.vcf"
    code, err = main_code(capfd, ["extract", str(data), "-o", str(out), "-q"], full=True)
    assert code == 0
    warning = [line for line in err.splitlines() if "older than the data" in line]
    assert len(warning) == 1 and warning[0].startswith("gnas-annot: warning: "), err
    assert_accounted(out, TRIO_RECORDS)


def test_htslib_warnings_are_not_silenced(tmp_path):
    # an INFO key used without a ##INFO line: htslib's own warning reaches the user
    body = f"chr20\t{GS_R201}\t.\tC\tT\t50\tPASS\tODD=1\tGT\t0/1\n"
    path = write_vcf(tmp_path / "odd.vcf", body)
    result = cli_process("extract", str(path), "-q", "-o", str(tmp_path / "o.vcf"))
    assert result.returncode == 0
    assert b"INFO 'ODD'" in result.stderr and b"not defined in the header" in result.stderr


def test_a_stale_bai_is_refused(tmp_path, partial_reference):
    from alignments import write_alignments
    from gnas_annot.origin.reads import ReadPhaser
    from trios import exon8_reads

    ref = partial_reference["GRCh38"]
    bam = write_alignments(tmp_path / "kid.bam", exon8_reads(ref, 5, 0), ref)
    index = next(p for p in (tmp_path / "kid.bam.bai", tmp_path / "kid.bai") if p.exists())
    _older(index, bam)
    with pytest.raises(AlignmentInputError, match="older than the alignments"):
        ReadPhaser(bam)


@pytest.mark.parametrize("indexer", ["tabix", "bcftools"])
def test_upstream_svlen_deletion_is_found_whoever_wrote_the_index(tmp_path, indexer):
    body = (
        "chr20\t58700000\t.\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;SVLEN=-200000\tGT\t0/1\n"
        f"chr20\t{GS_R201}\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n"
    )
    gz = bgzip(write_vcf(tmp_path / "sv.vcf", body))
    if indexer == "tabix":  # indexes the <DEL> by its one-base REF
        subprocess.run(["tabix", "-f", "-p", "vcf", str(gz)], check=True)
    else:  # htslib's bcf_index: by the SVLEN span
        pysam.bcftools.index("--tbi", "-f", str(gz))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [v.pos for v in read_gnas_variants(gz)] == [58700000, GS_R201]


def cli_ok(capfd, args):
    return main_code(capfd, args)[0] == 0


def main_code(capfd, args, full=False):
    from gnas_annot.cli.app import main

    code = main(args)
    err = capfd.readouterr().err
    if full:
        return code, err
    assert "error" not in err.lower(), err
    return code, "warning" if "warning" in err else ""


def test_an_index_of_another_version_is_not_trusted(tmp_path, capfd):
    # newer than the data, so htslib trusted it: the region fetch found 0 records, exit 0
    header, body = _trio_lines()
    filler = []
    for i in range(3000):  # upstream records, so the data grows past the old index
        cols = body[1].split("\t")
        cols[1] = str(1000 + 2000 * i)
        filler.append("\t".join(cols))
    old, new = tmp_path / "old.vcf", tmp_path / "new.vcf"
    old.write_text("".join(header + body))
    new.write_text("".join(header + filler + body))
    for text in (old, new):
        pysam.tabix_index(str(text), preset="vcf", keep_original=True, force=True)
    data = tmp_path / "new.vcf.gz"
    shutil.copy(tmp_path / "old.vcf.gz.tbi", str(data) + ".tbi")  # copied last: newer
    with pytest.warns(GnasAnnotWarning, match="does not describe the data"):
        assert len(list(read_gnas_variants(data))) == 8
    out = tmp_path / "o.vcf"
    code, err = main_code(capfd, ["extract", str(data), "-o", str(out), "-q"], full=True)
    assert code == 0 and err.count("\n") == 1 and "does not describe" in err, err
    assert_accounted(out, TRIO_RECORDS)
