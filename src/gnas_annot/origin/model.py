"""Parent of origin: the result model, and the calls from genotypes.

Each method's evidence is kept separately (:class:`OriginEvidence`) and the
methods are compared, never merged silently (:mod:`gnas_annot.origin.assign`):
trio genotypes (Mendelian transmission with slivar-style GQ/DP/AB
thresholds), phased genotypes (GT ``|`` + PS, or the GATK/WhatsHap ``HP``
tag) anchored on trio-informative sites of the same phase set, read-backed
phasing of de novo alleles (:mod:`gnas_annot.origin.reads`), and the allele
fraction (:mod:`gnas_annot.origin.mosaicism`).  The result is evidence, not a
diagnosis.

>>> from gnas_annot.model.variant import Genotype
>>> t = Trio("kid", "dad", "mum")
>>> kid, dad, mum = (Genotype(n, g, False, quality=99, depth=30) for n, g in
...     (("kid", (0, 1)), ("dad", (0, 1)), ("mum", (0, 0))))
>>> trio_pattern((kid, dad, mum), 1)
(<TrioPattern.INFORMATIVE: 'informative'>, <Parent.PATERNAL: 'paternal'>)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import pysam

from gnas_annot.model.variant import Genotype, Variant
from gnas_annot.origin.family import FamilyKind, Parent, Trio
from gnas_annot.origin.mosaicism import Mosaicism, MosaicSettings
from gnas_annot.pack.store import load_pack


class Origin(StrEnum):
    PATERNAL = "paternal"
    MATERNAL = "maternal"
    DE_NOVO_UNPHASED = "de_novo_unphased"
    AMBIGUOUS = "ambiguous"  # the data fit more than one parent (or methods disagree)
    UNKNOWN = "unknown"  # the data cannot tell (no parents, no calls, low quality ...)
    NOT_APPLICABLE = "not_applicable"  # not carried, or homozygous (one copy from each)


class Method(StrEnum):
    TRIO_GENOTYPES = "trio_genotypes"
    PHASED_GENOTYPES = "phased_genotypes"
    READ_BACKED = "read_backed"
    METHYLATION = "methylation"  # the haplotype's parent from DMR methylation (no parents)
    MULTIPLE = "multiple"  # methods disagree: see conflicts
    NONE = "none"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"


class TrioPattern(StrEnum):
    INFORMATIVE = "informative"
    UNINFORMATIVE = "uninformative"
    MENDELIAN_ERROR = "mendelian_error"
    DE_NOVO = "de_novo"
    PARENTAL_MOSAIC = "parental_mosaic_suspected"
    LOW_QUALITY = "low_quality"
    INCOMPLETE_PEDIGREE = "incomplete_pedigree"
    NO_CALL = "no_call"
    HOMOZYGOUS = "homozygous"
    NOT_CARRIED = "not_carried"
    UNSUPPORTED = "unsupported_allele"


@dataclass(frozen=True, slots=True)
class ReadPhasingSettings:
    """Read-backed phasing (:mod:`~gnas_annot.origin.reads`): here, with the other
    settings, so that the model does not import the phasing itself."""

    window: int = 5_000  # unfazed's default search distance
    min_mapq: int = 20
    min_baseq: int = 13
    max_hops: int = 10
    # fraction of fragments that must agree before conflicting reads still name a parent
    min_agreement: float = 0.9


@dataclass(frozen=True, slots=True)
class OriginSettings:
    """Thresholds; the trio defaults follow slivar's de novo recipe."""

    min_gq: int = 20
    min_dp: int = 10
    min_het_ab: float = 0.2
    max_het_ab: float = 0.8
    max_hom_ref_ab: float = 0.02  # above this (and >= 2 ALT reads) a 0/0 parent may be mosaic
    min_phase_agreement: float = 0.9
    mosaic: MosaicSettings = field(default_factory=lambda: load_pack().mosaicism)
    reads: ReadPhasingSettings = field(default_factory=ReadPhasingSettings)


