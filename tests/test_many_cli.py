"""`gnas-annot annotate-many`: several inputs into one dataset, with progress
(issue 14)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLES

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")


@pytest.mark.slow
def test_many_inputs_one_dataset_progress_per_input_and_failures_kept(tmp_path):
    from gnas_annot.output.parquet import read_dataset

    trio = shutil.copy(EXAMPLES / "trio.GRCh38.vcf", tmp_path / "trio.vcf")
    tumour = shutil.copy(EXAMPLES / "tumour.GRCh37.vcf", tmp_path / "tumour.vcf")
    broken = tmp_path / "broken.vcf"
    broken.write_text("")  # an empty file: exit 3 on its own
    out = tmp_path / "gnas.parquet"
    result = subprocess.run(
        [sys.executable, "-m", "gnas_annot", "annotate-many", str(trio), str(tumour),
         str(broken), "--ped", str(EXAMPLES / "trio.ped"), "-o", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr  # the failure's own exit code
    progress = [line for line in result.stderr.splitlines() if "inputs done" in line]
    assert progress == [f"gnas-annot annotate-many: {n}/3 inputs done" for n in (1, 2, 3)]
    assert "1 of 3 input(s) failed (broken.vcf)" in result.stderr
    table = read_dataset(out)
    assert set(table.column("source").to_pylist()) == {"trio.vcf", "tumour.vcf"}
    failures = json.loads((out / "_failures.json").read_text())
    assert [f["source"] for f in failures] == ["broken.vcf"]
