"""Readings of copy-number events and UPD calls: the mechanism x parent table of
gnas-domain.md 3.2-3.3 and 10.4-10.5; evidence, never a diagnosis."""

from __future__ import annotations

import pytest

from gnas_annot.interpret.structure import read_event, read_upd
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.structure.events import CopyNumberEvent, EventKind, relabel
from gnas_annot.structure.targets import copy_number_targets
from gnas_annot.structure.upd import UpdCall, UpdKind, UpdParent


def _event(start, end, kind=EventKind.DELETION):
    blank = CopyNumberEvent("kid", kind, "chr20", start, end, (), "", (), "test")
    return relabel(blank, copy_number_targets(GenomeBuild.GRCh38))


STX16 = (58667700, 58670900)  # between STX16 exons 3 and 7
NESP = (58838000, 58844000)  # the NESP DMR and NESP55 exon
GS_EXONS = (58895000, 58900000)  # Gs-alpha exons 2-3
WHOLE = (58830000, 58915000)


@pytest.mark.parametrize(
    ("span", "origin", "summary", "conditions"),
    [
        (STX16, "maternal", "consistent with AD-PHP1B (maternal deletion of STX16)", {"PHP1B"}),
        (STX16, "paternal", "paternal deletion of STX16: not expected", {"PHP1B"}),
        (STX16, "unknown", "possible PHP1B imprinting-control lesion (STX16)", {"PHP1B"}),
        (
            NESP,
            "maternal",
            "consistent with AD-PHP1B (maternal deletion of the NESP55/AS",
            {"PHP1B"},
        ),
        (GS_EXONS, "maternal", "consistent with PHP1A", {"PHP1A"}),
        (GS_EXONS, "paternal", "consistent with the PPHP / POH spectrum", {"PPHP", "POH"}),
        (WHOLE, "maternal", "consistent with PHP1A", {"PHP1A"}),
        (
            GS_EXONS,
            "conflicting",
            "Gs-alpha deletion; parent of origin conflicting",
            {"PHP1A", "PPHP", "POH"},
        ),
    ],
)
def test_deletion_readings_by_content_and_parent(span, origin, summary, conditions):
    reading = read_event(_event(*span), origin)
    assert reading.summary.startswith(summary)
    assert {c.key for c in reading.conditions} == conditions
    assert any("not a diagnosis" in c for c in reading.caveats)


def test_duplication_and_intergenic_deletion_are_uncertain():
    assert "uncertain" in read_event(_event(*GS_EXONS, EventKind.DUPLICATION)).summary
    assert "uncertain" in read_event(_event(58750000, 58760000)).summary


def _call(parent, includes_gnas):
    return UpdCall(
        parent,
        UpdKind.ISODISOMY,
        "chr20",
        35_000_000,
        64_000_000,
        900,
        300,
        250.0,
        "segmental 20q",
        includes_gnas,
        0.0,
    )


def test_paternal_upd_covering_gnas_reads_as_sporadic_php1b_and_others_do_not():
    assert read_upd(_call(UpdParent.PATERNAL, True)).summary.startswith(
        "consistent with sporadic PHP1B"
    )
    assert "without a known GNAS mechanism" in read_upd(_call(UpdParent.MATERNAL, True)).summary
    not_gnas = read_upd(_call(UpdParent.PATERNAL, False))
    assert any("does not cover GNAS" in c for c in not_gnas.caveats)
