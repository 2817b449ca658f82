"""The PVS1 branches that use the user's ClinVar file (--clinvar): starred
(likely) pathogenic variants between codon 2 and the next in-frame Met raise
the initiation-codon branch (IC4 -> IC3/IC2/IC1); many pathogenic truncations
downstream of an NMD-escaping stop make the truncated region critical (NF3).

Codon positions come from the NM_000516.7 exon table of tests/data (c.1 =
GRCh38 58891727, exon 1 = c.1-c.139), not from the code under test."""

from __future__ import annotations

from pathlib import Path

import pytest

from gnas_annot.effect.clinvar_regions import codon_intervals, downstream_critical
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.lof import assess
from gnas_annot.effect.pvs1 import Strength
from gnas_annot.known.clinvar import Assertion, ClinVarIndex
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome

G38 = GenomeBuild.GRCh38
C1 = 58891727  # NM_000516.7 c.1 on GRCh38 (exon 1 holds c.1-c.139)


def _c(n: int) -> int:
    assert 1 <= n <= 139
    return C1 + n - 1


def _assertion(pos: int, significance="Pathogenic", review="criteria_provided,_single_submitter",
               consequence="SO:0001587|nonsense", allele_id="1") -> Assertion:  # fmt: skip
    return Assertion(pos, pos, f"chr20-{pos}-N-A", significance, review, consequence, allele_id)


@pytest.fixture(scope="module")
def calc(partial_reference):
    return ConsequenceCalculator({G38: ReferenceGenome(partial_reference[G38])})


def _start_loss(calc, clinvar):
    result = calc.annotate(G38, C1, "A", "G")
    return assess(result, calc.namer.provider, clinvar).on("NM_000516.7")


def test_codon_intervals_follow_the_exon_model():
    gs = load_locus(G38).transcript("NM_000516.7")
    assert codon_intervals(gs, 1, 1) == [(C1, C1 + 2)]
    assert codon_intervals(gs, 2, 46) == [(_c(4), _c(138))]
    # codon 47 = c.139-141 spans the exon 1/2 junction (exon 2 starts at c.140)
    exon2 = codon_intervals(gs, 47, 47)
    assert exon2[0] == (_c(139), _c(139)) and len(exon2) == 2 and exon2[1][1] - exon2[1][0] == 1


def test_starred_pathogenic_variants_before_met60_raise_the_start_loss_branch(calc):
    clinvar = ClinVarIndex(
        "ClinVar",
        [
            _assertion(_c(10), allele_id="101"),
            _assertion(_c(74), "Likely_pathogenic", allele_id="102"),
            _assertion(_c(124), allele_id="103"),
            _assertion(_c(30), review="no_assertion_criteria_provided", allele_id="900"),
            _assertion(_c(40), "Uncertain_significance", allele_id="901"),
            _assertion(58909365, allele_id="902"),  # R201C: after Met60, does not count
        ],
    )
    lof = _start_loss(calc, clinvar)
    assert (lof.pvs1_criterion, lof.pvs1_strength) == ("IC3", Strength.MODERATE)
    named = next(r for r in lof.pvs1_reasons if r.startswith("ClinVar: starred"))
    assert all(f"ALLELEID {n}" in named for n in ("101", "102", "103"))
    assert not any(f"ALLELEID {n}" in named for n in ("900", "901", "902"))
    assert not any("no --clinvar" in m for m in lof.missing_data)


@pytest.mark.parametrize(("count", "code"), [(0, "IC4"), (3, "IC3"), (4, "IC2"), (7, "IC1")])
def test_the_number_of_upstream_pathogenic_variants_sets_the_strength(calc, count, code):
    clinvar = ClinVarIndex(
        "ClinVar", [_assertion(_c(4 + 3 * k), allele_id=str(k)) for k in range(count)]
    )
    assert _start_loss(calc, clinvar).pvs1_criterion == code


def test_without_clinvar_the_missing_data_says_so(calc):
    lof = _start_loss(calc, None)
    assert any("no --clinvar file" in m for m in lof.missing_data)


def _downstream(gs, n_truncating: int, n_other: int) -> ClinVarIndex:
    start = codon_intervals(gs, 350, 350)[0][0]
    items = [_assertion(start + 3 * k, allele_id=f"t{k}") for k in range(n_truncating)]
    items += [
        _assertion(start + 1 + 3 * (k % 10), "Benign", consequence="SO:0001583|missense_variant")
        for k in range(n_other)
    ]
    return ClinVarIndex("ClinVar", items)


