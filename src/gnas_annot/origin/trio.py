"""Parent of origin from trio genotypes: Mendelian transmission of the allele, with
slivar-style GQ/DP/AB thresholds (:class:`~gnas_annot.origin.model.OriginSettings`).

>>> from gnas_annot.model.variant import Genotype
>>> kid, dad, mum = (Genotype(n, g, False, quality=99, depth=30) for n, g in
...     (("kid", (0, 1)), ("dad", (0, 1)), ("mum", (0, 0))))
>>> trio_pattern((kid, dad, mum), 1)
(<TrioPattern.INFORMATIVE: 'informative'>, <Parent.PATERNAL: 'paternal'>)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gnas_annot.model.variant import Genotype, Variant
from gnas_annot.origin.family import FamilyKind, Parent, Trio
from gnas_annot.origin.model import Confidence, OriginSettings, TrioPattern


@dataclass(frozen=True, slots=True)
class TrioCall:
    pattern: TrioPattern
    parent: Parent | None
    confidence: Confidence
    detail: str


def _gt(call: Genotype | None) -> str:
    if call is None or not call.alleles:
        return "./."
    return ("|" if call.phased else "/").join("." if a is None else str(a) for a in call.alleles)


def quality_problems(name: str, call: Genotype, s: OriginSettings) -> list[str]:
    problems = []
    if call.quality is not None and call.quality < s.min_gq:
        problems.append(f"{name} GQ {call.quality} < {s.min_gq}")
    depth = call.read_depth
    if depth is not None and depth < s.min_dp:
        problems.append(f"{name} DP {depth} < {s.min_dp}")
    return problems


def trio_pattern(
    calls: tuple[Genotype, Genotype, Genotype], allele: int
) -> tuple[TrioPattern, Parent | None]:
    """Transmission of ``allele`` from called (child, father, mother) genotypes.

    Works on allele indices, so a ``1/2`` child is handled like any other:
    the allele is paternal when only (father gives it, mother gives the
    child's other allele) fits, and so on.
    """
    child, father, mother = calls
    fa, ma = set(father.alleles), set(mother.alleles)
    if child.count(allele) == 2:
        ok = allele in fa and allele in ma
        return (TrioPattern.HOMOZYGOUS if ok else TrioPattern.MENDELIAN_ERROR), None
    other = next(x for x in child.alleles if x != allele)
    via_father, via_mother = allele in fa and other in ma, allele in ma and other in fa
    if via_father != via_mother:
        return TrioPattern.INFORMATIVE, Parent.PATERNAL if via_father else Parent.MATERNAL
    if via_father:
        return TrioPattern.UNINFORMATIVE, None
    if allele not in fa | ma:
        return TrioPattern.DE_NOVO, None
    return TrioPattern.MENDELIAN_ERROR, None


_MEANING = {
    TrioPattern.HOMOZYGOUS: "one copy from each parent",
    TrioPattern.MENDELIAN_ERROR: "no parental combination gives the child's genotype "
    "(miscall, sample swap, deletion or UPD20?)",
    TrioPattern.UNINFORMATIVE: "either parent can have transmitted it",
    TrioPattern.DE_NOVO: "neither parent carries it",
}


def trio_call(variant: Variant, trio: Trio, s: OriginSettings) -> TrioCall:
    """Mendelian transmission of ``variant``'s ALT, with the quality checks applied."""
    a = variant.allele_index
    child = variant.genotype(trio.child)
    if child is None or not child.is_called:
        return TrioCall(TrioPattern.NO_CALL, None, Confidence.NONE, "child genotype missing")
    if len(child.alleles) != 2:
        return TrioCall(TrioPattern.UNSUPPORTED, None, Confidence.NONE, "child call not diploid")
    if not child.carries(a):
        return TrioCall(TrioPattern.NOT_CARRIED, None, Confidence.NONE, "child does not carry it")
    parents = {
        "father": variant.genotype(trio.father or ""),
        "mother": variant.genotype(trio.mother or ""),
    }
    shown = f"child {_gt(child)}, father {_gt(parents['father'])}, mother {_gt(parents['mother'])}"
    if trio.kind is not FamilyKind.TRIO:
        detail = _partial(trio, parents, a, shown)
        return TrioCall(TrioPattern.INCOMPLETE_PEDIGREE, None, Confidence.NONE, detail)
    father, mother = parents["father"], parents["mother"]
    if father is None or mother is None or not (father.is_called and mother.is_called):
        detail = f"{shown}: a parent is not called"
        return TrioCall(TrioPattern.NO_CALL, None, Confidence.NONE, detail)
    pattern, parent = trio_pattern((child, father, mother), a)
    if pattern is TrioPattern.DE_NOVO:
        for name, call in (("father", father), ("mother", mother)):
            alt, depth = call.depth_of(a), sum(x or 0 for x in call.allele_depths or ())
            if alt is not None and alt >= 2 and alt / depth > s.max_hom_ref_ab:
                # "Flag it rather than calling de novo": a mosaic parent may have transmitted it.
                detail = f"{shown}: the {name}'s 0/0 call has {alt}/{depth} ALT reads"
                return TrioCall(TrioPattern.PARENTAL_MOSAIC, None, Confidence.LOW, detail)
    problems = [
        p
        for name, c in (("child", child), ("father", father), ("mother", mother))
        for p in quality_problems(name, c, s)
    ]
    if problems:
        detail = f"{shown} ({pattern}): " + "; ".join(problems)
        return TrioCall(TrioPattern.LOW_QUALITY, None, Confidence.NONE, detail)
    if parent is not None:
        meaning = (
            f"only the {'father' if parent is Parent.PATERNAL else 'mother'} can have given it"
        )
    else:
        meaning = _MEANING[pattern]
    confidence = Confidence.HIGH if pattern is not TrioPattern.MENDELIAN_ERROR else Confidence.NONE
    ab = child.allele_fraction(a)
    if child.count(a) == 1 and ab is not None and not s.min_het_ab <= ab <= s.max_het_ab:
        confidence = Confidence.LOW
        meaning += f"; child AB {ab:.2f} outside {s.min_het_ab}-{s.max_het_ab}"
    return TrioCall(pattern, parent, confidence, f"{shown}: {meaning}")


def _partial(trio: Trio, calls: Mapping[str, Genotype | None], a: int, shown: str) -> str:
    if trio.kind is FamilyKind.SINGLETON:
        return f"{shown}: no parent in the pedigree"
    name = "father" if trio.father else "mother"
    call = calls[name]
    if call is None or not call.is_called:
        return f"{shown}: duo, the {name} is not called"
    if call.count(a) == 0:
        hint = f"not from the {name}: from the other parent or de novo"
    elif call.count(a) == len(call.alleles):
        hint = f"the {name} had only this allele to give"
    else:
        hint = f"the {name} carries it"
    return f"{shown}: duo ({hint}); origin needs both parents"
