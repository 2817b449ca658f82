"""Fuzzing the VCF reader: random mutations of a small valid VCF (byte flips,
truncations, column shuffles, dropped or repeated lines, inserted noise), as
text and as BGZF.  The only acceptable outcomes are a normal run or a
GnasAnnotError subclass (the CLI: exit 0 or a documented code, never 70) -
never another exception, never a hang."""

from __future__ import annotations

import contextlib
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pysam
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gnas_annot import read_gnas_variants
from gnas_annot.cli.app import main
from gnas_annot.errors import EXIT_CODES, GnasAnnotError

HEADER = (
    "##fileformat=VCFv4.2\n"
    "##contig=<ID=chr20,length=64444167>\n"
    '##INFO=<ID=END,Number=1,Type=Integer,Description="End">\n'
    '##INFO=<ID=SVLEN,Number=.,Type=Integer,Description="SV length">\n'
    '##INFO=<ID=AC,Number=A,Type=Integer,Description="Allele count">\n'
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\n"
)
BODY = (
    "chr20\t58909193\trs1\tGCTGA\tG\t50\tPASS\tAC=1\tGT:AD:DP\t0/1:5,5:10\t0/0:9,0:9\n"
    "chr20\t58909365\t.\tC\tT,A\t.\tPASS\tAC=1,1\tGT:AD\t1/2:0,4,4\t0/1:3,3,0\n"
    "chr20\t58909366\t.\tG\t<NON_REF>\t.\t.\tEND=58909400\tGT\t0/0\t0/0\n"
    "chr20\t58890000\t.\tN\t<DEL>\t.\tPASS\tSVLEN=-5000\tGT\t0/1\t./.\n"
    "chr20\t58909541\t.\tA\t*,T\t30\tq10\t.\tGT\t1|2\t0|0\n"
    "1\t1000\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t0/1\n"
)
VALID = (HEADER + BODY).encode()


def _mutate(data: bytes, draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "shuffle", "lines", "insert", "tabs"]))
    if kind == "flip" and data:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(out) - 1))
            out[i] = draw(st.integers(0, 255))
        return bytes(out)
    if kind in ("truncate", "flip"):
        return data[: draw(st.integers(0, len(data)))]
    lines = data.split(b"\n")
    data_start = next((i for i, line in enumerate(lines) if line.startswith(b"#CHROM")), 0) + 1
    if kind == "shuffle" and len(lines) > data_start:
        i = draw(st.integers(data_start, len(lines) - 1))
        cols = lines[i].split(b"\t")
        lines[i] = b"\t".join(draw(st.permutations(cols)))
    elif kind == "lines":
        i = draw(st.integers(0, len(lines) - 1))
        lines[i : i + 1] = draw(st.sampled_from([[], [lines[i]] * 2, [lines[i][:5]]]))
    elif kind == "tabs":
        i = draw(st.integers(0, len(lines) - 1))
        lines[i] = lines[i].replace(b"\t", draw(st.sampled_from([b" ", b"\t\t", b""])), 1)
    else:
        i = draw(st.integers(0, len(data)))
        noise = draw(st.binary(min_size=1, max_size=20))
        return data[:i] + noise + data[i:]
    return b"\n".join(lines)


@st.composite
def mutated_vcf(draw: st.DrawFn) -> tuple[bytes, bool]:
    data = VALID
    for _ in range(draw(st.integers(1, 3))):
        data = _mutate(data, draw)
    return data, draw(st.booleans())  # bgzip it?


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def hang(signum: int, frame: object) -> None:
        raise TimeoutError(f"no result after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _write(folder: Path, data: bytes, compressed: bool) -> Path:
    path = folder / ("in.vcf.gz" if compressed else "in.vcf")
    if compressed:
        with pysam.BGZFile(str(path), "wb") as out:
            out.write(data)
    else:
        path.write_bytes(data)
    return path


FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


def test_the_unmutated_file_reads():
    with tempfile.TemporaryDirectory() as tmp:
        variants = list(read_gnas_variants(_write(Path(tmp), VALID, False)))
    assert len(variants) == 7


@FUZZ
@given(mutated_vcf())
def test_mutated_vcf_gives_records_or_a_gnas_annot_error(case):
    data, compressed = case
    with tempfile.TemporaryDirectory() as tmp, time_limit(10):
        path = _write(Path(tmp), data, compressed)
        try:
            variants = list(read_gnas_variants(path, build="GRCh38"))
        except GnasAnnotError as exc:
            assert str(exc)
            assert exc.exit_code in EXIT_CODES
        else:
            # nothing in the region is dropped: every record gives >= 1 allele
            assert len({v.source.index for v in variants}) == (
                max((v.source.index for v in variants), default=-1) + 1
            )


@settings(FUZZ, max_examples=25)
@given(case=mutated_vcf())
def test_mutated_vcf_through_the_cli_never_an_internal_error(case, capfd):
    data, compressed = case
    with tempfile.TemporaryDirectory() as tmp, time_limit(10):
        path = _write(Path(tmp), data, compressed)
        out = Path(tmp) / "out.vcf"
        code = main(["extract", str(path), "--build", "GRCh38", "-q", "-o", str(out)])
        err = capfd.readouterr().err
    assert code != 70, err
    assert code in EXIT_CODES, err
    assert "Traceback" not in err
    if code:
        assert err.strip().splitlines()[-1].startswith("gnas-annot: error: "), err


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.6, 0.9, 0.99])
def test_bgzf_cut_anywhere(tmp_path, fraction):
    path = _write(tmp_path, VALID, True)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(GnasAnnotError):
        list(read_gnas_variants(path, build="GRCh38"))
