"""Trio VCF lines on real GRCh38 GNAS positions, shared by the origin tests.

REF bases are read from the test reference handed in (the synthetic partial
reference of the mechanism tests), except the published alleles below.
"""

from __future__ import annotations

import pysam

from alignments import Read, pairs
from conftest import write_vcf

SAMPLES = ("kid", "dad", "mum")
HOTSPOT_DEL = "chr20\t58909193\t.\tGCTGA\tG"  # c.565_568del, p.Asp189MetfsTer14 (exon 7)
R201C = "chr20\t58909365\t.\tC\tT"  # c.601C>T


def line(site: str, kid: str, dad: str, mum: str, fmt: str = "GT:AD:DP:GQ") -> str:
    return f"{site}\t50\tPASS\t.\t{fmt}\t{kid}\t{dad}\t{mum}\n"


def snv(reference, pos: int) -> str:
    """An SNV at ``pos`` with the real reference base as REF."""
    with pysam.FastaFile(str(reference)) as fasta:
        ref = fasta.fetch("chr20", pos - 1, pos).upper()
    assert ref in "ACGT", f"no real base at {pos}"
    return f"chr20\t{pos}\t.\t{ref}\t{'A' if ref != 'A' else 'G'}"


HET, HOM_REF, HOM_ALT = "0/1:20,20:40:99", "0/0:40,0:40:99", "1/1:0,40:40:99"


DE_NOVO = line(R201C, HET, HOM_REF, HOM_REF)
SITE = 58909400  # exon 8; the child's ALT here is paternal (father 0/1, mother 0/0)


def alt_base(reference, pos):
    return snv(reference, pos).split("\t")[4]


def trio_vcf(tmp_path, reference, extra=""):
    body = DE_NOVO + line(snv(reference, SITE), HET, HET, HOM_REF) + extra
    return write_vcf(tmp_path / "trio.vcf", body, samples=SAMPLES)


def exon8_reads(reference, alt_with_paternal: int, alt_with_maternal: int, ref_reads: int = 4):
    """Reads over 58909355-58909414 showing the de novo T together with the
    paternal (ALT) or maternal (REF) allele at 58909400."""
    paternal = alt_base(reference, SITE)
    return (
        pairs("p", alt_with_paternal, Read("", 58909355, 60, {58909365: "T", SITE: paternal}))
        + pairs("m", alt_with_maternal, Read("", 58909355, 60, {58909365: "T"}))
        + pairs("r", ref_reads, Read("", 58909355, 60, {SITE: paternal}))
    )
