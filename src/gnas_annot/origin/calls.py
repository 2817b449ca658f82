"""One origin call per child and allele: every method run, then compared.

The methods are run side by side and compared: when they agree the call is
theirs (with the best confidence among them); when they disagree the call is
``ambiguous`` and the disagreement is listed in ``conflicts``.  Read-backed
phasing runs only for de novo alleles, since inherited ones are placed by the
parents' genotypes already.
"""

from __future__ import annotations

from collections.abc import Sequence

from gnas_annot.epigenetics.model import MethylationResult
from gnas_annot.model.variant import Variant, VariantStatus
from gnas_annot.origin.model import (
    Confidence,
    Method,
    Origin,
    OriginEvidence,
    OriginSettings,
    ParentOfOrigin,
    TrioPattern,
)
from gnas_annot.origin.mosaicism import Mosaicism, assess_mosaicism
from gnas_annot.origin.pedigree import Trio
from gnas_annot.origin.phased import Site, paternal_allele, phased_evidence
from gnas_annot.origin.reads import Parent, PhasingSite, ReadPhaser
from gnas_annot.origin.trio import TrioCall, quality_problems, trio_call
from gnas_annot.pack.store import Pack

_RANK = {Confidence.HIGH: 3, Confidence.MEDIUM: 2, Confidence.LOW: 1, Confidence.NONE: 0}
_AS_ORIGIN = {Parent.PATERNAL: Origin.PATERNAL, Parent.MATERNAL: Origin.MATERNAL}


def _phasing_site(variant: Variant, paternal: int | None) -> PhasingSite | None:
    if variant.sv_type is not None or variant.status not in (
        VariantStatus.OK,
        VariantStatus.REFERENCE_UNAVAILABLE,
    ):
        return None
    if paternal is None:
        return PhasingSite(variant.pos, variant.ref, variant.alt)
    return PhasingSite(variant.pos, variant.ref, variant.alt, int(paternal == variant.allele_index))


def read_evidence(
    target: Variant, sites: Sequence[Site], trio: Trio, phaser: ReadPhaser, s: OriginSettings
) -> OriginEvidence:
    """Run read-backed phasing with the trio-informative and child-het SNVs nearby."""
    site = _phasing_site(target, None)
    if site is None:
        return OriginEvidence(
            Method.READ_BACKED,
            Origin.UNKNOWN,
            Confidence.NONE,
            detail=f"{target.status} allele cannot be matched to reads",
        )
    helpers = []
    for other in sites:
        v = other.variant
        child = v.genotype(trio.child)
        if v.source is target.source or child is None or not child.is_called:
            continue
        if len(v.ref) != 1 or len(v.alt) != 1 or set(child.alleles) != {0, v.allele_index}:
            continue  # only child-het biallelic SNVs label reads reliably
        if quality_problems("child", child, s):
            continue
        helper = _phasing_site(v, paternal_allele(v, trio, s))
        if helper is not None:
            helpers.append(helper)
    result = phaser.phase(site, helpers)
    pat, mat = (
        result.paternal_reads + result.chained_paternal,
        result.maternal_reads + result.chained_maternal,
    )
    if result.parent is None:
        origin = Origin.AMBIGUOUS if pat and mat else Origin.UNKNOWN
        confidence = Confidence.NONE
    else:
        origin = _AS_ORIGIN[result.parent]
        direct = result.paternal_reads + result.maternal_reads
        confidence = (
            Confidence.LOW
            if result.conflicting
            else (Confidence.HIGH if direct >= 3 else Confidence.MEDIUM)
        )
    detail = (
        f"{result.alt_fragments} fragment(s) show the allele; direct {result.paternal_reads} "
        f"paternal / {result.maternal_reads} maternal"
        + (f" ({result.discordant_reads} discordant)" if result.discordant_reads else "")
        + f"; chained {result.chained_paternal} / {result.chained_maternal}"
        + (f"; {result.note}" if result.note else "")
    )
    return OriginEvidence(
        Method.READ_BACKED, origin, confidence, pat, mat, None, result.informative_sites, detail
    )


