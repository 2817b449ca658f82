"""The data pack ships inside the wheel and is found from an installed copy."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_installed_wheel_reads_its_own_data_pack(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("gnas_annot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "gnas_annot/data/manifest.json" in names
    assert "gnas_annot/data/examples/trio.GRCh38.vcf" in names
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import gnas_annot.pack.files as f, gnas_annot.cli.app as c, sys;"
        "print(f.data_dir());"
        "sys.exit(c.main(['data', 'verify']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(site / "gnas_annot" / "data")
    assert "transcripts validated" not in result.stderr
    assert "GRCh38: 8 transcripts" in result.stdout
