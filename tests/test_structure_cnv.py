"""Copy number from read depth: targets at the pack's real exon coordinates,
synthetic BAMs with known deletions/duplications, events named by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnv_data import write_depth_bam
from facts import DATA, _rows
from gnas_annot.errors import AlignmentInputError, BuildMismatchError, InputError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.structure.copy_number import CnCall, call_targets
from gnas_annot.structure.depth import measure, read_matrix, write_matrix
from gnas_annot.structure.events import EventKind, events_from_depth
from gnas_annot.structure.targets import TargetKind, copy_number_targets

STX16_OFFSET = 1_424_944  # GRCh38 - GRCh37 at both STX16 gene ends (NCBI Gene, PROVENANCE S8)
STX16_4_6 = {GenomeBuild.GRCh38: (58667700, 58670900)}
STX16_4_6[GenomeBuild.GRCh37] = tuple(x - STX16_OFFSET for x in STX16_4_6[GenomeBuild.GRCh38])


def _by_name(build):
    return {t.name: t for t in copy_number_targets(build)}


def test_stx16_and_npepl1_targets_equal_the_shared_mane_bed_rows():
    rows = list(_rows(DATA / "gnas_upstream_STX16_NPEPL1_mane_exons_GRCh38.bed"))
    targets = _by_name(GenomeBuild.GRCh38)
    assert len(rows) == 21
    for _chrom, start, end, _exon_id, gene, number, _tx in rows:
        target = targets[f"{gene} exon {number}"]
        assert (target.start, target.end) == (int(start) + 1, int(end))


def test_grch37_stx16_targets_use_the_stx16_offset_and_npepl1_is_absent_on_grch37():
    t38, t37 = _by_name(GenomeBuild.GRCh38), _by_name(GenomeBuild.GRCh37)
    for n in range(1, 10):
        name = f"STX16 exon {n}"
        assert t38[name].start - t37[name].start == STX16_OFFSET
        assert t38[name].end - t37[name].end == STX16_OFFSET
    assert not [n for n in t37 if n.startswith("NPEPL1")]
    assert len([n for n in t38 if n.startswith("NPEPL1")]) == 12


def test_gnas_exon_blocks_are_named_by_gs_alpha_numbering_and_first_exons():
    targets = _by_name(GenomeBuild.GRCh38)
    gs = [t for t in targets.values() if t.gene == "GNAS" and t.exon is not None]
    assert sorted(t.exon for t in gs) == list(range(1, 14))
    assert {"GNAS NESP55 exon", "GNAS XL exon", "GNAS A/B exon (1A)"} <= set(targets)
    assert {"NESP-DMR", "AS-DMR", "XL-DMR", "AB-DMR"} <= set(targets)
    # the short Gs-alpha forms' exon-4 acceptor 3 nt upstream is merged into exon 4
    assert targets["GNAS exon 4"].start == 58903528
    assert "NM_001077489.4 exon 3" in targets["GNAS exon 4"].members


def _profile(tmp_path: Path, build: GenomeBuild, copies=(), seed=1, controls=(), **kw):
    targets = copy_number_targets(build)
    bam = write_depth_bam(
        tmp_path / f"s{seed}.bam", build, depth=60, copies=copies, seed=seed, **kw
    )
    return call_targets(measure(bam, targets), targets, controls)


@pytest.mark.parametrize("build", list(GenomeBuild))
def test_recurrent_stx16_deletion_is_found_and_named_on_both_builds(tmp_path, build):
    start, end = STX16_4_6[build]
    events = events_from_depth(_profile(tmp_path, build, [(start, end, 1)]))
    assert len(events) == 1
    event = events[0]
    assert event.kind == EventKind.DELETION and event.copies == 1
    assert event.label.startswith("STX16 exons 4-6 deleted: the region of the recurrent 3-kb")
    assert "breakpoints are not in the pack" in event.label
    assert 0.35 < event.ratio < 0.7
    stx = _by_name(build)
    assert event.outer_start == stx["STX16 exon 3"].end + 1
    assert event.outer_end == stx["STX16 exon 7"].start - 1


def test_whole_gnas_deletion_normalised_by_flanks_and_named_whole_gene(tmp_path):
    b = GenomeBuild.GRCh38
    profile = _profile(tmp_path, b, [(58_830_000, 58_915_000, 1)])
    assert profile.normaliser == "flanks"
    events = events_from_depth(profile)
    assert len(events) == 1
    assert "whole GNAS gene" in events[0].known
    assert "NESP55/AS" in events[0].label


def test_gs_alpha_exon_duplication_and_homozygous_deletion(tmp_path):
    b = GenomeBuild.GRCh38
    copies = [(58903600, 58911500, 3), (58895500, 58899100, 0)]
    events = events_from_depth(_profile(tmp_path, b, copies))
    kinds = {e.kind: e for e in events}
    assert kinds[EventKind.DUPLICATION].label.startswith("GNAS exons 5-13 duplicated")
    assert kinds[EventKind.DELETION].label.startswith("GNAS exons 2-3 deleted")
    assert kinds[EventKind.DELETION].copies == 0


@pytest.mark.parametrize("seed", range(4))
def test_normal_samples_get_no_event(tmp_path, seed):
    profile = _profile(tmp_path, GenomeBuild.GRCh38, seed=100 + seed)
    assert events_from_depth(profile) == []
    assert all(c.call in (CnCall.NORMAL, CnCall.NOT_ASSESSABLE) for c in profile.calls)


def test_controls_give_z_scores_and_the_matrix_round_trips(tmp_path):
    b = GenomeBuild.GRCh38
    targets = copy_number_targets(b)
    controls = [
        measure(
            write_depth_bam(
                tmp_path / f"c{i}.bam", b, depth=40 + 10 * i, seed=50 + i, sample=f"c{i}"
            ),
            targets,
        )
        for i in range(5)
    ]
    matrix = tmp_path / "controls.tsv"
    write_matrix(matrix, targets, controls)
    again = read_matrix(matrix, targets, b)
    assert [c.sample for c in again] == [f"c{i}" for i in range(5)]
    start, end = STX16_4_6[b]
    profile = _profile(tmp_path, b, [(start, end, 1)], controls=again)
    assert profile.controls == 5
    deleted = [c for c in profile.calls if c.call == CnCall.DELETION]
    assert deleted and all(c.z is not None and c.z <= -3 for c in deleted)
    assert {c.target.name for c in deleted} <= {"STX16 exon 4", "STX16 exon 5", "STX16 exon 6"}
    with pytest.raises(InputError, match="on GRCh37"):
        read_matrix(matrix, copy_number_targets(GenomeBuild.GRCh37), GenomeBuild.GRCh37)


def test_capture_data_without_flanks_normalises_over_the_locus_and_says_so(tmp_path):
    profile = _profile(tmp_path, GenomeBuild.GRCh38, flanks=False)
    assert profile.normaliser == "locus"
    assert "flank" in profile.notes[0]
    assert events_from_depth(profile) == []


def test_low_coverage_targets_are_not_assessable(tmp_path):
    b = GenomeBuild.GRCh38
    targets = copy_number_targets(b)
    bam = write_depth_bam(tmp_path / "low.bam", b, depth=4)
    profile = call_targets(measure(bam, targets), targets)
    assert all(c.call == CnCall.NOT_ASSESSABLE for c in profile.calls)
    assert all(t.kind != TargetKind.FLANK for t in (c.target for c in profile.calls))


def test_bam_without_index_is_refused(tmp_path):
    bam = write_depth_bam(tmp_path / "noindex.bam", GenomeBuild.GRCh38, depth=5, index=False)
    with pytest.raises(AlignmentInputError, match="no index"):
        measure(bam, copy_number_targets(GenomeBuild.GRCh38))


def test_cram_without_reference_is_refused(tmp_path):
    cram = tmp_path / "x.cram"
    cram.write_bytes(b"CRAM")
    with pytest.raises(AlignmentInputError, match="--reference"):
        measure(cram, ())


def test_build_of_the_bam_must_match_the_targets(tmp_path):
    bam = write_depth_bam(tmp_path / "b37.bam", GenomeBuild.GRCh37, depth=5)
    with pytest.raises(BuildMismatchError):
        measure(bam, (), build=GenomeBuild.GRCh38)
    assert measure(bam, ()).build == GenomeBuild.GRCh37


def test_cram_with_its_reference_gives_the_same_depths_as_bam(tmp_path, partial_reference):
    b = GenomeBuild.GRCh38
    targets = copy_number_targets(b)
    ref = partial_reference[b]
    start, end = STX16_4_6[b]
    bam = write_depth_bam(tmp_path / "s.bam", b, depth=20, copies=[(start, end, 1)], seed=5)
    cram = write_depth_bam(
        tmp_path / "s.cram", b, depth=20, copies=[(start, end, 1)], seed=5, reference=ref
    )
    assert measure(cram, targets, reference=ref).depths == measure(bam, targets).depths
