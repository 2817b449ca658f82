"""The annotated VCF: the original records, unchanged, plus ``INFO/GNAS`` — one
``|``-separated entry per ALT allele x transcript, declared like VEP's CSQ
(``Format: Allele|Transcript|...``) so ``bcftools +split-vep -a GNAS`` reads
it — and per-sample ``FORMAT/POO`` and ``POO_METHOD`` (one value per ALT).
Written atomically, with its index."""

from __future__ import annotations

import itertools
import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

import pysam

from gnas_annot.annotate.carriers import Carriers
from gnas_annot.annotate.results import CSQ_FIELDS, AnnotatedVariant, csq_entries, csq_text
from gnas_annot.errors import GnasAnnotWarning
from gnas_annot.extract.genotypes import RecordGenotypes
from gnas_annot.origin.model import Method, Origin, ParentOfOrigin
from gnas_annot.output.atomic import atomic_path
from gnas_annot.output.normalized_vcf import index_output, output_mode, sort_vcf_text

# an enum's .value is a descriptor call: looked up once per member, not per sample
_ORIGIN = {o: o.value for o in Origin}
_METHOD = {m: m.value for m in Method}


def annotated_header(
    source: pysam.VariantHeader, extra: Iterable[str] = (), fields: Sequence[str] = ()
) -> pysam.VariantHeader:
    """The input's header with INFO/GNAS (its Format lists :data:`CSQ_FIELDS`, then the
    custom-annotation ``fields``) and FORMAT/POO, POO_METHOD declared."""
    header = source.copy()
    for line in (
        '##INFO=<ID=GNAS,Number=.,Type=String,Description="GNAS annotation from gnas_annot. '
        f'Format: {"|".join((*CSQ_FIELDS, *fields))}">',
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
    fields: Sequence[str] = (),
) -> int:
    """Original records with INFO/GNAS and FORMAT/POO added; bgzip+index for .gz/.bcf.

    The output header is the one htslib completed while parsing the first
    record (a file without ##contig lines gets chr20 declared then), not the
    header as first read.  Records are written as text: htslib formats each
    record with its INFO/GNAS, and POO/POO_METHOD are appended to the sample
    columns as text, missing (``.``) for every sample that carries no allele
    (no per-sample Python for them); BCF output goes through htslib's parser.
    """
    path = str(path)
    groups = _by_record(annotated)
    first = next(groups, None)
    if first is not None and first[0].record is not None:
        source_header = first[0].record.record.header
    header = annotated_header(source_header, extra_header, fields)
    records = itertools.chain([first] if first else [], groups)
    mode = output_mode(path)
    with atomic_path(path) as tmp:
        if mode == "w":
            with Path(tmp).open("w", encoding="utf-8") as out:
                count = _write_text(out, header, records, fields)
        else:  # the text, then bgzip (.vcf.gz) or htslib's parser (.bcf)
            text = Path(f"{tmp}.text.vcf")
            try:
                with text.open("w", encoding="utf-8") as out:
                    count = _write_text(out, header, records, fields)
                _encode_text(text, tmp, mode)
            finally:
                text.unlink(missing_ok=True)
        index_output(tmp, path)
    return count


def compress_vcf(text: str | os.PathLike[str], path: str | os.PathLike[str]) -> None:
    """An annotated VCF's text (``annotate --threads`` joins its chunks' texts) into
    ``path`` as :func:`write_vcf` writes it: bgzip or BCF by the name, with its index,
    atomically."""
    path = str(path)
    with atomic_path(path) as tmp:
        _encode_text(Path(text), tmp, output_mode(path))
        index_output(tmp, path)


def _encode_text(text: Path, tmp: Path, mode: str) -> None:
    """The annotated VCF text as bgzip (``wz``) or BCF (``wb``), sorted by position
    first when the input's records were not (the index needs it; a warning says so)."""
    if sort_vcf_text(text):
        warnings.warn(
            "the input's records are not in position order: the bgzipped/BCF output is "
            "sorted by position so that it can be indexed (a .vcf or table output keeps "
            "the input's order)",
            GnasAnnotWarning,
            stacklevel=3,
        )
    if mode == "wz":
        pysam.tabix_compress(str(text), str(tmp), force=True)
    elif mode == "wb":
        with (
            pysam.VariantFile(str(text)) as source,
            pysam.VariantFile(str(tmp), "wb", header=source.header) as bcf,
        ):
            for record in source:
                bcf.write(record)
    else:
        raise ValueError(f"not a compressed VCF mode: {mode!r}")


def _write_text(
    out: TextIO,
    header: pysam.VariantHeader,
    records: Iterable[list[AnnotatedVariant]],
    fields: Sequence[str] = (),
) -> int:
    out.write(str(header))
    column = _Layout(header)
    count = 0
    for alleles in records:
        out.write(_annotated_line(header, alleles, fields, column))
        count += 1
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


