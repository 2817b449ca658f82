"""UPD of chromosome 20 from simulated trios: paternal/maternal, iso/hetero,
whole/segmental; no call on normal trios; Mendelian-error counts equal
bcftools +mendelian; duos and GNAS-only VCFs are not assessable."""

from __future__ import annotations

import subprocess

import pytest

from gnas_annot.errors import SampleNotFoundError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.structure.roh import runs_of_homozygosity
from gnas_annot.structure.uniparental import analyse_upd
from gnas_annot.structure.upd import UpdKind, UpdParent, UpdSettings, call_upd, score_sites
from upd_data import as_sites, simulate_genotypes, simulate_trio

Q_ARM = (35_000_000, 64_000_000)  # a segment on 20q (beyond the 26-30 Mb centromere range)


@pytest.mark.parametrize(
    ("parent", "kind", "segment", "extent"),
    [
        ("paternal", "iso", Q_ARM, "segmental 20q"),
        ("paternal", "hetero", (1, 64_444_167), "whole chromosome"),
        ("paternal", "iso", (1, 64_444_167), "whole chromosome"),
        ("maternal", "iso", Q_ARM, "segmental 20q"),
        ("maternal", "hetero", (1, 64_444_167), "whole chromosome"),
        ("maternal", "hetero", (10_000_000, 20_000_000), "segmental 20p"),
    ],
)
def test_simulated_upd_is_called_with_parent_kind_and_extent(
    tmp_path, parent, kind, segment, extent
):
    vcf = simulate_trio(tmp_path / "t.vcf", upd=(parent, kind, *segment), seed=7)
    result = analyse_upd(vcf, "kid", "dad", "mum")
    assert result.assessable
    assert len(result.calls) == 1, result.calls
    call = result.calls[0]
    assert call.parent == UpdParent(parent)
    assert call.kind == (UpdKind.ISODISOMY if kind == "iso" else UpdKind.HETERODISOMY)
    assert call.extent == extent
    assert call.statistic >= 10 and call.upd_errors >= 3
    # the call's ends lie within 1 Mb of the simulated segment (or of the sites)
    assert abs(call.start - max(segment[0], 100_000)) < 1_000_000
    assert abs(call.end - min(segment[1], 64_344_167)) < 1_000_000
    assert call.includes_gnas == (segment[1] > 58_911_192 and segment[0] < 58_839_718)
    if kind == "iso":
        assert call.child_het_fraction < 0.05 and result.runs_of_homozygosity
    else:
        assert call.child_het_fraction > 0.95


@pytest.mark.parametrize("seed", [7, 8])
def test_records_out_of_position_order_give_the_calls_of_the_sorted_file(tmp_path, seed):
    # the same records, second half first: a 20q segment was called "whole chromosome"
    vcf = simulate_trio(tmp_path / "t.vcf", upd=("paternal", "iso", *Q_ARM), seed=seed)
    head, body = [], []
    for line in vcf.read_text().splitlines(True):
        (head if line.startswith("#") else body).append(line)
    half = len(body) // 2
    swapped = tmp_path / "swapped.vcf"
    swapped.write_text("".join(head + body[half:] + body[:half]))
    expected = analyse_upd(vcf, "kid", "dad", "mum")
    result = analyse_upd(swapped, "kid", "dad", "mum")
    assert result.calls == expected.calls and result.calls[0].extent == "segmental 20q"
    assert result.runs_of_homozygosity == expected.runs_of_homozygosity


def test_no_false_call_in_100_normal_trios():
    settings = UpdSettings()
    for seed in range(100):
        rows = simulate_genotypes(sites=2_500, seed=1_000 + seed, error=0.005)
        scored, counts = score_sites(as_sites(rows), settings)
        assert counts.informative >= settings.min_informative
        assert call_upd(scored, GenomeBuild.GRCh38, settings) == [], seed


def test_grch37_paternal_upd_covers_gnas_at_grch37_coordinates(tmp_path):
    b = GenomeBuild.GRCh37
    vcf = simulate_trio(tmp_path / "t37.vcf", b, upd=("paternal", "iso", 40_000_000, 62_900_000))
    result = analyse_upd(vcf, "kid", "dad", "mum")
    assert result.build == b
    (call,) = result.calls
    assert call.includes_gnas  # GRCh37 GNAS 57414773-57486247
    assert call.extent == "segmental 20q"


