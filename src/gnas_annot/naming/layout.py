"""Where an edit lies on a transcript and how its position + edit part is written.

:func:`segment_of` finds the exon or intron (and its UTR/CDS part) that bounds
the 3' shift of an edit on one transcript, the way biocommons hgvs' Normalizer
bounds it; :func:`body` writes ``565_568del`` / ``257_257+1insA`` / ``601C>T``
from an edit and a position formatter (:meth:`TranscriptMap.interval` for
``c.``/``n.``, :func:`g_interval` for ``g.``).

>>> body(Edit(9, 12, "CTG", ""), None, g_interval)
'10_12del'
>>> body(Edit(9, 9, "", "GA"), Edit(7, 9, "GA", "GAGA"), g_interval)
'8_9dup'
"""

from __future__ import annotations

from collections.abc import Callable

from gnas_annot.model.locus import Transcript
from gnas_annot.naming.coords import TranscriptMap
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.shift import Edit, Fetch0


def insertion_offset(tmap: TranscriptMap, point: int) -> int:
    """Transcript offset (0-based) of an insertion between 1-based bases ``point`` and
    ``point + 1``, one of which is exonic."""
    before, after = (point, point + 1) if tmap.strand > 0 else (point + 1, point)
    if tmap.exon_at(before) is not None:
        return tmap.offset(before) + 1
    return tmap.offset(after)


def within_bounds(shifted: Edit, strand: int, lo: int, hi: int) -> bool:
    """Whether :func:`shift_3prime` bounded by ``[lo, hi)`` gives ``shifted``, the
    unbounded result: true when the base it stopped at lies inside the bounds
    (every base it compared before lies between the start and that base)."""
    if strand > 0:
        return (shifted.end if shifted.is_deletion else shifted.start) < hi
    return shifted.start - 1 >= lo


def shifted_fetch(fetch: Fetch0, shift: int) -> Fetch0:
    return lambda s, e: fetch(s - shift, e - shift)


def g_interval(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}_{end}"


def body(
    edit: Edit,
    dup: Edit | None,
    interval: Callable[[int, int], str],
    minus: bool = False,
) -> str:
    """The position+edit part of an HGVS description; ``interval(s, e)`` formats 1-based bounds."""
    if dup is not None:
        return f"{interval(dup.start + 1, dup.end)}dup"
    alt = reverse_complement(edit.alt) if minus else edit.alt
    if edit.is_insertion:
        # at an exon's 3' edge this is the c.257_257+1ins form (VariantValidator
        # issue #382): the inserted bases lie between the exon and its intron
        return f"{interval(edit.start, edit.start + 1)}ins{alt}"
    span = interval(edit.start + 1, edit.end)
    if edit.is_deletion:
        return f"{span}del"
    if len(edit.ref) == 1 and len(edit.alt) == 1:
        return f"{span}{reverse_complement(edit.ref) if minus else edit.ref}>{alt}"
    if len(edit.ref) > 1 and edit.alt == reverse_complement(edit.ref):
        return f"{span}inv"
    return f"{span}delins{alt}"


def segment_of(tx: Transcript, tmap: TranscriptMap, edit: Edit) -> tuple[str, int, int]:
    """Name and 0-based bounds [lo, hi) of the exon or intron holding ``edit``."""
    first, last = edit.start + 1, max(edit.end, edit.start + 1)
    insertion = edit.is_insertion
    if insertion:
        first, last = edit.start, edit.start + 1
    hits = tmap.segments_over(first, last)
    if insertion and len(hits) == 2 and hits[0][0][:4] != hits[1][0][:4]:
        # between an exon's edge base and its intron: the canonical splice bases
        # are untouched, so the inserted bases belong to the exon
        hits = tuple(h for h in hits if h[0].startswith("exon"))
        first = last = min(max(first, hits[0][1]), hits[0][2])
    if len(hits) == 1:
        name, lo, hi = hits[0]
        if name.startswith("exon") and tx.cds_start is not None and tx.cds_end is not None:
            # like biocommons: 5' UTR, CDS and 3' UTR are separate shifting regions
            parts = (
                (tx.start, tx.cds_start - 1),
                (tx.cds_start, tx.cds_end),
                (tx.cds_end + 1, tx.end),
            )
            part = next(((a, b) for a, b in parts if a <= first and last <= b), None)
            if part is None and insertion and tx.start <= first and last <= tx.end:
                # exactly at a UTR/CDS junction (c.-1_1, c.1185_*1): the 3' rule
                # moves the inserted bases into the region 3' of the junction,
                # where they may repeat its first bases (c.-1_1insA -> c.1dup)
                side = last if tx.strand > 0 else first
                part = next((a, b) for a, b in parts if a <= side <= b)
            if part is not None:
                lo, hi = max(lo, part[0]), min(hi, part[1])
            # else a deletion that already crosses a UTR/CDS junction: the 3' rule
            # moves it along its exon (c.-3_2del of GCCATG is c.-2_3del)
        return name, lo - 1, hi
    if not hits:
        return "outside", edit.start, edit.end
    return "-".join(h[0] for h in hits), edit.start, edit.end
