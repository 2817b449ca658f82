"""Parent of origin from methylated haplotypes: a singleton proband's phased
allele takes its haplotype's parent; trio calls and methylation meet through
the conflict rules.  The allele is the real ClinVar exon-7 hotspot deletion
(c.565_568del); the modBAMs are synthetic, at the real DMR coordinates."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_vcf
from gnas_annot import annotate_vcf, assign_origin
from gnas_annot.cli.app import main
from gnas_annot.epigenetics.api import methylation
from gnas_annot.origin.model import Confidence, Method, Origin
from modbams import REAL_MATERNAL, REAL_PATERNAL, bedmethyl_lines, cpgs, phased_sample, real_dmrs

HOTSPOT = "chr20\t58909195\tRCV000017301\tTGACT\tT\t50\tPASS\t.\tGT:AD:DP:GQ:PS\t"


def _singleton(tmp_path: Path, gt: str = "0|1", ps: int = 58800000) -> Path:
    return write_vcf(tmp_path / "p.vcf", HOTSPOT + f"{gt}:19,17:36:99:{ps}\n", samples=("PROBAND",))


def _bam(
    tmp_path: Path,
    paternal_hp: int = 1,
    maternal: dict[str, float] = REAL_MATERNAL,
    sample: str = "PROBAND",
) -> Path:
    bam = phased_sample("GRCh38", REAL_PATERNAL, maternal, paternal_hp=paternal_hp, sample=sample)
    return bam.write(tmp_path / f"p{paternal_hp}.bam")


@pytest.mark.parametrize(
    ("paternal_hp", "origin", "reading"),
    [(1, "maternal", "PHP1A"), (2, "paternal", "PPHP / POH")],
)
def test_singleton_proband_allele_takes_its_haplotypes_parent(
    tmp_path: Path, partial_reference: dict, paternal_hp: int, origin: str, reading: str
) -> None:
    meth = methylation(_bam(tmp_path, paternal_hp), sample="PROBAND")
    (annotated,) = list(
        annotate_vcf(
            _singleton(tmp_path),
            trio="PROBAND,0,0",
            methylation={"PROBAND": meth},
            reference=partial_reference["GRCh38"],
        )
    )
    (proband,) = annotated.samples
    call = proband.origin_call
    assert call is not None and proband.origin == origin
    assert call.method is Method.METHYLATION and call.confidence is Confidence.HIGH
    (evidence,) = call.evidence
    assert evidence.phase_set == "PS:58800000"
    assert "haplotype 2 of PS:58800000" in evidence.detail and "A/B:TSS" in evidence.detail
    assert reading in proband.interpretation.summary


def test_other_phase_set_is_not_matched(tmp_path: Path) -> None:
    meth = methylation(_bam(tmp_path), sample="PROBAND")
    (call,) = assign_origin(
        _singleton(tmp_path, ps=123), trio="PROBAND,0,0", methylation={"PROBAND": meth}
    )
    assert call.origin is Origin.UNKNOWN
    assert "cannot be matched across phase sets" in call.evidence[0].detail


def test_unphased_allele_without_haplotagged_reads_gets_no_vote(tmp_path: Path) -> None:
    meth = methylation(_bam(tmp_path), sample="PROBAND")
    (call,) = assign_origin(
        _singleton(tmp_path, gt="0/1"), trio="PROBAND,0,0", methylation={"PROBAND": meth}
    )
    assert call.origin is Origin.UNKNOWN
    assert "none of its 0 ALT read(s) is haplotagged" in call.evidence[0].detail


R201H = "chr20\t58909366\t.\tG\tA\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:10,10:20:99\n"


@pytest.mark.parametrize(("alt_hp", "origin"), [(2, Origin.MATERNAL), (1, Origin.PATERNAL)])
def test_unphased_allele_is_placed_by_its_haplotagged_reads(
    tmp_path: Path, alt_hp: int, origin: Origin
) -> None:
    bam = phased_sample("GRCh38", REAL_PATERNAL, REAL_MATERNAL, paternal_hp=1)
    bam.add_snv_reads(58909366, "A", 8, hp=alt_hp, ps=58800000)
    bam.add_snv_reads(58909366, "G", 8, hp=3 - alt_hp, ps=58800000)
    meth = methylation(bam.write(tmp_path / "r.bam"), sample="PROBAND")
    vcf = write_vcf(tmp_path / "u.vcf", R201H, samples=("PROBAND",))
    (call,) = assign_origin(vcf, trio="PROBAND,0,0", methylation={"PROBAND": meth})
    assert call.origin is origin and call.method is Method.METHYLATION
    assert (
        f"haplotype {alt_hp} of PS:58800000 (8/8 haplotagged ALT reads)" in call.evidence[0].detail
    )


def test_haplotagged_alt_reads_that_disagree_place_nothing(tmp_path: Path) -> None:
    bam = phased_sample("GRCh38", REAL_PATERNAL, REAL_MATERNAL)
    bam.add_snv_reads(58909366, "A", 4, hp=1, ps=58800000)
    bam.add_snv_reads(58909366, "A", 4, hp=2, ps=58800000)
    meth = methylation(bam.write(tmp_path / "r.bam"), sample="PROBAND")
    vcf = write_vcf(tmp_path / "u.vcf", R201H, samples=("PROBAND",))
    (call,) = assign_origin(vcf, trio="PROBAND,0,0", methylation={"PROBAND": meth})
    assert call.origin is Origin.UNKNOWN and "disagree" in call.evidence[0].detail


def test_imprinting_defect_assigns_nothing(tmp_path: Path) -> None:
    meth = methylation(_bam(tmp_path, maternal=REAL_PATERNAL), sample="PROBAND")
    (call,) = assign_origin(_singleton(tmp_path), trio="PROBAND,0,0", methylation={"PROBAND": meth})
    assert call.origin is Origin.UNKNOWN
    assert "both haplotypes alike" in call.evidence[0].detail


def test_haplotype_bedmethyl_without_phase_set_gives_low_confidence(tmp_path: Path) -> None:
    files = []
    for name, levels in (("h1.bed", REAL_PATERNAL), ("h2.bed", REAL_MATERNAL)):
        counts = {
            p: (round(levels[d] * 20 / 100), 20)
            for d, (a, b) in real_dmrs("GRCh38").items()
            for p in cpgs(a, b)
        }
        (tmp_path / name).write_text("\n".join(bedmethyl_lines(counts, 18)) + "\n")
        files.append(tmp_path / name)
    meth = methylation(hap1=files[0], hap2=files[1])
    (call,) = assign_origin(_singleton(tmp_path), trio="PROBAND,0,0", methylation={"PROBAND": meth})
    assert call.origin is Origin.MATERNAL and call.confidence is Confidence.LOW
    assert "carry no phase set" in call.evidence[0].detail


TRIO = (
    "chr20\t58909195\t.\tTGACT\tT\t50\tPASS\t.\tGT:AD:DP:GQ:PS\t"
    "0|1:19,17:36:99:58800000\t0/1:20,18:38:99:.\t0/0:30,0:30:99:.\n"
)


@pytest.mark.parametrize(("paternal_hp", "agree"), [(2, True), (1, False)])
def test_trio_and_methylation_meet_through_the_conflict_rules(
    tmp_path: Path, paternal_hp: int, agree: bool
) -> None:
    vcf = write_vcf(tmp_path / "t.vcf", TRIO, samples=("KID", "DAD", "MUM"))
    meth = methylation(_bam(tmp_path, paternal_hp, sample="KID"), sample="KID")
    (call, *_) = assign_origin(vcf, trio="KID,DAD,MUM", methylation={"KID": meth})
    methods = {e.method: e.origin for e in call.evidence}
    assert methods[Method.TRIO_GENOTYPES] is Origin.PATERNAL
    assert methods[Method.METHYLATION] is (Origin.PATERNAL if agree else Origin.MATERNAL)
    if agree:
        assert call.origin is Origin.PATERNAL and not call.conflicts
    else:
        assert (call.origin, call.method) == (Origin.AMBIGUOUS, Method.MULTIPLE)
        assert "methods disagree" in call.conflicts[0]


def test_cli_origin_with_methylation_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bam = _bam(tmp_path)
    assert main(["origin", str(_singleton(tmp_path)), "--methylation", f"PROBAND={bam}"]) == 0
    header, row = [ln for ln in capsys.readouterr().out.splitlines() if ln[:2] != "##"][:2]
    values = dict(zip(header.split("\t"), row.split("\t"), strict=True))
    assert (values["origin"], values["method"], values["confidence"]) == (
        "maternal",
        "methylation",
        "high",
    )


def test_cli_methylation_for_a_sample_not_in_the_vcf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bam = _bam(tmp_path, sample="OTHER")
    code = main(
        [
            "origin",
            str(_singleton(tmp_path)),
            "--trio",
            "PROBAND,0,0",
            "--methylation",
            f"OTHER={bam}",
        ]
    )
    assert code == 10
    assert "--methylation given for OTHER" in capsys.readouterr().err


def test_cli_methylation_of_another_persons_bam_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bam = _bam(tmp_path, sample="SOMEONE")
    assert main(["origin", str(_singleton(tmp_path)), "--methylation", f"PROBAND={bam}"]) == 3
    assert "is for sample(s) SOMEONE, not PROBAND" in capsys.readouterr().err


def test_methylation_of_another_build_is_refused_for_the_vcfs_origin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bam = phased_sample("GRCh37", REAL_PATERNAL, REAL_MATERNAL, sample="PROBAND")
    path = bam.write(tmp_path / "b37.bam")
    vcf = str(_singleton(tmp_path))
    for command in ("origin", "annotate"):
        args = [command, vcf, "--trio", "PROBAND,0,0", "--methylation", f"PROBAND={path}"]
        assert main(args) == 5
        assert "PROBAND (GRCh37) is not on the VCF's build GRCh38" in capsys.readouterr().err


def test_report_uses_methylation_for_the_origin(tmp_path: Path) -> None:
    bam = _bam(tmp_path)
    page = tmp_path / "family.html"
    args = ["report", str(_singleton(tmp_path)), "--trio", "PROBAND,0,0", "-q", "-o", str(page)]
    assert main([*args, "--methylation", f"PROBAND={bam}"]) == 0
    html = page.read_text()
    assert "maternal</span><br>methylation, confidence high" in html
