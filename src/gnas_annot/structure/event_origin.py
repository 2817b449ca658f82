"""Parent of origin of a copy-number event in a child.

Two independent lines of evidence:

* the parents' own calls: a parent carrying the same kind of event
  (reciprocal overlap >= ``min_overlap``) transmitted it; neither parent
  carrying it (both assessed) makes it de novo;
* the child's alleles inside a deletion: a deleted region is hemizygous, so
  the child shows one allele at each site.  Where that allele is absent from
  the mother the maternal copy is the missing one (a maternal deletion);
  where it is absent from the father, a paternal deletion.  This names the
  parental chromosome of a de novo deletion too.

A heterozygous child site inside a called deletion contradicts the deletion
(a one-copy region cannot be heterozygous): it is counted as counter-evidence.
Disagreements (the calls say mother, the alleles say father; sites pointing
both ways) make the origin ``conflicting`` and are listed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gnas_annot.structure.events import CopyNumberEvent, EventKind
from gnas_annot.structure.genotypes import Site

MATERNAL, PATERNAL, UNKNOWN, CONFLICTING = "maternal", "paternal", "unknown", "conflicting"


@dataclass(frozen=True, slots=True)
class EventOrigin:
    origin: str  # maternal | paternal | unknown | conflicting
    inheritance: str  # inherited | de_novo | unknown
    parents_with_event: tuple[str, ...]  # 'father', 'mother' (None assessed: empty + note)
    maternal_sites: tuple[int, ...]  # child lacks the mother's alleles here
    paternal_sites: tuple[int, ...]
    het_sites: tuple[int, ...]  # counter-evidence: the child is heterozygous inside
    conflicts: tuple[str, ...]
    reason: str


def het_sites_inside(event: CopyNumberEvent, sites: Sequence[Site], index: int = 0) -> list[int]:
    """Positions inside a deletion where sample ``index`` of ``sites`` is heterozygous."""
    if event.kind != EventKind.DELETION:
        return []
    out = []
    for site in sites:
        gt = site.genotypes[index]
        if event.start <= site.pos <= event.end and gt is not None and len(set(gt)) > 1:
            out.append(site.pos)
    return out


def event_origin(
    event: CopyNumberEvent,
    parent_events: Mapping[str, Sequence[CopyNumberEvent] | None],
    sites: Sequence[Site] = (),
    *,
    min_sites: int = 2,
    min_overlap: float = 0.5,
) -> EventOrigin:
    """Origin of ``event``; ``parent_events`` maps 'father'/'mother' to that
    parent's events (None: not assessed); ``sites`` hold (child, father,
    mother) genotypes."""
    carriers = []
    assessed = 0
    for parent in ("father", "mother"):
        events = parent_events.get(parent)
        if events is None:
            continue
        assessed += 1
        if any(e.kind == event.kind and e.overlap_fraction(event) >= min_overlap for e in events):
            carriers.append(parent)
    maternal: list[int] = []
    paternal: list[int] = []
    het = het_sites_inside(event, sites)
    if event.kind == EventKind.DELETION:
        for site in sites:
            if not event.start <= site.pos <= event.end:
                continue
            child, father, mother = site.genotypes
            if child is None or father is None or mother is None or len(set(child)) > 1:
                continue
            lacks_mother = not set(child) & set(mother)
            lacks_father = not set(child) & set(father)
            if lacks_mother and not lacks_father:
                maternal.append(site.pos)
            elif lacks_father and not lacks_mother:
                paternal.append(site.pos)
    conflicts = []
    by_calls = None
    if carriers == ["mother"]:
        by_calls = MATERNAL
    elif carriers == ["father"]:
        by_calls = PATERNAL
    elif len(carriers) == 2:
        conflicts.append("both parents carry an overlapping event")
    by_alleles = None
    if maternal and paternal:
        conflicts.append(
            f"{len(maternal)} site(s) lack the mother's alleles, {len(paternal)} the father's"
        )
    elif len(maternal) >= min_sites:
        by_alleles = MATERNAL
    elif len(paternal) >= min_sites:
        by_alleles = PATERNAL
    if by_calls and by_alleles and by_calls != by_alleles:
        conflicts.append(f"parents' calls say {by_calls}, the child's alleles say {by_alleles}")
    if het:
        conflicts.append(
            f"{len(het)} heterozygous site(s) inside the deletion (a one-copy region cannot "
            "be heterozygous): the deletion may be smaller, mosaic or false"
        )
    inheritance = "inherited" if carriers else ("de_novo" if assessed == 2 else "unknown")
    origin = by_calls or by_alleles or UNKNOWN
    if any("say" in c or "lack" in c or "both parents" in c for c in conflicts):
        origin = CONFLICTING
    reason = _reason(origin, carriers, assessed, maternal, paternal, event.kind)
    return EventOrigin(
        origin,
        inheritance,
        tuple(carriers),
        tuple(maternal),
        tuple(paternal),
        tuple(het),
        tuple(conflicts),
        reason,
    )


def _reason(
    origin: str,
    carriers: list[str],
    assessed: int,
    maternal: list[int],
    paternal: list[int],
    kind: EventKind,
) -> str:
    parts = []
    if assessed:
        parts.append(
            f"carried by the {' and '.join(carriers)}"
            if carriers
            else "absent from the parents"
            if assessed == 2
            else "absent from the one parent assessed"
        )
    else:
        parts.append("parents' copy number not assessed")
    if kind == EventKind.DELETION:
        parts.append(
            f"child lacks the mother's alleles at {len(maternal)} site(s), the father's at "
            f"{len(paternal)}"
        )
    else:
        parts.append("alleles are not used for duplications")
    return f"{origin}: " + "; ".join(parts)
