"""Which GNAS products a variant touches, and the activating hotspots.

The facts come from the pack: product families and first exons from
transcripts.tsv and products.tsv, hotspot codons from hotspots.tsv and
known_variants.tsv (placed on the genome through the transcript model).

One nucleotide in exons 2-13 can hit Gs-alpha (long and short), XLalphas,
the NESP55 3' UTR and the A/B transcript at once; which of them matter
depends on the parent who passed the allele on, because the alternative
first exons are imprinted (gnas-domain.md sections 1.3 and 2.1).

>>> from gnas_annot.model.builds import GenomeBuild
>>> from gnas_annot.effect.consequence import ConsequenceCalculator
>>> result = ConsequenceCalculator().annotate(GenomeBuild.GRCh38, 58891727, "A", "G")
>>> for p in products_hit(result):
...     print(f"{p.product:15} {p.part:38} coding={p.coding}")
Gs-alpha        Gs-alpha exon 1                        coding=True
Gs-alpha short  Gs-alpha exon 1                        coding=True
XLalphas        intron 1                               coding=False
NESP55          intron 1                               coding=False
A/B transcript  intron 1                               coding=False
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from operator import attrgetter

from gnas_annot.effect.consequence import VariantConsequences
from gnas_annot.effect.hotspot import ActivatingChange, activating_change, activating_protein
from gnas_annot.effect.pvs1 import LofCall
from gnas_annot.model.locus import Locus, Transcript
from gnas_annot.model.spans import ExonSpan
from gnas_annot.pack.facts import KnownVariant
from gnas_annot.pack.store import Pack, load_pack

_NOT_TOUCHING = frozenset({"upstream_gene_variant", "downstream_gene_variant"})


@dataclass(frozen=True, slots=True)
class ProductEffect:
    product: str
    transcripts: tuple[str, ...]
    part: str  # which part of the product the variant lies in
    coding: bool  # does it change the product's coding sequence?
    expressed_from: str


def products_hit(
    result: VariantConsequences, pack: Pack | None = None
) -> tuple[ProductEffect, ...]:
    """The GNAS products whose transcripts the variant overlaps, grouped by product,
    as ``pack`` (default: the current pack) states them.

    What this reads of ``result`` -- its build and, per transcript, the accession, terms,
    exon and intron -- is the key of a memo kept for the pack (a dense file repeats a
    few hundred such combinations; another pack starts a new memo).  The memo is
    bounded, and :func:`products_hit_computed` is the same without it."""
    return shape(result, pack if pack is not None else load_pack()).products


@dataclass(slots=True, eq=False)
class Shape:
    """What an allele's transcripts -- per transcript the accession, terms, exon and
    intron -- decide under one pack, kept once per distinct combination (the memo of
    :func:`shape`): the products hit and, filled in by :func:`~gnas_annot.effect.lof.assess`
    for an allele with no loss-of-function term and no activating hotspot, its calls
    (a not-LoF call per coding transcript, which those four facts decide).  A memo cell,
    hence mutable; what it holds is immutable."""

    products: tuple[ProductEffect, ...]
    not_lof: tuple[LofCall, ...] | None = None


def shape(result: VariantConsequences, pack: Pack) -> Shape:
    """The :class:`Shape` of ``result`` under ``pack``.  The last answer is also kept
    with the (immutable) consequences it is for: the calls and the reading of one
    allele ask one after the other, and the key is built once."""
    global _MEMO, _LAST_SHAPE
    last = _LAST_SHAPE
    if last[0] is pack and last[1] is result:
        return last[2]
    key = (result.build, tuple(map(_READ, result.transcripts)))
    state = _MEMO
    if state[0] is not pack:  # one (pack, answers) pair, replaced whole: thread-safe
        state = _MEMO = (pack, {})
    answers = state[1]
    found = answers.get(key)
    if found is None:
        found = Shape(products_hit_computed(result, pack))
        if len(answers) >= _MEMO_SIZE:
            answers.clear()
        answers[key] = found
    _LAST_SHAPE = (pack, result, found)  # replaced whole: thread-safe
    return found


#: what a shape reads of a transcript's consequence (a C-level getter: the key is
#: built for every allele)
_READ = attrgetter("transcript", "terms", "exon", "intron")
_MEMO_SIZE = 4096
_MEMO: tuple[Pack | None, dict[Hashable, Shape]] = (None, {})
_LAST_SHAPE: tuple[Pack | None, VariantConsequences | None, Shape] = (None, None, Shape(()))


def products_hit_computed(
    result: VariantConsequences, pack: Pack | None = None
) -> tuple[ProductEffect, ...]:
    """:func:`products_hit` worked out from the pack, every time."""
    if pack is None:
        pack = load_pack()
    locus = pack.locus(result.build)
    models = pack.by_accession[result.build]
    grouped: dict[str, list[tuple[str, str, bool]]] = {}
    for tc in result.transcripts:
        if _NOT_TOUCHING.issuperset(tc.terms):
            continue
        tx = models.get(tc.transcript) or locus.transcript(tc.transcript)
        grouped.setdefault(tx.family, []).append(
            (tc.transcript, _part(tc.exon, tc.intron, tx, locus), _is_coding(tc.terms))
        )
    effects = []
    for family, hits in grouped.items():
        expression = pack.products[family].expressed_from
        effects.append(
            ProductEffect(
                family, tuple(h[0] for h in hits), hits[0][1], any(h[2] for h in hits), expression
            )
        )
    return tuple(effects)


def _part(exon: ExonSpan | None, intron: ExonSpan | None, tx: Transcript, locus: Locus) -> str:
    if exon is None:
        return f"intron {intron.number}" if intron else "transcript"
    if exon.first != exon.last:
        return f"exons {exon.first}-{exon.last}"
    number = exon.number
    if number == 1:
        # the alternative first exons are what tells the products apart (transcripts.tsv)
        return tx.first_exon if tx.first_exon not in (".", "") else "exon 1"
    # exons 2 to the last of the reference transcript are shared by every product
    last = len(locus.reference_transcript.exons)
    return f"exon {number} (shared exons 2-{last})"


def _is_coding(terms: tuple[str, ...]) -> bool:
    return not _NON_CODING.issuperset(terms)


_NON_CODING = frozenset(
    {
        "5_prime_UTR_variant",
        "3_prime_UTR_variant",
        "intron_variant",
        "non_coding_transcript_exon_variant",
        "non_coding_transcript_variant",
        "coding_transcript_variant",
        "splice_region_variant",
        "splice_polypyrimidine_tract_variant",
        "splice_donor_region_variant",
        "splice_donor_5th_base_variant",
        "synonymous_variant",
        "stop_retained_variant",
    }
)


def activating_hotspot(
    result: VariantConsequences, pack: Pack | None = None
) -> ActivatingChange | None:
    """A substitution at an activating codon of Gs-alpha (hotspots.tsv), by an
    amino acid that activates it (known_variants.tsv and hotspots.tsv of ``pack``,
    default: the current pack).

    The loss-of-function calls and the reading both ask this of the same consequences,
    one after the other: the last answer is kept with the pack and the (immutable)
    consequences it is for, held so that no other object can take their place."""
    global _LAST
    if pack is None:
        pack = load_pack()
    last = _LAST
    if last[0] is pack and last[1] is result:
        return last[2]
    found = activating_hotspot_computed(result, pack)
    _LAST = (pack, result, found)  # replaced whole: thread-safe
    return found


_LAST: tuple[Pack | None, VariantConsequences | None, ActivatingChange | None] = (None, None, None)


def activating_hotspot_computed(
    result: VariantConsequences, pack: Pack | None = None
) -> ActivatingChange | None:
    """:func:`activating_hotspot` worked out every time."""
    if pack is None:
        pack = load_pack()
    spots = pack.hotspots[result.build]
    if not spots:
        return None
    tc = result.on(spots[0].transcript)
    if tc is None or tc.hgvs is None:
        return None
    protein = tc.hgvs.protein
    if protein is None:
        # no sequence to translate: the VCF bases and the pack's codon facts, which
        # name the change only when every codon they allow gives one residue
        return activating_change(result.build, *result.allele, pack=pack) if result.allele else None
    return activating_protein(result.build, protein, pack)


def known_variant(hgvs_c: str | None, pack: Pack | None = None) -> KnownVariant | None:
    """The curated row for an NM_000516.7 c. description, if there is one."""
    return (pack if pack is not None else load_pack()).known_variant(hgvs_c)
