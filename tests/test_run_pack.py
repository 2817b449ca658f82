"""One annotation run, one data pack: the pack is read when the run starts and handed
to every step (naming, consequences, LoF, interpretation, mosaicism, the outputs'
transcript facts); no step asks the environment for the pack again."""

from __future__ import annotations

import shutil

import pytest

from conftest import EXAMPLES, write_vcf
from gnas_annot.annotate.pipeline import Annotator
from gnas_annot.annotate.results import csq_entries, rows
from gnas_annot.annotate.run import AnnotationRun
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import VariantStatus
from gnas_annot.pack import files
from gnas_annot.pack.files import write_manifest
from gnas_annot.pack.store import load_pack
from gnas_annot.seq.reference import ReferenceGenome

G38 = GenomeBuild.GRCh38
#: the edit that tells the two packs apart in every reading that names a condition
EDITED = " (edited pack)"


def _alleles(fasta: str) -> str:
    """VCF lines of every kind of allele the steps treat differently: SNVs and 1-base
    indels at both ends of every Gs-alpha exon (splice sites, stop gains, frameshifts),
    every SNV of the initiation codon and of the activating codons, deletions of the
    whole locus and of each imprinting-control region; each carried at a low allele
    fraction, so the mosaicism step runs too.  REF comes from ``fasta`` at run time."""
    pack = load_pack()
    locus = pack.locus(G38)
    genome = ReferenceGenome(fasta)
    gs = locus.reference_transcript
    first = gs.cds_start if gs.strand > 0 else gs.cds_end - 2  # the initiation codon
    positions: set[int] = set(range(first, first + 3))
    for exon in gs.exons:
        positions.update(range(exon.start - 3, exon.start + 4))
        positions.update(range(exon.end - 3, exon.end + 4))
    for spot in pack.hotspots_on(G38):
        positions.update(range(spot.start, spot.end + 1))
    call = "GT:AD:DP\t0/1:90,10:100"
    lines = []
    for pos in sorted(positions):
        ref = genome.fetch(pos, pos)
        alts = [b for b in "ACGT" if b != ref]
        lines.append(f"chr20\t{pos}\t.\t{ref}\t{','.join(alts)}\t50\tPASS\t.\t{call}")
        after = genome.fetch(pos + 1, pos + 1)
        lines.append(f"chr20\t{pos}\t.\t{ref}{after}\t{ref}\t50\tPASS\t.\t{call}")
        lines.append(f"chr20\t{pos}\t.\t{ref}\t{ref}A\t50\tPASS\t.\t{call}")
    spans = [(gs.start - 100, gs.end + 100)]
    for row in pack.imprinting_control:
        region = locus.region(row.region).interval
        spans.append((region.start, region.end))
    for start, end in spans:
        ref = genome.fetch(start, start)
        info = f"SVTYPE=DEL;END={end}"
        lines.append(f"chr20\t{start}\t.\t{ref}\t<DEL>\t50\tPASS\t{info}\t{call}")
    lines.sort(key=lambda line: int(line.split("\t")[1]))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def every_kind(synthetic_reference, tmp_path_factory):
    fasta = str(synthetic_reference[G38])
    vcf = write_vcf(tmp_path_factory.mktemp("run_pack") / "every_kind.vcf", _alleles(fasta))
    return str(vcf), fasta


@pytest.fixture
def edited_pack(tmp_path):
    """A copy of the shipped pack whose conditions have other names."""
    folder = tmp_path / "edited"
    shutil.copytree(files.data_dir(), folder)
    table = folder / "conditions.tsv"
    lines = table.read_text().splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    for i in range(header + 1, len(lines)):
        cells = lines[i].split("\t")
        cells[1] += EDITED  # key, name, ...
        lines[i] = "\t".join(cells)
    table.write_text("".join(lines))
    write_manifest(folder, "edited")
    return folder


def _outputs(run_alleles):
    out = []
    for av in run_alleles:
        reading = av.interpretation
        out.append(
            (
                av.variant.pos,
                av.variant.alt,
                tuple(csq_entries(av)),
                tuple(str(sorted(r.items())) for r in rows(av)),
                tuple(c.name for c in reading.conditions) if reading else None,
            )
        )
    return out


