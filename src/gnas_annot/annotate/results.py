"""Results of the annotate pipeline and the row schema of every table output: one row per
allele x transcript x carrier sample, with the stable columns of :data:`COLUMNS`
(docs/output.md; JSON Schema in docs/output.schema.json), and the INFO/GNAS entries of the
VCF.

The schema sits with the result types it flattens, below the writers, so that
:meth:`AnnotatedVariant.to_dict` and every writer share it without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gnas_annot.annotate.carriers import CarrierFacts, Carriers
from gnas_annot.annotate.carriers import SampleAnnotation as SampleAnnotation  # its old home
from gnas_annot.annotate.cells import calls_by_bare, transcripts_by_accession
from gnas_annot.annotate.csq import CSQ_FIELDS as CSQ_FIELDS  # re-exported (moved to csq)
from gnas_annot.annotate.csq import MANE_PLUS_CLINICAL as MANE_PLUS_CLINICAL
from gnas_annot.annotate.csq import MANE_SELECT as MANE_SELECT
from gnas_annot.annotate.csq import entries_text
from gnas_annot.effect.consequence import TranscriptConsequence, VariantConsequences
from gnas_annot.effect.lof import LofAssessment, LofCall
from gnas_annot.extract.extractor import ExtractedRecord
from gnas_annot.interpret.reading import Interpretation, Mechanism
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript
from gnas_annot.model.spans import ExonSpan
from gnas_annot.model.variant import Variant

if TYPE_CHECKING:  # only with --gnomad/--custom (start-up)
    from gnas_annot.known.evidence import Evidence
    from gnas_annot.pack.store import Pack


@dataclass(frozen=True, slots=True)
class AnnotatedVariant:
    """One allele: its allele-level facts (consequences, LoF, mechanism and the
    reading without a sample, ``interpretation``), filled for sites-only input
    too, and its carriers (``samples``) with the sample-level facts.

    ``samples`` is a sequence of :class:`SampleAnnotation` in sample order: the
    pipeline gives a :class:`~gnas_annot.annotate.carriers.Carriers` (columnar, each
    annotation made when read; equal to the tuple of the same annotations), and any
    tuple of annotations may take its place (``dataclasses.replace(av, samples=...)``)."""

    variant: Variant
    consequences: VariantConsequences | None
    lof: LofAssessment | None
    samples: Sequence[SampleAnnotation] = ()
    record: ExtractedRecord | None = field(default=None, repr=False, compare=False)
    interpretation: Interpretation | None = None
    #: ``(NAME_FIELD, value)`` from the user's --custom/--clinvar/--gnomad files
    known: tuple[tuple[str, str], ...] = ()
    #: evidence those files give (BA1, PM2_Supporting ...), with its numbers
    evidence: tuple[Evidence, ...] = ()
    #: the data pack the allele was annotated with (the run's); its transcript facts
    #: (MANE, Ensembl ID) fill the outputs.  None: the current pack
    pack: Pack | None = field(default=None, repr=False, compare=False)

    @property
    def mechanism(self) -> Mechanism | None:
        """Loss of function, activating, imprinting control or uncertain: a fact of the
        allele (no sample's origin or allele fraction changes it)."""
        return self.interpretation.mechanism if self.interpretation else None

    @property
    def transcripts(self) -> tuple[TranscriptConsequence, ...]:
        return self.consequences.transcripts if self.consequences else ()

    def transcript(self, accession: str) -> TranscriptConsequence | None:
        return self.consequences.on(accession) if self.consequences else None

    def lof_on(self, accession: str) -> LofCall | None:
        return self.lof.on(accession) if self.lof else None

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready nested dict (the JSON Lines record, see docs/output.md)."""
        return variant_dict(self)


def transcript_facts(
    build: GenomeBuild, accession: str, pack: Pack | None = None
) -> Transcript | None:
    """``pack``'s (default: the current pack's) model of ``accession`` (MANE status,
    Ensembl ID), if it has one.

    ``canonical`` is Ensembl's canonical transcript, which is the MANE Select
    one wherever MANE defines it (Ensembl release 104 on)."""
    return transcripts_by_accession(build, pack).get(accession)


#: TSV / JSON Lines columns, in order (docs/output.md)
COLUMNS = (
    "chrom",
    "pos",
    "ref",
    "alt",
    "build",
    "status",
    "reason",
    "source_pos",
    "source_ref",
    "source_alt",
    "variant_id",
    "hgvs_g",
    "hgvs_g_other_build",
    "transcript",
    "gene",
    "product",
    "biotype",
    "ensembl_transcript",
    "mane_select",
    "mane_plus_clinical",
    "canonical",
    "consequence",
    "impact",
    "exon",
    "intron",
    "hgvs_c",
    "hgvs_p",
    "hgvs_p_short",
    "cds_position",
    "protein_position",
    "amino_acids",
    "codons",
    "lof_class",
    "pvs1_strength",
    "pvs1_criterion",
    "pvs1_reasons",
    "loftee",
    "loftee_filters",
    "loftee_flags",
    "nmd",
    "frequency_evidence",
    "sample",
    "genotype",
    "allele_fraction",
    "depth",
    "origin",
    "origin_method",
    "origin_confidence",
    "origin_evidence",
    "copy_number",
    "upd",
    "mechanism",
    "interpretation",
    "conditions",
    "caveats",
    "notes",
)


def _mechanism(av: AnnotatedVariant) -> str:
    reading = av.interpretation
    return "" if reading is None else _MECHANISM[reading.mechanism]


# an enum's .value is a descriptor call: looked up once per member, not per allele
_MECHANISM = {m: m.value for m in Mechanism}


def csq_entries(av: AnnotatedVariant, extra: Sequence[str] = ()) -> list[str]:
    """The INFO/GNAS entries of one allele (one per transcript, or one bare entry);
    ``extra`` names the custom-annotation fields appended after :data:`CSQ_FIELDS`
    (:mod:`~gnas_annot.annotate.csq`): :func:`csq_text` cut at its commas (an escaped
    entry holds none)."""
    return csq_text(av, extra).split(",")


def csq_text(av: AnnotatedVariant, extra: Sequence[str] = ()) -> str:
    """The allele's entries joined by ',' (its part of the INFO/GNAS value), made as
    one text (:func:`~gnas_annot.annotate.csq.entries_text`)."""
    models = transcripts_by_accession(av.variant.build, av.pack)
    return entries_text(
        av.variant, av.consequences, av.lof, _mechanism(av), av.known, av.evidence, extra, models
    )


# -- rows (TSV, JSON Lines, DataFrame) -----------------------------------------------


def _row_base(av: AnnotatedVariant) -> dict[str, Any]:
    v = av.variant
    names = av.consequences.names if av.consequences else None
    notes = list(names.notes) if names else []
    return {
        "chrom": v.source.contig,  # the input's name: '20' stays '20'
        "pos": v.pos,
        "ref": v.ref,
        "alt": v.alt,
        "build": str(v.build),
        "status": v.status.value,
        "reason": v.reason or None,
        "source_pos": v.source.pos,
        "source_ref": v.source.ref,
        "source_alt": ",".join(v.source.alts) or ".",
        "variant_id": v.source.id,
        "hgvs_g": names.genomic if names else None,
        "hgvs_g_other_build": names.other_build if names else None,
        "frequency_evidence": [f"{e.code}: {e.text}" for e in av.evidence],
        "notes": notes,
        **dict(av.known),
    }


def _transcript_fields(
    av: AnnotatedVariant,
    tc: TranscriptConsequence | None,
    calls: dict[str, LofCall] | None = None,
    models: Mapping[str, Transcript] | None = None,
) -> dict[str, Any]:
    """``calls``/``models``: the allele's LoF calls by bare accession and the pack's
    transcripts by accession, when the caller has them at hand."""
    if tc is None:  # list columns stay lists (the schema's arrays), the others null
        return {k: [] if k in _TX_LISTS else None for k in COLUMNS if k in TX_KEYS}
    calls = calls_by_bare(av.lof) if calls is None else calls
    lof = calls.get(tc.transcript.split(".")[0])
    models = transcripts_by_accession(av.variant.build, av.pack) if models is None else models
    facts = models.get(tc.transcript)
    return {
        "transcript": tc.transcript,
        "gene": tc.gene,
        "product": tc.product,
        "biotype": tc.biotype,
        "ensembl_transcript": facts.ensembl if facts else None,
        "mane_select": bool(facts and facts.mane == MANE_SELECT),
        "mane_plus_clinical": bool(facts and facts.mane == MANE_PLUS_CLINICAL),
        "canonical": bool(facts and facts.mane == MANE_SELECT),
        "consequence": "&".join(tc.terms),
        "impact": tc.impact,
        "exon": _render(tc.exon),
        "intron": _render(tc.intron),
        "hgvs_c": tc.hgvs.hgvs if tc.hgvs else None,
        "hgvs_p": tc.hgvs.protein if tc.hgvs else None,
        "hgvs_p_short": tc.hgvs.protein_one_letter if tc.hgvs else None,
        "cds_position": tc.cds_position,
        "protein_position": tc.protein_position,
        "amino_acids": tc.amino_acids,
        "codons": tc.codons,
        "lof_class": lof.lof_class if lof else None,
        "pvs1_strength": lof.pvs1_strength.value if lof else None,
        "pvs1_criterion": lof.pvs1_criterion if lof else None,
        "pvs1_reasons": list(lof.pvs1_reasons) if lof else [],
        "loftee": lof.loftee if lof else None,
        "loftee_filters": list(lof.loftee_filters) if lof else [],
        "loftee_flags": list(lof.loftee_flags) if lof else [],
        "nmd": lof.nmd if lof else None,
    }


#: the transcript-level columns (left empty for an allele that touches no transcript)
TX_KEYS = frozenset(COLUMNS[COLUMNS.index("transcript") : COLUMNS.index("nmd") + 1])
_TX_LISTS = frozenset({"pvs1_reasons", "loftee_filters", "loftee_flags"})


def _sample_fields(s: SampleAnnotation | None, allele: Interpretation | None) -> dict[str, Any]:
    """A carrier's columns; without one (sites-only input, an allele nobody carries)
    the allele-level mechanism and reading."""
    if s is None:
        return {
            "sample": None,
            "genotype": None,
            "allele_fraction": None,
            "depth": None,
            "origin": None,
            "origin_method": None,
            "origin_confidence": None,
            "origin_evidence": [],
            "copy_number": [],
            "upd": None,
            **_reading_fields(allele),
        }
    return {"sample": s.sample, **_carrier_fields(s)}


def _carrier_fields(s: SampleAnnotation | CarrierFacts) -> dict[str, Any]:
    """A carrier's columns but its name (the same for every carrier with these facts)."""
    call, reading = s.origin_call, s.interpretation
    return {
        "genotype": s.genotype,
        "allele_fraction": None if s.allele_fraction is None else round(s.allele_fraction, 4),
        "depth": s.depth,
        "origin": s.origin.value,
        "origin_method": call.method.value if call else None,
        "origin_confidence": call.confidence.value if call else None,
        "origin_evidence": (
            [
                f"{e.method.value}:{e.origin.value} (paternal {e.paternal}, "
                f"maternal {e.maternal}){'; ' + e.detail if e.detail else ''}"
                for e in call.evidence
            ]
            + [f"conflict: {c}" for c in call.conflicts]
            + ([call.reason] if call.reason else [])
        )
        if call
        else [],
        "copy_number": list(s.copy_number),
        "upd": s.upd,
        **_reading_fields(reading),
    }


