"""The pedigree as inline SVG, in the standard notation (Bennett et al. 2008,
J Genet Couns 17:424): squares for males, circles for females, diamonds for
unknown sex; filled = affected, open = unaffected, "?" = unknown status; a
dashed outline marks a member who is not in the VCF.

For each reported allele a coloured arrow runs from the parent it came from
to the child who carries it; a de novo allele gets a star badge and a mosaic
one an "m" badge.  Layout: generations by descent, spouses side by side,
children under the midpoint of their parents.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from gnas_annot.origin.pedigree import Sex
from gnas_annot.output.report.model import Family, Person

SIZE = 34  # symbol size, px
SLOT = 120  # horizontal room per person
ROW = 150  # vertical distance between generations
MARGIN = 60

COLOURS = {
    "paternal": "#1f6fb4",
    "maternal": "#c8322f",
    "de_novo_unphased": "#7b3fa0",
    "ambiguous": "#d9822b",
    "unknown": "#6b6b6b",
    "not_applicable": "#9a9a9a",
}


@dataclass(frozen=True, slots=True)
class _Placed:
    person: Person
    x: float
    y: float


def layout(people: tuple[Person, ...]) -> dict[str, _Placed]:
    """Place each person: generation from descent, spouses adjacent."""
    names = {p.sample for p in people}
    by_name = {p.sample: p for p in people}
    generation = {p.sample: 0 for p in people}
    for _ in range(len(people) + 1):  # relax: a child sits below its parents; spouses level
        changed = False
        for p in people:
            parents = [q for q in (p.father, p.mother) if q in names]
            want = max((generation[q] + 1 for q in parents), default=0)
            if want > generation[p.sample]:
                generation[p.sample], changed = want, True
            if p.father in names and p.mother in names:
                level = max(generation[p.father], generation[p.mother])
                for q in (p.father, p.mother):
                    if generation[q] != level:
                        generation[q], changed = level, True
        if not changed:
            break
    partner: dict[str, str] = {}
    for p in people:
        if p.father in names and p.mother in names:
            partner.setdefault(p.father, p.mother)
            partner.setdefault(p.mother, p.father)
    placed: dict[str, _Placed] = {}
    for level in sorted(set(generation.values())):
        row = [p for p in people if generation[p.sample] == level]
        units: list[list[Person]] = []
        seen: set[str] = set()
        for p in row:
            if p.sample in seen:
                continue
            mate = partner.get(p.sample)
            unit = [p]
            if mate is not None and mate not in seen and generation.get(mate) == level:
                unit = sorted([p, by_name[mate]], key=lambda q: q.sex is not Sex.MALE)
            seen.update(q.sample for q in unit)
            units.append(unit)

        def anchor(unit: list[Person]) -> float:
            xs = [placed[q].x for p in unit for q in (p.father, p.mother) if q in placed]
            return sum(xs) / len(xs) if xs else float("inf")

        if level > 0:
            units.sort(key=anchor)
        slots = [p for unit in units for p in unit]
        for k, p in enumerate(slots):
            placed[p.sample] = _Placed(p, MARGIN + SLOT * k + SLOT / 2, MARGIN + ROW * level)
    return placed


def render(family: Family) -> str:
    placed = layout(family.people)
    width = MARGIN * 2 + SLOT * max(1, max(_row_counts(placed).values(), default=1))
    height = MARGIN * 2 + ROW * (
        1 + max((int((p.y - MARGIN) // ROW) for p in placed.values()), default=0)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pedigree" role="img" '
        f'aria-label="pedigree of family {escape(family.name)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        "<defs>",
        *(
            f'<marker id="arrow-{origin}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
            for origin, colour in COLOURS.items()
        ),
        "</defs>",
    ]
    parts += _lines(family, placed)
    parts += _arrows(family, placed)
    for spot in placed.values():
        parts.append(_symbol(spot))
    parts += _badges(family, placed)
    parts.append("</svg>")
    return "\n".join(parts)


def _row_counts(placed: dict[str, _Placed]) -> dict[float, int]:
    counts: dict[float, int] = {}
    for spot in placed.values():
        counts[spot.y] = counts.get(spot.y, 0) + 1
    return counts


def _symbol(spot: _Placed) -> str:
    p, x, y, h = spot.person, spot.x, spot.y, SIZE / 2
    fill = "#333" if p.affected else "#fff"
    dash = "" if p.sequenced else ' stroke-dasharray="4 3"'
    style = f'fill="{fill}" stroke="#222" stroke-width="2"{dash}'
    if p.sex is Sex.MALE:
        shape = f'<rect x="{x - h}" y="{y - h}" width="{SIZE}" height="{SIZE}" {style}/>'
    elif p.sex is Sex.FEMALE:
        shape = f'<circle cx="{x}" cy="{y}" r="{h}" {style}/>'
    else:
        shape = (
            f'<polygon points="{x},{y - h - 3} {x + h + 3},{y} {x},{y + h + 3} {x - h - 3},{y}" '
            f"{style}/>"
        )
    mark = "" if p.affected is not None else f'<text x="{x}" y="{y + 5}" class="unknown">?</text>'
    status = {True: "affected", False: "unaffected", None: "status unknown"}[p.affected]
    seq = "" if p.sequenced else ", not in the VCF"
    return (
        f'<g class="person" data-sample="{escape(p.sample)}"><title>{escape(p.sample)}: '
        f"{p.sex.value}, {status}{seq}</title>{shape}{mark}"
        f'<text x="{x}" y="{y + h + 18}" class="name">{escape(p.sample)}</text></g>'
    )


def _lines(family: Family, placed: dict[str, _Placed]) -> list[str]:
    out = []
    sibships: dict[tuple[str, str], list[_Placed]] = {}
    for p in family.people:
        if p.father in placed and p.mother in placed:
            sibships.setdefault((p.father, p.mother), []).append(placed[p.sample])
        else:
            for parent in (p.father, p.mother):
                if parent in placed:  # one parent in the pedigree: a single line of descent
                    a, c = placed[parent], placed[p.sample]
                    out.append(_path(a.x, a.y + SIZE / 2, c.x, c.y - SIZE / 2))
    for (father, mother), children in sibships.items():
        f, m = placed[father], placed[mother]
        mid_x, mid_y = (f.x + m.x) / 2, f.y
        out.append(f'<line x1="{f.x}" y1="{f.y}" x2="{m.x}" y2="{m.y}" class="couple"/>')
        bar_y = mid_y + ROW / 2
        out.append(_path(mid_x, mid_y, mid_x, bar_y))
        xs = [c.x for c in children] + [mid_x]
        out.append(
            f'<line x1="{min(xs)}" y1="{bar_y}" x2="{max(xs)}" y2="{bar_y}" class="descent"/>'
        )
        for c in children:
            out.append(_path(c.x, bar_y, c.x, c.y - SIZE / 2))
    return out


def _path(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="descent"/>'


def _arrows(family: Family, placed: dict[str, _Placed]) -> list[str]:
    """An arrow from the parent of origin to the carrier, per allele."""
    out = []
    people = {p.sample: p for p in family.people}
    lane = 0
    for allele in family.alleles:
        for carrier in allele.carriers:
            child = people.get(carrier.sample)
            parent = None
            if child is not None and carrier.origin == "paternal":
                parent = child.father
            elif child is not None and carrier.origin == "maternal":
                parent = child.mother
            if parent is None or parent not in placed or carrier.sample not in placed:
                continue
            lane += 1
            a, c = placed[parent], placed[carrier.sample]
            bend = 30 + 14 * lane
            side = -1 if a.x <= c.x else 1
            cx = (a.x + c.x) / 2 + side * bend
            cy = (a.y + c.y) / 2
            out.append(
                f'<path class="origin-arrow" data-allele="{allele.number}" '
                f'd="M{a.x + side * SIZE / 2},{a.y} Q{cx},{cy} {c.x + side * SIZE / 2},{c.y}" '
                f'stroke="{COLOURS[carrier.origin]}" marker-end="url(#arrow-{carrier.origin})">'
                f"<title>allele {allele.number} ({escape(allele.label)}): {carrier.origin} "
                f"from {escape(parent)}, {escape(carrier.method)}, confidence "
                f"{escape(carrier.confidence)}</title></path>"
            )
            out.append(
                f'<text class="arrow-label" x="{cx}" y="{cy}" fill="{COLOURS[carrier.origin]}">'
                f"{allele.number}</text>"
            )
    return out


def _badges(family: Family, placed: dict[str, _Placed]) -> list[str]:
    """Allele numbers beside each carrier; star for de novo, "m" for mosaic."""
    out = []
    per_sample: dict[str, list[str]] = {}
    for allele in family.alleles:
        for c in allele.carriers:
            colour = COLOURS.get(c.origin, COLOURS["unknown"])
            mark = "★" if c.origin == "de_novo_unphased" else ""
            mark += "m" if c.mosaic_flags else ""
            per_sample.setdefault(c.sample, []).append(
                f'<tspan fill="{colour}" data-allele="{allele.number}">'
                f"{allele.number}{mark}</tspan>"
            )
    for sample, spans in per_sample.items():
        if sample in placed:
            spot = placed[sample]
            out.append(
                f'<text class="badge" x="{spot.x + SIZE / 2 + 6}" y="{spot.y - SIZE / 2 + 4}">'
                + " ".join(spans)
                + "</text>"
            )
    return out