def _annotate(vcf, fasta, switch=None, monkeypatch=None, at=1, ped=None):
    """The outputs of one run; ``switch``: a GNAS_ANNOT_DATA value set after ``at``
    alleles (0: once the run is open, before it reads a record); the run must not
    notice."""
    with AnnotationRun(vcf, reference=fasta, region="gnas+stx16", ped=ped) as run:
        if switch is not None and at == 0:
            monkeypatch.setenv(files.DATA_ENV, switch)
        alleles = []
        for av in run:
            alleles.append(av)
            if switch is not None and len(alleles) == at:
                monkeypatch.setenv(files.DATA_ENV, switch)
        assert all(av.pack is run.pack for av in alleles)
        return _outputs(alleles)


def test_the_enumeration_covers_every_mechanism_and_the_conditions_they_name(every_kind):
    vcf, fasta = every_kind
    with AnnotationRun(vcf, reference=fasta, region="gnas+stx16") as run:
        alleles = list(run)
    ok, symbolic = VariantStatus.OK, VariantStatus.SYMBOLIC
    assert {av.variant.status for av in alleles} == {ok, symbolic}
    mechanisms = {av.mechanism.value for av in alleles if av.mechanism is not None}
    assert mechanisms == {"loss_of_function", "activating", "imprinting_control", "uncertain"}
    lof_classes = {c.lof_class for av in alleles if av.lof for c in av.lof.calls}
    assert {"start_lost", "stop_gained", "frameshift_variant", "transcript_ablation"} <= lof_classes
    assert {"splice_donor_variant", "splice_acceptor_variant"} <= lof_classes
    assert any(s.interpretation.mosaic_flags for av in alleles for s in av.samples)


def test_no_step_of_a_run_asks_the_environment_for_the_pack_again(every_kind, monkeypatch):
    vcf, fasta = every_kind
    expected = _annotate(vcf, fasta)
    # a data directory that holds no pack: any step that asked for "the current pack"
    # again would fail with DataPackError instead of annotating
    missing = "/nonexistent/gnas_annot_pack"
    for at in (0, 1):
        assert _annotate(vcf, fasta, switch=missing, monkeypatch=monkeypatch, at=at) == expected
        monkeypatch.delenv(files.DATA_ENV)


def test_nor_does_its_parent_of_origin_step(partial_reference, monkeypatch):
    # the trio example: origin calls (de novo, inherited, a mosaic hotspot allele), all
    # made by the origin window, which reads ahead of the alleles it gives
    vcf, ped = str(EXAMPLES / "trio.GRCh38.vcf"), str(EXAMPLES / "trio.ped")
    fasta = str(partial_reference[G38])
    expected = _annotate(vcf, fasta, ped=ped)
    text = " ".join(row for *_, rows_, _ in expected for row in rows_)
    assert "'paternal'" in text and "'maternal'" in text and "mosaic" in text
    missing = "/nonexistent/gnas_annot_pack"
    switched = _annotate(vcf, fasta, switch=missing, monkeypatch=monkeypatch, at=0, ped=ped)
    assert switched == expected


def test_a_pack_changed_mid_run_is_not_used_by_that_run(every_kind, edited_pack, monkeypatch):
    vcf, fasta = every_kind
    expected = _annotate(vcf, fasta)
    switched = _annotate(vcf, fasta, switch=str(edited_pack), monkeypatch=monkeypatch)
    assert switched == expected
    named = [c for *_, names in switched if names for c in names]
    assert named and not any(EDITED in name for name in named)
    # the edited pack is a real difference: a run that starts with it names its conditions
    edited = _annotate(vcf, fasta)
    assert edited != expected
    names = [c for *_, found in edited if found for c in found]
    assert names and all(name.endswith(EDITED) for name in names)


def test_a_pack_given_to_the_annotator_is_used_throughout(
    every_kind, edited_pack, synthetic_reference
):
    vcf, fasta = every_kind
    edited = load_pack(edited_pack)
    assert load_pack() is not edited  # the environment names the shipped pack
    with AnnotationRun(vcf, reference=fasta, region="gnas+stx16") as run:
        variants = [av.variant for av in run]
    annotator = Annotator(G38, ReferenceGenome(fasta), pack=edited)
    assert annotator.calc.namer.sequences.pack is edited
    alleles = [annotator.annotate(v) for v in variants]
    assert all(av.pack is edited for av in alleles)
    names = [c.name for av in alleles if av.interpretation for c in av.interpretation.conditions]
    assert names and all(name.endswith(EDITED) for name in names)
    assert any(
        c.name.endswith(EDITED)
        for av in alleles
        for s in av.samples
        if s.interpretation
        for c in s.interpretation.conditions
    )
