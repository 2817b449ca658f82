"""HGVS descriptions with typos: HgvsInputError subclasses, exit 12."""

from __future__ import annotations

import pytest

from bad_inputs.common import cli_error, cli_process, process_error
from gnas_annot import HgvsNamer, parse_hgvs
from gnas_annot.errors import (
    HgvsRangeError,
    HgvsReferenceMismatchError,
    HgvsSyntaxError,
    UnknownTranscriptError,
)
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.seq.reference import ReferenceGenome

TYPOS = {
    "no_dot": ("NM_000516.7:c601C>T", HgvsSyntaxError, "expected the character '.'"),
    "no_alt": ("NM_000516.7:c.601C>", HgvsSyntaxError, "cannot parse"),
    "no_colon": ("NM_000516.7c.601C>T", HgvsSyntaxError, "not an HGVS description"),
    "no_arrow": ("NM_000516:c.601CT", HgvsSyntaxError, "cannot parse"),
    "empty_accession": (":c.601C>T", HgvsSyntaxError, "not an HGVS description"),
    "only_colons": ("::::", HgvsSyntaxError, "not an HGVS description"),
    "protein": ("NM_000516.7:p.Arg201Cys", HgvsSyntaxError, "only g., c. and n."),
    "not_gnas": ("NM_999999.1:c.601C>T", UnknownTranscriptError, "not a GNAS transcript"),
    "other_chromosome": ("NC_000001.11:g.100A>T", UnknownTranscriptError, "chromosome 20"),
    "beyond_cds": ("NM_000516.7:c.99999C>T", HgvsRangeError, "beyond the CDS end"),
    "c_on_noncoding": ("NR_003259.1:c.1A>G", HgvsSyntaxError, "use n."),
    "c_on_a_chromosome": ("NC_000020.11:c.601C>T", UnknownTranscriptError, "transcript accession"),
    "wrong_ref_base": ("NM_000516.7:c.601G>T", HgvsReferenceMismatchError, "states G"),
    # the user's N is the user's: exit 12 naming the allele, not 7 blaming the reference
    "n_as_alt": ("NM_000516.7:c.601C>N", HgvsSyntaxError, "not a sequence of A, C, G and T"),
    "iupac_insertion": ("NM_000516.7:c.601_602insRY", HgvsSyntaxError, "not a sequence of A"),
    # these three used to end in a traceback (exit 70) or, fullwidth, be read as c.601
    "5000_digit_position": ("NM_000516.7:c." + "9" * 5000 + "C>T", HgvsRangeError, "5000 digits"),
    "superscript_digit": ("NM_000516.7:c.6\u20701C>T", HgvsSyntaxError, "not plain ASCII"),
    "fullwidth_digits": ("NM_000516.7:c.\uff16\uff10\uff11C>T", HgvsSyntaxError, "not plain ASCII"),
}


@pytest.fixture(scope="module")
def reference(synthetic_reference):
    return synthetic_reference[GenomeBuild.GRCh38]


@pytest.mark.parametrize("case", sorted(TYPOS))
def test_hgvs_typo(case, reference, capfd):
    text, error, fragment = TYPOS[case]
    with ReferenceGenome(reference) as ref:
        namer = HgvsNamer({GenomeBuild.GRCh38: ref})
        with pytest.raises(error, match=fragment) as info:
            parse_hgvs(text, namer)
    assert info.value.exit_code == 12
    cli_error(capfd, ["hgvs", text, "--reference", str(reference)], 12, fragment)


def test_hgvs_typo_as_a_real_process(reference):
    process_error(cli_process("hgvs", "NM_000516.7:c.601C>"), 12, "cannot parse")


def test_an_unknown_reference_base_is_the_reference_s_gap_not_a_mismatch(partial_reference, capfd):
    # the partial reference has N in the introns: the stated G cannot be checked (exit 7)
    reference = partial_reference[GenomeBuild.GRCh38]
    text = "NM_000516.7:c.140-30G>A"
    cli_error(capfd, ["hgvs", text, "--reference", str(reference)], 7, "is unknown (N)")


@pytest.mark.parametrize(
    ("allele", "given"),
    [
        ("NC_000020.10:58909365:C:T", ["--build", "GRCh38"]),
        ("NC_000020.11:57484420:C:T", ["--build", "GRCh37"]),
        ("NC_000020.11:58909365:C:T", ["--reference", "GRCh37"]),
    ],
)
def test_vcf_allele_whose_accession_names_the_other_build_is_refused(
    allele, given, synthetic_reference, capfd
):
    # it used to be named on the --build's chr20 without a word: another variant
    if given[0] == "--reference":
        given = ["--reference", str(synthetic_reference[GenomeBuild.GRCh37])]
    cli_error(capfd, ["hgvs", "--vcf", allele, *given], 5, f"{allele.split(':')[0]} is GRCh")


@pytest.mark.parametrize("how", ["accession", "reference"])
def test_vcf_allele_takes_its_build_from_the_accession_or_the_reference(
    how, synthetic_reference, capfd
):
    from gnas_annot.cli.app import main

    if how == "accession":
        args = ["--vcf", "NC_000020.10:57484420:C:T"]
    else:
        args = [
            "--vcf",
            "chr20:58909365:C:T",
            "--reference",
            str(synthetic_reference[GenomeBuild.GRCh38]),
        ]
    assert main(["hgvs", *args]) == 0, capfd.readouterr().err
    assert "NM_000516.7      c.601C>T" in capfd.readouterr().out
