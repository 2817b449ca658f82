"""The copy-number targets of one build: GNAS exons of every transcript, the
STX16 and NPEPL1 exons upstream, the four DMRs, and flank windows.

GNAS exons of different transcripts overlap (the Gs-alpha short forms use an
exon-4 acceptor 3 nt upstream, the exon-1 5' ends differ), so overlapping
exons are merged into one block and the block is named by the Gs-alpha
(NM_000516.7) exon it holds, or by the alternative first exon (NESP55, XL,
A/B).  Exon coordinates come from the pack only (``transcript_models.tsv``,
``upstream_exons.tsv``, ``regions.tsv``).

Flank windows are not facts: they are 2-kb windows at fixed distances outside
the GNAS+STX16 extraction region, used to normalise a sample's depth by
regions a locus deletion cannot reach (whole-genome data; a capture kit rarely
covers them, and then the locus targets normalise, see :mod:`.copy_number`).

>>> targets = copy_number_targets("GRCh38")
>>> [t.name for t in targets if t.gene == "STX16"][3:6]
['STX16 exon 4', 'STX16 exon 5', 'STX16 exon 6']
>>> next(t for t in targets if t.name == "STX16 exon 4").start
58667987
>>> next(t for t in copy_number_targets("GRCh37") if t.name == "STX16 exon 4").start
57243043
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib.resources.abc import Traversable

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Locus
from gnas_annot.pack.facts import rows
from gnas_annot.pack.files import data_dir
from gnas_annot.pack.store import load_pack

UPSTREAM_TABLE = "upstream_exons.tsv"
FLANK_WINDOWS = 10  # per side
FLANK_WIDTH = 2_000
FLANK_GAP = 50_000  # first window starts this far outside the extraction region
FLANK_STEP = 20_000


class TargetKind(StrEnum):
    EXON = "exon"
    DMR = "dmr"
    FLANK = "flank"


@dataclass(frozen=True, slots=True)
class Target:
    """One region whose depth is measured (1-based, inclusive)."""

    name: str
    kind: TargetKind
    gene: str  # GNAS, STX16, NPEPL1, '' for DMRs and flanks
    exon: int | None  # NM_000516.7 / MANE exon number; None for first exons, DMRs, flanks
    chrom: str
    start: int
    end: int
    members: tuple[str, ...] = ()  # 'NM_080425.4 exon 1', ... (what the block holds)

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def overlaps(self, start: int, end: int) -> bool:
        return start <= self.end and end >= self.start


def copy_number_targets(build: GenomeBuild | str) -> tuple[Target, ...]:
    """Every target of ``build`` in genomic order (flanks included), from the
    current data pack (verified against its manifest by :func:`load_pack`;
    not cached here: the Pack is the one cache)."""
    build = build if isinstance(build, GenomeBuild) else GenomeBuild.parse(build)
    locus = load_pack().locus(build)
    upstream = _upstream_exons(build, data_dir())
    targets = [*_gnas_blocks(locus), *upstream, *_dmrs(locus), *_flanks(locus)]
    return tuple(sorted(targets, key=lambda t: (t.start, t.end, t.name)))


def _gnas_blocks(locus: Locus) -> list[Target]:
    exons: list[tuple[int, int, str, int, str]] = []
    for tx in locus.transcripts:
        if tx.gene != "GNAS":
            continue
        for exon in tx.exons:
            exons.append((exon.start, exon.end, tx.accession, exon.number, tx.first_exon))
    exons.sort()
    blocks: list[list[tuple[int, int, str, int, str]]] = []
    for item in exons:
        if blocks and item[0] <= max(e[1] for e in blocks[-1]):
            blocks[-1].append(item)
        else:
            blocks.append([item])
    out = []
    gs_alpha = load_pack().reference_accession
    for block in blocks:
        gs = sorted({number for _, _, acc, number, _ in block if acc == gs_alpha})
        firsts = sorted({first for _, _, _, number, first in block if number == 1})
        number: int | None = None
        if gs:
            name, number = f"GNAS exon {gs[0]}", gs[0]
        elif firsts:
            name = "GNAS " + "/".join(firsts)
        else:  # an exon no Gs-alpha or first exon explains: name it by position
            name = f"GNAS exon block {block[0][0]}-{max(e[1] for e in block)}"
        out.append(
            Target(
                name=name,
                kind=TargetKind.EXON,
                gene="GNAS",
                exon=number,
                chrom="chr20",
                start=min(e[0] for e in block),
                end=max(e[1] for e in block),
                members=tuple(sorted({f"{acc} exon {n}" for _, _, acc, n, _ in block})),
            )
        )
    return out


def _upstream_exon(row: dict[str, str]) -> Target:
    start, end = int(row["start"]), int(row["end"])
    if start > end:
        raise ValueError(f"{row['gene']} exon {row['exon']}: start after end")
    return Target(
        name=f"{row['gene']} exon {row['exon']}",
        kind=TargetKind.EXON,
        gene=row["gene"],
        exon=int(row["exon"]),
        chrom=row["chrom"],
        start=start,
        end=end,
        members=(f"{row['transcript']} exon {row['exon']}",),
    )


def _upstream_exons(build: GenomeBuild, directory: Traversable) -> list[Target]:
    return [
        target
        for build_name, target in rows(
            UPSTREAM_TABLE, directory, lambda row: (row["build"], _upstream_exon(row))
        )
        if build_name == str(build)
    ]


def _dmrs(locus: Locus) -> list[Target]:
    return [
        Target(
            name=region.name,
            kind=TargetKind.DMR,
            gene="",
            exon=None,
            chrom=region.interval.chrom,
            start=region.interval.start,
            end=region.interval.end,
        )
        for region in locus.regions
        if region.kind == "dmr"
    ]


def _flanks(locus: Locus) -> list[Target]:
    region = locus.extraction_region("gnas+stx16")
    out = []
    for i in range(FLANK_WINDOWS):
        offset = FLANK_GAP + i * FLANK_STEP
        left_end = region.start - offset
        right_start = region.end + offset
        out.append(
            Target(
                f"flank -{offset // 1000} kb",
                TargetKind.FLANK,
                "",
                None,
                "chr20",
                left_end - FLANK_WIDTH + 1,
                left_end,
            )
        )
        out.append(
            Target(
                f"flank +{offset // 1000} kb",
                TargetKind.FLANK,
                "",
                None,
                "chr20",
                right_start,
                right_start + FLANK_WIDTH - 1,
            )
        )
    return out
