"""The one-pass path (effect/one_pass.py: naming and classifying an SNV or a simple
indel in one pass over the transcripts near it) gives what the two-step fast path
(HgvsNamer.name, then ConsequenceCalculator.of_names) and the general path give.

tests/test_snv_fast_path.py and tests/test_indel_fast_path.py cover every SNV and
small indel near every exon; here: every SNV and 1-4 base deletion, duplication
and insertion at
and around every border of the stretches the pass cuts the chromosome into
(transcript ends, 5 kb flank ends) and a stride over the whole locus and its
flanks, both builds, both strands, and the stretches it must leave to the
two-step path (a transcript span reaching past its exons, two versions of one
accession).  The bounded memos of the path stay bounded.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gnas_annot.effect import snv_consequence
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.terms import RANK
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import FLANK, Transcript
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.seq.reference import ReferenceGenome
from test_indel_fast_path import _alleles as indel_alleles

Change = Callable[[tuple[Transcript, ...]], tuple[Transcript, ...]]


def _changed(namer: HgvsNamer, change: Change) -> HgvsNamer:
    """``namer`` with each build's transcripts passed through ``change``."""
    seqs = namer.sequences
    seqs.loci = {
        build: dataclasses.replace(locus, transcripts=change(locus.transcripts))
        for build, locus in seqs.loci.items()
    }
    seqs._models = {}
    for locus in seqs.loci.values():
        for tx in locus.transcripts:
            if tx.has_exon_model:
                seqs._models.setdefault(tx.accession, {}).setdefault(locus.build, tx)
    return namer


def _calculators(
    build: GenomeBuild, fasta: Path, change: Change | None
) -> tuple[ConsequenceCalculator, ConsequenceCalculator]:
    pair = []
    for fast in (True, False):
        namer = HgvsNamer({build: ReferenceGenome(fasta)}, snv_fast_path=fast)
        if change is not None:
            namer = _changed(namer, change)
        pair.append(ConsequenceCalculator(namer=namer, snv_fast_path=fast))
    return pair[0], pair[1]


def _positions(calc: ConsequenceCalculator, build: GenomeBuild) -> list[int]:
    """Every base within 3 of a stretch border, and every 97th base of the locus
    and its flanks (and beyond them)."""
    txs = [tx for tx in calc.namer.sequences.loci[build].transcripts if tx.has_exon_model]
    out: set[int] = set()
    for tx in txs:
        for edge in (tx.start - FLANK, tx.start, tx.end + 1, tx.end + FLANK + 1):
            out.update(range(edge - 3, edge + 4))
    lo, hi = min(tx.start for tx in txs) - FLANK - 200, max(tx.end for tx in txs) + FLANK + 200
    out.update(range(lo, hi, 97))
    return sorted(out)


def _alleles(reference: ReferenceGenome, pos: int) -> Iterator[tuple[int, str, str]]:
    """Every SNV at ``pos`` and the deletions, duplications and insertions of 1-4
    bases there (as tests/test_indel_fast_path.py makes them)."""
    ref = reference.fetch(pos, pos).upper()
    if ref in "ACGT":
        yield from ((pos, ref, alt) for alt in "ACGT" if alt != ref)
    yield from indel_alleles(reference, pos)


