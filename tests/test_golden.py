"""The outputs on the bundled examples are pinned: a refactoring that changes a
single cell fails here.  The files in tests/data/golden were written by the
release before the layered layout (offline: no reference), so they are truth
from outside the current code.  A deliberate change of output regenerates them
with ``GNAS_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and shows in review.
The provenance lines (version, command line) are checked apart from the body."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gnas_annot.cli.app import main

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
CASES = [(name, fmt) for name in ("trio.GRCh38", "tumour.GRCh37") for fmt in ("tsv", "jsonl")]


def _body(text: str, fmt: str) -> tuple[list[str], list[str]]:
    """(provenance, body): the provenance names this run's paths and version,
    so it is checked for its keys and left out of the pinned body."""
    lines = text.splitlines()
    if fmt == "jsonl":
        return lines[:1], lines[1:]
    head = [line for line in lines if line.startswith("##")]
    return head, lines[len(head) :]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_bundled_example_output_is_unchanged(name, fmt, tmp_path):
    out = tmp_path / f"{name}.{fmt}"
    ped = ["--ped", str(EXAMPLES / "trio.ped")] if name.startswith("trio") else []
    assert main(["annotate", str(EXAMPLES / f"{name}.vcf"), *ped, "-o", str(out)]) == 0
    provenance, body = _body(out.read_text(), fmt)
    build = name.split(".")[1]
    if fmt == "jsonl":
        header = json.loads(provenance[0])["gnas_annot_header"]
        assert (header["build"], header["reference"]) == (build, "none")
    else:
        assert f"##gnas_annotBuild={build}" in provenance
        assert "##gnas_annotReference=none" in provenance
    golden = GOLDEN / f"{name}.{fmt}"
    if os.environ.get("GNAS_UPDATE_GOLDEN"):
        golden.write_text("\n".join(body) + "\n")
    assert body == golden.read_text().splitlines()
