"""The SNV fast paths (the one pass of effect/one_pass.py, and naming.snv with
ConsequenceCalculator._overlapping_snv in two steps, the splice terms per base)
give what the general path gives, on EVERY SNV (each
of the three other bases) of every exon base and the 20 intronic bases either
side of every exon of every transcript with an exon model, on both builds:

* with the real bases (real_reference: real where known, N elsewhere, so the
  fast path also meets codons it cannot translate);
* with every base known (synthetic_reference), on the pack's models and on
  the same models mirrored onto the minus strand (where c.1 is at the other
  end and the translations are full of stops: every branch of the codon
  reading is taken).

Compared: the whole VariantConsequences (dataclass equality), that is every
HGVS name, protein change, note, term, position, amino acid and codon field.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.naming.snv import snv_protein
from gnas_annot.seq.reference import ReferenceGenome

FLANK = 20


def _mirrored(namer: HgvsNamer) -> HgvsNamer:
    """``namer`` with every transcript model of both builds on the other strand."""
    seqs = namer.sequences
    seqs.loci = {
        build: dataclasses.replace(
            locus,
            transcripts=tuple(dataclasses.replace(t, strand=-t.strand) for t in locus.transcripts),
        )
        for build, locus in seqs.loci.items()
    }
    seqs._models = {}
    for build, locus in seqs.loci.items():
        for tx in locus.transcripts:
            if tx.has_exon_model:
                seqs._models.setdefault(tx.accession, {})[build] = tx
    return namer


def _calculators(
    build: GenomeBuild, fasta: Path, mirrored: bool
) -> tuple[ConsequenceCalculator, ConsequenceCalculator]:
    pair = []
    for fast in (True, False):
        namer = HgvsNamer({build: ReferenceGenome(fasta)}, snv_fast_path=fast)
        if mirrored:
            namer = _mirrored(namer)
        pair.append(ConsequenceCalculator(namer=namer, snv_fast_path=fast))
    return pair[0], pair[1]


def _positions(calc: ConsequenceCalculator, build: GenomeBuild) -> list[int]:
    out: set[int] = set()
    for tx in calc.namer.sequences.loci[build].transcripts:
        if tx.has_exon_model:
            for exon in tx.exons:
                out.update(range(exon.start - FLANK, exon.end + FLANK + 1))
    return sorted(out)


def _differences(build: GenomeBuild, fasta: Path, mirrored: bool) -> tuple[Counter[str], list[str]]:
    fast, general = _calculators(build, fasta, mirrored)
    reference = ReferenceGenome(fasta)
    seen: Counter[str] = Counter()
    wrong: list[str] = []
    for pos in _positions(fast, build):
        ref = reference.fetch(pos, pos).upper()
        for alt in "ACGT":
            if alt == ref:
                continue
            got = fast.annotate(build, pos, ref, alt)  # the one-pass path (effect/one_pass.py)
            two_steps = fast.of_names(fast.namer.name(build, pos, ref, alt), pos, ref, alt)
            want = general.annotate(build, pos, ref, alt)
            seen["snv"] += 1
            for t in got.transcripts:
                seen[t.terms[0]] += 1
                if t.hgvs is not None and t.hgvs.protein_change is not None:
                    seen[t.hgvs.protein_change.kind] += 1
            if not got == two_steps == want:
                wrong.append(f"{build} {pos} {ref}>{alt}:\n  fast    {got}\n  general {want}")
    return seen, wrong


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_every_snv_near_every_exon_is_named_and_classified_as_the_general_path_does(
    build: GenomeBuild, real_reference: dict[GenomeBuild, Path]
) -> None:
    seen, wrong = _differences(build, real_reference[build], mirrored=False)
    assert seen["snv"] >= 3 * 6000
    # the real Gs-alpha CDS is known: the fast codon reading is exercised
    assert seen["missense"] > 1000 and seen["synonymous"] > 100 and seen["nonsense"] > 10
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:5])


@pytest.mark.parametrize("mirrored", [False, True], ids=["plus", "minus"])
@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_every_snv_with_every_base_known_on_either_strand_is_as_the_general_path_gives(
    build: GenomeBuild, mirrored: bool, synthetic_reference: dict[GenomeBuild, Path]
) -> None:
    seen, wrong = _differences(build, synthetic_reference[build], mirrored)
    assert seen["snv"] >= 3 * 6000
    for kind in ("missense", "synonymous", "nonsense", "stop_retained", "start_lost"):
        assert seen[kind] > 0, f"no {kind} among {seen}"
    for term in ("splice_donor_variant", "splice_acceptor_variant", "intron_variant"):
        assert seen[term] > 0, f"no {term} among {seen}"
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:5])


def test_the_codon_reading_leaves_the_start_and_stop_codons_and_unknown_bases_to_predict():
    cds = "ATGGCCNGTCAGTAA"  # M A X Q *
    assert snv_protein(cds, 0, 0, "C", "MAXQ*") is None  # start codon
    assert snv_protein(cds, 0, 13, "C", "MAXQ*") is None  # stop codon
    assert snv_protein(cds, 0, 7, "A", "MAXQ*") is None  # NGT: the residue is unknown
    assert snv_protein(cds, 0, 9, "T", "MAXQ*")[1:] == ("p.(Gln4Ter)", "p.(Q4*)")  # type: ignore[index]
    assert snv_protein(cds, 0, 5, "T", "MAXQ*")[1:] == ("p.(Ala2=)", "p.(A2=)")  # type: ignore[index]
