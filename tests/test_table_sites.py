"""TSV and JSON Lines rows of an allele nobody carries (sites-only input), written by the
shortcut of output/table_text.py (``_sites``: the head and tail of the lines made once
per allele, the reading's columns kept per reading, the allele's head and each
transcript's columns written straight from the objects by output/piece_text.py), are
exactly the row-by-row definition: on every edge allele of both builds, with hostile
text in every allele-level, transcript-level and reading value, with values of another
type than their column's, and with readings that must never be given another's text."""

from __future__ import annotations

import dataclasses
import json

import pytest

from gnas_annot.annotate.results import COLUMNS, AnnotatedVariant, allele_columns
from gnas_annot.known.evidence import Evidence
from gnas_annot.output import table_text
from gnas_annot.output.piece_text import head_values, json_head, json_values, tsv_values
from gnas_annot.pack.facts import Condition
from test_table_text import _differences

HOSTILE = (
    "tab\there",
    "new\nline",
    'quote"and\\backslash',
    "caf\u00e9 \u2013 \u00b5 \U0001f9ec",
    "lone \ud800 surrogate",
    "ctrl \x01\x1f\x7f",
    "nul\0inside",
    "a|b;c=d,e f%25",
    "",
)


def test_the_default_columns_take_the_shortcut():
    # the layout the shortcut writes: if COLUMNS changes shape the shortcut must be
    # re-checked, not silently skipped
    assert table_text._SITES
    assert COLUMNS[: COLUMNS.index("transcript")] == table_text._HEAD
    assert table_text._HEAD[-1] == "hgvs_g_other_build"


def test_an_allele_nobody_carries_is_written_by_the_shortcut(synthetic_edges, monkeypatch):
    av = next(a for a in synthetic_edges if len(a.transcripts) > 1 and not a.samples)
    calls = []
    real = table_text._sites

    def spy(*args, **kwargs):
        made = real(*args, **kwargs)
        calls.append(made is not None)
        return made

    monkeypatch.setattr(table_text, "_sites", spy)
    table_text.tsv_lines(av)
    table_text.jsonl_lines(av)
    assert calls == [True, True]


def test_sites_rows_of_every_edge_allele_are_the_definition(synthetic_edges, real_edges):
    alleles = [*synthetic_edges, *real_edges[::5]]
    assert any(not av.transcripts for av in alleles)
    assert not (found := _differences(alleles)), found[:3]


def test_the_head_values_are_the_allele_columns(synthetic_edges):
    for av in synthetic_edges[::7]:
        base = allele_columns(av)
        values = head_values(av)
        assert values == tuple(base[k] for k in table_text._HEAD)
        assert json_head(av) == json_values(table_text._HEAD, values)
        expected = json.dumps({k: base[k] for k in table_text._HEAD})[1:-1]
        assert json_head(av) == expected
        assert tsv_values(table_text._HEAD, values) == "\t".join(
            table_text.cell(base[k]) for k in table_text._HEAD
        )


def _hostile_allele(av: AnnotatedVariant, k: int) -> AnnotatedVariant:
    odd = [HOSTILE[(k + j) % len(HOSTILE)] for j in range(8)]
    v = av.variant
    source = dataclasses.replace(v.source, contig=odd[0] or "chr20", id=odd[1] or None)
    variant = dataclasses.replace(v, source=source, reason=odd[2])
    consequences = av.consequences
    if consequences is not None and consequences.names is not None:
        names = dataclasses.replace(
            consequences.names, genomic=odd[3], other_build=odd[4], notes=(odd[5], "n")
        )
        consequences = dataclasses.replace(consequences, names=names)
    reading = av.interpretation
    if reading is not None:
        reading = dataclasses.replace(
            reading,
            summary=odd[6],
            caveats=(odd[7], "c"),
            conditions=(Condition("k", odd[0], "103580", odd[1] or None),),
        )
    evidence = (Evidence(odd[2] or "BA1", odd[3]),) if k % 2 else ()
    return dataclasses.replace(
        av, variant=variant, consequences=consequences, interpretation=reading, evidence=evidence
    )


def test_hostile_allele_and_reading_values_are_the_definition(synthetic_edges):
    alleles = [a for a in synthetic_edges[::11] if a.interpretation is not None]
    assert len(alleles) > 50
    for k, av in enumerate(alleles):
        assert not (found := _differences([_hostile_allele(av, k)])), found[:3]


@pytest.mark.parametrize(
    "field, value",
    [
        ("cds_position", 123),  # an int where the column holds text
        ("amino_acids", 1.5),
        ("gene", None),
        ("codons", ["a", "b"]),
        ("product", "x\ty"),
        ("biotype", "\u00e9\n"),
    ],
)
def test_transcript_values_of_another_type_are_the_definition(synthetic_edges, field, value):
    alleles = [a for a in synthetic_edges if len(a.transcripts) > 1][:20]
    for av in alleles:
        tcs = list(av.transcripts)
        tcs[-1] = dataclasses.replace(tcs[-1], **{field: value})
        consequences = dataclasses.replace(av.consequences, transcripts=tuple(tcs))
        changed = dataclasses.replace(av, consequences=consequences)
        assert not (found := _differences([changed])), found[:3]


def test_positions_of_another_type_are_the_definition(synthetic_edges):
    class Position(int):
        def __str__(self) -> str:
            return f"pos {int(self)}"

    for av in synthetic_edges[:30]:
        variant = dataclasses.replace(av.variant, pos=Position(av.variant.pos))
        assert not (found := _differences([dataclasses.replace(av, variant=variant)])), found


def test_a_kept_reading_is_never_given_to_another_reading(synthetic_edges):
    av = next(a for a in synthetic_edges if a.interpretation is not None and a.transcripts)
    first = table_text.tsv_lines(av)
    for k in range(50):
        reading = dataclasses.replace(av.interpretation, summary=f"summary {k}")
        changed = dataclasses.replace(av, interpretation=reading)
        for line in table_text.tsv_lines(changed):
            assert f"\tsummary {k}\t" in line
        for line in table_text.jsonl_lines(changed):
            assert json.loads(line)["interpretation"] == f"summary {k}"
        del reading, changed
    assert table_text.tsv_lines(av) == first
    kept = table_text._readings(table_text._tsv_run, table_text._DEFAULT)
    assert len(kept) <= 4096


def test_lof_calls_given_in_a_list_are_never_kept(synthetic_edges):
    from gnas_annot.effect.lof import LofAssessment

    av = next(
        a
        for a in synthetic_edges
        if a.lof is not None and len(a.lof.calls) > 1 and a.interpretation is not None
    )
    calls = list(av.lof.calls)
    listed = dataclasses.replace(av, lof=LofAssessment(calls))  # type: ignore[arg-type]
    assert not (found := _differences([listed])), found
    calls[0] = dataclasses.replace(calls[0], pvs1_criterion="CHANGED")
    assert any("CHANGED" in line for line in table_text.tsv_lines(listed))
    assert any("CHANGED" in line for line in table_text.jsonl_lines(listed))
    assert not (found := _differences([listed])), found
