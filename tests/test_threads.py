"""``annotate --threads N``: region chunks annotated in parallel processes give the
one-process output byte for byte (but for the command line in the provenance),
the same summary and warnings on stderr, the same error and exit code; runs that
relate records to each other stay in one process."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

import gnas_annot.scale.regions as regions
from conftest import write_vcf
from gnas_annot.cli.app import main
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.pack.locus_fasta import write_partial_fasta
from synthetic import synthetic_grch38

pytest.importorskip("dask")

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
SAMPLES = ("S1", "S2", "S3")
CALLS = ("0/1:12,9:21", "0/0:20,0:20", "1/1:0,18:18")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(reference, VCF): a SYNTHETIC reference of the gnas+stx16 region, and 600
    records over the gnas region on it: SNVs, deletions, insertions, multi-allelic
    records, several records at one position, REF mismatches (warnings), 3 samples."""
    folder = tmp_path_factory.mktemp("threads")
    start, bases = synthetic_grch38()
    reference = write_partial_fasta(
        folder / "synthetic.fa.gz",
        "chr20",
        GenomeBuild.GRCh38.chr20_length,
        {start: bases},
        description="SYNTHETIC reference for tests/test_threads.py",
    )
    region = load_locus(GenomeBuild.GRCh38).extraction_region("gnas")
    rng = random.Random(15)

    def ref(pos: int, n: int = 1) -> str:
        return bases[pos - start : pos - start + n]

    lines = []
    for k, pos in enumerate(sorted(rng.sample(range(region.start, region.end - 20), 560))):
        kind = k % 7
        base = ref(pos)
        other = [b for b in "ACGT" if b != base]
        if kind in (0, 1, 2):
            r, a = base, other[k % 3]
        elif kind == 3:
            r, a = ref(pos, 1 + k % 4), base
        elif kind == 4:
            r, a = base, base + "".join(rng.choice("ACGT") for _ in range(1 + k % 3))
        elif kind == 5:
            r, a = base, ",".join(other[:2])  # multi-allelic
        else:
            r, a = ref(pos, 3), f"{base},{other[0]}{ref(pos + 1, 2)}"
        gts = "\t".join(CALLS[(k + i) % 3] for i in range(3))
        if kind in (5, 6):
            gts = "\t".join("1/2:2,9,8:19" if i == 0 else CALLS[1] for i in range(3))
        lines.append(f"chr20\t{pos}\tv{k}\t{r}\t{a}\t50\tPASS\t.\tGT:AD:DP\t{gts}")
        if k % 50 == 0:  # a second record at the same position
            lines.append(f"chr20\t{pos}\tw{k}\t{base}\t{other[2]}\t50\tPASS\t.\tGT:AD:DP\t{gts}")
        if k % 97 == 0:  # REF disagrees with the reference: a warning
            lines.append(f"chr20\t{pos}\tm{k}\t{other[0]}\t{base}\t50\tPASS\t.\tGT:AD:DP\t{gts}")
    vcf = write_vcf(folder / "dense.vcf", "\n".join(lines) + "\n", samples=SAMPLES)
    return reference, vcf


