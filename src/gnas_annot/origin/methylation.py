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

from collections import Counter
from pathlib import Path

import pysam

from gnas_annot.epigenetics.model import (
    HaplotypeParent,
    InputKind,
    MethylationResult,
    PhaseSetOrigin,
)
from gnas_annot.model.builds import CHR20_NAMES
from gnas_annot.model.variant import Variant
from gnas_annot.origin.model import Confidence, Method, Origin, OriginEvidence
from gnas_annot.origin.phased import Site
from gnas_annot.origin.reads import PhasingSite, ReadPhasingSettings, _observe

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
    allele = target.variant.allele_index
    if phase is None:
        if result.kind is not InputKind.MODBAM:
            return None
        found = read_haplotype(Path(result.sources[0]), target.variant)
        if isinstance(found, str):
            return _unknown(found)
        block, haplotype, support = found
    else:
        block, alleles = phase
        if alleles.count(allele) != 1:
            return None  # homozygous, or not carried: no haplotype of its own
        haplotype, support = alleles.index(allele) + 1, "phased genotype"
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
        f"allele on haplotype {haplotype} of {block} ({support}), which methylation makes "
        f"{parent} ({', '.join(assigned.dmrs)}: {assigned.margin})"
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


_SKIP_FLAGS = 0x4 | 0x100 | 0x200 | 0x400 | 0x800
MIN_AGREEMENT = 0.9  # as read-backed phasing: a minority of reads may disagree


def read_haplotype(bam: Path, variant: Variant) -> tuple[str, int, str] | str:
    """(phase block, haplotype, support) of the reads that show ``variant``'s ALT
    and carry HP (and PS) tags; or why there is none."""
    site = PhasingSite(variant.pos, variant.ref, variant.alt)
    if site.kind == "complex" or variant.sv_type is not None:
        return f"{site.kind} allele: reads cannot be matched to it"
    if bam.suffix.lower() == ".cram":
        return "the methylation input is CRAM: reads are not re-read for unphased alleles"
    s = ReadPhasingSettings()
    votes: Counter[tuple[str, int]] = Counter()
    alt_reads = 0
    try:
        with pysam.AlignmentFile(str(bam), "rb") as handle:
            contig = next((c for c in handle.references if c in CHR20_NAMES), None)
            if contig is None:
                return f"{bam.name} has no chromosome 20"
            for read in handle.fetch(
                contig, max(0, variant.pos - 2), variant.pos + len(variant.ref)
            ):
                if read.flag & _SKIP_FLAGS or read.mapping_quality < s.min_mapq:
                    continue
                if _observe(read, [site], s.min_baseq).get(variant.pos) != 1:
                    continue
                alt_reads += 1
                hp = read.get_tag("HP") if read.has_tag("HP") else None
                if hp in (1, 2, "1", "2"):
                    ps = read.get_tag("PS") if read.has_tag("PS") else None
                    votes[(f"PS:{ps}" if ps is not None else "PS:.", int(hp))] += 1
    except (OSError, ValueError) as exc:
        return f"cannot read {bam.name} at the allele: {exc}"
    if not votes:
        return f"not phased in the VCF, and none of its {alt_reads} ALT read(s) is haplotagged"
    (block, haplotype), n = votes.most_common(1)[0]
    total = sum(votes.values())
    if n / total < MIN_AGREEMENT:
        return f"its haplotagged ALT reads disagree ({dict(votes)})"
    return block, haplotype, f"{n}/{total} haplotagged ALT reads"
