"""The deletion/insertion fast paths (naming.indel, HgvsNamer._name_indel, and the
one pass of effect/one_pass.py naming and classifying together) give what the
general path gives, on every deletion, duplication and insertion
of 1-4 bases at every exon base and the 20 intronic bases either side of every
exon of every transcript with an exon model, on both builds:

* with every base known (synthetic_reference), on the pack's models and on the
  same models mirrored onto the minus strand (c.1 at the other end, every
  3' shift running the other way);
* with the real bases (real_reference: real where known, N elsewhere), where
  the fast path must hand every window holding an unknown base to the general
  path.

Compared: the whole VariantConsequences (dataclass equality), that is every
g./c./n./p. name, protein change, note, term, position, amino acid and codon.
The enumeration must meet the cases that make the fast path hard: frameshifts,
in-frame deletions and duplications, splice sites, start and stop codons lost,
3' shifts stopped at an exon/intron or UTR/CDS border, and most of it must
really take the fast path (else the comparison would prove nothing).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import gnas_annot.naming.names as names_module
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.indel import indel_on_transcript
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.reference import ReferenceGenome
from test_snv_fast_path import _mirrored

FLANK = 20
SIZES = (1, 2, 3, 4)


def _calculators(
    build: GenomeBuild, fasta: Path, mirrored: bool
) -> tuple[ConsequenceCalculator, ConsequenceCalculator]:
    pair = []
    for fast in (True, False):
        namer = HgvsNamer({build: ReferenceGenome(fasta)}, indel_fast_path=fast)
        if mirrored:
            namer = _mirrored(namer)
        pair.append(ConsequenceCalculator(namer=namer))
    return pair[0], pair[1]


def _alleles(reference: ReferenceGenome, p: int) -> Iterator[tuple[int, str, str]]:
    """VCF alleles of the deletions, duplications and insertions at base ``p``."""
    for k in SIZES:
        # delete bases p .. p+k-1 (anchored on p-1)
        ref = reference.fetch(p - 1, p + k - 1)
        yield p - 1, ref, ref[0]
        # repeat bases p .. p+k-1 right after themselves: a dup (shifted 3' as it may)
        copied = reference.fetch(p, p + k - 1)
        last = reference.fetch(p + k - 1, p + k - 1)
        yield p + k - 1, last, last + copied
        # insert the complement of the next k bases after p: unlike the next base
        anchor = reference.fetch(p, p)
        inserted = reverse_complement(reference.fetch(p + 1, p + k))[::-1]
        yield p, anchor, anchor + inserted


def _positions(calc: ConsequenceCalculator, build: GenomeBuild) -> list[int]:
    out: set[int] = set()
    for tx in calc.namer.sequences.loci[build].transcripts:
        if tx.has_exon_model:
            for exon in tx.exons:
                out.update(range(exon.start - FLANK, exon.end + FLANK + 1))
    return sorted(out)


def _differences(
    build: GenomeBuild, fasta: Path, mirrored: bool, monkeypatch: pytest.MonkeyPatch
) -> tuple[Counter[str], list[str]]:
    fast, general = _calculators(build, fasta, mirrored)
    reference = ReferenceGenome(fasta)
    seen: Counter[str] = Counter()

    def counted(*args):  # type: ignore[no-untyped-def]
        described = indel_on_transcript(*args)
        seen["fast" if described is not None else "declined"] += 1
        return described

    monkeypatch.setattr(names_module, "indel_on_transcript", counted)
    wrong: list[str] = []
    for p in _positions(fast, build):
        for pos, ref, alt in _alleles(reference, p):
            got = fast.annotate(build, pos, ref, alt)  # the one pass (effect/one_pass.py)
            two_steps = fast.of_names(fast.namer.name(build, pos, ref, alt), pos, ref, alt)
            want = general.annotate(build, pos, ref, alt)
            seen["alleles"] += 1
            for t in got.transcripts:
                seen.update(t.terms)
                if t.hgvs is None:
                    continue
                if t.hgvs.hgvs is not None and t.hgvs.hgvs.endswith("dup"):
                    seen["dup"] += 1
                if t.hgvs.protein_change is not None:
                    seen[t.hgvs.protein_change.kind] += 1
                if any("3' shift stops at a border" in n for n in t.hgvs.notes):
                    seen["shift stopped at a border"] += 1
            if not got == two_steps == want:
                wrong.append(f"{build} {pos} {ref}>{alt}:\n  fast    {got}\n  general {want}")
    return seen, wrong


@pytest.mark.parametrize("mirrored", [False, True], ids=["plus", "minus"])
@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_every_small_indel_near_every_exon_is_named_and_classified_as_the_general_path_does(
    build: GenomeBuild,
    mirrored: bool,
    synthetic_reference: dict[GenomeBuild, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen, wrong = _differences(build, synthetic_reference[build], mirrored, monkeypatch)
    assert seen["alleles"] >= 3 * len(SIZES) * 6000
    # most transcripts take the fast path: the comparison is about it
    assert seen["fast"] > 10 * seen["declined"], seen
    for kind in (
        "frameshift",
        "inframe_deletion",
        "inframe_duplication",
        "inframe_insertion",
        "start_lost",
        "stop_lost",
        "unknown",
        "unchanged",
    ):
        assert seen[kind] > 0, f"no {kind} among {seen}"
    for case in (
        "splice_donor_variant",
        "splice_acceptor_variant",
        "frameshift_variant",
        "intron_variant",
        "dup",
        "shift stopped at a border",
    ):
        assert seen[case] > 0, f"no {case} among {seen}"
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:5])


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_every_small_indel_on_the_real_bases_is_as_the_general_path_gives(
    build: GenomeBuild,
    real_reference: dict[GenomeBuild, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen, wrong = _differences(build, real_reference[build], False, monkeypatch)
    assert seen["alleles"] >= 3 * len(SIZES) * 6000
    # the real Gs-alpha exons are known: their indels take the fast path
    assert seen["fast"] > 1000 and seen["frameshift"] > 100, seen
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:5])
