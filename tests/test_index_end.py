"""The end of the last indexed record, read from a .tbi/.csi (io/index_check.py), is
the largest chunk end of the index, whatever its bins hold: the read that takes a
bin's chunk count and first chunk at once (start-up, issue 15) is compared with a
plain field-by-field walk on real tabix indexes and on hand-made edge cases."""

from __future__ import annotations

import gzip
import struct
import subprocess
from pathlib import Path

import pytest

from gnas_annot.io.index_check import _chunks_end, last_record_end


def _plain_walk(data: bytes, at: int, n_ref: int, csi: bool) -> int:
    """Every field read one by one, as the index format describes it."""
    end = 0
    for _ in range(n_ref):
        (n_bin,) = struct.unpack_from("<i", data, at)
        at += 4
        for _ in range(n_bin):
            at += 4  # bin number
            if csi:
                at += 8  # loffset
            (n_chunk,) = struct.unpack_from("<i", data, at)
            at += 4
            for _ in range(n_chunk):
                _begin, chunk_end = struct.unpack_from("<QQ", data, at)
                end = max(end, chunk_end)
                at += 16
        if not csi:
            (n_intv,) = struct.unpack_from("<i", data, at)
            at += 4 + 8 * n_intv
    return end


def _expected(index: Path) -> int:
    data = gzip.decompress(index.read_bytes())
    if data[:4] == b"TBI\x01":
        (n_ref,) = struct.unpack_from("<i", data, 4)
        (l_nm,) = struct.unpack_from("<i", data, 32)
        return _plain_walk(data, 36 + l_nm, n_ref, csi=False)
    (l_aux,) = struct.unpack_from("<i", data, 12)
    (n_ref,) = struct.unpack_from("<i", data, 16 + l_aux)
    return _plain_walk(data, 20 + l_aux, n_ref, csi=True)


def _indexed(tmp_path: Path, csi: bool) -> Path:
    """A VCF over two contigs with thousands of bins, one record long enough to sit
    in a coarse bin, bgzipped and indexed by tabix."""
    lines = [
        "##fileformat=VCFv4.2",
        "##contig=<ID=chr20,length=64444167>",
        "##contig=<ID=chr21,length=46709983>",
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
    ]
    for contig, count in (("chr20", 6000), ("chr21", 1500)):
        for k in range(count):
            lines.append(f"{contig}\t{1000 + k * 9973}\t.\tA\tG\t.\tPASS\t.")
            if k == 700:  # spans ~600 kb: indexed in a coarser bin than its neighbours
                lines.append(f"{contig}\t{1001 + k * 9973}\t.\t{'A' * 600}\tA\t.\tPASS\t.")
    vcf = tmp_path / "in.vcf"
    vcf.write_text("\n".join(lines) + "\n")
    subprocess.run(["bgzip", "-f", str(vcf)], check=True)
    data = tmp_path / "in.vcf.gz"
    subprocess.run(["tabix", "-f", *(["--csi"] if csi else []), "-p", "vcf", str(data)], check=True)
    return Path(f"{data}.{'csi' if csi else 'tbi'}")


@pytest.mark.parametrize("csi", [False, True], ids=["tbi", "csi"])
def test_the_last_record_end_of_a_tabix_index_is_its_largest_chunk_end(tmp_path, csi):
    index = _indexed(tmp_path, csi)
    expected = _expected(index)
    assert expected > 0
    assert last_record_end(index) == expected


def _tbi_bins(bins: list[list[tuple[int, int]]]) -> bytes:
    """One reference's bins (each a list of chunks) and an empty linear index."""
    body = struct.pack("<i", len(bins))
    for number, chunks in enumerate(bins):
        body += struct.pack("<Ii", number, len(chunks))
        body += b"".join(struct.pack("<QQ", b, e) for b, e in chunks)
    return body + struct.pack("<i", 0)


@pytest.mark.parametrize(
    "bins",
    [
        [[(1, 50)], [(60, 90), (100, 400), (10, 20)], [(5, 7)]],  # several chunks, not sorted
        [[(1, 50)], []],  # a bin without chunks just before the linear index
        [[], [(3, 9)]],  # a bin without chunks first
        [[]],  # nothing at all
        [[(1, 2)] for _ in range(50)] + [[(9, 1 << 40)]],  # a large end in the last bin
    ],
)
def test_bins_of_any_number_of_chunks_give_the_largest_end(bins):
    data = _tbi_bins(bins)
    expected = max((e for chunks in bins for _, e in chunks), default=0)
    assert _chunks_end(data, 0, 1, has_loffset=False) == expected
    assert _plain_walk(data, 0, 1, csi=False) == expected


def test_an_index_cut_inside_a_chunk_is_unreadable_as_before():
    data = _tbi_bins([[(1, 50)], [(60, 90), (100, 400)]])
    cut = data[: len(data) - 4 - 10]  # the last chunk's end is cut short
    with pytest.raises(struct.error):
        _plain_walk(cut, 0, 1, csi=False)
    with pytest.raises(struct.error):
        _chunks_end(cut, 0, 1, has_loffset=False)
