"""The allele-level facts of an allele that need no sample: its loss-of-function calls
(:func:`~gnas_annot.effect.lof.assess`) and its reading without a sample's origin or
allele fraction (:func:`~gnas_annot.interpret.reading.interpret`).

Most alleles of a dense file have no loss-of-function term, no activating hotspot and
are no large deletion: their calls are one not-LoF call per coding transcript and their
reading is the uncertain one, and both are decided by the allele's shape under the pack
(:class:`~gnas_annot.effect.products.Shape`: per transcript the accession, terms, exon
and intron) and the origin alone.  :func:`allele_facts` keeps the pair with that shape,
so such an allele costs the hotspot check and the shape look-up; :func:`allele_facts_computed`
is the general path (the tests compare the two on an enumeration).

The kept pairs hold their shape (an id is never that of another object) and a shape
belongs to one pack (:func:`~gnas_annot.effect.products.shape` starts a new memo for
another pack), so another pack never meets them; the memo is bounded.

>>> from gnas_annot.model.builds import GenomeBuild
>>> from gnas_annot.effect.consequence import ConsequenceCalculator
>>> from gnas_annot.pack.store import load_pack
>>> result = ConsequenceCalculator().annotate(GenomeBuild.GRCh38, 58909366, "G", "A")
>>> lof, reading = allele_facts(result, None, None, load_pack(), None)
>>> (lof, reading) == allele_facts_computed(result, None, None, load_pack(), None)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gnas_annot.effect.consequence import VariantConsequences
from gnas_annot.effect.lof import LofAssessment, assess
from gnas_annot.effect.products import Shape, activating_hotspot, shape
from gnas_annot.interpret.reading import Interpretation, interpret
from gnas_annot.naming.sequences import PackSequences
from gnas_annot.origin.model import Origin
from gnas_annot.pack.store import Pack

if TYPE_CHECKING:  # ClinVar is read only with --clinvar (start-up)
    from gnas_annot.known.clinvar import ClinVarIndex

#: id(shape) -> (shape, origin and its type -> (calls, reading)); the shape is held
_KEPT: dict[int, tuple[Shape, dict[tuple[str, type], tuple[LofAssessment, Interpretation]]]] = {}
_KEPT_SIZE = 4096


def allele_facts(
    result: VariantConsequences,
    provider: PackSequences | None,
    clinvar: ClinVarIndex | None,
    pack: Pack,
    span: tuple[int, int] | None,
    origin: str = Origin.UNKNOWN,
) -> tuple[LofAssessment, Interpretation]:
    """The loss-of-function calls and the reading (``origin``, no mosaicism, not
    biallelic) of ``result``: :func:`allele_facts_computed`, kept per shape for an
    allele whose calls are all not-LoF calls (see the module)."""
    if span is not None or activating_hotspot(result, pack) is not None:
        return allele_facts_computed(result, provider, clinvar, pack, span, origin)
    kept = shape(result, pack)
    entry = _KEPT.get(id(kept))
    key = (origin, type(origin))
    if entry is not None and entry[0] is kept:
        found = entry[1].get(key)
        if found is not None:
            return found
    pair = allele_facts_computed(result, provider, clinvar, pack, span, origin)
    # kept only when assess answered with the shape's own not-LoF calls: no transcript
    # had a loss-of-function term, so neither the calls nor the reading read more than
    # the shape (and the origin)
    if kept.not_lof is not None and pair[0].calls is kept.not_lof:
        if entry is None or entry[0] is not kept:
            if len(_KEPT) >= _KEPT_SIZE:
                _KEPT.clear()
            entry = _KEPT[id(kept)] = (kept, {})
        entry[1][key] = pair
    return pair


def allele_facts_computed(
    result: VariantConsequences,
    provider: PackSequences | None,
    clinvar: ClinVarIndex | None,
    pack: Pack,
    span: tuple[int, int] | None,
    origin: str = Origin.UNKNOWN,
) -> tuple[LofAssessment, Interpretation]:
    """:func:`allele_facts` worked out every time (the general path)."""
    lof = assess(result, provider, clinvar, pack)
    return lof, interpret(result, lof, origin, None, span, pack=pack)
