"""The reading shortcuts give what the general path gives:

- the SNV shortcut of the extractor (one-base REF matching the reference, one-base
  ALT) against :meth:`Extractor._allele`, for every pair of letters A, C, G, T, N in
  both cases at a reference A, C, G, T, N, at the chromosome's first and last base and
  beyond its end, and the one-base look-up of the reference against ``fetch`` at every
  base of the extraction region and across every block edge;
- a record's ID and FILTER read from its text against pysam's ``record.id`` and
  ``record.filter`` on odd records (missing, several, PASS, names with dots);
- a record's site (POS, REF, ALTs, last base), read once, against its attributes and
  :func:`record_end` (symbolic alleles with END and SVLEN, breakends, no ALT).
"""

from __future__ import annotations

import itertools

import pysam
import pytest

from conftest import write_vcf
from gnas_annot.extract.extractor import Extractor
from gnas_annot.io.records import id_and_filters, record_end, record_site
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import SourceRecord, VariantStatus
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import BLOCK_BITS, ReferenceGenome

G38 = GenomeBuild.GRCh38
_REGION = load_locus(G38).extraction_region()
_LETTERS = "ACGTNacgtn"


def _source(pos: int, ref: str, alt: str) -> SourceRecord:
    return SourceRecord("chr20", pos, None, ref, (alt,), 50.0, (), pos + len(ref) - 1, 0)


@pytest.fixture
def extractor(tmp_path, partial_reference):
    vcf = write_vcf(tmp_path / "empty.vcf", "", samples=())
    with Extractor(str(vcf), reference=partial_reference[G38], build="GRCh38") as ex:
        yield ex


def _positions(reference: ReferenceGenome) -> dict[str, list[int]]:
    """Positions in the region whose reference base is each letter (a few of each, at
    the first ones found), the chromosome's ends and beyond them."""
    found: dict[str, list[int]] = {b: [] for b in "ACGTN"}
    for pos in range(_REGION.start, _REGION.end + 1):
        base = reference.fetch(pos, pos)
        if len(found[base]) < 3:
            found[base].append(pos)
    found["edges"] = [1, reference.length, reference.length + 1]
    return found


def test_the_snv_shortcut_gives_what_the_general_path_gives(extractor):
    reference = extractor.reference
    assert reference is not None
    positions = _positions(reference)
    assert all(positions[b] for b in "ACGTN")  # the partial reference has each
    taken = 0
    for pos in itertools.chain.from_iterable(positions.values()):
        for ref, alt in itertools.product(_LETTERS, repeat=2):
            source = _source(pos, ref, alt)
            # many checked, none mismatched: the general path's build check stays quiet
            extractor._checked, extractor._mismatched = 1_000_000, 0
            before = (extractor._checked, extractor._mismatched)
            fast = extractor._matching_snv(source, (), alt)
            after_fast = (extractor._checked, extractor._mismatched)
            general = extractor._allele(source, (), 1, alt)
            if fast is None:  # left to the general path: nothing was counted
                assert after_fast == before, (pos, ref, alt)
                assert (
                    not (general.status is VariantStatus.OK and len(general.ref) == 1)
                    or ref.upper() == "N"
                ), (pos, ref, alt)
                continue
            taken += 1
            assert fast == general, (pos, ref, alt)
            assert fast.status is VariantStatus.OK and fast.reason == ""
            # the shortcut counted the checked REF as the general path did
            assert after_fast[0] - before[0] == extractor._checked - after_fast[0] == 1
            assert after_fast[1] == before[1] == extractor._mismatched
    # every matching SNV at a known base took it: 4 bases x 3 positions x REF in 2 cases
    # x the 8 other letters as ALT (N included: the general path gives it status OK too)
    assert taken == 4 * 3 * 2 * 8


def test_one_base_of_the_reference_is_fetch_of_that_base(partial_reference):
    with ReferenceGenome(partial_reference[G38]) as reference:
        edges = [k << BLOCK_BITS for k in range(1, (reference.length >> BLOCK_BITS) + 1)]
        near_edges = [e + d for e in edges for d in (-1, 0, 1, 2)]
        ends = [0, 1, 2, reference.length - 1, reference.length, reference.length + 1]
        for pos in [*ends, *range(_REGION.start - 10, _REGION.end + 11), *near_edges]:
            # asked twice: the block not kept yet, then kept
            assert reference.base(pos) == reference.fetch(pos, pos) == reference.base(pos), pos


_ODD = [
    ("r1", "PASS"),
    (".", "."),
    ("rs1;rs2", "q10;s50"),
    ("id.with.dots", "LowQual"),
    (".", "q10"),
    ("x", "PASS"),
    ("rs3", "s50;q10;LowQual"),
]


def test_id_and_filters_from_the_text_are_what_pysam_reads(tmp_path):
    header = (
        "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=64444167>\n"
        '##FILTER=<ID=q10,Description="q">\n##FILTER=<ID=s50,Description="s">\n'
        '##FILTER=<ID=LowQual,Description="l">\n'
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    )
    for samples in ((), ("S1", "S2")):
        columns = "\t".join(("#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"))
        if samples:
            columns += "\tFORMAT\t" + "\t".join(samples)
        body = "".join(
            f"chr20\t{58900000 + k}\t{id_}\tA\tG\t.\t{flt}\t."
            + ("\tGT\t0/1\t0/0" if samples else "")
            + "\n"
            for k, (id_, flt) in enumerate(_ODD)
        )
        path = tmp_path / f"odd{len(samples)}.vcf"
        path.write_text(header + columns + "\n" + body)
        with pysam.VariantFile(str(path)) as vcf:
            records = list(vcf)
        assert len(records) == len(_ODD)
        for record in records:
            assert id_and_filters(str(record)) == (record.id, tuple(record.filter))


def test_a_record_site_is_its_attributes_read_once(tmp_path):
    body = "".join(
        f"chr20\t{pos}\tr{k}\t{ref}\t{alt}\t50\tPASS\t{info}\n"
        for k, (pos, ref, alt, info) in enumerate(
            [
                (58900000, "A", "G", "."),
                (58900001, "ACGT", "A,AC", "."),
                (58900002, "A", ".", "."),
                (58900003, "N", "<DEL>", "SVTYPE=DEL;END=58900100"),
                (58900004, "N", "<DUP>", "SVTYPE=DUP;SVLEN=300"),
                (58900005, "A", "<DEL>", "SVTYPE=DEL;SVLEN=-40"),
                (58900006, "A", "G]chr20:58900000]", "."),
                (58900007, "C", "<*>,T", "."),
                (58900008, "c", "t", "."),
            ]
        )
    )
    path = write_vcf(tmp_path / "sites.vcf", body, samples=())
    with pysam.VariantFile(str(path)) as vcf:
        for record in vcf:
            expected = (record.pos, record.ref or "N", record.alts or (), record_end(record))
            assert record_site(record) == expected
