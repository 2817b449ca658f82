"""Every change within Gs-alpha codons 201 and 227 reachable by one, two or
three base substitutions (63 new codons each), on the real codon of GRCh38 and
GRCh37: the origin step flags it an activating hotspot exactly when the new
codon encodes one of the pack's activating residues for that codon (the codon
translated here with the test's own genetic code), as an SNV, an MNV and a
delins of equal length, trimmed or not.  Synonymous, nonsense, other residues,
indels and changes reaching the next codon are never flagged (issue 12)."""

from __future__ import annotations

import itertools

import pytest

from facts import c_to_g
from gnas_annot.effect.hotspot import activating_change
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import Genotype, SourceRecord, Variant, VariantStatus
from gnas_annot.origin.mosaicism import MosaicFlag, assess_mosaicism
from gnas_annot.pack.store import load_pack
from gnas_annot.seq.reference import ReferenceGenome

# the standard genetic code, written out here (TCAG order), not the package's
_CODE = dict(
    zip(
        ("".join(c) for c in itertools.product("TCAG", repeat=3)),
        "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG",
        strict=True,
    )
)
_THREE = {
    "A": "Ala", "R": "Arg", "N": "Asn", "D": "Asp", "C": "Cys", "E": "Glu", "Q": "Gln",
    "G": "Gly", "H": "His", "I": "Ile", "L": "Leu", "K": "Lys", "M": "Met", "F": "Phe",
    "P": "Pro", "S": "Ser", "T": "Thr", "W": "Trp", "Y": "Tyr", "V": "Val", "*": "Ter",
}  # fmt: skip
CODONS = {201: 601, 227: 679}  # residue: c. of its first base (NM_000516.7, + strand)


@pytest.fixture(scope="module")
def genomes(real_reference):
    return {b: ReferenceGenome(real_reference[b], b) for b in GenomeBuild}


def _codon(genomes, build: GenomeBuild, residue: int) -> tuple[int, str]:
    start = c_to_g(CODONS[residue], str(build))
    assert c_to_g(CODONS[residue] + 2, str(build)) == start + 2  # not split by an intron
    return start, genomes[build].fetch(start, start + 2).upper()


def _activating(build: GenomeBuild, residue: int) -> frozenset[str]:
    spot = next(h for h in load_pack().hotspots_on(build) if h.residue == residue)
    return spot.activating


