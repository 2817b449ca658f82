"""Read-backed phasing of de novo alleles from the child's BAM/CRAM.

Reads are cut from the partial reference inside real Gs-alpha exons (exon 7:
58909162-58909216, exon 8: 58909350-58909423, exon 9: 58909521-58909579), so
every base a read carries is a real GNAS base; the chaining test needs reads
across intronic bases and uses the SYNTHETIC reference instead (said there).
"""

from __future__ import annotations

import pytest

from alignments import Read, pairs, write_alignments
from conftest import write_vcf
from gnas_annot import Confidence, Method, Origin, TrioPattern, assign_origin
from gnas_annot.errors import AlignmentInputError, BuildMismatchError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin.reads import Parent, PhasingSite, ReadPhaser
from trios import DE_NOVO, HET, HOM_REF, SAMPLES, SITE, alt_base, exon8_reads, line, snv, trio_vcf

G38 = GenomeBuild.GRCh38


def call_at(calls, pos=58909365):
    return next(c for c in calls if c.variant.pos == pos)


@pytest.mark.parametrize(
    ("pat", "mat", "origin"), [(4, 0, Origin.PATERNAL), (0, 3, Origin.MATERNAL)]
)
def test_de_novo_is_phased_to_the_parent_whose_allele_shares_its_reads(
    tmp_path, partial_reference, pat, mat, origin
):
    ref = partial_reference[G38]
    bam = write_alignments(tmp_path / "kid.bam", exon8_reads(ref, pat, mat), ref)
    call = call_at(
        assign_origin(
            trio_vcf(tmp_path, ref), trio="kid,dad,mum", alignments={"kid": bam}, reference=ref
        )
    )
    assert call.trio_pattern is TrioPattern.DE_NOVO
    assert (call.origin, call.method, call.confidence) == (
        origin,
        Method.READ_BACKED,
        Confidence.HIGH,
    )
    [evidence] = call.evidence
    assert (evidence.paternal, evidence.maternal) == (pat, mat)
    assert evidence.informative_sites == (SITE,)
    assert not call.conflicts


def test_reads_that_disagree_give_ambiguous_with_the_conflict(tmp_path, partial_reference):
    ref = partial_reference[G38]
    bam = write_alignments(tmp_path / "kid.bam", exon8_reads(ref, 3, 3), ref)
    call = call_at(
        assign_origin(
            trio_vcf(tmp_path, ref), trio="kid,dad,mum", alignments={"kid": bam}, reference=ref
        )
    )
    assert call.origin is Origin.AMBIGUOUS
    assert call.conflicts and "3 paternal vs 3 maternal" in call.conflicts[0]


def test_a_stray_read_lowers_confidence_but_keeps_the_majority(tmp_path, partial_reference):
    ref = partial_reference[G38]
    bam = write_alignments(tmp_path / "kid.bam", exon8_reads(ref, 12, 1), ref)
    call = call_at(
        assign_origin(
            trio_vcf(tmp_path, ref), trio="kid,dad,mum", alignments={"kid": bam}, reference=ref
        )
    )
    assert (call.origin, call.confidence) == (Origin.PATERNAL, Confidence.LOW)
    assert "mixed votes (12 paternal, 1 maternal)" in call.conflicts[0]


def test_de_novo_without_an_informative_site_stays_unphased(tmp_path, partial_reference):
    ref = partial_reference[G38]
    bam = write_alignments(tmp_path / "kid.bam", exon8_reads(ref, 4, 0), ref)
    vcf = write_vcf(
        tmp_path / "dn.vcf", DE_NOVO + line(snv(ref, SITE), HET, HET, HET), samples=SAMPLES
    )
    call = call_at(assign_origin(vcf, trio="kid,dad,mum", alignments={"kid": bam}, reference=ref))
    assert call.origin is Origin.DE_NOVO_UNPHASED
    assert "no informative site within 5,000 bp" in call.reason


def test_read_pairs_link_sites_in_different_exons(tmp_path, partial_reference):
    """Mate 1 covers the de novo (exon 8), mate 2 the informative site (exon 9)."""
    ref = partial_reference[G38]
    exon9 = 58909550
    maternal_alt = alt_base(ref, exon9)
    reads = pairs(
        "pair",
        5,
        Read("", 58909352, 40, {58909365: "T"}),  # ends before 58909400
        Read("", 58909525, 50, {exon9: maternal_alt}),
    )
    bam = write_alignments(tmp_path / "kid.bam", reads, ref)
    vcf = trio_vcf(tmp_path, ref, line(snv(ref, exon9), HET, HOM_REF, HET))
    call = call_at(assign_origin(vcf, trio="kid,dad,mum", alignments={"kid": bam}, reference=ref))
    assert (call.origin, call.method) == (Origin.MATERNAL, Method.READ_BACKED)
    assert call.evidence[0].informative_sites == (exon9,)


