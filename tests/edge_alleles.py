"""Every allele shape at every base around the exon and CDS edges of every transcript of
the pack, plus the activating hotspot codons and deletions over the imprinting-control
regions, annotated through the whole pipeline (sites only).

Shared by the tests that compare a fast path of the per-allele work with its general
path (tests/test_csq_entries.py, tests/test_allele_memos.py): the REF bases come from
the reference the test gives (real bases where known, N elsewhere; or synthetic), read
at run time and never stored.
"""

from __future__ import annotations

from pathlib import Path

from gnas_annot.annotate.results import AnnotatedVariant
from gnas_annot.annotate.run import AnnotationRun
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.pack.store import load_pack
from gnas_annot.seq.reference import ReferenceGenome

#: bases either side of an exon or CDS edge
FLANK = 5
#: inserted sequences: a base, two, a stop, a frameshift of three unlike bases
INSERTS = ("A", "GC", "TGA", "CAGT")
_OTHER = {"A": "C", "C": "G", "G": "T", "T": "A", "N": "A"}

Record = tuple[int, str, str]  # POS, REF, ALT (ALT may list several, comma-separated)


def edge_positions(build: GenomeBuild) -> list[int]:
    """Every base within FLANK of an exon or CDS edge of a transcript, and the hotspot codons."""
    locus = load_locus(build)
    found: set[int] = set()
    for tx in locus.transcripts:
        edges = [e for exon in tx.exons for e in (exon.start, exon.end)]
        edges += [c for c in (tx.cds_start, tx.cds_end) if c is not None]
        for edge in edges:
            found.update(range(edge - FLANK, edge + FLANK + 1))
    for spot in load_pack().hotspots_on(build):
        found.update(range(spot.start - 1, spot.end + 2))
    return sorted(found)


def edge_records(build: GenomeBuild, reference: ReferenceGenome) -> list[Record]:
    """Each position: its three SNVs in one record, a two-base MNV, 1-3 base deletions,
    the INSERTS after it and the duplication of its base; then deletions of 60 bases
    and symbolic deletions over each imprinting-control region and over the locus."""
    records: list[Record] = []
    for pos in edge_positions(build):
        bases = reference.fetch(pos, pos + 3)
        if len(bases) < 4:
            continue
        base = bases[0]
        records.append((pos, base, ",".join(b for b in "ACGT" if b != base)))
        records.append((pos, bases[:2], _OTHER[bases[0]] + _OTHER[bases[1]]))
        records += [(pos, bases[: k + 1], base) for k in (1, 2, 3)]
        records += [(pos, base, base + insert) for insert in (*INSERTS, base)]
    locus = load_locus(build)
    for tx in locus.transcripts:
        for exon in tx.exons[:3]:
            long = reference.fetch(exon.start - 30, exon.start + 30)
            records.append((exon.start - 30, long, long[0]))
    pack = load_pack()
    for row in pack.imprinting_control:
        span = locus.region(row.region).interval
        records.append(
            (span.start + 10, reference.fetch(span.start + 10, span.start + 10), "<DEL>")
        )
    return sorted(records)


def write_sites(path: Path, build: GenomeBuild, records: list[Record]) -> Path:
    """A sites-only VCF of ``records`` (symbolic deletions end 2 kb on)."""
    head = [
        "##fileformat=VCFv4.2",
        f"##contig=<ID=chr20,length={build.chr20_length}>",
        f"##reference={build}",
        '##INFO=<ID=END,Number=1,Type=Integer,Description="End">',
        '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="SV type">',
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
    ]
    lines = []
    for k, (pos, ref, alt) in enumerate(records):
        info = f"SVTYPE=DEL;END={pos + 2000}" if alt.startswith("<") else "."
        lines.append(f"chr20\t{pos}\te{k}\t{ref}\t{alt}\t.\tPASS\t{info}")
    path.write_text("\n".join(head + lines) + "\n")
    return path


def annotate_edges(build: GenomeBuild, fasta: Path, folder: Path) -> list[AnnotatedVariant]:
    """The edge alleles of ``build`` annotated on ``fasta`` (one list, file order)."""
    with ReferenceGenome(fasta, build) as reference:
        records = edge_records(build, reference)
    vcf = write_sites(folder / f"edges_{build}.vcf", build, records)
    with AnnotationRun(vcf, reference=fasta, build=build, region="gnas+stx16") as run:
        return list(run)
