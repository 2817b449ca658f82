"""Domain objects for variants read from a VCF: immutable and typed.

A :class:`SourceRecord` is one VCF line as the user gave it.  Each of its ALT
alleles becomes one :class:`Variant` (multiallelic records are split), with
its normalized position and alleles, a :class:`VariantStatus` that says
whether normalization succeeded, and the per-sample :class:`Genotype` calls.

Genotypes keep the *original* allele indices, so splitting loses nothing:
``Genotype.count(variant.allele_index)`` is the number of copies of this
variant's ALT, and another ALT of the same record stays distinguishable from
REF (a ``1/2`` sample is not a ``0/1`` one).

>>> g = Genotype("child", alleles=(1, 2), phased=False)
>>> g.count(1), g.count(2), g.carries(1), g.is_called
(1, 1, True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from gnas_annot.model.builds import GenomeBuild


class VariantStatus(StrEnum):
    """Outcome of reading and normalizing one ALT allele."""

    OK = "ok"  # REF matches the reference; left-aligned and trimmed
    REFERENCE_UNAVAILABLE = "reference_unavailable"  # trimmed only: no bases to check/shift
    REF_MISMATCH = "ref_mismatch"  # REF disagrees with the reference: left as given
    SYMBOLIC = "symbolic"  # <DEL>/<DUP>/<CNV>/<INV>...: span from END/SVLEN
    SPANNING_DELETION = "spanning_deletion"  # ALT '*': overlapped by a deletion
    NO_ALT = "no_alt"  # ALT '.' or only <NON_REF>/<*>: a reference call
    INVALID_ALLELE = "invalid_allele"  # IUPAC codes or other non-ACGTN letters
    REF_EQUALS_ALT = "ref_equals_alt"  # nothing changes

    @property
    def is_normalized(self) -> bool:
        return self is VariantStatus.OK


@dataclass(frozen=True, slots=True)
class Genotype:
    """One sample's call at one VCF record (fields as in the VCF, or None)."""

    sample: str
    alleles: tuple[int | None, ...]
    phased: bool
    phase_set: int | None = None
    allele_depths: tuple[int | None, ...] | None = None
    depth: int | None = None
    quality: int | None = None

    @property
    def is_called(self) -> bool:
        return bool(self.alleles) and all(a is not None for a in self.alleles)

    def count(self, allele_index: int) -> int:
        return sum(1 for a in self.alleles if a == allele_index)

    def carries(self, allele_index: int) -> bool:
        return allele_index in self.alleles

    def depth_of(self, allele_index: int) -> int | None:
        if self.allele_depths is None or allele_index >= len(self.allele_depths):
            return None
        return self.allele_depths[allele_index]

    @property
    def allele_depth_total(self) -> int | None:
        """Reads over all alleles in AD (unknown entries left out), None without AD."""
        known = [d for d in self.allele_depths or () if d is not None]
        return sum(known) if known else None

    @property
    def read_depth(self) -> int | None:
        """DP, or the sum of AD when the caller wrote AD but no DP."""
        return self.depth if self.depth is not None else self.allele_depth_total

    def allele_fraction(self, allele_index: int) -> float | None:
        """ALT reads / all reads in AD, or None without the REF and ALT counts.

        All alleles count: in a ``1/2`` call the other ALT's reads are the other
        allele's, so AD 0,20,18 gives 0.53 and 0.47, not 1.0 for each.
        """
        alt, ref, total = self.depth_of(allele_index), self.depth_of(0), self.allele_depth_total
        if alt is None or ref is None or not total:
            return None
        return alt / total


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A VCF record as read, before splitting and normalization."""

    contig: str
    pos: int
    id: str | None
    ref: str
    alts: tuple[str, ...]
    qual: float | None
    filters: tuple[str, ...]
    end: int  # last reference base the record covers (END/SVLEN for symbolic alleles)
    index: int  # 0-based order of the record among those read from the region

    def describe(self) -> str:
        return f"{self.contig}:{self.pos} {self.ref}>{','.join(self.alts) or '.'}"


@dataclass(frozen=True, slots=True)
class Variant:
    """One ALT allele of a record, normalized against the reference when possible.

    ``pos``/``ref``/``alt`` are VCF-style (left-aligned, with an anchor base for
    pure indels). ``status`` says what could be done and ``reason`` why not.
    """

    build: GenomeBuild
    chrom: str  # canonical name, 'chr20'
    pos: int
    ref: str
    alt: str
    end: int
    allele_index: int  # 1-based index of ALT in the source record
    status: VariantStatus
    source: SourceRecord
    #: per-sample calls in header order (the extraction stage decodes them on demand)
    genotypes: Sequence[Genotype] = field(default=(), repr=False)
    reason: str = ""
    sv_type: str | None = None
    #: sample -> position in ``genotypes``; shared by the alleles of a record so a
    #: cohort's per-sample look-ups stay O(1)
    sample_index: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_indel(self) -> bool:
        return self.sv_type is None and len(self.ref) != len(self.alt)

    @property
    def is_normalized(self) -> bool:
        return self.status.is_normalized

    @property
    def was_changed(self) -> bool:
        """True if normalization moved or trimmed the allele."""
        return (self.pos, self.ref, self.alt) != (
            self.source.pos,
            self.source.ref.upper(),
            self.source.alts[self.allele_index - 1].upper() if self.source.alts else self.alt,
        )

    @property
    def key(self) -> str:
        """``chrom-pos-ref-alt`` (gnomAD style), stable across runs."""
        return f"{self.chrom}-{self.pos}-{self.ref}-{self.alt}"

    def genotype(self, sample: str) -> Genotype | None:
        if self.sample_index:
            i = self.sample_index.get(sample)
            return None if i is None else self.genotypes[i]
        return next((g for g in self.genotypes if g.sample == sample), None)
