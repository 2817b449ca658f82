"""Parent of origin from methylated haplotypes: no parents needed.

A heterozygous allele phased on haplotype *h* of phase set *P* (GT ``|`` +
``PS``, or an ``HP`` tag) takes the parent that the same sample's methylation
gives haplotype *h* of *P* (:mod:`gnas_annot.epigenetics`: a haplotype
methylated at AS/XL/A-B and not at NESP is maternal, the reverse paternal).
Haplotype numbers mean nothing across phase sets, so the variant and the DMR
reads must share the phase set; haplotype bedMethyl files carry none, and
then the call is made with low confidence and says so.  Two alike haplotypes
(imprinting defect, UPD) assign nothing.  The evidence joins the other
methods' through the usual conflict rules (:func:`~gnas_annot.origin.calls.combine`).
"""

from __future__ import annotations

from gnas_annot.epigenetics.model import HaplotypeParent, MethylationResult, PhaseSetOrigin
from gnas_annot.origin.model import Confidence, Method, Origin, OriginEvidence, Site

_ORIGIN = {HaplotypeParent.PATERNAL: Origin.PATERNAL, HaplotypeParent.MATERNAL: Origin.MATERNAL}


def _unknown(detail: str, phase_set: str | None = None) -> OriginEvidence:
    return OriginEvidence(
        Method.METHYLATION, Origin.UNKNOWN, Confidence.NONE, phase_set=phase_set, detail=detail
    )


def _match(block: str, result: MethylationResult) -> PhaseSetOrigin | None:
    """The methylation phase set of the variant's phase block (``PS:x``; a
    WhatsHap ``HP`` tag's block ``HP:x`` names the same phase set ``x``)."""
    wanted = "PS:" + block.split(":", 1)[1] if ":" in block else block
    return next((p for p in result.phase_sets if p.phase_set == wanted), None)


def methylation_evidence(
    target: Site, sample: str, result: MethylationResult
) -> OriginEvidence | None:
    """The methylation vote for ``target``'s allele in ``sample``; None when the
    allele is not phased in this sample (nothing to look up)."""
    phase = target.phases.get(sample)
    if phase is None:
        return None
    block, alleles = phase
    allele = target.variant.allele_index
    if alleles.count(allele) != 1:
        return None  # homozygous, or not carried: no haplotype of its own
    haplotype = alleles.index(allele) + 1
    assigned = _match(block, result)
    assumed = False
    if assigned is None:
        unphased = [p for p in result.phase_sets if p.phase_set is None]
        if not unphased:
            seen = ", ".join(p.phase_set or "." for p in result.phase_sets) or "none"
            return _unknown(
                f"allele on haplotype {haplotype} of {block}; the methylation haplotypes are "
                f"in phase set(s) {seen}: haplotype numbers cannot be matched across phase sets",
                block,
            )
        assigned, assumed = unphased[0], True
    parent = assigned.parent_of(haplotype)
    if parent is HaplotypeParent.UNASSIGNED:
        return _unknown(
            f"allele on haplotype {haplotype} of {block}; methylation assigns no parent: "
            f"{assigned.reason}",
            block,
        )
    origin = _ORIGIN[parent]
    if assumed:
        confidence = Confidence.LOW
    else:
        confidence = Confidence.HIGH if len(assigned.dmrs) >= 2 else Confidence.MEDIUM
    detail = (
        f"allele on haplotype {haplotype} of {block}, which methylation makes {parent} "
        f"({', '.join(assigned.dmrs)}: {assigned.margin})"
    )
    if assumed:
        detail += "; the haplotype files carry no phase set: assumed to be this one"
    return OriginEvidence(
        Method.METHYLATION,
        origin,
        confidence,
        int(origin is Origin.PATERNAL),
        int(origin is Origin.MATERNAL),
        block,
        (),
        detail,
    )
