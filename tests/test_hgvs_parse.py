"""User HGVS strings back to the genome, with clear errors; round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gnas_annot.errors import (
    HgvsRangeError,
    HgvsReferenceMismatchError,
    HgvsSyntaxError,
    ReferenceUnavailableError,
    UnknownTranscriptError,
)
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.naming.parse import parse_hgvs
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome

G38, G37 = GenomeBuild.GRCh38, GenomeBuild.GRCh37


@pytest.fixture(scope="module")
def namer(partial_reference):
    return HgvsNamer({b: ReferenceGenome(partial_reference[b]) for b in GenomeBuild})


@pytest.fixture(scope="module")
def synthetic_namer(synthetic_reference):
    return HgvsNamer({b: ReferenceGenome(synthetic_reference[b]) for b in GenomeBuild})


@pytest.mark.parametrize(
    "text",
    [
        "NM_000516.7:c.565_568del",
        "NM_000516.7:c.563_566del",  # ClinVar's left-shifted alias
        "NM_000516.4:c.565_568delGACT",  # legacy version and deleted bases
        "NM_000516:c.565_568del",  # unversioned
        "NM_080425.4:c.2494_2497del",
        "NM_016592.5:c.*471_*474del",
        "NC_000020.11:g.58909196_58909199del",
        "NC_000020.10:g.57484249_57484252del",  # ClinVar's GRCh37 alias
    ],
)
def test_every_alias_of_the_hotspot_lands_on_one_vcf_allele(namer, text):
    allele = parse_hgvs(text, namer)
    expected = (
        ("chr20", 58909193, "GCTGA", "G")
        if allele.build is G38
        else ("chr20", 57484248, "GCTGA", "G")
    )
    assert allele.vcf == expected
    names = namer.name(allele.build, *allele.vcf[1:])
    assert names.on("NM_000516.7").hgvs == "NM_000516.7:c.565_568del"


def test_a_build_can_be_chosen_for_transcript_descriptions(namer):
    assert parse_hgvs("NM_000516.7:c.602G>A", namer, G37).vcf == ("chr20", 57484421, "G", "A")


def test_xlas_numbering_names_the_gs_alpha_residue(namer):
    allele = parse_hgvs("NM_080425.4:c.2531G>A", namer)  # R844H, the OncoKB alias
    names = namer.name(allele.build, *allele.vcf[1:])
    assert names.on("NM_000516.7").protein == "NP_000507.1:p.(Arg201His)"


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("NM_000516.7:c.601G>T", HgvsReferenceMismatchError, "reference has C"),
        ("NM_000516.7:c.2780+73C>T", HgvsRangeError, "beyond the CDS end"),
        ("NM_000516.7:c.212+9000A>G", HgvsRangeError, "not a position of NM_000516.7"),
        ("NM_000516.7:c.601_600del", HgvsRangeError, "ends before it starts"),
        ("NC_000020.11:g.58909199_58909196del", HgvsRangeError, "ends before it starts"),
        ("NM_000518.5:c.20A>T", UnknownTranscriptError, "not a GNAS transcript"),
        ("NC_000001.11:g.100A>G", UnknownTranscriptError, "not chromosome 20"),
        ("NM_000516.7:c.601C>>T", HgvsSyntaxError, "cannot parse"),
        ("c.601C>T", HgvsSyntaxError, "not an HGVS description"),
        ("NR_003259.1:c.100A>G", HgvsSyntaxError, "non-coding; use n."),
        ("NM_000516.7:c.(600_602)del", HgvsSyntaxError, "uncertain position"),
    ],
)
def test_bad_descriptions_get_specific_errors(namer, text, error, message):
    with pytest.raises(error, match=message):
        parse_hgvs(text, namer)


def test_indels_need_a_reference_for_their_vcf_anchor():
    with pytest.raises(ReferenceUnavailableError, match="--reference"):
        parse_hgvs("NM_000516.7:c.565_568del", HgvsNamer())


def test_insertions_inversions_and_delins_round_trip(synthetic_namer):
    for text in (
        "NM_000516.7:c.600_601insTTT",
        "NM_000516.7:c.601_603inv",
        "NM_000516.7:c.601_602delinsAAA",
        "NM_000516.7:c.601dup",
    ):
        allele = parse_hgvs(text, synthetic_namer)
        again = synthetic_namer.name(allele.build, *allele.vcf[1:]).on("NM_000516.7")
        back = parse_hgvs(again.hgvs, synthetic_namer)
        assert back.vcf == allele.vcf, (text, again.hgvs)


def _positions(accession: str) -> list[int]:
    """Every exonic base of the transcript and 10 intronic bases on each side of each exon."""
    tx = load_locus(G38).transcript(accession)
    found = set()
    for exon in tx.exons:
        found.update(range(exon.start - 10, exon.end + 11))
    return sorted(p for p in found if tx.start <= p <= tx.end)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_genome_to_transcript_to_genome_round_trip(synthetic_namer, data):
    accession = data.draw(
        st.sampled_from(
            ["NM_000516.7", "NM_080425.4", "NM_016592.5", "NR_003259.1", "NM_001077488.5"]
        )
    )
    build = data.draw(st.sampled_from([G38, G37]))
    pos = data.draw(st.sampled_from(_positions(accession)))
    if build is G37:
        pos -= 1_424_945
    ref = synthetic_namer.references[build].fetch(pos, pos)
    alt = data.draw(st.sampled_from([b for b in "ACGT" if b != ref]))
    t = synthetic_namer.name(build, pos, ref, alt).on(accession)
    assert parse_hgvs(t.hgvs, synthetic_namer, build).vcf == ("chr20", pos, ref, alt)


@pytest.mark.parametrize(
    "pair",
    [p for p in __import__("facts").truth_pairs() if p["hgvs_c"].startswith("c.")],
    ids=lambda p: f"{p['assembly']}-{p['transcript']}-{p['hgvs_c']}",
)
def test_shared_truth_pairs_transcript_to_genome(namer, pair):
    build = GenomeBuild(pair["assembly"])
    text = f"{pair['transcript']}:{pair['hgvs_c']}"
    if "1359_1394" in text:
        # the deleted XL-exon bases at c.1359-c.1394 are not among the real bases we hold
        with pytest.raises(ReferenceUnavailableError):
            parse_hgvs(text, namer, build)
        return
    allele = parse_hgvs(text, namer, build)
    assert allele.vcf[1:] == (int(pair["pos"]), pair["ref"], pair["alt"])


def test_an_inversion_of_its_own_reverse_complement_is_refused(real_reference):
    # c.772_773 is CG (ClinVar via hgvs' test data): inverting it changes nothing
    real = HgvsNamer({b: ReferenceGenome(real_reference[b]) for b in GenomeBuild})
    with pytest.raises(HgvsSyntaxError, match="own reverse complement"):
        parse_hgvs("NM_000516.7:c.772_773inv", real)
