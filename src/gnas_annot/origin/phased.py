"""Parent of origin from phased genotypes (GT ``|`` + PS, or the GATK/WhatsHap ``HP``
tag): the allele's haplotype is labelled by trio-informative sites of the same
phase set (:func:`~gnas_annot.origin.trio.trio_call` at each of them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pysam

from gnas_annot.model.variant import Variant
from gnas_annot.origin.family import FamilyKind, Parent, Trio
from gnas_annot.origin.model import Confidence, Method, Origin, OriginEvidence, OriginSettings
from gnas_annot.origin.trio import trio_call


def haplotypes(
    record: pysam.VariantRecord, sample: str
) -> tuple[str, tuple[int | None, ...]] | None:
    """(phase block, allele on haplotype 1, 2) from GT|+PS or a GATK/WhatsHap HP tag."""
    call = record.samples[sample]
    gt = call.get("GT")
    if not gt or None in gt:
        return None
    if "HP" in record.format:
        tags = call.get("HP")
        if isinstance(tags, str):
            tags = tuple(tags.split(","))
        if tags and len(tags) == len(gt) and all(t and "-" in t for t in tags):
            blocks = {t.rsplit("-", 1)[0] for t in tags}
            order = sorted(range(len(gt)), key=lambda i: tags[i].rsplit("-", 1)[1])
            if len(blocks) == 1:
                return f"HP:{blocks.pop()}", tuple(gt[i] for i in order)
    if call.phased:
        ps = call.get("PS") if "PS" in record.format else None
        return f"PS:{'.' if ps is None else ps}", tuple(gt)
    return None


@dataclass(frozen=True, slots=True)
class Site:
    """An extracted allele with the phase of each sample at its record."""

    variant: Variant
    phases: Mapping[str, tuple[str, tuple[int | None, ...]] | None]


def paternal_allele(variant: Variant, trio: Trio, s: OriginSettings) -> int | None:
    """The allele index the father gave at a trio-informative child-het site."""
    call = trio_call(variant, trio, s)
    child = variant.genotype(trio.child)
    if call.parent is None or child is None or call.confidence is not Confidence.HIGH:
        return None
    other = next(x for x in child.alleles if x != variant.allele_index)
    return variant.allele_index if call.parent is Parent.PATERNAL else other


def phased_evidence(
    target: Site, sites: Sequence[Site], trio: Trio, s: OriginSettings
) -> OriginEvidence | None:
    phase = target.phases.get(trio.child)
    if phase is None or trio.kind is not FamilyKind.TRIO:
        return None
    block, alleles = phase
    if alleles.count(target.variant.allele_index) != 1:
        return None
    hap = alleles.index(target.variant.allele_index)
    votes = {Parent.PATERNAL: [], Parent.MATERNAL: []}  # type: dict[Parent, list[int]]
    for site in sites:
        other = site.phases.get(trio.child)
        if site.variant.source is target.variant.source or other is None or other[0] != block:
            continue  # haplotype numbers mean nothing across phase sets
        given = paternal_allele(site.variant, trio, s)
        if given is None or other[1].count(given) != 1:
            continue
        same = other[1].index(given) == hap
        votes[Parent.PATERNAL if same else Parent.MATERNAL].append(site.variant.pos)
    pat, mat = len(votes[Parent.PATERNAL]), len(votes[Parent.MATERNAL])
    if not pat + mat:
        return OriginEvidence(
            Method.PHASED_GENOTYPES,
            Origin.UNKNOWN,
            Confidence.NONE,
            phase_set=block,
            detail=f"phased, but no trio-informative site in phase set {block}",
        )
    origin, confidence = _vote(pat, mat, s.min_phase_agreement)
    return OriginEvidence(
        Method.PHASED_GENOTYPES,
        origin,
        confidence,
        pat,
        mat,
        block,
        tuple(sorted(votes[Parent.PATERNAL] + votes[Parent.MATERNAL])),
        f"{pat} informative site(s) put it on the paternal haplotype, {mat} on the maternal",
    )


def _vote(pat: int, mat: int, agreement: float) -> tuple[Origin, Confidence]:
    total = pat + mat
    if pat and mat and max(pat, mat) / total < agreement:
        return Origin.AMBIGUOUS, Confidence.NONE
    origin = Origin.PATERNAL if pat > mat else Origin.MATERNAL
    if pat and mat:
        return origin, Confidence.LOW
    return origin, Confidence.HIGH if total >= 2 else Confidence.MEDIUM
