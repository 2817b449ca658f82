"""The offline hgvs data provider, checked against real sequence facts."""

from __future__ import annotations

import itertools

import hgvs.assemblymapper
import hgvs.normalizer
import hgvs.parser
import pytest
from hgvs.exceptions import HGVSDataNotAvailableError

from facts import gs_alpha_protein
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.provider import GnasDataProvider, translate
from gnas_annot.seq.reference import ReferenceGenome

G38, G37 = GenomeBuild.GRCh38, GenomeBuild.GRCh37


@pytest.fixture(scope="module")
def hdp(partial_reference):
    return GnasDataProvider(
        {G38: ReferenceGenome(partial_reference[G38]), G37: ReferenceGenome(partial_reference[G37])}
    )


@pytest.fixture(scope="module")
def real_hdp(real_reference):
    return GnasDataProvider(
        {G38: ReferenceGenome(real_reference[G38]), G37: ReferenceGenome(real_reference[G37])}
    )


def test_gs_alpha_protein_from_the_spliced_reference_is_uniprot_p63092(real_hdp):
    protein = real_hdp.get_seq("NP_000507.1")
    uniprot = gs_alpha_protein()
    assert len(uniprot) == 394
    # residues 48-394 come from real exon 2-13 bases; 1-47 need exon-1 bases we do not
    # hold (codon 47 = c.139-141 straddles the exon 1/2 junction)
    assert protein[47:394] == uniprot[47:]
    assert set(protein[1:47]) == {"X"} and protein[0] == "M"
    assert len(protein) == 395 and protein[394] == "X"  # the stop codon is not known either


def test_transcript_sequences_are_spliced_exons(real_hdp):
    tx_seq = real_hdp.get_seq("NM_000516.7")
    assert len(tx_seq) == 1854
    info = real_hdp.get_tx_identity_info("NM_000516.7")
    assert (info["cds_start_i"], info["cds_end_i"]) == (306, 1491)  # c.1 = n.307
    assert tx_seq[306:309] == "ATG"
    assert real_hdp.get_seq("NM_000516.7", 306 + 600, 306 + 603) == "CGT"  # codon 201


def test_exons_are_adjacent_in_transcript_space_and_match_the_genome(hdp):
    for tx_ac in ("NM_000516.7", "NM_080425.4", "NR_003259.1"):
        for build in (G38, G37):
            exons = sorted(
                hdp.get_tx_exons(tx_ac, build.refseq_accession, "splign"), key=lambda e: e["ord"]
            )
            assert exons[0]["tx_start_i"] == 0
            for a, b in itertools.pairwise(exons):
                assert a["tx_end_i"] == b["tx_start_i"]
                assert a["alt_end_i"] < b["alt_start_i"]


def test_region_and_mapping_options_cover_both_builds(hdp):
    found = {
        r["tx_ac"] for r in hdp.get_tx_for_region("NC_000020.11", "splign", 58909364, 58909365)
    }
    assert {"NM_000516.7", "NM_080425.4", "NM_016592.5", "NR_003259.1"} <= found
    assert "NR_185847.1" not in found  # no exon model: not mappable
    options = hdp.get_tx_mapping_options("NM_080425.4")
    assert {o["alt_ac"] for o in options} == {"NC_000020.11", "NC_000020.10"}
    assert hdp.get_pro_ac_for_tx_ac("NM_080425.4") == "NP_536350.2"


def test_biocommons_mappers_and_normalizer_run_offline(hdp):
    parser = hgvs.parser.Parser()
    am = hgvs.assemblymapper.AssemblyMapper(hdp, assembly_name="GRCh37", alt_aln_method="splign")
    assert str(am.c_to_g(parser.parse("NM_000516.7:c.602G>A"))) == "NC_000020.10:g.57484421G>A"
    normalizer = hgvs.normalizer.Normalizer(hdp)
    assert (
        str(normalizer.normalize(parser.parse("NM_000516.7:c.563_566del")))
        == "NM_000516.7:c.565_568del"
    )


def test_missing_sequence_is_an_hgvs_data_error_not_a_guess():
    bare = GnasDataProvider()
    with pytest.raises(HGVSDataNotAvailableError, match="reference sequence unavailable"):
        bare.get_seq("NM_000516.7")
    with pytest.raises(HGVSDataNotAvailableError, match="not a GNAS transcript"):
        bare.get_tx_identity_info("NM_000518.5")


def test_translate_marks_unknown_codons():
    assert translate("ATGNNNTAA") == "MX*"
