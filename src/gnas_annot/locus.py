"""The GNAS locus model: transcripts, exons and named regions for one build.

Loaded from the data pack and validated on load, so every later step can
trust it (exons ordered and disjoint, CDS inside exons, whole codons, the
protein length the pack claims, and the same structure in both builds).

>>> from gnas_annot.locus import load_locus
>>> locus = load_locus("GRCh38")
>>> gsa = locus.transcript("NM_000516.7")
>>> gsa.product, len(gsa.exons), gsa.coding_length
('Gs-alpha (long)', 13, 1185)
>>> locus.extraction_region("gnas")
Interval(chrom='chr20', start=58813918, end=58916192)
>>> [t.accession for t in locus.transcripts_overlapping(58909365, 58909365)][:3]
['NM_000516.7', 'NM_001077488.5', 'NM_001077489.4']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from gnas_annot.builds import GenomeBuild
from gnas_annot.errors import DataPackError, DataPackIntegrityError, GnasAnnotError
from gnas_annot.pack.files import read_table

#: Flank added around the locus when extracting records, as VEP uses 5 kb
#: for upstream_gene_variant / downstream_gene_variant.
FLANK = 5_000
EXTRACTION_REGIONS = ("gnas", "gnas+stx16")


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed, 1-based interval on a chromosome."""

    chrom: str
    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return start <= self.end and end >= self.start

    def __len__(self) -> int:
        return self.end - self.start + 1

    def __str__(self) -> str:
        return f"{self.chrom}:{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Exon:
    number: int
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


@dataclass(frozen=True, slots=True)
class Region:
    """A named region (gene span or DMR) with the evidence behind it."""

    name: str
    build: GenomeBuild
    interval: Interval
    kind: str
    evidence: str
    sources: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Transcript:
    """One transcript model on one build.

    ``exons`` is empty when only the span is known (``evidence`` says
    ``span_only``); ``cds_start``/``cds_end`` are None for non-coding RNAs
    and include the stop codon otherwise.
    """

    accession: str
    gene: str
    product: str
    first_exon: str
    biotype: str
    protein: str | None
    protein_length: int | None
    ensembl: str | None
    mane: str | None
    build: GenomeBuild
    chrom: str
    strand: int
    start: int
    end: int
    exons: tuple[Exon, ...]
    cds_start: int | None
    cds_end: int | None
    evidence: str
    sources: tuple[str, ...]
    note: str = field(default="", compare=False)

    @property
    def is_coding(self) -> bool:
        return self.cds_start is not None

    @property
    def has_exon_model(self) -> bool:
        return bool(self.exons)

    @property
    def interval(self) -> Interval:
        return Interval(self.chrom, self.start, self.end)

    @property
    def coding_length(self) -> int:
        """Exonic bases between the CDS bounds, stop codon included (0 if non-coding)."""
        if self.cds_start is None or self.cds_end is None:
            return 0
        return sum(
            max(0, min(e.end, self.cds_end) - max(e.start, self.cds_start) + 1) for e in self.exons
        )

    @property
    def exonic_length(self) -> int:
        return sum(e.length for e in self.exons)


@dataclass(frozen=True, slots=True)
class Locus:
    """Everything the pack knows about GNAS on one build."""

    build: GenomeBuild
    transcripts: tuple[Transcript, ...]
    regions: tuple[Region, ...]

    def transcript(self, accession: str) -> Transcript:
        """Look up by ``accession.version``, or by bare accession (the pack's version)."""
        for tx in self.transcripts:
            if accession in (tx.accession, tx.accession.split(".")[0]):
                return tx
        raise GnasAnnotError(
            f"transcript {accession} is not in the GNAS data pack; known: "
            + ", ".join(t.accession for t in self.transcripts)
        )

    def region(self, name: str) -> Region:
        for region in self.regions:
            if region.name == name:
                return region
        raise GnasAnnotError(f"region {name} is not in the GNAS data pack")

    def extraction_region(self, name: str = "gnas") -> Interval:
        """The span whose VCF records are extracted.

        ``gnas``: GNAS, GNAS-AS1 and the four DMRs with a 5-kb flank.
        ``gnas+stx16``: also the STX16 imprinting-control region upstream
        (the whole interval between them, since PHP1B deletions can span it).
        """
        if name not in EXTRACTION_REGIONS:
            raise GnasAnnotError(
                f"unknown region {name!r}: choose one of {', '.join(EXTRACTION_REGIONS)}"
            )
        members = [r for r in self.regions if r.name != "STX16" or name == "gnas+stx16"]
        return Interval(
            "chr20",
            min(r.interval.start for r in members) - FLANK,
            max(r.interval.end for r in members) + FLANK,
        )

    def transcripts_overlapping(self, start: int, end: int) -> list[Transcript]:
        return [tx for tx in self.transcripts if tx.interval.overlaps(start, end)]

    def regions_overlapping(self, start: int, end: int) -> list[Region]:
        return [r for r in self.regions if r.interval.overlaps(start, end)]


@dataclass(frozen=True, slots=True)
class Segment:
    """An exon or intron of a transcript, numbered 5' to 3' in transcript order."""

    kind: str  # 'exon' | 'intron'
    number: int
    start: int
    end: int

    @property
    def name(self) -> str:
        return f"{self.kind} {self.number}"


@cache
def transcript_segments(tx: Transcript) -> tuple[Segment, ...]:
    """Exons and introns in genomic order, numbered in transcript order
    (intron N follows exon N), as VEP and HGVS number them."""
    exons = tx.exons
    number = {e: i + 1 for i, e in enumerate(exons if tx.strand > 0 else exons[::-1])}
    segments: list[Segment] = []
    for exon, nxt in zip(exons, (*exons[1:], None), strict=True):
        segments.append(Segment("exon", number[exon], exon.start, exon.end))
        if nxt is not None:
            intron = min(number[exon], number[nxt])
            segments.append(Segment("intron", intron, exon.end + 1, nxt.start - 1))
    return tuple(segments)


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


def _load_all() -> dict[GenomeBuild, Locus]:
    try:
        meta = {row["transcript"]: row for row in read_table("transcripts.tsv")}
        models = list(read_table("transcript_models.tsv"))
        region_rows = list(read_table("regions.tsv"))
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
        raise DataPackIntegrityError("data pack failed validation:\n  " + "\n  ".join(problems))
    return loci


@cache
def _loci() -> dict[GenomeBuild, Locus]:
    return _load_all()


def load_locus(build: GenomeBuild | str) -> Locus:
    """The validated locus model for ``build`` (GRCh38/hg38 or GRCh37/hg19)."""
    if not isinstance(build, GenomeBuild):
        build = GenomeBuild.parse(build)
    try:
        return _loci()[build]
    except DataPackError:
        _loci.cache_clear()
        raise


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
