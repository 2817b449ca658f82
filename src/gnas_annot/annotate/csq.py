"""The INFO/GNAS entries of one allele: one ``|``-separated entry per transcript (VEP's
CSQ layout, :data:`CSQ_FIELDS`), or one bare entry for an allele that touches none.

Two ways to the same text.  :func:`entries_by_value` is the definition: every value of
:data:`CSQ_FIELDS` in order, each escaped (:data:`~gnas_annot.annotate.cells.ESCAPE`),
joined by ``|``.  :func:`entries_text` is what the writer calls on every allele of a
dense file: the values that belong to the allele (ALT, HGVSg, mechanism, status, Norm_*,
evidence, custom fields) are laid out once per allele, each transcript's values are
written by one f-string joined by NUL, the entries joined by SOH, and the allele's whole
text escaped in one pass of C-level ``str.replace`` (NUL becomes the ``|``, SOH the
``,``).  Escaping works character by character, so where the values are joined does
not change the result; a value that holds a NUL or SOH itself (the counts tell) sends
the allele to :func:`entries_by_value`.  tests/test_csq_entries.py compares the two on
every allele shape across exon edges of both builds, and on hostile values in every
field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from gnas_annot.annotate.cells import calls_by_bare, calls_by_bare_of, csq_join, escape_joined
from gnas_annot.annotate.kept import Kept
from gnas_annot.effect.consequence import TranscriptConsequence, VariantConsequences
from gnas_annot.effect.geometry import transcripts_by_accession
from gnas_annot.effect.lof import LofAssessment, LofCall, Strength
from gnas_annot.model.locus import Transcript
from gnas_annot.model.spans import ExonSpan
from gnas_annot.model.variant import Variant, VariantStatus

if TYPE_CHECKING:  # only with --gnomad/--custom (start-up)
    from gnas_annot.known.evidence import Evidence

__all__ = [
    "CSQ_FIELDS",
    "MANE_PLUS_CLINICAL",
    "MANE_SELECT",
    "entries",
    "entries_by_value",
    "entries_text",
]

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
_NO_MODEL = "\0" * 2  # MANE, CANONICAL, Ensembl_transcript of a transcript without a model
_NO_CALLS: dict[str, str] = {}


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
    ``models``: the run's transcripts by accession, default the current pack's).

    :func:`entries_text` cut at its commas: an escaped entry holds no ',' (it becomes
    '%2C'), so the commas are exactly the ones between entries."""
    return entries_text(
        variant, consequences, lof, mechanism, known, evidence, extra, models
    ).split(",")


def entries_text(
    variant: Variant,
    consequences: VariantConsequences | None,
    lof: LofAssessment | None,
    mechanism: str,
    known: Sequence[tuple[str, str]] = (),
    evidence: Sequence[Evidence] = (),
    extra: Sequence[str] = (),
    models: Mapping[str, Transcript] | None = None,
) -> str:
    """The allele's entries joined by ',' (its part of the INFO/GNAS value), made as
    one text: each entry's values in one f-string joined by NUL, the entries joined by
    SOH (``\\1``), then the whole text escaped in one pass (NUL becomes '|', SOH ',').
    A value that holds a NUL or a SOH itself (the counts tell) sends the allele to
    :func:`entries_by_value`."""
    transcripts = consequences.transcripts if consequences is not None else ()
    if not transcripts:  # one bare entry: nothing to share
        return ",".join(
            entries_by_value(variant, consequences, lof, mechanism, known, evidence, extra, models)
        )
    v = variant
    allele = v.source.alts[v.allele_index - 1] if v.allele_index else "."
    names = consequences.names if consequences is not None else None
    hgvs_g = (names.genomic if names else None) or ""
    # the allele's values after the LoF ones: Mechanism, Status (then the transcript's
    # MANE..Ensembl_transcript), and Norm_* .. custom fields (no generator where there
    # is nothing to go through: most alleles have no evidence and no custom field)
    state = f"{mechanism}\0{_STATUS[v.status]}"
    codes = "&".join([e.code for e in evidence]) if evidence else ""
    if extra:
        found = dict(known)
        norm = "\0".join(
            (str(v.pos), v.ref, v.alt, codes, *[found.get(name) or "" for name in extra])
        )
    else:
        norm = "\0".join((str(v.pos), v.ref, v.alt, codes))
    calls = lof.calls if lof is not None else ()
    # kept per tuple (immutable); calls given in a list are looked up each time
    lofs = (_lof_texts if calls.__class__ is tuple else _lof_table)(calls) if calls else _NO_CALLS
    facts = models if models is not None else transcripts_by_accession(v.build)
    texts = []
    for tc in transcripts:
        accession = tc.transcript
        tx = facts.get(accession)
        h, exon, intron, distance = tc.hgvs, tc.exon, tc.intron, tc.distance
        # the values in one tuple, one C-level join (an f-string of some forty pieces
        # took twice as long)
        texts.append(
            "\0".join(
                (
                    allele,
                    accession,
                    tc.gene,
                    tc.product,
                    tc.biotype,
                    "&".join(tc.terms),
                    tc.impact,
                    "" if exon is None else _SPAN_TEXT(exon),
                    "" if intron is None else _SPAN_TEXT(intron),
                    hgvs_g,
                    (h.hgvs or "") if h else "",
                    (h.protein or "") if h else "",
                    tc.cdna_position or "",
                    tc.cds_position or "",
                    tc.protein_position or "",
                    tc.amino_acids or "",
                    tc.codons or "",
                    "" if distance is None else str(distance),
                    lofs.get(accession.split(".")[0], _NO_LOF) if lofs else _NO_LOF,
                    state,
                    _NO_MODEL if tx is None else _MODEL_TEXT(tx),
                    norm,
                )
            )
        )
    text = "\1".join(texts)
    # one NUL between each two values of an entry, one SOH between each two entries
    if (
        text.count("\0") != (len(CSQ_FIELDS) + len(extra) - 1) * len(texts)
        or text.count("\1") != len(texts) - 1
    ):
        return ",".join(
            entries_by_value(variant, consequences, lof, mechanism, known, evidence, extra, facts)
        )
    return escape_joined(text).replace("\1", ",")


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


def _lof_table(calls: tuple[LofCall, ...]) -> dict[str, str]:
    """Each call's six LoF values NUL-joined, by bare accession (the first call of an
    accession, as :func:`~gnas_annot.annotate.cells.calls_by_bare` matches them)."""
    return {bare: "\0".join(_lof_values(call)) for bare, call in calls_by_bare_of(calls).items()}


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


def _model_text(tx: Transcript) -> str:
    """:func:`_model_values` NUL-joined."""
    return "\0".join(_model_values(tx))


def _render_span(span: ExonSpan) -> str:
    return span.render()


# texts kept per object (annotate/kept.py): the pack's models, the spans of the pack's
# transcripts (effect/geometry.py keeps one per exon and intron), and the LoF calls of
# an allele by the tuple that holds them (effect/products.py keeps the not-LoF calls of
# an allele shape)
_MODEL_TEXT: Final = Kept(_model_text)
_SPAN_TEXT: Final = Kept(_render_span)
_lof_texts: Final = Kept(_lof_table)
