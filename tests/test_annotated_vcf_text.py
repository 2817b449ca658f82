"""The annotated VCF is written as text (POO/POO_METHOD appended to the sample columns,
missing for every sample without an allele); each line must be exactly what htslib
writes when the fields are set sample by sample, on every shape of sample column."""

from __future__ import annotations

import itertools

import pysam
import pytest

from conftest import EXAMPLES, write_vcf
from gnas_annot import annotate_vcf
from gnas_annot.annotate.results import csq_entries
from gnas_annot.io.vcf import VcfSource
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.output.annotated_vcf import (
    _annotated_line,
    _by_record,
    _with_poo_fields,
    annotated_header,
)
from gnas_annot.output.annotated_vcf import write_vcf as write_annotated
from trios import R201C

G38 = GenomeBuild.GRCh38
SAMPLES = ("kid", "dad", "mum", "solo", "hap")
# every shape of sample column: full, trailing fields dropped, missing GT, haploid, 1/2
ODD = (
    "chr20\t58909365\t.\tC\tT,A\t50\tPASS\t.\tGT:AD:DP:GQ\t"
    "1/2:0,20,20:40:99\t0/1:20,20,0:40:99\t0/2:20,0,20:40:99\t./.:.:.:.\t1\n"
    f"{R201C}\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:20,20:40:99\t0/0:40,0:40:99\t0|0:40,0:40:99\t.\t0\n"
    f"{R201C}\t50\tPASS\t.\tGT\t0/1\t0/0\t./.\t1|0\t.\n"
)
PED = "F\tkid\tdad\tmum\t2\t2\nF\tdad\t0\t0\t1\t1\nF\tmum\t0\t0\t2\t1\n"


def _htslib_line(header, alleles) -> str:
    record = alleles[0].record.record.copy()
    record.translate(header)
    record.info["GNAS"] = tuple(e for av in alleles for e in csq_entries(av))
    n_alts = len(record.alts or ())
    if n_alts and record.samples:
        record = _with_poo_fields(record, alleles, n_alts)
    return str(record)


def _inputs(tmp_path, partial_reference):
    odd = write_vcf(tmp_path / "odd.vcf", ODD, samples=SAMPLES)
    ped = tmp_path / "odd.ped"
    ped.write_text(PED)
    yield odd, {"ped": ped, "reference": partial_reference[G38]}
    yield odd, {"reference": partial_reference[G38]}
    yield EXAMPLES / "trio.GRCh38.vcf", {"ped": EXAMPLES / "trio.ped"}
    yield EXAMPLES / "tumour.GRCh37.vcf", {}
    yield (
        write_vcf(tmp_path / "sites.vcf", "chr20\t58909365\trs1\tC\tT\t.\tPASS\t.\n", samples=()),
        {},
    )
    # INFO with keys (GNAS goes last), a float QUAL, FILTERs, a reference call (no ALT),
    # a spanning deletion, and enough samples for the NumPy scan (extract/genotypes.py)
    cohort = tuple(f"C{i}" for i in range(70))
    calls = ["0/1:20,20:40:99", "0/0:40,0:40:99", "1/1:0,40:40:99", "./.:.:.:."] * 17 + ["1", "0"]
    info_lines = (
        f"{R201C}\t12.5\tq10;LowQual\tAC=1;SVTYPE=SNV;ADR=3,4\tGT:AD:DP:GQ\t"
        + "\t".join(calls)
        + "\n"
        + "chr20\t58909366\t.\tG\t.\t.\t.\tAC=0\tGT:AD:DP:GQ\t"
        + "\t".join(["0/0:4,0:4:9"] * 70)
        + "\n"
        + "chr20\t58909367\trs2;rs3\tG\tA,*\t3\tPASS\t.\tGT\t"
        + "\t".join(["1/2", "0/0", "2|1", "0/1", "./2"] * 14)
        + "\n"
    )
    keyed = write_vcf(tmp_path / "keyed.vcf", info_lines, samples=cohort)
    yield keyed, {"reference": partial_reference[G38]}
    sites_keyed = "".join("\t".join(row.split("\t")[:8]) + "\n" for row in info_lines.splitlines())
    yield write_vcf(tmp_path / "sites_keyed.vcf", sites_keyed, samples=()), {}


def test_each_text_line_is_what_htslib_writes_sample_by_sample(tmp_path, partial_reference):
    checked = 0
    for vcf, kw in _inputs(tmp_path, partial_reference):
        annotated = list(annotate_vcf(vcf, **kw))
        with VcfSource(vcf) as source:
            header = annotated_header(
                annotated[0].record.record.header if annotated else source.header
            )
        for alleles in _by_record(annotated):
            assert alleles[0].record.line is not None  # written from the record's text
            assert _annotated_line(header, alleles) == _htslib_line(header, alleles)
            checked += 1
    assert checked >= 18


