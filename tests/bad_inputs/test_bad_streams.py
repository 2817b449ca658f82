"""Streams, devices and compressions: named pipes and <(...) are valid input
(read once, like stdin); xz/zstd/bzip2, damaged bgzip, /dev/null, a full disk
and closed standard streams each end in one line with a documented exit code,
never a traceback (70), an abort (134) or a device replaced by a file."""

from __future__ import annotations

import bz2
import lzma
import os
import random
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pysam
import pytest

from bad_inputs.common import assert_accounted, cli_error, cli_process, process_error
from conftest import EXAMPLES

TRIO = EXAMPLES / "trio.GRCh38.vcf"
TRIO_RECORDS = {
    58890000: 1,
    58891726: 1,
    58891727: 1,
    58909195: 1,
    58909365: 2,
    58909366: 1,
    58909541: 1,
}


def _as(tmp_path, form):
    if form == "text":
        return TRIO.read_bytes()
    if form == "bgzip":
        out = tmp_path / "t.vcf.gz"
        pysam.tabix_compress(str(TRIO), str(out), force=True)
        return out.read_bytes()
    out = tmp_path / "t.bcf"
    pysam.bcftools.view("-Ob", "-o", str(out), str(TRIO), catch_stdout=False)
    return out.read_bytes()


@pytest.mark.parametrize("form", ["text", "bgzip", "bcf"])
def test_a_named_pipe_is_read_like_stdin(tmp_path, capfd, form):
    # it used to be refused with exit 3 ("input not found")
    data = _as(tmp_path, form)
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)

    def feed():
        with fifo.open("wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    from gnas_annot.cli.app import main

    out = tmp_path / "o.vcf"
    assert main(["extract", str(fifo), "-o", str(out), "-q"]) == 0, capfd.readouterr().err
    writer.join(10)
    assert_accounted(out, TRIO_RECORDS)


@pytest.mark.parametrize("command", ["origin", "annotate", "report"])
def test_process_substitution_with_a_ped_is_read_once_and_every_allele_comes_out(tmp_path, command):
    # the PED-against-VCF sample check used to open the pipe first and eat the
    # stream: the run then found it empty (exit 3, "the file is empty")
    out = tmp_path / ("o.html" if command == "report" else "o.tsv")
    ped = EXAMPLES / "trio.ped"
    command_line = f"{sys.executable} -m gnas_annot {command} <(cat {TRIO}) --ped {ped}"
    if command != "origin":
        command_line += f" -q -o {out}"
    result = subprocess.run(["bash", "-c", command_line], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    if command == "origin":
        table = [ln for ln in result.stdout.decode().splitlines() if not ln.startswith("#")]
        assert len(table) - 1 == sum(TRIO_RECORDS.values())  # one per ALT of the one child
    elif command == "annotate":
        table = [ln.split("\t") for ln in out.read_text().splitlines() if ln[:1] != "#"]
        assert len({tuple(r[:4]) for r in table[1:]}) == sum(TRIO_RECORDS.values())
    else:
        assert "PROBAND" in out.read_text()


def test_process_substitution_is_accepted(tmp_path):
    out = tmp_path / "o.vcf"
    command = f"{sys.executable} -m gnas_annot extract <(cat {TRIO}) -q -o {out}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert_accounted(out, TRIO_RECORDS)


@pytest.mark.parametrize(
    ("name", "compress"),
    [
        ("xz", lzma.compress),
        ("bzip2", bz2.compress),
        ("zstd", lambda data: b"\x28\xb5\x2f\xfd" + data),  # the magic is what is checked
    ],
)
def test_other_compressions_are_refused_by_name(tmp_path, name, compress):
    # xz used to abort the process (exit 134, no message)
    path = tmp_path / f"t.vcf.{name}"
    path.write_bytes(compress(TRIO.read_bytes()))
    process_error(cli_process("extract", str(path)), 3, f"compressed with {name}, not bgzip")
    process_error(
        cli_process("extract", "-", stdin=path.read_bytes()), 3, f"compressed with {name}"
    )


def test_dev_null_as_input_is_empty_not_missing(capfd):
    cli_error(capfd, ["extract", os.devnull], 3, "the file is empty")


def _damaged(tmp_path, seed):
    lines = TRIO.read_text().splitlines(keepends=True)
    header = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    text = tmp_path / f"big{seed}.vcf"
    text.write_text("".join(header + body * 400))
    gz = tmp_path / f"big{seed}.vcf.gz"
    pysam.tabix_compress(str(text), str(gz), force=True)
    data = bytearray(gz.read_bytes())
    rng = random.Random(seed)
    start = rng.randrange(20, len(data) - 40)
    for i in range(5):
        data[start + i] = rng.randrange(256)
    gz.write_bytes(bytes(data))
    return gz


@pytest.mark.parametrize("seed", range(12))
def test_damaged_bgzip_is_one_line_with_exit_3_or_4(tmp_path, seed):
    # an error on close used to hide the "truncated" error: exit 70 in 2,175 of 3,420 cases
    result = cli_process("extract", str(_damaged(tmp_path, seed)), "-o", str(tmp_path / "o.vcf"))
    err = result.stderr.decode()
    assert "Traceback" not in err and "Exception ignored" not in err, err
    if result.returncode != 0:  # damage inside a quality string may still parse
        assert result.returncode in (3, 4), err
        assert len(err.strip().splitlines()) == 1 and err.startswith("gnas-annot: error: "), err


@pytest.mark.parametrize(
    "args",
    [
        ["extract", str(TRIO)],
        ["annotate", str(TRIO)],
        ["hgvs", "NM_000516.7:c.601C>T"],
        ["data", "show"],
        ["origin", str(TRIO), "--trio", "PROBAND,FATHER,MOTHER"],
    ],
)
def test_a_full_disk_on_stdout_is_an_output_error(args):
    # five commands used to end in exit 70 writing to /dev/full
    with Path("/dev/full").open("wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "gnas_annot", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    err = result.stderr.decode()
    assert result.returncode == 11, err
    [line] = err.strip().splitlines()
    assert line.startswith("gnas-annot: error: cannot write") and "No space left" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="as root a regression would replace /dev/full")
def test_output_option_on_a_full_device(tmp_path):
    process_error(cli_process("extract", str(TRIO), "-o", "/dev/full"), 11, "No space left")


def test_an_output_that_is_a_pipe_is_written_into_not_replaced(tmp_path):
    # renaming over a device or pipe replaced it with a file (as root: /dev/full)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received = []

    def drain():
        with fifo.open("rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    result = cli_process("extract", str(TRIO), "-q", "-o", str(fifo), "-O", "v")
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received[0].count(b"\nchr20\t") == 8
    assert [p.name for p in tmp_path.iterdir()] == ["out.fifo"]


def test_an_output_pipe_named_like_a_vcf_is_written_into_too(tmp_path):
    fifo = tmp_path / "out.vcf"  # the writer writes there itself (atomic_path)
    os.mkfifo(fifo)
    received = []

    def drain():
        with fifo.open("rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    result = cli_process("extract", str(TRIO), "-q", "-o", str(fifo))
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received[0].count(b"\nchr20\t") == 8
    assert [p.name for p in tmp_path.iterdir()] == ["out.vcf"]


@pytest.mark.skipif(os.geteuid() == 0, reason="as root a regression would replace /dev/stdout")
def test_output_to_dev_stdout(tmp_path):
    result = cli_process("extract", str(TRIO), "-q", "-o", "/dev/stdout", "-O", "v")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(b"\nchr20\t") == 8


@pytest.mark.parametrize(
    ("redirect", "code", "words"),
    [(">&-", 11, "standard output is closed"), ("<&-", 3, "standard input is closed")],
)
def test_closed_standard_streams(redirect, code, words):
    source = "-" if redirect == "<&-" else str(TRIO)
    command = f"{sys.executable} -m gnas_annot extract {source} {redirect}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=120)
    process_error(result, code, words)
