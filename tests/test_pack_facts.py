"""Every GNAS fact lives once, as a pack table with its source; the code derives the rest.

These tests fail when a fact is typed into src/ a second time (a hotspot
codon, its genomic position, the exon-13 c. range, an isoform accession), when
a table row has no source, or when a derived fact stops matching its
independent truth (tests/facts.py: the Gs-alpha exon table).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from facts import c_to_g
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack import files
from gnas_annot.pack.store import load_pack

SRC = Path(__file__).resolve().parents[1] / "src" / "gnas_annot"
PACK_TSV = sorted(n for n in files.read_manifest()["files"] if n.endswith(".tsv"))  # type: ignore[union-attr]


def _code_constants() -> list[tuple[str, int, object]]:
    """(file, line, value) of every literal in src/, docstrings left out."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and id(node) not in docstrings:
                found.append((str(path.relative_to(SRC)), node.lineno, node.value))
    return found


def _hotspot_numbers() -> set[int]:
    pack = load_pack()
    numbers: set[int] = set()
    for build in GenomeBuild:
        for h in pack.hotspots_on(build):
            numbers |= {h.residue, h.start, h.end, *range(3 * h.residue - 2, 3 * h.residue + 1)}
    for region in pack.critical_regions:
        numbers |= {region.c_start, region.c_end}
    return numbers


def test_no_hotspot_codon_or_position_is_typed_in_the_code():
    numbers = _hotspot_numbers()
    typed = [(f, line, v) for f, line, v in _code_constants() if type(v) is int and v in numbers]
    assert typed == [], "facts of hotspots.tsv/critical_regions.tsv typed in src/"


def test_no_hotspot_or_isoform_name_is_typed_in_the_code():
    pack = load_pack()
    names = {h.name.removeprefix("p.") for h in pack.hotspots_on("GRCh38")}
    names |= {
        f"{h.ref}{h.residue}{alt}" for h in pack.hotspots_on("GRCh38") for alt in h.activating
    }
    skipping = {
        t.accession.split(".")[0]
        for t in pack.locus("GRCh38").transcripts
        for n in range(1, len(t.exons) + 1)
        for t in pack.natural_skips(t, n)
    }
    pattern = re.compile("|".join(map(re.escape, sorted(names | skipping))))
    typed = [
        (f, line, v) for f, line, v in _code_constants() if isinstance(v, str) and pattern.search(v)
    ]
    assert skipping and typed == [], "hotspot or isoform facts typed in src/"


def test_no_product_family_table_or_expression_is_typed_in_the_code():
    pack = load_pack()
    expressions = {p.expressed_from for p in pack.products.values()}
    labels = {t.first_exon for t in pack.locus("GRCh38").transcripts if t.first_exon != "."}
    typed = [
        (f, line, v)
        for f, line, v in _code_constants()
        if isinstance(v, str) and (v in expressions or v in labels)
    ]
    assert typed == []


@pytest.mark.parametrize("table", PACK_TSV)
def test_every_row_of_every_table_names_its_sources(table):
    rows = list(files.read_table(table))
    assert rows, table
    column = "sources" if "sources" in rows[0] else None
    assert column is not None, f"{table} has no sources column"
    empty = [row for row in rows if row[column].strip() in ("", ".")]
    assert empty == [], f"{table}: rows without a source"


@pytest.mark.parametrize("build", ["GRCh38", "GRCh37"])
def test_hotspot_codons_are_placed_by_the_transcript_model(build):
    spots = {h.residue: h for h in load_pack().hotspots_on(build)}
    for residue, spot in spots.items():
        assert (spot.start, spot.end) == (
            c_to_g(3 * residue - 2, build),
            c_to_g(3 * residue, build),
        )


def test_activating_amino_acids_are_the_known_variants_plus_the_listed_others():
    pack = load_pack()
    known = {k.protein for k in pack.known_variants if k.mechanism == "activating"}  # p.(Arg201Cys)
    for spot in pack.hotspots_on("GRCh38"):
        curated = {p[-4:-1] for p in known if p.startswith(f"p.({spot.ref}{spot.residue}")}
        assert curated and curated <= spot.activating


def test_critical_exon_range_is_derived_from_the_model():
    pack = load_pack()
    tx = pack.locus("GRCh38").transcript("NM_000516.7")
    [region] = pack.critical_regions
    exon = tx.exons[region.exon - 1]
    assert c_to_g(region.c_start, "GRCh38") == exon.start
    assert region.c_end == tx.coding_length  # the last exon ends with the stop codon


def test_natural_skips_are_the_exon3_less_isoforms_of_the_pack():
    pack = load_pack()
    locus = pack.locus("GRCh38")
    without_exon3 = {
        t.accession for t in locus.transcripts if t.protein_length in (379, 380)
    }  # transcripts.tsv: the short forms
    for accession in ("NM_000516.7", "NM_001077488.5", "NM_080425.4"):
        skips = pack.natural_skips(locus.transcript(accession), 3)
        assert {t.accession for t in skips} == without_exon3
    gs = locus.transcript("NM_000516.7")
    assert all(pack.natural_skips(gs, n) == () for n in range(1, 14) if n != 3)
    # NESP55 carries exon 3 in its 3' UTR: skipping it changes no product
    assert pack.natural_skips(locus.transcript("NM_016592.5"), 3) == ()


def test_every_transcript_has_a_product_family_with_its_expression():
    pack = load_pack()
    for tx in pack.locus("GRCh38").transcripts:
        assert pack.products[tx.family].expressed_from
