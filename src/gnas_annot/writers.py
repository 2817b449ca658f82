"""Outputs of ``annotate``: annotated VCF, TSV, JSON Lines, Parquet.

* VCF: the original records, unchanged, plus ``INFO/GNAS`` — one
  ``|``-separated entry per ALT allele x transcript, declared like VEP's CSQ
  (``Format: Allele|Transcript|...``) so ``bcftools +split-vep -a GNAS`` reads
  it — and per-sample ``FORMAT/POO`` and ``POO_METHOD`` (one value per ALT).
* TSV / JSON Lines: one row per allele x transcript x carrier sample, with the
  stable columns of :data:`COLUMNS` (docs/output.md; JSON Schema in
  docs/output.schema.json).  Alleles touching no transcript, and alleles that
  could not be normalized, still get a row.

Every file is written atomically.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pysam

from gnas_annot.annotate import AnnotatedVariant, SampleAnnotation
from gnas_annot.consequence import TranscriptConsequence
from gnas_annot.errors import OutputError
from gnas_annot.output import atomic_path
from gnas_annot.vcf_writer import index_output, output_mode

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
)

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
    "sample",
    "genotype",
    "allele_fraction",
    "depth",
    "origin",
    "origin_method",
    "origin_confidence",
    "origin_evidence",
    "mechanism",
    "interpretation",
    "conditions",
    "caveats",
    "notes",
)

_ESCAPE = str.maketrans({"|": "%7C", ",": "%2C", ";": "%3B", "=": "%3D", " ": "_", "\t": "%09"})


def _csq_value(value: object) -> str:
    if value is None or value == "":
        return ""
    return str(value).translate(_ESCAPE)


def _mechanism(av: AnnotatedVariant) -> str:
    readings = [s.interpretation for s in av.samples if s.interpretation is not None]
    return readings[0].mechanism.value if readings else ""


def csq_entries(av: AnnotatedVariant) -> list[str]:
    """The INFO/GNAS entries of one allele (one per transcript, or one bare entry)."""
    allele = av.variant.source.alts[av.variant.allele_index - 1] if av.variant.allele_index else "."
    names = av.consequences.names if av.consequences else None
    hgvs_g = names.genomic if names else None
    entries = []
    for tc in av.transcripts or (None,):
        lof = av.lof_on(tc.transcript) if tc is not None else None
        values: tuple[object, ...] = (
            allele,
            tc.transcript if tc else "",
            tc.gene if tc else "",
            tc.product if tc else "",
            tc.biotype if tc else "",
            "&".join(tc.terms) if tc else "",
            tc.impact if tc else "",
            tc.exon if tc else "",
            tc.intron if tc else "",
            hgvs_g,
            tc.hgvs.hgvs if tc and tc.hgvs else "",
            tc.hgvs.protein if tc and tc.hgvs else "",
            tc.cdna_position if tc else "",
            tc.cds_position if tc else "",
            tc.protein_position if tc else "",
            tc.amino_acids if tc else "",
            tc.codons if tc else "",
            tc.distance if tc else "",
            lof.loftee if lof else "",
            lof.pvs1_strength.value if lof else "",
            lof.pvs1_criterion if lof else "",
            "&".join(lof.loftee_filters) if lof else "",
            "&".join(lof.loftee_flags) if lof else "",
            ("" if lof is None or lof.nmd is None else str(lof.nmd).lower()),
            _mechanism(av),
            av.variant.status.value,
        )
        entries.append("|".join(_csq_value(v) for v in values))
    return entries


# -- rows (TSV, JSON Lines, DataFrame) -----------------------------------------------


def _row_base(av: AnnotatedVariant) -> dict[str, Any]:
    v = av.variant
    names = av.consequences.names if av.consequences else None
    notes = list(names.notes) if names else []
    return {
        "chrom": v.chrom,
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
        "notes": notes,
    }


def _transcript_fields(av: AnnotatedVariant, tc: TranscriptConsequence | None) -> dict[str, Any]:
    if tc is None:
        return {k: None for k in COLUMNS if k in _TX_KEYS}
    lof = av.lof_on(tc.transcript)
    return {
        "transcript": tc.transcript,
        "gene": tc.gene,
        "product": tc.product,
        "biotype": tc.biotype,
        "consequence": "&".join(tc.terms),
        "impact": tc.impact,
        "exon": tc.exon,
        "intron": tc.intron,
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
_TX_KEYS = frozenset(COLUMNS[COLUMNS.index("transcript") : COLUMNS.index("nmd") + 1])


def _sample_fields(s: SampleAnnotation | None) -> dict[str, Any]:
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
            "mechanism": None,
            "interpretation": None,
            "conditions": [],
            "caveats": [],
        }
    call, reading = s.origin_call, s.interpretation
    return {
        "sample": s.sample,
        "genotype": s.genotype,
        "allele_fraction": None if s.allele_fraction is None else round(s.allele_fraction, 4),
        "depth": s.depth,
        "origin": s.origin,
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


def rows(av: AnnotatedVariant) -> Iterator[dict[str, Any]]:
    """One row per transcript x carrier sample (at least one row per allele)."""
    base = _row_base(av)
    for tc in av.transcripts or (None,):
        tx = _transcript_fields(av, tc)
        for sample in av.samples or (None,):
            row = {**base, **tx, **_sample_fields(sample)}
            yield {k: row.get(k) for k in COLUMNS}


def variant_dict(av: AnnotatedVariant) -> dict[str, Any]:
    """The nested per-allele record behind :meth:`AnnotatedVariant.to_dict`."""
    return {
        **_row_base(av),
        "transcripts": [_transcript_fields(av, tc) for tc in av.transcripts],
        "samples": [_sample_fields(s) for s in av.samples],
    }


# -- files -----------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).replace("\t", " ").replace("\n", " ")


def write_tsv(annotated: Iterable[AnnotatedVariant], path: str | os.PathLike[str]) -> int:
    count = 0
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for av in annotated:
            for row in rows(av):
                out.write("\t".join(_cell(row[k]) for k in COLUMNS) + "\n")
                count += 1
    return count


def write_jsonl(annotated: Iterable[AnnotatedVariant], path: str | os.PathLike[str]) -> int:
    count = 0
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        for av in annotated:
            for row in rows(av):
                out.write(json.dumps(row, sort_keys=False) + "\n")
                count += 1
    return count


def write_parquet(annotated: Iterable[AnnotatedVariant], path: str | os.PathLike[str]) -> int:
    """Typed Parquet (see :mod:`gnas_annot.parquet_io`), streamed in batches."""
    from gnas_annot.parquet_io import write_rows  # optional extra: pyarrow

    with atomic_path(path) as tmp:
        return write_rows((row for av in annotated for row in rows(av)), tmp)


def to_dataframe(annotated: Iterable[AnnotatedVariant]) -> Any:
    """The TSV/JSON Lines rows as a ``pandas.DataFrame`` (pandas is an optional extra)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise OutputError("to_dataframe needs pandas: pip install 'gnas-annot[dataframe]'") from exc
    return pd.DataFrame([row for av in annotated for row in rows(av)], columns=list(COLUMNS))