class _Layout:
    """The output's sample columns: sample -> column, and whether a record's own sample
    list (:attr:`Carriers.names`) is the output's order, checked once per list."""

    def __init__(self, header: pysam.VariantHeader) -> None:
        self.names = tuple(header.samples)
        self.column = {name: k for k, name in enumerate(self.names)}
        self._same: list[tuple[str, ...]] = []  # lists known to be in the output's order

    def columns(self, carriers: Carriers) -> tuple[Sequence[int], bool]:
        """The output columns of ``carriers``, and whether they are its own columns."""
        names = carriers.names
        if any(names is same for same in self._same):
            return carriers.columns, True
        if names == self.names:
            self._same = [names]  # one file's records share one list
            return carriers.columns, True
        return [self.column[names[c]] for c in carriers.columns], False


def _annotated_line(
    header: pysam.VariantHeader,
    alleles: list[AnnotatedVariant],
    fields: Sequence[str] = (),
    column: _Layout | None = None,
) -> str:
    first = alleles[0]
    assert first.record is not None
    source = first.record.record
    line = first.record.line
    if line is None:
        return _htslib_line(header, alleles, _entries(alleles, fields))
    # htslib's own text of the record: INFO/GNAS goes last in INFO, as htslib adds a
    # new key (tests/test_annotated_vcf_text.py compares the two ways on odd records)
    parts = line.rstrip("\n").split("\t", 9)
    # our own keys already there (re-annotating our output): htslib replaces them.  The
    # text names every key the record has, so without the name in it the record has
    # none (and htslib is not asked: a sites-only record has no FORMAT to look at)
    if ("GNAS" in parts[7] and "GNAS" in source.info) or (
        len(parts) > 8
        and "POO" in parts[8]
        and ("POO" in source.format or "POO_METHOD" in source.format)
    ):
        return _htslib_line(header, alleles, _entries(alleles, fields))
    # every allele has at least one entry (a bare one without a transcript), each
    # allele's entries made as one text
    gnas = "GNAS=" + ",".join([csq_text(av, fields) for av in alleles])
    parts[7] = gnas if parts[7] == "." else f"{parts[7]};{gnas}"
    n_alts = len(source.alts or ()) if len(parts) == 10 else 0  # (no samples: not asked)
    if not n_alts:
        return "\t".join(parts) + "\n"
    if column is None:
        column = _Layout(header)
    return "\t".join(parts[:9]) + _sample_columns(parts[9], alleles, n_alts, column) + "\n"


def _entries(alleles: list[AnnotatedVariant], fields: Sequence[str]) -> tuple[str, ...]:
    return tuple(e for av in alleles for e in csq_entries(av, fields))


def _sample_columns(
    text: str, alleles: list[AnnotatedVariant], n_alts: int, column: _Layout
) -> str:
    """FORMAT ``:POO:POO_METHOD`` and the sample columns (``text``) with their values:
    missing (``.``) for every sample that carries no allele, in C-level joins."""
    dots = ",".join(["."] * n_alts)
    missing = f":{dots}:{dots}"
    glue = missing + "\t"
    columns, values, own = _values(alleles, n_alts, column)
    if not columns:
        return ":POO:POO_METHOD\t" + text.replace("\t", glue) + missing
    ends = _column_ends(alleles[0], text, columns) if own else None
    if ends is not None:
        # every column with its missing values, then the carriers' missing values cut
        # out for theirs: column k's missing values start after its text and the k
        # glues before it (``ends`` count the tab before the first column)
        filled = text.replace("\t", glue) + missing
        size = len(missing)
        cuts = [end - 1 + k * size for end, k in zip(ends, columns, strict=True)]
        lows = [0, *[cut + size for cut in cuts]]
        highs = [*cuts, len(filled)]
        chunks = [filled[a:b] for a, b in zip(lows, highs, strict=True)]
        values.append("")
        return ":POO:POO_METHOD\t" + "".join(
            itertools.chain.from_iterable(zip(chunks, values, strict=True))
        )
    columns_text = text.split("\t")
    if "\0" in text:  # (htslib writes no NUL) one column at a time
        filled_columns = (glue.join(columns_text) + missing).split("\t")
        for k, value in zip(columns, values, strict=True):
            filled_columns[k] = columns_text[k] + value
        return ":POO:POO_METHOD\t" + "\t".join(filled_columns)
    for k, value in zip(columns, values, strict=True):
        # NUL ends a string for htslib, so no record's text holds one: it marks the
        # carriers' columns, whose missing values the replace below takes back out
        columns_text[k] += value + "\0"
    joined = glue.join(columns_text) + missing
    return ":POO:POO_METHOD\t" + joined.replace("\0" + missing, "")