def _compare(build: GenomeBuild, fasta: Path, change: Change | None = None) -> Counter[str]:
    fast, general = _calculators(build, fasta, change)
    reference = ReferenceGenome(fasta)
    seen: Counter[str] = Counter()
    wrong: list[str] = []
    for p in _positions(fast, build):
        for pos, ref, alt in _alleles(reference, p):
            kind = "snv" if len(ref) == 1 == len(alt) else "indel"
            if kind == "snv":
                one_pass = fast._one_pass_on(build).annotate(pos, ref, alt)
            else:
                one_pass = fast._one_pass_indel(build, pos, ref, alt)
            seen[f"{kind} {'one pass' if one_pass is not None else 'two steps'}"] += 1
            got = fast.annotate(build, pos, ref, alt)
            two_steps = fast.of_names(fast.namer.name(build, pos, ref, alt), pos, ref, alt)
            want = general.annotate(build, pos, ref, alt)
            for t in got.transcripts:
                seen[t.terms[0]] += 1
            if not (got == two_steps == want) or (one_pass is not None and one_pass != want):
                wrong.append(f"{build} {pos} {ref}>{alt}:\n  fast    {got}\n  general {want}")
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:3])
    return seen


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_every_snv_at_stretch_borders_and_across_the_locus_is_as_the_general_path_gives(
    build: GenomeBuild, synthetic_reference: dict[GenomeBuild, Path]
) -> None:
    seen = _compare(build, synthetic_reference[build])
    assert seen["snv two steps"] == 0 and seen["snv one pass"] > 2500
    # an indel across a stretch border, or whose shift leaves its window, takes two steps
    assert seen["indel one pass"] > 10 * seen["indel two steps"] > 0
    for term in ("upstream_gene_variant", "downstream_gene_variant", "intron_variant"):
        assert seen[term] > 0, f"no {term} among {seen}"


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_the_one_pass_path_on_minus_strand_models_is_as_the_general_path_gives(
    build: GenomeBuild, synthetic_reference: dict[GenomeBuild, Path]
) -> None:
    def mirrored(txs: tuple[Transcript, ...]) -> tuple[Transcript, ...]:
        return tuple(dataclasses.replace(t, strand=-t.strand) for t in txs)

    seen = _compare(build, synthetic_reference[build], mirrored)
    assert seen["snv two steps"] == 0 and seen["upstream_gene_variant"] > 0
    assert seen["indel one pass"] > 10 * seen["indel two steps"] > 0


def test_a_transcript_span_reaching_past_its_exons_is_left_to_the_two_step_path(
    synthetic_reference: dict[GenomeBuild, Path],
) -> None:
    build = GenomeBuild.GRCh38

    def widened(txs: tuple[Transcript, ...]) -> tuple[Transcript, ...]:
        return tuple(
            dataclasses.replace(t, start=t.start - 40) if t.accession == "NM_000516.7" else t
            for t in txs
        )

    seen = _compare(build, synthetic_reference[build], widened)
    assert seen["snv two steps"] > 0 and seen["snv one pass"] > 0
    assert seen["indel two steps"] > 0 and seen["indel one pass"] > 0


def test_two_versions_of_one_accession_are_left_to_the_two_step_path(
    synthetic_reference: dict[GenomeBuild, Path],
) -> None:
    build = GenomeBuild.GRCh38

    def doubled(txs: tuple[Transcript, ...]) -> tuple[Transcript, ...]:
        return txs + tuple(
            dataclasses.replace(t, accession="NR_003259.0")
            for t in txs
            if t.accession == "NR_003259.1"
        )

    seen = _compare(build, synthetic_reference[build], doubled)
    assert seen["snv two steps"] > 0 and seen["snv one pass"] > 0
    assert seen["indel two steps"] > 0 and seen["indel one pass"] > 0


def test_the_severity_order_memo_stays_bounded_and_orders_every_set_as_sorting_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(snv_consequence, "_ORDERED", {})
    calc = ConsequenceCalculator()
    tx = calc.namer.sequences.loci[GenomeBuild.GRCh38].transcripts[0]
    vocabulary = sorted(RANK)
    for k in range(1, snv_consequence._ORDERED_MAX + 500):
        terms = {t for i, t in enumerate(vocabulary) if k >> i & 1}
        made = snv_consequence.transcript_consequence(
            tx, True, set(terms), None, None, (None,) * 5, None
        )
        assert made.terms == tuple(sorted(terms, key=RANK.__getitem__))
    assert len(snv_consequence._ORDERED) == snv_consequence._ORDERED_MAX
