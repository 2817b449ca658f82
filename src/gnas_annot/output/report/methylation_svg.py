"""The methylation block of a family report: for each member with methylation
data, the four GNAS DMRs as bars (overall and per haplotype, with the parent
each haplotype was assigned to) against the reference mean, the per-DMR call
and the pattern reading.  Numbers are the MethylationResult's, unchanged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from gnas_annot.epigenetics.model import MethylationResult
from gnas_annot.output.report.pedigree_svg import COLOURS

WIDTH, HEIGHT = 620, 220
LEFT, TOP, BOTTOM = 44, 16, 40
_BAR = {"ALL": "#555555", "1": "#8aa9c9", "2": "#c9a38a"}


def render(members: Sequence[str], results: Mapping[str, MethylationResult]) -> str:
    """HTML for the members of one family that have methylation results ('' if none)."""
    blocks = [_member(name, results[name]) for name in members if name in results]
    return "\n".join(blocks)


def _member(name: str, result: MethylationResult) -> str:
    origin = result.haplotype_origin
    rows = []
    for dmr in result.dmrs:
        cells = [
            escape(dmr.name),
            escape(dmr.methylated_allele),
            _pct(dmr.mean),
            *(
                _pct(h.mean) + f" ({escape(origin.get(label, 'unassigned'))})"
                if (h := dmr.haplotype(label)) is not None
                else "—"
                for label in ("1", "2")
            ),
            _pct(dmr.reference_mean),
            escape(dmr.call.value.replace("_", " ")),
            f'<span class="small">{escape(dmr.reason)}</span>',
        ]
        rows.append('<tr class="dmr-row">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    table = (
        '<table class="methylation"><thead><tr><th>DMR</th><th>methylated allele</th>'
        "<th>mean</th><th>haplotype 1</th><th>haplotype 2</th><th>reference</th>"
        "<th>call</th><th>why</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    return (
        f'<div class="methylation-sample" data-sample="{escape(name)}">'
        f"<h3>{escape(name)}</h3>{_chart(name, result)}"
        f"<p>Pattern: <b>{escape(result.pattern.value.replace('_', ' '))}</b> — "
        f"{escape(result.reading)}</p>{table}</div>"
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def _chart(name: str, result: MethylationResult) -> str:
    plot_h = HEIGHT - TOP - BOTTOM
    group = (WIDTH - LEFT - 10) / max(1, len(result.dmrs))

    def y(percent: float) -> float:
        return TOP + plot_h * (1 - percent / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="methylation-chart" role="img" '
        f'aria-label="DMR methylation of {escape(name)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">'
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - 10}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#ddd"/><text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end" class="tick">{tick}</text>'
        )
    origin = result.haplotype_origin
    for k, dmr in enumerate(result.dmrs):
        x0 = LEFT + k * group + 8
        bars = [("ALL", dmr.mean)] + [
            (label, h.mean) for label in ("1", "2") if (h := dmr.haplotype(label)) is not None
        ]
        width = (group - 16) / 3
        for j, (label, mean) in enumerate(bars):
            if mean is None:
                continue
            parent = origin.get(label, "")
            colour = COLOURS.get(parent, _BAR[label]) if label != "ALL" else _BAR["ALL"]
            title = "all reads" if label == "ALL" else f"haplotype {label} ({parent})"
            parts.append(
                f'<rect class="dmr-bar" x="{x0 + j * width:.1f}" y="{y(mean):.1f}" '
                f'width="{width - 2:.1f}" height="{y(0) - y(mean):.1f}" fill="{colour}">'
                f"<title>{escape(dmr.name)} {title}: {mean:.1f} %</title></rect>"
            )
        ref_y = y(dmr.reference_mean)
        parts.append(
            f'<line x1="{x0:.1f}" x2="{x0 + group - 16:.1f}" y1="{ref_y:.1f}" y2="{ref_y:.1f}" '
            f'stroke="#000" stroke-dasharray="4 3"><title>reference {dmr.reference_mean:.1f} %'
            f"</title></line>"
            f'<text x="{x0 + (group - 16) / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{escape(dmr.name)}</text>'
            f'<text x="{x0 + (group - 16) / 2:.1f}" y="{HEIGHT - BOTTOM + 30}" '
            f'text-anchor="middle" class="tick">{escape(dmr.call.value.replace("_", " "))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
