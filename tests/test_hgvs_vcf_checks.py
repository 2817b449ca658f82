"""``gnas-annot hgvs --vcf`` checks the allele as the HGVS-text path does: REF
against the reference, then position and alleles; anything else is exit 12
with one line (issue 12)."""

from __future__ import annotations

import pytest

from gnas_annot.cli.app import main
from gnas_annot.model.builds import GenomeBuild

# c.601C>T (p.Arg201Cys): the reference base is C on both builds
R201 = {GenomeBuild.GRCh38: 58909365, GenomeBuild.GRCh37: 57484420}


def _hgvs(capsys, build, partial_reference, allele):
    code = main(
        ["hgvs", "--vcf", allele, "--build", str(build),
         "--reference", str(partial_reference[build])]
    )  # fmt: skip
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("build", list(GenomeBuild))
def test_a_wrong_ref_is_refused_with_the_reference_base(build, partial_reference, capsys):
    code, out, err = _hgvs(capsys, build, partial_reference, f"chr20:{R201[build]}:G:T")
    assert code == 12 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "reference has C" in err and "Traceback" not in err


@pytest.mark.parametrize("build", list(GenomeBuild))
def test_the_right_ref_is_named(build, partial_reference, capsys):
    code, out, _ = _hgvs(capsys, build, partial_reference, f"chr20:{R201[build]}:C:T")
    assert code == 0 and "c.601C>T" in out


@pytest.mark.parametrize("build", list(GenomeBuild))
@pytest.mark.parametrize(
    "allele",
    [
        "chr20:0:C:T",  # g.0 does not exist
        "chr20:{pos}:C:*",  # a spanning deletion is no allele
        "chr20:{pos}:C:<DEL>",  # symbolic
        "chr20:{pos}:C:.",
        "chr20:{pos}:C:",
        "chr20:{pos}::T",
        "chr20:{pos}:C:C",  # no change
        "chr20:{pos}:C:TX",
        "chr20:{pos}:C:T:A",
        "chr20:-5:C:T",
        "chr20:99999999999:C:T",
    ],
)
def test_malformed_vcf_alleles_are_refused_with_exit_12(build, allele, partial_reference, capsys):
    code, out, err = _hgvs(capsys, build, partial_reference, allele.format(pos=R201[build]))
    assert code == 12, err
    assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("build", list(GenomeBuild))
def test_a_ref_over_an_unknown_reference_base_is_exit_7_as_in_the_text_path(
    build, partial_reference, capsys
):
    # 30 bases into intron 1 of NM_000516.7: N in the partial reference
    intron = {GenomeBuild.GRCh38: 58895582, GenomeBuild.GRCh37: 58895582 - 1_424_945}
    code, _, err = _hgvs(capsys, build, partial_reference, f"chr20:{intron[build]}:G:A")
    assert code == 7 and "is unknown (N)" in err and len(err.strip().splitlines()) == 1
