"""Copy-number events: adjacent target calls merged, named by what they hold.

An event is named by content ("STX16 exons 4-6 deleted") and matched against
the deletions known at the locus.  The breakpoints of the recurrent STX16
deletions and of the NESP55/AS deletions are not in the pack (only their
descriptions were found), so a match is by the exons removed and by a size
that fits between the innermost and outermost possible extent, and the label
says so.  Known deletions (gnas-domain.md 3.3 and 10.4):

* the recurrent ~3-kb STX16 deletion removing exons 4-6 (maternal: AD-PHP1B);
* a ~4.4-kb STX16 deletion reported as removing exons 2-4 in the papers'
  numbering, overlapping the 3-kb one by 1,286 bp (so it shares exon 4);
* NESP55/AS deletions (maternal: loss of all maternal imprints, PHP1B);
* an intragenic ~30-kb deletion from the XL-A/B intron to intron 5 that mimics
  A/B loss of methylation but is PHP1A when maternal (Fernandez-Rebollo 2010);
* Gs-alpha exon or whole-gene deletions (maternal PHP1A, paternal PPHP/POH).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from gnas_annot.structure.copy_number import CnCall, DepthProfile, TargetCall
from gnas_annot.structure.targets import Target, TargetKind

SIZE_TOLERANCE = 0.25  # a described size 'about N kb' matches N +/- 25 %


class EventKind(StrEnum):
    DELETION = "deletion"
    DUPLICATION = "duplication"


@dataclass(frozen=True, slots=True)
class CopyNumberEvent:
    """A deletion or duplication in one sample.

    ``start``/``end`` is the innermost extent (first to last affected target
    for depth; the record's span for SV records); ``outer_start``/``outer_end``
    the outermost extent the evidence allows (up to the nearest normal
    targets; None where nothing bounds it).  ``quality`` is the mean |z| of
    the targets (depth, with controls) or the record's QUAL (SV records).
    """

    sample: str
    kind: EventKind
    chrom: str
    start: int
    end: int
    targets: tuple[str, ...]
    label: str
    known: tuple[str, ...]
    source: str
    ratio: float | None = None
    copies: int | None = None
    quality: float | None = None
    outer_start: int | None = None
    outer_end: int | None = None
    unassessed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return self.end - self.start + 1

    def overlap_fraction(self, other: CopyNumberEvent) -> float:
        """Reciprocal overlap: the shared length over the longer event."""
        shared = min(self.end, other.end) - max(self.start, other.start) + 1
        return max(0, shared) / max(self.size, other.size)


def events_from_depth(profile: DepthProfile) -> list[CopyNumberEvent]:
    """Merge runs of same-type target calls (not-assessable targets do not break a run)."""
    ordered = sorted(profile.calls, key=lambda c: (c.target.start, c.target.end))
    events: list[CopyNumberEvent] = []
    run: list[TargetCall] = []
    skipped: list[TargetCall] = []
    previous_normal: TargetCall | None = None

    def close(next_normal: TargetCall | None) -> None:
        if run:
            events.append(_depth_event(profile, run, skipped, previous_normal, next_normal))

    for call in ordered:
        if call.call == CnCall.NOT_ASSESSABLE:
            if run:
                skipped.append(call)
            continue
        if call.call == CnCall.NORMAL:
            close(call)
            run, skipped, previous_normal = [], [], call
            continue
        if run and run[-1].call != call.call:
            close(None)
            run, skipped = [], []
        run.append(call)
    close(None)
    return events


def _depth_event(
    profile: DepthProfile,
    run: Sequence[TargetCall],
    skipped: Sequence[TargetCall],
    before: TargetCall | None,
    after: TargetCall | None,
) -> CopyNumberEvent:
    kind = EventKind(run[0].call.value)
    length = sum(c.target.length for c in run)
    ratio = sum((c.ratio or 0.0) * c.target.length for c in run) / length
    zs = [abs(c.z) for c in run if c.z is not None]
    start, end = min(c.target.start for c in run), max(c.target.end for c in run)
    outer_start = before.target.end + 1 if before and before.target.end < start else None
    outer_end = after.target.start - 1 if after and after.target.start > end else None
    # unassessed targets inside the event are named with it: the event spans them
    targets = [c.target for c in (*run, *skipped) if c.target.start <= end]
    label, known = describe(kind, targets, start, end, outer_start, outer_end)
    return CopyNumberEvent(
        sample=profile.sample,
        kind=kind,
        chrom=run[0].target.chrom,
        start=start,
        end=end,
        targets=tuple(c.target.name for c in run),
        label=label,
        known=known,
        source="depth",
        ratio=round(ratio, 3),
        copies=max(0, round(2 * ratio)),
        quality=round(sum(zs) / len(zs), 2) if zs else None,
        outer_start=outer_start,
        outer_end=outer_end,
        unassessed=tuple(c.target.name for c in skipped if c.target.start <= end),
        notes=profile.notes,
    )


def _ranges(numbers: Iterable[int]) -> str:
    values = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in values:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _exons(targets: Sequence[Target], gene: str) -> set[int]:
    return {t.exon for t in targets if t.gene == gene and t.exon is not None}


def _fits(size: int, lo: int, hi: int | None) -> bool:
    """True if a deletion of about ``size`` bp fits between the inner length
    ``lo`` and the outer length ``hi`` (None: unbounded)."""
    return lo <= size * (1 + SIZE_TOLERANCE) and (hi is None or hi >= size * (1 - SIZE_TOLERANCE))


def describe(
    kind: EventKind,
    targets: Sequence[Target],
    start: int,
    end: int,
    outer_start: int | None = None,
    outer_end: int | None = None,
) -> tuple[str, tuple[str, ...]]:
    """The content label of an event and the known deletions it matches."""
    verb = "deleted" if kind == EventKind.DELETION else "duplicated"
    parts = []
    for gene in ("STX16", "NPEPL1"):
        exons = _exons(targets, gene)
        if exons:
            parts.append(f"{gene} exon{'s' if len(exons) > 1 else ''} {_ranges(exons)}")
    firsts = [t.name.removeprefix("GNAS ") for t in targets if t.gene == "GNAS" and t.exon is None]
    gs = _exons(targets, "GNAS")
    if firsts:
        parts.append(", ".join(firsts))
    if gs:
        parts.append(f"GNAS exon{'s' if len(gs) > 1 else ''} {_ranges(gs)}")
    dmrs = [t.name.removesuffix("-DMR") for t in targets if t.kind == TargetKind.DMR]
    if dmrs:
        parts.append(f"{'/'.join(dmrs)} DMR{'s' if len(dmrs) > 1 else ''}")
    content = "; ".join(parts) if parts else f"no exon or DMR (chr20:{start}-{end})"
    known = _known(kind, targets, end - start + 1, outer_start, outer_end, start, end)
    label = f"{content} {verb}"
    if known:
        label += ": " + "; ".join(known)
    return label, tuple(known)


def _known(
    kind: EventKind,
    targets: Sequence[Target],
    inner: int,
    outer_start: int | None,
    outer_end: int | None,
    start: int,
    end: int,
) -> list[str]:
    if kind != EventKind.DELETION:
        return []
    outer = None if outer_start is None or outer_end is None else outer_end - outer_start + 1
    stx16 = _exons(targets, "STX16")
    gs = _exons(targets, "GNAS")
    names = {t.name for t in targets}
    found = []
    if {4, 5, 6} <= stx16 and not stx16 & {3, 7}:
        size = "and size" if _fits(3_000, inner, outer) else "but not size"
        found.append(
            "the region of the recurrent 3-kb STX16 deletion (matched by exons "
            f"{size}; its breakpoints are not in the pack)"
        )
    elif 4 in stx16 and not stx16 & {5, 6} and _fits(4_400, inner, outer):
        found.append(
            "possibly the 4.4-kb STX16 deletion (reported as removing exons 2-4 in the papers' "
            "numbering, which may differ from MANE's; matched by exon 4 and size only)"
        )
    if names & {"NESP-DMR", "AS-DMR", "GNAS NESP55 exon"}:
        found.append("the NESP55/AS imprinting-control region")
    ab = "GNAS A/B exon (1A)" in names
    if ab and {1, 2, 3, 4, 5} <= gs and not gs & {6} and "GNAS XL exon" not in names:
        found.append(
            "resembles the ~30-kb deletion from the XL-A/B intron to intron 5, which mimics "
            "isolated A/B loss of methylation but is PHP1A when maternal"
        )
    if gs:
        whole = len(gs) == 13 and "GNAS NESP55 exon" in names
        found.append("whole GNAS gene" if whole else "Gs-alpha coding exons")
    return found


def relabel(event: CopyNumberEvent, targets: Sequence[Target]) -> CopyNumberEvent:
    """An SV-record event with its targets and label filled from its span."""
    hit = [t for t in targets if t.kind != TargetKind.FLANK and t.overlaps(event.start, event.end)]
    label, known = describe(event.kind, hit, event.start, event.end, event.start, event.end)
    return replace(event, targets=tuple(t.name for t in hit), label=label, known=known)
