"""Reference access on a partial chr20 (bases where the tests know them, N elsewhere):
the mechanism tests on the synthetic one, the real-base checks on the real one."""

from __future__ import annotations

import pytest

from facts import c_to_g
from gnas_annot.errors import BuildMismatchError, ReferenceFileError, ReferenceUnavailableError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.seq.reference import RefCheck, ReferenceGenome, require_reference, resolve_reference


@pytest.mark.parametrize("build", list(GenomeBuild))
def test_partial_reference_holds_the_gs_alpha_codons_at_true_positions(real_reference, build):
    with ReferenceGenome(real_reference[build]) as ref:
        assert ref.build is build
        r201 = c_to_g(601, str(build))
        assert ref.fetch(r201, r201 + 2) == "CGT"  # Arg201
        q227 = c_to_g(679, str(build))
        assert ref.fetch(q227, q227 + 2) == "CAG"  # Gln227
        assert ref.fetch(c_to_g(565, str(build)), c_to_g(568, str(build))) == "GACT"


def test_hotspot_positions_are_the_clinvar_ones(real_reference):
    assert c_to_g(565, "GRCh38") == 58909196
    assert c_to_g(565, "GRCh37") == 57484251
    with ReferenceGenome(real_reference[GenomeBuild.GRCh38]) as ref:
        assert ref.fetch(58891724, 58891729) == "GCCATG"  # Kozak + start codon
        assert ref.fetch(58909366, 58909366) == "G"  # R201H REF (PureCN)


def test_ref_check_distinguishes_match_mismatch_and_unknown(partial_reference):
    with ReferenceGenome(partial_reference[GenomeBuild.GRCh38]) as ref:
        assert ref.check(58909365, "C") == (RefCheck.MATCH, "C")
        assert ref.check(58909365, "c")[0] is RefCheck.MATCH
        assert ref.check(58909365, "A") == (RefCheck.MISMATCH, "C")
        assert ref.check(58900000, "A")[0] is RefCheck.UNKNOWN  # intron: N in the partial ref


def test_reference_of_the_other_build_is_rejected(partial_reference):
    with pytest.raises(BuildMismatchError, match="GRCh37"):
        ReferenceGenome(partial_reference[GenomeBuild.GRCh37], GenomeBuild.GRCh38)


def test_missing_or_chr20less_fasta_is_a_clear_error(tmp_path):
    with pytest.raises(ReferenceFileError, match="not found"):
        ReferenceGenome(tmp_path / "absent.fa")
    other = tmp_path / "chr1.fa"
    other.write_text(">chr1\nACGT\n")
    with pytest.raises(ReferenceFileError, match="no chromosome 20"):
        ReferenceGenome(other)


def test_resolution_order_is_argument_then_environment_then_none(partial_reference, monkeypatch):
    assert resolve_reference(None, GenomeBuild.GRCh38) is None
    with pytest.raises(ReferenceUnavailableError, match="reference sequence unavailable"):
        require_reference(None, GenomeBuild.GRCh38)
    monkeypatch.setenv("GNAS_ANNOT_REFERENCE", str(partial_reference[GenomeBuild.GRCh38]))
    assert resolve_reference(None, None).build is GenomeBuild.GRCh38
    chosen = resolve_reference(partial_reference[GenomeBuild.GRCh37], None)
    assert chosen.build is GenomeBuild.GRCh37