def _flagged(build, pos, ref, alt) -> bool:
    record = SourceRecord("chr20", pos, None, ref, (alt,), None, (), pos, 0)
    call = Genotype("S", (0, 1), False, allele_depths=(30, 30), depth=60)
    variant = Variant(
        build, "chr20", pos, ref, alt, pos, 1, VariantStatus.OK, record, genotypes=(call,)
    )
    m = assess_mosaicism(variant, call, load_pack().mosaicism)
    return m is not None and MosaicFlag.ACTIVATING_HOTSPOT in m.flags


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
@pytest.mark.parametrize("residue", list(CODONS))
def test_every_substitution_within_the_codon_is_flagged_exactly_when_activating(
    genomes, build, residue
):
    start, codon = _codon(genomes, build, residue)
    ref_aa = _THREE[_CODE[codon]]
    activating = _activating(build, residue)
    assert ref_aa == {201: "Arg", 227: "Gln"}[residue]
    expected_hits, by_width = [], {1: 0, 2: 0, 3: 0}
    for new in ("".join(c) for c in itertools.product("ACGT", repeat=3)):
        if new == codon:
            continue
        changed = [i for i in range(3) if new[i] != codon[i]]
        lo, hi = changed[0], changed[-1] + 1
        new_aa = _THREE[_CODE[new]]
        expected = new_aa in activating
        protein = f"p.({ref_aa}{residue}{new_aa})"
        # minimal allele, the whole codon, and with an unchanged base either side
        alleles = [
            (start + lo, codon[lo:hi], new[lo:hi]),
            (start, codon, new),
        ]
        before = genomes[build].fetch(start - 1, start - 1).upper()
        after = genomes[build].fetch(start + 3, start + 3).upper()
        alleles.append((start - 1, before + codon + after, before + new + after))
        for pos, ref, alt in alleles:
            found = activating_change(build, pos, ref, alt)
            assert (found is not None) == expected, (build, codon, new, pos, ref, alt)
            if found is not None:
                assert found.protein == protein and found.residue == residue
            assert _flagged(build, pos, ref, alt) == expected, (build, codon, new, ref, alt)
        if expected:
            expected_hits.append(protein)
            by_width[len(changed)] += 1
    # every activating residue of the pack is reachable from the real codon
    assert {p[-4:-1] for p in expected_hits} == set(activating)
    assert by_width[2] + by_width[3] > 0  # multi-base activating changes exist and were tested


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_two_base_changes_named_in_the_issue(genomes, build):
    start, codon = _codon(genomes, build, 201)
    assert codon == "CGT"  # Arg201 (NM_000516.7 c.601-603) on the real reference
    # c.602_603delinsAC: CGT>CAC His, two bases
    assert activating_change(build, start + 1, "GT", "AC").protein == "p.(Arg201His)"
    # c.601_602delinsAG: CGT>AGT Ser (R201S by two bases)
    assert activating_change(build, start, "CG", "AG").protein == "p.(Arg201Ser)"
    # c.601_603delinsTGC: CGT>TGC Cys
    assert activating_change(build, start, "CGT", "TGC").protein == "p.(Arg201Cys)"
    # c.601_602delinsTA: CGT>TAT Tyr, not an activating residue
    assert activating_change(build, start, "CG", "TA") is None
    start, codon = _codon(genomes, build, 227)
    assert codon == "CAG"  # Gln227 (c.679-681)
    # c.680_681delinsTT: CAG>CTT Leu
    assert activating_change(build, start + 1, "AG", "TT").protein == "p.(Gln227Leu)"
    # c.679_681delinsAAA: CAG>AAA Lys
    assert activating_change(build, start, "CAG", "AAA").protein == "p.(Gln227Lys)"
    # c.679_680delinsTA: CAG>TAG Ter
    assert activating_change(build, start, "CA", "TA") is None


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_changes_beyond_the_codon_or_of_length_are_not_hotspots(genomes, build):
    start, codon = _codon(genomes, build, 201)
    nxt = genomes[build].fetch(start + 3, start + 3).upper()
    other = "A" if nxt != "A" else "C"
    # Arg201His plus a change in codon 202
    assert activating_change(build, start + 1, "GT" + nxt, "AC" + other) is None
    assert not _flagged(build, start + 1, "GT" + nxt, "AC" + other)
    # an in-frame deletion of the codon and a 1-base deletion in it
    before = genomes[build].fetch(start - 1, start - 1).upper()
    assert activating_change(build, start - 1, before + codon, before) is None
    assert activating_change(build, start, codon[:2], codon[:1]) is None


def test_origin_command_flags_a_two_base_arg201his(tmp_path, capsys):
    """c.602_603delinsAC (CGT>CAC, written GT>AC in the VCF) in a de novo child."""
    from conftest import write_vcf
    from gnas_annot.cli.app import main
    from gnas_annot.cli.origin import COLUMNS
    from trios import HOM_REF, SAMPLES, line

    site = f"chr20\t{c_to_g(602, 'GRCh38')}\t.\tGT\tAC"
    vcf = write_vcf(
        tmp_path / "mnv.vcf", line(site, "0/1:40,8:48:99", HOM_REF, HOM_REF), samples=SAMPLES
    )
    assert main(["origin", str(vcf), "--trio", "kid,dad,mum"]) == 0
    out = capsys.readouterr().out
    header, *rows = [r.split("\t") for r in out.splitlines() if not r.startswith("##")]
    assert tuple(header) == COLUMNS
    (row,) = [dict(zip(COLUMNS, r, strict=True)) for r in rows]
    assert row["mosaic_flags"].split(",")[:2] == ["activating_hotspot", "somatic_mosaic_suspected"]
