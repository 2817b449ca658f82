"""The INFO/GNAS entries of one allele: one ``|``-separated entry per transcript (VEP's
CSQ layout, :data:`CSQ_FIELDS`), or one bare entry for an allele that touches none.

Two ways to the same text.  :func:`entries_by_value` is the definition: every value of
:data:`CSQ_FIELDS` in order, each escaped (:data:`~gnas_annot.annotate.cells.ESCAPE`),
joined by ``|``.  :func:`entries` is what the writer calls on every allele of a dense
file: the values that belong to the allele (ALT, HGVSg, mechanism, status, Norm_*,
evidence, custom fields) are laid out once per allele, each transcript's values are
joined by NUL and the whole entry escaped in one pass of C-level ``str.replace`` (NUL
becomes the ``|``).  Escaping works character by character, so where the values are
joined does not change the result; a value that holds a NUL itself (the count of NULs
tells) sends the allele to :func:`entries_by_value`.  tests/test_csq_entries.py
compares the two on every allele shape across exon edges of both builds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from gnas_annot.annotate.cells import calls_by_bare, csq_join, escape_joined
from gnas_annot.effect.consequence import TranscriptConsequence, VariantConsequences
from gnas_annot.effect.geometry import transcripts_by_accession
from gnas_annot.effect.lof import LofAssessment, LofCall, Strength
from gnas_annot.model.locus import Transcript
from gnas_annot.model.spans import ExonSpan
from gnas_annot.model.variant import Variant, VariantStatus

if TYPE_CHECKING:  # only with --gnomad/--custom (start-up)
    from gnas_annot.known.evidence import Evidence

__all__ = ["CSQ_FIELDS", "MANE_PLUS_CLINICAL", "MANE_SELECT", "entries", "entries_by_value"]

#: fields of INFO/GNAS, in order
CSQ_FIELDS = (
    "Allele",
    "Transcript",
    "Gene",
    "Product",
    "Biotype",
    "Consequence",
    "IMPACT",
    "EXON",
    "INTRON",
    "HGVSg",
    "HGVSc",
    "HGVSp",
    "cDNA_position",
    "CDS_position",
    "Protein_position",
    "Amino_acids",
    "Codons",
    "DISTANCE",
    "LoF",
    "LoF_strength",
    "LoF_criteria",
    "LoF_filter",
    "LoF_flags",
    "NMD",
    "Mechanism",
    "Status",
    "MANE",
    "CANONICAL",
    "Ensembl_transcript",
    "Norm_POS",
    "Norm_REF",
    "Norm_ALT",
    "Frequency_evidence",
)

MANE_SELECT = "MANE Select"
MANE_PLUS_CLINICAL = "MANE Plus Clinical"

# an enum's .value is a descriptor call: looked up once per member, not per entry
_STATUS: Final = {s: s.value for s in VariantStatus}
_STRENGTH: Final = {s: s.value for s in Strength}
_NO_TX = ("",) * 8  # the empty transcript-level values of an allele that touches none
_NO_LOF = "\0" * 5  # the six empty LoF values, NUL-joined


def entries(
    variant: Variant,
    consequences: VariantConsequences | None,
    lof: LofAssessment | None,
    mechanism: str,
    known: Sequence[tuple[str, str]] = (),
    evidence: Sequence[Evidence] = (),
    extra: Sequence[str] = (),
    models: Mapping[str, Transcript] | None = None,
) -> list[str]:
    """The entries of one allele (``mechanism``: its value or ''; ``extra`` names the
    custom-annotation fields appended after :data:`CSQ_FIELDS`, valued from ``known``;
    ``models``: the run's transcripts by accession, default the current pack's)."""
    transcripts = consequences.transcripts if consequences is not None else ()
    if not transcripts:  # one entry: nothing to share
        return entries_by_value(
            variant, consequences, lof, mechanism, known, evidence, extra, models
        )
    v = variant
    allele = v.source.alts[v.allele_index - 1] if v.allele_index else "."
    names = consequences.names if consequences is not None else None
    hgvs_g = (names.genomic if names else None) or ""
    state = f"{mechanism}\0{_STATUS[v.status]}"
    found = dict(known) if extra else {}
    norm = "\0".join(
        (
            str(v.pos),
            v.ref,
            v.alt,
            "&".join(e.code for e in evidence),
            *(found.get(name) or "" for name in extra),
        )
    )
    nuls = len(CSQ_FIELDS) + len(extra) - 1  # one between each two values
    calls = calls_by_bare(lof)
    facts = models if models is not None else transcripts_by_accession(v.build)
    out = []
    for tc in transcripts:
        call = calls.get(tc.transcript.split(".")[0])
        tx = facts.get(tc.transcript)
        text = "\0".join(
            (
                allele,
                *_transcript_values(tc, hgvs_g),
                "\0".join(_lof_values(call)) if call else _NO_LOF,
                state,
                "\0".join(_model_values(tx)) if tx else "\0\0",
                norm,
            )
        )
        if text.count("\0") != nuls:  # a value holds a NUL itself
            return entries_by_value(
                variant, consequences, lof, mechanism, known, evidence, extra, facts
            )
        out.append(escape_joined(text))
    return out


def entries_by_value(
    variant: Variant,
    consequences: VariantConsequences | None,
    lof: LofAssessment | None,
    mechanism: str,
    known: Sequence[tuple[str, str]] = (),
    evidence: Sequence[Evidence] = (),
    extra: Sequence[str] = (),
    models: Mapping[str, Transcript] | None = None,
) -> list[str]:
    """:func:`entries` value by value: the definition of an entry."""
    found = dict(known)
    v = variant
    allele = v.source.alts[v.allele_index - 1] if v.allele_index else "."
    names = consequences.names if consequences else None
    hgvs_g = (names.genomic if names else None) or ""
    state = (mechanism, v.status.value)
    norm = (
        str(v.pos),
        v.ref,
        v.alt,
        "&".join(e.code for e in evidence),
        *(found.get(name) or "" for name in extra),
    )
    transcripts = consequences.transcripts if consequences else ()
    if not transcripts:
        empty = ("",) * 14  # HGVSc .. DISTANCE and the six LoF fields
        return [csq_join((allele, *_NO_TX, hgvs_g, *empty, *state, *_NO_TX[:3], *norm))]
    calls = calls_by_bare(lof)
    facts = models if models is not None else transcripts_by_accession(v.build)
    out = []
    for tc in transcripts:
        call = calls.get(tc.transcript.split(".")[0])
        tx = facts.get(tc.transcript)
        values = (
            allele,
            *_transcript_values(tc, hgvs_g),
            *(_lof_values(call) if call else _NO_TX[:6]),
            *state,
            *(_model_values(tx) if tx else _NO_TX[:3]),
            *norm,
        )
        out.append(csq_join(values))
    return out


def _transcript_values(tc: TranscriptConsequence, hgvs_g: str) -> tuple[str, ...]:
    """Transcript .. DISTANCE: the transcript's own values, with the allele's HGVSg."""
    h = tc.hgvs
    return (
        tc.transcript,
        tc.gene,
        tc.product,
        tc.biotype,
        "&".join(tc.terms),
        tc.impact,
        _render(tc.exon),
        _render(tc.intron),
        hgvs_g,
        (h.hgvs or "") if h else "",
        (h.protein or "") if h else "",
        tc.cdna_position or "",
        tc.cds_position or "",
        tc.protein_position or "",
        tc.amino_acids or "",
        tc.codons or "",
        "" if tc.distance is None else str(tc.distance),
    )


def _lof_values(call: LofCall) -> tuple[str, ...]:
    return (
        call.loftee or "",
        _STRENGTH[call.pvs1_strength],
        call.pvs1_criterion,
        "&".join(call.loftee_filters),
        "&".join(call.loftee_flags),
        "" if call.nmd is None else str(call.nmd).lower(),
    )


def _model_values(tx: Transcript) -> tuple[str, str, str]:
    """MANE, CANONICAL and Ensembl_transcript from the pack's model of the transcript."""
    return (tx.mane or "", "YES" if tx.mane == MANE_SELECT else "", tx.ensembl or "")


def _render(span: ExonSpan | None) -> str:
    """Exon/intron numbers in VEP's display form ('7/13'), '' for none."""
    return span.render() if span is not None else ""
