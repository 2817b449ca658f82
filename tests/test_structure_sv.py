"""Copy-number events from SV/CNV VCF records in each caller's style, mapped
to the same exons and events as depth; parent of origin of an event."""

from __future__ import annotations

import pytest

from gnas_annot.structure.event_origin import event_origin
from gnas_annot.structure.events import EventKind
from gnas_annot.structure.genotypes import Site
from gnas_annot.structure.sv_records import read_sv_vcf

HEAD = (
    "##fileformat=VCFv4.2\n"
    "{source}"
    "##contig=<ID=chr20,length=64444167>\n"
    '##ALT=<ID=DEL,Description="Deletion">\n'
    '##ALT=<ID=DUP,Description="Duplication">\n'
    '##ALT=<ID=CNV,Description="Copy number variant">\n'
    '##INFO=<ID=END,Number=1,Type=Integer,Description="End">\n'
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type">\n'
    '##INFO=<ID=SVLEN,Number=.,Type=Integer,Description="Length">\n'
    '##INFO=<ID=MATEID,Number=.,Type=String,Description="Mate">\n'
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=CN,Number=1,Type=Integer,Description="Copy number">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t{samples}\n"
)
# the recurrent STX16 region: between exon 3 (ends 58667597) and exon 7 (starts 58671154)
DEL_START, DEL_END = 58667700, 58670900
AT = f"chr20\t{DEL_START - 1}"  # symbolic records sit on the padding base before the event
DEL_INFO = f"END={DEL_END};SVTYPE=DEL"


def _vcf(tmp_path, body, source="", samples=("kid",)):
    path = tmp_path / "sv.vcf"
    path.write_text(HEAD.format(source=source, samples="\t".join(samples)) + body)
    return path


def _stx16(event):
    return event.label.startswith("STX16 exons 4-6 deleted: the region of the recurrent 3-kb")


def test_manta_symbolic_deletion(tmp_path):
    info = f"{DEL_INFO};SVLEN=-3201"
    body = f"{AT}\tMantaDEL:1:0:1:0:0:0\tN\t<DEL>\t300\tPASS\t{info}\tGT\t0/1\n"
    reading = read_sv_vcf(_vcf(tmp_path, body, "##source=GenerateSVCandidates 1.6.0\n"))
    assert reading.caller == "Manta"
    (event,) = reading.events
    assert (event.start, event.end, event.copies, event.quality) == (DEL_START, DEL_END, 1, 300.0)
    assert _stx16(event) and event.targets == ("STX16 exon 4", "STX16 exon 5", "STX16 exon 6")


def test_manta_bnd_pair_is_one_deletion(tmp_path):
    body = (
        f"{AT}\tbnd_1\tN\tN[chr20:{DEL_END + 1}[\t99\tPASS\tSVTYPE=BND;MATEID=bnd_2\tGT\t0/1\n"
        f"chr20\t{DEL_END + 1}\tbnd_2\tN\t]chr20:{DEL_START - 1}]N\t99\tPASS\t"
        "SVTYPE=BND;MATEID=bnd_1\tGT\t0/1\n"
    )
    (event,) = read_sv_vcf(_vcf(tmp_path, body)).events
    assert (event.kind, event.start, event.end) == (EventKind.DELETION, DEL_START, DEL_END)
    assert _stx16(event)


def test_bnd_tandem_duplication_and_inversion(tmp_path):
    body = (
        "chr20\t58903000\tdup_1\tN\t]chr20:58911000]N\t99\tPASS\tSVTYPE=BND\tGT\t0/1\n"
        "chr20\t58700000\tinv_1\tN\tN]chr20:58710000]\t99\tPASS\tSVTYPE=BND\tGT\t0/1\n"
    )
    reading = read_sv_vcf(_vcf(tmp_path, body))
    (event,) = reading.events
    assert event.kind == EventKind.DUPLICATION
    assert event.label.startswith("GNAS exons 4-13 duplicated")
    assert any("inversion" in s for s in reading.skipped)


def test_delly_deletion_homozygous(tmp_path):
    body = f"{AT}\tDEL00000001\tN\t<DEL>\t60\tPASS\t{DEL_INFO}\tGT\t1/1\n"
    reading = read_sv_vcf(_vcf(tmp_path, body, "##source=DELLY\n"))
    assert reading.caller == "DELLY"
    assert reading.events[0].copies == 0 and _stx16(reading.events[0])


