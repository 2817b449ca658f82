"""Writing normalized GNAS records as VCF (bgzipped and indexed for .vcf.gz/.bcf).

Output records follow ``bcftools norm -m -any``: one ALT per line, INFO
Number=A/R values subset to that ALT, AD subset to REF and that ALT, and GT
recoded so this ALT is 1 and any other ALT of the source record becomes 0.
Every record carries ``GNAS_STATUS`` (and ``GNAS_REASON`` when it could not be
normalized), so no input record disappears silently.
"""

from __future__ import annotations

import heapq
import itertools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pysam
import pysam.bcftools
import pysam.utils

from gnas_annot.errors import OutputError
from gnas_annot.extract.extractor import ExtractedRecord
from gnas_annot.model.variant import Variant
from gnas_annot.output.atomic import atomic_path

KEPT_FORMAT = ("GT", "AD", "DP", "GQ", "PS")
#: Records are emitted in position order from a buffer this wide; a left
#: shift longer than this (never seen in real data) triggers a full re-sort.
SORT_WINDOW = 10_000

_EXTRA_HEADER = (
    '##INFO=<ID=GNAS_STATUS,Number=1,Type=String,Description="gnas_annot normalization '
    "status: ok, reference_unavailable, ref_mismatch, symbolic, spanning_deletion, no_alt, "
    'invalid_allele or ref_equals_alt">',
    '##INFO=<ID=GNAS_REASON,Number=1,Type=String,Description="Why the allele could not be '
    'normalized (URL-encoded text)">',
    '##INFO=<ID=GNAS_SOURCE,Number=1,Type=String,Description="The source record before '
    'splitting and normalization: CHROM|POS|REF|ALT (all ALTs; URL-encoded)">',
)


def output_mode(path: str) -> str:
    if path.endswith(".bcf"):
        return "wb"
    if path.endswith(".gz"):
        return "wz"
    return "w"


def build_header(source: pysam.VariantHeader, extra: Iterable[str] = ()) -> pysam.VariantHeader:
    """The input header without FORMAT fields we do not carry, plus ours."""
    header = pysam.VariantHeader()
    for record in source.records:
        if record.type == "FORMAT" and record.get("ID") not in KEPT_FORMAT:
            continue
        if record.type == "INFO" and record.get("ID", "").startswith("GNAS_"):
            continue
        header.add_record(record)
    for line in (*_EXTRA_HEADER, *extra):
        header.add_line(line)
    for sample in source.samples:
        header.add_sample(sample)
    return header


def _encode(text: str) -> str:
    return (
        text.replace("%", "%25")
        .replace(";", "%3B")
        .replace("=", "%3D")
        .replace(" ", "%20")
        .replace(",", "%2C")
        .replace("\t", "%09")
    )


def _subset_info(record: pysam.VariantRecord, index: int) -> dict[str, Any]:
    info: dict[str, Any] = {}
    definitions = record.header.info
    for key, value in record.info.items():
        if key.startswith("GNAS_") or key not in definitions:
            continue
        number = definitions[key].number
        if number == "A":
            values = value if isinstance(value, tuple) else (value,)
            if index >= 1 and index - 1 < len(values):
                info[key] = values[index - 1]
        elif number == "R":
            values = value if isinstance(value, tuple) else (value,)
            if index < len(values):
                info[key] = (values[0], values[index]) if index else (values[0],)
        elif number == "G":
            continue  # genotype-ordered INFO values are not carried (bcftools subsets them)
        else:
            info[key] = value
    return info


def _recode(alleles: Any, index: int) -> tuple[int | None, ...]:
    return tuple(None if a is None else (1 if a == index and index else 0) for a in alleles)


