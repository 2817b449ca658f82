"""Parent of origin: the result model (an origin call, its evidence, the settings).

Each method's evidence is kept separately (:class:`OriginEvidence`) and the
methods are compared, never merged silently (:mod:`gnas_annot.origin.assign`):
trio genotypes (:mod:`gnas_annot.origin.trio`), phased genotypes
(:mod:`gnas_annot.origin.phased`), read-backed phasing of de novo alleles
(:mod:`gnas_annot.origin.reads`), and the allele fraction
(:mod:`gnas_annot.origin.mosaicism`).  The result is evidence, not a diagnosis.
The methods live in modules of their own: a run without a pedigree reads only
this model (start-up, issue 15).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from gnas_annot.origin.mosaicism import Mosaicism, MosaicSettings
from gnas_annot.pack.store import load_pack

if TYPE_CHECKING:
    from gnas_annot.model.variant import Variant
    from gnas_annot.origin.family import Trio


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


#: an allele's carriers as the origin window found them: their sample indices (in sample
#: order), their columns' text (None when the record is not read as text), and the
#: position among them of each carrier child with its shared call (see OriginCalls)
CarrierCalls = tuple[list[int], list[str] | None, list[tuple[int, ParentOfOrigin]]]


class OriginCalls(Mapping[str, ParentOfOrigin]):
    """child -> its origin call for one allele.  Children whose trios have the same three
    columns share one call (:attr:`shared`: the same but for the names); each child's
    own call is made when it is read.  :attr:`carriers`: the allele's carriers with the
    calls in place, when the calls were made for the carrier children only."""

    __slots__ = ("_made", "_shared", "_trios", "carriers")

    def __init__(
        self,
        shared: Mapping[str, ParentOfOrigin],
        trios: Mapping[str, Trio],
        carriers: CarrierCalls | None = None,
    ) -> None:
        self._shared = shared
        self._trios = trios
        self._made: dict[str, ParentOfOrigin] = {}
        # the window's one scan of the carriers, so that the annotation of the same
        # allele does not find them again and look each one up by name
        self.carriers = carriers

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
