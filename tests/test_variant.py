"""Variant and Genotype objects."""

from __future__ import annotations

import dataclasses

import pytest

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import Genotype, SourceRecord, Variant, VariantStatus

SOURCE = SourceRecord("20", 58909195, "rs1", "TGACT", ("T",), 50.0, ("PASS",), 58909199, 0)


def test_variants_are_immutable_and_know_whether_normalization_moved_them():
    v = Variant(
        GenomeBuild.GRCh38, "chr20", 58909193, "GCTGA", "G", 58909197, 1, VariantStatus.OK, SOURCE
    )
    assert v.was_changed and v.is_indel and v.is_normalized
    assert v.key == "chr20-58909193-GCTGA-G"
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.pos = 1  # type: ignore[misc]
    same = dataclasses.replace(v, pos=58909195, ref="TGACT", alt="T")
    assert not same.was_changed


def test_genotypes_count_alleles_and_handle_missing_data():
    assert Genotype("s", (None, None), False).is_called is False
    assert Genotype("s", (), False).is_called is False
    het = Genotype("s", (0, 1), True, allele_depths=(30, 10))
    assert het.count(1) == 1 and het.allele_fraction(1) == 0.25
    assert Genotype("s", (0, 1), False, allele_depths=(0, 0)).allele_fraction(1) is None
    assert Genotype("s", (0, 1), False).allele_fraction(1) is None
