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