def _write_one(out: pysam.VariantFile, item: ExtractedRecord, variant: Variant) -> None:
    record, index = item.record, variant.allele_index
    # pysam needs two alleles; '.' is written as the missing ALT it stands for
    alleles = (variant.ref, variant.alt)
    info = _subset_info(record, index)
    info["GNAS_STATUS"] = variant.status.value
    if variant.reason:
        info["GNAS_REASON"] = _encode(variant.reason)
    if variant.was_changed or len(record.alts or ()) > 1:
        info["GNAS_SOURCE"] = _encode(
            "|".join(
                (record.contig, str(record.pos), record.ref or "N", ",".join(record.alts or (".",)))
            )
        )
    # INFO/END is not in record.info for pysam: it travels as the record's stop
    stop = int(record.stop) if variant.sv_type is not None else variant.pos - 1 + len(variant.ref)
    new = out.header.new_record(
        contig=record.contig,
        start=variant.pos - 1,
        stop=stop,
        alleles=alleles,
        id=record.id,
        qual=record.qual,
        filter=list(record.filter.keys()) or None,
    )
    for key, value in info.items():
        try:
            new.info[key] = value
        except (TypeError, ValueError):
            # a key the input used without declaring it: htslib made it a
            # String of Number=1, so write its values back as that text
            items = value if isinstance(value, tuple) else (value,)
            new.info[key] = ",".join("." if v is None else str(v) for v in items)
    formats = set(record.format.keys())
    for name, sample in record.samples.items():
        target = new.samples[name]
        if "GT" in formats:
            gt = sample["GT"]
            if gt is not None:
                target["GT"] = _recode(gt, index)
                target.phased = sample.phased
        ad = sample["AD"] if "AD" in formats else None
        # AD of another length than the alleles (Number=R) ties no depth to an allele
        if isinstance(ad, tuple) and len(ad) == len(record.alleles or ()):
            target["AD"] = (ad[0], ad[index] if 0 < index < len(ad) else None)
        for key in ("DP", "GQ", "PS"):
            if key in formats and sample[key] is not None:
                target[key] = sample[key]
    out.write(new)


def write_vcf(
    items: Iterable[ExtractedRecord],
    header: pysam.VariantHeader,
    path: str | os.PathLike[str],
    extra_header: Iterable[str] = (),
) -> int:
    """Write the variants of ``items``, position-sorted; index .vcf.gz/.bcf output.

    Returns the number of records written.  The file appears atomically.
    """
    path = str(path)
    out_header = build_header(header, extra_header)
    written = 0
    with atomic_path(path) as tmp:
        resort = False
        last = 0
        heap: list[tuple[int, int, int, ExtractedRecord, Variant]] = []
        order = itertools.count()
        with pysam.VariantFile(str(tmp), output_mode(path), header=out_header) as out:

            def emit(entry: tuple[int, int, int, ExtractedRecord, Variant]) -> None:
                nonlocal last, resort, written
                if entry[0] < last:
                    resort = True
                last = entry[0]
                _write_one(out, entry[3], entry[4])
                written += 1

            for item in items:
                for variant in item.variants:
                    heapq.heappush(
                        heap, (variant.pos, int(item.record.pos), next(order), item, variant)
                    )
                while heap and heap[0][0] < int(item.record.pos) - SORT_WINDOW:
                    emit(heapq.heappop(heap))
            while heap:
                emit(heapq.heappop(heap))
        if resort:
            _sort_in_place(tmp, path)
        index_output(tmp, path)
    return written


def index_output(tmp: str | os.PathLike[str], path: str) -> None:
    """Index ``tmp`` as its final name ``path`` asks: .tbi for .vcf.gz, .csi for .bcf.

    The index is written beside the temporary file so that it moves into place
    with it (see ``atomic_path``); plain .vcf output is left unindexed.
    """
    if path.endswith((".gz", ".bcf")):
        flag = "--csi" if path.endswith(".bcf") else "--tbi"
        pysam.bcftools.index(flag, "--force", str(tmp), catch_stdout=False)


def _sort_in_place(tmp: Path, path: str) -> None:
    sorted_tmp = tmp.with_name(tmp.name + ".sorted" + "".join(Path(path).suffixes[-2:]))
    fmt = {"wb": "b", "wz": "z", "w": "v"}[output_mode(path)]
    pysam.bcftools.sort("-O", fmt, "-o", str(sorted_tmp), str(tmp), catch_stdout=False)
    sorted_tmp.replace(tmp)


def sort_vcf_text(text: Path) -> bool:
    """Sort the VCF text file ``text`` in place by position (``bcftools sort``, which
    spills to temporary files beyond its memory limit) if its records are out of
    order; whether it was.  An index needs position order: the annotated VCF keeps
    the input's order, so an unsorted input made bgzip/BCF output fail at indexing."""
    if _in_order(text):
        return False
    try:
        _sort_in_place(text, str(text))
    except pysam.utils.SamtoolsError as exc:
        raise OutputError(f"cannot sort {text} by position for its index: {exc}") from exc
    return True


def _in_order(text: Path) -> bool:
    """Whether each contig's records are one run, in ascending POS (what an index takes)."""
    seen: set[str] = set()
    contig, last = "", -1
    with text.open("r", encoding="utf-8") as lines:
        for line in lines:
            if line[:1] == "#":
                continue
            name, pos = line.split("\t", 2)[:2]
            if name != contig:
                if name in seen:
                    return False
                seen.add(name)
                contig, last = name, -1
            at = int(pos)
            if at < last:
                return False
            last = at
    return True
