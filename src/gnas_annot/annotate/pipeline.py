"""The annotation of one allele: name -> classify -> phase -> interpret.

:class:`Annotator` turns one normalized :class:`~gnas_annot.model.variant.Variant`
(and its record's carriers and origin calls) into an :class:`AnnotatedVariant`;
:mod:`gnas_annot.annotate.run` drives it over a whole VCF.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from gnas_annot.annotate.cache import AlleleCache, AlleleFacts, reference_identity
from gnas_annot.annotate.carriers import CarrierFacts, Carriers
from gnas_annot.annotate.results import AnnotatedVariant
from gnas_annot.effect.consequence import (
    ConsequenceCalculator,
    VariantConsequences,
)
from gnas_annot.effect.lof import LofAssessment
from gnas_annot.extract.extractor import ExtractedRecord
from gnas_annot.extract.genotypes import carrier_table, sample_names
from gnas_annot.interpret.allele import allele_facts
from gnas_annot.interpret.reading import Interpretation, interpret
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.construct import slot_constructor
from gnas_annot.model.variant import Genotype, Variant, VariantStatus
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.origin.model import Origin, OriginCalls, ParentOfOrigin
from gnas_annot.origin.mosaicism import Mosaicism, MosaicSettings, assess_mosaicism
from gnas_annot.pack.store import Pack, load_pack
from gnas_annot.seq.reference import ReferenceGenome

if TYPE_CHECKING:  # needed at run time only with their options: imported then (start-up)
    from gnas_annot.known.clinvar import ClinVarIndex

PathLike = str | os.PathLike[str]
_NAMEABLE = frozenset(
    (VariantStatus.OK, VariantStatus.REFERENCE_UNAVAILABLE, VariantStatus.SYMBOLIC)
)
# made once per allele: without the generic attribute path of a frozen dataclass's
# __init__ (model/construct.py; every field passed, by name)
_new_annotated = slot_constructor(AnnotatedVariant)
_new_facts = slot_constructor(AlleleFacts)


class Annotator:
    """Holds the reference, naming and consequence machinery for one run, and the
    run's data pack: read once here and handed to every step (naming, consequences,
    LoF, interpretation, mosaicism, the outputs' transcript facts), so that a run
    never mixes two packs whatever ``GNAS_ANNOT_DATA`` says later.  ``pack``:
    that pack (default: the current one)."""

    def __init__(
        self,
        build: GenomeBuild,
        reference: ReferenceGenome | None,
        mosaic: MosaicSettings | None = None,
        clinvar: ClinVarIndex | None = None,
        cache: AlleleCache | None = None,
        pack: Pack | None = None,
    ) -> None:
        self.build = build
        self.clinvar = clinvar
        self.pack = pack if pack is not None else load_pack()
        references = {build: reference} if reference else {}
        self.calc = ConsequenceCalculator(references, HgvsNamer(references, pack=self.pack))
        # the origin step's thresholds: samples without an origin call are assessed alike
        self.mosaic = mosaic if mosaic is not None else self.pack.mosaicism
        self.cache = cache if cache is not None else AlleleCache()
        # what, besides the allele, decides its annotation (the ClinVar index itself, not
        # its id: a cached entry keeps it alive, so no other index can take its place)
        self._inputs = (build, id(self.pack), reference_identity(reference), clinvar)

    def annotate(
        self,
        variant: Variant,
        origins: Mapping[str, ParentOfOrigin] | None = None,
        record: ExtractedRecord | None = None,
    ) -> AnnotatedVariant:
        """Allele-level facts once for the allele (also for sites-only input), then
        sample-level facts for each carrier; ``origins`` maps child -> origin call
        for this very allele."""
        result: VariantConsequences | None = None
        lof: LofAssessment | None = None
        reading: Interpretation | None = None
        span = (variant.pos, variant.end) if _is_deletion(variant) else None
        if variant.status in _NAMEABLE:
            facts = self._allele(variant, span)
            result, lof, reading = facts.consequences, facts.lof, facts.interpretation
        samples = self._samples(variant, result, lof, {} if origins is None else origins, span)
        return _new_annotated(
            variant=variant,
            consequences=result,
            lof=lof,
            samples=samples,
            record=record,
            interpretation=reading,
            known=(),
            evidence=(),
            pack=self.pack,
        )

    def _allele(self, variant: Variant, span: tuple[int, int] | None) -> AlleleFacts:
        """The allele-level facts, from the cache when this allele was seen before."""
        key = (self._inputs, variant.pos, variant.ref, variant.alt, variant.sv_type, variant.end)
        facts = self.cache.get(key)
        if facts is not None:
            return facts
        facts = self._compute(variant, span)
        self.cache.put(key, facts)
        return facts

    def _compute(self, variant: Variant, span: tuple[int, int] | None) -> AlleleFacts:
        if variant.sv_type is not None:
            result = self.calc.annotate(
                self.build,
                variant.pos,
                variant.ref,
                variant.alt,
                sv_type=variant.sv_type,
                sv_end=variant.end,
            )
        else:
            result = self.calc.annotate(self.build, variant.pos, variant.ref, variant.alt)
        lof, reading = allele_facts(
            result, self.calc.namer.sequences, self.clinvar, self.pack, span, Origin.UNKNOWN
        )
        return _new_facts(consequences=result, lof=lof, interpretation=reading)

    def _samples(
        self,
        variant: Variant,
        result: VariantConsequences | None,
        lof: LofAssessment | None,
        origins: Mapping[str, ParentOfOrigin],
        span: tuple[int, int] | None,
    ) -> Carriers:
        if not variant.genotypes:  # sites-only input: no sample, so no carrier
            return _NO_CARRIERS  # what _carriers finds (tests/test_sites_only.py)
        return self._carriers(variant, result, lof, origins, span)

    def _carriers(
        self,
        variant: Variant,
        result: VariantConsequences | None,
        lof: LofAssessment | None,
        origins: Mapping[str, ParentOfOrigin],
        span: tuple[int, int] | None,
    ) -> Carriers:
        # carriers only (by GT; without GT by AD): a non-carrier has no row, and its
        # genotype is never decoded (extract.genotypes)
        a = variant.allele_index
        genotypes = variant.genotypes
        names = sample_names(genotypes)
        if names is None:
            names = tuple(g.sample for g in genotypes)
        # with a pedigree, the origin window found the carriers and placed their calls
        # among them: one scan of the carriers serves both steps
        placed = origins.carriers if isinstance(origins, OriginCalls) else None
        columns, texts, at = placed or (*carrier_table(genotypes, a), None)
        # the facts of a call depend on the call alone, and a column's text says
        # everything about the call: a cohort's carriers share a handful of texts, so
        # the facts are worked out once per distinct text (per distinct call when the
        # text is not at hand), not once per carrier
        calls: Sequence[object] = (
            texts if texts is not None else [_call_key(genotypes[i]) for i in columns]
        )
        keys = calls
        called: dict[int, ParentOfOrigin] = {}
        if origins:
            keys = list(calls)
            # children whose origin calls differ only by the names share one call object
            # (the origin window's): with the same column, they share their facts too
            if at is None:
                get = (origins.shared if isinstance(origins, OriginCalls) else origins).get
                at = [(k, c) for k, i in enumerate(columns) if (c := get(names[i])) is not None]
            for k, made in at:
                called[k] = made
                keys[k] = (_CALLED, id(made), calls[k])
        group_of = {key: g for g, key in enumerate(dict.fromkeys(keys))}
        groups = list(map(group_of.__getitem__, keys))
        # each group's first carrier speaks for it (groups are numbered in the order
        # they first appear): a C-level search when they are few, as without origin calls
        if len(group_of) <= _FEW_GROUPS:
            first = [groups.index(g) for g in range(len(group_of))]
        else:
            last_to_first = range(len(groups) - 1, -1, -1)
            found = dict(zip(reversed(groups), last_to_first, strict=True))
            first = [found[g] for g in range(len(group_of))]
        # the facts of a call, once per call also among children with origin calls
        known: dict[object, tuple[Genotype, str, float | None, int | None, bool]] = {}
        # assess_mosaicism reads only these four numbers of a call (and the allele)
        assessed: dict[tuple[int | None, int | None, int | None, int], Mosaicism | None] = {}
        readings: dict[tuple[Origin, Mosaicism | None, bool], Interpretation] = {}
        facts: list[CarrierFacts] = []
        for k in first:
            call_facts = known.get(calls[k])
            if call_facts is None:
                gt = genotypes[columns[k]]
                sep = "|" if gt.phased else "/"
                shown = sep.join("." if x is None else str(x) for x in gt.alleles) or "."
                # every copy carries it (1/1): the maternal allele is affected (issue 12)
                both = gt.is_called and len(gt.alleles) > 1 and gt.count(a) == len(gt.alleles)
                # DP, else the sum of AD
                call_facts = known[calls[k]] = (
                    gt,
                    shown,
                    gt.allele_fraction(a),
                    gt.read_depth,
                    both,
                )
            gt, shown, fraction, depth, both = call_facts
            call = called.get(k)
            origin = call.origin if call is not None else Origin.UNKNOWN
            reading = None
            if result is not None and lof is not None:
                # the origin call's own assessment when there is one: never judged twice
                if call is not None:
                    mosaic = call.mosaicism
                else:
                    numbers = (gt.depth_of(a), gt.depth_of(0), gt.allele_depth_total, gt.count(a))
                    if numbers not in assessed:
                        assessed[numbers] = assess_mosaicism(variant, gt, self.mosaic, self.pack)
                    mosaic = assessed[numbers]
                key = (origin, mosaic, both)
                reading = readings.get(key)
                if reading is None:
                    reading = readings[key] = interpret(
                        result, lof, origin, mosaic, span, biallelic=both, pack=self.pack
                    )
            facts.append(CarrierFacts(shown, fraction, depth, origin, call, reading))
        # each child's own origin call (the shared ones renamed) when an annotation is made
        return Carriers(names, columns, groups, facts, origins if called else None)


#: the carriers of an allele of a record without samples (shared: it is immutable)
_NO_CARRIERS = Carriers((), (), (), ())
#: up to this many groups, each one's first carrier is found by a search of its own
_FEW_GROUPS = 8
#: marks the group key of a carrier with an origin call (never equal to a call's key)
_CALLED = object()


def _call_key(g: Genotype) -> tuple[object, ...]:
    """What the sample-level facts of a call read (all of it but the sample's name)."""
    return (g.alleles, g.phased, g.allele_depths, g.depth)


def _is_deletion(variant: Variant) -> bool:
    if variant.sv_type is not None:
        return variant.sv_type.startswith("DEL")
    return len(variant.ref) - len(variant.alt) >= 50