@dataclass(frozen=True, slots=True)
class OriginEvidence:
    """What one method found.  ``paternal``/``maternal`` count what voted:
    1 for a trio call, informative sites for phased GTs, fragments for reads."""

    method: Method
    origin: Origin
    confidence: Confidence
    paternal: int = 0
    maternal: int = 0
    phase_set: str | None = None
    informative_sites: tuple[int, ...] = ()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ParentOfOrigin:
    """The origin call for one child and one ALT allele."""

    sample: str
    father: str | None
    mother: str | None
    variant: Variant = field(repr=False)
    origin: Origin
    method: Method
    confidence: Confidence
    trio_pattern: TrioPattern
    evidence: tuple[OriginEvidence, ...]
    conflicts: tuple[str, ...]
    mosaicism: Mosaicism | None
    reason: str

    @property
    def key(self) -> str:
        return self.variant.key


def renamed(call: ParentOfOrigin, trio: Trio, variant: Variant | None = None) -> ParentOfOrigin:
    """``call`` for another trio with the same three calls (no names inside it), and
    for ``variant`` when given (an allele with the same index, status and hotspot)."""
    return ParentOfOrigin(
        trio.child,
        trio.father,
        trio.mother,
        call.variant if variant is None else variant,
        call.origin,
        call.method,
        call.confidence,
        call.trio_pattern,
        call.evidence,
        call.conflicts,
        call.mosaicism,
        call.reason,
    )


class OriginCalls(Mapping[str, ParentOfOrigin]):
    """child -> its origin call for one allele.  Children whose trios have the same three
    columns share one call (:attr:`shared`: the same but for the names); each child's
    own call is made when it is read."""

    __slots__ = ("_made", "_shared", "_trios")

    def __init__(self, shared: Mapping[str, ParentOfOrigin], trios: Mapping[str, Trio]) -> None:
        self._shared = shared
        self._trios = trios
        self._made: dict[str, ParentOfOrigin] = {}

    @property
    def shared(self) -> Mapping[str, ParentOfOrigin]:
        """child -> its call, or the call of another child with the same columns (one
        object for all of them: equal to theirs but for sample, father and mother)."""
        return self._shared

    def __getitem__(self, child: str) -> ParentOfOrigin:
        call = self._shared[child]
        if call.sample == child:
            return call
        made = self._made.get(child)
        if made is None:
            made = self._made[child] = renamed(call, self._trios[child])
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._shared)

    def __len__(self) -> int:
        return len(self._shared)


# -- trio genotypes -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrioCall:
    pattern: TrioPattern
    parent: Parent | None
    confidence: Confidence
    detail: str


def _gt(call: Genotype | None) -> str:
    if call is None or not call.alleles:
        return "./."
    return ("|" if call.phased else "/").join("." if a is None else str(a) for a in call.alleles)


def quality_problems(name: str, call: Genotype, s: OriginSettings) -> list[str]:
    problems = []
    if call.quality is not None and call.quality < s.min_gq:
        problems.append(f"{name} GQ {call.quality} < {s.min_gq}")
    depth = call.read_depth
    if depth is not None and depth < s.min_dp:
        problems.append(f"{name} DP {depth} < {s.min_dp}")
    return problems


def trio_pattern(
    calls: tuple[Genotype, Genotype, Genotype], allele: int
) -> tuple[TrioPattern, Parent | None]:
    """Transmission of ``allele`` from called (child, father, mother) genotypes.

    Works on allele indices, so a ``1/2`` child is handled like any other:
    the allele is paternal when only (father gives it, mother gives the
    child's other allele) fits, and so on.
    """
    child, father, mother = calls
    fa, ma = set(father.alleles), set(mother.alleles)
    if child.count(allele) == 2:
        ok = allele in fa and allele in ma
        return (TrioPattern.HOMOZYGOUS if ok else TrioPattern.MENDELIAN_ERROR), None
    other = next(x for x in child.alleles if x != allele)
    via_father, via_mother = allele in fa and other in ma, allele in ma and other in fa
    if via_father != via_mother:
        return TrioPattern.INFORMATIVE, Parent.PATERNAL if via_father else Parent.MATERNAL
    if via_father:
        return TrioPattern.UNINFORMATIVE, None
    if allele not in fa | ma:
        return TrioPattern.DE_NOVO, None
    return TrioPattern.MENDELIAN_ERROR, None


