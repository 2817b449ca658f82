"""Uniparental disomy of chromosome 20 from a trio's genotypes.

Every chr20 site is scored by how much better four UPD models explain the
child's genotype than biparental (Mendelian) inheritance does:

* paternal isodisomy: the child carries one paternal allele twice;
* paternal heterodisomy: the child carries both paternal alleles (= the
  father's genotype);
* maternal isodisomy and heterodisomy likewise.

Each model gives P(child | parents) mixed with a genotyping-error rate
``error_rate`` spread over the three genotypes, and the per-site score is the
natural-log likelihood ratio against biparental inheritance.  Sites where no
model differs (every site where the parents could not tell) score 0 and are
not informative.  UPD-type Mendelian errors (the child homozygous for an
allele only one parent carries, or lacking every allele of a parent who is
homozygous) score strongly; so do, in isodisomy, children homozygous where
the parent is heterozygous, and in heterodisomy, children identical to the
parent.

Segments: along the informative sites of each model, the maximal-scoring
runs (a running sum reset at zero); a run is a call when its LOD (log10
likelihood ratio) reaches ``min_lod`` and it holds at least
``min_upd_errors`` UPD-type Mendelian errors of that parent.  Overlapping
calls are resolved by LOD, best first (a stretch cannot be both paternal and
maternal; mixed iso/hetero UPD appears as adjacent calls).  A call covering
``whole_fraction`` of the informative span is whole-chromosome, otherwise
segmental.  With fewer than ``min_informative`` informative sites, or without
both parents, the trio method is not assessable and says so.

Paternal UPD of 20q (isodisomic, often segmental) is found in 2-20 % of
sporadic PHP1B (gnas-domain.md 10.5): evidence, not a diagnosis.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import ClassVar

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.limits import COUNT, FRACTION, NON_NEGATIVE, OPEN_FRACTION, Limit, check
from gnas_annot.pack.locus import load_locus
from gnas_annot.structure.genotypes import Genotype, Site

LN10 = math.log(10)
#: The chr20 centromere lies between about 26 and 30 Mb (gnas-domain.md 10.5);
#: exact bounds are not in the pack, so arms are named only outside that range.
CENTROMERE_RANGE = (26_000_000, 30_000_000)


class UpdParent(StrEnum):
    PATERNAL = "paternal"
    MATERNAL = "maternal"


class UpdKind(StrEnum):
    ISODISOMY = "isodisomy"
    HETERODISOMY = "heterodisomy"


MODELS = (
    (UpdParent.PATERNAL, UpdKind.ISODISOMY),
    (UpdParent.PATERNAL, UpdKind.HETERODISOMY),
    (UpdParent.MATERNAL, UpdKind.ISODISOMY),
    (UpdParent.MATERNAL, UpdKind.HETERODISOMY),
)


@dataclass(frozen=True, slots=True)
class UpdSettings:
    error_rate: float = 0.01
    min_lod: float = 10.0
    min_upd_errors: int = 3
    min_informative: int = 100
    whole_fraction: float = 0.9

    #: what each field accepts (the upd command's options read these too)
    LIMITS: ClassVar[Mapping[str, Limit]] = {
        "error_rate": OPEN_FRACTION,  # its logarithm is taken: 0 and 1 are excluded
        "min_lod": NON_NEGATIVE,
        "min_upd_errors": COUNT,
        "min_informative": COUNT,
        "whole_fraction": FRACTION,
    }

    def __post_init__(self) -> None:
        check(self, self.LIMITS)


@dataclass(frozen=True, slots=True)
class UpdCall:
    parent: UpdParent
    kind: UpdKind
    chrom: str
    start: int
    end: int
    informative_sites: int
    upd_errors: int  # sites where the child lacks every allele of the other parent
    statistic: float  # LOD: log10 likelihood ratio of this UPD model vs biparental
    extent: str  # 'whole chromosome' | 'segmental 20q' | 'segmental 20p' | 'segmental'
    includes_gnas: bool
    child_het_fraction: float | None  # where the UPD parent is het and the other hom


@dataclass(frozen=True, slots=True)
class MendelCounts:
    sites: int  # trio sites with all three diploid genotypes called
    informative: int
    mendelian_errors: int  # as bcftools +mendelian counts them
    paternal_type: int  # child lacks the mother's alleles (paternal UPD or maternal deletion)
    maternal_type: int


def _alleles(g: tuple[int, ...]) -> tuple[int, int]:
    a, b = g
    return (a, b) if a <= b else (b, a)


@lru_cache(maxsize=4096)
def site_scores(
    child: tuple[int, int], father: tuple[int, int], mother: tuple[int, int], error: float
) -> tuple[float, float, float, float, float]:
    """(Mendelian transmission probability, then the four models' log LRs)."""
    c = _alleles(child)
    mendel = sum(_alleles((x, y)) == c for x in father for y in mother) / 4

    def mix(p: float) -> float:
        return (1 - error) * p + error / 3

    base = math.log(mix(mendel))
    iso_p = sum(c == (x, x) for x in father) / 2
    iso_m = sum(c == (y, y) for y in mother) / 2
    het_p = float(c == _alleles(father))
    het_m = float(c == _alleles(mother))
    return (
        mendel,
        math.log(mix(iso_p)) - base,
        math.log(mix(het_p)) - base,
        math.log(mix(iso_m)) - base,
        math.log(mix(het_m)) - base,
    )


@dataclass(frozen=True, slots=True)
class _Scored:
    pos: int
    scores: tuple[float, float, float, float]
    error: int  # 0 none, 1 paternal-type, 2 maternal-type, 3 other Mendelian error
    father_het: bool
    mother_het: bool
    child_het: bool


_Pattern = tuple[int, tuple[float, float, float, float], bool, bool, bool, bool]
#: (error kind, model scores, informative, father het, mother het, child het)


def _pattern(genotypes: tuple[Genotype, ...], error: float) -> _Pattern | None:
    """What one (child, father, mother) genotype combination says; None when
    a genotype is missing or not diploid.  Cached per combination by the caller:
    a chromosome has only a few dozen distinct combinations."""
    c, f, m = genotypes
    if c is None or f is None or m is None or len(c) != 2 or len(f) != 2 or len(m) != 2:
        return None
    mendel, *llr = site_scores((c[0], c[1]), (f[0], f[1]), (m[0], m[1]), error)
    kind = 0
    if mendel == 0:
        cs, fs, ms = set(c), set(f), set(m)
        if not cs & ms and cs <= fs:
            kind = 1
        elif not cs & fs and cs <= ms:
            kind = 2
        else:
            kind = 3
    scores = (llr[0], llr[1], llr[2], llr[3])
    informative = any(abs(x) > 1e-12 for x in scores)
    return kind, scores, informative, f[0] != f[1], m[0] != m[1], c[0] != c[1]


def score_sites(sites: Iterable[Site], settings: UpdSettings) -> tuple[list[_Scored], MendelCounts]:
    """Score (child, father, mother) sites; keep the informative ones."""
    kept: list[_Scored] = []
    total = 0
    kinds = [0, 0, 0, 0]
    cache: dict[tuple[Genotype, ...], _Pattern | None] = {}
    for site in sites:
        key = site.genotypes
        if key in cache:
            pattern = cache[key]
        else:
            pattern = cache[key] = _pattern(key, settings.error_rate)
        if pattern is None:
            continue
        total += 1
        kind, scores, informative, f_het, m_het, c_het = pattern
        kinds[kind] += 1
        if informative:
            kept.append(_Scored(site.pos, scores, kind, f_het, m_het, c_het))
    errors = kinds[1] + kinds[2] + kinds[3]
    return kept, MendelCounts(total, len(kept), errors, kinds[1], kinds[2])


def _segments(values: list[float], threshold: float) -> list[tuple[int, int, float]]:
    """Maximal-scoring runs (Kadane with reset) whose score reaches ``threshold``."""
    out = []
    running = peak = 0.0
    start = peak_at = 0
    for i, x in enumerate(values):
        if running <= 0:
            running, start, peak, peak_at = 0.0, i, 0.0, i
        running += x
        if running > peak:
            peak, peak_at = running, i
        if running <= 0 and peak >= threshold:
            out.append((start, peak_at, peak))
            peak = 0.0
    if peak >= threshold:
        out.append((start, peak_at, peak))
    return out


def call_upd(scored: list[_Scored], build: GenomeBuild, settings: UpdSettings) -> list[UpdCall]:
    """Non-overlapping UPD calls, best LOD first, then in chromosome order."""
    if not scored:
        return []
    candidates = []
    for index, (parent, kind) in enumerate(MODELS):
        values = [s.scores[index] for s in scored]
        for lo, hi, score in _segments(values, settings.min_lod * LN10):
            want = 1 if parent == UpdParent.PATERNAL else 2
            upd_errors = sum(1 for s in scored[lo : hi + 1] if s.error == want)
            if upd_errors >= settings.min_upd_errors:
                candidates.append((score / LN10, parent, kind, lo, hi, upd_errors))
    accepted: list[tuple[float, UpdParent, UpdKind, int, int, int]] = []
    for cand in sorted(candidates, key=lambda c: -c[0]):
        if all(cand[4] < a[3] or cand[3] > a[4] for a in accepted):
            accepted.append(cand)
    gnas = load_locus(build).region("GNAS").interval
    span = scored[-1].pos - scored[0].pos + 1
    calls = []
    for lod, parent, kind, lo, hi, upd_errors in sorted(accepted, key=lambda c: c[3]):
        start, end = scored[lo].pos, scored[hi].pos
        inside = scored[lo : hi + 1]
        paternal = parent == UpdParent.PATERNAL
        test = [
            s
            for s in inside
            if (
                (s.father_het and not s.mother_het)
                if paternal
                else (s.mother_het and not s.father_het)
            )
        ]
        het = sum(s.child_het for s in test) / len(test) if test else None
        calls.append(
            UpdCall(
                parent=parent,
                kind=kind,
                chrom="chr20",
                start=start,
                end=end,
                informative_sites=len(inside),
                upd_errors=upd_errors,
                statistic=round(lod, 2),
                extent=_extent(start, end, span, settings),
                includes_gnas=start <= gnas.start and end >= gnas.end,
                child_het_fraction=None if het is None else round(het, 3),
            )
        )
    return calls


def _extent(start: int, end: int, span: int, settings: UpdSettings) -> str:
    if end - start + 1 >= settings.whole_fraction * span:
        return "whole chromosome"
    if start >= CENTROMERE_RANGE[1]:
        return "segmental 20q"
    if end <= CENTROMERE_RANGE[0]:
        return "segmental 20p"
    return "segmental"
