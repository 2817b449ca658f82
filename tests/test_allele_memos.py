"""Per-allele work memoized by exactly what it reads equals the same work done afresh,
on every allele shape around every exon and CDS edge of both builds (real and
synthetic bases): the products an allele touches and its activating hotspot
(effect/products.py)."""

from __future__ import annotations

from gnas_annot.annotate.results import AnnotatedVariant
from gnas_annot.effect import products
from gnas_annot.effect.products import (
    activating_hotspot,
    activating_hotspot_computed,
    products_hit,
    products_hit_computed,
)


def _products_differ(alleles: list[AnnotatedVariant]) -> list[str]:
    out = []
    for av in alleles:
        if av.consequences is None:
            continue
        # twice: the first answer may be computed, the second comes from the memo
        for _ in range(2):
            if products_hit(av.consequences) != products_hit_computed(av.consequences):
                out.append(f"{av.variant.pos} {av.variant.ref}>{av.variant.alt}")
    return out


def test_memoized_products_equal_the_computed_ones_on_real_bases(real_edges):
    assert not (found := _products_differ(real_edges)), found[:5]


def test_memoized_products_equal_the_computed_ones_on_synthetic_bases(synthetic_edges):
    assert not (found := _products_differ(synthetic_edges)), found[:5]


def test_the_products_memo_belongs_to_one_pack_and_stays_bounded(synthetic_edges, monkeypatch):
    result = next(av.consequences for av in synthetic_edges if av.consequences is not None)
    products_hit(result)
    pack, answers = products._MEMO
    assert answers and products.shape(result, pack).products is products_hit(result)
    # another pack object: a memo of its own, never the previous pack's answers (nor
    # the last answer kept with its consequences)
    monkeypatch.setattr(products, "_MEMO", (object(), {"stale": ()}))
    stale = products.Shape(("stale",))  # type: ignore[arg-type]
    monkeypatch.setattr(products, "_LAST_SHAPE", (object(), result, stale))
    assert products_hit(result) == products_hit_computed(result)
    assert products._MEMO[0] is pack and "stale" not in products._MEMO[1]
    assert products._LAST_SHAPE[0] is pack and products._LAST_SHAPE[2] is not stale
    monkeypatch.setattr(products, "_MEMO_SIZE", 3)
    for av in synthetic_edges[:50]:
        if av.consequences is not None:
            products_hit(av.consequences)
    assert len(products._MEMO[1]) <= 3


def _hotspots_differ(alleles: list[AnnotatedVariant]) -> list[str]:
    out = []
    results = [av.consequences for av in alleles if av.consequences is not None]
    # each asked twice in a row (the kept answer) and then after another allele
    for k, result in enumerate(results):
        want = activating_hotspot_computed(result)
        got = [activating_hotspot(result), activating_hotspot(result)]
        got.append(activating_hotspot(results[k - 1]))
        got.append(activating_hotspot(result))
        if got != [want, want, activating_hotspot_computed(results[k - 1]), want]:
            out.append(f"{result.allele}: {got} != {want}")
    return out


def test_the_kept_activating_hotspot_answer_equals_the_computed_one_on_real_bases(real_edges):
    assert not (found := _hotspots_differ(real_edges)), found[:5]


def test_the_kept_activating_hotspot_answer_equals_the_computed_one_on_synthetic_bases(
    synthetic_edges,
):
    assert (
        sum(
            activating_hotspot_computed(av.consequences) is not None
            for av in synthetic_edges
            if av.consequences is not None
        )
        >= 10
    )
    assert not (found := _hotspots_differ(synthetic_edges)), found[:5]


def test_the_kept_activating_hotspot_answer_belongs_to_one_pack(synthetic_edges, monkeypatch):
    av = next(
        a for a in synthetic_edges if a.mechanism is not None and a.mechanism.value == "activating"
    )
    assert av.consequences is not None
    # the same consequences under another pack object: asked again, not the kept answer
    monkeypatch.setattr(products, "_LAST", (object(), av.consequences, "stale"))
    assert activating_hotspot(av.consequences) == activating_hotspot_computed(av.consequences)
    assert activating_hotspot(av.consequences) is not None