def test_gatk_gcnv_haploid_style_gt_and_cn(tmp_path):
    body = (
        f"chr20\t{DEL_START}\tCNV_chr20_1\tN\t<DEL>,<DUP>\t.\t.\tEND={DEL_END}\tGT:CN\t1:1\n"
        "chr20\t58903500\tCNV_chr20_2\tN\t<DEL>,<DUP>\t.\t.\tEND=58911100\tGT:CN\t2:3\n"
        "chr20\t58800000\tCNV_chr20_3\tN\t<DEL>,<DUP>\t.\t.\tEND=58830000\tGT:CN\t0:2\n"
    )
    reading = read_sv_vcf(_vcf(tmp_path, body, "##source=PostprocessGermlineCNVCalls\n"))
    kinds = [(e.kind, e.copies) for e in reading.events]
    assert kinds == [(EventKind.DELETION, 1), (EventKind.DUPLICATION, 3)]
    assert _stx16(reading.events[0])


def test_cnvkit_export_and_cnv_allele(tmp_path):
    body = (
        f"chr20\t{DEL_START}\t.\tN\t<DEL>\t.\t.\tIMPRECISE;SVTYPE=DEL;END={DEL_END};SVLEN=-3200\tGT:CN\t0/1:1\n"
        "chr20\t58830000\t.\tN\t<CNV>\t.\t.\tEND=58915000;SVTYPE=CNV\tGT:CN\t./.:1\n"
    )
    reading = read_sv_vcf(_vcf(tmp_path, body, "##source=CNVkit v0.9.9\n"))
    assert reading.caller == "CNVkit"
    whole = reading.events[1]
    assert whole.kind == EventKind.DELETION and "whole GNAS gene" in whole.known


def test_sequence_resolved_deletion_and_grch37(tmp_path):
    header = HEAD.replace("64444167", "63025520")
    path = tmp_path / "b37.vcf"
    offset = 1_424_944  # STX16's GRCh38 - GRCh37
    ref = "N" * 3300
    path.write_text(
        header.format(source="", samples="kid")
        + f"chr20\t{DEL_START - 1 - offset}\t.\t{ref}\tN\t50\tPASS\tSVTYPE=DEL\tGT\t0/1\n"
    )
    reading = read_sv_vcf(path)
    assert str(reading.build) == "GRCh37"
    assert _stx16(reading.events[0])


def test_trio_origin_from_parents_calls_and_missing_maternal_alleles(tmp_path):
    body = f"{AT}\tDEL1\tN\t<DEL>\t60\tPASS\t{DEL_INFO}\tGT\t0/1\t0/0\t0/1\n"
    reading = read_sv_vcf(_vcf(tmp_path, body, samples=("kid", "dad", "mum")))
    kid = [e for e in reading.events if e.sample == "kid"]
    mum = [e for e in reading.events if e.sample == "mum"]
    assert len(kid) == 1 and len(mum) == 1
    # kid shows dad's ALT only where mum is homozygous REF: mum's allele missing
    sites = [
        Site(DEL_START + 100, ((1, 1), (0, 1), (0, 0))),
        Site(DEL_START + 900, ((0, 0), (0, 1), (1, 1))),
    ]
    origin = event_origin(kid[0], {"father": [], "mother": mum}, sites)
    assert (origin.origin, origin.inheritance) == ("maternal", "inherited")
    assert origin.maternal_sites == (DEL_START + 100, DEL_START + 900)
    # a de novo deletion: the alleles alone name the parental chromosome
    denovo = event_origin(kid[0], {"father": [], "mother": []}, sites)
    assert (denovo.origin, denovo.inheritance) == ("maternal", "de_novo")
    # the father's calls and the alleles disagree: conflicting
    clash = event_origin(kid[0], {"father": mum, "mother": []}, sites)
    assert clash.origin == "conflicting" and clash.conflicts


def test_het_child_site_inside_a_deletion_is_counter_evidence(tmp_path):
    body = f"{AT}\tDEL1\tN\t<DEL>\t60\tPASS\t{DEL_INFO}\tGT\t0/1\n"
    (event,) = read_sv_vcf(_vcf(tmp_path, body)).events
    sites = [Site(DEL_START + 50, ((0, 1), (0, 0), (0, 1)))]
    origin = event_origin(event, {"father": None, "mother": None}, sites)
    assert origin.het_sites == (DEL_START + 50,)
    assert any("heterozygous" in c for c in origin.conflicts)
    assert origin.inheritance == "unknown"


@pytest.mark.parametrize("alt", ["<INV>", "<INS>"])
def test_non_copy_number_symbolic_records_are_skipped_with_a_reason(tmp_path, alt):
    body = f"chr20\t58700000\t.\tN\t{alt}\t60\tPASS\tEND=58710000\tGT\t0/1\n"
    reading = read_sv_vcf(_vcf(tmp_path, body))
    assert reading.events == () and "changes no copy number" in reading.skipped[0]
