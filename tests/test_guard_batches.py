"""Records are pulled from htslib in batches (fd 2 redirected once per batch, not per
record), and nothing a per-record reader guaranteed is lost: each htslib line is passed
on right before the record that caused it, the records before a bad one all come out
before the one-line error, and that error quotes the bad line itself, wherever the
records fall relative to batch edges -- for the indexed fetch and the prefiltered scan
of a plain-text VCF alike."""

from __future__ import annotations

import pysam
import pytest

from bad_inputs.common import GS_R201
from conftest import write_vcf
from gnas_annot.errors import MalformedRecordError
from gnas_annot.io.guard import BATCH
from gnas_annot.io.vcf import VcfSource
from gnas_annot.pack.locus import load_locus

# first, last and neighbours of the first batches, and one inside
_EDGES = (0, 1, BATCH - 1, BATCH, BATCH + 1, 2 * BATCH - 1, 2 * BATCH, 2 * BATCH + 5)
_COUNT = 2 * BATCH + 7


def _line(k: int, info: str = "AC=1", gt: str = "0/1") -> str:
    return f"chr20\t{GS_R201 + k}\t.\tC\tT\t50\tPASS\t{info}\tGT\t{gt}\n"


def _source(tmp_path, body: str, indexed: bool) -> str:
    plain = write_vcf(tmp_path / "batch.vcf", body)
    if indexed:
        return pysam.tabix_index(str(plain), preset="vcf", force=True)
    return str(plain)


@pytest.mark.parametrize("indexed", [True, False], ids=["indexed", "prefiltered"])
def test_each_htslib_line_comes_right_before_its_own_record_across_batches(
    tmp_path, capfd, indexed
):
    odd = {k: f"ODD{k}=1" for k in _EDGES}
    body = "".join(_line(k, odd.get(k, "AC=1")) for k in range(_COUNT))
    path = _source(tmp_path, body, indexed)
    capfd.readouterr()
    with VcfSource(path) as vcf:
        region = load_locus(vcf.build).extraction_region()
        said = {}
        for record in vcf.fetch(region):
            said[record.pos - GS_R201] = capfd.readouterr().err
    assert sorted(said) == list(range(_COUNT))  # every record, in order
    for k, err in said.items():
        if k in odd:
            assert err.count(f"INFO 'ODD{k}'") == 1, (k, err)
            assert "not defined in the header" in err
        else:
            assert "ODD" not in err, (k, err)
    assert "ODD" not in capfd.readouterr().err  # nothing left over, nothing said twice


@pytest.mark.parametrize("indexed", [True, False], ids=["indexed", "prefiltered"])
@pytest.mark.parametrize("bad", _EDGES)
def test_every_record_before_a_bad_one_comes_out_then_one_error(tmp_path, capfd, indexed, bad):
    body = "".join(_line(k, gt="0/x" if k == bad else "0/1") for k in range(_COUNT))
    path = _source(tmp_path, body, indexed)
    seen = []
    with VcfSource(path) as vcf:
        region = load_locus(vcf.build).extraction_region()
        with pytest.raises(MalformedRecordError) as caught:
            for record in vcf.fetch(region):
                seen.append(record.pos - GS_R201)
    assert seen == list(range(bad))
    message = str(caught.value)
    assert "\n" not in message
    where = "the header" if bad == 0 else f"chr20:{GS_R201 + bad - 1}"
    assert where in message
    if not indexed:  # the prefiltered text is quoted: the bad line itself
        assert f"{GS_R201 + bad}\\t.\\tC\\tT" in message and "0/x" in message
    capfd.readouterr()


@pytest.mark.parametrize("bad", (1, BATCH - 1, BATCH, BATCH + 1))
def test_a_record_cut_short_is_refused_in_order_within_its_batch(tmp_path, bad):
    lines = [_line(k) for k in range(_COUNT)]
    lines[bad] = lines[bad].replace("\tGT\t0/1", "")  # no sample columns at all
    path = _source(tmp_path, "".join(lines), True)
    seen = []
    with VcfSource(path) as vcf:
        region = load_locus(vcf.build).extraction_region()
        with pytest.raises(MalformedRecordError, match="0 sample columns"):
            for record in vcf.fetch(region):
                seen.append(record.pos - GS_R201)
    assert seen == list(range(bad))


def test_a_non_numeric_qual_cut_inside_a_multibyte_letter_is_still_a_one_line_error(tmp_path):
    # the message quotes QUAL's first 20 bytes, here inside the tenth 'é' (it raised
    # UnicodeDecodeError, a traceback, before)
    qual = "a" + "é" * 12
    path = write_vcf(tmp_path / "qual.vcf", _line(0).replace("\t50\t", f"\t{qual}\t"))
    with VcfSource(str(path)) as vcf:
        region = load_locus(vcf.build).extraction_region()
        with pytest.raises(MalformedRecordError, match="has QUAL 'aé") as caught:
            list(vcf.fetch(region))
    assert "\n" not in str(caught.value) and "not a number" in str(caught.value)
