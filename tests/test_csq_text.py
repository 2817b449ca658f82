"""The INFO/GNAS text of an allele made in one piece (annotate/csq.py ``entries_text``:
one join per entry, the allele escaped once, the texts of spans, models and LoF calls
kept per object by annotate/kept.py) is exactly the value-by-value definition
(``entries_by_value`` joined by ','): on every allele shape around every exon edge of
both builds, with hostile values in every field of an entry, and with kept texts that
must never be taken for another object's (another pack's model, another allele's
calls, an id reused after the object was freed)."""

from __future__ import annotations

import dataclasses
import gc
from types import MappingProxyType

from gnas_annot.annotate.cells import ESCAPE, escape_joined
from gnas_annot.annotate.csq import (
    CSQ_FIELDS,
    _lof_texts,
    entries,
    entries_by_value,
    entries_text,
)
from gnas_annot.annotate.kept import Kept
from gnas_annot.annotate.results import AnnotatedVariant, csq_entries, csq_text
from gnas_annot.effect.geometry import transcripts_by_accession
from gnas_annot.effect.lof import LofAssessment
from gnas_annot.known.evidence import Evidence
from gnas_annot.model.spans import ExonSpan

# every character VCF reserves inside an INFO value, the ones it does not (percent, a
# colon), the separators the fast path uses itself (NUL, SOH), non-ASCII text
HOSTILE = (
    "a|b",
    "1,2",
    "k=v",
    "s;t",
    "with space",
    "tab\there",
    "50%25 done",
    "caf\u00e9 \u2013 \u00b5",
    "nul\0inside",
    "soh\1inside",
    "\1",
    "",
    "plain:colon",
)


def _args(av: AnnotatedVariant, extra: tuple[str, ...] = ()) -> tuple:
    mechanism = av.mechanism.value if av.mechanism is not None else ""
    models = transcripts_by_accession(av.variant.build, av.pack)
    return (av.variant, av.consequences, av.lof, mechanism, av.known, av.evidence, extra, models)


def _check(av: AnnotatedVariant, extra: tuple[str, ...] = ()) -> list[str]:
    """Both ways agree; returns the definition's entries."""
    args = _args(av, extra)
    general = entries_by_value(*args)
    assert entries_text(*args) == ",".join(general), av.variant
    assert entries(*args) == general, av.variant
    return general


def test_the_allele_text_is_the_definition_on_every_edge_allele(synthetic_edges):
    assert sum(len(av.transcripts) > 2 for av in synthetic_edges) > 1000
    for av in synthetic_edges:
        _check(av)
        assert csq_text(av) == ",".join(csq_entries(av))


def test_the_allele_text_is_the_definition_on_real_bases(real_edges):
    for av in real_edges[::3]:
        _check(av)


def _transcript_fields() -> list[str]:
    return [
        "transcript",
        "gene",
        "product",
        "biotype",
        "impact",
        "cdna_position",
        "cds_position",
        "protein_position",
        "amino_acids",
        "codons",
    ]


def test_hostile_values_in_every_transcript_field_are_escaped_as_the_definition(
    synthetic_edges,
):
    alleles = [av for av in synthetic_edges if len(av.transcripts) > 1][:40]
    seen = 0
    for k, av in enumerate(alleles):
        for j, name in enumerate(_transcript_fields()):
            value = HOSTILE[(k + j) % len(HOSTILE)]
            tcs = list(av.transcripts)
            tcs[j % len(tcs)] = dataclasses.replace(tcs[j % len(tcs)], **{name: value})
            if name == "impact":
                tcs[0] = dataclasses.replace(tcs[0], terms=(value, "intron_variant"))
            h = tcs[0].hgvs
            if h is not None:
                tcs[0] = dataclasses.replace(
                    tcs[0], hgvs=dataclasses.replace(h, hgvs=value, protein=value)
                )
            changed = dataclasses.replace(
                av,
                consequences=dataclasses.replace(av.consequences, transcripts=tuple(tcs)),
            )
            general = _check(changed)
            seen += 1
            if "\0" not in value and "\1" not in value:
                # the definition itself: each entry has every field, none raw-reserved
                for entry in general:
                    assert entry.count("|") == len(CSQ_FIELDS) - 1
                    assert not set(entry) & set(",; \t=")
    assert seen == len(alleles) * len(_transcript_fields())


def test_hostile_values_in_allele_level_fields_lof_calls_and_models(synthetic_edges):
    alleles = [av for av in synthetic_edges if av.lof is not None and av.lof.calls][:30]
    assert alleles
    extra = ("X_ONE", "X_TWO")
    for k, av in enumerate(alleles):
        value = HOSTILE[k % len(HOSTILE)]
        calls = tuple(
            dataclasses.replace(
                c,
                loftee=value,
                pvs1_criterion=HOSTILE[(k + 1) % len(HOSTILE)],
                loftee_filters=(value, "x y"),
                loftee_flags=("f|g",),
                nmd=bool(k % 2) if k % 3 else None,
            )
            for c in av.lof.calls
        )
        models = dict(transcripts_by_accession(av.variant.build, av.pack))
        for tc in av.transcripts:
            if tc.transcript in models:
                models[tc.transcript] = dataclasses.replace(
                    models[tc.transcript], mane=value, ensembl=HOSTILE[(k + 2) % len(HOSTILE)]
                )
        names = av.consequences.names
        consequences = av.consequences
        if names is not None:
            consequences = dataclasses.replace(
                consequences, names=dataclasses.replace(names, genomic=value)
            )
        changed = dataclasses.replace(
            av,
            lof=LofAssessment(calls),
            consequences=consequences,
            known=(("X_ONE", value), ("X_TWO", HOSTILE[(k + 3) % len(HOSTILE)])),
            evidence=(Evidence(value or "BA1", "x"), Evidence("PM2", "y")) if k % 2 else (),
        )
        mechanism = HOSTILE[(k + 4) % len(HOSTILE)]
        args = (
            changed.variant,
            changed.consequences,
            changed.lof,
            mechanism,
            changed.known,
            changed.evidence,
            extra,
            MappingProxyType(models),
        )
        general = entries_by_value(*args)
        assert entries_text(*args) == ",".join(general)
        assert entries(*args) == general