@pytest.mark.parametrize(
    ("truncating", "other", "critical"),
    [(6, 0, True), (6, 200, False), (5, 0, False), (7, 100, True), (0, 10, False)],
)
def test_downstream_truncations_make_a_region_critical_only_when_many_and_frequent(
    truncating, other, critical
):
    gs = load_locus(G38).transcript("NM_000516.7")
    why = downstream_critical(_downstream(gs, truncating, other), gs, 340)
    assert (why is not None) == critical
    if critical:
        assert f"{truncating} starred" in why and "ALLELEID t0" in why


def test_truncations_upstream_of_the_stop_do_not_count():
    gs = load_locus(G38).transcript("NM_000516.7")
    assert downstream_critical(_downstream(gs, 8, 0), gs, 360) is None


def test_an_nmd_escaping_stop_without_a_curated_region_uses_clinvar(calc, monkeypatch):
    # MECHANISM: take the pack's exon-13 region away, so only ClinVar can call the
    # truncated region critical; a stop in the last 50 nt of exon 12 escapes NMD
    import gnas_annot.effect.pvs1 as pvs1

    monkeypatch.setattr(pvs1, "critical_region", lambda *a, **k: None)
    gs = load_locus(G38).transcript("NM_000516.7")
    codon, change = _stop_gained(calc, gs, range(332, 347))
    result = calc.annotate(G38, *change)
    without = assess(result, calc.namer.provider).on("NM_000516.7")
    assert without.nmd is False and without.pvs1_criterion != "NF3"
    clinvar = _downstream(gs, 6, 0)  # truncations from codon 350 on: downstream of the stop
    with_clinvar = assess(result, calc.namer.provider, clinvar).on("NM_000516.7")
    assert (with_clinvar.pvs1_criterion, with_clinvar.pvs1_strength) == ("NF3", Strength.STRONG)
    assert any(f"downstream of codon {codon}" in r for r in with_clinvar.pvs1_reasons)


def _stop_gained(calc, gs, codons: range) -> tuple[int, tuple[int, str, str]]:
    """The first codon of ``codons`` one base change away from a stop, and that change."""
    ref = calc.namer.references[G38]
    for codon in codons:
        (start, end), *_ = codon_intervals(gs, codon, codon)
        bases = ref.fetch(start, end).upper()
        if end - start != 2 or "N" in bases:
            continue
        for k in range(3):
            for alt in "ACGT":
                mutated = bases[:k] + alt + bases[k + 1 :]
                if alt != bases[k] and mutated in ("TAA", "TAG", "TGA"):
                    return codon, (start + k, bases[k], alt)
    raise AssertionError(f"no codon of {codons} is one change away from a stop")


def test_a_clinvar_vcf_drives_the_branch_end_to_end(tmp_path, partial_reference):
    import pysam

    import gnas_annot
    from gnas_annot.known.custom import CustomSpec

    header = (
        "##fileformat=VCFv4.1\n##reference=GRCh38\n"
        '##INFO=<ID=ALLELEID,Number=1,Type=Integer,Description="allele">\n'
        '##INFO=<ID=CLNSIG,Number=.,Type=String,Description="significance">\n'
        '##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="review">\n'
        '##INFO=<ID=MC,Number=.,Type=String,Description="consequence">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
    )
    body = "".join(
        f"20\t{_c(n)}\t{n}\tN\tA\t.\t.\tALLELEID={n};CLNSIG=Pathogenic;"
        "CLNREVSTAT=criteria_provided,_multiple_submitters,_no_conflicts;MC=SO:0001587|nonsense\n"
        for n in (10, 20, 30, 40)
    )
    plain = tmp_path / "clinvar.vcf"
    plain.write_text(header + body)
    path = str(plain) + ".gz"
    pysam.tabix_compress(str(plain), path, force=True)
    pysam.tabix_index(path, preset="vcf", force=True)
    start = tmp_path / "start.vcf"
    start.write_text(
        "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=64444167>\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        f"chr20\t{C1}\t.\tA\tG\t.\t.\t.\n"
    )
    (annotated,) = gnas_annot.annotate_vcf(
        str(start),
        reference=str(partial_reference[G38]),
        custom=[CustomSpec.clinvar(path)],
    )
    lof = annotated.lof_on("NM_000516.7")
    assert (lof.pvs1_criterion, lof.pvs1_strength) == ("IC2", Strength.STRONG)
    assert Path(path).exists()