_MEANING = {
    TrioPattern.HOMOZYGOUS: "one copy from each parent",
    TrioPattern.MENDELIAN_ERROR: "no parental combination gives the child's genotype "
    "(miscall, sample swap, deletion or UPD20?)",
    TrioPattern.UNINFORMATIVE: "either parent can have transmitted it",
    TrioPattern.DE_NOVO: "neither parent carries it",
}


def trio_call(variant: Variant, trio: Trio, s: OriginSettings) -> TrioCall:
    """Mendelian transmission of ``variant``'s ALT, with the quality checks applied."""
    a = variant.allele_index
    child = variant.genotype(trio.child)
    if child is None or not child.is_called:
        return TrioCall(TrioPattern.NO_CALL, None, Confidence.NONE, "child genotype missing")
    if len(child.alleles) != 2:
        return TrioCall(TrioPattern.UNSUPPORTED, None, Confidence.NONE, "child call not diploid")
    if not child.carries(a):
        return TrioCall(TrioPattern.NOT_CARRIED, None, Confidence.NONE, "child does not carry it")
    parents = {
        "father": variant.genotype(trio.father or ""),
        "mother": variant.genotype(trio.mother or ""),
    }
    shown = f"child {_gt(child)}, father {_gt(parents['father'])}, mother {_gt(parents['mother'])}"
    if trio.kind is not FamilyKind.TRIO:
        detail = _partial(trio, parents, a, shown)
        return TrioCall(TrioPattern.INCOMPLETE_PEDIGREE, None, Confidence.NONE, detail)
    father, mother = parents["father"], parents["mother"]
    if father is None or mother is None or not (father.is_called and mother.is_called):
        detail = f"{shown}: a parent is not called"
        return TrioCall(TrioPattern.NO_CALL, None, Confidence.NONE, detail)
    pattern, parent = trio_pattern((child, father, mother), a)
    if pattern is TrioPattern.DE_NOVO:
        for name, call in (("father", father), ("mother", mother)):
            alt, depth = call.depth_of(a), sum(x or 0 for x in call.allele_depths or ())
            if alt is not None and alt >= 2 and alt / depth > s.max_hom_ref_ab:
                # "Flag it rather than calling de novo": a mosaic parent may have transmitted it.
                detail = f"{shown}: the {name}'s 0/0 call has {alt}/{depth} ALT reads"
                return TrioCall(TrioPattern.PARENTAL_MOSAIC, None, Confidence.LOW, detail)
    problems = [
        p
        for name, c in (("child", child), ("father", father), ("mother", mother))
        for p in quality_problems(name, c, s)
    ]
    if problems:
        detail = f"{shown} ({pattern}): " + "; ".join(problems)
        return TrioCall(TrioPattern.LOW_QUALITY, None, Confidence.NONE, detail)
    if parent is not None:
        meaning = (
            f"only the {'father' if parent is Parent.PATERNAL else 'mother'} can have given it"
        )
    else:
        meaning = _MEANING[pattern]
    confidence = Confidence.HIGH if pattern is not TrioPattern.MENDELIAN_ERROR else Confidence.NONE
    ab = child.allele_fraction(a)
    if child.count(a) == 1 and ab is not None and not s.min_het_ab <= ab <= s.max_het_ab:
        confidence = Confidence.LOW
        meaning += f"; child AB {ab:.2f} outside {s.min_het_ab}-{s.max_het_ab}"
    return TrioCall(pattern, parent, confidence, f"{shown}: {meaning}")


def _partial(trio: Trio, calls: Mapping[str, Genotype | None], a: int, shown: str) -> str:
    if trio.kind is FamilyKind.SINGLETON:
        return f"{shown}: no parent in the pedigree"
    name = "father" if trio.father else "mother"
    call = calls[name]
    if call is None or not call.is_called:
        return f"{shown}: duo, the {name} is not called"
    if call.count(a) == 0:
        hint = f"not from the {name}: from the other parent or de novo"
    elif call.count(a) == len(call.alleles):
        hint = f"the {name} had only this allele to give"
    else:
        hint = f"the {name} carries it"
    return f"{shown}: duo ({hint}); origin needs both parents"


