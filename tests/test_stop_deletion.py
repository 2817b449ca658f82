"""A deletion that takes the last sense codon and the stop codon with it (found by the
cohort benchmark: it crashed protein prediction with an IndexError).  Mechanism test
on the synthetic reference: the names are read from its bases, never typed in."""

from __future__ import annotations

from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome

G38 = GenomeBuild.GRCh38


def test_deleting_the_last_codon_and_the_stop_reads_on_to_a_new_stop(synthetic_reference):
    genome = ReferenceGenome(synthetic_reference[G38], G38)
    gs = load_locus(G38).transcript("NM_000516.7")
    # the stop codon's last base on the + strand, and the deletion anchored 6 bp before it
    assert gs.cds_end is not None and gs.strand > 0
    stop_end = gs.cds_end  # includes the stop codon (c.1183_1185)
    anchor = stop_end - 6
    ref = genome.fetch(anchor, stop_end)
    result = ConsequenceCalculator({G38: genome}).annotate(G38, anchor, ref, ref[0])
    tc = result.on("NM_000516.7")
    assert tc is not None and tc.hgvs is not None
    assert tc.hgvs.hgvs.endswith("c.1180_1185del")
    protein = tc.hgvs.protein or ""
    assert protein.startswith("NP_000507.1:p.(Leu394_Ter395delins")