def _samples_fields(av: AnnotatedVariant) -> list[dict[str, Any]]:
    """Each carrier's columns (one row without a sample when nobody carries the allele)."""
    parts, carriers = _sample_parts(av)
    return [{"sample": name, **parts[k]} for name, k in carriers]


def _sample_parts(
    av: AnnotatedVariant,
) -> tuple[list[dict[str, Any]], list[tuple[str | None, int]]]:
    """The carriers' columns but ``sample``, each distinct set once (from a
    :class:`Carriers`, once per distinct facts, not per carrier), and each row's
    (sample, index of its columns); one row without a sample when nobody carries it."""
    samples = av.samples
    if not samples:
        none = _sample_fields(None, av.interpretation)
        del none["sample"]
        return [none], [(None, 0)]
    if not isinstance(samples, Carriers):
        return [_carrier_fields(s) for s in samples], [(s.sample, k) for k, s in enumerate(samples)]
    names = samples.names
    shared = [_carrier_fields(f) for f in samples.facts]
    return shared, [(names[c], g) for c, g in zip(samples.columns, samples.groups, strict=True)]


def _reading_fields(reading: Interpretation | None) -> dict[str, Any]:
    return {
        "mechanism": reading.mechanism.value if reading else None,
        "interpretation": reading.summary if reading else None,
        "conditions": [
            f"{c.name} (OMIM {c.omim})" + (f" {c.mondo}" if c.mondo else "")
            for c in reading.conditions
        ]
        if reading
        else [],
        "caveats": list(reading.caveats) if reading else [],
    }


