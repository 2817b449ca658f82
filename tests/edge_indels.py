"""Every small indel that crosses or touches an edge of every pack transcript, named by
the tool and by biocommons hgvs on the SYNTHETIC locus (every base known, none real).

Edges (a boundary between two genomic bases) of each transcript with an exon model:
each exon/intron junction (both sides of every intron, UTR introns and exon 1's
junctions included), the 5' UTR/CDS junction (before c.1), the end of the start
codon (c.3|c.4), the start of the stop codon and the CDS/3' UTR junction.  At each:

* every deletion of 1-6 bases that holds a base on either side of the boundary, or
  ends or starts at it (``k + 1`` placements per length ``k``);
* the duplication of each of those spans;
* ``INSERTS`` (1-6 bases: each base, stops, in-frame and frameshifting ones) at the
  boundary and one base either side;
* delins of 2-3 bases over the same placements, with two replacements each.

Records are left-aligned as a caller writes them (VCF), here with a loop of our own
(not the tool's normalizer), and annotated once per build.
"""

from __future__ import annotations

import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

from gnas_annot.effect.consequence import ConsequenceCalculator, VariantConsequences
from gnas_annot.effect.lof import LofAssessment, assess
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome

INSERTS = ("A", "C", "G", "T", "AC", "GT", "TAA", "GCC", "TGA", "AAAA", "TAGC", "GCCGC",
           "TAAGC", "GCCGCC", "CTGACT")  # fmt: skip
_OTHER = {"A": "C", "C": "G", "G": "T", "T": "A"}

Record = tuple[int, str, str]  # POS, REF, ALT


def edges(tx: Transcript) -> dict[int, str]:
    """{genomic base b: name} of every edge (between b and b + 1) of ``tx``."""
    found: dict[int, str] = {}
    for a, b in zip(tx.exons, tx.exons[1:], strict=False):
        found[a.end] = f"exon {a.number} end"
        found[b.start - 1] = f"exon {b.number} start"
    if tx.cds_start is not None and tx.cds_end is not None:
        found[tx.cds_start - 1] = "5' UTR/CDS"
        found[tx.cds_start + 2] = "start codon end"
        found[tx.cds_end - 3] = "stop codon start"
        found[tx.cds_end] = "CDS/3' UTR"
    return found


def left_align(pos: int, ref: str, alt: str, fetch) -> Record:
    """VCF left-alignment and trimming of one REF/ALT pair (written out here, not the tool's)."""
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while ref[-1] == alt[-1] and (len(ref) == 1 or len(alt) == 1):
        before = fetch(pos - 1, pos - 1)
        ref, alt, pos = before + ref[:-1], before + alt[:-1], pos - 1
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    return pos, ref, alt


def edge_records(fetch, b: int) -> set[Record]:
    """The changes around the boundary between ``b`` and ``b + 1`` (not yet aligned)."""
    out: set[Record] = set()
    for k in range(1, 7):
        for s in range(b - k + 1, b + 2):
            e = s + k - 1
            out.add((s - 1, fetch(s - 1, e), fetch(s - 1, s - 1)))  # deletion
            out.add((e, fetch(e, e), fetch(e, e) + fetch(s, e)))  # duplication
            if k in (2, 3):
                ref = fetch(s, e)
                one = "".join(_OTHER[x] for x in ref)
                two = "".join(_OTHER[_OTHER[x]] for x in ref)[: 5 - k]  # 3 or 2 bases
                out |= {(s, ref, alt) for alt in (one, two) if alt[0] != ref[0] != alt[-1]}
    for p in (b - 1, b, b + 1):
        out |= {(p, fetch(p, p), fetch(p, p) + ins) for ins in INSERTS}
    return out


@dataclass(frozen=True)
class EdgeRun:
    build: GenomeBuild
    reference: Path
    transcripts: tuple[Transcript, ...]
    why: dict[Record, frozenset[str]]  # record -> 'accession: edge' it was made for
    results: dict[Record, tuple[VariantConsequences, LofAssessment]]


