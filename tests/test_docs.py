"""The documentation builds without warnings and the walkthrough notebook runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_walkthrough_notebook_executes(tmp_path):
    notebook = nbformat.read(REPO / "docs" / "walkthrough.ipynb", as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    outputs = "".join(
        o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "8 alleles" in outputs
    assert (tmp_path / "walkthrough_lollipop.png").stat().st_size > 10_000
    assert "haplotype origin: {'1': 'paternal', '2': 'maternal'}" in outputs
    assert (tmp_path / "walkthrough_methylation.png").stat().st_size > 10_000


@pytest.mark.slow
def test_user_guide_builds_strictly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "output" / "index.html").is_file()
    # the walkthrough is executed at build time and its figures are inline
    walkthrough = (site / "walkthrough" / "index.html").read_text()
    assert walkthrough.count("data:image/png;base64") >= 2  # lollipop and methylation
    assert "8 alleles" in walkthrough
    # the API reference is generated from the docstrings
    api = (site / "api" / "index.html").read_text()
    for name in (
        "annotate.run.annotate_vcf",
        "annotate.run.AnnotationRun",
        "naming.batch.describe_lines",
        "output.kinds.OutputType",
        "scale.many.annotate_many",
    ):
        assert f'id="gnas_annot.{name}"' in api, name