def rows(av: AnnotatedVariant, extra: Sequence[str] = ()) -> Iterator[dict[str, Any]]:
    """One row per transcript x carrier sample (at least one row per allele), with
    :data:`COLUMNS` and then the ``extra`` custom-annotation columns (``NAME_FIELD``)."""
    base, transcripts, parts, carriers = row_parts(av)
    keys = (*COLUMNS, *extra) if extra else COLUMNS
    # a carrier's columns are the same on every transcript: worked out once per carrier
    samples = [{"sample": name, **parts[k]} for name, k in carriers]
    for tx in transcripts:
        for sample in samples:
            row = {**base, **tx, **sample}
            yield dict(zip(keys, map(row.get, keys), strict=True))


#: what a row's columns come from, as :func:`rows` puts them together: a column of a
#: carrier, else of a transcript, else of the allele (its base columns and custom fields)
SAMPLE_KEYS = frozenset(COLUMNS[COLUMNS.index("sample") : COLUMNS.index("caveats") + 1])


def row_parts(
    av: AnnotatedVariant,
) -> tuple[
    dict[str, Any],
    list[dict[str, Any]],
    list[dict[str, Any]],
    list[tuple[str | None, int]],
]:
    """The pieces of :func:`rows`: the allele's columns (with its custom fields), each
    transcript's columns (:data:`TX_KEYS`; one set of empty ones without a transcript),
    each distinct set of carrier columns but ``sample`` (:data:`SAMPLE_KEYS`), and each
    carrier's (``sample``, index of its columns).  Row ``t, c`` is the allele's columns
    overridden by transcript ``t``'s, then by carrier ``c``'s."""
    calls, models = transcript_lookups(av)
    transcripts = [_transcript_fields(av, tc, calls, models) for tc in av.transcripts or (None,)]
    return (_row_base(av), transcripts, *_sample_parts(av))


def transcript_lookups(
    av: AnnotatedVariant,
) -> tuple[dict[str, LofCall], Mapping[str, Transcript]]:
    """The allele's LoF calls by bare accession and the pack's transcripts by accession:
    what a transcript's columns look up."""
    return calls_by_bare(av.lof), transcripts_by_accession(av.variant.build, av.pack)


#: the pieces of row_parts one at a time (a writer that renders a transcript's columns
#: itself asks for the others)
allele_columns = _row_base
transcript_columns = _transcript_fields
sample_parts = _sample_parts


def variant_dict(av: AnnotatedVariant) -> dict[str, Any]:
    """The nested per-allele record behind :meth:`AnnotatedVariant.to_dict`."""
    return {
        **_row_base(av),
        "transcripts": [_transcript_fields(av, tc) for tc in av.transcripts],
        "samples": [_sample_fields(s, None) for s in av.samples],
    }


def _render(span: ExonSpan | None) -> str | None:
    """Exon/intron numbers become VEP's display form ('7/13') only here, in the writer."""
    return span.render() if span is not None else None
