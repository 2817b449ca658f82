"""One self-contained HTML page per family: inline CSS, SVG and a few lines of
script (no network, no external file), printable.  Every text that comes from
the input (sample names, IDs, INFO values) is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from gnas_annot.output.report import lollipop_svg, pedigree_svg
from gnas_annot.output.report.model import ORIGINS, Allele, Family

DISCLAIMER = (
    "Evidence for interpretation by a qualified professional, not a diagnosis. "
    "Readings say what the evidence is consistent with."
)


@dataclass(frozen=True, slots=True)
class Section:
    """An extra block of the report (methylation, copy number ...), already HTML."""

    title: str
    html: str


CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; }
body { margin: 1.5rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem;
  border-bottom: 1px solid #ccc; }
.disclaimer { background: #fff6d6; border: 1px solid #e0c36a; padding: .5rem .8rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .82rem; }
td ul { margin: .2rem 0; padding-left: 1rem; }
th, td { border: 1px solid #ccc; padding: .25rem .4rem; vertical-align: top; text-align: left; }
th { background: #f0f3f7; } tr.highlight td { background: #fff2b3; }
.origin { font-weight: 600; } .small { font-size: .78rem; color: #444; }
svg text { font-size: 12px; } svg .name { text-anchor: middle; } svg .unknown { text-anchor: middle;
  font-weight: 700; } .couple, .descent { stroke: #222; stroke-width: 1.6; }
.origin-arrow { fill: none; stroke-width: 2.4; } .origin-arrow.highlight { stroke-width: 5; }
.arrow-label { font-weight: 700; } .badge { font-weight: 700; }
.exon-label, .tick { text-anchor: middle; font-size: 10px; } .lollipop-label { font-size: 11px; }
.lollipop-allele.highlight circle { r: 10; stroke-width: 3; }
.legend span { display: inline-block; margin-right: 1rem; } .swatch { display: inline-block;
  width: .8rem; height: .8rem; border-radius: 50%; margin-right: .3rem; vertical-align: middle; }
.provenance { font-size: .8rem; color: #333; } code { font-size: .8rem; word-break: break-all; }
@media print { body { max-width: none; margin: 0; } .noprint { display: none; }
  tr, svg { page-break-inside: avoid; } }
"""

SCRIPT = """
(function () {
  function mark(n, on) {
    document.querySelectorAll('[data-allele="' + n + '"]').forEach(function (el) {
      el.classList.toggle('highlight', on);
    });
  }
  document.querySelectorAll('[data-allele]').forEach(function (el) {
    var n = el.getAttribute('data-allele');
    el.addEventListener('mouseenter', function () { mark(n, true); });
    el.addEventListener('mouseleave', function () { mark(n, false); });
  });
  var rows = document.querySelectorAll('table.variants tbody tr').length;
  document.body.setAttribute('data-rows', String(rows));
  document.body.setAttribute('data-report-ready', '1');
})();
"""


