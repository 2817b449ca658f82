"""Read the locus model from the pack tables and validate it, so every later
step can trust it (exons ordered and disjoint, CDS inside exons, whole codons,
the protein length the pack claims, the same structure in both builds)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from gnas_annot.errors import DataPackIntegrityError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Exon, Interval, Locus, Region, Transcript
from gnas_annot.pack.files import read_table

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def _optional(value: str) -> str | None:
    return None if value in (".", "unknown", "") else value


def _int_or_none(value: str) -> int | None:
    return None if value in (".", "unknown", "") else int(value)


def _parse_exons(text: str) -> tuple[Exon, ...]:
    if text == ".":
        return ()
    exons = []
    for number, chunk in enumerate(text.split(","), start=1):
        start, _, end = chunk.partition("-")
        exons.append(Exon(number, int(start), int(end)))
    return tuple(exons)


def read_loci(directory: Traversable) -> dict[GenomeBuild, Locus]:
    """Both builds' locus models from the pack in ``directory``, validated."""
    try:
        meta = {row["transcript"]: row for row in read_table("transcripts.tsv", directory)}
        models = list(read_table("transcript_models.tsv", directory))
        region_rows = list(read_table("regions.tsv", directory))
    except (KeyError, ValueError) as exc:
        raise DataPackIntegrityError(f"data pack table malformed: {exc}") from exc
    transcripts: dict[GenomeBuild, list[Transcript]] = {b: [] for b in GenomeBuild}
    try:
        for row in models:
            info = meta.get(row["transcript"])
            if info is None:
                raise DataPackIntegrityError(
                    f"transcript_models.tsv: {row['transcript']} is not in transcripts.tsv"
                )
            build = GenomeBuild(row["build"])
            transcripts[build].append(
                Transcript(
                    accession=row["transcript"],
                    gene=info["gene"],
                    product=info["product"],
                    first_exon=info["first_exon"],
                    biotype=info["biotype"],
                    protein=_optional(info["protein"]),
                    protein_length=_int_or_none(info["protein_length"]),
                    ensembl=_optional(info["ensembl"]),
                    mane=_optional(info["mane"]),
                    build=build,
                    chrom=row["chrom"],
                    strand={"+": 1, "-": -1}[row["strand"]],
                    start=int(row["tx_start"]),
                    end=int(row["tx_end"]),
                    exons=_parse_exons(row["exons"]),
                    cds_start=_int_or_none(row["cds_start"]),
                    cds_end=_int_or_none(row["cds_end"]),
                    evidence=row["evidence"],
                    sources=tuple(row["sources"].split(";")),
                    note=info["note"],
                    family=info["family"],
                )
            )
        regions: dict[GenomeBuild, list[Region]] = {b: [] for b in GenomeBuild}
        for row in region_rows:
            build = GenomeBuild(row["build"])
            regions[build].append(
                Region(
                    name=row["region"],
                    build=build,
                    interval=Interval(row["chrom"], int(row["start"]), int(row["end"])),
                    kind=row["kind"],
                    evidence=row["evidence"],
                    sources=tuple(row["sources"].split(";")),
                    description=row["description"],
                )
            )
    except (KeyError, ValueError) as exc:
        raise DataPackIntegrityError(f"data pack table malformed: {exc!r}") from exc
    loci = {b: Locus(b, tuple(transcripts[b]), tuple(regions[b])) for b in GenomeBuild}
    problems = validate(loci.values(), expected_transcripts=meta.keys())
    if problems:
        # one line, as every refusal is (the CLI prints it as is)
        raise DataPackIntegrityError("data pack failed validation: " + "; ".join(problems))
    return loci


def validate(loci: Iterable[Locus], expected_transcripts: Iterable[str] = ()) -> list[str]:
    """Consistency problems of the pack (empty when it is sound)."""
    loci = list(loci)
    problems: list[str] = []
    for locus in loci:
        for tx in locus.transcripts:
            problems.extend(_transcript_problems(tx))
        for region in locus.regions:
            if region.interval.start > region.interval.end:
                problems.append(f"{locus.build} region {region.name}: start after end")
    by_build = {locus.build: {t.accession: t for t in locus.transcripts} for locus in loci}
    names = set(expected_transcripts)
    for build, txs in by_build.items():
        for missing in sorted(names - txs.keys()):
            problems.append(f"{missing} has no model on {build}")
    if len(by_build) == 2:
        problems.extend(_cross_build_problems(*by_build.values()))
        regions = [{r.name: r for r in locus.regions} for locus in loci]
        for name in sorted(regions[0].keys() ^ regions[1].keys()):
            problems.append(f"region {name} is defined on one build only")
    return problems


def _transcript_problems(tx: Transcript) -> list[str]:
    where = f"{tx.build} {tx.accession}"
    problems: list[str] = []
    if tx.start > tx.end:
        problems.append(f"{where}: start {tx.start} after end {tx.end}")
    if not tx.exons:
        if tx.is_coding:
            problems.append(f"{where}: a CDS without an exon model")
        return problems
    exons: Sequence[Exon] = tx.exons
    for a, b in itertools.pairwise(exons):
        if a.start > a.end:
            problems.append(f"{where}: exon {a.number} start after end")
        if b.start <= a.end:
            problems.append(f"{where}: exons {a.number} and {b.number} overlap or are unordered")
    if (exons[0].start, exons[-1].end) != (tx.start, tx.end):
        problems.append(f"{where}: span {tx.start}-{tx.end} is not the exons' span")
    if tx.is_coding:
        assert tx.cds_start is not None and tx.cds_end is not None
        for bound in (tx.cds_start, tx.cds_end):
            if not any(e.start <= bound <= e.end for e in exons):
                problems.append(f"{where}: CDS bound {bound} is not in an exon")
        if tx.coding_length % 3:
            problems.append(f"{where}: coding length {tx.coding_length} is not whole codons")
        if tx.protein_length is not None and tx.coding_length != 3 * (tx.protein_length + 1):
            problems.append(
                f"{where}: CDS of {tx.coding_length} nt does not encode "
                f"{tx.protein_length} aa plus a stop codon"
            )
    return problems


def _cross_build_problems(a: dict[str, Transcript], b: dict[str, Transcript]) -> list[str]:
    problems = []
    for accession in sorted(a.keys() & b.keys()):
        x, y = a[accession], b[accession]
        if [e.length for e in x.exons] != [e.length for e in y.exons]:
            problems.append(f"{accession}: exon lengths differ between {x.build} and {y.build}")
        if x.coding_length != y.coding_length or x.strand != y.strand:
            problems.append(f"{accession}: CDS or strand differ between {x.build} and {y.build}")
        if x.end - x.start != y.end - y.start:
            problems.append(f"{accession}: span length differs between {x.build} and {y.build}")
    return problems
