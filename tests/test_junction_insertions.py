"""Insertions exactly at a UTR/CDS junction follow the 3' rule into the region 3'
of the junction (issue 12: ``c.-1_1insA`` is ``c.1dup``).

biocommons hgvs' Normalizer refuses a c. insertion that spans the UTR/CDS
boundary, so the oracle is biocommons' genome-wide normalization mapped onto the
transcript and normalized there, wherever that shifted insertion lies inside the
3' region (where the 3' rule on the transcript and on the genome agree)."""

from __future__ import annotations

import dataclasses
import warnings

import hgvs.normalizer
import hgvs.parser
import hgvs.variantmapper
import pytest

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript
from gnas_annot.naming.coords import TranscriptMap
from gnas_annot.naming.layout import segment_of
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome
from gnas_annot.seq.shift import Edit

G38, G37 = GenomeBuild.GRCh38, GenomeBuild.GRCh37
CODING = [(b, tx) for b in GenomeBuild for tx in load_locus(b).transcripts if tx.is_coding]


def _junctions(tx: Transcript) -> list[tuple[str, int]]:
    """(name, first genomic base 3' of the junction) of the 5'UTR/CDS and CDS/3'UTR
    junctions of a plus-strand transcript, where both sides are in one exon."""
    assert tx.cds_start is not None and tx.cds_end is not None
    out = []
    for name, first in (("5'UTR/CDS", tx.cds_start), ("CDS/3'UTR", tx.cds_end + 1)):
        if any(e.start < first <= e.end for e in tx.exons):
            out.append((name, first))
    return out


@pytest.mark.real_sequence
@pytest.mark.parametrize(("build", "pos"), [(G38, 58891726), (G37, 57466781)])
def test_an_insertion_of_a_before_the_gs_alpha_atg_is_c_1dup(real_reference, build, pos):
    # real bases c.-3..c.3 = GCCATG (ClinVar, see shared/data PROVENANCE)
    namer = HgvsNamer({build: ReferenceGenome(real_reference[build])})
    names = namer.name(build, pos, "C", "CA")
    assert names.genomic == f"{build.refseq_accession}:g.{pos + 1}dup"
    for accession in ("NM_000516.7", "NM_001077488.5", "NM_001077489.4", "NM_080426.4"):
        t = names.on(accession)
        assert t.c_or_n == "c.1dup", accession
        assert not any("further 3'" in n for n in t.notes), t.notes


@pytest.fixture(scope="module")
def oracle(synthetic_reference):
    namer = HgvsNamer({b: ReferenceGenome(synthetic_reference[b]) for b in GenomeBuild})
    hdp = namer.provider
    return (
        namer,
        hgvs.variantmapper.VariantMapper(hdp, replace_reference=False, prevalidation_level=None),
        hgvs.normalizer.Normalizer(
            hdp, shuffle_direction=3, cross_boundaries=False, validate=False
        ),
    )


@pytest.mark.parametrize(
    ("build", "tx"), CODING, ids=[f"{b.name}-{tx.accession}" for b, tx in CODING]
)
def test_insertions_at_a_utr_cds_junction_shift_3prime_as_on_the_genome(oracle, build, tx):
    namer, vm, normalizer = oracle
    reference = namer.references[build]
    parser = hgvs.parser.Parser()
    compared = 0
    for _junction, first in _junctions(tx):
        exon = next(e for e in tx.exons if e.start <= first <= e.end)
        after = reference.fetch(first, first + 5)
        # copies of the first bases 3' of the junction, and every other single base
        for inserted in {after[:1], after[:2], after[:3], *"ACGT"}:
            pos = first - 1
            anchor = reference.fetch(pos, pos)
            names = namer.name(build, pos, anchor, anchor + inserted)
            ours = names.on(tx.accession)
            text = f"{build.refseq_accession}:g.{pos}_{first}ins{inserted}"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                shifted = normalizer.normalize(parser.parse(text))
                start, end = shifted.posedit.pos.start.base, shifted.posedit.pos.end.base
                region_end = tx.cds_end if first == tx.cds_start else tx.end
                if not (first <= start and end <= min(exon.end, region_end)):
                    continue  # the genome shifts it out of the region: HGVS c. stops
                expected = str(normalizer.normalize(vm.g_to_c(shifted, tx.accession)))
            assert ours.hgvs == expected, (text, ours.hgvs, expected)
            assert not any("further 3'" in n for n in ours.notes), ours.notes
            compared += 1
    assert compared >= 3 * len(_junctions(tx))


@pytest.mark.parametrize("strand", [1, -1])
@pytest.mark.parametrize(
    ("build", "tx"), CODING, ids=[f"{b.name}-{tx.accession}" for b, tx in CODING]
)
def test_a_junction_insertion_may_shift_through_the_whole_3prime_region(build, tx, strand):
    # on either strand, the 3' side of a junction is the region the 3' rule moves into
    tx = dataclasses.replace(tx, strand=strand)
    tmap = TranscriptMap.of(tx)
    assert tx.cds_start is not None and tx.cds_end is not None
    parts = {"5": (tx.start, tx.cds_start - 1), "C": (tx.cds_start, tx.cds_end)}
    parts["3"] = (tx.cds_end + 1, tx.end)
    for low, high in (("5", "C"), ("C", "3")):
        point = parts[low][1]  # insertion between genomic bases point and point + 1
        exon = next((e for e in tx.exons if e.start <= point < e.end), None)
        if exon is None:
            continue  # the junction is at an exon edge: the exon/intron rule applies
        region, lo, hi = segment_of(tx, tmap, Edit(point, point, "", "A"))
        # plus strand: 3' is genomically higher; minus strand: lower
        a, b = parts[high] if strand > 0 else parts[low]
        name = tmap.segments_over(exon.start, exon.start)[0][0]
        assert (region, lo, hi) == (name, max(a, exon.start) - 1, min(b, exon.end))
