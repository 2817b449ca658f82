"""NESP55 (NM_016592.5) names its protein, NP_057676.1, as the MANE v1.5
summary pairs them (data/PROVENANCE.md S4), on both builds."""

from __future__ import annotations

import pytest

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.naming.parse import parse_hgvs
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome

NESP, NESP_PROTEIN = "NM_016592.5", "NP_057676.1"


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_pack_pairs_nesp55_with_its_mane_protein(build):
    tx = load_locus(build).transcript(NESP)
    assert tx.protein == NESP_PROTEIN
    assert tx.product == "NESP55"


def test_pack_provenance_cites_the_pairing():
    from gnas_annot.pack.files import data_dir

    provenance = data_dir().joinpath("PROVENANCE.md").read_text("utf-8")
    s4 = next(line for line in provenance.splitlines() if line.startswith("| S4 |"))
    assert "NM_016592.5 = NP_057676.1" in s4 and "RefSeq_prot" in s4


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_nesp55_utr_name_carries_the_accession(real_reference, build):
    namer = HgvsNamer({b: ReferenceGenome(real_reference[b], b) for b in GenomeBuild})
    _chrom, pos, ref, alt = parse_hgvs("NM_000516.7:c.565_568del", namer, build).vcf
    nesp = namer.name(build, pos, ref, alt).on(NESP)
    assert nesp.protein == f"{NESP_PROTEIN}:p.(=)"
    assert not any("protein accession" in note for note in nesp.notes)


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_nesp55_coding_change_carries_the_accession(synthetic_reference, build):
    """Mechanism (synthetic bases in the NESP exon): c.4 is inside the NESP55 ORF."""
    namer = HgvsNamer({b: ReferenceGenome(synthetic_reference[b], b) for b in GenomeBuild})
    tx = namer.provider.loci[build].transcript(NESP)
    assert tx.cds_start is not None
    pos = tx.cds_start + 3  # plus strand: c.4
    ref = namer.references[build].fetch(pos, pos)
    alt = "A" if ref != "A" else "C"
    nesp = namer.name(build, pos, ref, alt).on(NESP)
    assert nesp.c_or_n == f"c.4{ref}>{alt}"
    assert nesp.protein is not None and nesp.protein.startswith(f"{NESP_PROTEIN}:p.(")
    assert nesp.protein_one_letter is not None and nesp.protein_one_letter.startswith(
        f"{NESP_PROTEIN}:p.("
    )
