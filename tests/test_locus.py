"""The data pack's transcript models, checked against independent shared facts."""

from __future__ import annotations

import dataclasses

import pytest

from facts import gencode_transcripts_grch38, nm000516_exons, truth_pairs
from gnas_annot.errors import GnasAnnotError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import FLANK
from gnas_annot.pack.locus import load_locus, validate

OFFSET = 1_424_945


def test_pack_loads_and_validates_on_both_builds():
    for build in GenomeBuild:
        locus = load_locus(build)
        assert validate([locus]) == []
        assert {t.accession for t in locus.transcripts} >= {
            "NM_000516.7",
            "NM_001077488.5",
            "NM_001077489.4",
            "NM_080426.4",
            "NM_080425.4",
            "NM_016592.5",
            "NR_003259.1",
            "NR_185847.1",
        }


@pytest.mark.parametrize("build", ["GRCh38", "GRCh37"])
def test_mane_select_exons_equal_the_shared_exon_table(build):
    tx = load_locus(build).transcript("NM_000516.7")
    expected = [(e[build], e[f"{build}_end"]) for e in nm000516_exons()]
    assert [(e.start, e.end) for e in tx.exons] == expected
    assert tx.mane == "MANE Select" and tx.ensembl == "ENST00000371085.8"


def test_every_grch38_model_is_a_gencode_structure_except_the_inferred_ab_start():
    gencode = set(gencode_transcripts_grch38().values())
    for tx in load_locus("GRCh38").transcripts:
        if not tx.exons:
            assert tx.evidence == "span_only"
            continue
        exons = ",".join(f"{e.start}-{e.end}" for e in tx.exons)
        if tx.accession == "NR_003259.1":
            # donor and exons 2-13 from GENCODE; the 5' end is inferred from ClinVar n.862
            assert exons.split("-", 1)[1] in {g.split("-", 1)[1] for g in gencode}
        else:
            assert exons in gencode, tx.accession


def test_grch37_models_are_the_grch38_models_moved_by_the_locus_offset():
    for a, b in zip(
        load_locus("GRCh38").transcripts, load_locus("GRCh37").transcripts, strict=True
    ):
        assert a.accession == b.accession
        assert [(e.start - OFFSET, e.end - OFFSET) for e in a.exons] == [
            (e.start, e.end) for e in b.exons
        ]


@pytest.mark.parametrize(
    ("accession", "c_at_58909196"),
    # ClinVar RCV000017301: the same deletion on each transcript
    [
        ("NM_000516.7", 565),
        ("NM_001077488.5", 568),
        ("NM_001077489.4", 520),
        ("NM_080426.4", 523),
        ("NM_080425.4", 2494),
    ],
)
def test_models_reproduce_clinvar_c_numbering_of_the_exon7_hotspot(accession, c_at_58909196):
    tx = load_locus("GRCh38").transcript(accession)
    assert _cds_position(tx, 58909196) == c_at_58909196


def test_nesp55_numbers_the_hotspot_as_clinvar_does_in_its_3prime_utr():
    tx = load_locus("GRCh38").transcript("NM_016592.5")
    exonic = _exonic_offset(tx, 58909196) - _exonic_offset(tx, tx.cds_end)
    assert exonic == 471  # NM_016592.5:c.*471_*474del


def test_ab_transcript_numbers_clinvar_n862():
    tx = load_locus("GRCh38").transcript("NR_003259.1")
    assert _exonic_offset(tx, 58909737) == 862  # NR_003259.1:n.862_863delinsGC


def test_gpf_truth_pairs_give_protein_positions_of_grch37_ala109():
    for pair in truth_pairs():
        if pair["assembly"] != "GRCh37" or not pair["hgvs_c"].startswith("c."):
            continue
        tx = load_locus("GRCh37").transcript(pair["transcript"])
        c = int(pair["hgvs_c"][2:].rstrip("ACGT>"))
        assert _cds_position(tx, int(pair["pos"])) == c, pair


def test_protein_lengths_match_cds_lengths():
    for tx in load_locus("GRCh38").transcripts:
        if tx.is_coding:
            assert tx.coding_length == 3 * (tx.protein_length + 1)


def test_extraction_region_covers_gnas_as1_and_dmrs_with_a_flank():
    locus = load_locus("GRCh38")
    region = locus.extraction_region("gnas")
    assert region.start == locus.region("GNAS-AS1").interval.start - FLANK
    assert region.end == locus.region("GNAS").interval.end + FLANK
    wide = locus.extraction_region("gnas+stx16")
    assert wide.start == locus.region("STX16").interval.start - FLANK and wide.end == region.end


def test_validation_reports_broken_models():
    locus = load_locus("GRCh38")
    tx = locus.transcript("NM_000516.7")
    shifted = dataclasses.replace(tx, cds_end=tx.cds_end - 1)
    overlapping = dataclasses.replace(
        tx, accession="X", exons=(tx.exons[1], tx.exons[0], *tx.exons[2:])
    )
    broken = dataclasses.replace(locus, transcripts=(shifted, overlapping))
    problems = "\n".join(validate([broken]))
    assert "not whole codons" in problems
    assert "overlap or are unordered" in problems


def test_unknown_transcript_and_region_names_are_clear_errors():
    locus = load_locus("hg38")
    with pytest.raises(GnasAnnotError, match="not in the GNAS data pack"):
        locus.transcript("NM_999999.1")
    with pytest.raises(GnasAnnotError, match="unknown region"):
        locus.extraction_region("whole-genome")


def test_transcript_lookup_accepts_bare_accessions():
    assert load_locus("GRCh37").transcript("NM_080425").accession == "NM_080425.4"


def _exonic_offset(tx, pos):
    offset = 0
    for exon in tx.exons:
        if exon.start <= pos <= exon.end:
            return offset + pos - exon.start + 1
        offset += exon.length
    raise AssertionError(f"{pos} not exonic in {tx.accession}")


def _cds_position(tx, pos):
    return _exonic_offset(tx, pos) - _exonic_offset(tx, tx.cds_start) + 1
