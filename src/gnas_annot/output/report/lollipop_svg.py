"""The Gs-alpha protein with each reported allele as a lollipop at its residue,
coloured by parent of origin.  Exon blocks come from the transcript's exon
model (codon spans computed from the CDS), so the axis is the pack's, not a
drawing; alleles with no residue (intronic, symbolic, non-coding) are listed
under the plot instead of being placed somewhere approximate."""

from __future__ import annotations

from html import escape

from gnas_annot.output.report.model import Allele, Family
from gnas_annot.output.report.pedigree_svg import COLOURS

WIDTH, HEIGHT = 900, 230
LEFT, RIGHT, AXIS_Y = 40, 20, 170


def origin_of(allele: Allele) -> str:
    """The colour key: the origin the carriers' calls agree on ('unknown' calls, such as
    a founder's, do not vote), 'ambiguous' when they disagree, else 'unknown'."""
    origins = {c.origin for c in allele.carriers if c.origin not in ("unknown", "not_applicable")}
    if len(origins) == 1:
        return origins.pop()
    return "ambiguous" if origins else "unknown"


def render(family: Family) -> str:
    length = family.protein_length
    if not length:
        return '<p class="note">No protein axis: the build of the input is unknown.</p>'
    scale = (WIDTH - LEFT - RIGHT) / length

    def x(residue: float) -> float:
        return LEFT + (residue - 0.5) * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lollipop" role="img" '
        f'aria-label="{escape(family.transcript or "")} protein with the reported alleles" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">'
    ]
    for k, (exon, first, last) in enumerate(family.exon_codons):
        shade = "#d8e3ef" if k % 2 else "#b9cbe0"
        parts.append(
            f'<rect class="exon" x="{x(first):.1f}" y="{AXIS_Y}" '
            f'width="{(last - first + 1) * scale:.1f}" '
            f'height="18" fill="{shade}"><title>exon {exon}: codons {first}-{last}</title></rect>'
        )
        if (last - first) * scale > 16:
            parts.append(
                f'<text class="exon-label" x="{x((first + last) / 2):.1f}" '
                f'y="{AXIS_Y + 13}">{exon}</text>'
            )
    for residue in range(50, length + 1, 50):
        parts.append(f'<text class="tick" x="{x(residue):.1f}" y="{AXIS_Y + 34}">{residue}</text>')
    placed = sorted(
        (a for a in family.alleles if a.protein_position), key=lambda a: a.protein_position or 0
    )
    last_x, level = -1e9, 0
    for allele in placed:
        assert allele.protein_position is not None
        px = x(min(allele.protein_position, length))
        level = level + 1 if px - last_x < 70 else 0
        last_x = px
        top = AXIS_Y - 40 - 26 * (level % 4)
        origin = origin_of(allele)
        colour = COLOURS.get(origin, COLOURS["unknown"])
        parts.append(
            f'<g class="lollipop-allele" data-allele="{allele.number}">'
            f"<title>allele {allele.number}: {escape(allele.label)} ({origin})</title>"
            f'<line x1="{px:.1f}" y1="{AXIS_Y}" x2="{px:.1f}" y2="{top}" stroke="#555"/>'
            f'<circle cx="{px:.1f}" cy="{top}" r="7" fill="{colour}" stroke="#222"/>'
            f'<text class="lollipop-label" x="{px + 9:.1f}" y="{top - 8}">{allele.number}: '
            f"{escape(allele.label)}</text></g>"
        )
    parts.append(
        f'<text class="axis-title" x="{LEFT}" y="{HEIGHT - 4}">{escape(family.transcript or "")} '
        f"residues 1-{length}; exon blocks from the exon model</text></svg>"
    )
    off_axis = [a for a in family.alleles if not a.protein_position]
    if off_axis:
        items = "".join(
            f'<li data-allele="{a.number}">{a.number}: {escape(a.label)} '
            f"({escape(a.consequence or a.status)})</li>"
            for a in off_axis
        )
        parts.append(
            f'<p class="note">Not on the protein axis:</p><ul class="off-axis">{items}</ul>'
        )
    return "\n".join(parts)
