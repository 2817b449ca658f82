"""Genotypes are decoded only for the samples that matter: carriers (and, with a
pedigree, their parents); non-carriers get no output rows."""

from __future__ import annotations

import pysam
import pytest

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


@pytest.mark.parametrize("bulk", [False, True], ids=["regex", "numpy"])
def test_only_carriers_and_their_parents_are_decoded(
    tmp_path, partial_reference, monkeypatch, bulk
):
    if bulk:
        monkeypatch.setattr(decoding, "BULK_SAMPLES", 1)
    others = tuple(f"U{i}" for i in range(40))
    samples = ("kid", "dad", "mum", *others)
    calls = [HET, HOM_REF, HET] + [HOM_REF] * 39 + [HET]
    body = line(R201C, *calls[:3]).rstrip("\n") + "\t" + "\t".join(calls[3:]) + "\n"
    vcf = write_vcf(tmp_path / "cohort.vcf", body, samples=samples)
    ped = tmp_path / "cohort.ped"
    ped.write_text(PED)
    decoded, parsed = [], []
    real, real_pysam = RecordGenotypes._decode, decoding._decode

    def counting(self, index):
        decoded.append(samples[index])
        return real(self, index)

    def counting_pysam(record, index, present):
        parsed.append(samples[index])
        return real_pysam(record, index, present)

    monkeypatch.setattr(RecordGenotypes, "_decode", counting)
    monkeypatch.setattr(decoding, "_decode", counting_pysam)
    [av] = annotate_vcf(vcf, ped=ped, reference=partial_reference[G38])
    # never a non-carrier outside the trio; a carrier whose column was seen is not
    # decoded again (U39's is kid's)
    assert {"kid", "dad"} <= set(decoded) <= {"U39", "dad", "kid", "mum"}
    # pysam reads each distinct sample column once: kid, mum and U39 share theirs
    assert sorted(parsed) == ["dad", "kid"]
    assert [s.sample for s in av.samples] == ["kid", "mum", "U39"]
    assert [s.genotype for s in av.samples] == ["0/1"] * 3
    assert {r["sample"] for r in rows(av)} == {"kid", "mum", "U39"}  # no row for dad


# every GT shape a scan must tell apart: plain reference/missing ones and look-alikes
GT_SHAPES = (
    "0/0", "0|0", "0", ".", "./.", ".|.", "0/1", "1/0", "1|0", "0|1", "1", "1/1", "0/.",
    "./0", "./1", "1/.", "0/0/0", "0/0/1", "00", "0/00", "0/10", "10/0", ".0", "0.",
    "..", "2/3", "1/2", "0|2", "", "0/0|0", ".|0", "0|.",
)  # fmt: skip


@pytest.mark.parametrize("tail", ["", ":20,20:40", ":.:.", ":", "::"])
def test_the_numpy_scan_finds_the_same_calls_as_the_regex_scan(tail):
    columns = [gt + tail for gt in GT_SHAPES]
    text = "\t" + "\t".join(columns)
    slow = decoding._non_reference(text, 1)
    fast = decoding._non_reference_bulk(text)
    assert (fast.indices, fast.texts, fast.gts) == (slow.indices, slow.texts, slow.gts)
    plain = {"0/0", "0|0", "0", ".", "./.", ".|."}
    assert fast.indices == [i for i, gt in enumerate(GT_SHAPES) if gt not in plain]
    for i, column in zip(fast.indices, fast.texts, strict=True):
        assert column == columns[i]
        assert "/".join(fast.gts[column]) == GT_SHAPES[i].replace("|", "/")
    # the scan's column bounds: where each column ends in the text
    ends = fast.starts[1:].tolist()
    assert [text[end - len(c) : end] for c, end in zip(columns, ends, strict=True)] == columns


@pytest.mark.parametrize("bulk", [False, True], ids=["regex", "numpy"])
def test_shared_columns_give_each_sample_its_own_call(tmp_path, monkeypatch, bulk):
    if bulk:
        monkeypatch.setattr(decoding, "BULK_SAMPLES", 1)
    vcf = write_vcf(tmp_path / "odd.vcf", ODD, samples=SAMPLES)
    with pysam.VariantFile(str(vcf)) as records:
        for record in records:
            calls = RecordGenotypes(record, SAMPLES)
            # in reverse order too: whichever sample is decoded first, the values agree
            for i in reversed(range(len(SAMPLES))):
                want = decoding._decode(record, i, frozenset(record.format.keys()))
                assert calls[i] == want
                assert calls.column(i) == str(record).rstrip("\n").split("\t")[9 + i]


def test_a_child_who_does_not_carry_the_allele_has_no_row(tmp_path, partial_reference):
    vcf = write_vcf(
        tmp_path / "trio.vcf", line(R201C, HOM_REF, HET, HOM_REF), samples=("kid", "dad", "mum")
    )
    ped = tmp_path / "trio.ped"
    ped.write_text(PED)
    [av] = annotate_vcf(vcf, ped=ped, reference=partial_reference[G38])
    assert [s.sample for s in av.samples] == ["dad"]