def test_mendelian_error_counts_equal_bcftools_mendelian(tmp_path, bcftools):
    vcf = simulate_trio(tmp_path / "m.vcf", upd=("maternal", "iso", *Q_ARM), seed=3, error=0.01)
    counts = analyse_upd(vcf, "kid", "dad", "mum").counts
    out = (
        subprocess.run(
            [bcftools, "+mendelian", str(vcf), "-t", "mum,dad,kid", "-m", "c"],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split("\t")
    )
    assert (int(out[0]) + int(out[1]), int(out[1])) == (counts.sites, counts.mendelian_errors)


def test_duo_is_not_assessable_and_says_why(tmp_path):
    vcf = simulate_trio(
        tmp_path / "duo.vcf", samples=("kid", "dad"), upd=("paternal", "iso", *Q_ARM)
    )
    result = analyse_upd(vcf, "kid", "dad", None)
    assert not result.assessable and result.calls == ()
    assert "needs both parents" in result.reason and "duo" in result.reason
    # isodisomy still shows as a run of homozygosity over 20q (weak evidence)
    assert any(r.start >= Q_ARM[0] - 1_000_000 for r in result.runs_of_homozygosity)


def test_a_gnas_only_vcf_is_not_assessable(tmp_path):
    vcf = simulate_trio(tmp_path / "gnas.vcf", sites=60, region=(58_830_000, 58_920_000))
    result = analyse_upd(vcf, "kid", "dad", "mum")
    assert not result.assessable and result.calls == ()
    assert "whole chromosome 20" in result.reason


def test_missing_sample_is_an_error(tmp_path):
    vcf = simulate_trio(tmp_path / "t.vcf", sites=200)
    with pytest.raises(SampleNotFoundError, match="granny"):
        analyse_upd(vcf, "kid", "dad", "granny")


def test_runs_of_homozygosity_bridge_one_het_but_not_two():
    hom, het = (1, 1), (0, 1)
    sites = [(1_000_000 + i * 100_000, hom) for i in range(30)]
    sites += [(4_050_000, het)]
    sites += [(4_100_000 + i * 100_000, hom) for i in range(30)]
    runs = runs_of_homozygosity(sites)
    assert len(runs) == 1 and runs[0].bridged_het_sites == 1 and runs[0].sites == 60
    sites.insert(31, (4_060_000, het))
    assert runs_of_homozygosity(sites) == []  # two 3-Mb halves, each too short


@pytest.mark.parametrize("form", ["bgzip+tabix", "bcf"])
def test_indexed_vcf_and_bcf_read_the_same_sites_as_plain_text(tmp_path, bcftools, form):
    vcf = simulate_trio(
        tmp_path / "t.vcf", GenomeBuild.GRCh37, contig="20", upd=("paternal", "iso", *Q_ARM)
    )
    plain = analyse_upd(vcf, "kid", "dad", "mum")
    if form == "bcf":
        other = tmp_path / "t.bcf"
        subprocess.run([bcftools, "view", "-Ob", "-o", str(other), str(vcf)], check=True)
    else:
        other = tmp_path / "t.vcf.gz"
        subprocess.run([bcftools, "view", "-Oz", "-o", str(other), str(vcf)], check=True)
        subprocess.run([bcftools, "index", "-t", str(other)], check=True)
    again = analyse_upd(other, "kid", "dad", "mum")
    assert again.counts == plain.counts and again.calls == plain.calls
    assert plain.build == GenomeBuild.GRCh37 and plain.calls


def test_sites_failing_filter_are_skipped_unless_asked(tmp_path):
    vcf = simulate_trio(tmp_path / "t.vcf", sites=3_000, seed=4)
    text = vcf.read_text().replace("\tPASS\t", "\tLowQual\t", 500)
    vcf.write_text(text)
    strict = analyse_upd(vcf, "kid", "dad", "mum").counts
    loose = analyse_upd(vcf, "kid", "dad", "mum", pass_only=False).counts
    assert loose.sites - strict.sites == 500
