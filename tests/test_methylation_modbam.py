"""Reading MM/ML: pysam's ``modified_bases`` against htslib's own expected
outputs, then synthetic haplotagged modBAMs at the real DMR coordinates."""

from __future__ import annotations

import re
from pathlib import Path

import pysam
import pytest

from facts import shared_file
from gnas_annot.epigenetics.api import methylation
from gnas_annot.epigenetics.model import DmrCall, HaplotypeParent, Pattern
from gnas_annot.errors import AlignmentInputError, BuildMismatchError
from modbams import REAL_MATERNAL, REAL_PATERNAL, ModBam, phased_sample

ORACLE = "mm_ml_htslib_test"
NAMES = {"NESP:TSS": "NESP", "AS1:TSS": "AS1", "XL:Ex1": "XL", "A/B:TSS": "AB"}


def _records(sam: Path) -> list[pysam.AlignedSegment]:
    """SAM records parsed one by one (MM-explicit.sam has a header comment with
    spaces where tabs belong, which htslib refuses as a whole file)."""
    lines = sam.read_text().splitlines()
    sq = [line for line in lines if line.startswith("@SQ")]
    header = pysam.AlignmentHeader.from_text("\n".join(sq) + "\n" if sq else "@SQ\tSN:I\tLN:999\n")
    return [pysam.AlignedSegment.fromstring(line, header) for line in lines if line[:1] != "@"]


def _oracle_calls(out: Path) -> list[set[tuple[int, str, str, str, int]]]:
    """Per record: {(pos, base, strand, code, qual)} from htslib's test output."""
    found = []
    for section in out.read_text().split("===")[:-1]:
        calls = set()
        for line in section.split("---")[0].strip().splitlines():
            fields = line.split("\t")
            for mod in (fields[2] if len(fields) > 2 else "").split():
                m = re.fullmatch(r"([ACGTN])([+-])(\w|\(\d+\))(\d+)", mod)
                assert m, mod
                code = m.group(3).strip("()")
                calls.add((int(fields[0]), m.group(1), m.group(2), code, int(m.group(4))))
        found.append(calls)
    return found


def _pysam_calls(read: pysam.AlignedSegment) -> set[tuple[int, str, str, str, int]] | None:
    mods = read.modified_bases
    if mods is None:
        return None
    return {
        (pos, base, "+-"[strand ^ read.is_reverse], str(code), qual)
        for (base, strand, code), calls in mods.items()
        for pos, qual in calls
    }


@pytest.mark.parametrize("name", ["MM-double", "MM-explicit", "MM-multi", "MM-chebi"])
def test_modified_bases_equals_htslib_expected_output(name: str) -> None:
    folder = shared_file(ORACLE)
    expected = _oracle_calls(folder / f"{name}.out")
    reads = _records(folder / f"{name}.sam")
    assert len(reads) == len(expected)
    for read, calls in zip(reads, expected, strict=True):
        if name == "MM-chebi":
            # the file's ML has 9 values for 8 MM calls: htslib >= 1.17 (in pysam)
            # refuses it where 1.16 read it; our reader then counts the read as undecodable
            assert len(read.get_tag("Ml")) == 9
            assert _pysam_calls(read) is None
        else:
            assert _pysam_calls(read) == calls


def test_modified_base_reference_positions_match_htslib_pileup() -> None:
    """Soft clips and a reverse read: each call lands on htslib's pileup column."""
    folder = shared_file(ORACLE)
    reads = _records(folder / "MM-pileup.sam")
    columns = {}
    for line in (folder / "MM-pileup.out").read_text().splitlines():
        f = line.split("\t")
        columns[int(f[1])] = re.findall(r"[ACGTNY](?:\[[^\]]*\])?", f[2])
    checked = 0
    for index, read in enumerate(reads):
        ref = read.get_reference_positions(full_length=True)
        for (_base, strand, code), calls in (read.modified_bases or {}).items():
            for qpos, qual in calls:
                pos = ref[qpos]
                if pos is None:
                    continue  # soft-clipped: not in the pileup
                covering = [r for r in reads if r.reference_start <= pos < r.reference_end]
                entry = columns[pos][covering.index(read)]
                sign = "+-"[strand ^ read.is_reverse]
                assert f"{sign}{code}{qual}" in entry, (index, pos, entry)
                checked += 1
    assert checked >= 30