# -- phased genotypes -----------------------------------------------------------------


def haplotypes(
    record: pysam.VariantRecord, sample: str
) -> tuple[str, tuple[int | None, ...]] | None:
    """(phase block, allele on haplotype 1, 2) from GT|+PS or a GATK/WhatsHap HP tag."""
    call = record.samples[sample]
    gt = call.get("GT")
    if not gt or None in gt:
        return None
    if "HP" in record.format:
        tags = call.get("HP")
        if isinstance(tags, str):
            tags = tuple(tags.split(","))
        if tags and len(tags) == len(gt) and all(t and "-" in t for t in tags):
            blocks = {t.rsplit("-", 1)[0] for t in tags}
            order = sorted(range(len(gt)), key=lambda i: tags[i].rsplit("-", 1)[1])
            if len(blocks) == 1:
                return f"HP:{blocks.pop()}", tuple(gt[i] for i in order)
    if call.phased:
        ps = call.get("PS") if "PS" in record.format else None
        return f"PS:{'.' if ps is None else ps}", tuple(gt)
    return None


@dataclass(frozen=True, slots=True)
class Site:
    """An extracted allele with the phase of each sample at its record."""

    variant: Variant
    phases: Mapping[str, tuple[str, tuple[int | None, ...]] | None]


def paternal_allele(variant: Variant, trio: Trio, s: OriginSettings) -> int | None:
    """The allele index the father gave at a trio-informative child-het site."""
    call = trio_call(variant, trio, s)
    child = variant.genotype(trio.child)
    if call.parent is None or child is None or call.confidence is not Confidence.HIGH:
        return None
    other = next(x for x in child.alleles if x != variant.allele_index)
    return variant.allele_index if call.parent is Parent.PATERNAL else other


def phased_evidence(
    target: Site, sites: Sequence[Site], trio: Trio, s: OriginSettings
) -> OriginEvidence | None:
    phase = target.phases.get(trio.child)
    if phase is None or trio.kind is not FamilyKind.TRIO:
        return None
    block, alleles = phase
    if alleles.count(target.variant.allele_index) != 1:
        return None
    hap = alleles.index(target.variant.allele_index)
    votes = {Parent.PATERNAL: [], Parent.MATERNAL: []}  # type: dict[Parent, list[int]]
    for site in sites:
        other = site.phases.get(trio.child)
        if site.variant.source is target.variant.source or other is None or other[0] != block:
            continue  # haplotype numbers mean nothing across phase sets
        given = paternal_allele(site.variant, trio, s)
        if given is None or other[1].count(given) != 1:
            continue
        same = other[1].index(given) == hap
        votes[Parent.PATERNAL if same else Parent.MATERNAL].append(site.variant.pos)
    pat, mat = len(votes[Parent.PATERNAL]), len(votes[Parent.MATERNAL])
    if not pat + mat:
        return OriginEvidence(
            Method.PHASED_GENOTYPES,
            Origin.UNKNOWN,
            Confidence.NONE,
            phase_set=block,
            detail=f"phased, but no trio-informative site in phase set {block}",
        )
    origin, confidence = _vote(pat, mat, s.min_phase_agreement)
    return OriginEvidence(
        Method.PHASED_GENOTYPES,
        origin,
        confidence,
        pat,
        mat,
        block,
        tuple(sorted(votes[Parent.PATERNAL] + votes[Parent.MATERNAL])),
        f"{pat} informative site(s) put it on the paternal haplotype, {mat} on the maternal",
    )


def _vote(pat: int, mat: int, agreement: float) -> tuple[Origin, Confidence]:
    total = pat + mat
    if pat and mat and max(pat, mat) / total < agreement:
        return Origin.AMBIGUOUS, Confidence.NONE
    origin = Origin.PATERNAL if pat > mat else Origin.MATERNAL
    if pat and mat:
        return origin, Confidence.LOW
    return origin, Confidence.HIGH if total >= 2 else Confidence.MEDIUM