def page(family: Family, sections: Sequence[Section], provenance: Sequence[tuple[str, str]]) -> str:
    caveats = sorted({c for a in family.alleles for k in a.carriers for c in k.caveats})
    legend = "".join(
        f'<span><i class="swatch" style="background:{pedigree_svg.COLOURS[o]}"></i>'
        f"{o.replace('_', ' ')}</span>"
        for o in ORIGINS
    )
    body = [
        f"<h1>GNAS family report — family {escape(family.name)}</h1>",
        f'<p class="disclaimer">{escape(DISCLAIMER)}</p>',
        f"<p>{len(family.people)} members; {len(family.alleles)} reported allele(s) on "
        f"{escape(family.build or 'an unknown build')}; names on "
        f"{escape(family.transcript or 'no transcript')} (MANE Select).</p>",
        "<h2>Pedigree and parent of origin</h2>",
        '<figure id="pedigree">',
        pedigree_svg.render(family),
        '<figcaption class="small">Arrows run from the parent an allele came from to the '
        "carrier, numbered as in the table; ★ de novo, m possible mosaicism; a dashed outline "
        "marks a member not in the VCF.</figcaption></figure>",
        f'<p class="legend">{legend}</p>',
        "<h2>Variants</h2>",
        _table(family.alleles),
        "<h2>Gs-alpha</h2>",
        f'<figure id="protein">{lollipop_svg.render(family)}</figure>',
    ]
    for section in sections:
        body += [f"<h2>{escape(section.title)}</h2>", section.html]
    body += ["<h2>Caveats</h2>", "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in caveats)]
    if not any(c.lower().startswith("evidence for interpretation") for c in caveats):
        body.append(f"<li>{escape(DISCLAIMER)}</li>")
    body.append("</ul>")
    body += [
        "<h2>Provenance</h2>",
        '<table class="provenance">'
        + "".join(
            f"<tr><th>{escape(k)}</th><td><code>{escape(v)}</code></td></tr>" for k, v in provenance
        )
        + "</table>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>GNAS family report: {escape(family.name)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}<script>{SCRIPT}</script></body></html>\n"
    )


def _table(alleles: Sequence[Allele]) -> str:
    head = (
        "<tr><th>#</th><th>variant</th><th>consequence</th><th>PVS1</th><th>carrier</th>"
        "<th>genotype</th><th>parent of origin</th><th>reading</th><th>known / population</th></tr>"
    )
    rows = []
    for a in alleles:
        names = "<br>".join(escape(n) for n in (a.hgvs_c, a.hgvs_p, a.hgvs_g, a.key) if n)
        if a.reason:
            names += f'<br><span class="small">{escape(a.status)}: {escape(a.reason)}</span>'
        pvs1 = escape(a.pvs1 or "not assessed")
        if a.pvs1_reasons:
            pvs1 += (
                '<ul class="small">'
                + "".join(f"<li>{escape(r)}</li>" for r in a.pvs1_reasons)
                + "</ul>"
            )
        extra = "<br>".join(f"{escape(k)}: {escape(v)}" for k, v in a.extra) or "—"
        for k, c in enumerate(a.carriers):
            vaf = "" if c.allele_fraction is None else f"<br>VAF {c.allele_fraction:.2f}"
            depth = "" if c.depth is None else f", depth {c.depth}"
            colour = pedigree_svg.COLOURS.get(c.origin, "#444")
            evidence = "".join(f"<li>{escape(e)}</li>" for e in c.evidence)
            mosaic = f"<br>mosaicism: {escape(', '.join(c.mosaic_flags))}" if c.mosaic_flags else ""
            allele_cells = (
                f'<td rowspan="{len(a.carriers)}">{a.number}</td>'
                f'<td rowspan="{len(a.carriers)}">{names}</td>'
                f'<td rowspan="{len(a.carriers)}">{escape(a.consequence or "—")}'
                f"{'<br>' + escape(a.impact) if a.impact else ''}</td>"
                f'<td rowspan="{len(a.carriers)}">{pvs1}</td>'
                if k == 0
                else ""
            )
            tail = f'<td rowspan="{len(a.carriers)}">{extra}</td>' if k == 0 else ""
            rows.append(
                f'<tr data-allele="{a.number}">{allele_cells}<td>{escape(c.sample)}</td>'
                f"<td>{escape(c.genotype)}{vaf}{depth}</td>"
                f'<td><span class="origin" style="color:{colour}">'
                f"{escape(c.origin.replace('_', ' '))}"
                f"</span><br>{escape(c.method)}, confidence {escape(c.confidence)}{mosaic}"
                f'<ul class="small">{evidence}</ul></td>'
                f"<td>{escape(c.reading or '—')}</td>{tail}</tr>"
            )
    if not rows:
        rows.append('<tr><td colspan="9">No member of this family carries a GNAS allele.</td></tr>')
    body = "".join(rows)
    table = f'<table class="variants"><thead>{head}</thead><tbody>{body}</tbody></table>'
    return f'<div class="scroll">{table}</div>'