@pytest.mark.parametrize("build", ["GRCh38", "GRCh37"])
def test_real_persons_phased_pattern_is_read_back_and_assigns_parents(
    tmp_path: Path, build: str
) -> None:
    bam = phased_sample(build, REAL_PATERNAL, REAL_MATERNAL)
    result = methylation(bam.write(tmp_path / "p.bam"), sample="PROBAND")
    assert result.build == build
    for d in result.dmrs:
        key = NAMES[d.name]
        one, two = d.haplotype("1"), d.haplotype("2")
        assert one is not None and two is not None and one.mean is not None
        assert abs(one.mean - REAL_PATERNAL[key]) <= 3.0
        assert two.mean is not None and abs(two.mean - REAL_MATERNAL[key]) <= 3.0
        # exact per-CpG truth of the generator: the mean over the DMR's CpGs
        truth = [
            (m, n)
            for (lab, pos), (m, n) in bam.truth.items()
            if lab == "all" and d.start <= pos <= d.end
        ]
        assert d.cpgs == len(truth) > 20
        assert d.mean == pytest.approx(100 * sum(m / n for m, n in truth) / len(truth))
        assert d.reads == 40 and d.depth == 40
        assert d.call is DmrCall.NORMAL
    assert result.pattern is Pattern.NORMAL
    assert result.haplotype_origin == {"1": "paternal", "2": "maternal"}
    assert result.phase_sets[0].phase_set == "PS:58800000"
    assert set(result.phase_sets[0].dmrs) == set(NAMES)


def test_swapped_haplotags_swap_the_parents(tmp_path: Path) -> None:
    bam = phased_sample("GRCh38", REAL_PATERNAL, REAL_MATERNAL, paternal_hp=2)
    result = methylation(bam.write(tmp_path / "p.bam"))
    assert result.haplotype_origin == {"1": "maternal", "2": "paternal"}


def test_phased_levels_decide_before_an_unphased_mean_pulled_by_coverage(tmp_path: Path) -> None:
    bam = phased_sample("GRCh38", REAL_PATERNAL, REAL_MATERNAL, reads=(30, 8))
    result = methylation(bam.write(tmp_path / "p.bam"))
    ab = result.dmr("A/B:TSS")
    assert ab.mean is not None and ab.mean < 30  # unphased alone would read as a loss
    assert ab.call is DmrCall.NORMAL


LOM_AB = {**REAL_MATERNAL, "AB": 1.0}
PATERNAL_BOTH = dict(REAL_PATERNAL)
MOSAIC = {"NESP": 50.0, "AS1": 45.0, "XL": 50.0, "AB": 45.0}


@pytest.mark.parametrize(
    ("maternal", "phased", "pattern", "calls", "origin"),
    [
        (LOM_AB, True, Pattern.ISOLATED_AB_LOM, ("normal", "normal", "normal", "loss"), None),
        (PATERNAL_BOTH, True, Pattern.PATERNAL_UPD_LIKE, ("gain", "loss", "loss", "loss"), None),
        (PATERNAL_BOTH, False, Pattern.BROAD_LOM_NESP_GAIN, ("gain", "loss", "loss", "loss"), None),
        (
            MOSAIC,
            True,
            Pattern.BROAD_LOM_NESP_GAIN,
            ("partial_gain", "partial_loss", "partial_loss", "partial_loss"),
            None,
        ),
        (
            {**REAL_MATERNAL, "AB": 45.0},
            True,
            Pattern.ISOLATED_AB_LOM,
            ("normal", "normal", "normal", "partial_loss"),
            "maternal",
        ),
    ],
)
def test_php1b_patterns_from_haplotagged_reads(
    tmp_path: Path,
    maternal: dict[str, float],
    phased: bool,
    pattern: Pattern,
    calls: tuple[str, ...],
    origin: str | None,
) -> None:
    bam = ModBam("GRCh38")
    for dmr in ("NESP", "AS1", "XL", "AB"):
        bam.add(dmr, REAL_PATERNAL[dmr], 20, hp=1 if phased else None, ps=7 if phased else None)
        bam.add(dmr, maternal[dmr], 20, hp=2 if phased else None, ps=7 if phased else None)
    result = methylation(bam.write(tmp_path / "p.bam"))
    assert tuple(d.call.value for d in result.dmrs) == calls
    assert result.pattern is pattern
    assert "not a diagnosis" in result.reading
    if origin is None:
        assert result.haplotype_origin == {"1": "unassigned", "2": "unassigned"}
        if phased:
            assert result.phase_sets[0].reason
    else:
        # a partial A/B does not vote; NESP, AS and XL still assign the parents
        assert result.haplotype_origin == {"1": "paternal", "2": origin}
        assert "A/B:TSS (intermediate)" in result.phase_sets[0].reason


