"""INFO/GNAS entries laid out once per allele (annotate/csq.py ``entries``) are exactly
the value-by-value definition (``entries_by_value``), on every allele shape around every
exon and CDS edge of both builds, with custom fields, evidence and values that hold
reserved characters or a NUL."""

from __future__ import annotations

import dataclasses
import string

from gnas_annot.annotate.cells import ESCAPE, escape_joined
from gnas_annot.annotate.csq import CSQ_FIELDS, entries, entries_by_value
from gnas_annot.annotate.results import AnnotatedVariant, csq_entries
from gnas_annot.known.evidence import Evidence


def _both(av: AnnotatedVariant, extra: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    mechanism = av.mechanism.value if av.mechanism is not None else ""
    args = (av.variant, av.consequences, av.lof, mechanism, av.known, av.evidence, extra)
    return entries(*args), entries_by_value(*args)


def _differences(alleles: list[AnnotatedVariant], extra: tuple[str, ...] = ()) -> list[str]:
    out = []
    for av in alleles:
        fast, general = _both(av, extra)
        if fast != general:
            out.append(f"{av.variant.pos} {av.variant.ref}>{av.variant.alt}: {fast} != {general}")
    return out


def test_entries_per_allele_equal_the_value_by_value_definition_on_real_bases(real_edges):
    assert len(real_edges) > 3000
    assert not (found := _differences(real_edges)), found[:5]


def test_entries_per_allele_equal_the_value_by_value_definition_on_synthetic_bases(
    synthetic_edges,
):
    # every base known: every allele is normalized and named on every transcript
    assert sum(len(av.transcripts) > 1 for av in synthetic_edges) > 3000
    assert not (found := _differences(synthetic_edges)), found[:5]


ODD = ("a b", "x|y", "1,2", "k=v", "s;t", "tab\there", "nul\0inside", "", "plain")


def test_entries_with_custom_fields_and_evidence_equal_the_definition(synthetic_edges):
    extra = ("CLNSIG_CV", "AF_GNOMAD", "ODD_X")
    for k, av in enumerate(synthetic_edges[::7]):
        value = ODD[k % len(ODD)]
        changed = dataclasses.replace(
            av,
            known=(("CLNSIG_CV", value), ("ODD_X", ODD[(k + 3) % len(ODD)])),
            evidence=(Evidence("PM2_Supporting", "absent"),) if k % 2 else (),
        )
        fast, general = _both(changed, extra)
        assert fast == general, (changed.variant, value)
        assert all(e.count("|") == len(CSQ_FIELDS) + len(extra) - 1 for e in fast), fast


def test_a_value_holding_a_nul_keeps_it_as_the_definition_does(synthetic_edges):
    av = next(a for a in synthetic_edges if len(a.transcripts) > 1)
    changed = dataclasses.replace(av, known=(("X", "a\0b"),))
    fast, general = _both(changed, ("X",))
    assert fast == general
    assert all(e.endswith("a\0b") for e in fast)


def test_the_writer_uses_the_entries_of_the_definition(synthetic_edges):
    for av in synthetic_edges[::50]:
        assert csq_entries(av) == _both(av)[1]


def test_escaping_joined_values_replaces_each_reserved_character_as_the_table_does():
    text = string.printable + "\u00e9\u2013|,;=\t "
    for c in text:
        assert escape_joined(c) == c.translate(ESCAPE), repr(c)
    assert escape_joined("a b\0c|d") == "a_b|c%7Cd"
    assert escape_joined(text) == text.translate(ESCAPE)
