"""The origin window: records are decided as the stream goes, holding back only what a
phased (or read-backed) call needs, within a bounded number of base pairs."""

from __future__ import annotations

from conftest import write_vcf
from gnas_annot import Method, Origin
from gnas_annot.extract.extractor import Extractor
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin.pedigree import Trio
from gnas_annot.origin.window import ORIGIN_WINDOW, OriginWindow
from gnas_annot.pack.locus import load_locus
from test_origin import phased_ps
from trios import HET, HOM_REF, HOTSPOT_DEL, R201C, SAMPLES, line, snv

G38 = GenomeBuild.GRCh38
TRIO = Trio("kid", "dad", "mum")


def _stream(vcf, reference, window=ORIGIN_WINDOW):
    """(positions decided after each push, positions decided at the end, calls by position)."""
    after_push, calls = [], {}
    with (
        Extractor(vcf, reference=reference) as extractor,
        OriginWindow([TRIO], window=window) as origin,
    ):
        for item in extractor.records():
            decided = list(origin.push(item))
            after_push.append([d.item.record.pos for d in decided])
            calls.update({d.item.record.pos: d.calls[0]["kid"] for d in decided})
        final = list(origin.finish())
        calls.update({d.item.record.pos: d.calls[0]["kid"] for d in final})
    return after_push, [d.item.record.pos for d in final], calls


def test_unphased_records_are_decided_as_soon_as_they_are_read(tmp_path, partial_reference):
    ref = partial_reference[G38]
    body = (
        line(HOTSPOT_DEL, HET, HOM_REF, HET)
        + line(R201C, HET, HOM_REF, HOM_REF)
        + line(snv(ref, 58909400), HET, HET, HOM_REF)
    )
    vcf = write_vcf(tmp_path / "trio.vcf", body, samples=SAMPLES)
    after_push, final, calls = _stream(vcf, ref)
    assert after_push == [[58909193], [58909365], [58909400]]  # nothing held back
    assert final == []
    assert [calls[p].origin for p in (58909193, 58909365, 58909400)] == [
        Origin.MATERNAL,
        Origin.DE_NOVO_UNPHASED,
        Origin.PATERNAL,
    ]


def test_a_phased_carrier_waits_for_the_anchors_after_it(tmp_path, partial_reference):
    ref = partial_reference[G38]
    vcf = write_vcf(
        tmp_path / "trio.vcf", phased_ps(ref, "0|1:20,20:40:99:58909170"), samples=SAMPLES
    )
    after_push, final, calls = _stream(vcf, ref)
    # every record has a phased carrier and the stream never gets 300 kb past one
    assert after_push == [[], [], [], []]
    assert final == [58909170, 58909365, 58909400, 58909700]
    r201c = calls[58909365]
    assert (r201c.origin, r201c.method) == (Origin.MATERNAL, Method.PHASED_GENOTYPES)
    assert r201c.evidence[0].informative_sites == (58909170, 58909400)


def test_the_window_bounds_what_is_held_and_which_anchors_count(tmp_path, partial_reference):
    """With a 100-bp window R201C (58909365) is decided once the stream passes 58909465,
    so the anchor 200 bp before it is forgotten and the one 35 bp after it counts."""
    ref = partial_reference[G38]
    vcf = write_vcf(
        tmp_path / "trio.vcf", phased_ps(ref, "0|1:20,20:40:99:58909170"), samples=SAMPLES
    )
    after_push, final, calls = _stream(vcf, ref, window=100)
    assert after_push == [[], [58909170], [], [58909365, 58909400]]
    assert final == [58909700]
    r201c = calls[58909365]
    assert r201c.origin is Origin.MATERNAL
    assert r201c.evidence[0].informative_sites == (58909400,)


def test_the_default_window_covers_every_extraction_region():
    for build in GenomeBuild:
        for name in ("gnas", "gnas+stx16"):
            region = load_locus(build).extraction_region(name)
            assert region.end - region.start < ORIGIN_WINDOW
