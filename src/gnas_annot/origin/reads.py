"""Read-backed phasing of a de novo allele to a parent (the unfazed approach).

A de novo allele has no parental genotype to follow, but it sits on one of the
child's two haplotypes, and nearby heterozygous sites whose parental origin the
trio genotypes fix (*informative* sites) label those haplotypes.  A read, or a
read pair, that shows the de novo allele and an informative allele therefore
votes for one parent.  Where no fragment reaches an informative site, the
haplotype is extended through intermediate heterozygous sites: fragments that
share the de novo haplotype's allele at such a site come from the same parent
(unfazed's "extended read-backed phasing").

Only fragments that carry the de novo ALT are used: for a mosaic allele the
REF reads come from both haplotypes, so they say nothing about its parent.

>>> s = PhasingSite(58909400, "G", "A", paternal_allele=1)
>>> s.kind, s.parent_of(1).value, s.parent_of(0).value
('snv', 'paternal', 'maternal')
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import pysam

from gnas_annot.errors import AlignmentInputError, BuildMismatchError
from gnas_annot.io.alignments import open_alignments
from gnas_annot.model.builds import CHR20_NAMES, GenomeBuild
from gnas_annot.origin.family import Parent as Parent  # re-exported: their old home
from gnas_annot.origin.model import ReadPhasingSettings as ReadPhasingSettings

_MATCH_OPS = frozenset({0, 7, 8})  # M, =, X
_INS, _DEL, _SKIP, _SOFT = 1, 2, 3, 4
_SKIP_FLAGS = 0x4 | 0x100 | 0x200 | 0x400 | 0x800  # unmapped, secondary, QC fail, dup, suppl.


@dataclass(frozen=True, slots=True)
class PhasingSite:
    """A child-heterozygous site (VCF-style alleles).  ``paternal_allele`` is 0
    (REF) or 1 (ALT) when the trio genotypes fix which allele the father gave,
    None for an intermediate site used only for chaining."""

    pos: int
    ref: str
    alt: str
    paternal_allele: int | None = None

    @property
    def kind(self) -> str:
        if len(self.ref) == len(self.alt) == 1:
            return "snv"
        if len(self.ref) == 1 and self.alt[0] == self.ref[0]:
            return "insertion"
        if len(self.alt) == 1 and self.ref[0] == self.alt[0]:
            return "deletion"
        return "complex"

    def parent_of(self, allele: int) -> Parent:
        assert self.paternal_allele is not None
        return Parent.PATERNAL if allele == self.paternal_allele else Parent.MATERNAL


@dataclass(frozen=True, slots=True)
class ReadPhasing:
    """Read evidence for the parent of one de novo allele."""

    paternal_reads: int  # fragments linking the ALT directly to a paternal allele
    maternal_reads: int
    discordant_reads: int  # fragments whose informative alleles disagree with each other
    chained_paternal: int  # votes reached through intermediate sites
    chained_maternal: int
    alt_fragments: int  # fragments showing the de novo ALT at all
    informative_sites: tuple[int, ...]
    intermediate_sites: tuple[int, ...]
    hops: int
    parent: Parent | None
    note: str

    @property
    def conflicting(self) -> bool:
        direct = self.paternal_reads and self.maternal_reads
        chained = self.chained_paternal and self.chained_maternal
        return bool(direct or chained or self.discordant_reads)


class ReadPhaser:
    """One child's BAM/CRAM (indexed; CRAM needs the reference FASTA)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        sample: str | None = None,
        reference: str | os.PathLike[str] | None = None,
        settings: ReadPhasingSettings | None = None,
        build: GenomeBuild | None = None,
    ) -> None:
        self.path = Path(path)
        self.settings = settings or ReadPhasingSettings()
        self._file = open_alignments(self.path, reference)
        contigs = [c for c in self._file.references if c in CHR20_NAMES]
        if not contigs:
            self._file.close()
            raise AlignmentInputError(f"{self.path} has no chromosome 20 contig")
        self.contig = contigs[0]
        length = self._file.get_reference_length(self.contig)
        if build is not None and length != build.chr20_length:
            self._file.close()
            # positions of another build name other bases: the reads would vote on the
            # wrong sites, so a BAM aligned to GRCh37 cannot phase a GRCh38 VCF
            raise BuildMismatchError(
                f"{self.path}: {self.contig} is {length:,} bp, but the VCF is {build.value} "
                f"({build.chr20_length:,} bp): align the reads to {build.value}"
            )
        names = {rg.get("SM") for rg in self._file.header.to_dict().get("RG", []) if "SM" in rg}
        if sample is not None and names and sample not in names:
            self._file.close()
            # A swapped BAM would phase another person's reads: refuse.
            raise AlignmentInputError(
                f"{self.path} is for sample(s) {', '.join(sorted(map(str, names)))}, not {sample}"
            )

    def phase(self, variant: PhasingSite, sites: Sequence[PhasingSite]) -> ReadPhasing:
        """Assign ``variant``'s ALT to a parent using ``sites`` within the window."""
        if variant.kind == "complex":
            return _empty(f"{variant.kind} allele: reads cannot be matched to it", sites)
        window = self.settings.window
        near = sorted(
            (s for s in sites if abs(s.pos - variant.pos) <= window and s.pos != variant.pos),
            key=lambda s: s.pos,
        )
        if not any(s.paternal_allele is not None for s in near):
            return _empty(f"no informative site within {window:,} bp", near)
        fragments = list(
            self._fragments([variant, *near], variant.pos - window, variant.pos + window)
        )
        return _assign(variant, near, fragments, self.settings)

    def _fragments(
        self, sites: Sequence[PhasingSite], start: int, end: int
    ) -> Iterator[dict[int, int]]:
        """Alleles each read pair shows at ``sites`` (mates merged; disagreement drops the site)."""
        ordered = sorted(sites, key=lambda s: s.pos)
        by_name: dict[str, dict[int, int | None]] = defaultdict(dict)
        try:
            reads = self._file.fetch(self.contig, max(0, start - 1), end)
            for read in reads:
                if read.flag & _SKIP_FLAGS or read.mapping_quality < self.settings.min_mapq:
                    continue
                seen = _observe(read, ordered, self.settings.min_baseq)
                if not seen:
                    continue
                merged = by_name[str(read.query_name)]
                for pos, allele in seen.items():
                    merged[pos] = allele if merged.get(pos, allele) == allele else None
        except (OSError, ValueError) as exc:
            raise AlignmentInputError(f"cannot read {self.path}: {exc}") from exc
        for obs in by_name.values():
            clean = {p: a for p, a in obs.items() if a is not None}
            if clean:
                yield clean

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ReadPhaser:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _empty(note: str, sites: Sequence[PhasingSite]) -> ReadPhasing:
    return ReadPhasing(0, 0, 0, 0, 0, 0, (), tuple(s.pos for s in sites), 0, None, note)


