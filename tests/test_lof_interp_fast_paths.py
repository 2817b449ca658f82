"""The shortcuts of the loss-of-function calls and the reading give what the general
path gives, on an enumeration: every SNV, 1-2 base deletion and 1/3 base insertion at
every coding base of every coding transcript of the pack and the 12 intronic bases
either side of each of its exons (the splice sites and regions), on both builds with
every base known (synthetic), and on GRCh38 with the real bases (N where unknown).

Compared, allele by allele:

* :func:`~gnas_annot.effect.lof.assess` (transcripts without a loss-of-function term
  skip the tree) with :func:`~gnas_annot.effect.lof.assess_computed` (every transcript
  through the tree);
* :func:`~gnas_annot.interpret.reading.interpret` (an uncertain reading kept per
  products tuple and origin) with :func:`~gnas_annot.interpret.reading.reading_computed`,
  for parents of origin given as ``str`` and as :class:`Origin`, one copy and both;
* :func:`~gnas_annot.interpret.allele.allele_facts` (calls and reading kept per shape
  and origin for an allele with no loss-of-function term) with
  :func:`~gnas_annot.interpret.allele.allele_facts_computed`, for the same origins, with
  and without the span of a deletion;
* the hotspot question (a p. name without the text of a hotspot codon skips the regex)
  and the products with their memo-free versions;
* the facts kept per transcript (coding length, coding bases per exon, natural
  isoforms) with the same facts worked out from the model.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest

from gnas_annot.effect import hotspot, pvs1
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.lof import assess, assess_computed
from gnas_annot.effect.products import (
    activating_hotspot,
    activating_hotspot_computed,
    products_hit,
    products_hit_computed,
)
from gnas_annot.effect.products import shape as products_shape
from gnas_annot.interpret import allele, reading
from gnas_annot.interpret.allele import allele_facts, allele_facts_computed
from gnas_annot.interpret.reading import interpret, reading_computed
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript
from gnas_annot.model.spans import ExonSpan
from gnas_annot.origin.model import Origin
from gnas_annot.pack.store import load_pack
from gnas_annot.seq.reference import ReferenceGenome

INTRONIC = 12
ORIGINS = ("unknown", "maternal", Origin.UNKNOWN, Origin.PATERNAL)


def _positions(build: GenomeBuild) -> list[int]:
    """Coding bases of every coding transcript, and INTRONIC bases around its exons."""
    found: set[int] = set()
    for tx in load_pack().locus(build).transcripts:
        if not tx.exons or tx.cds_start is None or tx.cds_end is None:
            continue
        for exon in tx.exons:
            found.update(range(max(exon.start, tx.cds_start), min(exon.end, tx.cds_end) + 1))
            found.update(range(exon.start - INTRONIC, exon.start))
            found.update(range(exon.end + 1, exon.end + INTRONIC + 1))
    return sorted(found)


def _alleles(reference: ReferenceGenome, pos: int) -> list[tuple[str, str]]:
    bases = reference.fetch(pos, pos + 2).upper()
    base = bases[0]
    snvs = [(base, alt) for alt in "ACGT" if alt != base]
    return [*snvs, (bases[:2], base), (bases, base), (base, base + "A"), (base, base + "TGA")]


def _compare(build: GenomeBuild, fasta: Path) -> tuple[Counter[str], list[str]]:
    pack = load_pack()
    reference = ReferenceGenome(fasta)
    calc = ConsequenceCalculator({build: reference})
    provider = calc.namer.sequences
    seen: Counter[str] = Counter()
    wrong: list[str] = []
    for pos in _positions(build):
        for ref, alt in _alleles(reference, pos):
            result = calc.annotate(build, pos, ref, alt)
            where = f"{build} {pos} {ref}>{alt}"
            lof = assess(result, provider, pack=pack)
            if lof != assess_computed(result, provider, pack=pack):
                wrong.append(f"{where}: LoF calls differ")
            if activating_hotspot(result, pack) != activating_hotspot_computed(result, pack):
                wrong.append(f"{where}: activating hotspot differs")
            if products_hit(result, pack) != products_hit_computed(result, pack):
                wrong.append(f"{where}: products differ")
            for call in lof.calls:
                seen[call.pvs1_criterion] += 1
            spans = (None, (pos, pos + len(ref) - 1)) if len(ref) > len(alt) else (None,)
            for origin in ORIGINS:
                for span in spans:
                    got_facts = allele_facts(result, provider, None, pack, span, origin)
                    want_facts = allele_facts_computed(result, provider, None, pack, span, origin)
                    if got_facts != want_facts or type(got_facts[1].origin) is not type(origin):
                        wrong.append(f"{where} {origin!r} span={span}: allele facts differ")
                    entry = allele._KEPT.get(id(products_shape(result, pack)))
                    seen["kept"] += entry is not None and got_facts is entry[1].get(
                        (origin, type(origin))
                    )
                for both in (False, True):
                    got = interpret(result, lof, origin, biallelic=both, pack=pack)
                    want = reading_computed(result, lof, origin, biallelic=both, pack=pack)
                    if got != want or type(got.origin) is not type(want.origin):
                        wrong.append(f"{where} {origin!r} biallelic={both}: readings differ")
            seen[got.mechanism.value] += 1
            seen["alleles"] += 1
    return seen, wrong


def _check(seen: Counter[str], wrong: list[str]) -> None:
    assert seen["alleles"] >= 30000, seen
    assert seen["kept"] > 0, seen  # the allele facts' shortcut answered
    for mechanism in ("loss_of_function", "activating", "uncertain"):
        assert seen[mechanism] > 0, f"no {mechanism} among {seen}"
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:5])


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_every_small_change_of_every_coding_region_is_called_and_read_as_the_general_path_does(
    build: GenomeBuild, synthetic_reference: dict[GenomeBuild, Path]
) -> None:
    seen, wrong = _compare(build, synthetic_reference[build])
    # every base known: every branch of the tree the alleles reach is taken
    for code in ("NF1", "NF3", "NF5", "SS1", "IC4", "NA"):
        assert seen[code] > 0, f"no {code} among {seen}"
    _check(seen, wrong)


def test_the_same_on_the_real_bases_where_known(
    real_reference: dict[GenomeBuild, Path],
) -> None:
    # GRCh38 only: the real bases are the same on GRCh37 (a shifted copy), and the
    # synthetic enumeration above covers both builds' models
    _check(*_compare(GenomeBuild.GRCh38, real_reference[GenomeBuild.GRCh38]))


def test_a_hotspot_is_named_by_the_shortcut_exactly_when_the_regex_names_it():
    pack = load_pack()
    named = 0
    for build in GenomeBuild:
        spots = pack.hotspots_on(build)
        names = ["", "p.?", "p.(=)", "p.(Arg201_Gln202delinsCysHis)", "p.(Gln227del)"]
        for spot in spots:
            for residue in (spot.residue - 1, spot.residue, spot.residue + 1, spot.residue * 10):
                for ref in (spot.ref, "Ala"):
                    for new in ("Cys", "His", "Ser", "Leu", "Arg", "Gln", "Ter", "="):
                        names.append(f"p.({ref}{residue}{new})")
                        names.append(f"p.({ref}{residue}{new}fsTer5)")
                        names.append(f"p.(Ala2Cys);p.({ref}{residue}{new})")
        for name in names:
            fast = hotspot.activating_protein(build, name, pack)
            assert fast == hotspot._activating_protein(spots, name, pack), name
            named += fast is not None
    assert named > 0


def test_the_uncertain_readings_are_kept_per_products_and_origin_and_stay_bounded(monkeypatch):
    pack = load_pack()
    calc = ConsequenceCalculator()
    results = [calc.annotate(GenomeBuild.GRCh38, 58909300 + k, "N", "A") for k in range(40)]
    lofs = [assess(r, pack=pack) for r in results]
    text = interpret(results[0], lofs[0], "maternal", pack=pack)
    enum = interpret(results[0], lofs[0], Origin.MATERNAL, pack=pack)
    assert text == enum and type(text.origin) is str and type(enum.origin) is Origin
    assert interpret(results[0], lofs[0], "maternal", pack=pack) is text  # kept
    monkeypatch.setattr(reading, "_UNCERTAIN", {})
    monkeypatch.setattr(reading, "_UNCERTAIN_SIZE", 3)
    for r, lof in zip(results, lofs, strict=True):
        assert interpret(r, lof, pack=pack) == reading_computed(r, lof, pack=pack)
        assert len(reading._UNCERTAIN) <= 3
    # a kept entry answers only for its own products tuple, never for another at its id
    products = products_hit(results[0], pack)
    reading._UNCERTAIN[id(products)] = ((), {("unknown", str): "stale"})  # type: ignore[dict-item]
    assert interpret(results[0], lofs[0], "unknown", pack=pack) == reading_computed(
        results[0], lofs[0], "unknown", pack=pack
    )


def test_the_allele_facts_are_kept_per_shape_and_origin_and_stay_bounded(monkeypatch):
    pack = load_pack()
    calc = ConsequenceCalculator()
    results = [calc.annotate(GenomeBuild.GRCh38, 58909300 + k, "N", "A") for k in range(40)]
    first = allele_facts(results[0], None, None, pack, None, "maternal")
    assert allele_facts(results[0], None, None, pack, None, "maternal") is first  # kept
    enum = allele_facts(results[0], None, None, pack, None, Origin.MATERNAL)
    assert enum == first and type(enum[1].origin) is Origin and type(first[1].origin) is str
    monkeypatch.setattr(allele, "_KEPT", {})
    monkeypatch.setattr(allele, "_KEPT_SIZE", 3)
    for r in results:
        got = allele_facts(r, None, None, pack, None)
        assert got == allele_facts_computed(r, None, None, pack, None)
        assert len(allele._KEPT) <= 3
    # a kept entry answers only for its own shape, never for another at its id
    kept = products_shape(results[0], pack)
    stale = ((), ((),))
    allele._KEPT[id(kept)] = (object(), {(Origin.UNKNOWN, Origin): stale})  # type: ignore[dict-item]
    assert allele_facts(results[0], None, None, pack, None) == allele_facts_computed(
        results[0], None, None, pack, None
    )
    # another pack (a copy: another object) has its own shapes, so never meets the
    # entries kept for the first one
    other = copy.copy(pack)
    allele._KEPT.clear()
    allele_facts(results[0], None, None, pack, None)
    (held,) = (entry[0] for entry in allele._KEPT.values())
    assert products_shape(results[0], other) is not held
    assert allele_facts(results[0], None, None, other, None) == allele_facts_computed(
        results[0], None, None, other, None
    )


def _coding_length(tx: Transcript) -> int:
    if tx.cds_start is None or tx.cds_end is None:
        return 0
    coding = range(tx.cds_start, tx.cds_end + 1)
    return sum(1 for e in tx.exons for p in range(e.start, e.end + 1) if p in coding)


def test_the_facts_kept_per_transcript_are_those_of_its_model():
    import dataclasses

    pack = load_pack()
    for build in GenomeBuild:
        for tx in pack.locus(build).transcripts:
            assert tx.coding_length == _coding_length(tx), tx.accession
            if tx.cds_start is None or tx.cds_end is None or not tx.exons:
                continue
            shorter = dataclasses.replace(tx, cds_end=tx.cds_end - 3)
            assert shorter.coding_length == _coding_length(shorter) == tx.coding_length - 3
            sizes = pvs1.cds_exon_sizes(tx)
            assert sizes == pvs1._cds_exon_sizes(tx) and sum(sizes) == tx.coding_length
            sizes.append(99)  # the caller's own list: the kept facts do not change
            assert pvs1.cds_exon_sizes(tx) == pvs1._cds_exon_sizes(tx)
            for exon in range(1, len(tx.exons) + 1):
                skips = pack.natural_skips(tx, exon)
                want = (
                    f"the {'/'.join(dict.fromkeys(t.family for t in skips))} isoforms "
                    f"({'/'.join(t.accession for t in skips)})"
                    if skips
                    else None
                )
                assert pvs1.natural_isoforms(tx, exon, pack) == want
                assert pvs1.natural_isoforms(tx, exon, pack) == want  # kept
    assert any(
        pvs1.natural_isoforms(tx, 3, pack) for tx in pack.locus(GenomeBuild.GRCh38).transcripts
    )


def test_an_exon_span_hashes_as_its_numbers_and_equal_spans_alike():
    import dataclasses

    a, b = ExonSpan(7, 7, 13), ExonSpan(7, 7, 13)
    assert a == b and hash(a) == hash(b) == hash((7, 7, 13)) and len({a, b}) == 1
    wider = dataclasses.replace(a, last=9)
    assert wider != a and hash(wider) == hash((7, 9, 13))
    assert repr(a) == "ExonSpan(first=7, last=7, total=13)"
