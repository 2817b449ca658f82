"""The fast coordinate mapper against biocommons hgvs' AlignmentMapper (the oracle),
on every position where a name can be written: every exon base and the 20
intronic bases either side of every exon, of every transcript with an exon
model, on both builds, as single positions and as intervals; and the same on
each model mirrored onto the minus strand (the pack's GNAS transcripts are all
on the plus strand, but the arithmetic for the other strand must be right too).
Not sampled: every position is compared."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator

import pytest
from hgvs.alignmentmapper import AlignmentMapper
from hgvs.exceptions import HGVSError
from hgvs.location import Interval, SimplePosition

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript, transcript_segments
from gnas_annot.naming.coords import CoordinateError, TranscriptMap
from gnas_annot.naming.hgvs_config import cache_hgvs_config
from gnas_annot.naming.provider import ALN_METHOD, GnasDataProvider, transcript_offset
from gnas_annot.pack.locus import load_locus

FLANK = 20


def _models() -> Iterator[tuple[GenomeBuild, Transcript]]:
    for build in GenomeBuild:
        for tx in load_locus(build).transcripts:
            if tx.has_exon_model:
                yield build, tx


MODELS = list(_models())


def _mirrored(tx: Transcript) -> Transcript:
    return dataclasses.replace(tx, strand=-tx.strand)


def _positions(tx: Transcript) -> list[int]:
    """Every exon base, FLANK intronic bases either side of each exon, the
    middle bases of each intron, and three
    bases beyond each end of the transcript (where mapping must refuse)."""
    out: set[int] = set()
    for exon in tx.exons:
        out.update(range(exon.start - FLANK, exon.end + FLANK + 1))
    for exon, nxt in itertools.pairwise(tx.exons):
        middle = (exon.end + nxt.start) // 2  # where the nearer exon edge changes
        out.update(range(middle - 2, middle + 3))
    out.update(range(tx.start - 3, tx.start + 1))
    out.update(range(tx.end, tx.end + 4))
    return sorted(out)


def _oracle(tx: Transcript) -> AlignmentMapper:
    cache_hgvs_config()
    provider = GnasDataProvider()
    provider._models = {tx.accession: {tx.build: tx}}
    return AlignmentMapper(provider, tx.accession, tx.build.refseq_accession, ALN_METHOD)


def _expected(mapper: AlignmentMapper, coding: bool, start: int, end: int) -> str:
    to_tx = mapper.g_to_c if coding else mapper.g_to_n
    try:
        return str(to_tx(Interval(start=SimplePosition(start), end=SimplePosition(end))))
    except HGVSError as exc:
        return f"error: {exc}"


def _ours(fast: TranscriptMap, start: int, end: int) -> str:
    try:
        return fast.interval(start, end)
    except CoordinateError as exc:
        return f"error: {exc}"


def _compare(tx: Transcript) -> tuple[int, list[str]]:
    mapper, fast = _oracle(tx), TranscriptMap.of(tx)
    positions = _positions(tx)
    wrong, compared = [], 0
    for g in positions:
        # single bases, the two bases around an insertion, and a 25-base span
        # (crossing exon/intron and UTR/CDS borders from every position)
        for start, end in ((g, g), (g, g + 1), (g, g + 25)):
            compared += 1
            want, got = _expected(mapper, tx.is_coding, start, end), _ours(fast, start, end)
            if want != got:
                wrong.append(f"{tx.accession} {tx.build} {start}-{end}: {got!r} != {want!r}")
        # the one-base lookup of the SNV path: the same text, and for an exonic
        # base the transcript offset it implies is offset()'s
        compared += 1
        want, got = _expected(mapper, tx.is_coding, g, g), _point(fast, g)
        if want != got:
            wrong.append(f"{tx.accession} {tx.build} point {g}: {got!r} != {want!r}")
        if fast.exon_at(g) is not None and fast.point(g)[1:] != (fast.offset(g) + 1, 0):
            wrong.append(f"{tx.accession} {g}: {fast.point(g)}, offset {fast.offset(g)}")
    return compared, wrong


def _point(fast: TranscriptMap, g: int) -> str:
    try:
        return fast.point(g)[0]
    except CoordinateError as exc:
        return f"error: {exc}"


@pytest.mark.parametrize(
    ("build", "tx"), MODELS, ids=[f"{b.name}-{t.accession}" for b, t in MODELS]
)
def test_every_exon_base_and_flanking_intron_base_maps_as_alignmentmapper_does(build, tx):
    compared, wrong = _compare(tx)
    assert compared >= 3 * tx.exonic_length
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize(
    ("build", "tx"), MODELS, ids=[f"{b.name}-{t.accession}" for b, t in MODELS]
)
def test_minus_strand_models_map_as_alignmentmapper_does(build, tx):
    compared, wrong = _compare(_mirrored(tx))
    assert compared >= 3 * tx.exonic_length
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize("strand", [1, -1])
@pytest.mark.parametrize(("build", "tx"), MODELS[:1] + MODELS[-1:])
def test_transcript_offset_of_every_exon_base_is_the_providers(build, tx, strand):
    tx = dataclasses.replace(tx, strand=strand)
    fast = TranscriptMap.of(tx)
    for exon in tx.exons:
        for g in range(exon.start, exon.end + 1):
            assert fast.offset(g) == transcript_offset(tx, g)
    with pytest.raises(ValueError, match="not exonic"):
        fast.offset(tx.exons[0].end + 1)


def test_the_middle_base_of_an_odd_intron_takes_the_5prime_exon_on_the_plus_strand():
    # HGVS: "in the middle of an intron ... the position is described with a +"
    tx = load_locus(GenomeBuild.GRCh38).transcript("NM_000516.7")
    fast = TranscriptMap.of(tx)
    exon, nxt = next(
        (e, n) for e, n in itertools.pairwise(tx.exons) if (n.start - e.end - 1) % 2 == 1
    )
    middle = (exon.end + nxt.start) // 2
    assert middle - exon.end == nxt.start - middle
    text = fast.interval(middle, middle)
    assert text.endswith(f"+{middle - exon.end}"), text


def test_cds_bounds_are_the_providers():
    provider = GnasDataProvider()
    for _build, tx in MODELS:
        info = provider.get_tx_info(tx.accession, tx.build.refseq_accession, ALN_METHOD)
        fast = TranscriptMap.of(tx)
        assert (fast.cds_start_i, fast.cds_end_i) == (info["cds_start_i"], info["cds_end_i"])
        assert fast.is_coding == tx.is_coding


@pytest.mark.parametrize("strand", [1, -1])
def test_segments_over_are_the_exons_and_introns_a_span_touches(strand):
    for _build, tx in MODELS:
        tx = dataclasses.replace(tx, strand=strand)
        fast = TranscriptMap.of(tx)
        segments = [(s.name, s.start, s.end) for s in transcript_segments(tx)]
        edges = {b for s in segments for b in (s[1] - 1, s[1], s[2], s[2] + 1)}
        for first in sorted(edges):
            for last in (first, first + 1, first + 30):
                want = tuple(s for s in segments if s[1] <= last and first <= s[2])
                assert fast.segments_over(first, last) == want, (tx.accession, first, last)
