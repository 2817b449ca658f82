"""An input whose records are not in position order.  A plain VCF or a table keeps
the input's order (as VEP's output does); a bgzipped VCF or BCF comes with an index,
which needs position order: it used to end in "internal error: SamtoolsError ...
failed to create index" (exit 70) with no output.  Now it is written sorted by
position, with its index, and a warning says so."""

from __future__ import annotations

import subprocess
import sys

import pysam
import pytest

import gnas_annot.output.normalized_vcf as normalized
from conftest import write_vcf
from gnas_annot.cli.app import main
from gnas_annot.output.normalized_vcf import _in_order, sort_vcf_text
from trios import HET, HOM_REF, HOTSPOT_DEL, R201C, SAMPLES, line

SITE_A = "chr20\t58909400\t.\tC\tA"  # after R201C
UNSORTED = [line(SITE_A, HET, HOM_REF, HOM_REF), line(R201C, HET, HOM_REF, HOM_REF),
            line(HOTSPOT_DEL, HET, HOM_REF, HOM_REF)]  # fmt: skip


def _positions(path) -> list[int]:
    with pysam.VariantFile(str(path)) as vcf:
        return [r.pos for r in vcf]


@pytest.mark.parametrize("suffix", [".vcf.gz", ".bcf"])
def test_an_unsorted_input_gives_a_sorted_indexed_output_and_a_warning(tmp_path, capsys, suffix):
    vcf = write_vcf(tmp_path / "u.vcf", "".join(UNSORTED), samples=SAMPLES)
    out = tmp_path / f"o{suffix}"
    assert main(["annotate", str(vcf), "-q", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("not in position order") == 1
    index = tmp_path / f"o{suffix}{'.tbi' if suffix == '.vcf.gz' else '.csi'}"
    assert index.exists()
    assert _positions(out) == sorted(_positions(vcf)) == [58909193, 58909365, 58909400]
    with pysam.VariantFile(str(out)) as indexed:  # the index answers a region query
        assert [r.pos for r in indexed.fetch("chr20", 58909360, 58909370)] == [58909365]


def test_a_plain_vcf_keeps_the_input_order_without_a_warning(tmp_path, capsys):
    vcf = write_vcf(tmp_path / "u.vcf", "".join(UNSORTED), samples=SAMPLES)
    out = tmp_path / "o.vcf"
    assert main(["annotate", str(vcf), "-q", "-o", str(out)]) == 0
    assert "position order" not in capsys.readouterr().err
    assert _positions(out) == _positions(vcf) == [58909400, 58909365, 58909193]


def test_a_sorted_input_is_not_rewritten(tmp_path):
    vcf = write_vcf(tmp_path / "s.vcf", "".join(sorted(UNSORTED)), samples=SAMPLES)
    before = vcf.read_bytes()
    assert sort_vcf_text(vcf) is False and vcf.read_bytes() == before


@pytest.mark.parametrize(
    "body",
    [
        "chr20\t5\nchr20\t3\n",  # POS goes back
        "chr20\t5\n20\t1\nchr20\t6\n",  # a contig comes back after another one
    ],
)
def test_records_an_index_cannot_take_are_found_out_of_order(tmp_path, body):
    text = tmp_path / "t.vcf"
    text.write_text("#CHROM\tPOS\n" + body)
    assert _in_order(text) is False


def test_threads_write_the_same_sorted_output_and_warning(tmp_path):
    # 600 records in two halves swapped: split into chunks, joined, sorted once
    positions = list(range(58889000, 58889000 + 1200, 2))
    body = [f"chr20\t{p}\t.\tA\tG\t50\tPASS\t.\tGT\t0/1" for p in positions]
    swapped = body[300:] + body[:300]
    vcf = write_vcf(tmp_path / "u.vcf", "\n".join(swapped))
    results = []
    for extra in ([], ["--threads", "2"]):
        out = tmp_path / f"o{len(extra)}.vcf.gz"
        command = [sys.executable, "-m", "gnas_annot", "annotate", str(vcf), "-q", *extra]
        done = subprocess.run([*command, "-o", str(out)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert done.stderr.count("not in position order") == 1
        results.append(_positions(out))
    assert results[0] == results[1] == positions


def test_a_sort_that_fails_is_an_output_error_and_leaves_no_file(tmp_path, capsys, monkeypatch):
    def fail(*_args: object) -> None:
        raise pysam.utils.SamtoolsError("bcftools sort: No space left on device")

    monkeypatch.setattr(normalized, "_sort_in_place", fail)
    vcf = write_vcf(tmp_path / "u.vcf", "".join(UNSORTED), samples=SAMPLES)
    out = tmp_path / "o.vcf.gz"
    assert main(["annotate", str(vcf), "-q", "-o", str(out)]) == 11
    assert "cannot sort" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["u.vcf"]