def combine(
    trio: Trio,
    target: Variant,
    call: TrioCall,
    evidence: Sequence[OriginEvidence],
    mosaicism: Mosaicism | None,
) -> ParentOfOrigin:
    """One call from all methods; disagreements become ``ambiguous`` plus conflicts."""
    decisive = [e for e in evidence if e.origin in (Origin.PATERNAL, Origin.MATERNAL)]
    conflicts = [f"{e.method}: {e.detail}" for e in evidence if e.origin is Origin.AMBIGUOUS]
    conflicts += [
        f"{e.method}: mixed votes ({e.paternal} paternal, {e.maternal} maternal)"
        for e in decisive
        if e.paternal and e.maternal
    ]
    origins = {e.origin for e in decisive}
    reason = "; ".join(
        [call.detail]
        + [f"{e.method}: {e.detail}" for e in evidence if e.method is not Method.TRIO_GENOTYPES]
    )
    if len(origins) > 1:
        said = "; ".join(f"{e.method} says {e.origin}" for e in decisive)
        conflicts.insert(0, f"methods disagree: {said}")
        origin, method, confidence = Origin.AMBIGUOUS, Method.MULTIPLE, Confidence.NONE
    elif decisive:
        best = max(decisive, key=lambda e: _RANK[e.confidence])
        origin, method, confidence = best.origin, decisive[0].method, best.confidence
    elif split := [e for e in evidence if e.origin is Origin.AMBIGUOUS]:
        origin, method, confidence = Origin.AMBIGUOUS, split[0].method, Confidence.NONE
    else:
        origin = _fallback(call.pattern)
        confidence = call.confidence if origin is Origin.DE_NOVO_UNPHASED else Confidence.NONE
        with_trio = origin in (Origin.DE_NOVO_UNPHASED, Origin.AMBIGUOUS)
        method = Method.TRIO_GENOTYPES if with_trio else Method.NONE
    if conflicts and origin is not Origin.AMBIGUOUS:
        confidence = Confidence.LOW
    return ParentOfOrigin(
        trio.child,
        trio.father,
        trio.mother,
        target,
        origin,
        method,
        confidence,
        call.pattern,
        tuple(evidence),
        tuple(conflicts),
        mosaicism,
        reason,
    )


def _fallback(pattern: TrioPattern) -> Origin:
    if pattern is TrioPattern.DE_NOVO:
        return Origin.DE_NOVO_UNPHASED
    if pattern in (TrioPattern.UNINFORMATIVE, TrioPattern.PARENTAL_MOSAIC):
        return Origin.AMBIGUOUS
    if pattern in (TrioPattern.HOMOZYGOUS, TrioPattern.NOT_CARRIED):
        return Origin.NOT_APPLICABLE
    return Origin.UNKNOWN


def call_origin(
    target: Site,
    sites: Sequence[Site],
    trio: Trio,
    s: OriginSettings,
    phaser: ReadPhaser | None = None,
    methylation: MethylationResult | None = None,
    pack: Pack | None = None,
) -> ParentOfOrigin:
    """The parent of origin of ``target``'s allele in ``trio``'s child; the mosaicism
    flags name the hotspots of ``pack`` (default: the current pack)."""
    v = target.variant
    if v.status in (
        VariantStatus.NO_ALT,
        VariantStatus.SPANNING_DELETION,
        VariantStatus.REF_EQUALS_ALT,
    ):
        call = TrioCall(
            TrioPattern.NOT_CARRIED, None, Confidence.NONE, f"{v.status}: not an allele of its own"
        )
        return combine(trio, v, call, (), None)
    call = trio_call(v, trio, s)
    if v.sv_type is not None and call.pattern is not TrioPattern.NOT_CARRIED:
        call = TrioCall(
            TrioPattern.UNSUPPORTED,
            None,
            Confidence.NONE,
            f"{call.detail}; symbolic {v.sv_type}: origin from allele balance is not implemented",
        )
    child = v.genotype(trio.child)
    if (
        call.pattern in (TrioPattern.NOT_CARRIED, TrioPattern.NO_CALL, TrioPattern.UNSUPPORTED)
        or child is None
    ):
        return combine(trio, v, call, (), None)
    evidence: list[OriginEvidence] = []
    if call.parent is not None:
        evidence.append(
            OriginEvidence(
                Method.TRIO_GENOTYPES,
                _AS_ORIGIN[call.parent],
                call.confidence,
                int(call.parent is Parent.PATERNAL),
                int(call.parent is Parent.MATERNAL),
                detail=call.detail,
            )
        )
    phased = phased_evidence(target, sites, trio, s)
    if phased is not None:
        evidence.append(phased)
    if phaser is not None and call.pattern in (TrioPattern.DE_NOVO, TrioPattern.PARENTAL_MOSAIC):
        evidence.append(read_evidence(v, sites, trio, phaser, s))
    # -- hook: parent of origin from methylated haplotypes (gnas_annot.origin.methylation)
    if methylation is not None:
        from gnas_annot.origin.methylation import methylation_evidence

        voted = methylation_evidence(target, trio.child, methylation)
        if voted is not None:
            evidence.append(voted)
    return combine(trio, v, call, evidence, assess_mosaicism(v, child, s.mosaic, pack))