@pytest.mark.parametrize("suffix", [".vcf.gz", ".bcf"])
def test_compressed_and_bcf_outputs_hold_the_same_records(tmp_path, partial_reference, suffix):
    vcf = write_vcf(tmp_path / "odd.vcf", ODD, samples=SAMPLES)
    ped = tmp_path / "odd.ped"
    ped.write_text(PED)
    outputs = {}
    for kind in (".vcf", suffix):
        annotated = annotate_vcf(vcf, ped=ped, reference=partial_reference[G38])
        with VcfSource(vcf) as source:
            target = tmp_path / f"out{kind}"
            assert write_annotated(annotated, source.header, target) == 3
        with pysam.VariantFile(str(target)) as written:
            outputs[kind] = [str(r) for r in written]
    assert outputs[".vcf"] == outputs[suffix]
    kid_poo = [line.split("\t")[9].split(":")[-2] for line in outputs[".vcf"]]
    assert kid_poo == ["paternal,maternal", "de_novo_unphased", "unknown"]
    # samples without an allele: missing values, one per ALT
    assert [line.split("\t")[12].split(":")[-2] for line in outputs[".vcf"]][:2] == [".,.", "."]
    assert list(itertools.chain(*(line.split("\t")[8:9] for line in outputs[".vcf"]))) == [
        "GT:AD:DP:GQ:POO:POO_METHOD",
        "GT:AD:DP:GQ:POO:POO_METHOD",
        "GT:POO:POO_METHOD",
    ]


def _same_as_htslib(vcf, **kw) -> int:
    annotated = list(annotate_vcf(vcf, **kw))
    header = annotated_header(annotated[0].record.record.header)
    for alleles in _by_record(annotated):
        assert _annotated_line(header, alleles) == _htslib_line(header, alleles)
    return len(annotated)


def test_re_annotating_our_own_output_replaces_gnas_and_poo_as_htslib_does(
    tmp_path, partial_reference
):
    # the output holds INFO/GNAS and FORMAT/POO, POO_METHOD already: each is replaced
    vcf = write_vcf(tmp_path / "odd.vcf", ODD, samples=SAMPLES)
    ped = tmp_path / "odd.ped"
    ped.write_text(PED)
    reference = partial_reference[G38]
    for kw in ({"ped": ped}, {}):
        once = tmp_path / f"once{len(kw)}.vcf"
        with VcfSource(vcf) as source:
            write_annotated(annotate_vcf(vcf, reference=reference, **kw), source.header, once)
        assert "POO_METHOD" in once.read_text() and "GNAS=" in once.read_text()
        assert _same_as_htslib(once, reference=reference, **kw) == 4
        # POO and POO_METHOD without INFO/GNAS
        lines = once.read_text().splitlines(keepends=True)
        poo_only = tmp_path / f"poo{len(kw)}.vcf"
        poo_only.write_text(
            "".join(
                line
                if line.startswith("#")
                else "\t".join([*line.split("\t")[:7], ".", *line.split("\t")[8:]])
                for line in lines
            )
        )
        assert "GNAS=" not in poo_only.read_text()
        assert _same_as_htslib(poo_only, reference=reference, **kw) == 4
    sites = write_vcf(
        tmp_path / "sites.vcf", "".join(f"{r}\t.\tPASS\t.\n" for r in [R201C]), samples=()
    )
    once = tmp_path / "sites_once.vcf"
    with VcfSource(sites) as source:
        write_annotated(annotate_vcf(sites), source.header, once)
    assert _same_as_htslib(once) == 1


def test_keys_that_merely_hold_gnas_or_poo_in_their_names_are_kept_as_htslib_keeps_them(
    tmp_path, partial_reference
):
    # INFO XGNAS/GNASX and FORMAT POOL: the text holds the names, the record not our keys
    header = (
        "##fileformat=VCFv4.2\n"
        "##contig=<ID=chr20,length=64444167>\n"
        '##INFO=<ID=XGNAS,Number=1,Type=Integer,Description="x">\n'
        '##INFO=<ID=GNASX,Number=0,Type=Flag,Description="x">\n'
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        '##FORMAT=<ID=POOL,Number=1,Type=Integer,Description="x">\n'
    )
    body = (
        f"{R201C}\t50\tPASS\tXGNAS=3;GNASX\tGT:POOL\t0/1:2\t0/0:1\n"
        f"{R201C}\t50\tPASS\tGNASX\tPOOL:GT\t2:1/1\t.:0/1\n"
        "chr20\t58909366\t.\tG\tA,T\t50\tPASS\tXGNAS=1\tGT\t1/2\t0/0\n"
    )
    vcf = write_vcf(tmp_path / "named.vcf", body, header=header, samples=("A", "B"))
    assert _same_as_htslib(vcf, reference=partial_reference[G38]) == 4
    sites = "".join("\t".join(row.split("\t")[:8]) + "\n" for row in body.splitlines())
    assert _same_as_htslib(write_vcf(tmp_path / "s.vcf", sites, header=header, samples=())) == 4
