"""What a VCF header says: the genome build, and whether htslib read it whole.

htslib is lenient with headers: a ``##INFO`` line it cannot parse is dropped,
and a key used without a declaration becomes a one-value String.  Both break
things much later (AD read as text, END lost), so we check the header lines
against what htslib understood, declare the reserved keys we read as the VCF
specification defines them, and collect every build signal the header gives.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

import pysam

from gnas_annot.errors import BuildMismatchError, BuildUndetectableError, GnasAnnotError
from gnas_annot.io.scan import head_of, not_a_vcf
from gnas_annot.model.builds import (
    GenomeBuild,
    build_from_accession,
    build_from_length,
    build_from_reference_line,
    is_chr20,
)

_HEADER_ID = re.compile(r"^##\w+=<(?:.*,)?ID=([^,>]+)")
_HEADER_TYPE = re.compile(r"[<,]Type=([^,>]*)")
_DECLARED = "declared by gnas_annot as in the VCF specification; the input did not"
_RESERVED = (
    (
        "INFO",
        "END",
        f'##INFO=<ID=END,Number=1,Type=Integer,Description="End position ({_DECLARED})">',
    ),
    ("FORMAT", "GT", f'##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype ({_DECLARED})">'),
    (
        "FORMAT",
        "AD",
        f'##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths ({_DECLARED})">',
    ),
    (
        "FORMAT",
        "DP",
        f'##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth ({_DECLARED})">',
    ),
    (
        "FORMAT",
        "GQ",
        f'##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality ({_DECLARED})">',
    ),
    (
        "FORMAT",
        "PS",
        f'##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set ({_DECLARED})">',
    ),
)
_VCF_TYPES = frozenset({"Integer", "Float", "Flag", "Character", "String"})


@dataclass(frozen=True, slots=True)
class BuildEvidence:
    """One thing in the input that names a build, and where it was seen."""

    build: GenomeBuild
    where: str


def detect_build(header: pysam.VariantHeader) -> list[BuildEvidence]:
    """Every build signal in a VCF header (``##reference``, contig lengths,
    ``assembly=`` and RefSeq contig names), most specific first."""
    evidence: list[BuildEvidence] = []
    for record in header.records:
        if record.type == "GENERIC" and record.key == "reference":
            build = build_from_reference_line(record.value or "")
            if build:
                evidence.append(BuildEvidence(build, f"##reference={record.value}"))
    for key, contig in header.contigs.items():
        name = str(key)
        if not is_chr20(name):
            continue
        accession_build = build_from_accession(name)
        if accession_build:
            evidence.append(BuildEvidence(accession_build, f"contig name {name}"))
        length_build = build_from_length(contig.length)
        if length_build:
            evidence.append(
                BuildEvidence(length_build, f"##contig {name} length={contig.length:,}")
            )
        assembly = contig.header_record.get("assembly") if contig.header_record else None
        if assembly:
            assembly_build = build_from_reference_line(assembly)
            if assembly_build:
                evidence.append(BuildEvidence(assembly_build, f"##contig assembly={assembly}"))
    return evidence


def resolve_build(
    evidence: list[BuildEvidence],
    requested: GenomeBuild | None,
    source: str,
    fallback: BuildEvidence | None = None,
) -> GenomeBuild:
    """One build from the header evidence and the user's ``--build``; any
    contradiction is an error, never a vote."""
    found = {e.build for e in evidence}
    if len(found) > 1:
        raise BuildMismatchError(
            f"{source}: the header contradicts itself about the genome build ("
            + "; ".join(f"{e.where} -> {e.build}" for e in evidence)
            + ")"
        )
    if requested is not None:
        if found and requested not in found:
            e = evidence[0]
            raise BuildMismatchError(
                f"{source}: --build {requested} given, but the file is {e.build} ({e.where})"
            )
        return requested
    if found:
        return found.pop()
    if fallback is not None:
        return fallback.build
    raise BuildUndetectableError(
        f"{source}: no ##reference or chr20 ##contig length in the header names the "
        "genome build; pass --build GRCh38 or --build GRCh37 (or --reference FASTA)"
    )


def diagnose_header(path: str) -> str | None:
    """Say what is wrong with a text VCF header htslib refused (None if unsure)."""
    if path == "-":
        return None
    try:
        head = head_of(path, 1 << 20).decode("utf-8", errors="replace")
    except (GnasAnnotError, OSError, ValueError, EOFError, zlib.error):
        return None
    lines = head.splitlines()
    if not lines or not lines[0].startswith("##fileformat=VCF"):
        return not_a_vcf(lines[0] if lines else "")
    chrom = [line for line in lines if line.startswith("#CHROM")]
    if not chrom:
        return "the header has no #CHROM line"
    samples = chrom[0].rstrip("\n").split("\t")[9:]
    duplicated = sorted({s for s in samples if samples.count(s) > 1})
    if duplicated:
        return f"duplicate sample names in the #CHROM line: {', '.join(duplicated)}"
    return None


def unparsable_header_line(header: pysam.VariantHeader, text: str) -> tuple[int, str] | None:
    """(line number, line) of the first ##INFO/##FORMAT/##FILTER/##contig line
    htslib did not take in as written, or None."""
    declared: dict[str, Any] = {
        "INFO": header.info,
        "FORMAT": header.formats,
        "FILTER": header.filters,
        "contig": header.contigs,
    }
    for number, line in enumerate(text.splitlines(), start=1):
        kind = line[2:].partition("=")[0]
        if not line.startswith("##") or kind not in declared:
            continue
        ident = _HEADER_ID.search(line)
        value_type = _HEADER_TYPE.search(line)
        if (
            ident is None
            or ident.group(1) not in declared[kind]
            or (kind in ("INFO", "FORMAT") and value_type is None)
            or (value_type is not None and value_type.group(1) not in _VCF_TYPES)
            or (kind == "INFO" and ident.group(1) == "END" and "=Integer" not in line)
        ):
            return number, line if len(line) <= 80 else line[:77] + "..."
    return None


def declare_reserved(header: pysam.VariantHeader) -> list[str]:
    """Declare the keys we read (END, GT, AD, DP, GQ, PS) that the header lacks,
    as the VCF specification defines them; returns the lines added."""
    missing = [
        line
        for kind, key, line in _RESERVED
        if key not in (header.info if kind == "INFO" else header.formats)
    ]
    for line in missing:
        header.add_line(line)
    return missing
