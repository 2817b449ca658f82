"""bedMethyl (11/14/18 columns, plain/bgzipped+indexed, per haplotype, modkit
partition directories), Bismark coverage (the real example and generated
files), per-DMR tables, controls, and the CLI."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pysam
import pytest

from facts import shared_file
from gnas_annot.cli.app import main
from gnas_annot.epigenetics.api import methylation
from gnas_annot.epigenetics.model import DmrCall, InputKind, Pattern
from gnas_annot.errors import BuildMismatchError, CorruptInputError, InputError
from modbams import REAL_MATERNAL, REAL_PATERNAL, bedmethyl_lines, cpgs, real_dmrs


def _levels(build: str, levels: dict[str, float], depth: int = 20) -> dict[int, tuple[int, int]]:
    """{CpG: (methylated, total)} at every synthetic CpG of the real DMRs."""
    out = {}
    for dmr, (first, last) in real_dmrs(build).items():
        for pos in cpgs(first, last):
            out[pos] = (round(levels[dmr] * depth / 100), depth)
    return out


def _bed(path: Path, counts: dict[int, tuple[int, int]], width: int, chrom: str = "chr20") -> Path:
    path.write_text("\n".join(bedmethyl_lines(counts, width, chrom)) + "\n")
    return path


def _expected_mean(counts: dict[int, tuple[int, int]], start: int, end: int) -> float:
    inside = [m / n for p, (m, n) in counts.items() if start <= p <= end]
    return 100 * sum(inside) / len(inside)


@pytest.mark.parametrize("width", [11, 14, 18])
@pytest.mark.parametrize("build", ["GRCh38", "GRCh37"])
def test_bedmethyl_widths_give_the_generated_levels(tmp_path: Path, width: int, build: str) -> None:
    counts = _levels(build, {"NESP": 55.0, "AS1": 40.0, "XL": 45.0, "AB": 10.0})
    result = methylation(_bed(tmp_path / "s.bed", counts, width))
    assert result.build == build and result.kind is InputKind.BEDMETHYL
    for d in result.dmrs:
        assert d.mean == pytest.approx(_expected_mean(counts, d.start, d.end))
        assert d.cpgs == sum(1 for p in counts if d.start <= p <= d.end)
        assert d.depth == 20  # both strands of each CpG combined
    assert [d.call for d in result.dmrs] == [
        DmrCall.NORMAL,
        DmrCall.NORMAL,
        DmrCall.NORMAL,
        DmrCall.LOSS,
    ]
    assert result.pattern is Pattern.ISOLATED_AB_LOM


def test_bgzipped_indexed_bedmethyl_is_read_through_its_index(tmp_path: Path) -> None:
    counts = _levels("GRCh38", {"NESP": 55.0, "AS1": 40.0, "XL": 45.0, "AB": 50.0})
    plain = _bed(tmp_path / "s.bed", counts, 18)
    gz = pysam.tabix_index(str(plain), preset="bed", force=True, keep_original=True)
    a, b = methylation(plain), methylation(gz)
    assert [d.to_dict() for d in a.dmrs] == [d.to_dict() for d in b.dmrs]
    assert a.pattern is Pattern.NORMAL


def test_early_modkit_space_separated_columns_are_read(tmp_path: Path) -> None:
    counts = _levels("GRCh38", {"NESP": 55.0, "AS1": 40.0, "XL": 45.0, "AB": 50.0})
    rows = [
        "\t".join([*f[:9], " ".join(f[9:])])
        for f in (r.split("\t") for r in bedmethyl_lines(counts, 18))
    ]
    (tmp_path / "old.bed").write_text("\n".join(rows) + "\n")
    assert methylation(tmp_path / "old.bed").dmr("NESP:TSS").mean == pytest.approx(55.0)


def test_haplotype_bedmethyl_pair_assigns_parents_without_phase_set(tmp_path: Path) -> None:
    one = _bed(tmp_path / "h1.bed", _levels("GRCh38", REAL_PATERNAL), 18)
    two = _bed(tmp_path / "h2.bed", _levels("GRCh38", REAL_MATERNAL), 18)
    result = methylation(hap1=one, hap2=two)
    assert result.haplotype_origin == {"1": "paternal", "2": "maternal"}
    assert result.phase_sets[0].phase_set is None
    assert all(d.call is DmrCall.NORMAL for d in result.dmrs)
    assert "overall level = haplotype 1 + haplotype 2 (+ ungrouped) files" in result.notes


def test_modkit_partition_directory(tmp_path: Path) -> None:
    folder = tmp_path / "pileup"
    folder.mkdir()
    _bed(folder / "sample_1.bed", _levels("GRCh38", REAL_MATERNAL), 18)
    _bed(folder / "sample_2.bed", _levels("GRCh38", REAL_PATERNAL), 18)
    _bed(folder / "sample_ungrouped.bed", _levels("GRCh38", REAL_PATERNAL, depth=4), 18)
    result = methylation(folder)
    assert result.haplotype_origin == {"1": "maternal", "2": "paternal"}
    nesp = result.dmr("NESP:TSS")
    assert nesp.depth == 44  # 20 + 20 + 4 ungrouped calls per CpG in the overall level


def test_bedmethyl_of_the_other_build_is_refused(tmp_path: Path) -> None:
    bed = _bed(tmp_path / "s.bed", _levels("GRCh37", REAL_PATERNAL), 11)
    with pytest.raises(BuildMismatchError, match="GRCh37 DMRs, none in the GRCh38"):
        methylation(bed, build="GRCh38")


def test_a_file_covering_no_dmr_is_not_assessable_everywhere(tmp_path: Path) -> None:
    bed = _bed(tmp_path / "s.bed", {1000: (5, 10), 2000: (5, 10)}, 14)
    result = methylation(bed)
    assert {d.call for d in result.dmrs} == {DmrCall.NOT_ASSESSABLE}
    assert result.pattern is Pattern.NOT_ASSESSABLE
    assert all("no CpG call in the DMR" in d.reason for d in result.dmrs)


def test_a_malformed_bedmethyl_row_is_an_error_with_its_line(tmp_path: Path) -> None:
    counts = _levels("GRCh38", {"NESP": 55.0, "AS1": 40.0, "XL": 45.0, "AB": 50.0})
    lines = bedmethyl_lines(counts, 14)
    lines[3] = lines[3].replace("\t5mC\t", "\t5mC\t\t")
    (tmp_path / "bad.bed").write_text("\n".join(lines) + "\n")
    with pytest.raises(CorruptInputError, match=r"bad.bed:4: 15 columns"):
        methylation(tmp_path / "bad.bed")


def test_real_bismark_coverage_file_is_read_and_covers_no_dmr() -> None:
    real = shared_file("bismark_coverage_example_bsseq.cov.gz")
    with gzip.open(real, "rt") as handle:
        rows = sum(1 for _ in handle)
    assert rows == 2013
    result = methylation(real, build="GRCh37")
    assert result.kind is InputKind.BISMARK
    assert {d.call for d in result.dmrs} == {DmrCall.NOT_ASSESSABLE}


def test_generated_bismark_coverage_at_the_dmrs(tmp_path: Path) -> None:
    counts = _levels("GRCh38", {"NESP": 90.0, "AS1": 5.0, "XL": 5.0, "AB": 5.0})
    lines = [f"chr20\t{p}\t{p}\t{100 * m / n:.4f}\t{m}\t{n - m}" for p, (m, n) in counts.items()]
    path = tmp_path / "s.bismark.cov.gz"
    with gzip.open(path, "wt") as out:
        out.write("\n".join(lines) + "\n")
    result = methylation(path)
    assert [d.call.value for d in result.dmrs] == ["gain", "loss", "loss", "loss"]
    assert result.pattern is Pattern.BROAD_LOM_NESP_GAIN


def test_msmlpa_table_with_probe_names(tmp_path: Path) -> None:
    table = tmp_path / "mlpa.tsv"
    table.write_text("probe\tratio\nL22614\t0.52\nL22606\t0.48\nL17516\t0.50\nL26874\t0.46\n")
    result = methylation(table)
    assert result.kind is InputKind.DMR_TABLE
    xl = result.dmr("XL:Ex1")
    assert xl.mean == pytest.approx(48.0) and xl.call is DmrCall.NORMAL
    assert result.dmr("A/B:TSS").call is DmrCall.NOT_ASSESSABLE
    assert result.pattern is Pattern.INCOMPLETE


def test_pyrosequencing_table_reduced_ab(tmp_path: Path) -> None:
    # the PHP1A deletion report's values: A/B 57 % normal vs 32 % reduced
    table = tmp_path / "pyro.csv"
    table.write_text("dmr,percent\nNESP,50\nAS,50\nXL,50\nA/B,32\n")
    result = methylation(table)
    assert result.dmr("A/B:TSS").call is DmrCall.PARTIAL_LOSS
    assert result.pattern is Pattern.ISOLATED_AB_LOM
    table.write_text("dmr,percent\nNESP,50\nAS,50\nXL,50\nA/B,57\n")
    assert methylation(table).pattern is Pattern.NORMAL


def test_unknown_dmr_name_is_an_error(tmp_path: Path) -> None:
    table = tmp_path / "t.tsv"
    table.write_text("dmr\tpercent\nPEG3\t50\n")
    with pytest.raises(InputError, match="'PEG3' is not a GNAS DMR"):
        methylation(table)


def test_controls_table_gives_z_scores(tmp_path: Path) -> None:
    controls = tmp_path / "controls.tsv"
    controls.write_text(
        "dmr\tmean\tsd\tn\nNESP\t55\t3\t20\nAS1\t40\t3\t20\nXL\t45\t3\t20\nAB\t50\t1\t20\n"
    )
    counts = _levels("GRCh38", {"NESP": 55.0, "AS1": 40.0, "XL": 45.0, "AB": 40.0})
    result = methylation(_bed(tmp_path / "s.bed", counts, 18), controls=[controls])
    ab = result.dmr("A/B:TSS")
    assert ab.z == pytest.approx((40.0 - 50.0) / 2.0)  # SD floor 2 points
    assert ab.call is DmrCall.PARTIAL_LOSS
    assert result.dmr("NESP:TSS").z == pytest.approx(0.0)


def test_control_samples_give_means_and_sds(tmp_path: Path) -> None:
    paths = []
    for i, ab in enumerate((48.0, 50.0, 52.0)):
        counts = _levels("GRCh38", {"NESP": 55.0, "AS1": 40.0, "XL": 45.0, "AB": ab})
        paths.append(_bed(tmp_path / f"c{i}.bed", counts, 11))
    sample = _bed(
        tmp_path / "s.bed",
        _levels("GRCh38", {"NESP": 55.0, "AS1": 40.0, "XL": 45.0, "AB": 25.0}),
        11,
    )
    result = methylation(sample, controls=paths)
    ab = result.dmr("A/B:TSS")
    assert ab.call is DmrCall.LOSS and ab.z is not None and ab.z < -5
    elsewhere = _bed(tmp_path / "elsewhere.bed", {1000: (5, 10)}, 11)
    with pytest.raises(InputError, match=r"assessable in 1 control sample.*an SD needs at least 2"):
        methylation(sample, controls=[paths[0], elsewhere])


def test_cli_tsv_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = _bed(tmp_path / "h1.bed", _levels("GRCh38", REAL_PATERNAL), 18)
    two = _bed(tmp_path / "h2.bed", _levels("GRCh38", REAL_MATERNAL), 18)
    assert main(["methylation", "--hap1", str(one), "--hap2", str(two), "--sample", "p1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t")[:3] == ["sample", "dmr", "chrom"]
    assert out[1].split("\t")[1] == "NESP:TSS" and out[1].split("\t")[-2] == "normal"
    assert "# haplotype_origin\t1=paternal\t2=maternal" in out
    target = tmp_path / "out.json"
    assert (
        main(["methylation", "--hap1", str(one), "--hap2", str(two), "--json", "-o", str(target)])
        == 0
    )
    data = json.loads(target.read_text())
    assert set(data) >= {"dmrs", "pattern", "reading", "haplotype_origin"}
    first = data["dmrs"][0]
    assert set(first) >= {
        "name",
        "chrom",
        "start",
        "end",
        "cpgs",
        "depth",
        "mean",
        "haplotypes",
        "call",
    }
    assert set(first["haplotypes"]) == {"1", "2"} and "mean" in first["haplotypes"]["1"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.bed"], 3, "not found"),
        (["--hap1", "x.bed"], 3, "--hap1 and --hap2 go together"),
        ([], 3, "no methylation input"),
    ],
)
def test_cli_bad_input_is_one_line_and_an_exit_code(
    args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["methylation", *args]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


@pytest.mark.skipif(shutil.which("bgzip") is None, reason="needs bgzip")
def test_bgzip_cli_compressed_bedmethyl_without_index_is_streamed(tmp_path: Path) -> None:
    counts = _levels("GRCh38", {"NESP": 55.0, "AS1": 40.0, "XL": 45.0, "AB": 50.0})
    plain = _bed(tmp_path / "s.bed", counts, 14)
    subprocess.run(["bgzip", str(plain)], check=True)
    assert methylation(tmp_path / "s.bed.gz").pattern is Pattern.NORMAL


@pytest.mark.parametrize(
    ("values", "pattern", "calls"),
    [
        ((10, 90, 90, 90), Pattern.MATERNAL_UPD_LIKE, ("loss", "gain", "gain", "gain")),
        ((70, 50, 50, 50), Pattern.PARTIAL, ("partial_gain", "normal", "normal", "normal")),
        ((50, 10, 50, 50), Pattern.OTHER, ("normal", "loss", "normal", "normal")),
        ((50, 20, 20, 20), Pattern.BROAD_LOM_NESP_GAIN, ("normal", "loss", "loss", "loss")),
    ],
)
def test_every_pattern_reading_from_per_dmr_values(
    tmp_path: Path, values: tuple[int, ...], pattern: Pattern, calls: tuple[str, ...]
) -> None:
    table = tmp_path / "t.tsv"
    rows = "".join(f"{n}\t{v}\n" for n, v in zip(("NESP", "AS1", "XL", "A/B"), values, strict=True))
    table.write_text("dmr\tpercent\n" + rows)
    result = methylation(table)
    assert tuple(d.call.value for d in result.dmrs) == calls
    assert result.pattern is pattern
    if pattern is Pattern.BROAD_LOM_NESP_GAIN:
        assert "(here NESP is not raised)" in result.reading
    if pattern is Pattern.OTHER:
        assert "AS1:TSS loss" in result.reading
