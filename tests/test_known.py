"""Custom annotation from the user's ClinVar, gnomAD or any indexed VCF
(--custom/--clinvar/--gnomad): matched after both sides are split and
normalized, on the same build, with contig aliases; SVs by reciprocal overlap.

The source files are written here in the real files' formats (ClinVar:
``20`` contigs, ``##reference=GRCh38``, one ALT per record; gnomAD: ``chr20``,
Number=A frequencies, multi-allelic records) at real GNAS alleles — the REF
bases are those of the published records in data/examples/ — with made-up
annotation values."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gnas_annot.errors import BuildMismatchError, CustomAnnotationError
from gnas_annot.extract.extractor import Extractor
from gnas_annot.known.custom import CustomSpec, KnownVariants, MatchMode
from gnas_annot.model.builds import GenomeBuild

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"

CLINVAR_HEADER = """##fileformat=VCFv4.1
##fileDate=2026-11-30
##source=ClinVar
##reference=GRCh38
##ID=<Description="ClinVar Variation ID">
##INFO=<ID=AF_ESP,Number=1,Type=Float,Description="allele frequencies from GO-ESP">
##INFO=<ID=ALLELEID,Number=1,Type=Integer,Description="the ClinVar Allele ID">
##INFO=<ID=CLNDN,Number=.,Type=String,Description="ClinVar's preferred disease name">
##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="ClinVar review status">
##INFO=<ID=CLNSIG,Number=.,Type=String,Description="Aggregate germline classification">
##INFO=<ID=SVTYPE,Number=1,Type=String,Description="SV type">
##INFO=<ID=END,Number=1,Type=Integer,Description="End">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO
"""

GNOMAD_HEADER = """##fileformat=VCFv4.2
##contig=<ID=chr20,length={length},assembly={build}>
##INFO=<ID=AC,Number=A,Type=Integer,Description="Alternate allele count">
##INFO=<ID=AF,Number=A,Type=Float,Description="Alternate allele frequency">
##INFO=<ID=AF_grpmax,Number=A,Type=Float,Description="Maximum allele frequency across groups">
##INFO=<ID=nhomalt,Number=A,Type=Integer,Description="Count of homozygous individuals">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO
"""


def _bgzip_index(path: Path, text: str) -> str:
    path.write_text(text)
    pysam = pytest.importorskip("pysam")
    out = str(path) + ".gz"
    pysam.tabix_compress(str(path), out, force=True)
    pysam.tabix_index(out, preset="vcf", force=True)
    return out


def _clinvar(tmp_path: Path, body: str) -> str:
    return _bgzip_index(tmp_path / "clinvar.vcf", CLINVAR_HEADER + body)


def _gnomad(tmp_path: Path, body: str, build: GenomeBuild = GenomeBuild.GRCh38) -> str:
    header = GNOMAD_HEADER.format(length=build.chr20_length, build=build)
    return _bgzip_index(tmp_path / f"gnomad.{build}.vcf", header + body)


def _alleles(reference=None):
    with Extractor(str(EXAMPLES / "trio.GRCh38.vcf"), reference=reference) as ex:
        return {v.source.pos * 10 + v.allele_index: v for v in ex.variants()}


def test_clinvar_fields_are_copied_for_the_exact_allele_only(tmp_path):
    path = _clinvar(
        tmp_path,
        "20\t58909365\t1\tC\tT\t.\t.\tALLELEID=11;CLNSIG=Pathogenic"
        ";CLNREVSTAT=reviewed_by_expert_panel;CLNDN=McCune-Albright_syndrome|Pituitary_adenoma\n",
    )
    known = KnownVariants([CustomSpec.clinvar(path)], GenomeBuild.GRCh38, None)
    alleles = _alleles()
    r201c, r201s = alleles[589093651], alleles[589093652]
    assert dict(known.annotate(r201c)) == {
        "ClinVar_CLNSIG": "Pathogenic",
        "ClinVar_CLNREVSTAT": "reviewed_by_expert_panel",
        "ClinVar_CLNDN": "McCune-Albright_syndrome|Pituitary_adenoma",
        "ClinVar_ALLELEID": "11",
    }
    assert known.annotate(r201s) == ()  # same position, other ALT: no match
    assert known.columns == tuple(
        f"ClinVar_{f}" for f in ("CLNSIG", "CLNREVSTAT", "CLNDN", "ALLELEID")
    )


def test_a_multiallelic_gnomad_record_gives_each_alt_its_own_number_a_value(tmp_path):
    path = _gnomad(
        tmp_path,
        "chr20\t58909365\t.\tC\tA,T\t.\tPASS\tAC=3,1;AF=2e-05,6.5e-06;AF_grpmax=4e-05,1e-05;nhomalt=0,0\n",
    )
    known = KnownVariants([CustomSpec.gnomad(path)], GenomeBuild.GRCh38, None)
    alleles = _alleles()
    assert dict(known.annotate(alleles[589093651]))["gnomAD_AF"] == "6.5e-06"  # C>T is ALT 2 there
    assert dict(known.annotate(alleles[589093652]))["gnomAD_AF"] == "2e-05"
    assert dict(known.annotate(alleles[589093652]))["gnomAD_AF_grpmax"] == "4e-05"


def test_a_source_written_differently_matches_after_normalization(tmp_path, partial_reference):
    # c.565_568del as ClinVar writes it (left-aligned, GCTGA>G at 58909193) and the
    # example's 3'-shifted TGACT>T at 58909195: the same allele once both are normalized
    path = _clinvar(tmp_path, "20\t58909193\t2\tGCTGA\tG\t.\t.\tALLELEID=22;CLNSIG=Pathogenic\n")
    reference = partial_reference[GenomeBuild.GRCh38]
    from gnas_annot.seq.reference import ReferenceGenome

    genome = ReferenceGenome(reference)
    known = KnownVariants([CustomSpec.clinvar(path)], GenomeBuild.GRCh38, genome)
    deletion = _alleles(genome)[589091951]
    assert (deletion.pos, deletion.ref, deletion.alt) == (58909193, "GCTGA", "G")
    assert dict(known.annotate(deletion))["ClinVar_CLNSIG"] == "Pathogenic"


def test_overlap_mode_reports_every_overlapping_record(tmp_path):
    path = _clinvar(
        tmp_path,
        "20\t58909364\t3\tAC\tA\t.\t.\tALLELEID=33;CLNSIG=Uncertain_significance\n"
        "20\t58909365\t4\tC\tG\t.\t.\tALLELEID=44;CLNSIG=Likely_pathogenic\n",
    )
    spec = CustomSpec(path, "CV", ("CLNSIG",), MatchMode.OVERLAP)
    known = KnownVariants([spec], GenomeBuild.GRCh38, None)
    assert dict(known.annotate(_alleles()[589093651])) == {
        "CV_CLNSIG": "Uncertain_significance&Likely_pathogenic"
    }


def test_symbolic_deletions_match_by_reciprocal_overlap(tmp_path):
    # the example's <DEL> spans 58890000-58905000 (15,001 bp)
    near = "20\t58890100\tsv1\tN\t<DEL>\t.\t.\tSVTYPE=DEL;END=58905100;CLNSIG=Pathogenic\n"
    small = "20\t58890000\tsv2\tN\t<DEL>\t.\t.\tSVTYPE=DEL;END=58893000;CLNSIG=Benign\n"
    dup = "20\t58890000\tsv3\tN\t<DUP>\t.\t.\tSVTYPE=DUP;END=58905000;CLNSIG=Benign\n"
    path = _clinvar(tmp_path, small + dup + near)
    known = KnownVariants([CustomSpec(path, "SV", ("CLNSIG",))], GenomeBuild.GRCh38, None)
    deletion = _alleles()[588900001]
    assert dict(known.annotate(deletion)) == {"SV_CLNSIG": "Pathogenic"}


def test_a_source_on_another_build_is_refused(tmp_path):
    path = _gnomad(
        tmp_path,
        "chr20\t57484420\t.\tC\tT\t.\tPASS\tAC=1;AF=1e-05;AF_grpmax=1e-05;nhomalt=0\n",
        GenomeBuild.GRCh37,
    )
    with pytest.raises(BuildMismatchError, match="GRCh37 but the input is GRCh38"):
        KnownVariants([CustomSpec.gnomad(path)], GenomeBuild.GRCh38, None)


def test_an_unindexed_source_is_refused_with_the_fix(tmp_path):
    plain = tmp_path / "plain.vcf"
    plain.write_text(CLINVAR_HEADER + "20\t58909365\t1\tC\tT\t.\t.\tCLNSIG=Pathogenic\n")
    with pytest.raises(CustomAnnotationError, match="tabix -p vcf"):
        KnownVariants([CustomSpec.clinvar(str(plain))], GenomeBuild.GRCh38, None)


def test_a_field_the_file_lacks_is_an_error_for_custom_but_skipped_by_presets(tmp_path):
    path = _clinvar(tmp_path, "20\t58909365\t1\tC\tT\t.\t.\tCLNSIG=Pathogenic\n")
    with pytest.raises(CustomAnnotationError, match="NOPE"):
        KnownVariants([CustomSpec(path, "X", ("CLNSIG", "NOPE"))], GenomeBuild.GRCh38, None)
    gnomad_preset_on_clinvar = CustomSpec(path, "G", ("AF", "CLNSIG"), required=False)
    assert KnownVariants([gnomad_preset_on_clinvar], GenomeBuild.GRCh38, None).columns == (
        "G_CLNSIG",
    )


@pytest.mark.parametrize(
    "text",
    ["clinvar.vcf.gz", "clinvar.vcf.gz,ClinVar", "x.vcf.gz,bad name,AF", "x.vcf.gz,,AF", ",N,AF"],
)
def test_a_malformed_custom_option_is_refused(text):
    with pytest.raises(ValueError, match="--custom"):
        CustomSpec.parse(text)


def test_two_sources_may_not_share_a_name(tmp_path):
    path = _clinvar(tmp_path, "20\t58909365\t1\tC\tT\t.\t.\tCLNSIG=Pathogenic\n")
    with pytest.raises(CustomAnnotationError, match="share a NAME"):
        KnownVariants(
            [CustomSpec.clinvar(path), CustomSpec.clinvar(path)], GenomeBuild.GRCh38, None
        )


def test_bcftools_reads_the_test_sources(tmp_path, bcftools):
    # the fixtures are real VCFs, not something only our reader accepts
    path = _clinvar(tmp_path, "20\t58909365\t1\tC\tT\t.\t.\tCLNSIG=Pathogenic\n")
    out = subprocess.run([bcftools, "view", "-H", path], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("20\t58909365")


# -- in the pipeline ---------------------------------------------------------------------


def test_annotate_vcf_carries_the_known_fields_and_frequency_evidence_per_allele(tmp_path):
    import gnas_annot

    clinvar = _clinvar(tmp_path, "20\t58909365\t1\tC\tT\t.\t.\tALLELEID=11;CLNSIG=Pathogenic\n")
    gnomad = _gnomad(
        tmp_path,
        "chr20\t58909366\t.\tG\tA\t.\tPASS\tAC=9000;AF=0.07;AF_grpmax=0.09;nhomalt=300\n",
    )
    specs = [CustomSpec.clinvar(clinvar), CustomSpec.gnomad(gnomad)]
    by_key = {
        (a.variant.pos, a.variant.alt): a
        for a in gnas_annot.annotate_vcf(str(EXAMPLES / "trio.GRCh38.vcf"), custom=specs)
    }
    r201c, r201h = by_key[(58909365, "T")], by_key[(58909366, "A")]
    assert dict(r201c.known)["ClinVar_CLNSIG"] == "Pathogenic"
    assert [e.code for e in r201c.evidence] == ["PM2_Supporting"]  # not in the gnomAD file
    assert dict(r201h.known)["gnomAD_AF"] == "0.07"
    assert [e.code for e in r201h.evidence] == ["BA1"]
    assert "0.09" in r201h.evidence[0].text  # the group maximum decides, with its number
    assert by_key[(58890000, "<DEL>")].evidence == ()  # an SV gets no allele-frequency flag


@pytest.mark.parametrize(
    ("af", "grpmax", "codes"),
    [
        ("0.051", None, ["BA1"]),
        ("0.05", None, []),  # not above the threshold
        ("0.01", "0.2", ["BA1"]),
        ("0", "0", ["PM2_Supporting"]),
        ("0.0001", None, []),
        (None, None, ["PM2_Supporting"]),
    ],
)
def test_frequency_flags_follow_the_thresholds(af, grpmax, codes):
    from gnas_annot.known.evidence import frequency_evidence
    from gnas_annot.pack.store import load_pack

    fields = {k: v for k, v in (("G_AF", af), ("G_AF_grpmax", grpmax)) if v is not None}
    assert [e.code for e in frequency_evidence(fields, "G", load_pack().frequency)] == codes


# -- every output format -----------------------------------------------------------------


def _sources(tmp_path):
    clinvar = _clinvar(tmp_path, "20\t58909365\t1\tC\tT\t.\t.\tALLELEID=11;CLNSIG=Pathogenic\n")
    gnomad = _gnomad(
        tmp_path, "chr20\t58909366\t.\tG\tA\t.\tPASS\tAC=9;AF=0.07;AF_grpmax=0.09;nhomalt=3\n"
    )
    return ["--clinvar", clinvar, "--gnomad", gnomad]


def _annotate(tmp_path, out, *extra):
    from gnas_annot.cli.app import main

    args = ["annotate", str(EXAMPLES / "trio.GRCh38.vcf"), "-o", str(out), "-q", *extra]
    return main(args)


@pytest.mark.parametrize("suffix", ["tsv", "tsv.gz", "jsonl", "parquet"])
def test_known_fields_are_columns_of_every_table_format(tmp_path, suffix):
    out = tmp_path / f"out.{suffix}"
    assert _annotate(tmp_path, out, *_sources(tmp_path)) == 0
    if suffix == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        table = pq.read_table(out).to_pylist()
    elif suffix == "jsonl":
        from gnas_annot.output.tables import read_jsonl

        header, table = read_jsonl(out)
        assert header["columns"][-4:] == [
            "ClinVar_ALLELEID",
            "gnomAD_AF",
            "gnomAD_AF_grpmax",
            "gnomAD_nhomalt",
        ]
    else:
        import csv
        import gzip

        opener = gzip.open if suffix.endswith(".gz") else open
        with opener(out, "rt") as handle:
            lines = [line for line in handle if not line.startswith("##")]
        table = list(csv.DictReader(lines, delimiter="\t"))
    r201c = [r for r in table if str(r["pos"]) == "58909365" and r["alt"] == "T"]
    r201h = [r for r in table if str(r["pos"]) == "58909366"]
    assert r201c and all(r["ClinVar_CLNSIG"] == "Pathogenic" for r in r201c)
    assert r201h and all(r["gnomAD_AF_grpmax"] == "0.09" for r in r201h)
    evidence = r201h[0]["frequency_evidence"]
    assert "BA1" in (evidence if isinstance(evidence, str) else " ".join(evidence))
    assert not r201c[0]["gnomAD_AF"]  # no gnomAD record: empty, not made up


def test_known_fields_end_each_info_gnas_entry_readable_by_split_vep(tmp_path, bcftools):
    out = tmp_path / "out.vcf"
    assert _annotate(tmp_path, out, *_sources(tmp_path)) == 0
    query = subprocess.run(
        [
            bcftools, "+split-vep", "-a", "GNAS", "-d", "-f",
            "%POS\t%Transcript\t%ClinVar_CLNSIG\t%gnomAD_AF\t%Frequency_evidence\n",
            str(out),
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = [line.split("\t") for line in query.stdout.splitlines()]
    on_gs = {(r[0], r[2], r[3], r[4]) for r in rows if r[1] == "NM_000516.7"}
    assert ("58909365", "Pathogenic", ".", "PM2_Supporting") in on_gs
    assert ("58909366", ".", "0.07", "BA1") in on_gs


def test_a_custom_source_on_another_build_exits_5(tmp_path, capsys):
    line = "chr20\t57484420\t.\tC\tT\t.\tPASS\tAC=1;AF=1e-05;AF_grpmax=1e-05;nhomalt=0\n"
    path = _gnomad(tmp_path, line, GenomeBuild.GRCh37)
    assert _annotate(tmp_path, tmp_path / "o.tsv", "--gnomad", path) == 5
    assert "GRCh37 but the input is GRCh38" in capsys.readouterr().err


def test_a_malformed_custom_option_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        _annotate(tmp_path, tmp_path / "o.tsv", "--custom", "only_a_file.vcf.gz")
    assert exit_info.value.code == 2