def test_low_coverage_is_not_assessable_with_the_reason(tmp_path: Path) -> None:
    bam = ModBam("GRCh38")
    bam.add("AB", 50.0, 2, hp=1, ps=1)
    for dmr in ("NESP", "AS1", "XL"):
        bam.add(dmr, 50.0, 10)
    result = methylation(bam.write(tmp_path / "p.bam"))
    ab = result.dmr("A/B:TSS")
    assert ab.call is DmrCall.NOT_ASSESSABLE
    assert "only 0 CpG(s) with >= 3 calls" in ab.reason
    assert result.pattern is Pattern.INCOMPLETE
    assert "not assessable: A/B:TSS" in result.reading
    assert result.phase_sets[0].haplotype_1 is HaplotypeParent.UNASSIGNED


def test_implicit_mm_mode_counts_unlisted_cpgs_as_unmethylated(tmp_path: Path) -> None:
    explicit, implicit = ModBam("GRCh38"), ModBam("GRCh38")
    explicit.add("AB", 30.0, 10)
    implicit.add("AB", 30.0, 10, implicit=True)
    a = methylation(explicit.write(tmp_path / "e.bam")).dmr("A/B:TSS")
    b = methylation(implicit.write(tmp_path / "i.bam")).dmr("A/B:TSS")
    assert (a.cpgs, a.mean) == (b.cpgs, b.mean)
    assert a.mean == pytest.approx(30.0)


def test_legacy_mm_ml_tag_names_are_read(tmp_path: Path) -> None:
    bam = ModBam("GRCh38")
    bam.add("XL", 60.0, 10, mm_tag="Mm")
    assert methylation(bam.write(tmp_path / "p.bam")).dmr("XL:Ex1").mean == pytest.approx(60.0)


def test_a_bam_without_mm_tags_is_refused(tmp_path: Path) -> None:
    bam = ModBam("GRCh38")
    bam.add_plain("AB", 5)
    with pytest.raises(AlignmentInputError, match=r"none of the 5 reads .* MM tag"):
        methylation(bam.write(tmp_path / "p.bam"))


def test_mm_without_ml_is_refused(tmp_path: Path) -> None:
    bam = ModBam("GRCh38")
    bam.add("AB", 50.0, 4, with_ml=False)
    with pytest.raises(AlignmentInputError, match="MM tags but no ML"):
        methylation(bam.write(tmp_path / "p.bam"))


def test_a_few_reads_without_tags_are_counted_not_silently_dropped(tmp_path: Path) -> None:
    bam = ModBam("GRCh38")
    bam.add("AB", 50.0, 10)
    bam.add_plain("AB", 3)
    result = methylation(bam.write(tmp_path / "p.bam"))
    assert "3 read(s) without MM tags were skipped" in result.notes


def test_bam_of_the_other_build_is_refused(tmp_path: Path) -> None:
    bam = ModBam("GRCh37")
    bam.add("AB", 50.0, 10)
    with pytest.raises(BuildMismatchError, match=r"GRCh37.*--build GRCh38"):
        methylation(bam.write(tmp_path / "p.bam"), build="GRCh38")


def test_unindexed_bam_is_refused(tmp_path: Path) -> None:
    bam = ModBam("GRCh38")
    bam.add("AB", 50.0, 4)
    path = bam.write(tmp_path / "p.bam")
    Path(str(path) + ".bai").unlink()
    with pytest.raises(AlignmentInputError, match="no index"):
        methylation(path)


def test_a_modbam_of_another_sample_is_refused(tmp_path: Path) -> None:
    bam = ModBam("GRCh38")
    bam.add("AB", 50.0, 4)
    path = bam.write(tmp_path / "p.bam")
    assert methylation(path, sample="PROBAND").sample == "PROBAND"
    with pytest.raises(AlignmentInputError, match=r"is for sample\(s\) PROBAND, not kid"):
        methylation(path, sample="kid")
