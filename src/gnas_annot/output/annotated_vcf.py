"""The annotated VCF: the original records, unchanged, plus ``INFO/GNAS`` — one
``|``-separated entry per ALT allele x transcript, declared like VEP's CSQ
(``Format: Allele|Transcript|...``) so ``bcftools +split-vep -a GNAS`` reads
it — and per-sample ``FORMAT/POO`` and ``POO_METHOD`` (one value per ALT).
Written atomically, with its index."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator

import pysam

from gnas_annot.annotate.results import CSQ_FIELDS, AnnotatedVariant, csq_entries
from gnas_annot.output.atomic import atomic_path
from gnas_annot.output.normalized_vcf import index_output, output_mode


def annotated_header(source: pysam.VariantHeader, extra: Iterable[str] = ()) -> pysam.VariantHeader:
    header = source.copy()
    for line in (
        '##INFO=<ID=GNAS,Number=.,Type=String,Description="GNAS annotation from gnas_annot. '
        f'Format: {"|".join(CSQ_FIELDS)}">',
        '##FORMAT=<ID=POO,Number=A,Type=String,Description="Parent of origin of each ALT allele '
        '(paternal, maternal, de_novo_unphased, ambiguous, unknown, not_applicable)">',
        '##FORMAT=<ID=POO_METHOD,Number=A,Type=String,Description="How the parent of origin '
        'was called (trio_genotypes, phased_genotypes, read_backed, methylation, multiple, none)">',
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
                origins[slot] = s.origin.value
                if s.origin_call is not None:
                    methods[slot] = s.origin_call.method.value
        missing = ["."] * n_alts
        for sample in record.samples.values():
            origins, methods = by_sample.get(sample.name, (missing, missing))
            sample["POO"] = tuple(origins)
            sample["POO_METHOD"] = tuple(methods)
    return record
