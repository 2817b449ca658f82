"""The demo table a new user sees (issue 14): aligned columns, nothing cut,
no unexplained blank cell, PVS1 without a reference marked provisional."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("demo")
    result = subprocess.run(
        [sys.executable, "-m", "gnas_annot", "demo", "--offline", "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def tables(text: str) -> list[list[str]]:
    """Each example's table: the header line and its rows."""
    found, current = [], None
    for line in text.splitlines():
        if line.startswith("  allele "):
            current = [line]
            found.append(current)
        elif current is not None and re.match(r"  \d+ ", line):
            current.append(line)
        else:
            current = None
    return found


def test_columns_are_aligned_under_their_headers(demo):
    for table in tables(demo):
        header = table[0]
        starts = [m.start() for m in re.finditer(r"(?<=  )\S", header) if m.start() > 2]
        assert len(starts) == 5
        for row in table[1:]:
            for start in starts:
                assert row[start - 2 : start] == "  " and row[start] != " ", (row, start)


def test_nothing_is_cut_and_no_cell_is_blank(demo):
    rows = [row for table in tables(demo) for row in table[1:]]
    assert len(rows) == 10  # 8 trio alleles, 2 tumour alleles
    assert sum("PROBAND:de_novo_unphased" in row for row in rows) == 2
    for row in rows:
        cells = re.split(r" {2,}", row.strip())
        assert len(cells) == 6 and all(cells), row
    not_carried = next(row for row in rows if "C>A" in row)
    # only carriers are samples of an allele (issue 15): nobody carries R201S here
    assert "no reading: no sample carries this allele" in not_carried


def test_pvs1_without_a_reference_is_marked_provisional(demo):
    rows = [row for table in tables(demo) for row in table[1:]]
    frameshift = next(row for row in rows if "58909195 TGACT>T" in row)
    assert "NF6 Moderate*" in frameshift
    assert "* PVS1 is provisional without it" in demo


def test_make_demo_installs_the_package_without_the_dev_extras():
    makefile = (REPO / "Makefile").read_text()
    rule = makefile[makefile.index("$(DEMO_STAMP):") :].split("\n\n")[0]
    assert "pip install --quiet -e ." in rule and "[dev]" not in rule and "[test]" not in rule
    demo_rule = makefile[makefile.index("\ndemo:") :].split("\n\n")[0]
    assert "$(DEMO_STAMP)" in demo_rule and "--offline" in demo_rule
    assert "$(BIN)/gnas-annot" in demo_rule


def test_readme_shows_how_to_run_the_installed_command():
    readme = (REPO / "README.md").read_text()
    assert ".venv/bin/gnas-annot" in readme and ". .venv/bin/activate" in readme


def test_the_demo_writes_the_family_report_of_the_trio(demo):
    line = next(x for x in demo.splitlines() if "family report" in x)
    page = Path(line.split("-> ", 1)[1].strip())
    text = page.read_text()
    assert 'class="pedigree"' in text and 'class="lollipop"' in text
    assert text.count('data-sample="PROBAND"') >= 1