def _observe(
    read: pysam.AlignedSegment, sites: Sequence[PhasingSite], min_baseq: int
) -> dict[int, int]:
    """0 (REF) or 1 (ALT) for each site the read resolves; others are left out."""
    blocks: list[tuple[int, int, int]] = []  # (ref start, query start, length), 0-based
    deletions: set[tuple[int, int]] = set()  # (first deleted base, length)
    insertions: dict[int, tuple[int, int]] = {}  # ref base before -> (query start, length)
    rpos, qpos = int(read.reference_start), 0
    for op, length in read.cigartuples or ():
        if op in _MATCH_OPS:
            blocks.append((rpos, qpos, length))
            rpos += length
            qpos += length
        elif op == _INS:
            insertions[rpos - 1] = (qpos, length)
            qpos += length
        elif op in (_DEL, _SKIP):
            if op == _DEL:
                deletions.add((rpos, length))
            rpos += length
        elif op == _SOFT:
            qpos += length
    if not blocks:
        return {}
    sequence, qualities = read.query_sequence or "", read.query_qualities
    first, last = blocks[0][0], blocks[-1][0] + blocks[-1][2] - 1

    def block_of(p0: int) -> tuple[int, int, int] | None:
        return next((b for b in blocks if b[0] <= p0 < b[0] + b[2]), None)

    seen: dict[int, int] = {}
    for site in sites:
        p0 = site.pos - 1
        if p0 < first or p0 > last:
            continue
        kind = site.kind
        if kind == "snv":
            block = block_of(p0)
            if block is None:
                continue
            q = block[1] + p0 - block[0]
            if qualities is not None and qualities[q] < min_baseq:
                continue
            base = sequence[q]
            if base in (site.ref, site.alt):
                seen[site.pos] = int(base == site.alt)
        elif kind == "deletion":
            size = len(site.ref) - 1
            if (p0 + 1, size) in deletions:
                seen[site.pos] = 1
            else:
                block = block_of(p0)
                if block is not None and p0 + size + 1 < block[0] + block[2]:
                    seen[site.pos] = 0
        elif kind == "insertion":
            inserted = insertions.get(p0)
            if inserted is not None:
                q, size = inserted
                if sequence[q : q + size] == site.alt[1:]:
                    seen[site.pos] = 1
            else:
                block = block_of(p0)
                if block is not None and p0 + 1 < block[0] + block[2]:
                    seen[site.pos] = 0
    return seen


