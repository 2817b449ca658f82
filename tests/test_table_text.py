"""TSV and JSON Lines text made piece by piece (output/table_text.py) is exactly the
row-by-row definition -- each row of ``rows`` rendered cell by cell (``tsv_line``), or
``json.dumps`` of each row -- on sites-only alleles around every exon edge, on cohorts
with carriers sharing calls, with origin calls from a pedigree, with custom fields (also
ones named like a column), with values that hold tabs, newlines, NULs and non-ASCII
text, and with annotations given as a plain tuple."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

import pytest

from conftest import write_vcf
from gnas_annot.annotate.carriers import Carriers, SampleAnnotation
from gnas_annot.annotate.results import COLUMNS, SAMPLE_KEYS, TX_KEYS, AnnotatedVariant, rows
from gnas_annot.annotate.run import annotate_vcf
from gnas_annot.output.table_text import jsonl_lines, tsv_line, tsv_lines
from gnas_annot.pack import data_dir

ODD = ("a b", "tab\there", "new\nline", "nul\0inside", "", "caf\u00e9 \u2013", "x|y;z=1")


def _definition(av: AnnotatedVariant, extra: Sequence[str]) -> tuple[list[str], list[str]]:
    columns = (*COLUMNS, *extra)
    table = list(rows(av, extra))
    return [tsv_line(r, columns) for r in table], [json.dumps(r) + "\n" for r in table]


def _differences(alleles: list[AnnotatedVariant], extra: Sequence[str] = ()) -> list[str]:
    out = []
    for av in alleles:
        tsv, jsonl = _definition(av, extra)
        if tsv_lines(av, extra) != tsv:
            out.append(f"TSV {av.variant}: {tsv_lines(av, extra)} != {tsv}")
        if jsonl_lines(av, extra) != jsonl:
            out.append(f"JSONL {av.variant}: {jsonl_lines(av, extra)} != {jsonl}")
    return out


def test_the_pieces_are_the_columns_of_a_row():
    assert set(COLUMNS) > SAMPLE_KEYS | TX_KEYS and not SAMPLE_KEYS & TX_KEYS
    assert "sample" in SAMPLE_KEYS and "transcript" in TX_KEYS and "chrom" not in SAMPLE_KEYS


def test_sites_only_rows_around_every_exon_edge_are_the_definition(synthetic_edges):
    assert sum(len(av.transcripts) > 1 for av in synthetic_edges) > 3000
    assert any(not av.transcripts for av in synthetic_edges)
    assert not (found := _differences(synthetic_edges)), found[:3]


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> list[AnnotatedVariant]:
    """Carriers that share calls (and some that do not), phased and unphased, with AD/DP
    and without, a multi-allelic record and an allele nobody carries."""
    samples = tuple(f"S{k}" for k in range(9))
    calls = ("0/1:10,10:20", "0/0:20,0:20", "0|1:5,9:14", "1/1:0,30:30", "./.:.:.")
    lines = []
    for k, (pos, ref, alt) in enumerate(
        [
            (58909365, "C", "T"),
            (58909366, "G", "A,T"),
            (58891727, "A", "G"),
            (58910000, "A", "C"),
            (58903700, "T", "G"),
        ]
    ):
        row = [calls[(k + j) % len(calls)] for j in range(len(samples))]
        if k == 3:
            row = ["0/0:20,0:20"] * len(samples)  # nobody carries it
        lines.append(f"chr20\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\t.\tGT:AD:DP\t" + "\t".join(row))
    path = write_vcf(
        tmp_path_factory.mktemp("cohort") / "c.vcf", "\n".join(lines) + "\n", samples=samples
    )
    found = list(annotate_vcf(path))
    assert any(
        isinstance(av.samples, Carriers) and len(av.samples.facts) < len(av.samples) for av in found
    )
    return found


def test_cohort_rows_with_shared_calls_are_the_definition(cohort):
    assert not (found := _differences(cohort)), found[:3]


def test_rows_with_origin_calls_from_a_pedigree_are_the_definition():
    examples = data_dir().joinpath("examples")
    alleles = list(
        annotate_vcf(
            str(examples.joinpath("trio.GRCh38.vcf")), ped=str(examples.joinpath("trio.ped"))
        )
    )
    assert any(s.origin_call is not None for av in alleles for s in av.samples)
    assert not (found := _differences(alleles)), found[:3]


def test_custom_fields_and_odd_values_are_rendered_as_the_definition(cohort, synthetic_edges):
    # custom fields, also named like a column (its value is the column's in both ways)
    extra = ("CLNSIG_CV", "gene", "sample", "AF_X", "chrom")
    for k, av in enumerate([*cohort, *synthetic_edges[::97]]):
        odd = ODD[k % len(ODD)]
        changed = dataclasses.replace(
            av,
            known=(("CLNSIG_CV", odd), ("AF_X", ODD[(k + 2) % len(ODD)]), ("gene", odd)),
        )
        assert not (found := _differences([changed], extra)), found[:3]


def test_annotations_given_as_a_tuple_with_odd_values_are_rendered_as_the_definition(cohort):
    for k, av in enumerate(cohort):
        made = tuple(
            dataclasses.replace(
                s,
                sample=ODD[(k + j) % len(ODD)] or "S",
                genotype=ODD[j % len(ODD)],
                copy_number=(ODD[(j + 1) % len(ODD)], "x\ty"),
                upd=ODD[(j + 3) % len(ODD)],
            )
            for j, s in enumerate(av.samples)
        )
        assert all(isinstance(s, SampleAnnotation) for s in made)
        changed = dataclasses.replace(av, samples=made)
        assert not (found := _differences([changed])), found[:3]


def _odd_transcripts(av: AnnotatedVariant, k: int) -> AnnotatedVariant:
    """``av`` with odd values in its transcripts' fields and LoF calls (rotating by ``k``)."""
    assert av.consequences is not None
    odd = [ODD[(k + j) % len(ODD)] for j in range(6)]
    made = []
    for j, tc in enumerate(av.consequences.transcripts):
        field = ("gene", "product", "biotype", "impact", "codons", "amino_acids")[(k + j) % 6]
        changes: dict[str, object] = {field: odd[j % 6]}
        if (k + j) % 3 == 0:
            changes["terms"] = (odd[1], "x")
        if (k + j) % 4 == 1 and tc.hgvs is not None:
            changes["hgvs"] = dataclasses.replace(tc.hgvs, protein=odd[2], hgvs=None)
        if (k + j) % 5 == 2:
            changes["hgvs"] = None
        made.append(dataclasses.replace(tc, **changes))  # type: ignore[arg-type]
    consequences = dataclasses.replace(av.consequences, transcripts=tuple(made))
    lof = av.lof
    if lof is not None and lof.calls:
        calls = [
            dataclasses.replace(
                call,
                pvs1_reasons=(odd[(j + 3) % 6], "r"),
                loftee_filters=(odd[(j + 4) % 6],) if j % 2 else (),
                loftee_flags=("f", odd[(j + 5) % 6]),
                nmd=(None, True, False)[(k + j) % 3],
                loftee=(None, "HC", odd[j % 6])[(k + j) % 3],
            )
            for j, call in enumerate(lof.calls)
        ]
        lof = dataclasses.replace(lof, calls=tuple(calls))
    return dataclasses.replace(av, consequences=consequences, lof=lof)


def test_transcript_values_with_tabs_newlines_and_odd_text_are_rendered_as_the_definition(
    cohort, synthetic_edges
):
    # a transcript's cells are written straight from the consequence when no value
    # holds a tab or a newline, and cell by cell otherwise: both as the definition
    alleles = [av for av in [*cohort, *synthetic_edges[::53]] if av.transcripts]
    assert len(alleles) > 100
    for k, av in enumerate(alleles):
        assert not (found := _differences([_odd_transcripts(av, k)])), found[:3]
    assert not (found := _differences([_odd_transcripts(av, k)], ("gene", "nmd"))), found[:3]
