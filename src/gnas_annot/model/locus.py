"""The GNAS locus model: transcripts, exons and named regions for one build.

Value objects only (no I/O).  The pack loads and validates them
(:mod:`gnas_annot.pack.locus`), so every later step can trust them (exons
ordered and disjoint, CDS inside exons, whole codons, the protein length the
pack claims, and the same structure in both builds).

>>> from gnas_annot.pack.locus import load_locus
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

from dataclasses import dataclass, field
from functools import cache

from gnas_annot.errors import GnasAnnotError
from gnas_annot.model.builds import GenomeBuild

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
    family: str = ""  # the product family it is reported under (data/products.tsv)
    #: exonic bases between the CDS bounds, stop codon included (0 if non-coding):
    #: worked out once, since every truncating allele asks for it several times
    coding_length: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "coding_length", _coding_length(self))

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
    def exonic_length(self) -> int:
        return sum(e.length for e in self.exons)


def _coding_length(tx: Transcript) -> int:
    """Exonic bases between the CDS bounds, stop codon included (0 if non-coding)."""
    if tx.cds_start is None or tx.cds_end is None:
        return 0
    lo, hi = tx.cds_start, tx.cds_end
    return sum(max(0, min(e.end, hi) - max(e.start, lo) + 1) for e in tx.exons)


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

    @property
    def reference_transcript(self) -> Transcript:
        """The transcript HGVS reports on first: the pack's MANE Select (Gs-alpha,
        NM_000516.7 in this pack).  One place, so no module types the accession."""
        for tx in self.transcripts:
            if tx.mane == "MANE Select":
                return tx
        raise GnasAnnotError("the GNAS data pack names no MANE Select transcript")

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