def run(build: GenomeBuild, reference: Path) -> EdgeRun:
    txs = tuple(t for t in load_locus(build).transcripts if t.exons)
    genome = ReferenceGenome(reference)
    why: dict[Record, set[str]] = {}
    for tx in txs:
        for b, name in edges(tx).items():
            for rec in edge_records(genome.fetch, b):
                aligned = left_align(*rec, genome.fetch)
                why.setdefault(aligned, set()).add(f"{tx.accession}: {name}")
    calc = ConsequenceCalculator({build: genome})
    results = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for rec in sorted(why):
            result = calc.annotate(build, *rec)
            results[rec] = (result, assess(result, calc.namer.provider))
    return EdgeRun(build, reference, txs, {r: frozenset(w) for r, w in why.items()}, results)


def write_gff3(path: Path, transcripts: tuple[Transcript, ...]) -> None:
    """The coding transcripts as bcftools csq reads them (Ensembl-style GFF3, plus strand)."""
    coding = [t for t in transcripts if t.cds_start is not None and t.cds_end is not None]
    assert all(t.strand > 0 for t in coding)
    lo, hi = min(t.start for t in coding), max(t.end for t in coding)
    rows = [("gene", lo, hi, "ID=gene:GNAS;Name=GNAS;biotype=protein_coding", ".")]
    for t in coding:
        assert t.cds_start is not None and t.cds_end is not None
        parent = f"Parent=transcript:{t.accession}"
        attrs = f"ID=transcript:{t.accession};Parent=gene:GNAS;biotype=protein_coding"
        rows.append(("mRNA", t.start, t.end, attrs, "."))
        done = 0
        for e in t.exons:
            rows.append(("exon", e.start, e.end, parent, "."))
            if e.start < t.cds_start:
                rows.append(("five_prime_UTR", e.start, min(e.end, t.cds_start - 1), parent, "."))
            if e.end > t.cds_end:
                rows.append(("three_prime_UTR", max(e.start, t.cds_end + 1), e.end, parent, "."))
            a, b = max(e.start, t.cds_start), min(e.end, t.cds_end)
            if a <= b:
                rows.append(("CDS", a, b, parent, str((3 - done % 3) % 3)))
                done += b - a + 1
    lines = ["##gff-version 3"] + [
        f"chr20\tedge_indels\t{kind}\t{a}\t{b}\t.\t+\t{phase}\t{attrs}"
        for kind, a, b, attrs, phase in rows
    ]
    path.write_text("\n".join(lines) + "\n")


def run_csq(bcftools: str, edge: EdgeRun, folder: Path) -> dict[Record, dict[str, set[str]]]:
    """record -> {transcript: csq's consequence tokens} (sites only, one record at a time)."""
    records = sorted(edge.results)
    gff, vcf, out = folder / "gnas.gff3", folder / "in.vcf", folder / "out.vcf"
    write_gff3(gff, edge.transcripts)
    head = f"##fileformat=VCFv4.2\n##contig=<ID=chr20,length={edge.build.chr20_length}>\n"
    body = "".join(f"chr20\t{p}\tr{i}\t{r}\t{a}\t.\t.\t.\n" for i, (p, r, a) in enumerate(records))
    vcf.write_text(head + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n" + body)
    subprocess.run(
        [bcftools, "csq", "-l", "-p", "a", "-f", str(edge.reference), "-g", str(gff),
         str(vcf), "-Ov", "-o", str(out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    found: dict[Record, dict[str, set[str]]] = {}
    for line in out.read_text().splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        info = dict(i.split("=", 1) for i in cols[7].split(";") if "=" in i)
        by_tx: dict[str, set[str]] = {}
        for entry in (e.split("|") for e in info.get("BCSQ", "").split(",") if e):
            if len(entry) > 2:
                by_tx.setdefault(entry[2], set()).update(t.lstrip("*") for t in entry[0].split("&"))
        found[records[int(cols[2][1:])]] = by_tx
    assert len(found) == len(records), "bcftools csq lost records"
    return found
