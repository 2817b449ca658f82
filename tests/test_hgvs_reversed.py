"""A description whose interval ends before it starts is the user's error:
refused with exit 12 (HgvsRangeError) and one line, for every edit type, every
coordinate kind (g., exonic, intronic and UTR c., n.) and both builds, with and
without a reference.  So are insertions whose two flanking positions are not
neighbours (HGVS: an insertion names the two bases it lies between)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gnas_annot.errors import HgvsRangeError, HgvsSyntaxError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.naming.parse import parse_hgvs
from gnas_annot.seq.reference import ReferenceGenome

EDITS = ("del", "dup", "inv", "delinsA", "delinsTT", "insA")

# (start, end) with end before start, in every kind of transcript coordinate
TRANSCRIPT_SPANS = [
    ("NM_000516.7", "c.605_603"),  # exonic
    ("NM_000516.7", "c.605_604"),  # neighbours, reversed
    ("NM_000516.7", "c.-1_-3"),  # 5' UTR
    ("NM_000516.7", "c.3_-1"),  # CDS back into the 5' UTR
    ("NM_000516.7", "c.212+9_212+3"),  # intronic, same anchor
    ("NM_000516.7", "c.213-2_212+5"),  # across an intron, reversed anchors
    ("NM_000516.7", "c.213-2_213-5"),
    ("NM_016592.5", "c.*475_*471"),  # 3' UTR
    ("NM_080425.4", "c.2533_2530"),  # XLas numbering
    ("NR_003259.1", "n.865_862"),  # non-coding
]
GENOMIC_SPANS = {
    GenomeBuild.GRCh38: "NC_000020.11:g.58909369_58909367",
    GenomeBuild.GRCh37: "NC_000020.10:g.57484424_57484422",
}


@pytest.fixture(scope="module")
def synthetic_namer(synthetic_reference):
    return HgvsNamer({b: ReferenceGenome(synthetic_reference[b], b) for b in GenomeBuild})


def _reversed(build: GenomeBuild) -> list[str]:
    texts = [f"{ac}:{span}{edit}" for ac, span in TRANSCRIPT_SPANS for edit in EDITS]
    return texts + [f"{GENOMIC_SPANS[build]}{edit}" for edit in EDITS]


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_every_reversed_interval_is_refused_with_a_reference(synthetic_namer, build):
    for text in _reversed(build):
        with pytest.raises(HgvsRangeError, match="ends before it starts"):
            parse_hgvs(text, synthetic_namer, build)


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_every_reversed_interval_is_refused_without_a_reference(build):
    namer = HgvsNamer()
    for text in _reversed(build):
        with pytest.raises(HgvsRangeError, match="ends before it starts"):
            parse_hgvs(text, namer, build)


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
@pytest.mark.parametrize(
    "text",
    [
        "NM_000516.7:c.605_607insA",  # flanks two bases apart
        "NM_000516.7:c.605_605insA",  # one position is no pair of flanks
        "NM_000516.7:c.212+3_212+5insA",
        "NM_000516.7:c.-3_-1insA",
        "NM_016592.5:c.*471_*473insA",
        "NR_003259.1:n.862_865insA",
    ],
)
def test_insertion_between_non_neighbouring_bases_is_refused(synthetic_namer, build, text):
    with pytest.raises((HgvsRangeError, HgvsSyntaxError), match="insertion"):
        parse_hgvs(text, synthetic_namer, build)


def test_genomic_insertion_between_non_neighbours_is_refused(synthetic_namer):
    with pytest.raises(HgvsRangeError, match="insertion"):
        parse_hgvs("NC_000020.11:g.58909367_58909369insA", synthetic_namer)


@pytest.mark.parametrize(
    "text",
    [
        "NM_000516.7:c.605_603delinsA",
        "NC_000020.11:g.58909369_58909367delinsA",
        "NM_000516.7:c.213-2_212+5del",
        "NM_000516.7:c.605_607insA",
    ],
)
def test_cli_refuses_with_exit_12_and_one_line(partial_reference, text):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gnas_annot",
            "hgvs",
            text,
            "--reference",
            str(partial_reference[GenomeBuild.GRCh38]),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 12, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
@pytest.mark.parametrize(
    "text",
    [
        "NM_000516.7:c.212_213insA",  # exon 2 | exon 3: neighbours in the mRNA
        "NM_000516.7:c.212_212+1insA",  # VariantValidator #382 form
        "NM_000516.7:c.213-1_213insA",
        "NM_000516.7:c.212+3_212+4insA",
        "NM_000516.7:c.-1_1insA",
        "NM_000516.7:c.1185_*1insA",
        "NM_016592.5:c.*471_*472insA",
        "NR_003259.1:n.862_863insA",
    ],
)
def test_insertions_between_neighbours_are_still_placed(synthetic_namer, build, text):
    allele = parse_hgvs(text, synthetic_namer, build)
    _chrom, _pos, ref, alt = allele.vcf
    assert len(alt) == len(ref) + 1
