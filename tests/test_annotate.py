"""The annotation pipeline as a Python API."""

from __future__ import annotations

import json

from conftest import EXAMPLES
from facts import shared_file
from gnas_annot import AnnotatedVariant, annotate_vcf
from gnas_annot.model.variant import VariantStatus


def _by_pos(annotated):
    return {(a.variant.source.pos, a.variant.alt): a for a in annotated}


def test_every_allele_comes_out_typed_with_origin_and_reading(partial_reference):
    annotated = list(
        annotate_vcf(
            EXAMPLES / "trio.GRCh38.vcf",
            ped=EXAMPLES / "trio.ped",
            reference=partial_reference["GRCh38"],
        )
    )
    assert all(isinstance(a, AnnotatedVariant) for a in annotated)
    assert len(annotated) == 8
    found = _by_pos(annotated)
    hotspot = found[(58909195, "G")]
    proband = next(s for s in hotspot.samples if s.sample == "PROBAND")
    assert proband.origin == "maternal" and proband.origin_call.method.value == "trio_genotypes"
    assert "PHP1A" in proband.interpretation.summary
    start = next(s for s in found[(58891727, "G")].samples if s.sample == "PROBAND")
    assert start.origin == "paternal" and "PPHP / POH" in start.interpretation.summary
    r201c = next(s for s in found[(58909365, "T")].samples if s.sample == "PROBAND")
    assert r201c.interpretation.mechanism.value == "activating"
    assert r201c.allele_fraction == 32 / 400


def test_without_a_pedigree_carriers_get_unknown_origin_and_both_readings(partial_reference):
    annotated = _by_pos(
        annotate_vcf(EXAMPLES / "trio.GRCh38.vcf", reference=partial_reference["GRCh38"])
    )
    proband = next(s for s in annotated[(58909195, "G")].samples if s.sample == "PROBAND")
    assert proband.origin == "unknown" and proband.origin_call is None
    assert "PHP1A if maternal, PPHP/POH if paternal" in proband.interpretation.summary


def test_to_dict_is_json_ready(partial_reference):
    a = next(
        iter(annotate_vcf(EXAMPLES / "tumour.GRCh37.vcf", reference=partial_reference["GRCh37"]))
    )
    data = json.loads(json.dumps(a.to_dict()))
    assert data["build"] == "GRCh37" and data["status"] == VariantStatus.OK.value
    gs = next(t for t in data["transcripts"] if t["transcript"] == "NM_000516.7")
    assert gs["hgvs_p"] == "NP_000507.1:p.(Arg201Cys)"
    assert data["samples"][0]["mechanism"] == "activating"


def test_a_real_strelka_somatic_call_is_read_as_an_activating_mosaic_hotspot(real_reference):
    """PureCN's issue184.vcf (Strelka2, hg38; no GT): the GNAS R201H record."""
    (a,) = annotate_vcf(
        shared_file("gnas_real_GRCh38_purecn_issue184.vcf"),
        reference=real_reference["GRCh38"],
    )
    assert (a.variant.build.value, a.variant.status) == ("GRCh38", VariantStatus.OK)
    assert a.transcript("NM_000516.7").hgvs.protein == "NP_000507.1:p.(Arg201His)"
    assert a.transcript("NM_080425.4").hgvs.protein == "NP_536350.2:p.(Arg844His)"
    tumour = next(s for s in a.samples if s.sample == "TC_098_1.2")
    assert tumour.genotype == "." and round(tumour.allele_fraction, 3) == round(173 / 928, 3)
    assert tumour.interpretation.mechanism.value == "activating"
    assert any("somatic_mosaic_suspected" in e for e in tumour.interpretation.evidence)


def test_a_real_grch37_hom_ref_record_in_the_gnas_introns_is_kept(real_reference):
    """MutationalPatterns' blood-AC.vcf (GATK, GRCh37/hg19): 20:57435533 G>A, 0/0."""
    (a,) = annotate_vcf(
        shared_file("gnas_region_real_GRCh37_mutationalpatterns_bloodAC.vcf"),
        reference=real_reference["GRCh37"],
    )
    assert a.variant.build.value == "GRCh37" and a.samples == ()
    assert a.variant.status is VariantStatus.REFERENCE_UNAVAILABLE  # intronic: N in our reference
    assert {t.most_severe for t in a.transcripts} <= {
        "intron_variant",
        "upstream_gene_variant",
        "downstream_gene_variant",
    }
