"""Genotypes are decoded only for the samples that matter: carriers (and, with a
pedigree, their parents); non-carriers get no output rows."""

from __future__ import annotations

import pysam

from conftest import write_vcf
from gnas_annot import annotate_vcf
from gnas_annot.annotate.results import rows
from gnas_annot.extract import genotypes as decoding
from gnas_annot.extract.genotypes import RecordGenotypes, carries
from gnas_annot.model.builds import GenomeBuild
from test_annotated_vcf_text import ODD, PED, SAMPLES
from trios import HET, HOM_REF, R201C, line

G38 = GenomeBuild.GRCh38


def test_bulk_carriers_equal_the_decoded_calls_on_every_column_shape(tmp_path):
    vcf = write_vcf(tmp_path / "odd.vcf", ODD, samples=SAMPLES)
    with pysam.VariantFile(str(vcf)) as records:
        checked = 0
        for record in records:
            calls = RecordGenotypes(record, SAMPLES)
            decoded = [calls[i] for i in range(len(SAMPLES))]
            for allele in range(len(record.alleles)):
                want = [i for i, g in enumerate(decoded) if carries(g, allele)]
                assert calls.carriers(allele) == want
                checked += 1
    assert checked == 7


def test_without_gt_a_carrier_is_read_from_ad(tmp_path):
    body = f"{R201C}\t.\tPASS\t.\tAD:DP\t80,20:100\t100,0:100\n"
    vcf = write_vcf(tmp_path / "somatic.vcf", body, samples=("TUMOUR", "NORMAL"))
    with pysam.VariantFile(str(vcf)) as records:
        record = next(iter(records))
        assert RecordGenotypes(record, ("TUMOUR", "NORMAL")).carriers(1) == [0]


def test_only_carriers_and_their_parents_are_decoded(tmp_path, partial_reference, monkeypatch):
    others = tuple(f"U{i}" for i in range(40))
    samples = ("kid", "dad", "mum", *others)
    calls = [HET, HOM_REF, HET] + [HOM_REF] * 39 + [HET]
    body = line(R201C, *calls[:3]).rstrip("\n") + "\t" + "\t".join(calls[3:]) + "\n"
    vcf = write_vcf(tmp_path / "cohort.vcf", body, samples=samples)
    ped = tmp_path / "cohort.ped"
    ped.write_text(PED)
    decoded = []
    real = decoding._decode

    def counting(record, index, present):
        decoded.append(samples[index])
        return real(record, index, present)

    monkeypatch.setattr(decoding, "_decode", counting)
    [av] = annotate_vcf(vcf, ped=ped, reference=partial_reference[G38])
    assert sorted(set(decoded)) == ["U39", "dad", "kid", "mum"]
    assert [s.sample for s in av.samples] == ["kid", "mum", "U39"]
    assert {r["sample"] for r in rows(av)} == {"kid", "mum", "U39"}  # no row for dad


def test_a_child_who_does_not_carry_the_allele_has_no_row(tmp_path, partial_reference):
    vcf = write_vcf(
        tmp_path / "trio.vcf", line(R201C, HOM_REF, HET, HOM_REF), samples=("kid", "dad", "mum")
    )
    ped = tmp_path / "trio.ped"
    ped.write_text(PED)
    [av] = annotate_vcf(vcf, ped=ped, reference=partial_reference[G38])
    assert [s.sample for s in av.samples] == ["dad"]
