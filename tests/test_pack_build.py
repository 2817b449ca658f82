"""`data build`: cut the locus from a user FASTA; compare models with a GFF3."""

from __future__ import annotations

from facts import gencode_transcripts_grch38, nm000516_exons
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.build import compare_gff3, cut_locus
from gnas_annot.seq.reference import ReferenceGenome, cached_locus_fasta, resolve_reference


def test_cut_locus_caches_the_region_and_becomes_the_default_reference(partial_reference):
    path = cut_locus(partial_reference[GenomeBuild.GRCh38])
    assert path == cached_locus_fasta(GenomeBuild.GRCh38)
    with (
        ReferenceGenome(path) as cached,
        ReferenceGenome(partial_reference[GenomeBuild.GRCh38]) as full,
    ):
        assert cached.build is GenomeBuild.GRCh38
        assert cached.fetch(58909190, 58909400) == full.fetch(58909190, 58909400)
    assert resolve_reference(None, GenomeBuild.GRCh38).path == path


def _gff3_line(kind, start, end, attrs):
    return f"chr20\tTest\t{kind}\t{start}\t{end}\t.\t+\t.\t{attrs}\n"


def test_gff3_with_the_shared_exon_table_matches_nm000516(tmp_path):
    lines = [
        "##gff-version 3\n",
        _gff3_line("mRNA", 58891421, 58911192, "ID=rna-NM_000516.7;Name=NM_000516.7"),
    ]
    for e in nm000516_exons():
        lines.append(_gff3_line("exon", e["GRCh38"], e["GRCh38_end"], "Parent=rna-NM_000516.7"))
    lines.append(_gff3_line("CDS", 58891727, 58891865, "Parent=rna-NM_000516.7"))
    lines.append(_gff3_line("CDS", 58910683, 58910829, "Parent=rna-NM_000516.7"))
    gff = tmp_path / "a.gff3"
    gff.write_text("".join(lines))
    result = {c.accession: c for c in compare_gff3(gff, GenomeBuild.GRCh38)}
    assert result["NM_000516.7"].matches
    assert not result["NM_080425.4"].found


def test_gff3_differences_are_listed_per_exon(tmp_path):
    # NM_001077488.5 is our +Ser model; give it the no-Ser exon 4 of another GENCODE model
    exons = next(
        v
        for v in gencode_transcripts_grch38().values()
        if v.startswith("58891421-58891865,58895612-58895684,58898941-58898985,58903531")
    )
    lines = [
        _gff3_line("transcript", 58891421, 58911192, "ID=transcript:x;transcript_id=NM_001077488.5")
    ]
    for chunk in exons.split(","):
        start, end = chunk.split("-")
        lines.append(_gff3_line("exon", start, end, "Parent=transcript:x"))
    gff = tmp_path / "b.gff3"
    gff.write_text("".join(lines))
    result = {c.accession: c for c in compare_gff3(gff, GenomeBuild.GRCh38)}
    assert result["NM_001077488.5"].differences == (
        "exon 4: pack 58903528-58903585, GFF3 58903531-58903585",
    )