def test_de_novo_deletion_is_matched_to_reads_with_the_deletion(tmp_path, partial_reference):
    """The exon 7 hotspot c.565_568del as a de novo, informative SNV at 58909210."""
    ref = partial_reference[G38]
    alt = alt_base(ref, 58909210)
    reads = pairs("d", 4, Read("", 58909165, 50, {58909210: alt}, deletion=(58909193, 4)))
    reads += pairs("n", 4, Read("", 58909165, 50))
    bam = write_alignments(tmp_path / "kid.bam", reads, ref)
    body = line("chr20\t58909193\t.\tGCTGA\tG", HET, HOM_REF, HOM_REF)
    body += line(snv(ref, 58909210), HET, HOM_REF, HET)
    vcf = write_vcf(tmp_path / "del.vcf", body, samples=SAMPLES)
    call = call_at(
        assign_origin(vcf, trio="kid,dad,mum", alignments={"kid": bam}, reference=ref), 58909193
    )
    assert (call.origin, call.method) == (Origin.MATERNAL, Method.READ_BACKED)
    assert (call.evidence[0].paternal, call.evidence[0].maternal) == (0, 4)


def test_chaining_through_an_intermediate_site(tmp_path, synthetic_reference):
    """SYNTHETIC reference (every base known) so reads can cross intronic bases:
    no read spans the de novo X and the informative Z; reads X+Y and Y+Z do,
    Y being a site where both parents are het (uninformative)."""
    ref = synthetic_reference[G38]
    x, y, z = 58910000, 58910080, 58910160
    xs, ys, zs = (snv(ref, p) for p in (x, y, z))
    x_alt, y_alt, z_alt = (s.split("\t")[4] for s in (xs, ys, zs))
    reads = pairs("a", 4, Read("", 58909990, 100, {x: x_alt, y: y_alt}))  # de novo hap: Y ALT
    reads += pairs("b", 4, Read("", 58909990, 100))  # other hap: X REF, Y REF
    reads += pairs("c", 4, Read("", 58910070, 100, {y: y_alt}))  # Y ALT with Z REF (paternal)
    reads += pairs("e", 4, Read("", 58910070, 100, {z: z_alt}))  # Y REF with Z ALT (maternal)
    bam = write_alignments(tmp_path / "kid.bam", reads, ref)
    body = line(xs, HET, HOM_REF, HOM_REF) + line(ys, HET, HET, HET) + line(zs, HET, HOM_REF, HET)
    vcf = write_vcf(tmp_path / "chain.vcf", body, samples=SAMPLES)
    call = call_at(
        assign_origin(vcf, trio="kid,dad,mum", alignments={"kid": bam}, reference=ref), x
    )
    assert (call.origin, call.method, call.confidence) == (
        Origin.PATERNAL,
        Method.READ_BACKED,
        Confidence.MEDIUM,
    )
    assert "chained 4 / 0" in call.evidence[0].detail and "1 hop" in call.evidence[0].detail


def test_cram_input_reads_through_the_reference(tmp_path, partial_reference):
    ref = partial_reference[G38]
    cram = write_alignments(tmp_path / "kid.cram", exon8_reads(ref, 0, 4), ref)
    call = call_at(
        assign_origin(
            trio_vcf(tmp_path, ref), trio="kid,dad,mum", alignments={"kid": cram}, reference=ref
        )
    )
    assert (call.origin, call.method) == (Origin.MATERNAL, Method.READ_BACKED)
    with pytest.raises(AlignmentInputError, match="CRAM"):
        ReadPhaser(cram, sample="kid")


def test_unusable_alignment_files_are_refused(tmp_path, partial_reference):
    ref = partial_reference[G38]
    bam = write_alignments(tmp_path / "kid.bam", exon8_reads(ref, 1, 0), ref)
    with pytest.raises(AlignmentInputError, match="not mum"):
        ReadPhaser(bam, sample="mum")
    (tmp_path / "kid.bam.bai").unlink()
    with pytest.raises(AlignmentInputError, match="samtools index"):
        ReadPhaser(bam, sample="kid")


def test_alignments_of_another_build_are_refused_before_any_read_votes(tmp_path, partial_reference):
    ref = partial_reference[G38]
    length37 = GenomeBuild.GRCh37.chr20_length
    bam = write_alignments(tmp_path / "kid.bam", exon8_reads(ref, 1, 0), ref, chr20_length=length37)
    with pytest.raises(BuildMismatchError, match="align the reads to GRCh38"):
        ReadPhaser(bam, sample="kid", build=G38)
    with pytest.raises(BuildMismatchError, match="63,025,520 bp"):
        assign_origin(
            trio_vcf(tmp_path, ref), trio="kid,dad,mum", alignments={"kid": bam}, reference=ref
        )


def test_low_base_quality_and_mapq_reads_are_ignored(tmp_path, partial_reference):
    ref = partial_reference[G38]
    bam = write_alignments(tmp_path / "kid.bam", exon8_reads(ref, 3, 0), ref)
    site = PhasingSite(SITE, *snv(ref, SITE).split("\t")[3:5], paternal_allele=1)
    denovo = PhasingSite(58909365, "C", "T")
    with ReadPhaser(bam, sample="kid") as phaser:
        assert phaser.phase(denovo, [site]).parent is Parent.PATERNAL
    from gnas_annot.origin.reads import ReadPhasingSettings

    strict = ReadPhasingSettings(min_mapq=61)
    with ReadPhaser(bam, sample="kid", settings=strict) as phaser:
        result = phaser.phase(denovo, [site])
    assert result.parent is None and result.alt_fragments == 0
