"""The test suite's own references: the synthetic locus every clone builds,
and the real Gs-alpha bases a clone may or may not have (tests/facts.py)."""

from __future__ import annotations

import pytest
from bioutils.sequences import translate_cds

import facts
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.pack.locus_fasta import write_partial_fasta
from synthetic import (
    OFFSET,
    example_ref_alleles,
    synthetic_grch38,
    synthetic_partial_pieces,
)

G38, G37 = GenomeBuild.GRCh38, GenomeBuild.GRCh37


def _bases(first: int, last: int) -> str:
    start, seq = synthetic_grch38()
    return seq[first - start : last - start + 1]


def _cds(tx) -> str:
    return "".join(
        _bases(max(e.start, tx.cds_start), min(e.end, tx.cds_end))
        for e in tx.exons
        if e.end >= tx.cds_start and e.start <= tx.cds_end
    )


def test_synthetic_gs_alpha_translates_to_uniprot_p63092():
    gs = next(t for t in load_locus(G38).transcripts if t.accession == "NM_000516.7")
    assert translate_cds(_cds(gs)) == facts.gs_alpha_protein() + "*"


def test_every_synthetic_coding_transcript_is_translatable():
    coding = [t for t in load_locus(G38).transcripts if t.is_coding]
    assert len(coding) == 6
    for tx in coding:
        protein = translate_cds(_cds(tx))
        assert protein[0] == "M" and protein[-1] == "*", tx.accession
        assert "*" not in protein[:-1], tx.accession


def test_synthetic_locus_keeps_the_published_and_example_ref_alleles():
    published = list(facts.published_ref_alleles("GRCh38").items())
    published += [(p + OFFSET, r) for p, r in facts.published_ref_alleles("GRCh37").items()]
    published += example_ref_alleles()
    assert len(published) >= 15
    for pos, ref in published:
        assert _bases(pos, pos + len(ref) - 1) == ref, pos


def test_synthetic_locus_honours_the_published_protein_changes():
    """c.601C>T is p.Arg201Cys and c.602G>A p.Arg201His (truth pairs): R201 is CGT or CGC."""
    r201 = facts.c_to_g(601, "GRCh38")
    assert _bases(r201, r201 + 2) in {"CGT", "CGC"}


def test_mechanism_reference_has_the_layout_of_the_real_one():
    for build in GenomeBuild:
        pieces = synthetic_partial_pieces(build)
        spans = facts.real_piece_spans(str(build))
        ends = {s: s + len(b) - 1 for s, b in pieces.items()}
        assert dict(spans.values()).items() <= ends.items()
        assert all(set(b) <= set("ACGT") for b in pieces.values())
    g37 = synthetic_partial_pieces(G37)
    assert all(
        g37[s - OFFSET] == b for s, b in synthetic_partial_pieces(G38).items() if s - OFFSET in g37
    )


def test_fact_tables_in_tests_data_agree_with_each_other():
    exons = facts.nm000516_exons()
    assert [e["exon"] for e in exons] == list(range(1, 14))
    assert all(e["GRCh38"] - e["GRCh37"] == OFFSET for e in exons)
    assert len(facts.gs_alpha_protein()) == 394
    assert facts.g_to_c(facts.c_to_g(602, "GRCh37"), "GRCh37") == 602
    assert {name for *_, name in facts.dmrs_grch38()} == {
        "GNAS-NESP:TSS-DMR",
        "GNAS-AS1:TSS-DMR",
        "GNAS-XL:Ex1-DMR",
        "GNAS-A/B:TSS-DMR",
    }
    sites = facts.common_snp_sites()
    assert all(s["GRCh38"][0] - s["GRCh37"][0] == OFFSET for s in sites) and len(sites) == 4


@pytest.fixture
def no_real_sequence(monkeypatch):
    monkeypatch.setenv(facts.SHARED_ENV, "/nonexistent/shared/data")
    monkeypatch.delenv(facts.REFERENCE_ENV, raising=False)
    monkeypatch.delenv(facts.REQUIRE_ENV, raising=False)
    facts._real_sequence.cache_clear()
    yield monkeypatch
    facts._real_sequence.cache_clear()  # the next test sees the session's own environment


def test_without_real_sequence_a_test_skips_with_one_reason(no_real_sequence):
    with pytest.raises(pytest.skip.Exception, match="needs the real Gs-alpha sequence") as skip:
        facts.real_sequence()
    assert "\n" not in str(skip.value)
    with pytest.raises(pytest.skip.Exception, match=r"needs \.\./shared/data/x\.vcf"):
        facts.shared_file("x.vcf")


def test_without_real_sequence_ci_fails_instead_of_skipping(no_real_sequence):
    no_real_sequence.setenv(facts.REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="GNAS_REQUIRE_REAL_SEQUENCE is set"):
        facts.real_sequence()
    with pytest.raises(pytest.fail.Exception, match="GNAS_REQUIRE_REAL_SEQUENCE is set"):
        facts.shared_file("x.vcf")


def test_a_lab_fasta_that_is_not_gs_alpha_at_its_builds_coordinates_fails(
    no_real_sequence, tmp_path
):
    # synthetic GRCh38-placed bases on a chr20 of GRCh37 length: the exons read garbage
    lab = write_partial_fasta(
        tmp_path / "lab.fa.gz", "20", G37.chr20_length, synthetic_partial_pieces(G38)
    )
    no_real_sequence.setenv(facts.REFERENCE_ENV, str(lab))
    with pytest.raises(pytest.fail.Exception, match="does not translate to Gs-alpha"):
        facts.real_sequence()


def test_a_lab_fasta_without_a_chr20_of_a_known_build_fails(no_real_sequence, tmp_path):
    lab = write_partial_fasta(tmp_path / "lab.fa.gz", "chr20", 1000, {})
    no_real_sequence.setenv(facts.REFERENCE_ENV, str(lab))
    with pytest.raises(pytest.fail.Exception, match="no chr20 of GRCh38 or GRCh37 length"):
        facts.real_sequence()


def test_a_lab_grch37_fasta_gives_the_real_bases_of_both_builds(
    real_sequence, no_real_sequence, tmp_path
):
    """The GNAS_TEST_REFERENCE path, fed the real bases: a GRCh37 FASTA (contig
    '20') yields what ../shared/data gives, on GRCh37 and on GRCh38."""
    lab = write_partial_fasta(
        tmp_path / "lab37.fa.gz", "20", G37.chr20_length, real_sequence.pieces["GRCh37"]
    )
    no_real_sequence.setenv(facts.REFERENCE_ENV, str(lab))
    found = facts.real_sequence()
    assert found.source == f"{facts.REFERENCE_ENV}={lab}"
    assert found.pieces["GRCh37"] == real_sequence.pieces["GRCh37"]
    # GRCh38 snippets have no GRCh37 coordinates: every other piece is there
    assert found.pieces["GRCh38"] == {
        s: b
        for s, b in real_sequence.pieces["GRCh38"].items()
        if not any(name.startswith("snippet") and s == span[0] for name, span in _spans38())
    }


def _spans38():
    return facts.real_piece_spans("GRCh38").items()