def test_a_nul_or_soh_in_a_value_gives_the_definition_not_a_separator(synthetic_edges):
    av = next(a for a in synthetic_edges if len(a.transcripts) > 2)
    for odd in ("\0", "\1", "x\1y", "\1\0", "\0\0"):
        changed = dataclasses.replace(av, known=(("X", odd),))
        general = _check(changed, ("X",))
        assert all(e.endswith(odd) for e in general)
        assert len(general) == len(av.transcripts)


def test_escaping_only_where_a_reserved_character_is_found_is_the_table():
    for c in map(chr, range(0x3000)):
        for text in (c, f"a{c}b", f"{c}{c}x{c}", f"\0{c}\0"):
            expected = "|".join(part.translate(ESCAPE) for part in text.split("\0"))
            assert escape_joined(text) == expected, repr(text)
    mixed = "a|b,c;d=e f\tg%h\u00e9\0i"
    assert escape_joined(mixed) == "a%7Cb%2Cc%3Bd%3De_f%09g%h\u00e9|i"


def test_another_packs_model_of_the_same_accession_is_not_given_the_kept_text(
    synthetic_edges,
):
    av = next(a for a in synthetic_edges if len(a.transcripts) > 1)
    models = transcripts_by_accession(av.variant.build, av.pack)
    first = entries_text(*_args(av))
    accession = av.transcripts[0].transcript
    assert accession in models
    for mane, ensembl in (("MANE Select", "ENST1.1"), (None, None), ("other", "E|2")):
        other = dict(models)
        other[accession] = dataclasses.replace(models[accession], mane=mane, ensembl=ensembl)
        args = (*_args(av)[:-1], MappingProxyType(other))
        assert entries_text(*args) == ",".join(entries_by_value(*args))
    assert entries_text(*_args(av)) == first


def test_the_lof_texts_of_one_calls_tuple_are_never_given_to_another(synthetic_edges):
    av = next(a for a in synthetic_edges if a.lof is not None and len(a.lof.calls) > 1)
    calls = av.lof.calls
    kept = _lof_texts(calls)
    assert _lof_texts(calls) is kept  # the same tuple: the same table
    equal = tuple(dataclasses.replace(c) for c in calls)
    assert _lof_texts(equal) == kept  # equal calls, their own (equal) table
    changed = tuple(dataclasses.replace(c, pvs1_criterion="ZZ9") for c in calls)
    assert all(t.split("\0")[2] == "ZZ9" for t in _lof_texts(changed).values())
    assert _lof_texts(calls) == kept
    # the allele with the changed calls: the definition, not the kept text
    swapped = dataclasses.replace(av, lof=LofAssessment(changed))
    _check(swapped)


def test_a_kept_text_belongs_to_its_object_even_when_its_id_is_reused():
    renders: list[object] = []

    def render(span: ExonSpan) -> str:
        renders.append(span)
        return span.render()

    kept: Kept[ExonSpan, str] = Kept(render, size=8)
    for k in range(1, 2000):
        span = ExonSpan(1 + k % 5, 1 + k % 5 + k % 3, 20)
        assert kept(span) == span.render()
        del span
        gc.collect() if k % 500 == 0 else None
        assert len(kept) <= 8  # bounded
    span = ExonSpan(2, 2, 9)
    before = len(renders)
    assert kept(span) == kept(span) == "2/9"
    assert len(renders) == before + 1  # kept: made once


def test_kept_texts_hold_their_objects():
    kept: Kept[tuple[str, ...], str] = Kept("+".join, size=4)
    key = ("a", "b")
    assert kept(key) == "a+b"
    ident = id(key)
    del key
    # the kept table holds the tuple: its id cannot be given to another object yet
    assert any(ident == id(obj) for obj in gc.get_referents(*kept._kept.values()))


def test_the_vcf_line_holds_each_records_entries_of_the_definition(synthetic_edges):
    from gnas_annot.output.annotated_vcf import _annotated_line, _by_record, annotated_header

    alleles = [av for av in synthetic_edges if av.record is not None]
    header = annotated_header(alleles[0].record.record.header)
    groups = list(_by_record(alleles))
    assert any(len(g) > 1 for g in groups) or len(groups) > 100
    for group in groups[::5]:
        line = _annotated_line(header, group)
        info = line.rstrip("\n").split("\t")[7]
        gnas = next(p for p in info.split(";") if p.startswith("GNAS="))
        expected = [e for av in group for e in entries_by_value(*_args(av))]
        assert gnas == "GNAS=" + ",".join(expected)


def test_lof_calls_given_in_a_list_are_never_kept(synthetic_edges):
    av = next(a for a in synthetic_edges if a.lof is not None and len(a.lof.calls) > 1)
    calls = list(av.lof.calls)
    listed = dataclasses.replace(av, lof=LofAssessment(calls))  # type: ignore[arg-type]
    before = entries_text(*_args(listed))
    assert before == ",".join(entries_by_value(*_args(listed)))
    calls[0] = dataclasses.replace(calls[0], pvs1_criterion="CHANGED")
    after = entries_text(*_args(listed))
    assert "CHANGED" in after and after == ",".join(entries_by_value(*_args(listed)))