def _column_ends(av: AnnotatedVariant, text: str, columns: Sequence[int]) -> list[int] | None:
    """Where ``columns`` end in the record's sample text, from the scan that found the
    carriers (extract.genotypes), when ``text`` is that very text."""
    genotypes = av.variant.genotypes
    if not isinstance(genotypes, RecordGenotypes):
        return None
    scanned = genotypes.sample_text
    if scanned is None or len(scanned) != len(text) + 1 or not scanned.endswith(text):
        return None
    return genotypes.column_ends(columns)


def _values(
    alleles: list[AnnotatedVariant], n_alts: int, column: _Layout
) -> tuple[Sequence[int], list[str], bool]:
    """The output columns of the samples that carry an allele (increasing), their
    ``:POO:POO_METHOD`` text, and whether the columns are the record's own."""
    if len(alleles) == 1 and n_alts == 1 and alleles[0].variant.allele_index == 1:
        samples = alleles[0].samples
        if isinstance(samples, Carriers):
            # one ALT: its values once per distinct facts, no per-carrier object
            texts = [_poo_text(f.origin, f.origin_call) for f in samples.facts]
            columns, own = column.columns(samples)
            values = list(map(texts.__getitem__, samples.groups))
            if not own:
                order = sorted(range(len(columns)), key=columns.__getitem__)
                return [columns[k] for k in order], [values[k] for k in order], False
            return columns, values, True
        shown: dict[tuple[Origin, Method | None], str] = {}
        by_column: dict[int, str] = {}
        for s in samples:
            method = s.origin_call.method if s.origin_call is not None else None
            text = shown.get((s.origin, method))
            if text is None:
                text = shown[(s.origin, method)] = _poo_text(s.origin, s.origin_call)
            by_column[column.column[s.sample]] = text
        ordered = sorted(by_column.items())
        return [k for k, _ in ordered], [v for _, v in ordered], False
    found = sorted(_origins(alleles, n_alts, column).items())
    return (
        [k for k, _ in found],
        [f":{','.join(origins)}:{','.join(methods)}" for _, (origins, methods) in found],
        False,
    )


def _poo_text(origin: Origin, call: ParentOfOrigin | None) -> str:
    return f":{_ORIGIN[origin]}:{'.' if call is None else _METHOD[call.method]}"


def _htslib_line(
    header: pysam.VariantHeader, alleles: list[AnnotatedVariant], entries: tuple[str, ...]
) -> str:
    """The record formatted by htslib (no text, or re-annotating our own output)."""
    assert alleles[0].record is not None
    record = alleles[0].record.record.copy()
    record.translate(header)
    record.info["GNAS"] = entries
    n_alts = len(record.alts or ())
    if not (n_alts and record.samples):
        return str(record)
    if "POO" in record.format or "POO_METHOD" in record.format:
        return str(_with_poo_fields(record, alleles, n_alts))  # re-annotating our own output
    parts = str(record).rstrip("\n").split("\t", 9)
    return "\t".join(parts[:9]) + _sample_columns(parts[9], alleles, n_alts, _Layout(header)) + "\n"


def _origins(
    alleles: list[AnnotatedVariant], n_alts: int, column: _Layout
) -> dict[int, tuple[list[str], list[str]]]:
    """output column -> (POO, POO_METHOD) values per ALT, for the samples that carry one."""
    by_column: dict[int, tuple[list[str], list[str]]] = {}
    for av in alleles:
        slot = av.variant.allele_index - 1
        if not 0 <= slot < n_alts:
            continue
        for k, origin, call in _carrier_calls(av, column):
            found = by_column.get(k)
            if found is None:
                found = by_column[k] = (["."] * n_alts, ["."] * n_alts)
            found[0][slot] = _ORIGIN[origin]
            if call is not None:
                found[1][slot] = _METHOD[call.method]
    return by_column


def _carrier_calls(
    av: AnnotatedVariant, column: _Layout
) -> Iterator[tuple[int, Origin, ParentOfOrigin | None]]:
    """(output column, origin, origin call) of each carrier of ``av``."""
    samples = av.samples
    if isinstance(samples, Carriers):
        facts = samples.facts
        columns, _ = column.columns(samples)
        for k, g in zip(columns, samples.groups, strict=True):
            yield k, facts[g].origin, facts[g].origin_call
        return
    for s in samples:
        yield column.column[s.sample], s.origin, s.origin_call


def _with_poo_fields(
    record: pysam.VariantRecord, alleles: list[AnnotatedVariant], n_alts: int
) -> pysam.VariantRecord:
    """POO/POO_METHOD set sample by sample through htslib (input that has them already)."""
    by_column = _origins(alleles, n_alts, _Layout(record.header))
    missing = ["."] * n_alts
    for k, sample in enumerate(record.samples.values()):
        origins, methods = by_column.get(k, (missing, missing))
        sample["POO"] = tuple(origins)
        sample["POO_METHOD"] = tuple(methods)
    return record