def _votes(fragment: dict[int, int], informative: dict[int, PhasingSite]) -> set[Parent]:
    return {informative[p].parent_of(a) for p, a in fragment.items() if p in informative}


def _assign(
    variant: PhasingSite,
    sites: Sequence[PhasingSite],
    fragments: list[dict[int, int]],
    settings: ReadPhasingSettings,
) -> ReadPhasing:
    informative = {s.pos: s for s in sites if s.paternal_allele is not None}
    carrying = [f for f in fragments if f.get(variant.pos) == 1]
    direct: Counter[str] = Counter()
    used: set[int] = set()
    for fragment in carrying:
        votes = _votes(fragment, informative)
        used.update(p for p in fragment if p in informative)
        direct["discordant" if len(votes) > 1 else (next(iter(votes)) if votes else "none")] += 1
    chained, hops, intermediate = Counter[Parent](), 0, set[int]()
    if not (direct[Parent.PATERNAL] or direct[Parent.MATERNAL]):
        chained, hops, intermediate, reached = _chain(
            variant, fragments, carrying, informative, settings
        )
        used.update(reached)
    pat, mat = direct[Parent.PATERNAL], direct[Parent.MATERNAL]
    chained_pat, chained_mat = chained[Parent.PATERNAL], chained[Parent.MATERNAL]
    parent, note = _decide(pat + chained_pat, mat + chained_mat, settings.min_agreement)
    if not carrying:
        note = "no read shows the de novo allele"
    elif parent is not None and not (pat or mat):
        note = f"chained through {len(intermediate)} intermediate site(s) in {hops} hop(s)"
    elif parent is None and not note:
        note = "no read links the de novo allele to an informative site"
    return ReadPhasing(
        paternal_reads=pat,
        maternal_reads=mat,
        discordant_reads=direct["discordant"],
        chained_paternal=chained_pat,
        chained_maternal=chained_mat,
        alt_fragments=len(carrying),
        informative_sites=tuple(sorted(used)),
        intermediate_sites=tuple(sorted(intermediate)),
        hops=hops,
        parent=parent,
        note=note,
    )


def _chain(
    variant: PhasingSite,
    fragments: list[dict[int, int]],
    carrying: list[dict[int, int]],
    informative: dict[int, PhasingSite],
    settings: ReadPhasingSettings,
) -> tuple[Counter[Parent], int, set[int], set[int]]:
    """Grow the de novo haplotype through shared alleles at intermediate sites."""
    members = [id(f) for f in carrying]
    in_haplotype = set(members)
    haplotype: Counter[tuple[int, int]] = Counter(
        (p, a) for f in carrying for p, a in f.items() if p != variant.pos
    )
    intermediate: set[int] = set()
    for hop in range(1, settings.max_hops + 1):
        consensus = _consensus(haplotype)
        added = [
            f
            for f in fragments
            if id(f) not in in_haplotype
            and f.get(variant.pos) != 0
            and any(consensus.get(p) == a for p, a in f.items() if p not in informative)
            and not any(consensus.get(p, a) != a for p, a in f.items() if p != variant.pos)
        ]
        if not added:
            return Counter(), hop - 1, intermediate, set()
        intermediate.update(p for f in added for p in f if p in consensus and p not in informative)
        in_haplotype.update(id(f) for f in added)
        haplotype.update((p, a) for f in added for p, a in f.items() if p != variant.pos)
        votes: Counter[Parent] = Counter()
        reached: set[int] = set()
        for f in added:
            fv = _votes(f, informative)
            if len(fv) == 1:
                votes[next(iter(fv))] += 1
                reached.update(p for p in f if p in informative)
        if votes:
            return votes, hop, intermediate, reached
    return Counter(), settings.max_hops, intermediate, set()


def _consensus(haplotype: Counter[tuple[int, int]]) -> dict[int, int]:
    """The allele the haplotype carries at each site, where its reads clearly agree."""
    result: dict[int, int] = {}
    for (pos, allele), n in haplotype.items():
        other = haplotype.get((pos, 1 - allele), 0)
        if n > 2 * other:
            result[pos] = allele
    return result


def _decide(paternal: int, maternal: int, min_agreement: float) -> tuple[Parent | None, str]:
    total = paternal + maternal
    if total == 0:
        return None, ""
    top = Parent.PATERNAL if paternal >= maternal else Parent.MATERNAL
    share = max(paternal, maternal) / total
    if paternal and maternal and share < min_agreement:
        return None, f"reads disagree: {paternal} paternal vs {maternal} maternal"
    return top, ""
