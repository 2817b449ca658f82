"""Outputs that used to destroy the input or pair one run's data with another
run's index: -o naming the input (however spelled), a writer killed between
installing the data and its index, and concurrent writers to one path."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pysam
import pytest

from bad_inputs.common import GS_R201, cli_error, snv_line
from conftest import EXAMPLES
from gnas_annot.errors import OutputError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.output.atomic import atomic_path, refuse_overwriting_inputs

TRIO = EXAMPLES / "trio.GRCh38.vcf"


@pytest.fixture
def indexed(tmp_path):
    data = tmp_path / "in.vcf.gz"
    pysam.tabix_compress(str(TRIO), str(data))
    pysam.tabix_index(str(data), preset="vcf")
    return data


@pytest.mark.parametrize("spelling", ["same", "relative", "dotted", "symlink", "hardlink", "index"])
@pytest.mark.parametrize("command", ["extract", "annotate"])
def test_output_naming_the_input_is_refused(
    tmp_path, indexed, capfd, monkeypatch, spelling, command
):
    monkeypatch.chdir(tmp_path)
    before = indexed.read_bytes()
    output = {
        "same": str(indexed),
        "relative": "in.vcf.gz",
        "dotted": f"../{tmp_path.name}/./in.vcf.gz",
        "index": "in.vcf.gz.tbi",
    }.get(spelling)
    if spelling == "symlink":
        (tmp_path / "link.vcf.gz").symlink_to(indexed)
        output = "link.vcf.gz"
    elif spelling == "hardlink":
        os.link(indexed, tmp_path / "hard.vcf.gz")
        output = "hard.vcf.gz"
    assert output is not None
    with pytest.raises(OutputError, match="would destroy the input"):
        refuse_overwriting_inputs(output, [str(indexed)])
    cli_error(capfd, [command, str(indexed), "-o", output], 11, "would destroy the input")
    assert indexed.read_bytes() == before


def test_output_naming_the_reference_is_refused(tmp_path, synthetic_reference, capfd):
    ref = synthetic_reference[GenomeBuild.GRCh38]
    vcf = tmp_path / "a.vcf"
    vcf.write_text(TRIO.read_text())
    cli_error(capfd, ["extract", str(vcf), "--reference", str(ref), "-o", str(ref)], 11, "destroy")
    assert snv_line(ref, GS_R201)  # the reference is still readable


# The child installs one pair, pausing (or dying) between the data rename and
# the index rename, where a second writer or a kill used to mismatch them.
_WRITER = textwrap.dedent(
    """
    import os, random, signal, sys, time
    from pathlib import Path
    from gnas_annot.output.atomic import atomic_path

    target, label, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    real = Path.replace

    def replace(self, other):
        result = real(self, other)
        if Path(other) == target:  # the data is in place, its index not yet
            if mode == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            time.sleep(random.uniform(0, 0.05))
        return result

    Path.replace = replace
    for n in range(int(sys.argv[4])):
        with atomic_path(target) as tmp:
            tmp.write_text(f"{label}-{n}")
            Path(str(tmp) + ".tbi").write_text(f"{label}-{n}")
    """
)


def _writer(target, label, mode, rounds=1):
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(target), label, mode, str(rounds)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def test_a_writer_killed_between_data_and_index_leaves_no_mismatched_pair(tmp_path):
    target = tmp_path / "out.vcf.gz"
    with atomic_path(target) as tmp:
        tmp.write_text("old")
        (tmp.parent / (tmp.name + ".tbi")).write_text("old")
    assert _writer(target, "new", "kill").wait() == -9
    assert target.read_text() == "new-0"
    # the old index went first: the new data stands alone (readable without one)
    assert not (tmp_path / "out.vcf.gz.tbi").exists()
    # (a killed writer cannot remove its temporary index: hidden, never read)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["out.vcf.gz"]


def test_concurrent_writers_never_show_one_runs_data_beside_anothers_index(tmp_path):
    from gnas_annot.output.atomic import _directory_lock

    target, index = tmp_path / "out.vcf.gz", tmp_path / "out.vcf.gz.tbi"
    writers = [_writer(target, f"w{i}", "slow", rounds=15) for i in range(4)]
    seen = mismatched = 0
    while any(w.poll() is None for w in writers):
        with _directory_lock(tmp_path):  # a reader taking turns with the writers
            if target.exists() and index.exists():
                seen += 1
                mismatched += target.read_text() != index.read_text()
        time.sleep(0.002)
    assert [w.wait() for w in writers] == [0, 0, 0, 0]
    assert seen > 10 and mismatched == 0
    assert target.read_text() == index.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.vcf.gz", "out.vcf.gz.tbi"]


def test_a_failed_write_leaves_the_old_pair(tmp_path):
    target = tmp_path / "out.vcf.gz"
    with atomic_path(target) as tmp:
        tmp.write_text("old")
        (tmp.parent / (tmp.name + ".tbi")).write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("new")
        raise RuntimeError("writer failed")
    assert target.read_text() == (tmp_path / "out.vcf.gz.tbi").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.vcf.gz", "out.vcf.gz.tbi"]
