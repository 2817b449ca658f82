"""ReferenceGenome.fetch serves bases from a few cached aligned blocks: what it returns
is exactly what one htslib fetch of the same range returns (upper-cased), at block
edges, across them, at and past the chromosome's ends, with soft-masked and N bases,
for plain and bgzipped FASTA, and after blocks were dropped to keep memory bounded."""

from __future__ import annotations

import random
import shutil
import subprocess

import pysam
import pytest

from gnas_annot.seq.reference import BLOCK_BITS, BLOCKS_KEPT, ReferenceGenome

_BLOCK = 1 << BLOCK_BITS
# more blocks than are kept, and a last block that is not full
_LENGTH = (BLOCKS_KEPT + 4) * _BLOCK + 777


def _synthetic_fasta(folder, compressed: bool):
    rng = random.Random(22)
    bases = [rng.choice("ACGTacgt") for _ in range(_LENGTH)]
    for start in (0, _BLOCK - 5, 3 * _BLOCK + 100, _LENGTH - 20):  # N runs
        bases[start : start + 12] = "N" * 12
    seq = "".join(bases)
    path = folder / "chr20.fa"
    path.write_text(
        ">chr20\n" + "\n".join(seq[i : i + 60] for i in range(0, len(seq), 60)) + "\n"
    )
    if compressed:
        bgzip = shutil.which("bgzip")
        if bgzip is None:
            pytest.skip("bgzip is not installed")
        subprocess.run([bgzip, "-f", str(path)], check=True)
        path = folder / "chr20.fa.gz"
    pysam.faidx(str(path))
    return path


def _outcome(fetch, start: int, end: int) -> str | tuple[str, str]:
    try:
        return fetch(start, end)
    except ValueError as exc:  # htslib refuses a range ending before the chromosome
        return ("refused", str(exc))


def _ranges(rng: random.Random) -> list[tuple[int, int]]:
    edges = [k * _BLOCK for k in range(_LENGTH // _BLOCK + 1)] + [1, _LENGTH]
    wanted = []
    for edge in edges:
        for start in (edge - 2, edge - 1, edge, edge + 1, edge + 2):
            for size in (1, 2, 3, 100, 101):
                wanted.append((start, start + size - 1))
    wanted += [(-3, 4), (0, 0), (0, 5), (5, 4), (10, 9), (_LENGTH, _LENGTH + 10)]
    wanted += [(_LENGTH + 1, _LENGTH + 5), (1, _LENGTH), (_BLOCK - 10, 3 * _BLOCK + 10)]
    for _ in range(3000):  # scattered, so blocks are dropped and read again
        start = rng.randint(1, _LENGTH)
        wanted.append((start, start + rng.choice((0, 1, 2, 5, 99, 100, 400))))
    return wanted


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "bgzip"])
def test_fetch_from_cached_blocks_equals_one_htslib_fetch(tmp_path, compressed):
    path = _synthetic_fasta(tmp_path, compressed)
    direct = pysam.FastaFile(str(path))
    try:
        with ReferenceGenome(path) as reference:
            assert reference.length == _LENGTH
            for start, end in _ranges(random.Random(7)):
                expected = _outcome(
                    lambda s, e: "" if e < s else direct.fetch("chr20", max(0, s - 1), e).upper(),
                    start,
                    end,
                )
                assert _outcome(reference.fetch, start, end) == expected, (start, end)
                assert len(reference._blocks) <= BLOCKS_KEPT
    finally:
        direct.close()


def test_ref_check_reads_soft_masked_and_n_bases_as_before(tmp_path):
    path = _synthetic_fasta(tmp_path, False)
    direct = pysam.FastaFile(str(path))
    try:
        with ReferenceGenome(path) as reference:
            for pos in (1, _BLOCK - 6, _BLOCK - 1, _BLOCK, 3 * _BLOCK + 99, _LENGTH - 1):
                bases = direct.fetch("chr20", pos - 1, pos + 1).upper()
                verdict, actual = reference.check(pos, bases.lower())
                assert actual == bases
                assert verdict.value == ("unknown" if "N" in bases else "match")
    finally:
        direct.close()