def _normalized(path: Path) -> bytes:
    """The output without the command line (it differs by ``--threads``)."""
    data = path.read_bytes()
    if path.suffix == ".jsonl":
        first, rest = data.split(b"\n", 1)
        header = json.loads(first)
        for value in header.values():
            value.pop("command", None)
        return json.dumps(header).encode() + b"\n" + rest
    return b"".join(
        line for line in data.splitlines(True) if not line.startswith(b"##gnas_annotCommand=")
    )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def chunks_seen(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small chunks (so that the test inputs split), and the number of chunks each
    parallel run was given."""
    seen: list[int] = []
    real = regions.run_local
    monkeypatch.setattr(regions, "MIN_RECORDS_PER_CHUNK", 60)

    def spy(function, items, workers):  # type: ignore[no-untyped-def]
        seen.append(len(items))
        return real(function, items, workers)

    monkeypatch.setattr(regions, "run_local", spy)
    return seen


@pytest.mark.parametrize("suffix", [".vcf", ".tsv", ".jsonl"])
@pytest.mark.parametrize("threads", [2, 3])
def test_threads_give_the_one_process_output_byte_for_byte(
    synthetic, tmp_path, capsys, chunks_seen, suffix, threads
):
    reference, vcf = synthetic
    one, many = tmp_path / f"one{suffix}", tmp_path / f"many{suffix}"
    common = ["annotate", str(vcf), "--reference", str(reference)]
    code1, _, err1 = _run(capsys, *common, "-o", str(one))
    code2, _, err2 = _run(capsys, *common, "--threads", str(threads), "-o", str(many))
    assert code1 == code2 == 0
    assert len(chunks_seen) == 1 and chunks_seen[0] >= threads  # up to 4 per process
    assert _normalized(many) == _normalized(one)
    assert err2 == err1  # the summary


def test_threads_to_stdout_are_the_one_process_output(synthetic, capsys, chunks_seen):
    reference, vcf = synthetic
    common = ["annotate", str(vcf), "--reference", str(reference), "-q"]
    _, one, _ = _run(capsys, *common)
    _, many, _ = _run(capsys, *common, "--threads", "2")
    assert len(chunks_seen) == 1 and chunks_seen[0] >= 2

    def strip(text: str) -> str:
        return "".join(x for x in text.splitlines(True) if not x.startswith("##gnas_annotCommand"))

    assert "#CHROM" in one and strip(many) == strip(one)


def test_threads_with_transcript_choice_on_a_bundled_example(
    tmp_path, capsys, chunks_seen, monkeypatch
):
    monkeypatch.setattr(regions, "MIN_RECORDS_PER_CHUNK", 1)  # a small file: 1 record will do
    vcf = EXAMPLES / "tumour.GRCh37.vcf"
    for extra in ([], ["--pick"]):
        one, many = tmp_path / "one.tsv", tmp_path / "many.tsv"
        assert main(["annotate", str(vcf), *extra, "-q", "-o", str(one)]) == 0
        assert main(["annotate", str(vcf), *extra, "--threads", "2", "-q", "-o", str(many)]) == 0
        assert _normalized(many) == _normalized(one)
    assert len(chunks_seen) == 2 and min(chunks_seen) >= 2


def test_warnings_about_the_input_are_given_once_as_in_one_process(
    synthetic, tmp_path, capsys, chunks_seen
):
    reference, vcf = synthetic
    text = vcf.read_text()
    renamed = tmp_path / "renamed.vcf"  # records on '20', the header declares chr20
    renamed.write_text(text.replace("\nchr20\t", "\n20\t"))
    common = ["annotate", str(renamed), "--reference", str(reference), "-O", "tsv"]
    code1, out1, err1 = _run(capsys, *common)
    code2, out2, err2 = _run(capsys, *common, "--threads", "2")
    assert code1 == code2 == 0 and len(chunks_seen) == 1 and chunks_seen[0] >= 2
    assert err1.count("gnas-annot: warning:") == 1 and "line " in err1
    assert err2 == err1
    assert out2.split("\n", 6)[-1] == out1.split("\n", 6)[-1]


@pytest.mark.parametrize("suffix", [".vcf", ".tsv"])
def test_a_trio_without_phased_genotypes_is_split_and_gives_the_same_origins(
    synthetic, tmp_path, capsys, chunks_seen, suffix
):
    reference, vcf = synthetic
    ped = tmp_path / "trio.ped"  # S1 the child of S2 and S3; GRANDMA is not in the VCF
    ped.write_text("F\tS1\tS2\tS3\t2\t2\nF\tS2\t0\t0\t1\t1\nF\tS3\t0\tGRANDMA\t2\t1\n")
    one, many = tmp_path / f"one{suffix}", tmp_path / f"many{suffix}"
    common = ["annotate", str(vcf), "--reference", str(reference), "--ped", str(ped)]
    code1, _, err1 = _run(capsys, *common, "-o", str(one))
    code2, _, err2 = _run(capsys, *common, "--threads", "2", "-o", str(many))
    assert code1 == code2 == 0 and len(chunks_seen) == 1 and chunks_seen[0] >= 2
    assert _normalized(many) == _normalized(one)
    assert err2 == err1 and err1.count("GRANDMA") == 1  # the PED warning once
    assert "de_novo" in one.read_text() or "paternal" in one.read_text()


def test_a_trio_with_phased_genotypes_keeps_one_process(synthetic, tmp_path, capsys, chunks_seen):
    reference, vcf = synthetic
    phased = tmp_path / "phased.vcf"
    phased.write_text(vcf.read_text().replace("\t0/1:12,9:21", "\t0|1:12,9:21"))
    one, many = tmp_path / "one.vcf", tmp_path / "many.vcf"
    common = ["annotate", str(phased), "--reference", str(reference), "--trio", "S1,S2,S3"]
    _run(capsys, *common, "-o", str(one))
    code, _, err = _run(capsys, *common, "--threads", "2", "-o", str(many))
    assert code == 0 and chunks_seen == []  # split, then found phased: not run in chunks
    assert "one process (phased genotypes" in err
    assert _normalized(many) == _normalized(one)


def test_alignments_keep_one_process_and_say_why(tmp_path, capsys, chunks_seen):
    vcf = EXAMPLES / "trio.GRCh38.vcf"
    out = tmp_path / "x.vcf"
    _, _, err = _run(
        capsys, "annotate", str(vcf), "--trio", "PROBAND,FATHER,MOTHER",
        "--bam", "PROBAND=/nonexistent.bam", "--threads", "2", "-o", str(out),
    )  # fmt: skip
    assert chunks_seen == []
    assert "one process (--bam relates records to each other)" in err


def _decompressed(path: Path) -> bytes:
    """The text of a bgzip or BCF file, as htslib/gzip read it."""
    if path.suffix == ".bcf":
        return subprocess.run(
            ["bcftools", "view", "--no-version", str(path)], capture_output=True, check=True
        ).stdout
    return gzip.decompress(path.read_bytes())


@pytest.mark.parametrize("suffix", [".vcf.gz", ".bcf", ".tsv.gz", ".jsonl.gz"])
def test_compressed_output_is_joined_as_text_then_compressed_and_indexed_once(
    synthetic, tmp_path, capsys, chunks_seen, suffix
):
    reference, vcf = synthetic
    one, many = tmp_path / f"one{suffix}", tmp_path / f"many{suffix}"
    common = ["annotate", str(vcf), "--reference", str(reference)]
    code1, _, err1 = _run(capsys, *common, "-o", str(one))
    code2, _, err2 = _run(capsys, *common, "--threads", "2", "-o", str(many))
    assert code1 == code2 == 0 and len(chunks_seen) == 1 and chunks_seen[0] >= 2
    assert err2 == err1
    text_one, text_many = tmp_path / "one.txt", tmp_path / "many.txt"
    text_one.write_bytes(_decompressed(one))
    text_many.write_bytes(_decompressed(many))
    if suffix == ".jsonl.gz":
        text_one, text_many = (
            text_one.rename(tmp_path / "one.jsonl"),
            text_many.rename(tmp_path / "many.jsonl"),
        )
    assert _normalized(text_many) == _normalized(text_one)
    assert text_one.read_bytes().count(b"\n") > 500
    if suffix in (".vcf.gz", ".bcf"):  # indexed beside it, and the index works
        index = Path(f"{many}{'.csi' if suffix == '.bcf' else '.tbi'}")
        assert index.is_file()
        fetched = subprocess.run(
            ["bcftools", "view", "-H", "-r", "chr20", str(many)], capture_output=True, check=True
        ).stdout
        assert fetched.count(b"\n") == sum(
            1 for x in text_many.read_bytes().splitlines() if not x.startswith(b"#")
        )
    else:  # bgzip (tabix and zcat read it): BGZF blocks, ending in BGZF's empty EOF block
        data = many.read_bytes()
        assert data[:4] == b"\x1f\x8b\x08\x04" and data[12:14] == b"BC"
        eof = "1f8b08040000000000ff0600424302001b0003000000000000000000"  # SAM spec 4.1.2
        assert data.endswith(bytes.fromhex(eof))


def test_parquet_output_keeps_one_process(synthetic, tmp_path, capsys, chunks_seen):
    pytest.importorskip("pyarrow")
    reference, vcf = synthetic
    out = tmp_path / "x.parquet"
    code, _, err = _run(
        capsys, "annotate", str(vcf), "--reference", str(reference), "--threads", "2",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0 and chunks_seen == [] and "parquet output is written by one process" in err


def test_stdin_keeps_one_process(synthetic):
    reference, vcf = synthetic
    done = subprocess.run(
        [sys.executable, "-m", "gnas_annot", "annotate", "-", "--reference", str(reference),
         "--threads", "2", "-O", "tsv"],
        input=vcf.read_text(), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "one process (the input is stdin)" in done.stderr
    assert done.stdout.count("\n") > 500


def test_a_small_input_is_one_process_without_a_note(tmp_path, capsys, monkeypatch):
    seen: list[int] = []
    monkeypatch.setattr(regions, "run_local", lambda f, items, w: seen.append(len(items)))
    out = tmp_path / "x.vcf"
    code, _, err = _run(
        capsys, "annotate", str(EXAMPLES / "trio.GRCh38.vcf"), "--threads", "2", "-o", str(out)
    )
    assert code == 0 and seen == [] and "one process" not in err


def test_a_bad_record_in_a_later_chunk_fails_as_in_one_process(
    synthetic, tmp_path, capsys, chunks_seen
):
    reference, vcf = synthetic
    lines = vcf.read_text().splitlines(True)
    body = [i for i, line in enumerate(lines) if not line.startswith("#")]
    bad = lines[body[-10]].split("\t")
    bad[1] = "not_a_position"
    lines[body[-10]] = "\t".join(bad)
    broken = tmp_path / "broken.vcf"
    broken.write_text("".join(lines))
    common = ["annotate", str(broken), "--reference", str(reference)]
    code1, _, err1 = _run(capsys, *common, "-o", str(tmp_path / "one.vcf"))
    code2, _, err2 = _run(capsys, *common, "--threads", "2", "-o", str(tmp_path / "many.vcf"))
    assert code1 != 0
    assert (code2, err2) == (code1, err1)
    assert not (tmp_path / "many.vcf").exists()


def test_zero_threads_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["annotate", "x.vcf", "--threads", "0"])
    assert stop.value.code == 2


@pytest.mark.parametrize(
    ("positions", "chunks", "minimum", "expected"),
    [
        ([1, 2, 3, 4, 5, 6], 2, 1, [(0, 3), (3, 6)]),
        ([1, 2, 3, 4, 5, 6, 7], 3, 1, [(0, 2), (2, 5), (5, 7)]),
        ([1, 2, 3, 3, 3, 6], 2, 1, [(0, 5), (5, 6)]),  # a position is never cut
        ([3, 3, 3, 3], 2, 1, [(0, 4)]),
        ([1, 2, 3, 4], 2, 3, [(0, 4)]),  # fewer than 2 x minimum records: one chunk
        ([1, 2, 3], 8, 1, [(0, 1), (1, 2), (2, 3)]),
        ([], 2, 1, [(0, 0)]),
    ],
)
def test_chunk_bounds_are_runs_of_about_equal_size(positions, chunks, minimum, expected):
    bounds = regions.chunk_bounds(positions, chunks, minimum)
    assert bounds == expected
    assert [i for a, b in bounds for i in range(a, b)] == list(range(len(positions)))


def _pid_after(seconds: float) -> int:
    import os
    import time

    time.sleep(seconds)
    return os.getpid()


def test_chunks_are_handed_to_every_process_not_batched_into_one():
    pids = regions.run_local(_pid_after, [0.3] * 4, workers=2)
    assert len(pids) == 4 and len(set(pids)) == 2


def test_the_local_scheduler_starts_without_importing_dask_distributed():
    # dask imports dask.distributed (~0.3 s) to look for a Client when the scheduler
    # is named by a string; the parent's serial time before the first chunk runs
    code = (
        "import sys\n"
        "from gnas_annot.scale.regions import run_local\n"
        "assert run_local(abs, [-1, -2, 3], workers=2) == [1, 2, 3]\n"
        "print('distributed' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    """The command in its own process: htslib writes on file descriptor 2, which only
    a real process's stderr shows (chunks run in child processes)."""
    command = [sys.executable, "-m", "gnas_annot", *argv]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("records", [600, 40], ids=["split", "one-process"])
def test_htslib_warnings_about_the_input_are_said_once_as_in_one_process(
    synthetic, tmp_path, records
):
    # every record uses an INFO key the header does not define: htslib warns at the
    # first one and defines it.  Split runs used to say it again for the first record
    # of every chunk (their header lacked it) and again in the chunks, and a run that
    # fell back to one process (too few records) said everything twice
    reference, vcf = synthetic
    head, _, body = vcf.read_text().partition("\nchr20\t")
    lines = ("chr20\t" + body).splitlines()[:records]
    undefined = [line.replace("\tPASS\t.\t", "\tPASS\tXYZ=1\t") for line in lines]
    assert all("XYZ=1" in line for line in undefined)
    source = tmp_path / "undefined.vcf"
    source.write_text(head + "\n" + "\n".join(undefined) + "\n")
    common = ["annotate", str(source), "--reference", str(reference), "-O", "vcf"]
    one = _cli(*common, "-o", str(tmp_path / "one.vcf"))
    many = _cli(*common, "--threads", "2", "-o", str(tmp_path / "many.vcf"))
    assert one.returncode == many.returncode == 0, (one.stderr, many.stderr)
    assert one.stderr.count("INFO 'XYZ'") == 1
    assert many.stderr == one.stderr
    assert _normalized(tmp_path / "many.vcf") == _normalized(tmp_path / "one.vcf")