def annotated_header(source: pysam.VariantHeader, extra: Iterable[str] = ()) -> pysam.VariantHeader:
    header = source.copy()
    for line in (
        '##INFO=<ID=GNAS,Number=.,Type=String,Description="GNAS annotation from gnas_annot. '
        f'Format: {"|".join(CSQ_FIELDS)}">',
        '##FORMAT=<ID=POO,Number=A,Type=String,Description="Parent of origin of each ALT allele '
        '(paternal, maternal, de_novo_unphased, ambiguous, unknown, not_applicable)">',
        '##FORMAT=<ID=POO_METHOD,Number=A,Type=String,Description="How the parent of origin '
        'was called (trio_genotypes, phased_genotypes, read_backed, multiple, none)">',
        *extra,
    ):
        if "=<ID=" in line:
            key = line.split("=<ID=", 1)[1].split(",", 1)[0]
            if key in header.info or key in header.formats:
                continue  # re-annotating our own output: keep the existing definition
        header.add_line(line)
    return header


def write_vcf(
    annotated: Iterable[AnnotatedVariant],
    source_header: pysam.VariantHeader,
    path: str | os.PathLike[str],
    extra_header: Iterable[str] = (),
) -> int:
    """Original records with INFO/GNAS and FORMAT/POO added; bgzip+index for .gz/.bcf.

    The output header is the one htslib completed while parsing the first
    record (a file without ##contig lines gets chr20 declared then), not the
    header as first read.
    """
    path = str(path)
    groups = _by_record(annotated)
    first = next(groups, None)
    if first is not None and first[0].record is not None:
        source_header = first[0].record.record.header
    header = annotated_header(source_header, extra_header)
    count = 0
    with atomic_path(path) as tmp:
        with pysam.VariantFile(str(tmp), output_mode(path), header=header) as out:
            for record_alleles in itertools.chain([first] if first else [], groups):
                out.write(_annotated_record(out, record_alleles))
                count += 1
        index_output(tmp, path)
    return count


def _by_record(annotated: Iterable[AnnotatedVariant]) -> Iterator[list[AnnotatedVariant]]:
    group: list[AnnotatedVariant] = []
    for av in annotated:
        if group and av.variant.source.index != group[0].variant.source.index:
            yield group
            group = []
        group.append(av)
    if group:
        yield group


def _annotated_record(
    out: pysam.VariantFile, alleles: list[AnnotatedVariant]
) -> pysam.VariantRecord:
    first = alleles[0]
    assert first.record is not None
    record = first.record.record.copy()
    record.translate(out.header)
    entries = [e for av in alleles for e in csq_entries(av)]
    record.info["GNAS"] = tuple(entries)
    n_alts = len(record.alts or ())
    if n_alts and record.samples:
        # Index the carriers once: scanning every allele's carriers for every
        # sample is quadratic in a joint-called cohort.
        by_sample: dict[str, tuple[list[str], list[str]]] = {}
        for av in alleles:
            slot = av.variant.allele_index - 1
            if not 0 <= slot < n_alts:
                continue
            for s in av.samples:
                origins, methods = by_sample.setdefault(s.sample, (["."] * n_alts, ["."] * n_alts))
                origins[slot] = s.origin
                if s.origin_call is not None:
                    methods[slot] = s.origin_call.method.value
        missing = ["."] * n_alts
        for sample in record.samples.values():
            origins, methods = by_sample.get(sample.name, (missing, missing))
            sample["POO"] = tuple(origins)
            sample["POO_METHOD"] = tuple(methods)
    return record


def output_format(path: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    name = Path(path).name.lower()
    for suffix, kind in (
        (".vcf.gz", "vcf"),
        (".vcf", "vcf"),
        (".bcf", "vcf"),
        (".tsv", "tsv"),
        (".tsv.gz", "tsv"),
        (".jsonl", "jsonl"),
        (".json", "jsonl"),
        (".parquet", "parquet"),
    ):
        if name.endswith(suffix):
            return kind
    return "vcf"
