"""The copy-number block of a family report: each member's deletion and
duplication events (from SV/CNV VCFs or read depth) drawn on the GNAS-STX16
region beside the exon targets they cover, with their content-based names, the
known deletion they match, and the parent of origin from the parents' own
events.  Numbers and names are the structure layer's, unchanged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from gnas_annot.structure.event_origin import EventOrigin
from gnas_annot.structure.events import CopyNumberEvent, EventKind
from gnas_annot.structure.targets import Target, TargetKind

WIDTH, LEFT, RIGHT, LANE = 900, 110, 20, 26
_KIND = {EventKind.DELETION: "#c8322f", EventKind.DUPLICATION: "#1f6fb4"}


def render(
    members: Sequence[str],
    events: Mapping[str, Sequence[CopyNumberEvent]],
    targets: Sequence[Target],
    origins: Mapping[int, EventOrigin],
) -> str:
    """HTML for one family ('' when no member was assessed); ``origins`` is keyed
    by ``id(event)``."""
    assessed = [m for m in members if m in events]
    if not assessed:
        return ""
    found = [e for m in assessed for e in events[m]]
    if not found:
        names = ", ".join(escape(m) for m in assessed)
        return f'<p class="cnv-none">No deletion or duplication called for {names}.</p>'
    return _chart(assessed, events, targets) + _table(found, origins)


def _chart(
    members: Sequence[str],
    events: Mapping[str, Sequence[CopyNumberEvent]],
    targets: Sequence[Target],
) -> str:
    shown = [t for t in targets if t.kind is not TargetKind.FLANK]
    spans = [(e.start, e.end) for m in members for e in events[m]]
    lo = min([t.start for t in shown] + [a for a, _ in spans])
    hi = max([t.end for t in shown] + [b for _, b in spans])
    scale = (WIDTH - LEFT - RIGHT) / max(1, hi - lo)

    def x(pos: int) -> float:
        return LEFT + (pos - lo) * scale

    height = 40 + LANE * (len(members) + 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cnv-chart" role="img" '
        f'aria-label="copy-number events" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}"><text x="4" y="24" class="tick">targets</text>'
    ]
    for t in shown:
        colour = "#888" if t.kind is TargetKind.DMR else "#333"
        parts.append(
            f'<rect class="cnv-target" x="{x(t.start):.1f}" y="12" '
            f'width="{max(1.5, (t.end - t.start + 1) * scale):.1f}" height="14" fill="{colour}">'
            f"<title>{escape(t.name)}: {t.chrom}:{t.start}-{t.end}</title></rect>"
        )
    for row, member in enumerate(members, start=1):
        y = 20 + LANE * row
        parts.append(
            f'<text x="4" y="{y + 12}">{escape(member)}</text>'
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y + 8}" y2="{y + 8}" stroke="#ddd"/>'
        )
        for e in events[member]:
            parts.append(
                f'<rect class="cnv-event" data-sample="{escape(member)}" x="{x(e.start):.1f}" '
                f'y="{y}" width="{max(2.0, (e.end - e.start + 1) * scale):.1f}" height="16" '
                f'fill="{_KIND[e.kind]}" opacity="0.8"><title>{escape(member)}: '
                f"{e.kind.value} {e.chrom}:{e.start}-{e.end} ({e.size:,} bp) — "
                f"{escape(e.label)}</title></rect>"
            )
    parts.append(
        f'<text x="{LEFT}" y="{height - 4}" class="tick">{lo:,}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{height - 4}" class="tick" text-anchor="end">{hi:,}</text>'
        "</svg>"
    )
    return "".join(parts)


def _table(found: Sequence[CopyNumberEvent], origins: Mapping[int, EventOrigin]) -> str:
    rows = []
    for e in found:
        origin = origins.get(id(e))
        told = (
            f"{escape(origin.origin)} ({escape(origin.inheritance)})<br>"
            f'<span class="small">{escape(origin.reason)}</span>'
            if origin is not None
            else "not assessed (no parent in the pedigree)"
        )
        measure = (
            f"ratio {e.ratio:.2f}"
            if e.ratio is not None
            else f"{e.copies} copies"
            if e.copies is not None
            else ""
        )
        known = "<br>".join(escape(k) for k in e.known) or "—"
        rows.append(
            f'<tr class="cnv-row"><td>{escape(e.sample)}</td><td>{e.kind.value}</td>'
            f"<td>{escape(e.chrom)}:{e.start:,}-{e.end:,}<br>{e.size:,} bp</td>"
            f"<td>{escape(e.label)}</td><td>{known}</td><td>{escape(e.source)} {measure}</td>"
            f"<td>{told}</td></tr>"
        )
    return (
        '<table class="cnv"><thead><tr><th>sample</th><th>event</th><th>where</th>'
        "<th>content</th><th>known deletion matched (by exons and size)</th><th>evidence</th>"
        f"<th>parent of origin</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
